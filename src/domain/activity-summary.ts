import { type PlatformId, platformIds, platformNames } from './platforms';

/** Reads a field of an activity's input without trusting its shape. */
const field = (input: unknown, key: string): unknown =>
  typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
const size = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

/**
 * One line for the Web UI beside an activity: what it does and where ("send a deletion request to
 * LivePerson: 100 conversation ids"). Platform names, kinds, counts and platform request ids only: never
 * an identifier or a record id.
 */
export function activitySummary(name: string, input: unknown): string | undefined {
  // A hand-over names its platform in the governor's input.
  const p = field(input, 'platform') ?? field(field(input, 'governor'), 'platform');
  const on = platformIds.includes(p as PlatformId) ? platformNames[p as PlatformId] : 'the platform';
  const batch = field(input, 'batch');
  switch (name) {
    case 'resolveIdentities':
      return `find the subject's identities on ${on}`;
    case 'discoverRecords':
      return `find the subject's records on ${on}`;
    case 'checkActive':
      return `check whether ${size(field(input, 'records'))} open records on ${on} have closed`;
    case 'checkPresent':
      return `look whether ${size(field(input, 'records'))} records on ${on} are gone`;
    case 'submitBatch':
      return `send a deletion request to ${on}: ${size(field(batch, 'ids'))} ${String(field(batch, 'kind'))} ids`;
    case 'verifySubmission':
      return `re-verify ${on} request ${String(field(input, 'requestId'))}`;
    case 'cancelSubmission':
      return `withdraw ${on} request ${String(field(input, 'requestId'))}`;
    case 'enqueueForDeletion':
      return `hand ids to the quota governor of ${on}`;
    case 'answerOwners':
      return `tell ${size(field(input, 'answers'))} erasures the governor's answer`;
    case 'cleanDownstream':
      return 'delete the warehouse copies';
    case 'announceCompletion':
      return 'announce the end to subscribers';
    case 'issueCertificate':
      return 'sign the certificate';
    default:
      return undefined;
  }
}
