import { splitWindow, type TimeWindow } from '../domain/search-windows';
import type { StepProgress } from './call-context';
import { PlatformRejectedError } from './errors';

const iso = (ms: number): string => new Date(ms).toISOString();

/** One window's search: its results, its pages saved as steps of `progress`. */
export type WindowSearch<T> = (window: TimeWindow, progress: StepProgress) => Promise<T[]>;

/**
 * Runs `search` over each window in turn. A window the platform refuses (400) is not the end of the
 * platform: it is split in halves and each searched again, down to one day; only a refusal of the
 * narrowest window stands, and its error names the call and the window. Each window's pages are steps
 * of their own, so a retried attempt skips what was already searched.
 */
export async function searchEachWindow<T>(
  progress: StepProgress,
  where: { platform: string; operation: string },
  windows: readonly TimeWindow[],
  search: WindowSearch<T>,
): Promise<T[]> {
  const out: T[] = [];
  for (const w of windows) out.push(...(await searchSplitting(progress, where, w, search)));
  return out;
}

async function searchSplitting<T>(
  progress: StepProgress,
  where: { platform: string; operation: string },
  w: TimeWindow,
  search: WindowSearch<T>,
): Promise<T[]> {
  try {
    return await search(w, progress.scope(`${w.from}-${w.to}`));
  } catch (err) {
    if (!(err instanceof PlatformRejectedError) || err.status !== 400) throw err;
    const halves = splitWindow(w);
    if (!halves) {
      throw new PlatformRejectedError(
        { ...where, status: 400 },
        `refused even the narrowest window ${iso(w.from)}/${iso(w.to)}: ${err.platformMessage}`,
        { cause: err },
      );
    }
    const older = await searchSplitting(progress, where, halves[0], search);
    return [...older, ...(await searchSplitting(progress, where, halves[1], search))];
  }
}
