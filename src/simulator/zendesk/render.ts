import { textOf } from './comment-html';
import type { JobState } from './jobs';
import type { Job, StoredAttachment, StoredComment, StoredTicket, StoredUser } from './records';

/** Zendesk's timestamps: ISO-8601 to the second, in UTC (`2019-08-30T23:02:46Z`). */
export const zendeskTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A UserObject (§2.4); a soft-deleted user reads `active: false`. */
export function renderUser(u: StoredUser, base: string): object {
  return {
    id: u.id,
    url: `${base}/api/v2/users/${u.id}.json`,
    name: u.name,
    email: u.email,
    created_at: zendeskTime(u.createdAt),
    updated_at: zendeskTime(u.updatedAt),
    time_zone: 'UTC',
    iana_time_zone: 'Etc/UTC',
    phone: u.phone,
    shared_phone_number: u.phone === null ? null : false,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: null,
    role: u.role,
    verified: true,
    external_id: u.externalId,
    tags: [],
    alias: null,
    active: u.deletedAt === undefined,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: null,
    signature: null,
    details: null,
    notes: u.notes,
    role_type: u.role === 'admin' ? 4 : null,
    custom_role_id: null,
    moderator: false,
    ticket_restriction: u.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: false,
    suspended: false,
    user_fields: {},
  };
}

/** A DeletedUserObject (§6): a permanently deleted user has no email or phone left (R13). */
export function renderDeletedUser(u: StoredUser, base: string): object {
  return {
    id: u.id,
    url: `${base}/api/v2/deleted_users/${u.id}.json`,
    name: u.name,
    email: u.email,
    phone: u.phone,
    shared_phone_number: u.phone === null ? null : false,
    photo: null,
    locale: 'en-US',
    locale_id: 1,
    organization_id: null,
    role: u.role,
    active: false,
    time_zone: 'UTC',
    created_at: zendeskTime(u.createdAt),
    updated_at: zendeskTime(u.updatedAt),
  };
}

/** A TicketObject (§3.3); its description is its first comment, as it reads now. */
export function renderTicket(t: StoredTicket, base: string): object {
  const first = t.comments[0];
  return {
    id: t.id,
    url: `${base}/api/v2/tickets/${t.id}.json`,
    external_id: null,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(t.createdAt),
    updated_at: zendeskTime(t.updatedAt),
    generated_timestamp: Math.floor(t.updatedAt / 1000),
    type: null,
    subject: t.subject,
    raw_subject: t.subject,
    description: first ? textOf(first.htmlBody) : '',
    priority: null,
    status: t.status,
    recipient: null,
    requester_id: t.requesterId,
    submitter_id: t.requesterId,
    assignee_id: null,
    organization_id: null,
    group_id: null,
    collaborator_ids: [...t.collaboratorIds],
    follower_ids: [],
    email_cc_ids: [],
    has_incidents: false,
    is_public: t.comments.some((c) => c.public),
    tags: [...t.tags],
    custom_fields: [],
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    followup_ids: [],
    brand_id: null,
    from_messaging_channel: false,
  };
}

/** An attachment's download URL, as Zendesk builds it (`/attachments/token/{token}/?name=`). */
export const contentUrl = (a: StoredAttachment, base: string): string =>
  `${base}/attachments/token/${a.token}/?name=${encodeURIComponent(a.fileName)}`;

function renderAttachment(a: StoredAttachment, base: string): object {
  return {
    id: a.id,
    url: `${base}/api/v2/attachments/${a.id}.json`,
    file_name: a.fileName,
    content_url: contentUrl(a, base),
    mapped_content_url: contentUrl(a, base),
    content_type: a.contentType,
    size: a.size,
    width: null,
    height: null,
    inline: false,
    deleted: false,
    malware_access_override: false,
    malware_scan_result: 'malware_not_found',
    thumbnails: [],
  };
}

/** A TicketCommentObject (§7.1): `body` and `plain_body` are the text of its HTML. */
export function renderComment(c: StoredComment, base: string): object {
  const text = textOf(c.htmlBody);
  return {
    id: c.id,
    type: 'Comment',
    author_id: c.authorId,
    body: text,
    html_body: c.htmlBody,
    plain_body: text,
    public: c.public,
    attachments: c.attachments.map((a) => renderAttachment(a, base)),
    audit_id: c.id,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    metadata: { system: {}, custom: {} },
    created_at: zendeskTime(c.createdAt),
  };
}

/** A row of the deleted-tickets list (§4). */
export function renderDeletedTicket(t: StoredTicket): object {
  return {
    id: t.id,
    subject: t.subject,
    deleted_at: t.deleted ? zendeskTime(t.deleted.at) : null,
    previous_state: t.deleted?.previousState ?? t.status,
    actor: t.deleted?.actor ?? null,
  };
}

const JOB_TYPES: Record<Job['kind'], string> = {
  ticketSoftDeletion: 'bulk_delete_tickets',
  ticketPermanentDeletion: 'permanently_delete_tickets',
};

/**
 * A JobStatusObject (§5, R8). A permanent ticket deletion keeps `total` and `progress` null and
 * answers `{success}` once completed; a bulk soft deletion counts its tickets and lists a result each.
 */
export function renderJob(job: Job, state: JobState, base: string): object {
  const permanent = job.kind === 'ticketPermanentDeletion';
  const done = state === 'completed' || state === 'failed';
  return {
    id: job.id,
    job_type: JOB_TYPES[job.kind],
    url: `${base}/api/v2/job_statuses/${job.id}.json`,
    total: permanent ? null : job.ids.length,
    progress: permanent ? null : done ? job.ids.length : state === 'working' ? 0 : null,
    status: state,
    message: done ? `Completed at ${zendeskTime(job.finishAt)}` : null,
    results: done ? (job.results ?? null) : null,
  };
}

/** The job type an admin view shows, the same as the API's. */
export const jobTypeOf = (job: Job): string => JOB_TYPES[job.kind];
