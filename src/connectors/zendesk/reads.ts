import { NotFoundError } from '../errors';
import type { RateBudget } from '../rate-budget';
import {
  CommentPageSchema,
  DeletedTicketPageSchema,
  DeletedUserAnswerSchema,
  DeletedUserCountSchema,
  JobStatusAnswerSchema,
  MessagingUserAnswerSchema,
  TicketAnswerSchema,
  TicketPageSchema,
  UserAnswerSchema,
  UserPageSchema,
  type ZendeskComment,
  type ZendeskJobStatus,
  type ZendeskTicket,
  type ZendeskUser,
} from './schemas';
import type { Call, MessagingSession, SupportSession } from './session';

const at = (id: number | string): string => encodeURIComponent(String(id));

/**
 * The reads Lethe makes of a Zendesk account, each a documented endpoint (docs/zendesk-api.md). Reads
 * of one record answer `undefined` on a 404: what that means (gone, or never there) is the caller's to
 * judge against what it read before.
 */
export class ZendeskReads {
  constructor(
    private readonly support: SupportSession,
    /** `GET /api/v2/deleted_tickets` allows 10 calls a minute (§4, §8), whatever the plan. */
    private readonly deletedListBudget: RateBudget,
    private readonly messaging?: MessagingSession,
  ) {}

  /** A read of one record: `undefined` on a 404. */
  private read<T>(call: Call<T>): Promise<T | undefined> {
    return unlessNotFound(() => this.support.call({ ...call, idempotent: true }));
  }

  get hasMessaging(): boolean {
    return this.messaging !== undefined;
  }

  async user(id: number | string): Promise<ZendeskUser | undefined> {
    const answer = await this.read({
      operation: 'showUser',
      method: 'GET',
      path: `/api/v2/users/${at(id)}`,
      schema: UserAnswerSchema,
    });
    return answer?.user;
  }

  /** Users the search finds for a value (any property containing it, §11 R4): to be matched exactly. */
  searchUsers(value: string): Promise<ZendeskUser[]> {
    return this.support.all(
      {
        operation: 'searchUsers',
        method: 'GET',
        path: `/api/v2/users/search?query=${encodeURIComponent(value)}`,
        schema: UserPageSchema,
      },
      (page) => page.users,
    );
  }

  /** Users with this external id (exact, case-insensitive, §2.1). */
  usersWithExternalId(externalId: string): Promise<ZendeskUser[]> {
    return this.support.all(
      {
        operation: 'searchUsersByExternalId',
        method: 'GET',
        path: `/api/v2/users/search?external_id=${encodeURIComponent(externalId)}`,
        schema: UserPageSchema,
      },
      (page) => page.users,
    );
  }

  /** Tickets the user requested, or is CC'd on (§3.1, §11 R3). */
  ticketsOf(userId: number, relation: 'requested' | 'ccd'): Promise<ZendeskTicket[]> {
    return this.support.all(
      {
        operation: relation === 'requested' ? 'listRequestedTickets' : 'listCcdTickets',
        method: 'GET',
        path: `/api/v2/users/${at(userId)}/tickets/${relation}`,
        schema: TicketPageSchema,
      },
      (page) => page.tickets,
    );
  }

  async ticket(id: number | string): Promise<ZendeskTicket | undefined> {
    const answer = await this.read({
      operation: 'showTicket',
      method: 'GET',
      path: `/api/v2/tickets/${at(id)}`,
      schema: TicketAnswerSchema,
    });
    return answer?.ticket;
  }

  /** A ticket's comments, or `undefined` when the ticket reads 404 (§7.1). */
  comments(ticketId: number | string): Promise<ZendeskComment[] | undefined> {
    return unlessNotFound(() =>
      this.support.all(
        {
          operation: 'listTicketComments',
          method: 'GET',
          // Inline images are attachments too, listed only when asked for (§7.1).
          path: `/api/v2/tickets/${at(ticketId)}/comments?include_inline_images=true`,
          schema: CommentPageSchema,
        },
        (page) => page.comments,
      ),
    );
  }

  /**
   * Which of `targets` are soft-deleted and not yet scrubbed (§4): the list by id, read only as far as
   * the highest target (10 calls a minute, paced apart from the rest). `complete` is false when the list
   * changed while it was read (its count moved): an offset page may then have skipped a row, so a target
   * not seen proves nothing.
   */
  async softDeletedAmong(targets: ReadonlySet<number>): Promise<{ found: Set<number>; complete: boolean }> {
    const found = new Set<number>();
    const highest = Math.max(...targets);
    let count: number | undefined;
    let complete = true;
    for (let page = 1; ; page += 1) {
      await this.deletedListBudget.take();
      const answer = await this.support.call({
        operation: 'listDeletedTickets',
        method: 'GET',
        path: `/api/v2/deleted_tickets?sort_by=id&sort_order=asc&per_page=100&page=${page}`,
        schema: DeletedTicketPageSchema,
        idempotent: true,
      });
      count ??= answer.count;
      if (answer.count !== count) complete = false;
      for (const row of answer.deleted_tickets) if (targets.has(row.id)) found.add(row.id);
      const last = answer.deleted_tickets.at(-1)?.id;
      if (!answer.next_page || last === undefined || last >= highest) return { found, complete };
    }
  }

  /**
   * Whether the account's API answers at this base URL (`GET /api/v2/deleted_users/count`, §6): checked
   * before a 404 is taken for "gone", since a wrong subdomain or path reads the same as a deleted record.
   */
  async answers(): Promise<void> {
    await this.support.call({
      operation: 'countDeletedUsers',
      method: 'GET',
      path: '/api/v2/deleted_users/count',
      schema: DeletedUserCountSchema,
      idempotent: true,
    });
  }

  /** A deleted user as `GET /api/v2/deleted_users/{id}` shows it (§6). */
  async deletedUser(id: number | string) {
    const answer = await this.read({
      operation: 'showDeletedUser',
      method: 'GET',
      path: `/api/v2/deleted_users/${at(id)}`,
      schema: DeletedUserAnswerSchema,
    });
    return answer?.deleted_user;
  }

  async job(id: string): Promise<ZendeskJobStatus | undefined> {
    const answer = await this.read({
      operation: 'showJobStatus',
      method: 'GET',
      path: `/api/v2/job_statuses/${at(id)}`,
      schema: JobStatusAnswerSchema,
    });
    return answer?.job_status;
  }

  /** A messaging user by id or external id (§9), when messaging is configured. */
  async messagingUser(
    idOrExternalId: string,
  ): Promise<{ id: string; externalId?: string | null | undefined } | undefined> {
    const messaging = this.messaging;
    if (!messaging) return undefined;
    const answer = await unlessNotFound(() =>
      messaging.call({
        operation: 'getMessagingUser',
        method: 'GET',
        path: `/users/${at(idOrExternalId)}`,
        schema: MessagingUserAnswerSchema,
        idempotent: true,
      }),
    );
    return answer?.user;
  }
}

/** The answer, or `undefined` on a 404. */
async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
