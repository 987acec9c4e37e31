// The health checks of `run`, wired to the app: they run while it is running, start counting
// afresh for each new app process, and restart it when they go down.
import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/plan.js';
import { childEnv } from '../plan/render-env.js';
import type { Reaper } from '../supervisor/reaper.js';
import type { SupervisorView } from '../supervisor/process-supervisor.js';
import { HealthChecker, type CheckPolicy, type CheckSpec } from './checks.js';

/** The app as the checks see it. */
export interface CheckedApp {
  view(): SupervisorView;
  readonly plan: Plan | undefined;
  /** the checks are down: restart the app */
  unhealthy(reason: string): void;
}

/** Counters the checks keep for status and metrics. */
export interface HealthCounters {
  checkFailures: number;
  checkDown: string | undefined;
}

/** What the app's checks need. */
export interface AppHealthOptions {
  readonly specs: readonly CheckSpec[];
  readonly policy: CheckPolicy;
  readonly reaper: Reaper;
  readonly app: CheckedApp;
  readonly inheritedEnv: NodeJS.ProcessEnv;
  /** where exec checks run when no plan names the app folder */
  readonly cwd: string;
  readonly counters: HealthCounters;
  readonly logger: Logger;
}

/** A checker for the app (not started: `start()` it when the app has had its moment). */
export function appHealthChecker(o: AppHealthOptions): HealthChecker {
  let checkedPid: number | undefined;
  const checker = new HealthChecker({
    specs: o.specs, policy: o.policy, reaper: o.reaper,
    active: () => {
      const v = o.app.view();
      if (v.state.app?.pid !== checkedPid) {
        checkedPid = v.state.app?.pid;
        checker.reset();
      }
      return v.state.phase === 'running';
    },
    env: () => (o.app.plan === undefined ? {} : childEnv(o.app.plan, o.inheritedEnv)),
    cwd: () => o.app.plan?.appDir ?? o.cwd,
    onFailure: (detail) => {
      o.counters.checkFailures += 1;
      o.logger.log({ event: 'check.failed', detail, failures: o.counters.checkFailures });
    },
    onDown: (detail) => {
      o.counters.checkDown = detail;
      o.logger.log({ event: 'check.down', detail, action: 'restart' });
      o.app.unhealthy(detail);
    },
    onUp: () => {
      o.counters.checkDown = undefined;
    },
  });
  return checker;
}
