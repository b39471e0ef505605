import { z } from 'zod';
import { type GeneralIdentifierKind, generalIdentifierKinds } from './identifier-kinds';
import type { IdentifierValueSchema } from './platform-descriptor';
import { platformRegistry } from './platforms';
import { sharedSchema } from './shared-schemas';

type Registered = (typeof platformRegistry)[number];
type PlatformIdentifierKind = Registered extends infer P
  ? P extends Registered
    ? keyof P['identifierKinds'] & string
    : never
  : never;
export type IdentifierKind = GeneralIdentifierKind | PlatformIdentifierKind;

/**
 * The kinds of identifier a data subject can be known by: the general ones, then each platform's own
 * ids, namespaced by platform so a connector can tell which ones it can use directly.
 */
export const identifierKinds = [
  ...generalIdentifierKinds,
  ...platformRegistry.flatMap((p) => Object.keys(p.identifierKinds)),
] as readonly IdentifierKind[] as readonly [IdentifierKind, ...IdentifierKind[]];

/**
 * Control characters (C0, DEL, C1) have no place in an identifier or a reference: they are how terminal
 * and log injection travels. Free text that may span lines (a postal address, a reason) keeps tab and
 * line breaks.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Whether text holds a control character (tab and line breaks allowed in `multiline` text). */
export const hasControl = (text: string, multiline = false): boolean =>
  (multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(text);
export const NO_CONTROL = 'must not contain control characters';

/** At most 200 characters: far above any platform's id, small enough that 1000 of them fit a request. */
const OPAQUE_MAX = 200;
const opaqueId = sharedSchema('identifiers/opaqueId', () =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(OPAQUE_MAX, `must be at most ${OPAQUE_MAX} characters`)
    .refine((v) => !hasControl(v), NO_CONTROL),
);

const postalAddress = sharedSchema('identifiers/postalAddress', () =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(OPAQUE_MAX, `must be at most ${OPAQUE_MAX} characters`)
    .refine((v) => !hasControl(v, true), NO_CONTROL),
);

/** A phone as typed, separators and all: longer than any formatted E.164 number is not a phone. */
const PHONE_RAW_MAX = 40;
const PHONE_MESSAGE = 'must be an international number such as +447700900123';

/** E.164: a plus sign and 7 to 15 digits. Spaces, dots, dashes and brackets are removed first. */
const phone = sharedSchema('identifiers/phone', () =>
  z
    .string()
    .trim()
    .max(PHONE_RAW_MAX, PHONE_MESSAGE)
    .transform((v) => v.replace(/[\s().-]/g, ''))
    .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, PHONE_MESSAGE)),
);

/**
 * RFC 5321 §4.5.3.1: a forward-path holds at most 256 octets, angle brackets included, so an address
 * has at most 254; its local part at most 64. Checked before the address pattern, which then never
 * runs on a long hostile string.
 */
export const EMAIL_MAX = 254;
const EMAIL_LOCAL_MAX = 64;
const email = sharedSchema('identifiers/email', () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(EMAIL_MAX, { message: `must be an email address of at most ${EMAIL_MAX} characters`, abort: true })
    .refine(
      (v) => v.indexOf('@') <= EMAIL_LOCAL_MAX,
      `must be an email address with at most ${EMAIL_LOCAL_MAX} characters before the @`,
    )
    // zod's own pattern, copied: the shared original may be frozen (src/domain/shared-schemas.ts).
    .pipe(z.email({ message: 'must be an email address', pattern: new RegExp(z.regexes.email) })),
);

/** One identifier of the subject, normalised (emails lower-cased, phones in E.164). */
export const IdentifierSchema = sharedSchema('identifiers/IdentifierSchema', () =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('email'), value: email }),
    z.object({ kind: z.literal('phone'), value: phone }),
    z.object({ kind: z.literal('name'), value: opaqueId }),
    /** A postal address, as the caller holds it (Genesys searches addresses as free text). */
    z.object({ kind: z.literal('address'), value: postalAddress }),
    z.object({ kind: z.literal('customerId'), value: opaqueId }),
    // Each platform's own ids, with the schema its folder gives their values.
    ...platformRegistry.flatMap((p) =>
      Object.entries(p.identifierKinds).map(([kind, values]) =>
        z.object({
          kind: z.literal(kind as PlatformIdentifierKind),
          value: (values as IdentifierValueSchema)({ opaqueId }),
        }),
      ),
    ),
  ]),
);
export type Identifier = z.infer<typeof IdentifierSchema>;

/** A list of identifiers as a request or an update carries it. */
export const IdentifierListSchema = sharedSchema('identifiers/IdentifierListSchema', () =>
  z
    .array(IdentifierSchema)
    .min(1, 'must name at least one identifier')
    .max(1000, 'must name at most 1000 identifiers'),
);

/**
 * How a platform tied an identifier to the one it was found through (src/domain/expansion.ts):
 * - `own`: the platform lists it as the same person's (a contact's own emails, the consumer of a
 *   conversation whose own details hold the identifier searched);
 * - `shared`: found through an identifier the platform holds for more than one person (a household phone);
 * - `free-text`: read from text someone wrote (a message body, an agent's note).
 */
export const linkKinds = ['own', 'shared', 'free-text'] as const;
export type LinkKind = (typeof linkKinds)[number];

/** An identifier with where it came from: the caller, or a platform search that found it through another. */
export interface ResolvedIdentifier {
  readonly kind: IdentifierKind;
  readonly value: string;
  /**
   * `request` for identifiers the caller gave, `update:<by>` for an operator's; otherwise
   * `<platform>:<kind of the identifier it was found through>`.
   */
  readonly provenance: string;
  /** A derived identifier: the key (`identifierKey`) of the identifier it was found through. */
  readonly via?: string;
  /** A derived identifier: how the platform tied it to `via`. */
  readonly link?: LinkKind;
}

/**
 * An identifier a platform reported, normalised like a requested one where it can be. A value in a
 * format Lethe did not expect (a phone not in E.164, an odd email) is still the person's data on that
 * platform: it is kept as the platform wrote it (trimmed, separators of a phone removed), never dropped.
 * Only an empty value is nothing to keep.
 */
export function platformIdentifier(
  kind: IdentifierKind,
  value: string,
  provenance: string,
): ResolvedIdentifier | undefined {
  const parsed = IdentifierSchema.safeParse({ kind, value });
  if (parsed.success) return { ...parsed.data, provenance };
  const loose =
    kind === 'phone'
      ? value.replace(/[\s().-]/g, '')
      : kind === 'email'
        ? value.trim().toLowerCase()
        : value.trim();
  return loose === '' ? undefined : { kind, value: loose, provenance };
}

/** A stable key for de-duplicating identifiers. */
export const identifierKey = (id: { kind: IdentifierKind; value: string }): string =>
  `${id.kind}:${id.value}`;

/** Whether an identifier was given (by the request or an operator), not found on a platform. */
export const isGivenIdentifier = (id: Pick<ResolvedIdentifier, 'provenance'>): boolean =>
  id.provenance === 'request' || id.provenance.startsWith('update:');

/** A derived identifier found through a shared identifier or in free text (src/domain/expansion.ts). */
const weaklyLinked = (id: ResolvedIdentifier): boolean =>
  !isGivenIdentifier(id) && (id.link === 'shared' || id.link === 'free-text');

/**
 * Merges identifier lists, keeping the first provenance seen for each identifier, unless that one was
 * found through a shared identifier or in free text and a later one was given or found through the
 * person's own: the stronger tie is the one the expansion policy must see. Order stays first-seen.
 */
export function mergeIdentifiers(
  ...lists: ReadonlyArray<readonly ResolvedIdentifier[]>
): ResolvedIdentifier[] {
  const byKey = new Map<string, ResolvedIdentifier>();
  for (const list of lists) {
    for (const id of list) {
      const key = identifierKey(id);
      const kept = byKey.get(key);
      if (!kept || (weaklyLinked(kept) && !weaklyLinked(id))) byKey.set(key, id);
    }
  }
  return [...byKey.values()];
}
