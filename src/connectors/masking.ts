/**
 * Whether `text` still shows personal data, given the placeholders a platform writes over erased data:
 * empty text shows none, and neither does text made only of placeholders (repeated, or joined by
 * spaces and separators, as a masked first and last name read together). Anything else does.
 */
export function showsPersonalData(text: string | null | undefined, placeholders: readonly string[]): boolean {
  if (typeof text !== 'string') return false;
  let rest = text;
  // Longest first: the older LivePerson placeholder contains the newer one.
  for (const p of [...placeholders].filter((x) => x !== '').sort((a, b) => b.length - a.length)) {
    rest = rest.split(p).join(' ');
  }
  return rest.replace(/[\s,;:|/-]+/g, '') !== '';
}
