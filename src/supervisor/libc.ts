// libc calls Node does not offer: waitpid for orphans and prctl(PR_SET_CHILD_SUBREAPER).
// Through koffi's prebuilt addon, which a single executable carries as an asset: it is written
// to a private temp file, dlopen-ed, and the file removed at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as NodeModule from 'node:module';
import { builtin } from '../runtime/builtin.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seaApi } from '../runtime/sea.js';

/** The libc functions paas-init uses. */
export interface Libc {
  /** waitpid(pid, &status, WNOHANG): the pid reaped (0 if still running, -1 on error) and its raw status */
  waitpidNoHang(pid: number): { pid: number; status: number };
  /** makes orphans of our descendants re-parent to us, as they would to PID 1 */
  setChildSubreaper(): boolean;
}

const WNOHANG = 1;
const PR_SET_CHILD_SUBREAPER = 36;

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}
interface Koffi {
  load(name: string): KoffiLib;
}

/** Loads libc through koffi, or explains why it cannot. */
export function loadLibc(): Libc | { error: string } {
  let koffi: Koffi;
  try {
    koffi = loadKoffi();
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const lib = koffi.load('libc.so.6');
  const waitpid = lib.func('int waitpid(int pid, _Out_ int *status, int options)');
  const prctl = lib.func('int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)');
  return {
    waitpidNoHang(pid) {
      const status = [0];
      const r = waitpid(pid, status, WNOHANG) as number;
      return { pid: r, status: status[0] ?? 0 };
    },
    setChildSubreaper() {
      return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0;
    },
  };
}

function loadKoffi(): Koffi {
  const sea = seaApi();
  const mod = { exports: {} as unknown };
  if (sea !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'paas-init-'));
    const file = join(dir, 'koffi.node');
    try {
      writeFileSync(file, new Uint8Array(sea.getRawAsset('koffi.node')), { mode: 0o500 });
      process.dlopen(mod, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    // Outside the single binary (development runs): the addon npm installed.
    const req = builtin<typeof NodeModule>('node:module').createRequire(join(process.cwd(), 'package.json'));
    process.dlopen(mod, req.resolve('@koromix/koffi-linux-x64/linux_x64/koffi.node'));
  }
  return mod.exports as Koffi;
}

