// Every lock a migration attempt holds, taken in order and released in reverse: the file lock in
// the state dir (one host, or replicas sharing a volume), then the database's own lock when the
// app has a PostgreSQL (advisory lock) or else a MySQL (GET_LOCK) relation (replicas anywhere).
import { hostname } from 'node:os';
import type { Logger } from '../log/logger.js';
import { revealValue } from '../log/secret.js';
import { connectStringVar } from '../mapping/env-names.js';
import type { Plan } from '../plan/plan.js';
import { takeFileLock, type FileLockTiming } from './file-lock.js';
import { holderName } from './lock-key.js';
import { connectMysqlLock } from './mysql-lock.js';
import { connectPostgresLock } from './postgres-lock.js';
import type { DatabaseLockSession, HeldLock, LockTaker } from './runner.js';

/** The lock taker for one plan. */
export function migrationLocks(plan: Plan, stateDir: string, logger: Logger, fileTiming?: FileLockTiming): LockTaker {
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
      file = await takeFileLock(stateDir, me, logger, signal, fileTiming);
    } catch (e) {
      await closeSession();
      throw e;
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
