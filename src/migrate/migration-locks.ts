// Every lock a migration attempt holds, taken in order and released in reverse: the file lock in
// the state dir (one host, or replicas sharing a volume), then the database's own lock when the
// app has a PostgreSQL (advisory lock) or else a MySQL (GET_LOCK) relation (replicas anywhere).
import { hostname } from 'node:os';
import type { Logger } from '../log/logger.js';
import { revealValue } from '../log/secret.js';
import type { Plan } from '../plan/plan.js';
import { takeFileLock, type FileLockTiming } from './file-lock.js';
import { holderName } from './lock-key.js';
import { takeMysqlLock } from './mysql-lock.js';
import { takePostgresLock } from './postgres-lock.js';
import type { HeldLock, LockTaker } from './runner.js';

/** The lock taker for one plan. */
export function migrationLocks(plan: Plan, stateDir: string, logger: Logger, fileTiming?: FileLockTiming): LockTaker {
  const me = holderName(hostname(), process.pid);
  const appName = plan.appName ?? 'app';
  const pgUri = envValue(plan, 'POSTGRESQL_DB_CONNECT_STRING');
  const mysqlUri = envValue(plan, 'MYSQL_DB_CONNECT_STRING');
  return async (signal) => {
    const held: HeldLock[] = [];
    const releaseAll = async (): Promise<void> => {
      for (const h of held.splice(0).reverse()) await h.release();
    };
    try {
      const steps: (() => Promise<HeldLock | undefined>)[] = [() => takeFileLock(stateDir, me, logger, signal, fileTiming)];
      if (pgUri !== undefined) steps.push(() => takePostgresLock(pgUri, appName, me, logger, signal));
      else if (mysqlUri !== undefined) steps.push(() => takeMysqlLock(mysqlUri, appName, logger, signal));
      for (const step of steps) {
        const lock = await step();
        if (lock === undefined) {
          await releaseAll();
          return undefined;
        }
        held.push(lock);
      }
      return { release: releaseAll };
    } catch (e) {
      await releaseAll();
      throw e;
    }
  };
}

function envValue(plan: Plan, name: string): string | undefined {
  const v = plan.env.find((x) => x.name === name);
  return v === undefined ? undefined : revealValue(v.value);
}
