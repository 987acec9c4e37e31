// What a rock check's going down does, as Pebble's servstate decides it (manager.go CheckFailed,
// handlers.go checkFailed): every service whose on-check-failure names the check acts on it.
// `restart` restarts that service; `shutdown` stops everything and ends the daemon with
// Pebble's check-failure code (cmd_run.go: 11); `success-shutdown` ends it with 0; `ignore`
// leaves the service as it is. Pure.
import { ExitCode } from '../errors.js';
import type { PebbleCheck } from './combine-checks.js';

/** One thing the shell does when `check` goes down. */
export type CheckDownEffect =
  | { readonly kind: 'restart'; readonly service: string; readonly app: boolean }
  | { readonly kind: 'shutdown'; readonly service: string; readonly action: string; readonly code: number }
  | { readonly kind: 'ignore'; readonly service: string };

/** The effects of `check` going down, in service-name order; `appService` is the app's (paas-init's own supervisor). */
export function checkDownEffects(check: PebbleCheck, appService: string | undefined): CheckDownEffect[] {
  return [...check.actions].sort((a, b) => a.service.localeCompare(b.service)).map(({ service, action }): CheckDownEffect => {
    switch (action) {
      case 'restart': return { kind: 'restart', service, app: service === appService };
      case 'shutdown': case 'failure-shutdown': return { kind: 'shutdown', service, action, code: ExitCode.checkFailure };
      case 'success-shutdown': return { kind: 'shutdown', service, action, code: ExitCode.ok };
      case 'ignore': return { kind: 'ignore', service };
    }
  });
}
