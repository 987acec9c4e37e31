import { ExitCode } from '../errors.js';
import { Logger } from '../log/logger.js';
import { AppMigrations, newMigrationCounters } from '../migrate/app-migrations.js';
import { defaultMigrationTimeoutMs } from '../migrate/retry-policy.js';
import { childEnv } from '../plan/render-env.js';
import { exitCodeOf } from '../supervisor/exit-code.js';
import { startReaper } from '../supervisor/start-reaper.js';
import { duration, inputFlags, logFormat, logLevel, parseVerbArgs, positiveInt } from './args.js';
import type { VerbContext } from './context.js';
import { logStateDir, planSource } from './plan-source.js';
import { planExitCode, verdictLines } from './verdict.js';
import { writeAll } from './write-fd.js';

/** One-line summary for `paas-init --help`. */
export const summary = 'run the migration once, under the lock (init container, Job)';

/** `paas-init migrate`: exit 0 on success, 1 when the attempts are spent, 2 when blocked, 128+N on signal N. */
export async function runMigrate(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags } = parseVerbArgs('migrate', argv, { ...inputFlags, grace: { type: 'string' }, 'max-attempts': { type: 'string' }, 'migrate-timeout': { type: 'string' }, 'require-lock': { type: 'boolean' } });
  if (flags.help === true) return ctx.help('migrate');
  const logger = new Logger({ format: logFormat(flags), minLevel: logLevel(flags), write: (l) => writeAll(2, l) });
  const maxAttempts = positiveInt(flags, 'max-attempts', 5);
  const source = planSource(flags, undefined, ctx.env, ctx.cwd, { appDir: 'exists' }).keepSecretKey();
  const plan = source.read();
  if (plan.problems.length > 0 || plan.blocked.length > 0) {
    for (const line of verdictLines(plan)) ctx.stderr(line + '\n');
    return planExitCode(plan);
  }
  if (plan.migration === undefined) {
    ctx.stderr(`paas-init: migrate: nothing to migrate (no migrate, migrate.sh, migrate.py or manage.py in ${plan.appDir})\n`);
    return ExitCode.ok;
  }
  const reaper = startReaper(logger, ctx.env, source.paths.stateDirs.map((c) => c.dir));
  const counters = newMigrationCounters();
  logStateDir(logger, source.stateDir);
  const run = new AppMigrations({
    maxAttempts, timeoutMs: duration(flags, 'migrate-timeout', defaultMigrationTimeoutMs), graceMs: duration(flags, 'grace', 25_000),
    stateDir: source.paths.stateDir, requireLock: flags['require-lock'] === true, logger, reaper, counters, onSpawn: () => undefined,
  }).start(plan, childEnv(plan, ctx.env));
  let stoppedBy: NodeJS.Signals | undefined;
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      stoppedBy ??= sig;
      run.abort();
    });
  }
  const ok = await run.result;
  // An init container exits only once the next replica can take the locks.
  await run.released;
  reaper.reapNow();
  reaper.stop();
  if (ok) return ExitCode.ok;
  if (stoppedBy !== undefined) return exitCodeOf(null, stoppedBy);
  const lastCode = counters.migrationLastCode;
  ctx.stderr(`paas-init: migrate: ${plan.migration.argv.join(' ')} failed ${maxAttempts} time${maxAttempts === 1 ? '' : 's'}${lastCode === undefined ? '' : ` (last exit code ${lastCode})`}; giving up (--max-attempts ${maxAttempts})\n`);
  return ExitCode.invalid;
}
