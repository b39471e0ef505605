import type { RetainedData } from '../../domain/platforms';

const documented = 'kept by Zendesk by design (documented)';

/** What Zendesk keeps after Lethe's deletions, as its documentation says (docs/zendesk-api.md §10). */
export const zendeskRetainedByDesign: RetainedData[] = [
  {
    data: 'a permanently deleted user\'s id, listed as "Permanently Deleted User" among deleted users (no name, email or phone)',
    reason: documented,
  },
  {
    data: 'the original emails of email-sourced comments',
    reason: `${documented}: for audit; a redaction asks Zendesk to redact them too, in the background`,
  },
  {
    data: "the person's email address as a CC on other people's email-sourced comments",
    reason: `${documented}: a deleted CC'd user is shown as the CC'd email address`,
  },
];

/** What stays of the tickets Lethe keeps and redacts instead of deleting (configuration). */
export const keptTicketsRetained: RetainedData = {
  data: "tickets kept by configuration: their subjects, fields, tags and sender addresses, other people's comments, and the metadata of the person's redacted comments (IP address, location)",
  reason: 'kept by the controller\'s configuration (ticketAction "redact" or keepTicketsTagged)',
};

/** The tickets the person is only CC'd on are other people's: only the person's own comments are redacted. */
export const ccdTicketsRetained: RetainedData = {
  data: "tickets other people requested on which the person was CC'd: the tickets, the CC itself, and the metadata of the person's redacted comments (IP address, location)",
  reason: "another person's records: Lethe never deletes them",
};
