// The rock's layer checks under `run`: each runs on its own period with the shared checker
// (checks.ts), beside paas-init's `--check-*` ones, from the deferred start on. When one goes
// down, what the services' on-check-failure says (pebble/check-failure.ts) is carried out on the
// app group: restart a service, or shut everything down with Pebble's code.
import type { Logger } from '../log/logger.js';
import { checkDownEffects, type CheckDownEffect } from '../pebble/check-failure.js';
import type { PebbleCheck } from '../pebble/combine-checks.js';
import type { Plan } from '../plan/plan.js';
import type { Reaper } from '../supervisor/reaper.js';
import type { SupervisorView } from '../supervisor/process-supervisor.js';
import { appHealthChecker, type AppHealthOptions, type CheckedApp, type HealthCounters } from './app-health.js';
import { HealthChecker } from './checks.js';

/** The group as the rock's checks act on it. */
export interface CheckedGroup {
  view(): SupervisorView;
  unhealthy(reason: string): void;
  restartService(name: string, reason: string): void;
  shutdownWith(code: number): void;
}

/** One rock check's counts, for /status and /metrics. */
export interface RockCheckCounters {
  readonly name: string;
  readonly level: string | null;
  readonly threshold: number;
  failures: number;
  /** the failure that took it down, while it is down */
  down: string | undefined;
}

/** What the rock's checks need. */
export interface RockChecksOptions {
  readonly plan: Plan;
  readonly group: CheckedGroup;
  readonly reaper: Reaper;
  readonly inheritedEnv: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly counters: Map<string, RockCheckCounters>;
  /** each failure also counts in the total that --check-* failures count in */
  readonly countFailure: () => void;
  readonly logger: Logger;
}

/**
 * paas-init's `--check-*` checks and its rock's checks: both from the deferred start on, the
 * rock's with the first good plan (at the start, or later when the inputs only became valid then).
 */
export function runHealthChecks(o: Omit<AppHealthOptions, 'app' | 'counters'> & { app: CheckedApp & CheckedGroup; counters: HealthCounters & { rockChecks: Map<string, RockCheckCounters> } }): { offer(plan: Plan): void; start(): void; stop(): void } {
  const app = appHealthChecker(o);
  let started = false;
  let plan: Plan | undefined;
  let rock: HealthChecker[] | undefined;
  const startRock = (): void => {
    if (started && rock === undefined && plan !== undefined) {
      rock = startRockChecks({ ...o, plan, group: o.app, counters: o.counters.rockChecks, countFailure: () => (o.counters.checkFailures += 1) });
    }
  };
  return {
    offer: (p) => {
      plan ??= p;
      startRock();
    },
    start: () => {
      started = true;
      app.start();
      startRock();
    },
    stop: () => {
      app.stop();
      for (const c of rock ?? []) c.stop();
    },
  };
}

/** Starts a checker for each enabled check of the plan's rock; returns them (to stop). */
export function startRockChecks(o: RockChecksOptions): HealthChecker[] {
  const rock = o.plan.rockChecks;
  if (rock === undefined) return [];
  return rock.checks.filter((c) => c.startup === 'enabled').map((c) => {
    const counters: RockCheckCounters = { name: c.name, level: c.level ?? null, threshold: c.threshold, failures: 0, down: undefined };
    o.counters.set(c.name, counters);
    const checker = new HealthChecker({
      specs: [c.spec], policy: { periodMs: c.periodMs, timeoutMs: c.timeoutMs, threshold: c.threshold }, reaper: o.reaper,
      // As in Pebble, a check runs whatever the services' state, until paas-init stops.
      active: () => o.group.view().state.phase !== 'exited',
      env: () => ({ ...(o.inheritedEnv as Record<string, string>) }),
      cwd: () => o.plan.appDir ?? o.cwd,
      onFailure: (detail) => {
        counters.failures += 1;
        o.countFailure();
        o.logger.log({ event: 'check.failed', check: c.name, detail, failures: counters.failures });
      },
      onDown: (detail) => {
        counters.down = detail;
        actOnDown(c, checkDownEffects(c, rock.appService), detail, o);
      },
      onUp: () => {
        counters.down = undefined;
        o.logger.log({ event: 'check.up', check: c.name });
      },
    });
    checker.start();
    return checker;
  });
}

function actOnDown(c: PebbleCheck, effects: readonly CheckDownEffect[], detail: string, o: RockChecksOptions): void {
  if (effects.length === 0) o.logger.log({ event: 'check.down', check: c.name, detail, action: 'none' });
  const reason = `check "${c.name}" is down: ${detail}`;
  for (const e of effects) {
    o.logger.log({ event: 'check.down', check: c.name, detail, action: e.kind === 'shutdown' ? e.action : e.kind, service: e.service, ...(e.kind === 'shutdown' ? { exitCode: e.code } : {}) });
    if (e.kind === 'restart') {
      if (e.app) o.group.unhealthy(reason);
      else o.group.restartService(e.service, reason);
    } else if (e.kind === 'shutdown') {
      o.group.shutdownWith(e.code);
    }
  }
}
