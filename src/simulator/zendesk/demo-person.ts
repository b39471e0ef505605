import type { DemoSeeder } from '../kit/demo-person';
import { hash } from '../kit/tag-numbers';
import type { ZendeskAdminClient } from './admin-client';

const DAY = 86_400_000;

/** What the demo's person left on Zendesk, for the tests that look closer. */
export interface ZendeskDemoDetails {
  readonly userId: number;
  readonly agentId: number;
  readonly bystanderUserId: number;
  /** Tickets Ada requested: two closed, one solved, one open until `endActive`. */
  readonly closedTicketIds: readonly number[];
  readonly solvedTicketId: number;
  readonly openTicketId: number;
  /** Grace's ticket, on which Ada is CC'd and wrote `ccCommentId` with the attachment `attachmentId`. */
  readonly bystanderTicketId: number;
  readonly ccCommentId: number;
  readonly attachmentId: number;
  readonly messagingUserId: string;
  readonly conversationId: string;
  readonly personalValues: readonly string[];
  readonly bystanderValues: readonly string[];
}

/**
 * Ids decided by the tag alone (a numeric hash of it, 100 ids apart), so that two demo people in one
 * simulator never share a record.
 */
function idsOf(tag: string) {
  const h = hash(tag);
  const base = 10_000_000_000 + (h % 1_000_000_000) * 100;
  const hex = h.toString(16).padStart(8, '0');
  return {
    id: (n: number): number => base + n,
    // Sunshine Conversations ids are 24 hex characters.
    messagingUserId: `5f${hex}00000000000001`,
    conversationId: `6a${hex}00000000000001`,
  };
}

/**
 * The demo's person on Zendesk: a Support end user (work email, phone, the company's customer id as
 * external id) who requested four tickets (two closed, one solved, one open until a day in), each with
 * an agent's reply; CC'd on a bystander's ticket, where she wrote a comment with an attachment; and a
 * messaging user known by the customer id, with one conversation.
 */
export const demoSeeder: DemoSeeder<ZendeskAdminClient> = {
  async seed(admin, person) {
    const { firstName, lastName, workEmail, phone, customerId, bystanderPhone, tag } = person;
    const now = await admin.now();
    const ago = (days: number): number => Math.round(now - days * DAY);
    const { id, messagingUserId, conversationId } = idsOf(tag);
    const [ada, agent, grace] = [id(1), id(2), id(3)];
    const [closed1, closed2, solved, open, bystanderTicket] = [id(11), id(12), id(13), id(14), id(15)];
    const ccComment = id(32);
    const attachment = id(41);
    const reply = (commentId: number, body: string) => ({ id: commentId, author_id: agent, body });
    const said = (commentId: number, body: string) => ({ id: commentId, author_id: ada, body });
    await admin.seed({
      users: [
        { id: ada, name: `${firstName} ${lastName}`, email: workEmail, phone, external_id: customerId },
        { id: agent, name: 'Sam Agent', email: `agent.${tag}@support.example.com`, role: 'agent' },
        { id: grace, name: 'Grace Hopper', email: `grace.${tag}@example.org`, phone: bystanderPhone },
      ],
      tickets: [
        {
          id: closed1,
          subject: `Refund for order 1001 (${firstName} ${lastName})`,
          status: 'closed',
          requester_id: ada,
          created_at: ago(60),
          comments: [
            said(
              id(21),
              `Hello, I'm ${firstName} ${lastName}. Please refund order 1001; reach me at ${phone}.`,
            ),
            reply(id(22), 'Thank you, the refund is on its way.'),
          ],
        },
        {
          id: closed2,
          subject: 'Change of delivery address',
          status: 'closed',
          requester_id: ada,
          created_at: ago(35),
          comments: [
            said(id(23), `Please write to ${workEmail} about my new address.`),
            reply(id(24), 'Done: your address is updated.'),
          ],
        },
        {
          id: solved,
          subject: 'Invoice copy',
          status: 'solved',
          requester_id: ada,
          created_at: ago(8),
          comments: [
            said(id(25), `Could you send an invoice copy to ${workEmail}? Customer number ${customerId}.`),
            reply(id(26), 'Sent, have a good day.'),
          ],
        },
        {
          id: open,
          subject: `Where is my parcel? (${lastName})`,
          status: 'open',
          requester_id: ada,
          created_at: ago(0.01),
          comments: [
            said(id(27), `My parcel has not arrived, call me on ${phone}.`),
            reply(id(28), 'We are looking into it.'),
          ],
        },
        {
          id: bystanderTicket,
          subject: 'Shared delivery to our office',
          status: 'open',
          requester_id: grace,
          collaborator_ids: [ada],
          created_at: ago(3),
          comments: [
            {
              id: id(31),
              author_id: grace,
              body: `Our office delivery is late; call me on ${bystanderPhone}.`,
            },
            {
              id: ccComment,
              author_id: ada,
              body: `I was copied in: my receipt is attached, write to me at ${workEmail}.`,
              attachments: [
                { id: attachment, file_name: `receipt-${lastName}.pdf`, content_type: 'application/pdf' },
              ],
            },
            reply(id(33), 'Thank you both, we will keep you posted.'),
          ],
        },
      ],
      messaging: {
        users: [
          {
            id: messagingUserId,
            externalId: customerId,
            givenName: firstName,
            surname: lastName,
            email: workEmail,
            conversations: [{ id: conversationId, displayName: 'Web messaging' }],
          },
        ],
      },
    });
    const details: ZendeskDemoDetails = {
      userId: ada,
      agentId: agent,
      bystanderUserId: grace,
      closedTicketIds: [closed1, closed2],
      solvedTicketId: solved,
      openTicketId: open,
      bystanderTicketId: bystanderTicket,
      ccCommentId: ccComment,
      attachmentId: attachment,
      messagingUserId,
      conversationId,
      personalValues: [workEmail, phone, lastName, customerId],
      bystanderValues: [bystanderPhone],
    };
    return {
      identifiers: [{ kind: 'customerId', value: customerId }],
      personalValues: details.personalValues,
      described: [
        'a Support end user with 4 tickets (2 closed, 1 solved, 1',
        "open until day 1), CC'd with a comment and a file on a",
        "bystander's ticket (solved on day 1: the comment is redacted,",
        'the ticket stays); a messaging user with 1 conversation',
      ],
      exportedConversations: [],
      details,
      async endActive() {
        await admin.setTicketStatus(open, 'closed');
        // The agent solves Grace's ticket the same day: Ada's comment on it can be redacted then.
        await admin.setTicketStatus(bystanderTicket, 'solved');
      },
      later: [],
      async leftBehind() {
        const bystander = await admin.remaining(details.bystanderValues);
        const holds = (kind: string, recordId: number): boolean =>
          bystander.some((r) => r.kind === kind && r.id === String(recordId));
        return {
          remaining: (await admin.remaining(details.personalValues)).length,
          bystandersIntact: holds('user', grace) && holds('ticket', bystanderTicket),
        };
      },
    };
  },
};
