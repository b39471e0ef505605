/**
 * Another request for the same subject that joined a running erasure (one workflow per subject): its
 * reference, who sent it, when, and how many identifiers it added. Named in the result and the
 * certificate, so each request's ticket can point at the proof that covers it.
 */
export interface LinkedRequest {
  readonly requestId: string;
  readonly by: string;
  readonly at: string;
  readonly identifiersAdded: number;
}

/** At most this many joined requests are remembered; a subject asked for more often is a mistake upstream. */
export const MAX_LINKED_REQUESTS = 100;
