import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../errors.js';
import { Secret } from '../log/secret.js';
import type { MountedDir, MountedFile } from './snapshot.js';

/** Kubernetes caps a Secret or ConfigMap at 1 MiB; a larger file is not a mounted value. */
export const maxValueBytes = 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Shared by every read (allocated once, uninitialised: only the pages a value fills are touched). */
let readBuffer: Buffer | undefined;

/**
 * Reads a mounted folder the way the kubelet lays it out: follows the `<key> -> ..data/<key>`
 * symlinks, skips the kubelet's own `..`-names, and reads sub-folders up to `depth` levels
 * (deeper ones are listed, empty).
 * Problems are collected, never thrown: one bad file does not hide the others.
 */
export function readMountedDir(path: string, depth: number, problems: Problem[]): MountedDir {
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (e) {
    const code = errCode(e);
    if (code !== 'ENOENT') problems.push({ file: path, expected: 'a readable folder', found: osFound(code) });
    return { path, exists: false, live: false, files: new Map(), dirs: new Map() };
  }
  const files = new Map<string, MountedFile>();
  const dirs = new Map<string, MountedDir>();
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = entry.name;
    if (name.startsWith('..')) continue;
    const full = join(path, name);
    // The folder listing tells plain files and folders apart; only a symlink (the kubelet's
    // `<key> -> ..data/<key>`) needs a stat to see what it points to.
    let isDir = entry.isDirectory();
    if (!isDir && !entry.isFile()) {
      try {
        isDir = statSync(full).isDirectory();
      } catch (e) {
        problems.push({ file: full, expected: 'a file or folder', found: osFound(errCode(e)) });
        continue;
      }
    }
    if (isDir) {
      // Below the depth read, a folder is listed unread, so that it can be reported, not dropped.
      dirs.set(name, depth > 0 ? readMountedDir(full, depth - 1, problems) : { path: full, exists: true, live: false, files: new Map(), dirs: new Map() });
      continue;
    }
    const file = readValueFile(full, problems);
    if (file !== undefined) files.set(name, file);
  }
  return { path, exists: true, live: isLive(path), files, dirs };
}

/** Reads one value file: UTF-8 text up to 1 MiB, one trailing newline dropped. */
export function readValueFile(path: string, problems: Problem[]): MountedFile | undefined {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Read into one reused buffer of the limit plus a byte: no Stats object per file (a stat cost
    // more than the read), and a file that is too large (or endless) is never read whole.
    fd = openSync(path, 'r');
    const buffer = (readBuffer ??= Buffer.allocUnsafe(maxValueBytes + 1));
    let n = 0;
    for (let k = -1; k !== 0 && n < buffer.length; n += k) k = readSync(fd, buffer, n, buffer.length - n, null);
    if (n > maxValueBytes) {
      problems.push({ file: path, expected: 'at most 1 MiB (the Kubernetes limit)', found: 'a larger file' });
      return undefined;
    }
    bytes = buffer.subarray(0, n);
  } catch (e) {
    problems.push({ file: path, expected: 'a readable file', found: osFound(errCode(e)) });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    problems.push({ file: path, expected: 'UTF-8 text', found: 'binary data' });
    return undefined;
  }
  if (text.includes('\0')) {
    problems.push({ file: path, expected: 'UTF-8 text', found: 'a NUL byte (cannot be passed in an environment variable)' });
    return undefined;
  }
  // Files written with `echo` or editors end in a newline that nobody means as part of the value.
  return { path, value: new Secret(text.endsWith('\n') ? text.slice(0, -1) : text) };
}

/** True when the folder has the kubelet's `..data` symlink, so it updates in place. */
export function isLive(path: string): boolean {
  try {
    return lstatSync(join(path, '..data')).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The errno code of an OS error (ENOENT…), for messages. */
export function errCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : 'an error';
}

function osFound(code: string): string {
  switch (code) {
    case 'ELOOP': return 'a symlink loop (ELOOP)';
    case 'ENOENT': return 'a dangling symlink (ENOENT)';
    case 'EACCES': return 'no permission to read it (EACCES)';
    case 'ENOTDIR': return 'a file (ENOTDIR)';
    case 'EISDIR': return 'a folder (EISDIR)';
    default: return code;
  }
}
