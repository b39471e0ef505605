/** A closed time interval in epoch ms, as the platforms' search APIs take it. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Consecutive windows of at most `windowMs` covering `[now − lookbackMs, now]`, newest first: the
 * search APIs cap the interval of one query, and a subject's history spans the whole retention period.
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
