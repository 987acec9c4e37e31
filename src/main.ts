// The only module that reads process.argv and process.env and calls process.exit.
import { ExitCode, InputError, UsageError, formatProblem } from './errors.js';
import type { VerbContext } from './cli/context.js';
import { helpText } from './cli/help.js';
import { writeAll } from './cli/write-fd.js';

declare const PAAS_INIT_VERSION: string | undefined;
const version = typeof PAAS_INIT_VERSION === 'string' ? PAAS_INIT_VERSION : '0.0.0-dev';

type Verb = (argv: readonly string[], ctx: VerbContext) => number | Promise<number>;

// Each verb is loaded when used (esbuild turns these imports into lazy initialisers): `env` and
// `--version` do not load the supervisor, and with it node:child_process and node:net
// (bench/deferred-loads.mjs prints what that saves).
const verbs: Record<string, () => Promise<Verb>> = {
  run: async () => (await import('./cli/cmd-run.js')).runRun,
  env: async () => (await import('./cli/cmd-env.js')).runEnv,
  check: async () => (await import('./cli/cmd-check.js')).runCheck,
  migrate: async () => (await import('./cli/cmd-migrate.js')).runMigrate,
  exec: async () => (await import('./cli/cmd-exec.js')).runExec,
  action: async () => (await import('./cli/cmd-action.js')).runAction,
  sidecar: async () => (await import('./cli/cmd-sidecar.js')).runSidecar,
  status: async () => (await import('./cli/cmd-status.js')).runStatus,
  install: async () => (await import('./cli/cmd-install.js')).runInstall,
};

async function main(argv: readonly string[]): Promise<number> {
  const ctx: VerbContext = {
    env: process.env,
    cwd: process.cwd(),
    stdout: (t) => writeAll(1, t),
    stderr: (t) => writeAll(2, t),
    help: (verb) => {
      writeAll(1, helpText(verb));
      return ExitCode.ok;
    },
  };
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') return ctx.help(rest[0] ?? 'main');
  if (verb === '--version' || verb === 'version') {
    ctx.stdout(`paas-init ${version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
    return ExitCode.ok;
  }
  const load = verbs[verb];
  if (load === undefined) throw new UsageError(`unknown verb "${verb}"; expected one of ${Object.keys(verbs).join(', ')} (see "paas-init --help")`);
  return (await load())(rest, ctx);
}

/** Every write is synchronous (write-fd.ts), so nothing is pending when we exit. */
function exitAfterFlush(code: number): void {
  process.exit(code);
}

main(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
  if (e instanceof UsageError) writeAll(2, `paas-init: ${e.message}\n`);
  else if (e instanceof InputError) for (const p of e.problems) writeAll(2, `paas-init: error: ${formatProblem(p)}\n`);
  else writeAll(2, `paas-init: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  exitAfterFlush(ExitCode.invalid);
});
