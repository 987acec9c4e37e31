/** Exit codes of paas-init's own verdicts; the app's code passes through untouched otherwise. */
export const ExitCode = {
  ok: 0,
  /** invalid input or usage */
  invalid: 1,
  /** `env`/`check`: a required relation or option is missing */
  blocked: 2,
  /** a rock service's on-failure (or on-success) action shut paas-init down as a failure: Pebble's code for it */
  serviceFailure: 10,
  /** a rock check's going down shut paas-init down (on-check-failure shutdown): Pebble's code for it */
  checkFailure: 11,
} as const;

/** One thing wrong with an input: where it is, what was expected, what was found (never a secret value). */
export interface Problem {
  readonly file: string;
  readonly key?: string;
  readonly expected: string;
  readonly found: string;
  /** what happens next, e.g. "app is blocked until the relation is ready" */
  readonly consequence?: string;
}

/** Renders a problem as one lower-case sentence: `file: key: expected X, got Y[; consequence]`. */
export function formatProblem(p: Problem): string {
  const where = p.key === undefined ? p.file : `${p.file}: ${p.key}`;
  const tail = p.consequence === undefined ? '' : `; ${p.consequence}`;
  return `${where}: expected ${p.expected}, got ${p.found}${tail}`;
}

/** Raised by shells when inputs are unusable; carries every problem found, not only the first. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Bad command line: unknown verb, flag or malformed flag value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Describes what a raw value looks like without revealing it (for `found` in problems). */
export function describeFound(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'bigint') return `integer ${value}`;
  if (typeof value === 'number') return `number ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a map';
}
