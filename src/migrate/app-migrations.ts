// The app's migrations (`run`, `migrate`): each run started with run's settings and the plan's locks, counted for
// status, and the last one remembered so that an exiting paas-init leaves its locks free.
import type { Logger } from '../log/logger.js';
import { scrubber } from '../log/scrub.js';
import type { Plan } from '../plan/plan.js';
import type { Reaper } from '../supervisor/reaper.js';
import { migrationLocks } from './migration-locks.js';
import { migrationBackoff } from './retry-policy.js';
import { startMigration, type MigrationRun } from './runner.js';

/** Counters of the migration attempts, for status and metrics. */
export interface MigrationCounters {
  migrationAttempts: number;
  migrationLastCode: number | undefined;
  migrationLastDurationMs: number | undefined;
  migrationDurationsMsTotal: number;
}

/** Counters at zero. */
export function newMigrationCounters(): MigrationCounters {
  return { migrationAttempts: 0, migrationLastCode: undefined, migrationLastDurationMs: undefined, migrationDurationsMsTotal: 0 };
}

/** Fixed settings of `run`'s migrations. */
export interface AppMigrationOptions {
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly graceMs: number;
  readonly stateDir: string;
  /** refuse to migrate with no lock at all (`--require-lock`) */
  readonly requireLock: boolean;
  readonly logger: Logger;
  readonly reaper: Reaper;
  readonly counters: MigrationCounters;
  /** told as each attempt's script is spawned */
  readonly onSpawn: () => void;
}

/** Starts the app's migration runs. */
export class AppMigrations {
  readonly #o: AppMigrationOptions;
  #last: MigrationRun | undefined;

  constructor(o: AppMigrationOptions) {
    this.#o = o;
  }

  /** Starts a run for the plan (its migration command and relations' locks) with the app's env. */
  start(plan: Plan, env: Record<string, string>): MigrationRun {
    const o = this.#o;
    const c = o.counters;
    this.#last = startMigration({
      migration: plan.migration!, env, appDir: plan.appDir, maxAttempts: o.maxAttempts, timeoutMs: o.timeoutMs, graceMs: o.graceMs,
      backoff: migrationBackoff, lock: migrationLocks(plan, o.stateDir, o.logger, { requireLock: o.requireLock }), logger: o.logger, reaper: o.reaper, random: Math.random,
      scrub: scrubber(plan.env.map((v) => v.value)),
      onAttempt: (a) => {
        if (a.code === undefined) {
          c.migrationAttempts += 1;
          o.onSpawn();
          return;
        }
        c.migrationLastCode = a.code;
        c.migrationLastDurationMs = a.durationMs;
        c.migrationDurationsMsTotal += a.durationMs ?? 0;
      },
    });
    return this.#last;
  }

  /**
   * Waits until the last run's locks are released, for at most `ms`: the next replica should find
   * them free, but a stuck release does not hold up the exit for long (the file lock then goes
   * stale, the database's goes with the connection).
   */
  releasedWithin(ms: number): Promise<void> {
    const last = this.#last;
    if (last === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      const done = (): void => {
        clearTimeout(t);
        resolve();
      };
      last.released.then(done, done);
    });
  }
}
