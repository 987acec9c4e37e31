// Re-reads the inputs when they may have changed and hands each new good plan on. Invalid input
// never reaches the supervisor: it is logged once per distinct set of problems, and the app keeps
// running on the last good plan.
import { formatProblem, type Problem } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/plan.js';
import { planKeys } from '../supervisor/desired.js';
import { watchInputs, type InputWatcher, type WatchTarget, type WatchTiming } from './input-watcher.js';

/** Feeds plans to a consumer until closed. */
export interface PlanFeed {
  /** the last good plan, if any */
  readonly current: Plan | undefined;
  /** when the inputs were last re-read (ms since epoch) */
  readonly lastReadAt: number;
  /** the newest inputs' problems while they are refused, and since when (ms since epoch) */
  readonly rejected: RejectedInputs | undefined;
  close(): void;
}

/** Inputs refused: every problem of the newest read, and when the refusal began. */
export interface RejectedInputs {
  readonly problems: readonly Problem[];
  readonly since: number;
}

/** Starts watching `targets`; `read` builds a plan from the inputs; `accept` gets each new good plan. */
export function startPlanFeed(opts: { read: () => Plan; targets: readonly WatchTarget[]; accept: (plan: Plan) => void; logger: Logger; timing?: WatchTiming }): PlanFeed {
  let current: Plan | undefined;
  let lastProblems = '';
  let lastReadAt = 0;
  let rejected: RejectedInputs | undefined;
  let watcher: InputWatcher | undefined;

  const refresh = (): void => {
    lastReadAt = Date.now();
    let plan: Plan;
    try {
      plan = opts.read();
    } catch (e) {
      opts.logger.log({ event: 'internal.error', msg: `internal error: reading inputs: ${e instanceof Error ? e.message : String(e)}` });
      return;
    } finally {
      watcher?.rearm();
    }
    if (plan.problems.length > 0) {
      const text = plan.problems.map(formatProblem).join('\n');
      if (text !== lastProblems) {
        for (const p of plan.problems) opts.logger.log({ event: 'inputs.invalid', msg: formatProblem(p), keeping: current === undefined ? 'nothing: waiting for valid input' : 'the last good plan' });
      }
      lastProblems = text;
      rejected = { problems: plan.problems, since: rejected?.since ?? lastReadAt };
      return;
    }
    lastProblems = '';
    rejected = undefined;
    if (current !== undefined && sameOutcome(current, plan)) {
      current = plan;
      return;
    }
    if (current !== undefined) opts.logger.log({ event: 'inputs.changed', restart: !planKeys(current).envKey.equals(planKeys(plan).envKey), names: changedNames(current, plan) });
    current = plan;
    opts.accept(plan);
  };

  refresh();
  watcher = watchInputs(opts.targets, refresh, opts.timing);
  return {
    get current() {
      return current;
    },
    get lastReadAt() {
      return lastReadAt;
    },
    get rejected() {
      return rejected;
    },
    close() {
      watcher?.close();
    },
  };
}

function sameOutcome(a: Plan, b: Plan): boolean {
  const da = planKeys(a);
  const db = planKeys(b);
  return da.envKey.equals(db.envKey) && da.blocked === db.blocked && da.relationKey.equals(db.relationKey) && da.hasMigration === db.hasMigration;
}

/** The names of variables added, removed or changed (names only: values may be secret). */
function changedNames(a: Plan, b: Plan): string {
  const before = new Map(a.env.map((v) => [v.name, v.value]));
  const after = new Map(b.env.map((v) => [v.name, v.value]));
  const names = new Set<string>();
  for (const [k, v] of after) {
    const old = before.get(k);
    if (old === undefined || String(old) !== String(v) || (typeof old !== 'string' && typeof v !== 'string' && !old.equals(v))) names.add(k);
  }
  for (const k of before.keys()) if (!after.has(k)) names.add(k);
  return [...names].join(',');
}
