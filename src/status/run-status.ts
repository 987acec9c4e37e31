import type { Problem } from '../errors.js';
import type { StateDirChoice } from '../inputs/state-dir.js';
import type { Logger } from '../log/logger.js';
import type { Reaper } from '../supervisor/reaper.js';
import type { AppGroup } from '../supervisor/app-group.js';
import type { RunStats } from './run-stats.js';
import { answers, startStatusServer } from './server.js';

/** What `run`'s status server reports on. */
export interface RunStatusOptions {
  readonly listen: { host: string | undefined; port: number };
  /** the address as given, for logs */
  readonly label: string;
  /** the app's URL that must answer 2xx before /readyz says ready */
  readonly readyUrl: string | undefined;
  readonly group: AppGroup;
  readonly stats: RunStats;
  readonly reaper: Reaper;
  /** when the inputs were last re-read (ms since epoch) */
  readonly lastInputReloadAt: () => number;
  /** the newest inputs' problems while they are refused */
  readonly rejected: () => { readonly problems: readonly Problem[]; readonly since: number } | undefined;
  readonly logger: Logger;
  /** the state dir chosen, and why */
  readonly stateDir: StateDirChoice;
}

/** Serves `run`'s status: the app's state and plan, the counters, the extra processes, the reaper's count. */
export function serveRunStatus(o: RunStatusOptions): void {
  void startStatusServer({
    addr: o.listen, label: o.label, logger: o.logger,
    sources: () => ({
      state: o.group.view().state, plan: o.group.plan, stats: { ...o.stats, lastInputReloadAt: o.lastInputReloadAt() },
      processes: o.group.extras(), zombiesReaped: o.reaper.stats.reaped, reaping: o.reaper.reaping, rejected: o.rejected(),
      stateDir: { path: o.stateDir.dir, from: o.stateDir.from, usable: o.stateDir.usable },
    }),
    probeReady: () => (o.readyUrl === undefined ? Promise.resolve(true) : answers(o.readyUrl, 1000)),
  });
}
