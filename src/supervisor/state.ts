// The supervisor's state machine, pure: (state, event) → (state, effects). The shell in
// process-supervisor.ts carries out the effects (spawn, signal, timers, migration, exit) and
// feeds back events. Nothing here touches a process or a clock: time arrives inside events.
//
// Transition table, one row per case; test/unit/supervisor/state.test.ts walks every row. Any
// event in a phase not listed for it is an internal error, logged (unexpected, never ignored).
//
//   phase      event            when                              → phase      [effects]
//   waiting    plan             blocked                           → blocked    [log:app.blocked]
//   waiting    plan             needs migration                   → migrating  [migrate]
//   waiting    plan             ready                             → starting   [spawn]
//   waiting    shutdown         -                                 → exited     [exit:0]
//   waiting    forward          -                                 → waiting    []
//   blocked    plan             same reason                       → blocked    []
//   blocked    plan             ready                             → starting   [spawn]
//   blocked    shutdown         -                                 → exited     [exit:0]
//   migrating  migrated         ok                                → starting   [spawn]
//   migrating  migrated         failed                            → exited     [exit:1]
//   migrating  plan             blocked                           → blocked    [abort-migration, log:app.blocked]
//   migrating  plan             relations changed                 → migrating  [abort-migration, migrate]
//   migrating  plan             config changed                    → migrating  []
//   migrating  shutdown         -                                 → stopping   [abort-migration]
//   starting   started          -                                 → running    []
//   starting   started          shutting down                     → stopping   [log:app.stopping, signal:SIGINT, timer:stop]
//   starting   exited           spawn failed                      → backoff    [log:app.restart-scheduled, timer:backoff]
//   starting   exited           spawn failed, shutting down       → exited     [exit:127]
//   starting   shutdown         -                                 → starting   []
//   starting   exited           spawn failed, on-failure ignore   → inactive   [log:app.exit-ignored]
//   running    exited           on-failure restart                → backoff    [log:app.restart-scheduled, timer:backoff]
//   running    exited           on-success restart                → backoff    [log:app.restart-scheduled, timer:backoff]
//   running    exited           on-failure shutdown               → exited     [exit:3]
//   running    exited           on-success shutdown               → exited     [exit:0]
//   running    exited           on-success failure-shutdown       → exited     [exit:10]
//   running    exited           on-failure success-shutdown       → exited     [exit:0]
//   running    exited           on-failure ignore                 → inactive   [log:app.exit-ignored]
//   running    exited           service, on-failure shutdown      → exited     [log:app.shutdown-triggered, exit:10, shutdown-all:10]
//   running    exited           service, on-success shutdown      → exited     [log:app.shutdown-triggered, exit:0, shutdown-all:0]
//   running    exited           service, on-failure restart       → backoff    [log:app.restart-scheduled, timer:backoff]
//   running    exited           the app given up                  → running    []
//   running    plan             blocked                           → stopping   [log:app.stopping, signal:SIGTERM, timer:stop]
//   running    plan             env changed                       → stopping   [log:app.stopping, signal:SIGTERM, timer:stop]
//   running    plan             same env                          → running    []
//   running    unhealthy        -                                 → stopping   [log:app.stopping, signal:SIGTERM, timer:stop]
//   running    shutdown         SIGINT                            → stopping   [log:app.stopping, signal:SIGINT, timer:stop]
//   running    forward          -                                 → running    [signal:SIGHUP]
//   running    backoff-elapsed  -                                 → running    [log:internal.error]
//   stopping   exited           shutting down                     → exited     [cancel:stop, exit:130]
//   stopping   exited           shutting down, code asked for     → exited     [cancel:stop, exit:10]
//   stopping   exited           unhealthy                         → backoff    [cancel:stop, log:app.restart-scheduled, timer:backoff]
//   stopping   exited           restart                           → starting   [cancel:stop, spawn]
//   stopping   exited           blocked                           → blocked    [cancel:stop, log:app.blocked]
//   stopping   stop-elapsed     after the stop signal             → stopping   [log:app.killed, signal:SIGKILL:group, timer:stop]
//   stopping   stop-elapsed     after SIGKILL, shutting down      → exited     [log:app.abandoned, exit:137]
//   stopping   stop-elapsed     after SIGKILL, restart            → starting   [log:app.abandoned, spawn]
//   stopping   shutdown         shutting down                     → stopping   [signal:SIGINT]
//   stopping   shutdown         restart under way                 → stopping   []
//   stopping   migrated         shut down while migrating         → exited     [exit:0]
//   stopping   forward          -                                 → stopping   [signal:SIGUSR1]
//   stopping   plan             -                                 → stopping   []
//   backoff    backoff-elapsed  -                                 → starting   [spawn]
//   backoff    plan             env changed                       → starting   [cancel:backoff, spawn]
//   backoff    plan             same env                          → backoff    []
//   backoff    shutdown         -                                 → exited     [exit:0]
//   inactive   plan             env changed                       → starting   [spawn]
//   inactive   plan             same env                          → inactive   []
//   inactive   shutdown         -                                 → exited     [exit:0]
//   inactive   backoff-elapsed  -                                 → inactive   [log:internal.error]
//   blocked    exited           the app given up                  → blocked    []
//   exited     exited           -                                 → exited     []
//
// Notes: an end nobody asked for is decided by the process's policy (exit-policy.ts: Pebble's
// on-success for code 0, on-failure otherwise; the app's `--on-exit` flag, else its layer, else
// restart). "service" rows are a rock service's machine (role service), the others the app's:
// the app's shutdown is paas-init's exit, with the app's code; a service's asks the group to stop
// everything (shutdown-all) with Pebble's code, which the app's machine then exits with (its
// shutdown event carries it). `ignore` leaves the process inactive until a changed plan. The
// backoff delays and the grace come from the policy.
// The stop signal is the one that arrived (TERM or INT, as tini passes signals on), or
// TERM for paas-init's own restarts; a second one while shutting down is passed on. A stop
// follows stop-steps.ts: the signal, SIGKILL to the group after the grace, given up after the
// fail delay (the app then counts as gone, with 137). A restart after failed health checks backs
// off as a crash does (Pebble). Unhealthy outside running, forward without an app, and a
// migration's late report after an abort are ignored: they race a change already under way.
import type { Secret } from '../log/secret.js';
import { actionField, exitDecision } from './exit-policy.js';
import { stopStep } from './stop-steps.js';
import { before, exit, exitEffect, internal, passOn, restartLater, same, timing } from './steps.js';
import type { Desired, Effect, MachineConfig, Step, StopReason, SupervisorEvent, SupervisorState } from './machine-types.js';

export { initialState, type Desired, type Effect, type MachineConfig, type Phase, type Step, type StopReason, type SupervisorEvent, type SupervisorState, type Timer } from './machine-types.js';


/** Applies one event. */
export function transition(s: SupervisorState, e: SupervisorEvent, cfg: MachineConfig): Step {
  if (s.phase === 'exited') return same(s);
  switch (e.type) {
    case 'plan': return onPlan(s, e.desired, cfg);
    case 'started': return onStarted(s, e, cfg);
    case 'exited': return onExited(s, e, cfg);
    case 'backoff-elapsed': return s.phase === 'backoff' ? evaluate({ ...s, phase: 'waiting' }) : internal(s, e.type);
    case 'stop-elapsed': return onStopElapsed(s, e.now, cfg);
    case 'shutdown': return onShutdown({ ...s, shutdown: s.shutdown ?? { signal: e.signal, at: e.now, ...(e.code === undefined ? {} : { code: e.code }) } }, e.signal, e.now, cfg);
    case 'forward': return s.app !== undefined && (s.phase === 'running' || s.phase === 'stopping') ? { state: s, effects: [passOn(e.signal, cfg)] } : same(s);
    case 'migrated': return onMigrated(s, e, cfg);
    case 'unhealthy': return s.phase === 'running' ? stop(s, 'unhealthy', 'SIGTERM', cfg, e.reason) : same(s);
  }
}

/** Decides what to do with the desired plan when nothing is running. */
function evaluate(s: SupervisorState): Step {
  const d = s.desired;
  if (d === undefined) return same({ ...s, phase: 'waiting' });
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
      if (d.blocked !== undefined) return before([{ kind: 'abort-migration' }], evaluate(next));
      const relationsChanged = s.desired !== undefined && !s.desired.relationKey.equals(d.relationKey);
      return relationsChanged ? { state: next, effects: [{ kind: 'abort-migration' }, { kind: 'migrate' }] } : same(next);
    }
    case 'running':
      if (d.blocked !== undefined) return stop(next, 'blocked', 'SIGTERM', cfg, d.blocked);
      if (s.app !== undefined && !s.app.envKey.equals(d.envKey)) return stop(next, 'restart', 'SIGTERM', cfg, 'inputs changed');
      return same(next);
    case 'backoff': {
      const changed = s.desired === undefined || !s.desired.envKey.equals(d.envKey) || d.blocked !== undefined;
      return changed ? before([{ kind: 'cancel-timer', timer: 'backoff' }], evaluate({ ...next, backoffMs: 0 })) : same(next);
    }
    case 'inactive': {
      // Left down by its policy: a changed plan starts it again, as Pebble's replan starts an enabled service.
      const changed = s.desired === undefined || !s.desired.envKey.equals(d.envKey) || d.blocked !== undefined;
      return changed ? evaluate({ ...next, backoffMs: 0 }) : same(next);
    }
    default: // starting, stopping: the plan is taken up once the app's start or stop is over
      return same(next);
  }
}

function onStarted(s: SupervisorState, e: { pid: number; now: number }, cfg: MachineConfig): Step {
  if (s.phase !== 'starting' || s.desired === undefined) return internal(s, 'started');
  const running: SupervisorState = { ...s, phase: 'running', app: { pid: e.pid, startedAt: e.now, envKey: s.desired.envKey } };
  // Asked to stop while the spawn was under way: the stop goes out now that there is an app.
  return s.shutdown === undefined ? same(running) : stop(running, 'shutdown', s.shutdown.signal, cfg, `received ${s.shutdown.signal}`);
}

function onExited(s: SupervisorState, e: { pid: number; code: number; signal?: string; now: number }, cfg: MachineConfig): Step {
  if (s.givenUp !== undefined && e.pid === s.givenUp) return same({ ...s, givenUp: undefined }); // the late end of an app given up
  if (s.phase !== 'running' && s.phase !== 'stopping' && s.phase !== 'starting') return internal(s, 'exited');
  if (s.app !== undefined && e.pid !== s.app.pid) return internal(s, `exited of pid ${e.pid}`);
  const uptimeMs = s.app === undefined ? 0 : e.now - s.app.startedAt;
  const ended: SupervisorState = { ...s, app: undefined, lastExit: e.signal === undefined ? { code: e.code } : { code: e.code, signal: e.signal } };
  if (s.phase === 'stopping') return before([{ kind: 'cancel-timer', timer: 'stop' }], afterStop(ended, e.code, uptimeMs, e.now, cfg));
  if (s.shutdown !== undefined) return exit(ended, e.code, e.now);
  return ownEnd(ended, e.code, uptimeMs, e.now, cfg);
}

/** The process ended with nobody asking: its policy decides (Pebble's on-success / on-failure). */
function ownEnd(s: SupervisorState, code: number, uptimeMs: number, now: number, cfg: MachineConfig): Step {
  if (s.desired === undefined) return internal(s, 'exited without a plan');
  const d = exitDecision(code, s.desired.policy, cfg.role);
  const on = actionField(code);
  switch (d.kind) {
    case 'restart':
      return restartLater(s, uptimeMs, cfg);
    case 'leave':
      return { state: { ...s, phase: 'inactive' }, effects: [{ kind: 'log', event: { event: 'app.exit-ignored', on, code } }] };
    case 'shutdown': {
      if (cfg.role === 'app') return exit(s, d.code, now);
      const action = code === 0 ? s.desired.policy.onSuccess : s.desired.policy.onFailure;
      const log: Effect = { kind: 'log', event: { event: 'app.shutdown-triggered', on, action, exitCode: d.code } };
      return { state: { ...s, phase: 'exited' }, effects: [log, exitEffect(s, d.code, now), { kind: 'shutdown-all', code: d.code }] };
    }
  }
}

/** The app is gone after a stop: exit, back off (a restart for failed checks) or go on. */
function afterStop(s: SupervisorState, code: number, uptimeMs: number, now: number, cfg: MachineConfig): Step {
  const done: SupervisorState = { ...s, stopFor: undefined, stopSignal: undefined, stopStep: 0 };
  if (s.shutdown !== undefined) return exit(done, code, now);
  if (s.stopFor === 'unhealthy') return restartLater(done, uptimeMs, cfg);
  return evaluate({ ...done, phase: 'waiting' });
}

/** The first step of a stop (stop-steps.ts), with `signal`. */
function stop(s: SupervisorState, why: StopReason, signal: string, cfg: MachineConfig, reason: string): Step {
  const step = stopStep(0, signal, cfg.signalGroup, timing(s, cfg));
  if (s.app === undefined || step === undefined) return internal(s, `stop(${why})`);
  return {
    state: { ...s, phase: 'stopping', stopFor: why, stopSignal: signal, stopStep: 0 },
    effects: [
      { kind: 'log', event: { event: 'app.stopping', pid: s.app.pid, reason, graceMs: timing(s, cfg).graceMs } },
      { kind: 'signal', signal: step.signal, group: step.group, forwarded: false },
      { kind: 'start-timer', timer: 'stop', ms: step.waitMs },
    ],
  };
}

/** The wait of a stop's step is over and the app is still there: the next step, or give it up. */
function onStopElapsed(s: SupervisorState, now: number, cfg: MachineConfig): Step {
  if (s.phase !== 'stopping' || s.app === undefined) return internal(s, 'stop-elapsed');
  const n = s.stopStep + 1;
  const step = stopStep(n, s.stopSignal ?? 'SIGTERM', cfg.signalGroup, timing(s, cfg));
  if (step === undefined) {
    const log: Effect = { kind: 'log', event: { event: 'app.abandoned', pid: s.app.pid, afterMs: cfg.failMs } };
    const gone: SupervisorState = { ...s, app: undefined, givenUp: s.app.pid, lastExit: { code: 137, signal: 'SIGKILL' } };
    return before([log], afterStop(gone, 137, now - s.app.startedAt, now, cfg));
  }
  return {
    state: { ...s, stopStep: n },
    effects: [
      { kind: 'log', event: { event: 'app.killed', pid: s.app.pid, afterMs: timing(s, cfg).graceMs } },
      { kind: 'signal', signal: step.signal, group: step.group, forwarded: false },
      { kind: 'start-timer', timer: 'stop', ms: step.waitMs },
    ],
  };
}

/** `s.shutdown` is already set. */
function onShutdown(s: SupervisorState, signal: string, now: number, cfg: MachineConfig): Step {
  switch (s.phase) {
    case 'running':
      return stop(s, 'shutdown', signal, cfg, `received ${signal}`);
    case 'stopping':
      // A second stop signal is passed on, as tini does: an app may take it as "hurry up".
      if (s.stopFor === 'shutdown' && s.app !== undefined) return { state: s, effects: [passOn(signal, cfg)] };
      return same({ ...s, stopFor: 'shutdown' });
    case 'starting':
      return same(s); // the spawn is under way: 'started' follows at once and stops it
    case 'migrating':
      return { state: { ...s, phase: 'stopping', stopFor: 'shutdown' }, effects: [{ kind: 'abort-migration' }] };
    default:
      return exit(s, 0, now);
  }
}

function onMigrated(s: SupervisorState, e: { ok: boolean; relationKey: Secret; now: number }, cfg: MachineConfig): Step {
  if (s.phase === 'stopping' && s.app === undefined && s.shutdown !== undefined) return exit(s, 0, e.now);
  if (s.phase !== 'migrating') return same(s); // a late report of an aborted run
  if (!e.ok) return exit(s, 1, e.now);
  return evaluate({ ...s, phase: 'waiting', migratedFor: e.relationKey });
}
