/** Where the CLI writes: lines to standard output and standard error; `tty` when a person watches. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Standard output is a terminal: `watch` redraws in place instead of printing a line per change. */
  readonly tty?: boolean;
}
