import { formatProblem, type Problem } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import type { Phase, SupervisorState } from '../supervisor/state.js';
import type { RunStats } from './run-stats.js';

/** What /status shows: states, reasons, counts and variable names, never values. */
export interface StatusDocument {
  readonly state: Phase | 'ready' | 'invalid';
  readonly ready: boolean;
  readonly reason: string | null;
  readonly blocked: readonly string[];
  /** the paas-charm line whose environment the app gets, and why */
  readonly paasCharm: { readonly line: string; readonly reason: string } | null;
  readonly app: { readonly pid: number | null; readonly restarts: number; readonly lastExit: { code: number; signal?: string } | null };
  readonly processes: readonly { name: string; phase: string; restarts: number }[];
  readonly migration: { readonly attempts: number; readonly lastCode: number | null; readonly lastDurationMs: number | null };
  /** `rock`: each of the rock's layer checks that runs, with its own count and, while down, why */
  readonly checks: { readonly failures: number; readonly down: string | null; readonly rock: readonly RockCheckView[] };
  readonly uptimeMs: number;
  readonly lastInputReloadAt: string | null;
  readonly variables: readonly string[];
  readonly zombiesReaped: number;
  /** the state dir chosen and why (null outside `run`) */
  readonly stateDir: { readonly path: string; readonly from: string; readonly usable: boolean } | null;
  /** "ok (via …)" or "unavailable: …" (src/supervisor/libc.ts); null where nothing reaps (sidecar) */
  readonly reaping: string | null;
  /** the newest inputs, while refused: every problem (never a value), since when, and what runs meanwhile */
  readonly rejectedInput: RejectedInputView | null;
}

/** One rock check as /status shows it. */
export interface RockCheckView {
  readonly name: string;
  readonly level: string | null;
  readonly status: 'up' | 'down';
  readonly failures: number;
  readonly threshold: number;
  readonly down: string | null;
}

/** Refused input as /status shows it. */
export interface RejectedInputView {
  readonly since: string;
  readonly keeping: 'the last good plan' | 'nothing: waiting for valid input';
  readonly problems: readonly string[];
}

/** The sources a status document is built from. */
export interface StatusSources {
  readonly state: SupervisorState | undefined;
  readonly plan: Plan | undefined;
  readonly stats: RunStats;
  readonly processes: readonly { name: string; phase: string; restarts: number }[];
  readonly zombiesReaped: number;
  readonly stateDir?: { readonly path: string; readonly from: string; readonly usable: boolean };
  readonly reaping?: string;
  /** the newest inputs' problems while they are refused (the plan feed's) */
  readonly rejected?: { readonly problems: readonly Problem[]; readonly since: number } | undefined;
}

/** Builds the document (pure; `now` passed in). */
export function statusDocument(s: StatusSources, now: number): StatusDocument {
  const phase = s.state?.phase;
  const blocked = s.plan?.blocked.map((b) => b.message) ?? [];
  const rock: RockCheckView[] = [...s.stats.rockChecks.values()].map((c) => ({ name: c.name, level: c.level, status: c.down === undefined ? 'up' : 'down', failures: c.failures, threshold: c.threshold, down: c.down ?? null }));
  const rockDown = rock.find((c) => c.down !== null);
  const running = phase === 'running' && s.stats.checkDown === undefined && rockDown === undefined;
  const reason = running ? null
    : s.stats.checkDown !== undefined ? `check failing: ${s.stats.checkDown}`
    : rockDown !== undefined && phase === 'running' ? `check "${rockDown.name}" failing: ${rockDown.down}`
    : phase === 'blocked' ? `blocked: ${blocked[0] ?? ''}`
    : phase === 'migrating' ? 'migrating'
    : phase === 'backoff' ? 'restarting (backoff after a crash)'
    : phase === 'stopping' ? 'stopping'
    : phase === 'starting' ? 'starting'
    : phase === 'inactive' ? 'exited and left down (its on-success / on-failure says ignore)'
    : phase === 'exited' ? 'exited'
    : s.rejected?.problems[0] !== undefined ? `invalid input: ${formatProblem(s.rejected.problems[0])}`
    : 'waiting for valid input';
  const rejectedInput: RejectedInputView | null = s.rejected === undefined ? null : {
    since: new Date(s.rejected.since).toISOString(),
    keeping: s.plan === undefined ? 'nothing: waiting for valid input' : 'the last good plan',
    problems: s.rejected.problems.map(formatProblem),
  };
  return {
    state: phase ?? 'waiting',
    ready: running,
    reason,
    blocked,
    paasCharm: s.plan?.paasCharm === undefined ? null : { line: `${s.plan.paasCharm.line}.x`, reason: s.plan.paasCharm.reason },
    app: { pid: s.state?.app?.pid ?? null, restarts: s.state?.restarts ?? 0, lastExit: s.state?.lastExit ?? null },
    processes: s.processes,
    migration: { attempts: s.stats.migrationAttempts, lastCode: s.stats.migrationLastCode ?? null, lastDurationMs: s.stats.migrationLastDurationMs ?? null },
    checks: { failures: s.stats.checkFailures, down: s.stats.checkDown ?? null, rock },
    uptimeMs: now - s.stats.startedAt,
    lastInputReloadAt: s.stats.lastInputReloadAt === 0 ? null : new Date(s.stats.lastInputReloadAt).toISOString(),
    variables: s.plan?.env.map((v) => v.name) ?? [],
    zombiesReaped: s.zombiesReaped,
    stateDir: s.stateDir ?? null,
    reaping: s.reaping ?? null,
    rejectedInput,
  };
}

const phases: readonly string[] = ['waiting', 'blocked', 'migrating', 'starting', 'running', 'stopping', 'backoff', 'inactive', 'exited'];

/** The Prometheus text exposition of a status document. */
export function metricsText(d: StatusDocument, s: RunStats): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
  };
  metric('paas_init_state', 'gauge', 'The supervisor state (1 for the current one).', phases.map((p) => [`{state="${p}"}`, d.state === p ? 1 : 0]));
  metric('paas_init_ready', 'gauge', 'Whether the app is running and ready.', [['', d.ready ? 1 : 0]]);
  metric('paas_init_app_restarts_total', 'counter', 'Restarts of the app after it exited on its own.', [['', d.app.restarts]]);
  metric('paas_init_migration_attempts_total', 'counter', 'Migration attempts.', [['', d.migration.attempts]]);
  metric('paas_init_migration_duration_seconds_sum', 'counter', 'Total time spent in migration attempts.', [['', s.migrationDurationsMsTotal / 1000]]);
  metric('paas_init_migration_last_duration_seconds', 'gauge', 'Duration of the last migration attempt.', [['', (d.migration.lastDurationMs ?? 0) / 1000]]);
  metric('paas_init_last_input_reload_timestamp_seconds', 'gauge', 'When the inputs were last re-read.', [['', s.lastInputReloadAt / 1000]]);
  metric('paas_init_check_failures_total', 'counter', 'Failed health checks.', [['', d.checks.failures]]);
  if (d.checks.rock.length > 0) {
    const label = (c: RockCheckView): string => `{check="${c.name}"}`;
    metric('paas_init_rock_check_up', 'gauge', 'Whether each of the rock\'s Pebble checks is up (1) or down (0: its threshold of failures in a row reached).', d.checks.rock.map((c) => [label(c), c.status === 'up' ? 1 : 0]));
    metric('paas_init_rock_check_failures_total', 'counter', 'Failures of each of the rock\'s Pebble checks.', d.checks.rock.map((c) => [label(c), c.failures]));
  }
  metric('paas_init_input_rejected', 'gauge', 'Whether the newest inputs are refused (the app, if any, keeps its last good plan).', [['', d.rejectedInput === null ? 0 : 1]]);
  metric('paas_init_input_problems', 'gauge', 'Problems found in the newest inputs.', [['', d.rejectedInput?.problems.length ?? 0]]);
  metric('paas_init_zombies_reaped_total', 'counter', 'Orphans reaped.', [['', d.zombiesReaped]]);
  if (d.reaping !== null) metric('paas_init_reaping_available', 'gauge', 'Whether orphans can be reaped (1), or reaping is unavailable (0: see /status).', [['', d.reaping.startsWith('ok') ? 1 : 0]]);
  metric('paas_init_uptime_seconds', 'gauge', 'Time since paas-init started.', [['', d.uptimeMs / 1000]]);
  return lines.join('\n') + '\n';
}
