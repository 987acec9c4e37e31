const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '<redacted>';

/**
 * A value that must never be printed. Every way of turning it into text (template strings,
 * JSON.stringify, util.inspect, console.log) yields `<redacted>`; only reveal() gives the value,
 * and only the code that hands env to a child process calls it.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** the real value: for a child's environment or a connection, never for output */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspectSymbol](): string {
    return REDACTED;
  }
  /** compares values without revealing them to the caller */
  equals(other: Secret): boolean {
    return this.#value === other.#value;
  }
}

/** The text shown wherever a secret value would be. */
export const redacted = REDACTED;

/** A value that may or may not be sensitive. */
export type MaybeSecret = string | Secret;

/** The real text of a value (for a child's environment only). */
export function revealValue(v: MaybeSecret): string {
  return typeof v === 'string' ? v : v.reveal();
}

/** The printable text of a value: secrets become `<redacted>`. */
export function displayValue(v: MaybeSecret): string {
  return typeof v === 'string' ? v : REDACTED;
}
