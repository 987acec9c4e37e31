// The migration lock on one host, or across replicas that share the state volume: a
// proper-lockfile lock (an atomic mkdir, its mtime refreshed every second). A holder that was
// SIGKILLed stops refreshing it; after `staleMs` the next replica takes it over.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger.js';
import { lockFiles } from '../runtime/lock-files.js';
import type { HeldLock } from './runner.js';

/** How the file lock waits. */
export interface FileLockTiming {
  /** a lock not refreshed for this long is stale (proper-lockfile's minimum is 5 s) */
  readonly staleMs: number;
  /** how often a waiting replica tries again: also the worst-case hand-off delay */
  readonly pollMs: number;
}

/** Defaults: a dead holder is replaced after 5 s; a live hand-off is seen within 10 ms. */
export const defaultFileLockTiming: FileLockTiming = { staleMs: 5000, pollMs: 10 };

/** The lock's path in the state dir (proper-lockfile makes `<target>.lock`). */
export function fileLockTarget(stateDir: string): string {
  return join(stateDir, 'migrate');
}

/**
 * Takes the migration file lock in `stateDir`, waiting (and saying so, with the holder) until it
 * is free. A folder that cannot be made or written throws its errno (EACCES, EROFS, ...), so
 * that the caller can go on without this lock.
 */
export async function takeFileLock(stateDir: string, me: string, logger: Logger, signal: AbortSignal, timing: FileLockTiming = defaultFileLockTiming): Promise<HeldLock | undefined> {
  const lockfile = await lockFiles();
  mkdirSync(stateDir, { recursive: true });
  const target = fileLockTarget(stateDir);
  const holderFile = join(stateDir, 'migrate.holder');
  const t0 = Date.now();
  let announced = false;
  let compromised = false;
  while (!signal.aborted) {
    try {
      const release = await lockfile.lock(target, {
        realpath: false,
        stale: timing.staleMs,
        update: 1000,
        retries: 0,
        onCompromised: () => {
          compromised = true;
          logger.log({ event: 'migration.lock-error', lock: target, error: 'the lock was taken over (this holder looked stale)' });
        },
      });
      writeFileSync(holderFile, me);
      logger.log({ event: 'migration.lock-acquired', lock: target, waitedMs: Date.now() - t0 });
      return {
        release: async () => {
          if (compromised) return;
          compromised = true;
          await release().catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      if (!announced) {
        announced = true;
        logger.log({ event: 'migration.lock-waiting', lock: target, ...holderOf(holderFile) });
      }
      await new Promise((r) => setTimeout(r, timing.pollMs));
    }
  }
  return undefined;
}

function holderOf(file: string): { holder?: string } {
  try {
    return { holder: readFileSync(file, 'utf8').trim() };
  } catch {
    return {};
  }
}
