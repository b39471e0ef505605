/**
 * The numbers a tag's subject is seeded with, decided by the tag alone: the phone (from the UK's range
 * for drama), the phone of a bystander on another platform and the id of their chat engagement. Subjects sharing
 * a simulator must not share one, or erasing one would erase the other's records: whoever seeds many
 * (the soak) picks tags whose numbers differ.
 */
export function tagNumbers(tag: string): { phone: string; bystanderPhone: string; chatId: string } {
  const h = hash(tag);
  return {
    phone: `+4477009${String(h % 100_000).padStart(5, '0')}`,
    bystanderPhone: `+4477009${String((h + 1) % 100_000).padStart(5, '0')}`,
    chatId: String(4_295_067_780 + (h % 1_000_000_000)),
  };
}

/** A small stable hash of a tag (not for security). */
export function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}
