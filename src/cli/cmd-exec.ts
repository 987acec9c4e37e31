import type * as Execa from 'execa';
import { loadChunk } from '../runtime/load-chunk.js';
import { ExitCode, UsageError } from '../errors.js';
import { childEnv } from '../plan/render-env.js';
import { blockedMessage } from '../plan/plan.js';
import { exitCodeOf } from '../supervisor/exit-code.js';
import { inputFlags, parseVerbArgs } from './args.js';
import type { VerbContext } from './context.js';
import { planSource } from './plan-source.js';
import { verdictLines } from './verdict.js';
import { credentialsFor } from '../supervisor/run-as.js';

/** One-line summary for `paas-init --help`. */
export const summary = "run a one-off command with the app's environment (like heroku run)";

/** `paas-init exec -- CMD ARGS...`: the app's env and folder, the terminal passed through, its exit code returned. */
export async function runExec(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags, command } = parseVerbArgs('exec', argv, inputFlags);
  if (flags.help === true) return ctx.help('exec');
  if (command === undefined || command.length === 0) throw new UsageError('exec: give the command after "--", e.g. paas-init exec -- python3 manage.py shell');
  const plan = planSource(flags, undefined, ctx.env, ctx.cwd, { appDir: 'exists' }).keepSecretKey().read();
  if (plan.problems.length > 0) {
    for (const line of verdictLines(plan)) ctx.stderr(line + '\n');
    return ExitCode.invalid;
  }
  const blocked = blockedMessage(plan);
  if (blocked !== undefined) ctx.stderr(`paas-init: warning: the app is blocked (${blocked}); running the command anyway\n`);
  const [file, ...args] = command as [string, ...string[]];
  const { execa } = await loadChunk<typeof Execa>('execa', () => import('execa'));
  // In the app's context, as `pebble exec --context` runs in a service's: its env, folder and, when root, its user.
  const child = execa(file, args, { cwd: plan.appDir, env: childEnv(plan, ctx.env), extendEnv: false, stdio: 'inherit', reject: false, ...credentialsFor(plan.runAs) });
  // Signals sent to paas-init reach the command too (a terminal's Ctrl-C already reaches both).
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const) process.on(sig, forward(sig));
  process.on('SIGINT', () => undefined);
  const r = await child;
  if (r.failed && r.exitCode === undefined && r.signal === undefined) {
    ctx.stderr(`paas-init: exec: ${r.shortMessage}\n`);
    return r.code === 'ENOENT' ? 127 : 126;
  }
  return exitCodeOf(r.exitCode ?? null, (r.signal as NodeJS.Signals | undefined) ?? null);
}
