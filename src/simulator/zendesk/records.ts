import type { TicketStatus } from './seed';

/** A Support user's role (§2.4). */
export type UserRole = 'end-user' | 'agent' | 'admin';

/** A Support user. Permanent deletion keeps the record (it is still listed as deleted) but none of its data. */
export interface StoredUser {
  readonly id: number;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  notes: string | null;
  readonly role: UserRole;
  readonly owner: boolean;
  readonly createdAt: number;
  updatedAt: number;
  /** Soft-deleted at (the user reads `active: false`). */
  deletedAt?: number;
  /** Permanently deleted at, by the API or by Zendesk's own scrub of old soft deletions. */
  permanentlyDeletedAt?: number;
}

/** A comment's attachment; redaction turns it into an empty `redacted.txt` (§7.2). */
export interface StoredAttachment {
  readonly id: number;
  fileName: string;
  contentType: string;
  size: number;
  /** The secret part of its `content_url`; a redacted attachment gets a new one. */
  token: string;
}

/** A ticket comment; its HTML is what it holds, `body` and `plain_body` are read from it. */
export interface StoredComment {
  readonly id: number;
  readonly ticketId: number;
  readonly authorId: number;
  htmlBody: string;
  readonly public: boolean;
  readonly attachments: StoredAttachment[];
  readonly createdAt: number;
}

/** Who soft-deleted a ticket, when, and what its status was then (the deleted-tickets list shows it). */
export interface TicketDeletion {
  readonly at: number;
  readonly previousState: TicketStatus;
  readonly actor: { readonly id: number; readonly name: string };
}

/** A ticket; permanent deletion removes it and its comments from the store altogether. */
export interface StoredTicket {
  readonly id: number;
  subject: string;
  status: TicketStatus;
  readonly requesterId: number;
  readonly collaboratorIds: readonly number[];
  readonly tags: readonly string[];
  readonly createdAt: number;
  updatedAt: number;
  readonly comments: StoredComment[];
  deleted?: TicketDeletion;
}

/** What a job does: soft-delete tickets (`destroy_many`) or delete soft-deleted ones for good. */
export type JobKind = 'ticketSoftDeletion' | 'ticketPermanentDeletion';

/** A background job (R8): its effect is applied at `finishAt`, its results recorded then. */
export interface Job {
  readonly id: string;
  readonly kind: JobKind;
  readonly ids: readonly number[];
  readonly createdAt: number;
  readonly finishAt: number;
  results?: unknown;
}

/** A messaging user's conversation; the first one is their default conversation. */
export interface MessagingConversation {
  readonly id: string;
  readonly displayName: string | null;
  readonly isDefault: boolean;
  readonly lastUpdatedAt: number;
}

/** A Sunshine Conversations user; a `DELETE` completes `messagingDeletionMs` later (R14). */
export interface MessagingUser {
  readonly id: string;
  readonly externalId: string | null;
  givenName: string | null;
  surname: string | null;
  email: string | null;
  avatarUrl: string | null;
  metadata: Record<string, unknown>;
  readonly signedUpAt: number;
  readonly conversations: MessagingConversation[];
  deletionRequestedAt?: number;
}
