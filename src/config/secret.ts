// No Node import: platform settings hold secrets, and their schemas are loaded where Node's modules are
// not (the workflow sandbox). `nodejs.util.inspect.custom` is the registered symbol util.inspect uses.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A credential that cannot leak by accident: it prints, serialises and inspects as `[redacted]`.
 * Read it with `reveal()` only where it is sent.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [INSPECT](): string {
    return '[redacted]';
  }
}
