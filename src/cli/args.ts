import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import type { PathOptions } from '../inputs/input-paths.js';
import type { CommandLineInputs } from '../inputs/read-inputs.js';
import type { LogLevel } from '../log/events.js';
import type { LogFormat } from '../log/logger.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Flags every verb that reads the inputs accepts. */
export const inputFlags: OptionSpecs = {
  root: { type: 'string' },
  project: { type: 'string' },
  'paas-config': { type: 'string' },
  'paas-charm-line': { type: 'string' },
  'config-dir': { type: 'string' },
  'secrets-dir': { type: 'string' },
  'bindings-dir': { type: 'string' },
  'app-dir': { type: 'string' },
  'state-dir': { type: 'string' },
  'pebble-layers': { type: 'string' },
  set: { type: 'string', multiple: true },
  relation: { type: 'string', multiple: true },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  port: { type: 'string' },
  'unit-id': { type: 'string' },
  process: { type: 'string', multiple: true },
  'log-format': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Parsed flags: strings, booleans and repeated strings, keyed by flag name. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Parses a verb's arguments; everything after `--` is the command. Unknown flags are usage errors. */
export function parseVerbArgs(verb: string, argv: readonly string[], options: OptionSpecs): { flags: Flags; command: string[] | undefined } {
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const command = dash === -1 ? undefined : argv.slice(dash + 1);
  try {
    const { values, positionals } = parseArgs({ args: [...own], options, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw new UsageError(`${verb}: unexpected argument "${positionals[0]}"; put the command after "--"`);
    return { flags: values as Flags, command };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = e instanceof Error ? e.message.replace(/\. To specify.*$/s, '').replace(/^Unknown option/, 'unknown flag') : String(e);
    throw new UsageError(`${verb}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}; see "paas-init ${verb} --help"`);
  }
}

/** A string flag, or undefined. */
export function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** The path flags, as resolveInputPaths wants them. */
export function pathOptions(flags: Flags): PathOptions {
  const pick = (k: string): string | undefined => str(flags, k);
  const entries: [keyof PathOptions, string | undefined][] = [
    ['root', pick('root')], ['project', pick('project')], ['paasConfig', pick('paas-config')], ['configDir', pick('config-dir')], ['secretsDir', pick('secrets-dir')],
    ['bindingsDir', pick('bindings-dir')], ['appDir', pick('app-dir')], ['stateDir', pick('state-dir')],
    ['pebbleLayers', pick('pebble-layers')],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as PathOptions;
}

/** `--set k=v` and `--relation endpoint=URI`, split at the first `=`. */
export function commandLineInputs(flags: Flags): CommandLineInputs {
  return { sets: pairs(flags.set, '--set', 'option=value'), relations: pairs(flags.relation, '--relation', 'endpoint=URI') };
}

/** `--process NAME=CMD`. */
export function commandLineProcesses(flags: Flags): [string, string][] {
  return pairs(flags.process, '--process', 'NAME=COMMAND');
}

function pairs(raw: Flags[string], flag: string, shape: string): [string, string][] {
  const list = Array.isArray(raw) ? raw : [];
  return list.map((item) => {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag}: expected ${shape}, got ${JSON.stringify(item.split('=')[0])} without "="`);
    return [item.slice(0, i), item.slice(i + 1)];
  });
}

/** `--log-format text|json`. */
export function logFormat(flags: Flags): LogFormat {
  const v = str(flags, 'log-format') ?? 'text';
  if (v !== 'text' && v !== 'json') throw new UsageError(`--log-format: expected text or json, got ${JSON.stringify(v)}`);
  return v;
}

/** `--log-level debug|info|warn|error`. */
export function logLevel(flags: Flags): LogLevel {
  return choice(flags, 'log-level', ['debug', 'info', 'warn', 'error'] as const, 'info');
}

/** One of a small set of allowed values, named in the error (execa style). */
export function choice<T extends string>(flags: Flags, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(flags, name) ?? fallback;
  if (!allowed.includes(v as T)) throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** A duration like `25s`, `500ms`, `2m` or a bare number of seconds, in milliseconds. */
export function duration(flags: Flags, name: string, fallbackMs: number): number {
  const v = str(flags, name);
  if (v === undefined) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (m === null) throw new UsageError(`--${name}: expected a duration like 25s, 500ms or 2m, got ${JSON.stringify(v)}`);
  const n = Number(m[1]);
  const ms = Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
  // Node's timers hold at most 2^31-1 ms (24.8 days); a longer one would fire at once.
  if (ms > maxTimerMs) throw new UsageError(`--${name}: expected a duration of at most 24 days, got ${JSON.stringify(v)}`);
  return ms;
}

const maxTimerMs = 2 ** 31 - 1;

/** A positive whole number flag. */
export function positiveInt(flags: Flags, name: string, fallback: number): number {
  const v = str(flags, name);
  if (v === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--${name}: expected a positive whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** An http(s) URL given by a flag (or the variable named by `what`), checked where it is read. */
export function httpUrl(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new UsageError(`${what}: expected an http or https URL like http://app.example.com:8000, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A Kubernetes namespace name (an RFC 1123 label), the base URL's host part. */
export function namespaceName(value: string | undefined, what: string): string | undefined {
  if (value === undefined || /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) return value;
  throw new UsageError(`${what}: expected a namespace name (lower-case letters, digits and "-", at most 63), got ${JSON.stringify(value)}`);
}

/** A TCP port number, 1 to 65535 (0, "any free port", only where `allowZero`). */
export function portNumber(value: string, what: string, allowZero = false): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n <= 65535 && (n > 0 || (allowZero && n === 0)))) throw new UsageError(`${what}: expected a port number (${allowZero ? 0 : 1} to 65535), got ${JSON.stringify(value)}`);
  return n;
}

/** A file mode flag in octal, like 0640 (at most rw for owner, group and others: no exec or set-id bits). */
export function fileMode(flags: Flags, name: string, fallback: number): number {
  const v = str(flags, name);
  if (v === undefined) return fallback;
  if (!/^0?[0-6][0-6][0-6]$/.test(v)) throw new UsageError(`--${name}: expected an octal file mode like 0600 or 0640, got ${JSON.stringify(v)}`);
  return parseInt(v, 8);
}

/** A numeric group id flag (the image may have no /etc/group to look a name up in). */
export function groupId(flags: Flags, name: string): number | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,10}$/.test(v) || Number(v) > 0xfffffffe) throw new UsageError(`--${name}: expected a numeric group id like 10001, got ${JSON.stringify(v)}`);
  return Number(v);
}
