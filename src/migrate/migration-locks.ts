// Every lock a migration attempt holds, taken in order and released in reverse: the file lock in
// the state dir (one host, or replicas sharing a volume), then the database's own lock when the
// app has a PostgreSQL (advisory lock) or else a MySQL (GET_LOCK) relation (replicas anywhere).
// No folder permission may stop a migration for ever: when the file lock cannot be taken at all
// (a read-only root, an arbitrary uid), the attempt runs under the database lock alone, or
// unlocked with a warning; `--require-lock` refuses only when neither lock is possible.
import { hostname } from 'node:os';
import type { Logger } from '../log/logger.js';
import { revealValue } from '../log/secret.js';
import { connectStringVar } from '../mapping/env-names.js';
import type { Plan } from '../plan/plan.js';
import { fileLockTarget, takeFileLock, type FileLockTiming } from './file-lock.js';
import { holderName } from './lock-key.js';
import { connectMysqlLock } from './mysql-lock.js';
import { connectPostgresLock } from './postgres-lock.js';
import type { DatabaseLockSession, HeldLock, LockTaker } from './runner.js';

/** How the locks are taken. */
export interface MigrationLockOptions {
  readonly fileTiming?: FileLockTiming;
  /** refuse to migrate with no lock at all (no file lock possible, no database relation) */
  readonly requireLock?: boolean;
}

/** A lock that is not there: the attempt goes on under the other one, or none. */
const noLock: HeldLock = { release: () => Promise.resolve() };

/** The lock taker for one plan. */
export function migrationLocks(plan: Plan, stateDir: string, logger: Logger, options: MigrationLockOptions = {}): LockTaker {
  const me = holderName(hostname(), process.pid);
  const appName = plan.appName ?? 'app';
  const pgUri = envValue(plan, connectStringVar('postgresql_client'));
  const mysqlUri = envValue(plan, connectStringVar('mysql_client'));
  const connectDatabase = (): Promise<DatabaseLockSession> | undefined => {
    if (pgUri !== undefined) return connectPostgresLock(pgUri, appName, me, logger);
    if (mysqlUri !== undefined) return connectMysqlLock(mysqlUri, appName, logger);
    return undefined;
  };
  return async (signal) => {
    // The database connection is made while the file lock is taken (its driver's load and the
    // handshake then cost nothing on the way to the app's start); the locks are still taken in order.
    const session = connectDatabase();
    session?.catch(() => undefined); // its failure is handled below, after the file lock
    const closeSession = async (): Promise<void> => {
      await session?.then((s) => s.close(), () => undefined);
    };
    let file: HeldLock | undefined;
    try {
      file = await takeFileLock(stateDir, me, logger, signal, options.fileTiming);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === undefined || code === 'ELOCKED') {
        await closeSession();
        throw e;
      }
      const lock = fileLockTarget(stateDir);
      if (session === undefined && options.requireLock === true) {
        throw new Error(`no lock can be taken: the file lock ${lock} fails with ${code} and the app has no database relation; --require-lock refuses to migrate unlocked`);
      }
      logger.log({ event: 'migration.lock-unavailable', lock, error: code, msg: session === undefined ? 'no file lock can be taken and there is no database lock: migrating unlocked' : 'no file lock can be taken: migrating under the database lock alone' });
      file = noLock;
    }
    if (file === undefined) {
      await closeSession();
      return undefined;
    }
    if (session === undefined) return file;
    let db: HeldLock | undefined;
    try {
      db = await (await session).acquire(signal);
    } catch (e) {
      await file.release();
      throw e;
    }
    if (db === undefined) {
      await file.release();
      return undefined;
    }
    const held = { db, file };
    return {
      // In reverse order: the database lock first, then the file lock.
      release: async () => {
        await held.db.release();
        await held.file.release();
      },
    };
  };
}

function envValue(plan: Plan, name: string): string | undefined {
  const v = plan.env.find((x) => x.name === name);
  return v === undefined ? undefined : revealValue(v.value);
}
