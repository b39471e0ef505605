import { closeSync, openSync, readSync } from 'node:fs';

/** Thrown when a file or standard input holds more than the reader takes; nothing past the bound was read. */
export class InputTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
    this.name = 'InputTooLargeError';
  }
}

const CHUNK = 64 * 1024;

/** Blocks this thread briefly: standard input may be a non-blocking pipe with nothing in it yet. */
const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Reads a file, or an open descriptor (0: standard input), as UTF-8, stopping at `limit` bytes: a huge
 * or endless input is refused without being held in memory.
 */
export function readBounded(source: string | number, limit: number): string {
  const fd = typeof source === 'number' ? source : openSync(source, 'r');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(CHUNK);
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          pause(10);
          continue;
        }
        if (code === 'EOF') break;
        throw err;
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw new InputTooLargeError(limit);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    if (typeof source !== 'number') closeSync(fd);
  }
}

/** A size for people: `1 MiB`, `256 KiB`. */
export const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
