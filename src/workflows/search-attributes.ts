import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The erasure's phase (`resolving` … `completed`), for filtering in the Web UI and `list`. */
export const LetheStatus = defineSearchAttributeKey('LetheStatus', SearchAttributeType.KEYWORD);
/** When the erasure is due (one month after receipt unless the request says otherwise). */
export const LetheDeadline = defineSearchAttributeKey('LetheDeadline', SearchAttributeType.DATETIME);
/** The platforms in scope. */
export const LethePlatforms = defineSearchAttributeKey('LethePlatforms', SearchAttributeType.KEYWORD_LIST);
/** True while a platform refuses the credentials and an operator must act. */
export const LetheNeedsAttention = defineSearchAttributeKey('LetheNeedsAttention', SearchAttributeType.BOOL);

/** Every search attribute Lethe uses: register these wherever a Temporal server is started. */
export const letheSearchAttributes = [
  LetheStatus,
  LetheDeadline,
  LethePlatforms,
  LetheNeedsAttention,
] as const;
