/** A closed time interval in epoch ms, as the platforms' search APIs take it. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

const TEN_MINUTES = 600_000;

/**
 * Consecutive windows of at most `windowMs` covering `[now − lookbackMs, now]`, newest first: for search
 * APIs whose interval limit is a fixed duration (Genesys analytics, by assumption: see the README's
 * contract audit). Calendar limits use `calendarWindows`.
 */
export function searchWindows(now: number, lookbackMs: number, windowMs: number): TimeWindow[] {
  if (!(Number.isFinite(windowMs) && Number.isFinite(lookbackMs) && windowMs > 0 && lookbackMs > 0)) {
    throw new RangeError('window and lookback must be positive, finite durations');
  }
  const windows: TimeWindow[] = [];
  const start = now - lookbackMs;
  for (let to = now; to > start; to -= windowMs) {
    windows.push({ from: Math.max(start, to - windowMs), to });
  }
  return windows;
}

/**
 * The same instant `months` calendar months later (earlier when negative), in UTC; a day the target
 * month lacks becomes its last day (31 January + 1 month = 28 or 29 February).
 */
export function addUtcMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const monthIndex = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), monthIndex + 1, 0)).getUTCDate();
  return Date.UTC(
    d.getUTCFullYear(),
    monthIndex,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/**
 * Whether a window keeps a limit of `months` calendar months: it may run from a day to the same day of
 * the month `months` later, never longer (LivePerson: "one month" for Engagement History, "three months"
 * for Messaging Interactions; platform-contracts §0).
 */
export function withinCalendarMonths(w: TimeWindow, months: number): boolean {
  return w.from <= w.to && w.to <= addUtcMonths(w.from, months);
}

/** `ms` on a multiple of ten minutes, down or up: LivePerson rounds `start.from` down and `start.to` up. */
export function alignTenMinutes(ms: number, direction: 'down' | 'up'): number {
  const down = Math.floor(ms / TEN_MINUTES) * TEN_MINUTES;
  return direction === 'down' || down === ms ? down : down + TEN_MINUTES;
}

/**
 * The earliest instant a window ending at `to` may start and keep a limit of `months` calendar months:
 * the same day `months` earlier, or, where that month is too short for the day (31 March back to
 * February), midnight of the following day.
 */
export function earliestStart(to: number, months: number): number {
  let from = addUtcMonths(to, -months);
  while (!withinCalendarMonths({ from, to }, months)) {
    const d = new Date(from);
    from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  }
  return from;
}

/**
 * Consecutive windows covering `[start, end]`, newest first, each within `months` calendar months and
 * each starting where the older one ends. With `start` and `end` on ten-minute marks, every boundary is
 * on one too, so the platform's rounding cannot widen a window past its limit.
 */
export function calendarWindows(start: number, end: number, months: number): TimeWindow[] {
  if (!(Number.isInteger(months) && months > 0)) throw new RangeError('months must be a positive integer');
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) {
    throw new RangeError('a search needs a finite start before its end');
  }
  const windows: TimeWindow[] = [];
  for (let to = end; to > start; ) {
    const from = Math.max(start, earliestStart(to, months));
    windows.push({ from, to });
    to = from;
  }
  return windows;
}

/** The narrowest window a refused search is split down to: one day. */
export const NARROWEST_WINDOW_MS = 86_400_000;

/**
 * A refused window's two halves, split on a ten-minute mark; undefined once the window is one day or
 * less (the refusal then stands).
 */
export function splitWindow(w: TimeWindow): [TimeWindow, TimeWindow] | undefined {
  if (w.to - w.from <= NARROWEST_WINDOW_MS) return undefined;
  const mid = alignTenMinutes(w.from + (w.to - w.from) / 2, 'down');
  if (mid <= w.from || mid >= w.to) return undefined;
  return [
    { from: w.from, to: mid },
    { from: mid, to: w.to },
  ];
}
