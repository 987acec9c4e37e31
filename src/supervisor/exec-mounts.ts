// Which folders could hold a native library that dlopen can map: the folder's mount must be
// writable and not noexec (the kernel refuses to map a file from a noexec mount: "failed to map
// segment from shared object"). Read from /proc/self/mountinfo (proc(5)); pure functions over
// its text, so that the choice is testable on any mount table.

/** One line of /proc/self/mountinfo: where it is mounted and its flags. */
export interface MountEntry {
  readonly mountPoint: string;
  /** per-mount options (field 6: rw/ro, noexec, nosuid, ...) */
  readonly options: readonly string[];
  /** the file system's own options (after " - " and the type and source) */
  readonly superOptions: readonly string[];
}

/** Why a folder cannot hold the library, or null when its mount allows it. */
export type MountVerdict = 'noexec' | 'read-only' | null;

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
    out.push({ mountPoint: unescapeField(mountPoint), options: options.split(','), superOptions: (fields[dash + 3] ?? '').split(',') });
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

/** Whether the mount under `path` lets a file written there be dlopen-ed. */
export function mountVerdict(path: string, mounts: readonly MountEntry[]): MountVerdict {
  const m = mountOf(path, mounts);
  if (m === undefined) return null; // no table (no /proc): let the attempt decide
  if (m.options.includes('noexec')) return 'noexec';
  if (m.options.includes('ro') || m.superOptions.includes('ro')) return 'read-only';
  return null;
}
