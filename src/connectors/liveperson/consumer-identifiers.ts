import { identifiersInText, type TypedIdentifier } from '../../domain/free-text';
import { type LinkKind, platformIdentifier } from '../../domain/identifiers';
import { showsPersonalData } from '../masking';
import { LIVEPERSON_PLACEHOLDERS } from './personal-data';
import type { ConversationRecord } from './schemas';

/** An identifier one of a consumer's conversations shows, and how LivePerson ties it to the consumer. */
export interface ConsumerIdentifier extends TypedIdentifier {
  readonly link: Extract<LinkKind, 'own' | 'free-text'>;
}

const unmasked = (value: string | null | undefined): value is string =>
  showsPersonalData(value, LIVEPERSON_PLACEHOLDERS);

/**
 * What a conversation says about its consumer: the email and phone of the consumer's own participant
 * details (`own`: LivePerson lists them as the consumer's), and the emails and international phones the
 * consumer typed into messages (`free-text`). What agents wrote is not read: it names colleagues and
 * the company's own addresses far more often than the consumer.
 */
export function consumerIdentifiers(record: ConversationRecord, consumerId: string): ConsumerIdentifier[] {
  const found: ConsumerIdentifier[] = [];
  const participants = record.consumerParticipants ?? record.consumerParticipant ?? [];
  for (const p of participants.filter((q) => q.participantId === consumerId)) {
    for (const [kind, value] of [
      ['email', p.email],
      ['phone', p.phone],
    ] as const) {
      const id = unmasked(value) ? platformIdentifier(kind, value, 'liveperson') : undefined;
      if (id) found.push({ kind, value: id.value, link: 'own' });
    }
  }
  for (const m of record.messageRecords ?? []) {
    const text = m.messageData?.msg?.text;
    if (m.sentBy !== 'Consumer' || !unmasked(text)) continue;
    for (const id of identifiersInText(text)) found.push({ ...id, link: 'free-text' });
  }
  return found;
}
