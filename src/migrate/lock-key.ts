import { createHash } from 'node:crypto';

/**
 * The advisory lock key of an app's migrations: the first 8 bytes of
 * sha256("paas-init:migrate:<app name>") as a signed 64-bit integer. Every replica of one app,
 * and any other tool that computes the same, gets the same key (documented in the README).
 */
export function pgAdvisoryKey(appName: string): bigint {
  return createHash('sha256').update(`paas-init:migrate:${appName}`).digest().readBigInt64BE(0);
}

/** pg_locks shows a 64-bit advisory key as classid (high 32 bits) and objid (low 32 bits). */
export function pgLockIds(key: bigint): { classid: number; objid: number } {
  const u = BigInt.asUintN(64, key);
  return { classid: Number(u >> 32n), objid: Number(u & 0xffffffffn) };
}

/** The MySQL GET_LOCK name (at most 64 characters). */
export function mysqlLockName(appName: string): string {
  const name = `paas-init:migrate:${appName}`;
  return name.length <= 64 ? name : `paas-init:migrate:${createHash('sha256').update(appName).digest('hex').slice(0, 40)}`;
}

/** Who we are, as other replicas will see it while they wait for us. */
export function holderName(hostname: string, pid: number): string {
  return `paas-init on ${hostname} pid ${pid}`;
}
