import { formatProblem } from '../errors.js';
import { secretKeyPath } from '../inputs/secret-key-store.js';
import { stateDirShared } from '../inputs/state-dir-sharing.js';
import { displayValue } from '../log/secret.js';
import type { Plan, PlanVar, VarSource } from '../plan/plan.js';
import { blockedMessage } from '../plan/plan.js';
import { probeReaping } from '../supervisor/libc.js';
import { inputFlags, parseVerbArgs } from './args.js';
import type { VerbContext } from './context.js';
import { describeStateDir } from '../inputs/state-dir.js';
import { planSource, type PlanSource } from './plan-source.js';
import { planExitCode } from './verdict.js';
import { resolvePolicy, serviceSettings } from '../supervisor/exit-policy.js';
import { policyOrigin, policyReport, type PolicyReport } from './policy-report.js';
import { defaultAppPolicy } from './run-options.js';

/** One-line summary for `paas-init --help`. */
export const summary = 'report where every variable comes from and what is missing';

/** `paas-init check [--json]`: a readable report; secret values are `<redacted>`. */
export function runCheck(argv: readonly string[], ctx: VerbContext): number {
  const { flags } = parseVerbArgs('check', argv, { ...inputFlags, json: { type: 'boolean' } });
  if (flags.help === true) return ctx.help('check');
  const source = planSource(flags, undefined, ctx.env, ctx.cwd);
  const plan = source.read();
  const report = { ...checkReport(plan, source, ctx.env), reaping: probeReaping(ctx.env, source.paths.stateDirs.map((c) => c.dir)) };
  ctx.stdout(flags.json === true ? JSON.stringify(report, null, 2) + '\n' : renderReport(report));
  return planExitCode(plan);
}

/** The report as data (also the `--json` output). */
export interface CheckReport {
  readonly state: 'ready' | 'blocked' | 'invalid';
  readonly project: string | null;
  readonly app: string | null;
  readonly framework: string | null;
  /** the paas-charm line whose environment the app gets, and why */
  readonly paasCharm: { readonly line: string; readonly reason: string } | null;
  readonly blocked: string | null;
  /** every reason, not only the first that paas-charm would show */
  readonly blockedReasons: readonly string[];
  readonly problems: readonly string[];
  /** options that have no effect, and the like */
  readonly notices: readonly string[];
  readonly relations: Plan['relations'];
  readonly variables: readonly { name: string; value: string; source: string; overridesContainerEnv: boolean }[];
  readonly command: readonly string[] | null;
  readonly commandFrom: string | null;
  readonly appDir: { readonly path: string; readonly from: string };
  /** what the app's end leads to, its backoff and grace as `run` applies them without flags, and where they came from */
  readonly appPolicy: PolicyReport & { readonly from: string };
  /** workers, schedulers and the rock's other services, with where each came from and its policy */
  readonly processes: readonly { name: string; kind: string; command: readonly string[]; runs: boolean; from: string; policy: PolicyReport }[];
  readonly stateDir: { readonly path: string; readonly from: string; readonly usable: boolean; readonly note: string };
  readonly migration: { file: string; command: readonly string[] } | null;
  readonly secretKey: string | null;
  /** what is not wrong yet but will be (replicas each generating their own secret key) */
  readonly warnings: readonly string[];
  readonly inputs: { config: string; secrets: string; bindings: string; state: string };
  /** "ok (via …)" or "unavailable: <why and the fix>": whether `run` here could reap orphans */
  readonly reaping?: string;
}

/** Gathers what `check` shows (no secret values: displayValue redacts them). */
export function checkReport(plan: Plan, source: PlanSource, env: NodeJS.ProcessEnv): CheckReport {
  const state = plan.problems.length > 0 ? 'invalid' : plan.blocked.length > 0 ? 'blocked' : 'ready';
  const sk = source.secretKey;
  return {
    state,
    project: plan.projectFile ?? null,
    app: plan.appName ?? null,
    framework: plan.framework ?? null,
    paasCharm: plan.paasCharm === undefined ? null : { line: `${plan.paasCharm.line}.x`, reason: plan.paasCharm.reason },
    blocked: blockedMessage(plan) ?? null,
    blockedReasons: plan.blocked.map((b) => b.message),
    problems: plan.problems.map(formatProblem),
    notices: plan.notices,
    relations: plan.relations,
    variables: [
      ...plan.env.map((v: PlanVar) => ({ name: v.name, value: displayValue(v.value), source: describeSource(v.source), overridesContainerEnv: env[v.name] !== undefined })),
      ...(plan.secretKeyNotGenerated === undefined ? [] : [{ name: plan.secretKeyNotGenerated, value: notGeneratedValue, source: 'generated secret key', overridesContainerEnv: env[plan.secretKeyNotGenerated] !== undefined }]),
    ],
    command: plan.command ?? null,
    commandFrom: plan.commandFrom ?? null,
    appDir: { path: plan.appDir, from: plan.appDirFrom },
    appPolicy: appPolicyReport(plan),
    processes: plan.processes.map((p) => ({ name: p.name, kind: p.kind, command: p.argv, runs: p.enabled, from: p.from, policy: policyReport(resolvePolicy(p.policy, processPolicy), p.policy) })),
    stateDir: { path: source.stateDir.dir, from: source.stateDir.from, usable: source.stateDir.usable, note: describeStateDir(source.stateDir) },
    migration: plan.migration === undefined ? null : { file: plan.migration.file, command: plan.migration.argv },
    secretKey: !plan.usesGeneratedSecretKey ? null
      : plan.secretKeyNotGenerated !== undefined || sk === undefined ? `none kept in ${secretKeyPath(source.paths.stateDir)} yet: \`paas-init run\` generates it at first run; ${notSharedAdvice}`
      : `generated, kept in ${sk.path}${sk.unsavedReason === undefined ? '' : ` (could not be saved: ${sk.unsavedReason}; a new key on every start)`}; ${notSharedAdvice}`,
    warnings: replicaKeyWarning(plan, source.paths.stateDir, env),
    inputs: { config: source.paths.configDir, secrets: source.paths.secretsDir, bindings: source.paths.bindingsDir, state: source.paths.stateDir },
  };
}

/**
 * On Kubernetes (KUBERNETES_SERVICE_HOST is set in every pod), a generated key in a state dir that
 * is not on a shared filesystem (NFS, CephFS…: a ReadWriteMany volume) is one key per replica.
 */
function replicaKeyWarning(plan: Plan, stateDir: string, env: NodeJS.ProcessEnv): string[] {
  if (!plan.usesGeneratedSecretKey || env.KUBERNETES_SERVICE_HOST === undefined || stateDirShared(stateDir)) return [];
  return [`on Kubernetes without app-secret-key: each replica generates its own secret key in ${stateDir}, which is not on a shared filesystem; sessions and signed values break between pods: set app-secret-key (or app-secret-key-id from a Secret)`];
}

/** The app's policy under `run` without flags: --on-exit and --grace, when given, win over the layer. */
function appPolicyReport(plan: Plan): PolicyReport & { from: string } {
  const r = policyReport(resolvePolicy(plan.policy?.fields, defaultAppPolicy(plan.projectFile !== undefined)), plan.policy?.fields);
  return { ...r, from: `${policyOrigin(r, plan.policy?.from)}; run's --on-exit and --grace win over ${plan.policy === undefined ? 'these' : 'the layer'}` };
}

/** A rock service's or a worker's settings around its layer, as `run` gives them without flags. */
const processPolicy = serviceSettings(defaultAppPolicy(true));

/** How `check` shows a secret key that `run` has not generated yet. */
export const notGeneratedValue = '<generated at first run>';
const notSharedAdvice = 'replicas that do not share this state dir each generate their own: set app-secret-key (or app-secret-key-id) once for all';

/** Where a value came from, in words. */
export function describeSource(s: VarSource): string {
  switch (s.kind) {
    case 'default': return 'default';
    case 'config-file': return `config file ${s.path}`;
    case 'config-yaml': return `config.yaml ${s.path}`;
    case 'set': return '--set';
    case 'secret': return `secret ${s.path}`;
    case 'binding': return `binding ${s.path}`;
    case 'relation-flag': return `--relation ${s.endpoint}`;
    case 'framework': return 'framework';
    case 'generated': return 'generated secret key';
    case 'paas-config': return `paas-config.yaml ${s.path}`;
    case 'flag': return s.flag;
  }
}

function renderReport(r: CheckReport): string {
  const out: string[] = [];
  out.push(`project     ${r.project ?? 'none found (plain init mode: no variables are mapped)'}`);
  if (r.app !== null) out.push(`app         ${r.app} (${r.framework ?? 'no framework extension'})`);
  if (r.paasCharm !== null) out.push(`paas-charm  ${r.paasCharm.line} (${r.paasCharm.reason})`);
  out.push(`status      ${r.state === 'blocked' ? `blocked: ${r.blocked}` : r.state === 'invalid' ? `invalid input (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'})${r.blocked === null ? '' : `; blocked: ${r.blocked}`}` : 'ready'}`);
  if (r.blockedReasons.length > 1) out.push(`            also: ${r.blockedReasons.slice(1).join('; ')}`);
  out.push(`command     ${r.command === null ? (r.problems.length > 0 ? '(none until the problems below are fixed)' : '(none: give one after "--")') : `${r.command.join(' ')}${r.commandFrom === null ? '' : `  (${r.commandFrom})`}`}`);
  out.push(`app dir     ${r.appDir.path}  (${r.appDir.from})`);
  out.push(`on exit     ${r.appPolicy.text}  (${r.appPolicy.from})`);
  for (const p of r.processes) {
    out.push(`process     ${p.name}: ${p.command.join(' ')}  (${p.from}${p.runs ? '' : '; not on this unit'})`);
    out.push(`            ${p.name} on exit: ${p.policy.text}  (${policyOrigin(p.policy, 'its layer')})`);
  }
  out.push(`migration   ${r.migration === null ? '(none found in the app folder)' : `${r.migration.file}: ${r.migration.command.join(' ')}`}`);
  out.push(`inputs      config ${r.inputs.config}, secrets ${r.inputs.secrets}, bindings ${r.inputs.bindings}`);
  out.push(`state dir   ${r.stateDir.note}`);
  if (r.reaping !== undefined) out.push(`reaping     ${r.reaping}`);
  if (r.relations.length > 0) {
    out.push('', 'relations');
    for (const rel of r.relations) {
      const head = `  ${rel.endpoint} (${rel.interface}, ${rel.optional ? 'optional' : 'required'})`;
      const tail = rel.state === 'bound' ? `bound from ${rel.from}: ${rel.vars.join(', ')}`
        : rel.state === 'missing' ? 'missing'
        : `${rel.state}${rel.from === undefined ? '' : ` (${rel.from})`}${rel.note === undefined ? '' : `: ${rel.note}`}`;
      out.push(`${head}  ${tail}`);
    }
  }
  if (r.variables.length > 0) {
    out.push('', 'variables');
    const width = Math.min(60, Math.max(...r.variables.map((v) => v.name.length + 1 + v.value.length)));
    for (const v of r.variables) {
      const left = `${v.name}=${v.value}`;
      const note = v.overridesContainerEnv ? '; overrides the container env' : '';
      out.push(`  ${left.padEnd(width)}  ${v.source}${note}`);
    }
  }
  if (r.secretKey !== null) out.push('', `secret key  ${r.secretKey}`);
  if (r.notices.length > 0) {
    out.push('', 'notices');
    for (const n of r.notices) out.push(`  ${n}`);
  }
  if (r.warnings.length > 0) {
    out.push('', 'warnings');
    for (const w of r.warnings) out.push(`  ${w}`);
  }
  if (r.problems.length > 0) {
    out.push('', 'problems');
    for (const p of r.problems) out.push(`  ${p}`);
  }
  return out.join('\n') + '\n';
}
