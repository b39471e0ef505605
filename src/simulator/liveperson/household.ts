import type { ErasureRequest } from '../../domain/request';
import type { LivePersonAdminClient } from './admin-client';

/** A household for identity expansion (issue 15): the request, and values of each person. */
export interface Household {
  readonly request: ErasureRequest;
  readonly ada: string[];
  readonly son: string[];
}

/**
 * Ada and her son share a phone; each has a LivePerson consumer and conversations. Ada typed his email
 * into one chat, and that email is all that leads to his second consumer (his work account). Ada asks
 * for erasure by her email and the shared phone.
 */
export async function seedHousehold(admin: LivePersonAdminClient, tag: string): Promise<Household> {
  const now = await admin.now();
  const phone = '+447700900321';
  const adaEmail = `ada.${tag}@example.com`;
  const sonEmail = `son.${tag}@example.com`;
  const closed = (conversationId: string, consumerId: string, days: number) => ({
    conversationId,
    consumerId,
    startTime: now - days * 86_400_000,
    endTime: now - days * 86_400_000 + 600_000,
  });
  await admin.seed({
    consumers: [
      { consumerId: `ada-${tag}`, firstName: 'Ada', lastName: `Home-${tag}`, email: adaEmail, phone },
      { consumerId: `son-${tag}`, firstName: 'Sam', lastName: `Home-${tag}`, phone },
      { consumerId: `son-work-${tag}`, firstName: 'Sam', lastName: `Work-${tag}`, email: sonEmail },
    ],
    conversations: [
      { ...closed(`conv-ada-1-${tag}`, `ada-${tag}`, 3), sdes: { email: adaEmail, phone } },
      {
        ...closed(`conv-ada-2-${tag}`, `ada-${tag}`, 5),
        messages: [{ text: `Please also write to my son at ${sonEmail}`, sentBy: 'Consumer' }],
        sdes: { email: adaEmail },
      },
      {
        ...closed(`conv-son-1-${tag}`, `son-${tag}`, 4),
        messages: [{ text: 'Sam here, about my order', sentBy: 'Consumer' }],
        sdes: { phone },
      },
      {
        ...closed(`conv-son-work-${tag}`, `son-work-${tag}`, 6),
        messages: [{ text: 'Sam from work here', sentBy: 'Consumer' }],
        sdes: { email: sonEmail },
      },
    ],
  });
  return {
    request: {
      requestId: `household-${tag}`,
      subjectKey: `household-${tag}`,
      identifiers: [
        { kind: 'email', value: adaEmail },
        { kind: 'phone', value: phone },
      ],
      requestedBy: 'privacy-desk',
      reason: 'GDPR Art. 17 request received by email',
      systems: ['liveperson'],
    },
    ada: [adaEmail, `Home-${tag}`],
    son: [sonEmail, 'Sam here', 'Sam from work'],
  };
}
