import { randomBytes } from 'node:crypto';
import { htmlOf } from './comment-html';
import { JobQueue } from './jobs';
import { MessagingStore, seedError } from './messaging-store';
import type { ZendeskSimulatorOptions } from './options';
import type { Job, StoredComment, StoredTicket, StoredUser } from './records';
import { type TicketSeedData, type UserSeedData, type ZendeskSeed, ZendeskSeedSchema } from './seed';

const MINUTE = 60_000;
/** What a permanently deleted user is called in the deleted users list (AE-du). */
export const PERMANENTLY_DELETED = 'Permanently Deleted User';

/**
 * The simulated account: Support users, tickets and their comments, background jobs and messaging
 * users. Everything the platform does over time (jobs completing, old soft deletions scrubbed, messaging
 * deletions completing) is applied lazily, at the instant it happened, when the store is next read
 * (`settle`).
 */
export class ZendeskStore {
  readonly users = new Map<number, StoredUser>();
  readonly tickets = new Map<number, StoredTicket>();
  readonly comments = new Map<number, StoredComment>();
  /** Ids of tickets deleted for good: only the admin API asks (an agent closing a ticket that is gone). */
  readonly removedTicketIds = new Set<number>();
  readonly jobs: JobQueue;
  readonly messaging: MessagingStore;

  constructor(private readonly options: ZendeskSimulatorOptions) {
    this.jobs = new JobQueue(options);
    this.messaging = new MessagingStore(options);
  }

  /** Adds the seed; anything already held (or held twice) is an admin 400 and nothing is added. */
  seed(raw: ZendeskSeed, now: number): void {
    const seed = ZendeskSeedSchema.parse(raw);
    this.checkUsers(seed.users);
    this.checkTickets(seed.tickets, new Set([...this.users.keys(), ...seed.users.map((u) => u.id)]));
    this.messaging.seed(seed.messaging.users, now);
    for (const u of seed.users) this.users.set(u.id, userOf(u, now));
    for (const t of seed.tickets) {
      const ticket = ticketOf(t, now);
      this.tickets.set(t.id, ticket);
      this.removedTicketIds.delete(t.id);
      for (const c of ticket.comments) this.comments.set(c.id, c);
    }
  }

  reset(): void {
    this.users.clear();
    this.tickets.clear();
    this.comments.clear();
    this.removedTicketIds.clear();
    this.jobs.reset();
    this.messaging.reset();
  }

  /**
   * Applies, oldest first, what happened by `now`: finished jobs' effects and Zendesk's scrub of
   * soft deletions older than the retention. A job's soft deletions may themselves be due for the
   * scrub when the clock jumped far: a second round takes them.
   */
  settle(now: number): void {
    const retention = this.options.softDeleteRetentionMs;
    for (let round = 0; round < 5; round++) {
      const events: Array<{ at: number; apply: () => void }> = [];
      for (const job of this.jobs.due(now)) events.push({ at: job.finishAt, apply: () => this.finish(job) });
      for (const t of this.tickets.values()) {
        const at = t.deleted ? t.deleted.at + retention : Number.POSITIVE_INFINITY;
        if (at <= now) events.push({ at, apply: () => this.removeTicket(t.id) });
      }
      for (const u of this.users.values()) {
        const at = u.deletedAt !== undefined && !u.permanentlyDeletedAt ? u.deletedAt + retention : Infinity;
        if (at <= now) events.push({ at, apply: () => this.erase(u, at) });
      }
      if (events.length === 0) break;
      for (const e of events.sort((a, b) => a.at - b.at)) e.apply();
    }
    this.messaging.settle(now);
  }

  /** A user that is not permanently deleted (active or soft-deleted). */
  user(id: number): StoredUser | undefined {
    const u = this.users.get(id);
    return u && u.permanentlyDeletedAt === undefined ? u : undefined;
  }

  /** A ticket that is not soft-deleted (R5: a soft-deleted ticket reads 404). */
  activeTicket(id: number): StoredTicket | undefined {
    const t = this.tickets.get(id);
    return t && !t.deleted ? t : undefined;
  }

  activeTickets(): StoredTicket[] {
    return [...this.tickets.values()].filter((t) => !t.deleted).sort((a, b) => a.id - b.id);
  }

  /** Active users matching a search (R4): `query` a case-insensitive substring of name, email, phone or notes. */
  searchUsers(query: string): StoredUser[] {
    const q = query.toLowerCase();
    return this.activeUsers().filter((u) =>
      [u.name, u.email, u.phone, u.notes].some((f) => f?.toLowerCase().includes(q)),
    );
  }

  /** Active users with this external id, which Zendesk compares case-insensitively (R4). */
  usersByExternalId(externalId: string): StoredUser[] {
    const key = externalId.toLowerCase();
    return this.activeUsers().filter((u) => u.externalId?.toLowerCase() === key);
  }

  /** The tickets a user requests that are neither closed nor deleted: they block the user's deletion (R10). */
  openRequests(user: StoredUser): StoredTicket[] {
    return this.activeTickets().filter((t) => t.requesterId === user.id && t.status !== 'closed');
  }

  /** Who the API's agent is, as the deleted-tickets list names them. */
  agentActor(): { id: number; name: string } {
    const email = this.options.agentEmail.toLowerCase();
    const agent = [...this.users.values()].find((u) => u.email?.toLowerCase() === email);
    return agent ? { id: agent.id, name: agent.name } : { id: 0, name: this.options.agentEmail };
  }

  softDeleteTicket(t: StoredTicket, at: number): void {
    t.deleted = { at, previousState: t.status, actor: this.agentActor() };
  }

  softDeleteUser(u: StoredUser, at: number): void {
    u.deletedAt = at;
    u.updatedAt = at;
  }

  /** Permanent deletion of a user: the record stays, listed as deleted, holding nothing of them (R13). */
  erase(u: StoredUser, at: number): void {
    if (u.permanentlyDeletedAt !== undefined) return;
    u.name = PERMANENTLY_DELETED;
    u.email = null;
    u.phone = null;
    u.externalId = null;
    u.notes = null;
    u.permanentlyDeletedAt = at;
    u.updatedAt = at;
  }

  /** Permanent deletion of a ticket: it and its comments are gone. */
  private removeTicket(id: number): void {
    const t = this.tickets.get(id);
    if (!t) return;
    for (const c of t.comments) this.comments.delete(c.id);
    this.tickets.delete(id);
    this.removedTicketIds.add(id);
  }

  /** A finished job's effect and results (R7: a permanent deletion skips tickets not soft-deleted). */
  private finish(job: Job): void {
    if (job.kind === 'ticketPermanentDeletion') {
      let all = true;
      for (const id of job.ids) {
        if (this.tickets.get(id)?.deleted) this.removeTicket(id);
        else all = false;
      }
      job.results = { success: all };
      return;
    }
    job.results = job.ids.map((id) => {
      const t = this.activeTicket(id);
      if (!t) return { id, action: 'delete', success: false, error: 'RecordNotFound', details: 'Not found' };
      this.softDeleteTicket(t, job.finishAt);
      return { id, action: 'delete', success: true, status: 'Deleted' };
    });
  }

  private activeUsers(): StoredUser[] {
    return [...this.users.values()].filter((u) => u.deletedAt === undefined).sort((a, b) => a.id - b.id);
  }

  private checkUsers(users: readonly UserSeedData[]): void {
    const ids = new Set(this.users.keys());
    const live = [...this.users.values()].filter((u) => u.permanentlyDeletedAt === undefined);
    const emails = new Set(live.map((u) => u.email?.toLowerCase()));
    const externalIds = new Set(live.map((u) => u.externalId?.toLowerCase()));
    for (const u of users) {
      if (ids.has(u.id)) throw seedError(`user ${u.id} exists`);
      const email = u.email?.toLowerCase();
      const externalId = u.external_id?.toLowerCase();
      if (email !== undefined && emails.has(email)) throw seedError(`user ${u.id}: email is taken`);
      if (externalId !== undefined && externalIds.has(externalId))
        throw seedError(`user ${u.id}: external_id is taken`);
      ids.add(u.id);
      emails.add(email);
      externalIds.add(externalId);
    }
  }

  private checkTickets(tickets: readonly TicketSeedData[], userIds: ReadonlySet<number>): void {
    const ids = new Set(this.tickets.keys());
    const comments = new Set(this.comments.keys());
    const attachments = new Set([...this.comments.values()].flatMap((c) => c.attachments.map((a) => a.id)));
    for (const t of tickets) {
      if (ids.has(t.id)) throw seedError(`ticket ${t.id} exists`);
      ids.add(t.id);
      for (const u of [t.requester_id, ...t.collaborator_ids, ...t.comments.map((c) => c.author_id)])
        if (!userIds.has(u)) throw seedError(`ticket ${t.id} names user ${u}, who is not seeded`);
      for (const c of t.comments) {
        if (comments.has(c.id)) throw seedError(`comment ${c.id} exists`);
        comments.add(c.id);
        for (const a of c.attachments) {
          if (attachments.has(a.id)) throw seedError(`attachment ${a.id} exists`);
          attachments.add(a.id);
        }
      }
    }
  }
}

function userOf(u: UserSeedData, now: number): StoredUser {
  return {
    id: u.id,
    name: u.name,
    email: u.email ?? null,
    phone: u.phone ?? null,
    externalId: u.external_id ?? null,
    notes: u.notes ?? null,
    role: u.role,
    owner: u.owner,
    createdAt: now,
    updatedAt: now,
  };
}

function ticketOf(t: TicketSeedData, now: number): StoredTicket {
  const createdAt = t.created_at ?? now;
  const comments: StoredComment[] = t.comments.map((c, i) => ({
    id: c.id,
    ticketId: t.id,
    authorId: c.author_id,
    htmlBody: htmlOf(c.body),
    public: c.public,
    attachments: c.attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      size: 2_048,
      token: newAttachmentToken(),
    })),
    createdAt: createdAt + i * MINUTE,
  }));
  return {
    id: t.id,
    subject: t.subject,
    status: t.status,
    requesterId: t.requester_id,
    collaboratorIds: [...t.collaborator_ids],
    tags: [...t.tags],
    createdAt,
    updatedAt: comments.at(-1)?.createdAt ?? createdAt,
    comments,
  };
}

/** The secret part of an attachment's `content_url`. */
export const newAttachmentToken = (): string => randomBytes(12).toString('hex');
