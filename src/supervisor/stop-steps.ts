// Stopping a process with grace, as Pebble stops a service (internals/overlord/servstate,
// handlers.go): the stop signal, then after the grace SIGKILL to its whole process group (nothing
// of a killed process should linger), then after the fail delay it counts as gone even if it is
// somehow still there (a process stuck in the kernel). Pure: the app's state machine takes these
// steps through its timer events, stopWithGrace (graceful-stop.ts) with real timers.

/** How long a stop waits at each step. */
export interface StopTiming {
  /** from the stop signal to SIGKILL */
  readonly graceMs: number;
  /** from SIGKILL to giving the process up */
  readonly failMs: number;
}

/** Pebble's fail delay: how long after SIGKILL a process that has not ended is given up. */
export const pebbleFailDelayMs = 5000;

/** One step: a signal sent now, then a wait for the process's end before the next step. */
export interface StopStep {
  readonly signal: string;
  /** to the whole process group rather than to the process alone */
  readonly group: boolean;
  readonly waitMs: number;
}

/**
 * Step `n` (from 0) of a stop begun with `signal` (sent to the group when `group`); undefined
 * past the last step, when the process counts as gone.
 */
export function stopStep(n: number, signal: string, group: boolean, timing: StopTiming): StopStep | undefined {
  if (n === 0) return { signal, group, waitMs: timing.graceMs };
  if (n === 1) return { signal: 'SIGKILL', group: true, waitMs: timing.failMs };
  return undefined;
}
