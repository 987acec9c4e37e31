import type * as Execa from 'execa';
import { loadChunk } from '../runtime/load-chunk.js';
import { ExitCode, UsageError } from '../errors.js';
import { scrubber } from '../log/scrub.js';
import { Secret } from '../log/secret.js';
import { childEnv } from '../plan/render-env.js';
import { blockedMessage } from '../plan/plan.js';
import { generateSecretKey, loadSecretKey } from '../inputs/secret-key-store.js';
import { inputFlags, parseVerbArgs, str } from './args.js';
import type { VerbContext } from './context.js';
import { planSource } from './plan-source.js';
import { verdictLines } from './verdict.js';
import { credentialsFor } from '../supervisor/run-as.js';

/** One-line summary for `paas-init --help`. */
export const summary = "run one of paas-charm's actions: create-superuser, rotate-secret-key";

/** `paas-init action <name>`. */
export async function runAction(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return ctx.help('action');
  switch (name) {
    case 'create-superuser': return createSuperuser(rest, ctx);
    case 'rotate-secret-key': return rotateSecretKey(rest, ctx);
    default: throw new UsageError(`action: unknown action "${name}"; expected one of create-superuser, rotate-secret-key`);
  }
}

/**
 * Django's create-superuser, as paas-charm runs it: `manage.py createsuperuser --noinput` with the
 * app's environment plus DJANGO_SUPERUSER_*; the generated password is printed once, to stdout.
 */
async function createSuperuser(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags } = parseVerbArgs('action create-superuser', argv, { ...inputFlags, username: { type: 'string' }, email: { type: 'string' } });
  if (flags.help === true) return ctx.help('action');
  const username = str(flags, 'username');
  const email = str(flags, 'email');
  if (username === undefined || email === undefined) throw new UsageError('action create-superuser: --username and --email are both required');
  const plan = planSource(flags, undefined, ctx.env, ctx.cwd, { appDir: 'exists' }).keepSecretKey().read();
  if (plan.problems.length > 0) {
    for (const line of verdictLines(plan)) ctx.stderr(line + '\n');
    return ExitCode.invalid;
  }
  if (plan.framework !== 'django') throw new UsageError(`action create-superuser: this is a Django action; the app's framework is ${plan.framework ?? 'not set'}`);
  const blocked = blockedMessage(plan);
  if (blocked !== undefined) {
    ctx.stderr(`paas-init: action create-superuser: the app is blocked (${blocked}); the superuser lives in the database\n`);
    return ExitCode.blocked;
  }
  // paas-charm: secrets.token_urlsafe(16)
  const password = generateSecretKey().reveal().slice(0, 22);
  const env = { ...childEnv(plan, ctx.env), DJANGO_SUPERUSER_PASSWORD: password, DJANGO_SUPERUSER_USERNAME: username, DJANGO_SUPERUSER_EMAIL: email };
  const { execa } = await loadChunk<typeof Execa>('execa', () => import('execa'));
  // As the app's user when root, as the app's own process would run it (supervisor/run-as.ts).
  const r = await execa('python3', ['manage.py', 'createsuperuser', '--noinput'], { cwd: plan.appDir, env, extendEnv: false, reject: false, all: true, timeout: 120_000, ...credentialsFor(plan.runAs) });
  if (r.exitCode !== 0) {
    const scrub = scrubber([...plan.env.map((v) => v.value), new Secret(password)]);
    ctx.stderr(`paas-init: action create-superuser: python3 manage.py createsuperuser --noinput failed (exit ${r.exitCode ?? 'none'}):\n${scrub(String(r.all ?? '').trim())}\n`);
    return ExitCode.invalid;
  }
  ctx.stdout(`password: ${password}\n`);
  return ExitCode.ok;
}

/** paas-charm's rotate-secret-key: a new key, kept in the state dir; a running `paas-init run` restarts the app with it. */
function rotateSecretKey(argv: readonly string[], ctx: VerbContext): number {
  const { flags } = parseVerbArgs('action rotate-secret-key', argv, inputFlags);
  if (flags.help === true) return ctx.help('action');
  const source = planSource(flags, undefined, ctx.env, ctx.cwd, { appDir: 'exists' }).keepSecretKey();
  const plan = source.read();
  if (plan.problems.length > 0) {
    for (const line of verdictLines(plan)) ctx.stderr(line + '\n');
    return ExitCode.invalid;
  }
  if (!plan.usesGeneratedSecretKey) {
    ctx.stderr('paas-init: action rotate-secret-key: the app\'s secret key is set through app-secret-key or app-secret-key-id; change it there\n');
    return ExitCode.invalid;
  }
  const r = loadSecretKey(source.paths.stateDir, true);
  if (r.unsavedReason !== undefined) {
    ctx.stderr(`paas-init: action rotate-secret-key: cannot write ${r.path}: ${r.unsavedReason}\n`);
    return ExitCode.invalid;
  }
  ctx.stdout('status: success\n');
  return ExitCode.ok;
}
