import { UsageError } from '../errors.js';
import { parseChecks, pebbleCheckPolicy, type CheckPolicy, type CheckSpec } from '../health/checks.js';
import { defaultMigrationTimeoutMs } from '../migrate/retry-policy.js';
import type { PolicySettings } from '../supervisor/exit-policy.js';
import { parseStatusAddr } from '../status/server.js';
import { choice, duration, httpUrl, inputFlags, positiveInt, str, type Flags } from './args.js';

/** Flags of `run`. */
export const runFlags = {
  ...inputFlags,
  grace: { type: 'string' },
  'on-exit': { type: 'string' },
  'signal-group': { type: 'boolean' },
  'max-attempts': { type: 'string' },
  'migrate-timeout': { type: 'string' },
  'require-lock': { type: 'boolean' },
  'wait-for-relations': { type: 'boolean' },
  'status-addr': { type: 'string' },
  'ready-url': { type: 'string' },
  'check-http': { type: 'string', multiple: true },
  'check-tcp': { type: 'string', multiple: true },
  'check-exec': { type: 'string', multiple: true },
  'check-period': { type: 'string' },
  'check-timeout': { type: 'string' },
  'check-threshold': { type: 'string' },
} as const;

/** `run`'s settings, checked once at the boundary. */
export interface RunOptions {
  /** --grace, or its default: migrations' and (unless a layer's kill-delay says otherwise) every process's */
  readonly graceMs: number;
  /** the app's policy settings: --on-exit and --grace, when given, win over its layer */
  readonly appPolicy: PolicySettings;
  readonly signalGroup: boolean;
  readonly maxAttempts: number;
  readonly migrateTimeoutMs: number;
  /** refuse to migrate with no lock at all */
  readonly requireLock: boolean;
  readonly waitForRelations: boolean;
  /** the status server's address as given (for logs), and parsed */
  readonly statusLabel: string;
  readonly listen: { host: string | undefined; port: number } | 'off';
  readonly readyUrl: string | undefined;
  readonly checks: readonly CheckSpec[];
  readonly checkPolicy: CheckPolicy;
}

/** `--grace`'s default: under Kubernetes' 30 s termination grace. */
export const defaultGraceMs = 25_000;

/** `run`'s policy settings for the app with no flags given (what `check` shows). */
export function defaultAppPolicy(projectMode: boolean): PolicySettings {
  return { defaults: { onExit: projectMode ? 'restart' : 'shutdown', graceMs: defaultGraceMs }, flags: {} };
}

/** Reads `run`'s own flags; `projectMode` (a project file was found) changes two defaults. */
export function runOptions(flags: Flags, projectMode: boolean): RunOptions {
  const graceMs = duration(flags, 'grace', defaultGraceMs);
  const onExit = choice(flags, 'on-exit', ['restart', 'exit'] as const, projectMode ? 'restart' : 'exit');
  // Only flags given on the command line win over the rock's layer: paas-init's own "exit" is Pebble's "shutdown".
  const appPolicy: PolicySettings = {
    defaults: defaultAppPolicy(projectMode).defaults,
    flags: {
      ...(str(flags, 'on-exit') === undefined ? {} : { onExit: onExit === 'exit' ? 'shutdown' : 'restart' }),
      ...(str(flags, 'grace') === undefined ? {} : { graceMs }),
    },
  };
  const maxAttempts = positiveInt(flags, 'max-attempts', Number.POSITIVE_INFINITY);
  const migrateTimeoutMs = duration(flags, 'migrate-timeout', defaultMigrationTimeoutMs);
  // Plain init mode is quiet like tini: no status server unless asked for.
  const statusLabel = str(flags, 'status-addr') ?? (projectMode ? ':9191' : 'off');
  const listen = parseStatusAddr(statusLabel);
  if (listen === undefined) throw new UsageError(`--status-addr: expected [HOST]:PORT or off, got ${JSON.stringify(statusLabel)}`);
  return {
    graceMs, appPolicy, maxAttempts, migrateTimeoutMs, statusLabel, listen,
    signalGroup: flags['signal-group'] === true,
    requireLock: flags['require-lock'] === true,
    waitForRelations: flags['wait-for-relations'] === true,
    ...healthOptions(flags),
    readyUrl: httpUrl(str(flags, 'ready-url'), '--ready-url'),
  };
}

function healthOptions(flags: Flags): { checks: readonly CheckSpec[]; checkPolicy: CheckPolicy } {
  const checks = parseChecks(list(flags['check-http']), list(flags['check-tcp']), list(flags['check-exec']));
  if (typeof checks === 'string') throw new UsageError(checks);
  const checkPolicy = {
    periodMs: duration(flags, 'check-period', pebbleCheckPolicy.periodMs),
    timeoutMs: duration(flags, 'check-timeout', pebbleCheckPolicy.timeoutMs),
    threshold: positiveInt(flags, 'check-threshold', pebbleCheckPolicy.threshold),
  };
  if (checkPolicy.timeoutMs >= checkPolicy.periodMs) throw new UsageError(`--check-timeout: must be shorter than --check-period (${checkPolicy.periodMs} ms), got ${checkPolicy.timeoutMs} ms`);
  return { checks, checkPolicy };
}

function list(v: string | boolean | string[] | undefined): string[] {
  return Array.isArray(v) ? v : [];
}
