import { inspect } from 'node:util';

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
  [inspect.custom](): string {
    return '[redacted]';
  }
}
