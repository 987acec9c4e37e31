import { InputError } from '../errors.js';
import { findProjectFile } from '../inputs/read-inputs.js';
import { Logger } from '../log/logger.js';
import { AppMigrations } from '../migrate/app-migrations.js';
import { startReaper } from '../supervisor/start-reaper.js';
import { AppGroup } from '../supervisor/app-group.js';
import { interceptSignals } from '../supervisor/signal-intake.js';
import { pebbleFailDelayMs } from '../supervisor/stop-steps.js';
import { startPlanFeed } from '../watch/plan-feed.js';
import { inputTargets } from '../watch/input-targets.js';
import { RelationReadiness } from '../health/relation-readiness.js';
import type { Plan } from '../plan/plan.js';
import { logFormat, logLevel, parseVerbArgs } from './args.js';
import { runHealthChecks } from '../health/rock-checks.js';
import { newRunStats } from '../status/run-stats.js';
import { serveRunStatus } from '../status/run-status.js';
import type { VerbContext } from './context.js';
import { writePlanFiles } from './plan-files.js';
import { commandLineProblems, planSource } from './plan-source.js';
import { writeAll } from './write-fd.js';
import { shrinkHeapWhenIdle } from '../runtime/idle-memory.js';
import { DeferredStart } from '../runtime/deferred-start.js';
import { runFlags, runOptions } from './run-options.js';
import { commandlessRefusal, logStartNotices } from './run-notices.js';

/** One-line summary for `paas-init --help`. */
export const summary = 'run the app as PID 1: map inputs to env, migrate, supervise, reload on change';

/** How long an exiting paas-init waits for the migration locks to be released. */
const releaseWaitMs = 5000;

/** `paas-init run [-- CMD ARGS...]`. */
export async function runRun(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags, command } = parseVerbArgs('run', argv, runFlags);
  if (flags.help === true) return ctx.help('run');
  const logger = new Logger({ format: logFormat(flags), minLevel: logLevel(flags), write: (l) => writeAll(2, l) });
  const source = planSource(flags, command, ctx.env, ctx.cwd).keepSecretKey();
  const projectFile = findProjectFile(source.paths);
  const projectMode = projectFile !== undefined;
  const o = runOptions(flags, projectMode);
  const stats = newRunStats(Date.now());
  const signals = interceptSignals();
  const reaper = startReaper(logger, ctx.env, source.paths.stateDirs.map((c) => c.dir));
  // The deferred start's work is defined below; its timers call it only later.
  const later = new DeferredStart(() => startLater());
  logger.log({ event: 'supervisor.started', pid: process.pid, mode: projectMode ? 'project' : 'init', ...(projectFile === undefined ? {} : { project: projectFile }) });
  const migrations = new AppMigrations({
    maxAttempts: o.maxAttempts, timeoutMs: o.migrateTimeoutMs, graceMs: o.graceMs, stateDir: source.paths.stateDir, requireLock: o.requireLock,
    logger, reaper, counters: stats, onSpawn: () => later.afterSpawn(),
  });
  const group = new AppGroup({
    machine: { role: 'app', failMs: pebbleFailDelayMs, signalGroup: o.signalGroup, random: Math.random },
    policy: o.appPolicy,
    logger, reaper, inheritedEnv: ctx.env,
    onAppTransition: (state) => later.followApp(state.phase),
    startMigration: (plan, env) => migrations.start(plan, env),
  });
  const checker = runHealthChecks({ specs: o.checks, policy: o.checkPolicy, reaper, app: group, inheritedEnv: ctx.env, cwd: ctx.cwd, counters: stats, logger });
  const accept = planAcceptor(group, checker, o.waitForRelations ? new RelationReadiness(logger) : undefined, logger);
  const feed = startPlanFeed({ read: source.read, targets: projectMode ? inputTargets(source.paths) : [], accept, logger });
  const fixed = commandLineProblems(feed.rejected, projectMode);
  if (fixed.length > 0) {
    feed.close();
    throw new InputError(fixed);
  }
  const startLater = (): void => {
    if (o.listen !== 'off') serveRunStatus({ listen: o.listen, label: o.statusLabel, readyUrl: o.readyUrl, group, stats, reaper, lastInputReloadAt: () => feed.lastReadAt, rejected: () => feed.rejected, logger, stateDir: source.stateDir });
    checker.start();
    shrinkHeapWhenIdle(() => reaper.libcNow()?.trimMalloc());
  };
  // Plain init mode has nothing to watch; only the app (or a pending timer) keeps the loop alive.
  if (!projectMode) feed.close();
  const refusal = commandlessRefusal(feed.current, projectMode, source);
  if (refusal !== undefined) {
    feed.close();
    throw refusal;
  }
  // After the app is on its way: nothing here should delay its start.
  logStartNotices(logger, source, feed.current);
  signals.routeTo(group);
  const code = await group.done;
  later.cancel();
  await migrations.releasedWithin(releaseWaitMs);
  checker.stop();
  feed.close();
  reaper.stop();
  return code;
}

/**
 * Where each good plan goes. One without a command is a usage error (refused after the first
 * read), never a spawn; the checks learn of it (the rock's start with the first); the files it
 * names are written, then the app group gets it, through the relation gate when one is asked for.
 */
function planAcceptor(group: AppGroup, checks: { offer(p: Plan): void }, readiness: RelationReadiness | undefined, logger: Logger): (p: Plan) => void {
  return (p) => {
    if (p.command === undefined || p.command.length === 0) return;
    checks.offer(p);
    const written = writePlanFiles(p, logger);
    if (readiness === undefined) group.offer(written);
    else readiness.gate(written, (ready) => group.offer(ready));
  };
}
