// Which folders could hold a native library that dlopen can map: the folder's mount must be
// writable and not noexec (the kernel refuses to map a file from a noexec mount: "failed to map
// segment from shared object"). Decided by a pure function over the parsed mount table
// (inputs/mountinfo.ts), so that the choice is testable on any mount table.
import { mountOf, type MountEntry } from '../inputs/mountinfo.js';

/** Why a folder cannot hold the library, or null when its mount allows it. */
export type MountVerdict = 'noexec' | 'read-only' | null;

/** Whether the mount under `path` lets a file written there be dlopen-ed. */
export function mountVerdict(path: string, mounts: readonly MountEntry[]): MountVerdict {
  const m = mountOf(path, mounts);
  if (m === undefined) return null; // no table (no /proc): let the attempt decide
  if (m.options.includes('noexec')) return 'noexec';
  if (m.options.includes('ro') || m.superOptions.includes('ro')) return 'read-only';
  return null;
}
