import { UsageError } from '../errors.js';
import { findProjectFile } from '../inputs/read-inputs.js';
import { Logger } from '../log/logger.js';
import { defaultMigrationTimeoutMs, migrationBackoff } from '../migrate/retry-policy.js';
import { startMigration, type MigrationRun } from '../migrate/runner.js';
import { pebbleBackoff } from '../supervisor/backoff.js';
import { startReaper } from '../supervisor/start-reaper.js';
import { AppGroup } from '../supervisor/app-group.js';
import { startPlanFeed } from '../watch/plan-feed.js';
import { inputTargets } from '../watch/input-targets.js';
import { RelationReadiness } from '../watch/relation-readiness.js';
import type { Plan } from '../plan/plan.js';
import { staticFileMounts } from '../watch/static-mounts.js';
import { choice, duration, inputFlags, logFormat, logLevel, parseVerbArgs, positiveInt, str } from './args.js';
import { HealthChecker, parseChecks, pebbleCheckPolicy } from '../health/checks.js';
import { childEnv } from '../plan/render-env.js';
import { newRunStats } from '../status/run-stats.js';
import { answers, parseStatusAddr, startStatusServer } from '../status/server.js';
import type { VerbContext } from './context.js';
import { writePlanFiles } from './plan-files.js';
import { planSource } from './plan-source.js';
import { writeAll } from './write-fd.js';
import { migrationLocks } from '../migrate/migration-locks.js';
import { scrubber } from '../log/scrub.js';
import { interpreterAndBaselineOnly } from '../runtime/v8-tiers.js';

/** One-line summary for `paas-init --help`. */
export const summary = 'run the app as PID 1: map inputs to env, migrate, supervise, reload on change';

/** Flags of `run`. */
export const runFlags = {
  ...inputFlags,
  grace: { type: 'string' },
  'on-exit': { type: 'string' },
  'signal-group': { type: 'boolean' },
  'max-attempts': { type: 'string' },
  'migrate-timeout': { type: 'string' },
  'wait-for-relations': { type: 'boolean' },
  'status-addr': { type: 'string' },
  'ready-url': { type: 'string' },
  'check-http': { type: 'string', multiple: true },
  'check-tcp': { type: 'string', multiple: true },
  'check-exec': { type: 'string', multiple: true },
  'check-period': { type: 'string' },
  'check-timeout': { type: 'string' },
  'check-threshold': { type: 'string' },
} as const;

/** Signals passed on to the app; TERM and INT also stop paas-init (after the app). */
const forwarded = ['SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const;
const stopping = ['SIGTERM', 'SIGINT'] as const;

/** `paas-init run [-- CMD ARGS...]`. */
export async function runRun(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags, command } = parseVerbArgs('run', argv, runFlags);
  if (flags.help === true) return ctx.help('run');
  const logger = new Logger({ format: logFormat(flags), minLevel: logLevel(flags), write: (l) => writeAll(2, l) });
  const source = planSource(flags, command, ctx.env, ctx.cwd);
  const projectFile = findProjectFile(source.paths);
  const projectMode = projectFile !== undefined;
  const graceMs = duration(flags, 'grace', 25_000);
  const onExit = choice(flags, 'on-exit', ['restart', 'exit'] as const, projectMode ? 'restart' : 'exit');
  const maxAttempts = positiveInt(flags, 'max-attempts', Number.POSITIVE_INFINITY);
  const migrateTimeoutMs = duration(flags, 'migrate-timeout', defaultMigrationTimeoutMs);
  // Plain init mode is quiet like tini: no status server unless asked for.
  const statusAddr = str(flags, 'status-addr') ?? (projectMode ? ':9191' : 'off');
  const listen = parseStatusAddr(statusAddr);
  if (listen === undefined) throw new UsageError(`--status-addr: expected [HOST]:PORT or off, got ${JSON.stringify(statusAddr)}`);
  const checks = parseChecks(list(flags['check-http']), list(flags['check-tcp']), list(flags['check-exec']));
  if (typeof checks === 'string') throw new UsageError(checks);
  const checkPolicy = {
    periodMs: duration(flags, 'check-period', pebbleCheckPolicy.periodMs),
    timeoutMs: duration(flags, 'check-timeout', pebbleCheckPolicy.timeoutMs),
    threshold: positiveInt(flags, 'check-threshold', pebbleCheckPolicy.threshold),
  };
  if (checkPolicy.timeoutMs >= checkPolicy.periodMs) throw new UsageError(`--check-timeout: must be shorter than --check-period (${checkPolicy.periodMs} ms), got ${checkPolicy.timeoutMs} ms`);
  const readyUrl = str(flags, 'ready-url');
  const stats = newRunStats(Date.now());

  // Handlers first, and never removed: PID 1 drops every signal that finds no handler, so even a
  // moment without one (a remove-then-add) would lose a signal. Until the supervisor exists they
  // are queued.
  const early: string[] = [];
  let onSignal = (sig: string): void => void early.push(sig);
  for (const s of [...stopping, ...forwarded]) process.on(s, () => onSignal(s));

  const reaper = startReaper(logger);
  // The migration run last started: paas-init exits only after its locks are released.
  let lastMigration: MigrationRun | undefined;
  // What nobody waits for at start-up (the status server: loading node:http and listening; the
  // health checks; turning TurboFan off, src/runtime/v8-tiers.ts) waits until the app has had a
  // moment: started alongside gunicorn's boot, its ~15 ms of CPU slowed that boot by ~10 ms on a
  // 2-vCPU machine (bench/example-startup.mjs). It begins `secondaryAfterSpawnMs` after the
  // last spawn (a migration's, then the app's right after it), at once when the app is blocked
  // or has stopped, and after `secondaryStartFallbackMs` if nothing has happened by then (invalid
  // input, a lock another replica holds). startSecondary is defined below; the timers call it
  // only later.
  let secondaryStarted = false;
  let secondaryTimer: NodeJS.Timeout | undefined;
  /** (Re)schedules the start `ms` from now, replacing any earlier schedule. */
  const startSecondaryIn = (ms: number): void => {
    if (secondaryStarted) return;
    clearTimeout(secondaryTimer);
    secondaryTimer = setTimeout(() => startSecondary(), ms);
  };
  startSecondaryIn(secondaryStartFallbackMs);
  logger.log({ event: 'supervisor.started', pid: process.pid, mode: projectMode ? 'project' : 'init', ...(projectFile === undefined ? {} : { project: projectFile }) });

  const supervisor = new AppGroup({
    machine: { onExit, graceMs, backoff: pebbleBackoff, random: Math.random },
    logger,
    reaper,
    signalGroup: flags['signal-group'] === true,
    inheritedEnv: ctx.env,
    onAppTransition: (state) => {
      if (state.phase === 'running') startSecondaryIn(secondaryAfterSpawnMs);
      else if (state.phase === 'blocked' || state.phase === 'backoff' || state.phase === 'exited') startSecondaryIn(0);
    },
    startMigration: (plan, env) => lastMigration = startMigration({
      migration: plan.migration!, env, appDir: plan.appDir, maxAttempts, timeoutMs: migrateTimeoutMs, graceMs,
      backoff: migrationBackoff, lock: migrationLocks(plan, source.paths.stateDir, logger), logger, reaper, random: Math.random,
      scrub: scrubber(plan.env.map((v) => v.value)),
      onAttempt: (a) => {
        if (a.code === undefined) {
          stats.migrationAttempts += 1;
          startSecondaryIn(secondaryAfterSpawnMs);
          return;
        }
        stats.migrationLastCode = a.code;
        stats.migrationLastDurationMs = a.durationMs;
        stats.migrationDurationsMsTotal += a.durationMs ?? 0;
      },
    }),
  });

  const targets = projectMode ? inputTargets(source.paths) : [];
  const readiness = flags['wait-for-relations'] === true ? new RelationReadiness(logger) : undefined;
  const offer = (p: Plan): void => {
    writePlanFiles(p, logger);
    supervisor.offer(p);
  };
  const accept = (p: Plan): void => (readiness === undefined ? offer(p) : readiness.gate(p, offer));
  const feed = startPlanFeed({ read: source.read, targets, accept, logger });
  let checkedPid: number | undefined;
  const checker = new HealthChecker({
    specs: checks, policy: checkPolicy, reaper,
    active: () => {
      const v = supervisor.view();
      if (v.state.app?.pid !== checkedPid) {
        checkedPid = v.state.app?.pid;
        checker.reset();
      }
      return v.state.phase === 'running';
    },
    env: () => { const p = supervisor.plan; return p === undefined ? {} : childEnv(p, ctx.env); },
    cwd: () => supervisor.plan?.appDir ?? ctx.cwd,
    onFailure: (detail) => {
      stats.checkFailures += 1;
      logger.log({ event: 'check.failed', detail, failures: stats.checkFailures });
    },
    onDown: (detail) => {
      stats.checkDown = detail;
      logger.log({ event: 'check.down', detail, action: 'restart' });
      supervisor.unhealthy(detail);
    },
    onUp: () => {
      stats.checkDown = undefined;
    },
  });
  const startSecondary = (): void => {
    if (secondaryStarted) return;
    secondaryStarted = true;
    clearTimeout(secondaryTimer);
    interpreterAndBaselineOnly();
    if (listen !== 'off') {
      void startStatusServer({
        addr: listen, label: statusAddr, logger,
        sources: () => ({ state: supervisor.view().state, plan: supervisor.plan, stats: { ...stats, lastInputReloadAt: feed.lastReadAt }, processes: supervisor.extras(), zombiesReaped: reaper.stats.reaped }),
        probeReady: () => (readyUrl === undefined ? Promise.resolve(true) : answers(readyUrl, 1000)),
      });
    }
    checker.start();
  };
  // Plain init mode has nothing to watch; only the app (or a pending timer) keeps the loop alive.
  if (!projectMode) feed.close();
  const first = feed.current;
  if (first !== undefined && (first.command === undefined || first.command.length === 0)) {
    feed.close();
    throw new UsageError(projectMode ? `run: no default command for framework "${first.framework ?? 'none'}"; give one after "--"` : 'run: no project file found and no command given; usage: paas-init run [flags] -- CMD ARGS...');
  }
  if (first !== undefined && source.settings.unitId === undefined && first.processes.some((p) => p.kind === 'scheduler')) {
    logger.log({ event: 'scheduler.unit-unknown', msg: 'no --unit-id and no StatefulSet ordinal in the pod name: this replica runs the schedulers as unit 0; with several replicas, give each its --unit-id' });
  }
  // After the app is on its way: nothing here should delay its start.
  for (const path of staticFileMounts([source.paths.root, source.paths.configDir, source.paths.secretsDir, source.paths.bindingsDir])) {
    logger.log({ event: 'inputs.static', path, msg: 'a single-file mount (e.g. a Kubernetes subPath): it never updates live; mount the whole folder instead' });
  }
  const sk = source.secretKey;
  if (sk?.generated === true) logger.log(sk.unsavedReason === undefined ? { event: 'secret-key.generated', path: sk.path } : { event: 'secret-key.ephemeral', path: sk.path, error: sk.unsavedReason });
  if (first?.usesGeneratedSecretKey === true) {
    logger.log({ event: 'secret-key.not-shared', msg: `the app secret key is kept in ${sk?.path ?? 'the state dir'}; replicas that do not share it each generate their own: set app-secret-key (or app-secret-key-id) once for all` });
  }

  const handle = (sig: string): void => {
    if ((stopping as readonly string[]).includes(sig)) supervisor.shutdown(sig);
    else supervisor.forward(sig);
  };
  onSignal = handle;
  for (const sig of early.splice(0)) handle(sig);
  const code = await supervisor.done;
  secondaryStarted = true; // a late timer must not start the server now
  clearTimeout(secondaryTimer);
  // The next replica should find the migration locks free, but a stuck release does not hold
  // up the exit for more than a moment: the file lock then goes stale, the database's goes with
  // the connection.
  if (lastMigration !== undefined) await settledWithin(lastMigration.released, releaseWaitMs);
  checker.stop();
  feed.close();
  reaper.stop();
  return code;
}

/** How long an exiting paas-init waits for the migration locks to be released. */
const releaseWaitMs = 5000;

function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(t);
      resolve();
    };
    p.then(done, done);
  });
}

/** How long the status server waits for the first child before starting anyway. */
const secondaryStartFallbackMs = 250;
/** How long after a child's spawn (if no other follows) the status server starts. */
const secondaryAfterSpawnMs = 300;

function list(v: string | boolean | string[] | undefined): string[] {
  return Array.isArray(v) ? v : [];
}
