// The only module that reads process.argv and process.env and calls process.exit.
import { ExitCode, InputError, UsageError, formatProblem } from './errors.js';
import { runCheck } from './cli/cmd-check.js';
import { runEnv } from './cli/cmd-env.js';
import type { VerbContext } from './cli/context.js';
import { helpText } from './cli/help.js';

declare const PAAS_INIT_VERSION: string | undefined;
const version = typeof PAAS_INIT_VERSION === 'string' ? PAAS_INIT_VERSION : '0.0.0-dev';

type Verb = (argv: readonly string[], ctx: VerbContext) => number | Promise<number>;

const verbs: Record<string, Verb> = {
  env: runEnv,
  check: runCheck,
};

async function main(argv: readonly string[]): Promise<number> {
  const ctx: VerbContext = {
    env: process.env,
    cwd: process.cwd(),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    help: (verb) => {
      process.stdout.write(helpText(verb));
      return ExitCode.ok;
    },
  };
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') return ctx.help(rest[0] ?? 'main');
  if (verb === '--version' || verb === 'version') {
    ctx.stdout(`paas-init ${version}\n`);
    return ExitCode.ok;
  }
  const run = verbs[verb];
  if (run === undefined) throw new UsageError(`unknown verb "${verb}"; expected one of ${Object.keys(verbs).join(', ')} (see "paas-init --help")`);
  return run(rest, ctx);
}

/** Writes stdout fully before exiting: process.exit would cut a piped write short. */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  process.stdout.once('drain', () => process.exit(code));
}

main(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
  if (e instanceof UsageError) process.stderr.write(`paas-init: ${e.message}\n`);
  else if (e instanceof InputError) for (const p of e.problems) process.stderr.write(`paas-init: error: ${formatProblem(p)}\n`);
  else process.stderr.write(`paas-init: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  exitAfterFlush(ExitCode.invalid);
});
