/**
 * Every line paas-init logs is one of these events (no free-form strings), so the formatter
 * is the only place that decides how a field looks, and secrets cannot slip in as text.
 * Event names are `noun.verb` in the past tense.
 * Events about a worker or scheduler carry `process` (its name) as well.
 */
export type LogEvent =
  | { readonly event: 'supervisor.started'; readonly pid: number; readonly mode: 'init' | 'project'; readonly project?: string }
  | { readonly event: 'supervisor.exiting'; readonly code: number }
  | { readonly event: 'reaper.unavailable'; readonly reason: string }
  | { readonly event: 'reaper.ready'; readonly reaping: string }
  | { readonly event: 'app.blocked'; readonly msg: string }
  | { readonly event: 'app.started'; readonly pid: number; readonly command: string }
  | { readonly event: 'app.exited'; readonly pid: number; readonly code: number; readonly signal?: string; readonly uptimeMs: number }
  | { readonly event: 'app.spawn-failed'; readonly command: string; readonly error: string }
  | { readonly event: 'app.restart-scheduled'; readonly delayMs: number; readonly restarts: number }
  /** its on-success / on-failure says `ignore`: it stays down */
  | { readonly event: 'app.exit-ignored'; readonly on: 'on-success' | 'on-failure'; readonly code: number }
  /** a rock service's on-success / on-failure stops everything; paas-init then exits with `exitCode` */
  | { readonly event: 'app.shutdown-triggered'; readonly on: 'on-success' | 'on-failure'; readonly action: string; readonly exitCode: number }
  | { readonly event: 'app.stopping'; readonly pid: number; readonly reason: string; readonly graceMs: number }
  | { readonly event: 'app.killed'; readonly pid: number; readonly afterMs: number }
  | { readonly event: 'app.abandoned'; readonly pid: number; readonly afterMs: number }
  | { readonly event: 'signal.forwarded'; readonly signal: string; readonly pid: number }
  | { readonly event: 'orphans.signalled'; readonly signal: string; readonly count: number }
  | { readonly event: 'orphans.killed'; readonly count: number }
  | { readonly event: 'zombie.reaped'; readonly pid: number; readonly code: number }
  | { readonly event: 'inputs.changed'; readonly restart: boolean; readonly names?: string }
  | { readonly event: 'inputs.invalid'; readonly msg: string; readonly keeping: 'the last good plan' | 'nothing: waiting for valid input' }
  | { readonly event: 'inputs.static'; readonly path: string; readonly msg: string }
  | { readonly event: 'relation.waiting'; readonly relation: string; readonly addr: string }
  | { readonly event: 'relation.reachable'; readonly relation: string; readonly addr: string }
  | { readonly event: 'scheduler.unit-unknown'; readonly msg: string }
  | { readonly event: 'secret-key.generated'; readonly path: string }
  | { readonly event: 'secret-key.ephemeral'; readonly path: string; readonly error: string }
  | { readonly event: 'secret-key.not-shared'; readonly msg: string }
  | { readonly event: 'migration.started'; readonly attempt: number; readonly command: string }
  | { readonly event: 'migration.finished'; readonly attempt: number; readonly code: number; readonly durationMs: number }
  | { readonly event: 'migration.failed'; readonly attempt: number; readonly code: number; readonly durationMs: number; readonly retryInMs?: number; readonly reason?: string }
  | { readonly event: 'migration.lock-waiting'; readonly lock: string; readonly holder?: string }
  | { readonly event: 'migration.lock-acquired'; readonly lock: string; readonly waitedMs: number }
  | { readonly event: 'migration.lock-error'; readonly lock: string; readonly error: string }
  | { readonly event: 'migration.lock-unavailable'; readonly lock: string; readonly error: string; readonly msg: string }
  | { readonly event: 'state-dir.chosen'; readonly path: string; readonly from: string; readonly usable: boolean; readonly msg: string }
  | { readonly event: 'service.user-kept'; readonly process: string; readonly user: string; readonly msg: string }
  | { readonly event: 'check.failed'; readonly detail: string; readonly failures: number; readonly check?: string }
  /** `check` and `service`: a rock's layer check, and the service whose on-check-failure acts (none: nothing acts) */
  | { readonly event: 'check.down'; readonly detail: string; readonly action: string; readonly check?: string; readonly service?: string; readonly exitCode?: number }
  | { readonly event: 'check.up'; readonly check: string }
  | { readonly event: 'sidecar.env-written'; readonly path: string; readonly names: number }
  | { readonly event: 'sidecar.env-write-failed'; readonly path: string; readonly error: string }
  | { readonly event: 'env.names-left-out'; readonly path: string; readonly names: string; readonly msg: string }
  | { readonly event: 'sidecar.signalled'; readonly process: string; readonly signal: string; readonly pids: string }
  | { readonly event: 'plan-file.write-failed'; readonly path: string; readonly error: string }
  | { readonly event: 'status.listening'; readonly addr: string }
  | { readonly event: 'status.failed'; readonly addr: string; readonly error: string }
  | { readonly event: 'internal.error'; readonly msg: string };

/** Severity, derived from the event name. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levels: Partial<Record<LogEvent['event'], LogLevel>> = {
  'reaper.unavailable': 'warn',
  'reaper.ready': 'debug',
  'app.blocked': 'warn',
  'app.spawn-failed': 'error',
  'app.killed': 'warn',
  'app.abandoned': 'error',
  'app.shutdown-triggered': 'warn',
  'orphans.killed': 'warn',
  'inputs.invalid': 'error',
  'inputs.static': 'warn',
  'env.names-left-out': 'warn',
  'sidecar.env-write-failed': 'error',
  'secret-key.ephemeral': 'warn',
  'scheduler.unit-unknown': 'warn',
  'secret-key.not-shared': 'warn',
  'migration.failed': 'error',
  'migration.lock-error': 'warn',
  'migration.lock-unavailable': 'warn',
  'service.user-kept': 'warn',
  'status.failed': 'error',
  'check.failed': 'warn',
  'check.down': 'error',
  'check.up': 'info',
  'internal.error': 'error',
  'zombie.reaped': 'debug',
  'signal.forwarded': 'debug',
};

/** The level an event is logged at. */
export function levelOf(e: LogEvent): LogLevel {
  return levels[e.event] ?? 'info';
}
