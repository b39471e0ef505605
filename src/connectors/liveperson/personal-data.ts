import { showsPersonalData } from '../masking';
import { sdeStrings } from './identity-match';
import type { ConversationRecord, EngagementRecord } from './schemas';

/** The placeholders LivePerson writes over deleted data (older and newer spellings). */
export const LIVEPERSON_PLACEHOLDERS = ['*** LP deleted data ***', '** LP deleted data **'] as const;

/** Masked text (only placeholders, however repeated or joined) is not personal data: it is not sent again. */
const holdsData = (value: string | null | undefined): boolean =>
  showsPersonalData(value, LIVEPERSON_PLACEHOLDERS);

/** Whether a conversation still shows personal data: transcript, summary or engagement attributes. */
export function conversationHoldsData(record: ConversationRecord): boolean {
  const texts = (record.messageRecords ?? []).map((m) => m.messageData?.msg?.text);
  texts.push(record.summary?.text);
  return texts.some(holdsData) || sdeStrings(record.sdes).some(holdsData);
}

/** Whether any conversation still shows this consumer's profile (name, email, phone). */
export function consumerHoldsData(records: readonly ConversationRecord[], consumerId: string): boolean {
  return records.some((r) =>
    consumerParticipants(r)
      .filter((p) => p.participantId === consumerId)
      .some((p) => [p.firstName, p.lastName, p.email, p.phone, p.consumerName].some(holdsData)),
  );
}

/** Whether a chat engagement still shows personal data: visitor name, transcript or engagement attributes. */
export function engagementHoldsData(record: EngagementRecord): boolean {
  const lines = (record.transcript?.lines ?? []).map((l) => l.text);
  return (
    holdsData(record.info.visitorName) || lines.some(holdsData) || sdeStrings(record.sdes).some(holdsData)
  );
}

/** The consumer participants of a conversation, whichever spelling the response used. */
export const consumerParticipants = (record: ConversationRecord) =>
  record.consumerParticipants ?? record.consumerParticipant ?? [];
