import { chmodSync, chownSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Who may read the env file: it holds secrets, so 0600 unless the app container's user needs another. */
export interface EnvFileAccess {
  /** permission bits, 0600 by default; 0640 with `group` lets the app's group read it */
  readonly mode: number;
  /** the group to give the file (the app container's GID, or the pod's fsGroup) */
  readonly gid?: number;
}

/** The default: only the sidecar's own user reads the file. */
export const privateEnvFile: EnvFileAccess = { mode: 0o600 };

/**
 * Writes the env file (or any file a reader must never see half of: `run`'s plan files)
 * atomically: a temporary file in the same folder (so the rename stays on one filesystem), then
 * rename over the target. The mode is set after the write (the umask would narrow it) and the
 * group before the rename, so the file never appears with other rights. Returns false when the
 * same content and rights are already there; throws the OS error (a group the sidecar is not in:
 * EPERM) after removing its temporary file.
 */
export function writeEnvFile(path: string, content: string, access: EnvFileAccess = privateEnvFile): boolean {
  if (alreadyThere(path, content, access)) return false;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content, { mode: 0o600 });
    if (access.gid !== undefined) chownSync(tmp, -1, access.gid);
    chmodSync(tmp, access.mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true }); // no half-made file with secrets left behind
    throw e;
  }
  return true;
}

function alreadyThere(path: string, content: string, access: EnvFileAccess): boolean {
  try {
    const st = statSync(path);
    return (st.mode & 0o7777) === access.mode && (access.gid === undefined || st.gid === access.gid) && readFileSync(path, 'utf8') === content;
  } catch {
    return false; // not there yet
  }
}
