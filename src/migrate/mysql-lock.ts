// The MySQL counterpart of the advisory lock: GET_LOCK on a dedicated connection, released by
// RELEASE_LOCK or by the server when the session ends.
import type mysql from 'mysql2/promise';
import { loadChunk } from '../runtime/load-chunk.js';
import type { Logger } from '../log/logger.js';
import { mysqlLockName } from './lock-key.js';
import { databaseLockSession, type DatabaseLockSession } from './runner.js';

/** Connects for GET_LOCK on the app's lock name; `acquire` then takes it, abortable within half a second. */
export async function connectMysqlLock(connectString: string, appName: string, logger: Logger): Promise<DatabaseLockSession> {
  const name = await mysqlLockName(appName);
  // Loaded on first use: only apps with a MySQL relation pay for the driver.
  const mysqlModule = await loadChunk<typeof mysql>('mysql2', async () => (await import('mysql2/promise')).default);
  const conn = await mysqlModule.createConnection({ uri: connectString, connectTimeout: 10_000, enableKeepAlive: true });
  const close = (): Promise<void> => conn.end().catch(() => undefined);
  return databaseLockSession(close, async (signal) => {
    const t0 = Date.now();
    let announced = false;
    while (!signal.aborted) {
      // The first try returns at once; later ones wait in the server for up to half a second.
      const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS ok', [name, announced ? 0.5 : 0]);
      if (rows[0]?.ok === 1) {
        logger.log({ event: 'migration.lock-acquired', lock: `mysql lock ${name}`, waitedMs: Date.now() - t0 });
        return {
          release: async () => {
            await conn.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
            await close();
          },
        };
      }
      if (!announced) {
        announced = true;
        const [holder] = await conn.query<mysql.RowDataPacket[]>('SELECT IS_USED_LOCK(?) AS id', [name]);
        const id = holder[0]?.id as number | null | undefined;
        logger.log({ event: 'migration.lock-waiting', lock: `mysql lock ${name}`, ...(id === null || id === undefined ? {} : { holder: `connection ${id}` }) });
      }
    }
    return undefined;
  });
}
