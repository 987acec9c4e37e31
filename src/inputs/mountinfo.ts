// /proc/self/mountinfo (proc(5)) and pure functions over its text, for every question asked of
// the mount table: where a library can be dlopen-ed (supervisor/), whether replicas share the
// state dir (inputs/), which inputs are single-file mounts (watch/).
import { readFileSync } from 'node:fs';

/** One line of /proc/self/mountinfo: where it is mounted and its flags. */
export interface MountEntry {
  readonly mountPoint: string;
  /** per-mount options (field 6: rw/ro, noexec, nosuid, ...) */
  readonly options: readonly string[];
  /** the file system's type (after " - ") */
  readonly fsType: string;
  /** the file system's own options (after " - " and the type and source) */
  readonly superOptions: readonly string[];
}

/** Decodes mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
function unescapeField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses the text of /proc/self/mountinfo; lines that do not parse are skipped. */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    const mountPoint = fields[4];
    const options = fields[5];
    if (dash < 0 || mountPoint === undefined || options === undefined) continue;
    out.push({ mountPoint: unescapeField(mountPoint), options: options.split(','), fsType: fields[dash + 1] ?? '', superOptions: (fields[dash + 3] ?? '').split(',') });
  }
  return out;
}

/** The mount an absolute, resolved path lies on: the longest mount point above it, the last mounted when stacked. */
export function mountOf(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const inside = m.mountPoint === '/' || path === m.mountPoint || path.startsWith(m.mountPoint + '/');
    if (inside && (best === undefined || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** The text of /proc/self/mountinfo, or '' without /proc (then each caller's attempt decides). */
export function readMountinfo(): string {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return '';
  }
}
