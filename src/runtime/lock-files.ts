import type * as Lockfile from 'proper-lockfile';

/** proper-lockfile's API, as a migration's file lock uses it. */
export type LockFiles = typeof Lockfile.default;

/**
 * proper-lockfile, set up when a migration first takes the file lock rather than with the binary:
 * it brings graceful-fs, which every other start would carry (bench/deferred-loads.mjs).
 */
export async function lockFiles(): Promise<LockFiles> {
  return (await import('proper-lockfile')).default;
}
