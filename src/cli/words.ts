/** Small ways of saying things in 80 columns: durations, times to the second, short ids, plurals. */

const DAY = 86_400_000;

/** `1 conversation`, `2 conversations`. */
export const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** A duration in its two largest units: `3d 4h`, `2h 05m`, `4m 09s`, `12s`, `250ms`. */
export function duration(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  if (t < 1000) return `${t}ms`;
  const s = Math.floor(t / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor(s / 3600) % 24}h`;
}

/** An ISO instant to the second, in UTC: `2026-12-06T18:44:23Z`. Anything else is shown as it is. */
export const toSecond = (iso: string): string =>
  iso.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+Z$/, '$1Z');

/** An ISO instant to the minute, for tables: `2026-12-06 18:44`. */
export const toMinute = (iso: string): string =>
  iso.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(?:\.\d+)?Z$/, '$1 $2');

/** An erasure id shortened for a table: `erasure-1a2b3c4d…` (the whole id with --wide or --json). */
export const shortId = (id: string): string => (id.length > 17 ? `${id.slice(0, 16)}…` : id);

/**
 * How long an erasure has run, and on a compressed clock (a day shorter than a day) which of its days
 * it is in: what an operator watching a demo or a test needs to read the phases.
 */
export function elapsedLine(startedAt: string, until: Date, dayMs: number): string | undefined {
  const started = Date.parse(startedAt);
  if (Number.isNaN(started)) return undefined;
  const ms = until.getTime() - started;
  const virtual =
    dayMs < DAY
      ? `  (day ${Math.floor(Math.max(0, ms) / dayMs) + 1} on a compressed clock: a day lasts ${duration(dayMs)})`
      : '';
  return `elapsed   ${duration(ms)}${virtual}`;
}

/** What human output fits in by default (`--json` and `--wide` do not wrap). */
export const COLUMNS = 80;

/**
 * Lines longer than `width` broken at spaces, the continuation indented under the line's value (after a
 * `label  ` column) or four spaces in. A word longer than the width (a long id) is left whole.
 */
export function wrapToWidth(lines: readonly string[], width = COLUMNS): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    const label = /^(\s*\S+(?: \S+)?\s{2,})/.exec(line)?.[1]?.length;
    const indent = ' '.repeat(
      label !== undefined && label < width / 2 ? label : (/^\s*/.exec(line)?.[0].length ?? 0) + 4,
    );
    let rest = line;
    let first = true;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      const floor = first ? 0 : indent.length;
      if (cut <= floor) break;
      out.push(rest.slice(0, cut).trimEnd());
      rest = indent + rest.slice(cut + 1).trimStart();
      first = false;
    }
    out.push(rest);
  }
  return out;
}
