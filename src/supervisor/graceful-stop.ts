import { stopStep, type StopTiming } from './stop-steps.js';

/** Something stopWithGrace can stop: a way to signal it, and its end. */
export interface Stoppable {
  /** sends a signal (to the process group when `group`; a target may ignore that) */
  send(signal: string, group: boolean): void;
  /** settles once it has ended */
  readonly ended: Promise<unknown>;
}

/** How a stop ended: on the stop signal, after SIGKILL, or given up after the fail delay. */
export type StopOutcome = 'stopped' | 'killed' | 'abandoned';

/**
 * Takes the steps of stop-steps.ts with real timers: the stop signal, SIGKILL after the grace,
 * given up after the fail delay. `onKill` is told just before SIGKILL goes out.
 */
export async function stopWithGrace(target: Stoppable, signal: string, group: boolean, timing: StopTiming, onKill?: () => void): Promise<StopOutcome> {
  for (let n = 0; ; n++) {
    const step = stopStep(n, signal, group, timing);
    if (step === undefined) return 'abandoned';
    if (n > 0) onKill?.();
    target.send(step.signal, step.group);
    if (await endsWithin(target.ended, step.waitMs)) return n === 0 ? 'stopped' : 'killed';
  }
}

function endsWithin(ended: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), Math.max(0, ms));
    const done = (): void => {
      clearTimeout(t);
      resolve(true);
    };
    ended.then(done, done);
  });
}
