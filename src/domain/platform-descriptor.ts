import type { z } from 'zod';

/**
 * What Lethe knows of a platform before it speaks to it: its name, the kinds of record it deletes and
 * the limits its documentation sets. Each platform states these in its own folder
 * (`src/connectors/<platform>/platform.ts`); `src/domain/platforms.ts` lists the platforms, once. Pure
 * data: the workflows read it.
 */

/** Data a platform keeps after an erasure, by design or by law, and why: named in every result. */
export interface RetainedData {
  readonly data: string;
  readonly reason: string;
}

/**
 * How a platform's deletion requests are addressed. `records`: a request names the record ids it
 * deletes. `subject`: a request names the person (their identifiers) and the platform erases whatever it
 * holds on them; the records are what the erasure expects gone and verifies.
 */
export type RequestScope = 'records' | 'subject';

/** What a platform allows per deletion request, in terms of its own record kinds `K`. */
export interface PlatformLimits<K extends string = string> {
  /** Unique ids per request. */
  readonly maxIdsPerRequest: number;
  /** Kinds the platform deletes, in the order they should be requested. */
  readonly kinds: readonly K[];
  readonly requestScope: RequestScope;
  /**
   * Kinds that wait until none of the subject's conversations is open: a profile deleted while its
   * owner is still talking is filled again.
   */
  readonly waitsForOpenConversations: readonly K[];
  /** Requests per calendar month (UTC), if the platform has such a quota. */
  readonly monthlyRequestQuota?: number;
  /** How long after a request the platform promises the deletion done. */
  readonly deletionWithinMs: number;
  /** Whether a request can be withdrawn after it was made. */
  readonly cancellable: boolean;
  /**
   * Kinds the platform may keep after it reports a request done, and why: still present then, such a
   * record is reported held (kept by the platform, with the reason), re-checked daily and never claimed
   * erased, rather than sent again.
   */
  readonly keptAfterDone?: Partial<Record<K, string>>;
}

/**
 * How an operator configures a platform: the schema of its block of the configuration (the JSON file's
 * `<platform>` key) and, for each field, the environment variable that sets it.
 */
export interface PlatformSettings<S extends z.ZodObject = z.ZodObject> {
  readonly schema: S;
  readonly variables: { readonly [F in keyof z.output<S> & string]-?: string };
}

/** The value schemas a platform's own identifier kinds may build on (src/domain/identifiers.ts). */
export interface IdentifierValues {
  /** Any opaque id: trimmed, 1 to 200 characters, no control characters. */
  readonly opaqueId: z.ZodType<string, string>;
}

/** A platform's own kind of identifier: how its values are checked (and normalised). */
export type IdentifierValueSchema = (values: IdentifierValues) => z.ZodType<string, string>;

/** One platform as Lethe knows it. */
export interface PlatformFacts<
  Id extends string = string,
  K extends string = string,
  S extends z.ZodObject = z.ZodObject,
  IK extends string = string,
> {
  readonly id: Id;
  /** As people name it (the Web UI, the certificate page, the CLI). */
  readonly name: string;
  /** The kinds of record it deletes. */
  readonly recordKinds: readonly K[];
  readonly limits: PlatformLimits<K>;
  readonly settings: PlatformSettings<S>;
  /**
   * Its own ids a request may name the person by, namespaced by the platform (`livepersonConsumerId`),
   * each with the schema of its values. Built inside the identifier schema (shared across workflows),
   * so a function, not a schema.
   */
  readonly identifierKinds: { readonly [I in IK]: IdentifierValueSchema };
}

/** Declares a platform, keeping its id, record kinds and settings as literal types. */
export function definePlatform<
  const Id extends string,
  const K extends string,
  S extends z.ZodObject,
  const IK extends string,
>(facts: PlatformFacts<Id, K, S, IK>): PlatformFacts<Id, K, S, IK> {
  return facts;
}

export const DAY_MS = 86_400_000;
