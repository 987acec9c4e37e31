import type { RunAs } from '../pebble/user-db.js';

/** The ids spawn switches to. */
export interface Credentials {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The ids to spawn a service with: its user's when paas-init runs as root, as Pebble does.
 * Another uid cannot switch, so it runs the service as itself (an arbitrary uid under
 * OpenShift or `--user` runs the whole rock as that uid).
 */
export function credentialsFor(runAs: RunAs | undefined): Credentials | undefined {
  if (runAs === undefined || process.getuid?.() !== 0) return undefined;
  if (runAs.uid === 0 && runAs.gid === (process.getgid?.() ?? 0)) return undefined;
  return { uid: runAs.uid, gid: runAs.gid };
}
