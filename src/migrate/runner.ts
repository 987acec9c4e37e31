// Runs the migration command until it succeeds, the attempt budget is spent, or it is aborted.
// Each attempt: take the locks, run the script in its own process group with the app's env and
// folder, release the locks. A timeout or an abort stops the group: TERM, grace, KILL.
import type { Logger } from '../log/logger.js';
import type { MigrationPlan } from '../plan/plan.js';
import { nextBackoff, withJitter, type BackoffPolicy } from '../supervisor/backoff.js';
import type { Reaper } from '../supervisor/reaper.js';
import { credentialsFor } from '../supervisor/run-as.js';
import { sendSignal, spawnOwned, type OwnedProcess } from '../supervisor/spawn.js';

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

/** Starts a migration run. */
export function startMigration(o: MigrationOptions): MigrationRun {
  const controller = new AbortController();
  let current: OwnedProcess | undefined;
  const abort = (): void => {
    if (controller.signal.aborted) return;
    controller.abort();
    if (current?.pid !== undefined) stopGroup(current, o.graceMs);
  };
  let released: Promise<void> = Promise.resolve();
  const result = (async () => {
    let delay = 0;
    for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
      if (controller.signal.aborted) return false;
      let lock: HeldLock | undefined;
      try {
        lock = await o.lock(controller.signal);
      } catch (e) {
        // An unreachable database cannot be locked (nor migrated): a failed attempt, retried.
        delay = nextBackoff(delay, o.backoff);
        const wait = withJitter(delay, o.backoff, o.random());
        const last = attempt >= o.maxAttempts;
        o.logger.log({ event: 'migration.failed', attempt, code: -1, durationMs: 0, ...(last ? {} : { retryInMs: wait }), reason: `lock: ${o.scrub(e instanceof Error ? e.message : String(e))}` });
        if (last) return false;
        await sleep(wait, controller.signal);
        continue;
      }
      if (lock === undefined || controller.signal.aborted) {
        await lock?.release();
        return false;
      }
      let code: number | undefined;
      let reason: string | undefined;
      const t0 = Date.now();
      try {
        o.logger.log({ event: 'migration.started', attempt, command: o.migration.argv.join(' ') });
        o.onAttempt?.({ attempt });
        // As the app's user, as paas-charm runs it.
        const credentials = credentialsFor(o.migration.runAs);
        current = spawnOwned(o.reaper, o.migration.argv, { env: o.env, cwd: o.appDir, group: true, ...(credentials === undefined ? {} : { credentials }) });
        const timer = setTimeout(() => {
          reason = `timed out after ${o.timeoutMs} ms`;
          if (current !== undefined) stopGroup(current, o.graceMs);
        }, o.timeoutMs);
        const end = await current.ended;
        clearTimeout(timer);
        code = end.code;
        reason ??= end.spawnError;
        // Logged as the script ends, before the locks go: the next holder's lock-acquired follows it.
        if (code === 0 && reason === undefined) o.logger.log({ event: 'migration.finished', attempt, code, durationMs: Date.now() - t0 });
      } finally {
        current = undefined;
        // After a success the app starts while the locks go (their round trips, ~4 ms, need not
        // come first: the migration is over); after a failure they go before the back-off.
        // (Each lock's release reports its own errors and never rejects.)
        released = lock.release().catch(() => undefined);
        if (code !== 0 || reason !== undefined) await released;
      }
      const durationMs = Date.now() - t0;
      o.onAttempt?.({ attempt, code, durationMs });
      if (code === 0 && reason === undefined) return true;
      if (controller.signal.aborted) {
        o.logger.log({ event: 'migration.failed', attempt, code, durationMs, reason: 'stopped' });
        return false;
      }
      const last = attempt >= o.maxAttempts;
      delay = nextBackoff(delay, o.backoff);
      const wait = withJitter(delay, o.backoff, o.random());
      o.logger.log({ event: 'migration.failed', attempt, code, durationMs, ...(last ? {} : { retryInMs: wait }), ...(reason === undefined ? {} : { reason }) });
      if (last) return false;
      await sleep(wait, controller.signal);
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

/** TERM to the script's process group, KILL after the grace if it is still there. */
function stopGroup(p: OwnedProcess, graceMs: number): void {
  const pid = p.pid;
  if (pid === undefined) return;
  sendSignal(pid, 'SIGTERM', true);
  const kill = setTimeout(() => sendSignal(pid, 'SIGKILL', true), graceMs);
  void p.ended.then(() => {
    clearTimeout(kill);
    // The leader is gone; anything left in its group goes too.
    sendSignal(pid, 'SIGKILL', true);
  });
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
