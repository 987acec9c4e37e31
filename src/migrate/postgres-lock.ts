// The migration lock across replicas on different hosts, when the app has a PostgreSQL relation:
// a session-level advisory lock on a dedicated connection, held for the whole run of the script.
// A waiter blocks in pg_advisory_lock, so the hand-off is immediate.
// The server releases it when the session ends, so a dead holder never leaves it behind.
import type pg from 'pg';
import { loadChunk } from '../runtime/load-chunk.js';
import type { Logger } from '../log/logger.js';
import { pgAdvisoryKey, pgLockIds } from './lock-key.js';
import { databaseLockSession, type DatabaseLockSession, type HeldLock } from './runner.js';

/** Connects for pg_advisory_lock on the app's key; `acquire` then takes it. */
export async function connectPostgresLock(connectString: string, appName: string, me: string, logger: Logger, sliceMs = 500): Promise<DatabaseLockSession> {
  const key = await pgAdvisoryKey(appName);
  const lockName = `postgresql advisory lock ${key}`;
  // Loaded on first use: only apps with a PostgreSQL relation pay for the driver.
  const pgModule = await loadChunk<typeof pg>('pg', async () => (await import('pg')).default);
  const client = new pgModule.Client({ connectionString: connectString, application_name: me.slice(0, 63), keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined); // a dropped connection shows up as a failed query or release
  await client.connect();
  const close = (): Promise<void> => client.end().catch(() => undefined);
  return databaseLockSession(close, async (signal) => {
    const t0 = Date.now();
    const acquired = (): HeldLock => {
      logger.log({ event: 'migration.lock-acquired', lock: lockName, waitedMs: Date.now() - t0 });
      return {
        release: async () => {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => undefined);
          await close();
        },
      };
    };
    const first = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key.toString()]);
    if (first.rows[0]?.ok === true) return acquired();
    const holder = await holderOf(client, key);
    logger.log({ event: 'migration.lock-waiting', lock: lockName, ...(holder === undefined ? {} : { holder }) });
    // Wait in the server (granted the moment the holder releases), in slices so that an abort
    // is seen within `sliceMs`.
    await client.query(`SET statement_timeout = ${sliceMs}`);
    while (!signal.aborted) {
      try {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key.toString()]);
        await client.query('SET statement_timeout = 0');
        return acquired();
      } catch (e) {
        if ((e as { code?: string }).code !== '57014') throw e; // 57014: canceled by statement_timeout
      }
    }
    return undefined;
  });
}

async function holderOf(client: pg.Client, key: bigint): Promise<string | undefined> {
  const { classid, objid } = pgLockIds(key);
  const r = await client.query<{ application_name: string; pid: number; addr: string | null }>(
    `SELECT a.application_name, a.pid, host(a.client_addr) AS addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 1 LIMIT 1`,
    [classid, objid],
  ).catch(() => undefined);
  const row = r?.rows[0];
  if (row === undefined) return undefined;
  return `${row.application_name || 'unknown'} (backend pid ${row.pid}${row.addr === null ? '' : ` from ${row.addr}`})`;
}
