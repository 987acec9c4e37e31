// Small builders of the state machine's steps (state.ts decides which): exits, restarts after
// backoff, the stop's timing, and the no-op and internal-error steps.
import { nextBackoff, shouldResetBackoff, withJitter } from './backoff.js';
import type { Effect, MachineConfig, Step, SupervisorState } from './machine-types.js';
import type { StopTiming } from './stop-steps.js';

/** Pebble's backoff before a restart: the delay grows with each restart, reset after a long run. */
export function restartLater(s: SupervisorState, uptimeMs: number, cfg: MachineConfig): Step {
  const backoff = s.desired?.policy.backoff;
  if (backoff === undefined) return internal(s, 'restart without a plan');
  const current = shouldResetBackoff(uptimeMs, backoff) ? 0 : s.backoffMs;
  const delay = nextBackoff(current, backoff);
  const ms = withJitter(delay, backoff, cfg.random());
  const restarts = s.restarts + 1;
  return {
    state: { ...s, phase: 'backoff', backoffMs: delay, restarts },
    effects: [{ kind: 'log', event: { event: 'app.restart-scheduled', delayMs: ms, restarts } }, { kind: 'start-timer', timer: 'backoff', ms }],
  };
}

/** The machine ends: paas-init (or, for a service, its supervisor) exits with `code`. */
export function exit(s: SupervisorState, code: number, now: number): Step {
  // A shutdown a service's action asked for ends paas-init with the code it gave.
  return { state: { ...s, phase: 'exited' }, effects: [exitEffect(s, s.shutdown?.code ?? code, now)] };
}

/** The exit effect, with the time orphans may take. */
export function exitEffect(s: SupervisorState, code: number, now: number): Effect {
  // Orphans get what is left of the grace since the stop was asked for (or a whole grace).
  return { kind: 'exit', code, orphansBy: (s.shutdown?.at ?? now) + (s.desired?.policy.graceMs ?? 0) };
}

/** The stop's waits: the grace of the process's policy (none before any plan: nothing ran), Pebble's fail delay. */
export function timing(s: SupervisorState, cfg: MachineConfig): StopTiming {
  return { graceMs: s.desired?.policy.graceMs ?? 0, failMs: cfg.failMs };
}

/** A signal passed on to the process, logged as forwarded. */
export function passOn(signal: string, cfg: MachineConfig): Effect {
  return { kind: 'signal', signal, group: cfg.signalGroup, forwarded: true };
}

/** `effects`, then the step's own. */
export function before(effects: readonly Effect[], step: Step): Step {
  return { state: step.state, effects: [...effects, ...step.effects] };
}

/** No change. */
export function same(s: SupervisorState): Step {
  return { state: s, effects: [] };
}

/** An event that cannot happen here: logged as an internal error, never ignored. */
export function internal(s: SupervisorState, what: string): Step {
  return { state: s, effects: [{ kind: 'log', event: { event: 'internal.error', msg: `internal error: ${what} in phase ${s.phase}` } }] };
}
