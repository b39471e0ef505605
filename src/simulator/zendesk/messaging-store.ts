import { ContractError } from '../kit/http';
import type { ZendeskSimulatorOptions } from './options';
import type { MessagingUser } from './records';
import type { MessagingUserSeedData } from './seed';

const MINUTE = 60_000;

/**
 * Sunshine Conversations users and their conversations. A `DELETE` of a user completes (its
 * `user:delete` webhook) `messagingDeletionMs` later: until then it reads as before, then it is gone
 * with its conversations (R14).
 */
export class MessagingStore {
  readonly users = new Map<string, MessagingUser>();

  constructor(private readonly options: ZendeskSimulatorOptions) {}

  /** Adds users; an id, external id or conversation id already held is an admin 400 and adds nothing. */
  seed(users: readonly MessagingUserSeedData[], now: number): void {
    const ids = new Set(this.users.keys());
    const externalIds = new Set([...this.users.values()].map((u) => u.externalId));
    const conversations = new Set([...this.users.values()].flatMap((u) => u.conversations.map((c) => c.id)));
    for (const u of users) {
      if (ids.has(u.id)) throw seedError(`messaging user ${u.id} exists`);
      if (u.externalId !== undefined && externalIds.has(u.externalId))
        throw seedError(`messaging user ${u.id}: externalId is taken`);
      for (const c of u.conversations) {
        if (conversations.has(c.id)) throw seedError(`conversation ${c.id} exists`);
        conversations.add(c.id);
      }
      ids.add(u.id);
      externalIds.add(u.externalId ?? null);
    }
    for (const u of users) {
      this.users.set(u.id, {
        id: u.id,
        externalId: u.externalId ?? null,
        givenName: u.givenName ?? null,
        surname: u.surname ?? null,
        email: u.email ?? null,
        avatarUrl: null,
        metadata: {},
        signedUpAt: now,
        conversations: u.conversations.map((c, i) => ({
          id: c.id,
          displayName: c.displayName ?? null,
          // The first conversation is the user's default one (it cannot be deleted on its own).
          isDefault: i === 0,
          lastUpdatedAt: now - (u.conversations.length - i) * MINUTE,
        })),
      });
    }
  }

  /** Removes users whose deletion has completed. */
  settle(now: number): void {
    for (const u of this.users.values())
      if (
        u.deletionRequestedAt !== undefined &&
        u.deletionRequestedAt + this.options.messagingDeletionMs <= now
      )
        this.users.delete(u.id);
  }

  /** A user by id, else by external id (the path parameter accepts either, §9). */
  find(idOrExternalId: string): MessagingUser | undefined {
    return (
      this.users.get(idOrExternalId) ??
      [...this.users.values()].find((u) => u.externalId !== null && u.externalId === idOrExternalId)
    );
  }

  /** A second `DELETE` while the first runs changes nothing (R14). */
  requestDeletion(user: MessagingUser, now: number): void {
    user.deletionRequestedAt ??= now;
  }

  /** `personalinformation`: profile and custom properties go, the conversations stay (§9). */
  clearPersonalInformation(user: MessagingUser): void {
    user.givenName = null;
    user.surname = null;
    user.email = null;
    user.avatarUrl = null;
    user.metadata = {};
  }

  reset(): void {
    this.users.clear();
  }
}

/** A seed the store cannot take: an admin 400, not a breach of Zendesk's contract. */
export const seedError = (message: string): ContractError => new ContractError(400, message, false);
