import type { IdentifierKind } from '../../domain/identifiers';

/** Keys inside SDE events that describe the event, not the person. */
const SDE_META_KEYS = new Set(['sdeType', 'serverTimeStamp', 'type', 'originalTimeStamp']);

/** Engagement-attribute types an identifier is searched in. */
export type AttributeType = 'personalInfo' | 'customerInfo';

/** Every personal string in an SDE structure (engagement attributes), wherever it is nested. */
export function sdeStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) sdeStrings(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) if (!SDE_META_KEYS.has(key)) sdeStrings(value, out);
  }
  return out;
}

/** Every value of one attribute type in a record's `sdes.events`. */
export function attributeValues(sdes: unknown, type: AttributeType): string[] {
  const events = (sdes as { events?: unknown } | undefined)?.events;
  if (!Array.isArray(events)) return [];
  const out: string[] = [];
  for (const event of events) {
    if (event && typeof event === 'object' && type in event)
      sdeStrings((event as Record<string, unknown>)[type], out);
  }
  return out;
}

/** An attribute value in the identifier's normal form (see IdentifierSchema). */
function normalise(kind: IdentifierKind, value: string): string {
  if (kind === 'email') return value.trim().toLowerCase();
  if (kind === 'phone') return value.replace(/[\s().-]/g, '');
  return value.trim();
}

/**
 * Whether a record's attributes hold exactly this identifier. The platforms' searches match substrings
 * (`ann@example.com` finds `joann@example.com`); erasing on a substring hit would delete a bystander.
 */
export function holdsIdentifier(
  sdes: unknown,
  type: AttributeType,
  id: { kind: IdentifierKind; value: string },
): boolean {
  return attributeValues(sdes, type).some((v) => normalise(id.kind, v) === id.value);
}
