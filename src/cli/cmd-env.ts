import { envFormats, renderEnv, uncarriedNames, uncarriedNote, type EnvFormat } from '../plan/render-env.js';
import { choice, inputFlags, parseVerbArgs } from './args.js';
import type { VerbContext } from './context.js';
import { planSource } from './plan-source.js';
import { planExitCode, verdictLines } from './verdict.js';

/** One-line summary for `paas-init --help`. */
export const summary = 'print the environment the app would get';

/** `paas-init env`: the mapped variables only; exit 0 ready, 2 blocked (env still printed), 1 invalid. */
export function runEnv(argv: readonly string[], ctx: VerbContext): number {
  const { flags } = parseVerbArgs('env', argv, { ...inputFlags, format: { type: 'string' } });
  if (flags.help === true) return ctx.help('env');
  const format: EnvFormat = choice(flags, 'format', envFormats, 'dotenv');
  const plan = planSource(flags, undefined, ctx.env, ctx.cwd).read();
  if (plan.secretKeyNotGenerated !== undefined) ctx.stderr(`paas-init: note: ${plan.secretKeyNotGenerated} is left out: no secret key is kept in the state dir yet; \`paas-init run\` generates it at first run\n`);
  for (const line of verdictLines(plan)) ctx.stderr(line + '\n');
  const code = planExitCode(plan);
  const uncarried = uncarriedNames(plan, format);
  if (plan.problems.length === 0 && uncarried.length > 0) ctx.stderr(`paas-init: note: ${uncarriedNote(format, uncarried)}\n`);
  if (plan.problems.length === 0) ctx.stdout(renderEnv(plan, format));
  return code;
}
