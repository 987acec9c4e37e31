// The supervisor's state machine, pure: (state, event) → (state, effects). The shell in
// run-loop.ts carries out the effects (spawn, signal, timers, migration, exit) and feeds back
// events. Nothing here touches a process or a clock: time arrives inside events.
//
// Transition table (→ new phase; [effects]); anything not listed is an internal error, logged:
//
//   waiting    plan: blocked → blocked [log]; needs migration → migrating [migrate]; else → starting [spawn]
//   blocked    plan: as waiting (logs only when the reason changes)
//   migrating  migrated ok → (evaluate); migrated failed → exited [exit 1]
//              plan: blocked → blocked [abort-migration]; relations changed → migrating [abort, migrate]
//   starting   started → running; exited (spawn failed) → as running+exited
//   running    exited: on-exit exit → exited [exit code]; else → backoff [timer]
//              plan: blocked → stopping(blocked) [TERM, kill timer]; env changed → stopping(restart) [TERM, kill timer]
//   stopping   exited: shutdown → exited [exit code]; else (evaluate); kill-elapsed → stopping [KILL]
//   backoff    backoff-elapsed → (evaluate); plan with changed env → (evaluate) [cancel timer]
//   any        shutdown: running/starting → stopping [TERM, kill timer]; migrating → stopping [abort];
//              others → exited [exit 0]; forward: running/stopping → [signal]
//
// "evaluate" is the waiting-phase rule applied to the current desired plan.
import type { LogEvent } from '../log/events.js';
import type { Secret } from '../log/secret.js';
import { nextBackoff, shouldResetBackoff, withJitter, type BackoffPolicy } from './backoff.js';

/** What should run, derived from the last good plan. */
export interface Desired {
  /** paas-charm's blocked message, when the app must not run */
  readonly blocked: string | undefined;
  /** env + command: when it changes, the app restarts */
  readonly envKey: Secret;
  /** relation data: when it changes, migrations run again */
  readonly relationKey: Secret;
  readonly hasMigration: boolean;
  readonly command: string;
}

/** The supervisor's phases. */
export type Phase = 'waiting' | 'blocked' | 'migrating' | 'starting' | 'running' | 'stopping' | 'backoff' | 'exited';

/** Why a running app is being stopped. */
export type StopReason = 'restart' | 'blocked' | 'shutdown' | 'unhealthy';

/** Everything the machine remembers. */
export interface SupervisorState {
  readonly phase: Phase;
  readonly desired: Desired | undefined;
  readonly app: { readonly pid: number; readonly startedAt: number; readonly envKey: Secret } | undefined;
  /** the current restart delay before jitter; 0 when not backing off */
  readonly backoffMs: number;
  readonly restarts: number;
  /** the relation data the last successful migration ran for */
  readonly migratedFor: Secret | undefined;
  readonly stopFor: StopReason | undefined;
  readonly shuttingDown: boolean;
  readonly lastBlocked: string | undefined;
  readonly lastExit: { readonly code: number; readonly signal?: string } | undefined;
  readonly exitCode: number | undefined;
}

/** Inputs to the machine. */
export type SupervisorEvent =
  | { readonly type: 'plan'; readonly desired: Desired }
  | { readonly type: 'started'; readonly pid: number; readonly now: number }
  | { readonly type: 'exited'; readonly pid: number; readonly code: number; readonly signal?: string; readonly now: number }
  | { readonly type: 'backoff-elapsed' }
  | { readonly type: 'kill-elapsed' }
  | { readonly type: 'shutdown'; readonly signal: string }
  | { readonly type: 'forward'; readonly signal: string }
  | { readonly type: 'migrated'; readonly ok: boolean; readonly relationKey: Secret }
  | { readonly type: 'unhealthy'; readonly reason: string };

/** Outputs of the machine, carried out in order by the shell. */
export type Effect =
  | { readonly kind: 'spawn' }
  | { readonly kind: 'signal'; readonly signal: string }
  | { readonly kind: 'start-timer'; readonly timer: 'backoff' | 'kill'; readonly ms: number }
  | { readonly kind: 'cancel-timer'; readonly timer: 'backoff' | 'kill' }
  | { readonly kind: 'migrate' }
  | { readonly kind: 'abort-migration' }
  | { readonly kind: 'log'; readonly event: LogEvent }
  | { readonly kind: 'exit'; readonly code: number };

/** Fixed settings of one supervisor. */
export interface MachineConfig {
  readonly onExit: 'restart' | 'exit';
  readonly graceMs: number;
  readonly backoff: BackoffPolicy;
  /** a number in [0, 1) for jitter; injected so tests are deterministic */
  readonly random: () => number;
}

/** The state before any plan arrived. */
export const initialState: SupervisorState = {
  phase: 'waiting', desired: undefined, app: undefined, backoffMs: 0, restarts: 0, migratedFor: undefined,
  stopFor: undefined, shuttingDown: false, lastBlocked: undefined, lastExit: undefined, exitCode: undefined,
};

/** The result of one transition. */
export interface Step {
  readonly state: SupervisorState;
  readonly effects: readonly Effect[];
}

/** Applies one event. */
export function transition(s: SupervisorState, e: SupervisorEvent, cfg: MachineConfig): Step {
  if (s.phase === 'exited') return { state: s, effects: [] };
  switch (e.type) {
    case 'plan': return onPlan(s, e.desired, cfg);
    case 'started': return onStarted(s, e);
    case 'exited': return onExited(s, e, cfg);
    case 'backoff-elapsed': return s.phase === 'backoff' ? evaluate({ ...s, phase: 'waiting' }) : internal(s, e.type);
    case 'kill-elapsed': return onKillElapsed(s, cfg);
    case 'shutdown': return onShutdown(s, e.signal, cfg);
    case 'forward': return s.app !== undefined && (s.phase === 'running' || s.phase === 'stopping') ? { state: s, effects: [{ kind: 'signal', signal: e.signal }] } : { state: s, effects: [] };
    case 'migrated': return onMigrated(s, e);
    case 'unhealthy': return s.phase === 'running' ? stop({ ...s, lastBlocked: s.lastBlocked }, 'unhealthy', cfg, e.reason) : { state: s, effects: [] };
  }
}

/** Decides what to do with the desired plan when nothing is running. */
function evaluate(s: SupervisorState): Step {
  const d = s.desired;
  if (d === undefined) return { state: { ...s, phase: 'waiting' }, effects: [] };
  if (d.blocked !== undefined) {
    const effects: Effect[] = d.blocked === s.lastBlocked && s.phase === 'blocked' ? [] : [{ kind: 'log', event: { event: 'app.blocked', msg: `blocked: ${d.blocked}` } }];
    // paas-charm resets the migration status whenever required integrations go missing.
    return { state: { ...s, phase: 'blocked', lastBlocked: d.blocked, migratedFor: undefined }, effects };
  }
  if (d.hasMigration && (s.migratedFor === undefined || !s.migratedFor.equals(d.relationKey))) {
    return { state: { ...s, phase: 'migrating', lastBlocked: undefined }, effects: [{ kind: 'migrate' }] };
  }
  return { state: { ...s, phase: 'starting', lastBlocked: undefined }, effects: [{ kind: 'spawn' }] };
}

function onPlan(s: SupervisorState, d: Desired, cfg: MachineConfig): Step {
  const next = { ...s, desired: d };
  switch (s.phase) {
    case 'waiting':
    case 'blocked':
      return evaluate(next);
    case 'migrating': {
      if (d.blocked !== undefined) {
        const step = evaluate(next);
        return { state: step.state, effects: [{ kind: 'abort-migration' }, ...step.effects] };
      }
      const relationsChanged = s.desired !== undefined && !s.desired.relationKey.equals(d.relationKey);
      return relationsChanged ? { state: next, effects: [{ kind: 'abort-migration' }, { kind: 'migrate' }] } : { state: next, effects: [] };
    }
    case 'starting':
    case 'stopping':
      return { state: next, effects: [] };
    case 'running': {
      if (d.blocked !== undefined) return stop(next, 'blocked', cfg, d.blocked);
      if (s.app !== undefined && !s.app.envKey.equals(d.envKey)) return stop(next, 'restart', cfg, 'inputs changed');
      return { state: next, effects: [] };
    }
    case 'backoff': {
      const changed = s.desired === undefined || !s.desired.envKey.equals(d.envKey) || d.blocked !== undefined;
      if (!changed) return { state: next, effects: [] };
      const step = evaluate({ ...next, backoffMs: 0 });
      return { state: step.state, effects: [{ kind: 'cancel-timer', timer: 'backoff' }, ...step.effects] };
    }
    case 'exited':
      return { state: s, effects: [] };
  }
}

function onStarted(s: SupervisorState, e: { pid: number; now: number }): Step {
  if (s.phase !== 'starting' || s.desired === undefined) return internal(s, 'started');
  const running: SupervisorState = { ...s, phase: 'running', app: { pid: e.pid, startedAt: e.now, envKey: s.desired.envKey }, stopFor: undefined };
  return { state: running, effects: [] };
}

function onExited(s: SupervisorState, e: { pid: number; code: number; signal?: string; now: number }, cfg: MachineConfig): Step {
  if (s.phase !== 'running' && s.phase !== 'stopping' && s.phase !== 'starting') return internal(s, 'exited');
  const uptimeMs = s.app === undefined ? 0 : e.now - s.app.startedAt;
  const lastExit = e.signal === undefined ? { code: e.code } : { code: e.code, signal: e.signal };
  const base: SupervisorState = { ...s, app: undefined, lastExit };
  if (s.phase === 'stopping') {
    const effects: Effect[] = [{ kind: 'cancel-timer', timer: 'kill' }];
    if (s.shuttingDown) return { state: { ...base, phase: 'exited', exitCode: e.code }, effects: [...effects, { kind: 'exit', code: e.code }] };
    const step = evaluate({ ...base, phase: 'waiting', stopFor: undefined });
    return { state: step.state, effects: [...effects, ...step.effects] };
  }
  if (cfg.onExit === 'exit') return { state: { ...base, phase: 'exited', exitCode: e.code }, effects: [{ kind: 'exit', code: e.code }] };
  const current = shouldResetBackoff(uptimeMs, cfg.backoff) ? 0 : s.backoffMs;
  const delay = nextBackoff(current, cfg.backoff);
  const ms = withJitter(delay, cfg.backoff, cfg.random());
  return {
    state: { ...base, phase: 'backoff', backoffMs: delay, restarts: s.restarts + 1 },
    effects: [{ kind: 'log', event: { event: 'app.restart-scheduled', delayMs: ms, restarts: s.restarts + 1 } }, { kind: 'start-timer', timer: 'backoff', ms }],
  };
}

function stop(s: SupervisorState, why: StopReason, cfg: MachineConfig, reason: string): Step {
  if (s.app === undefined) return internal(s, `stop(${why})`);
  return {
    state: { ...s, phase: 'stopping', stopFor: why },
    effects: [
      { kind: 'log', event: { event: 'app.stopping', pid: s.app.pid, reason, graceMs: cfg.graceMs } },
      { kind: 'signal', signal: 'SIGTERM' },
      { kind: 'start-timer', timer: 'kill', ms: cfg.graceMs },
    ],
  };
}

function onKillElapsed(s: SupervisorState, cfg: MachineConfig): Step {
  if (s.phase !== 'stopping' || s.app === undefined) return internal(s, 'kill-elapsed');
  return { state: s, effects: [{ kind: 'log', event: { event: 'app.killed', pid: s.app.pid, afterMs: cfg.graceMs } }, { kind: 'signal', signal: 'SIGKILL' }] };
}

function onShutdown(s: SupervisorState, signal: string, cfg: MachineConfig): Step {
  const down = { ...s, shuttingDown: true };
  switch (s.phase) {
    case 'running':
      return stop(down, 'shutdown', cfg, `received ${signal}`);
    case 'stopping':
      return { state: { ...down, stopFor: 'shutdown' }, effects: [] };
    case 'starting':
      // The spawn is under way; the 'started' event follows at once and the TERM goes out then.
      return { state: down, effects: [] };
    case 'migrating':
      return { state: { ...down, phase: 'stopping', stopFor: 'shutdown' }, effects: [{ kind: 'abort-migration' }] };
    default:
      return { state: { ...down, phase: 'exited', exitCode: 0 }, effects: [{ kind: 'exit', code: 0 }] };
  }
}

function onMigrated(s: SupervisorState, e: { ok: boolean; relationKey: Secret }): Step {
  if (s.phase === 'stopping' && s.app === undefined && s.shuttingDown) {
    return { state: { ...s, phase: 'exited', exitCode: 0 }, effects: [{ kind: 'exit', code: 0 }] };
  }
  if (s.phase !== 'migrating') return { state: s, effects: [] }; // a late report of an aborted run
  if (!e.ok) return { state: { ...s, phase: 'exited', exitCode: 1 }, effects: [{ kind: 'exit', code: 1 }] };
  return evaluate({ ...s, phase: 'waiting', migratedFor: e.relationKey });
}

function internal(s: SupervisorState, what: string): Step {
  return { state: s, effects: [{ kind: 'log', event: { event: 'internal.error', msg: `internal error: ${what} in phase ${s.phase}` } }] };
}
