import { API_VERSION, type KetchMetadata } from './contract';
import type { KetchHeader } from './options';

const DAY_S = 86_400;

/** An `Identity` (README.md#Identity); Ketch always names the format, `raw` when the value is plain. */
export interface KetchIdentity {
  readonly identitySpace: string;
  readonly identityFormat: string;
  readonly identityValue: string;
}

/** The `DeleteRequest` Ketch POSTs to the executor (Delete.md, "Delete Request"). */
export interface DeleteRequestBody {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: 'DeleteRequest';
  readonly metadata: KetchMetadata;
  readonly request: {
    readonly controller?: string;
    readonly property: string;
    readonly environment: string;
    readonly regulation: string;
    readonly jurisdiction: string;
    readonly identities: readonly KetchIdentity[];
    readonly callbacks: ReadonlyArray<{ readonly url: string; readonly headers: Record<string, string> }>;
    readonly subject: Readonly<Record<string, unknown>>;
    readonly claims?: Readonly<Record<string, unknown>>;
    /** UNIX seconds. */
    readonly submittedTimestamp: number;
    readonly dueTimestamp: number;
  };
}

/** What a request is made of, as the admin API takes it (defaults applied). */
export interface DeleteRequestInput {
  readonly controller?: string;
  readonly property: string;
  readonly environment: string;
  readonly regulation: string;
  readonly jurisdiction: string;
  readonly identities: ReadonlyArray<{
    identitySpace: string;
    identityValue: string;
    identityFormat: string;
  }>;
  readonly subject?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly dueInDays: number;
}

/**
 * The body of a new request, submitted at `now` (epoch ms), with one callback to the simulator that
 * carries the callback header.
 */
export function deleteRequestBody(
  metadata: KetchMetadata,
  input: DeleteRequestInput,
  callback: { url: string; header: KetchHeader },
  now: number,
): DeleteRequestBody {
  const submittedTimestamp = Math.floor(now / 1000);
  // `controller` is "only supplied if the ultimate controller is different to the metadata.tenant".
  const controller = input.controller !== metadata.tenant ? input.controller : undefined;
  return {
    apiVersion: API_VERSION,
    kind: 'DeleteRequest',
    metadata,
    request: {
      ...(controller !== undefined ? { controller } : {}),
      property: input.property,
      environment: input.environment,
      regulation: input.regulation,
      jurisdiction: input.jurisdiction,
      identities: input.identities.map((i) => ({
        identitySpace: i.identitySpace,
        identityFormat: i.identityFormat,
        identityValue: i.identityValue,
      })),
      callbacks: [{ url: callback.url, headers: { [callback.header.name]: callback.header.value } }],
      subject: subjectOf(input),
      ...(input.claims !== undefined ? { claims: input.claims } : {}),
      submittedTimestamp,
      dueTimestamp: submittedTimestamp + input.dueInDays * DAY_S,
    },
  };
}

/**
 * `email`, `firstName` and `lastName` are required in a Subject: what the input leaves out is taken
 * from a raw `email` identity, else from Delete.md's example subject.
 */
function subjectOf(input: DeleteRequestInput): Record<string, unknown> {
  const email = input.identities.find((i) => i.identitySpace === 'email' && i.identityFormat === 'raw');
  return {
    email: email?.identityValue ?? 'test@subject.com',
    firstName: 'Test',
    lastName: 'Subject',
    ...input.subject,
  };
}
