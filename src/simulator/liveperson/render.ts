import type { Sdes, SeedConsumer } from './seed';
import type { Conversation, Engagement } from './store';

/** LivePerson's human-readable time format, e.g. `2016-08-29 14:30:24.565+0000`. */
const humanTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '+0000');

/** Engagement attributes as the history APIs return them (`sdes.events`). */
export function renderSdes(sdes: Sdes, at: number): { events: unknown[] } {
  const events: unknown[] = [];
  const stamp = String(at);
  if (sdes.customerId !== undefined) {
    events.push({
      customerInfo: { serverTimeStamp: stamp, customerInfo: { customerId: sdes.customerId } },
      sdeType: 'CUSTOMER_INFO',
      serverTimeStamp: stamp,
    });
  }
  if (
    sdes.name !== undefined ||
    sdes.surname !== undefined ||
    sdes.email !== undefined ||
    sdes.phone !== undefined
  ) {
    const contacts =
      sdes.email !== undefined || sdes.phone !== undefined
        ? [{ personalContact: { email: sdes.email, phone: sdes.phone } }]
        : [];
    events.push({
      personalInfo: {
        serverTimeStamp: stamp,
        personalInfo: { name: sdes.name, surname: sdes.surname, contacts },
      },
      sdeType: 'PERSONAL_INFO',
      serverTimeStamp: stamp,
    });
  }
  return { events };
}

/** One `conversationHistoryRecords` entry, with the sections `contentToRetrieve` asks for (all by default). */
export function renderConversation(
  c: Conversation,
  consumer: SeedConsumer | undefined,
  accountId: string,
  content: readonly string[] | undefined,
): Record<string, unknown> {
  const wants = (section: string): boolean => content === undefined || content.includes(section);
  const open = c.status === 'OPEN';
  const record: Record<string, unknown> = {
    info: {
      conversationId: c.conversationId,
      brandId: accountId,
      status: c.status,
      startTime: humanTime(c.startTime),
      startTimeL: c.startTime,
      endTime: open || c.endTime === undefined ? 'undefined' : humanTime(c.endTime),
      endTimeL: open || c.endTime === undefined ? -1 : c.endTime,
      duration: open || c.endTime === undefined ? -1 : c.endTime - c.startTime,
      latestQueueState: 'ACTIVE',
      isPartial: false,
    },
  };
  if (wants('consumerParticipants')) {
    record.consumerParticipants = [
      {
        participantId: c.consumerId,
        firstName: consumer?.firstName,
        lastName: consumer?.lastName,
        email: consumer?.email,
        phone: consumer?.phone,
        // First and last name together, as the platform shows them (masked: two placeholders joined).
        consumerName: [consumer?.firstName, consumer?.lastName].filter(Boolean).join(' ') || undefined,
        time: humanTime(c.startTime),
        timeL: c.startTime,
        joinTime: humanTime(c.startTime),
        joinTimeL: c.startTime,
      },
    ];
  }
  if (wants('messageRecords')) {
    record.messageRecords = c.messages.map((m, seq) => ({
      type: 'TEXT_PLAIN',
      messageData: { msg: { text: m.text } },
      messageId: `ms::conv:${c.conversationId}::msg:${seq}`,
      seq,
      dialogId: c.conversationId,
      participantId: m.sentBy === 'Consumer' ? c.consumerId : 'agent',
      source: 'APP',
      time: humanTime(c.startTime + seq * 1000),
      timeL: c.startTime + seq * 1000,
      sentBy: m.sentBy,
    }));
  }
  if (wants('sdes')) record.sdes = renderSdes(c.sdes, c.startTime);
  if (wants('summary') && c.summary !== undefined)
    record.summary = { text: c.summary, lastUpdatedTime: c.startTime };
  return record;
}

/** One `interactionHistoryRecords` entry. */
export function renderEngagement(e: Engagement, accountId: string): Record<string, unknown> {
  return {
    info: {
      startTime: humanTime(e.startTime),
      startTimeL: e.startTime,
      endTime: e.endTime === undefined ? 'undefined' : humanTime(e.endTime),
      endTimeL: e.endTime ?? -1,
      duration: e.endTime === undefined ? 0 : Math.round((e.endTime - e.startTime) / 1000),
      visitorId: e.visitorId,
      visitorName: e.visitorName,
      engagementId: e.engagementId,
      isInteractive: true,
      accountId,
      channel: 1,
      ended: e.ended,
    },
    transcript: {
      lines: e.lines.map((l, i) => ({
        time: humanTime(e.startTime + i * 1000),
        timeL: e.startTime + i * 1000,
        text: l.text,
        by: l.source === 'visitor' ? (e.visitorName ?? 'visitor') : l.source,
        source: l.source,
        lineSeq: String(i),
      })),
    },
    sdes: renderSdes(e.sdes, e.startTime),
  };
}
