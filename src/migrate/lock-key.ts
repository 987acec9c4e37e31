import { sha256 } from '../runtime/sha256.js';

/**
 * The advisory lock key of an app's migrations: the first 8 bytes of
 * sha256("paas-init:migrate:<app name>") as a signed 64-bit integer. Every replica of one app,
 * and any other tool that computes the same, gets the same key (documented in the README).
 */
export async function pgAdvisoryKey(appName: string): Promise<bigint> {
  return sha256(`paas-init:migrate:${appName}`).readBigInt64BE(0);
}

/** pg_locks shows a 64-bit advisory key as classid (high 32 bits) and objid (low 32 bits). */
export function pgLockIds(key: bigint): { classid: number; objid: number } {
  const u = BigInt.asUintN(64, key);
  return { classid: Number(u >> 32n), objid: Number(u & 0xffffffffn) };
}

/** The MySQL GET_LOCK name (at most 64 characters). */
export async function mysqlLockName(appName: string): Promise<string> {
  const name = `paas-init:migrate:${appName}`;
  return name.length <= 64 ? name : `paas-init:migrate:${sha256(appName).toString('hex').slice(0, 40)}`;
}

/** Who we are, as other replicas will see it while they wait for us. */
export function holderName(hostname: string, pid: number): string {
  return `paas-init on ${hostname} pid ${pid}`;
}
