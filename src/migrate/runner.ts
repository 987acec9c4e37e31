// Runs the migration command until it succeeds, the attempt budget is spent, or it is aborted.
// Each attempt: take the locks, run the script in its own process group with the app's env and
// folder, release the locks. A timeout or an abort stops the group with grace (stop-steps.ts).
import type { Logger } from '../log/logger.js';
import type { MigrationPlan } from '../plan/plan.js';
import { nextBackoff, withJitter, type BackoffPolicy } from '../supervisor/backoff.js';
import type { Reaper } from '../supervisor/reaper.js';
import { credentialsFor } from '../supervisor/run-as.js';
import { stopWithGrace } from '../supervisor/graceful-stop.js';
import { sendSignal, spawnOwned, type OwnedProcess } from '../supervisor/spawn.js';
import { pebbleFailDelayMs } from '../supervisor/stop-steps.js';

/** A lock held for one attempt; release is idempotent. */
export interface HeldLock {
  release(): Promise<void>;
}

/** A connection made for a database lock, not yet asking for it. */
export interface DatabaseLockSession {
  /** waits for the lock (saying once that it waits, and for whom); undefined when aborted, and the session is closed */
  acquire(signal: AbortSignal): Promise<HeldLock | undefined>;
  /** closes the connection without taking the lock */
  close(): Promise<void>;
}

/** A lock session from a connection and its waiting loop: the connection is closed unless the lock was taken. */
export function databaseLockSession(close: () => Promise<void>, wait: (signal: AbortSignal) => Promise<HeldLock | undefined>): DatabaseLockSession {
  return {
    close,
    acquire: async (signal) => {
      let held: HeldLock | undefined;
      try {
        held = await wait(signal);
      } catch (e) {
        await close();
        throw e;
      }
      if (held === undefined) await close();
      return held;
    },
  };
}

/** Takes every lock needed before an attempt (file lock, database lock); undefined when aborted. */
export type LockTaker = (signal: AbortSignal) => Promise<HeldLock | undefined>;

/** How one migration run behaves. */
export interface MigrationOptions {
  readonly migration: MigrationPlan;
  readonly env: Record<string, string>;
  readonly appDir: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly graceMs: number;
  readonly backoff: BackoffPolicy;
  readonly lock: LockTaker;
  readonly logger: Logger;
  readonly reaper: Reaper | undefined;
  /** a number in [0, 1) for jitter */
  readonly random: () => number;
  /** removes secret values from a message before it is logged */
  readonly scrub: (message: string) => string;
  /** told of each attempt, for status */
  readonly onAttempt?: (a: { attempt: number; code?: number; durationMs?: number }) => void;
}

/** A run under way. */
export interface MigrationRun {
  /** stops the current attempt (TERM, grace, KILL), releases locks; the result becomes false */
  abort(): void;
  /** false when the run failed or was stopped; true as soon as an attempt succeeded */
  readonly result: Promise<boolean>;
  /** settles once every lock is released: after a success that is a little after `result` */
  readonly released: Promise<void>;
}

/** How an attempt went: the script succeeded, the run was stopped, or it failed (and is retried). */
type AttemptOutcome = 'ok' | 'stopped' | { readonly code: number; readonly durationMs: number; readonly reason?: string };

/** Starts a migration run. */
export function startMigration(o: MigrationOptions): MigrationRun {
  const controller = new AbortController();
  let current: OwnedProcess | undefined;
  let released: Promise<void> = Promise.resolve();
  const abort = (): void => {
    if (controller.signal.aborted) return;
    controller.abort();
    if (current !== undefined) stopScript(current, o.graceMs);
  };
  const attempt = new Attempt(o, controller.signal, {
    spawned: (p) => (current = p),
    releasing: (r) => (released = r),
  });
  const result = (async () => {
    let delay = 0;
    for (let n = 1; n <= o.maxAttempts && !controller.signal.aborted; n++) {
      const outcome = await attempt.run(n);
      if (outcome === 'ok') return true;
      if (outcome === 'stopped') return false;
      // The one failed-attempt rule: logged with the wait before the next one, then that wait.
      const last = n >= o.maxAttempts;
      delay = nextBackoff(delay, o.backoff);
      const wait = withJitter(delay, o.backoff, o.random());
      const { code, durationMs, reason } = outcome;
      o.logger.log({ event: 'migration.failed', attempt: n, code, durationMs, ...(last ? {} : { retryInMs: wait }), ...(reason === undefined ? {} : { reason }) });
      if (!last) await sleep(wait, controller.signal);
    }
    return false;
  })();
  return {
    abort,
    result,
    get released() {
      return result.then(() => released);
    },
  };
}

/** One attempt: take the locks, run the script, release the locks. */
class Attempt {
  constructor(
    private readonly o: MigrationOptions,
    private readonly signal: AbortSignal,
    private readonly tell: { spawned(p: OwnedProcess | undefined): void; releasing(r: Promise<void>): void },
  ) {}

  async run(attempt: number): Promise<AttemptOutcome> {
    let lock: HeldLock | undefined;
    try {
      lock = await this.o.lock(this.signal);
    } catch (e) {
      // An unreachable database cannot be locked (nor migrated): a failed attempt, retried.
      return { code: -1, durationMs: 0, reason: `lock: ${this.o.scrub(e instanceof Error ? e.message : String(e))}` };
    }
    if (lock === undefined || this.signal.aborted) {
      await lock?.release();
      return 'stopped';
    }
    const t0 = Date.now();
    const { code, reason } = await this.#script(attempt, lock, t0);
    const durationMs = Date.now() - t0;
    this.o.onAttempt?.({ attempt, code, durationMs });
    if (code === 0 && reason === undefined) return 'ok';
    if (this.signal.aborted) {
      this.o.logger.log({ event: 'migration.failed', attempt, code, durationMs, reason: 'stopped' });
      return 'stopped';
    }
    return reason === undefined ? { code, durationMs } : { code, durationMs, reason };
  }

  /** Runs the script under the held lock, and releases it. */
  async #script(attempt: number, lock: HeldLock, t0: number): Promise<{ code: number; reason: string | undefined }> {
    const o = this.o;
    let code = -1;
    let reason: string | undefined;
    try {
      o.logger.log({ event: 'migration.started', attempt, command: o.migration.argv.join(' ') });
      o.onAttempt?.({ attempt });
      // As the app's user, as paas-charm runs it.
      const credentials = credentialsFor(o.migration.runAs);
      const p = spawnOwned(o.reaper, o.migration.argv, { env: o.env, cwd: o.appDir, group: true, ...(credentials === undefined ? {} : { credentials }) });
      this.tell.spawned(p);
      const timer = setTimeout(() => {
        reason = `timed out after ${o.timeoutMs} ms`;
        stopScript(p, o.graceMs);
      }, o.timeoutMs);
      const end = await p.ended;
      clearTimeout(timer);
      code = end.code;
      reason ??= end.spawnError;
      // Logged as the script ends, before the locks go: the next holder's lock-acquired follows it.
      if (code === 0 && reason === undefined) o.logger.log({ event: 'migration.finished', attempt, code, durationMs: Date.now() - t0 });
    } finally {
      this.tell.spawned(undefined);
      // After a success the app starts while the locks go (their round trips need not come
      // first: the migration is over); after a failure they go before the back-off.
      // (Each lock's release reports its own errors and never rejects.)
      const released = lock.release().catch(() => undefined);
      this.tell.releasing(released);
      if (code !== 0 || reason !== undefined) await released;
    }
    return { code, reason };
  }
}

/** Stops the script's process group with grace; once its leader is gone, anything left in the group goes too. */
function stopScript(p: OwnedProcess, graceMs: number): void {
  const pid = p.pid;
  if (pid === undefined) return;
  void stopWithGrace({ send: (signal, group) => sendSignal(pid, signal, group), ended: p.ended }, 'SIGTERM', true, { graceMs, failMs: pebbleFailDelayMs });
  void p.ended.then(() => sendSignal(pid, 'SIGKILL', true));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
