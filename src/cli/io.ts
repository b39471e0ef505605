import { printable } from '../domain/printable';

/** Where the CLI writes: lines to standard output and standard error; `tty` when a person watches. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Standard output is a terminal: `watch` redraws in place instead of printing a line per change. */
  readonly tty?: boolean;
}

/** What commands write through: every line made printable, with two deliberate exceptions. */
export interface SafeIo extends Io {
  /** A line exactly as given: a certificate's bytes, which a verifier checks one by one. */
  exact(line: string): void;
  /** Clears the terminal, then writes the text (made printable): `watch` on a terminal. */
  redraw(text: string): void;
}

/** Clear the screen and home the cursor: the only terminal sequence the CLI sends on purpose. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** Wraps an Io so nothing from data can drive the terminal (see printable). */
export function safeIo(io: Io): SafeIo {
  return {
    out: (line) => io.out(printable(line)),
    err: (line) => io.err(printable(line)),
    exact: (line) => io.out(line),
    redraw: (text) => io.out(`${CLEAR_SCREEN}${printable(text)}`),
    ...(io.tty !== undefined ? { tty: io.tty } : {}),
  };
}
