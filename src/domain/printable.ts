/**
 * Text from data made safe to print: what a terminal would obey rather than show is shown as `\uXXXX`.
 * That is C0 controls (ESC, which starts every terminal sequence, among them), DEL, C1 controls (CSI and
 * OSC among them), the Unicode line and paragraph separators, and the bidirectional marks, embeddings,
 * overrides and isolates that reorder what a reader sees. The escape is JSON's own, so a JSON line made
 * printable is still the same JSON.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_NEWLINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Output text with every unsafe character escaped; its own line breaks kept. */
export const printable = (text: string): string => text.replace(UNSAFE, escaped);

/** A value from data inside one line: line breaks escaped too, so data cannot forge a line of its own. */
export const inline = (text: string): string => text.replace(UNSAFE_OR_NEWLINE, escaped);

/** Whether text would print as it is (line breaks allowed). */
export const isPrintable = (text: string): boolean => printable(text) === text;
