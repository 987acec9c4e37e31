// libc calls Node does not offer: waitpid for orphans and prctl(PR_SET_CHILD_SUBREAPER), through
// koffi's prebuilt addon. The single binary carries the addon as an asset, but dlopen needs a
// file on a mount that is not noexec. In order: the copy `paas-init install` put beside the
// binary (the image's own file system: read-only is fine), checked to be the same bytes; else a
// private copy in the first writable, exec-capable folder (mount flags from /proc/self/mountinfo),
// removed once loaded; else reaping is unavailable, and says why and how to fix it.
import { accessSync, constants, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { seaApi } from '../runtime/sea.js';
import { parseMountinfo, readMountinfo } from '../inputs/mountinfo.js';
import { mountVerdict } from './exec-mounts.js';

/** The libc functions paas-init uses. */
export interface Libc {
  /** waitpid(pid, &status, WNOHANG): the pid reaped (0 if still running, -1 on error) and its raw status */
  waitpidNoHang(pid: number): { pid: number; status: number };
  /** makes orphans of our descendants re-parent to us, as they would to PID 1 */
  setChildSubreaper(): boolean;
  /** malloc_trim(0): gives the C heap's free pages back to the system */
  trimMalloc(): void;
}

/** The file name of the library beside the binary (written by `paas-init install`). */
export const besideName = 'paas-init-koffi.node';
/** The SEA asset holding koffi's addon for this binary's architecture. */
export const koffiAsset = 'koffi.node';

/** Where the library will be loaded from, found without loading it. */
export type LibrarySource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'copy'; readonly dirs: readonly string[] }
  | { readonly kind: 'none'; readonly why: string };

/** Folders a private copy may go to, in the order tried: the state dir's candidates first. */
export function copyCandidates(env: NodeJS.ProcessEnv, stateDirs: readonly string[]): string[] {
  const dirs = [...stateDirs, env.PAAS_INIT_STATE_DIR, '/var/lib/paas-init', env.TMPDIR, '/tmp', '/dev/shm', '/run', '/var/tmp', env.HOME];
  return [...new Set(dirs.filter((d): d is string => d !== undefined && d.startsWith('/')))];
}

/** Finds the library's source: beside the binary, else the folders a copy can be dlopen-ed from. */
export function locateLibrary(candidates: readonly string[]): LibrarySource {
  const sea = seaApi();
  if (sea === undefined) {
    // Outside the single binary (development runs): the addon npm installed.
    try {
      const req = createRequire(join(process.cwd(), 'package.json'));
      return { kind: 'file', path: req.resolve(`@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`) };
    } catch (e) {
      return { kind: 'none', why: `koffi's addon for linux-${process.arch} is not installed (${messageOf(e)}); fix: npm ci` };
    }
  }
  const beside = join(dirname(process.execPath), besideName);
  const rejected: string[] = [];
  try {
    if (Buffer.from(sea.getRawAsset(koffiAsset)).equals(readFileSync(beside))) return { kind: 'file', path: beside };
    rejected.push(`${beside}: not this binary's (run paas-init install again)`);
  } catch (e) {
    rejected.push(`${beside}: ${codeOf(e)}`);
  }
  // Without /proc the table is empty and each folder's attempt decides.
  const mounts = parseMountinfo(readMountinfo());
  const dirs: string[] = [];
  for (const dir of candidates) {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      continue; // missing folders are not worth a word
    }
    const verdict = mountVerdict(real, mounts);
    if (verdict !== null) rejected.push(`${dir}: ${verdict}`);
    else if (!writable(real)) rejected.push(`${dir}: not writable by uid ${process.getuid?.() ?? '?'}`);
    else dirs.push(real);
  }
  if (dirs.length > 0) return { kind: 'copy', dirs };
  return { kind: 'none', why: noPlace(rejected) };
}

/** What status, check and the log say of reaping with this source. */
export function describeSource(source: LibrarySource): string {
  if (source.kind === 'file') return `ok (via ${source.path})`;
  if (source.kind === 'copy') return `ok (via a private copy in ${source.dirs[0] ?? '?'})`;
  return `unavailable: ${source.why}`;
}

/** Loads libc through koffi from the source found; `via` says from where, `error` why not. */
export function loadLibc(source: LibrarySource): { libc: Libc; via: string } | { error: string } {
  try {
    if (source.kind === 'none') return { error: source.why };
    if (source.kind === 'file') return { libc: bindLibc(dlopen(source.path)), via: source.path };
    const failures: string[] = [];
    for (const dir of source.dirs) {
      try {
        return { libc: bindLibc(loadCopy(dir)), via: `a private copy in ${dir}` };
      } catch (e) {
        failures.push(`${dir}: ${messageOf(e)}`);
      }
    }
    return { error: noPlace(failures) };
  } catch (e) {
    return { error: `cannot load libc through koffi (${messageOf(e)})` };
  }
}

/** Reaping as this process would have it, the library really loaded (for `check`). */
export function probeReaping(env: NodeJS.ProcessEnv, stateDirs: readonly string[]): string {
  const loaded = loadLibc(locateLibrary(copyCandidates(env, stateDirs)));
  return 'error' in loaded ? `unavailable: ${loaded.error}` : `ok (via ${loaded.via})`;
}

function noPlace(reasons: readonly string[]): string {
  return `koffi's native library (for waitpid) has no place to be loaded from: ${reasons.join('; ')}; fix: run "paas-init install DIR" when the image is built, or give a writable folder whose mount is not noexec (TMPDIR)`;
}

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}
interface Koffi {
  load(name: string): KoffiLib;
}

const WNOHANG = 1;
const PR_SET_CHILD_SUBREAPER = 36;

function bindLibc(koffi: Koffi): Libc {
  const lib = koffi.load('libc.so.6');
  const waitpid = lib.func('int waitpid(int pid, _Out_ int *status, int options)');
  const prctl = lib.func('int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)');
  const mallocTrim = lib.func('int malloc_trim(size_t pad)');
  return {
    waitpidNoHang(pid) {
      const status = [0];
      const r = waitpid(pid, status, WNOHANG) as number;
      return { pid: r, status: status[0] ?? 0 };
    },
    setChildSubreaper() {
      return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0;
    },
    trimMalloc() {
      mallocTrim(0);
    },
  };
}

function dlopen(path: string): Koffi {
  const mod = { exports: {} as unknown };
  process.dlopen(mod, path);
  return mod.exports as Koffi;
}

/** A copy in a fresh folder of our own (mkdtemp: mode 0700), removed once loaded. */
function loadCopy(dir: string): Koffi {
  const sea = seaApi();
  if (sea === undefined) throw new Error('internal error: a copy of the library outside the single binary');
  const own = mkdtempSync(join(dir, '.paas-init-'));
  try {
    const file = join(own, 'koffi.node');
    writeFileSync(file, new Uint8Array(sea.getRawAsset(koffiAsset)), { mode: 0o500 });
    return dlopen(file);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function codeOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'missing' : (code ?? messageOf(e));
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
