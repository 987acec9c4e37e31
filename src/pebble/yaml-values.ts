// Readers of a layer's failsafe-schema values (every scalar a string): each gives the value in
// the shape a field wants, or undefined when the value is of another kind; and the field reader
// that services, checks and their sections are read with.
import { describeFound } from '../errors.js';

/** Reports a problem with one key (relative to what is being read): what was expected, what was found. */
export type Report = (key: string, expected: string, found: string) => void;

/** Reads one field: undefined when unset; a value `read` refuses is reported as `expected`. */
export type FieldReader = <T>(key: string, read: (v: unknown) => T | undefined, expected: string) => T | undefined;

/** Reads fields of `value` (keys under `at`): unset is undefined, a value of the wrong kind is reported; unknown keys are reported too. */
export function fieldReader(value: Record<string, unknown>, at: string, report: Report, known: readonly string[], what: string): FieldReader {
  const key = (k: string): string => (at === '' ? k : `${at}.${k}`);
  for (const k of Object.keys(value)) if (!known.includes(k)) report(key(k), what, 'an unknown key');
  return (k, read, expected) => {
    const v = value[k];
    if (v === undefined || v === null || v === '') return undefined;
    const got = read(v);
    if (got === undefined) report(key(k), expected, describeFound(v));
    return got;
  };
}

/** `v` when it is one of `allowed` (or unset); anything else is reported and taken as unset. */
export function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], key: string, report: Report): T | undefined {
  if (v === undefined || (allowed as readonly string[]).includes(v)) return v as T | undefined;
  report(key, allowed.join(' or '), JSON.stringify(v));
  return undefined;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function whole(v: unknown): number | undefined {
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function names(v: unknown): readonly string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

export function stringMap(v: unknown): Readonly<Record<string, string>> | undefined {
  return isMap(v) && Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : undefined;
}

/** Only `{ key: v }` when v is set, so that unset fields stay out of the object. */
export function only<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

/** `o` without its unset fields: what a layer sets, as merges and results keep it. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
