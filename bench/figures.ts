/** One measured number: printed as `<suite>.<name> <value> <unit>`. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Rounds for printing without losing small values. */
export const round = (v: number, digits = 3): number => Number(v.toPrecision(digits + 2));

/** Milliseconds taken by `fn`. */
export async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
