import { describeFound, type Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import { Secret, revealValue } from '../log/secret.js';
import type { FrameworkSpec } from '../mapping/frameworks.js';
import { parseProject } from '../project/parse-project.js';
import type { ProjectSpec } from '../project/project-spec.js';
import { defaultCommand, findMigration } from './app-command.js';
import { resolveOptions, resolveSecrets, secretEntriesRead } from './config-values.js';
import { unknownEntryProblems } from './unknown-entries.js';
import { encodeEnv } from './encode-env.js';
import { envName, frameworkVars, isUserOption, resolveSecretKey, type DraftVar } from './framework-env.js';
import { uvicornJsonLogging, type PlanFile } from './json-logging.js';
import { chooseLine, type LineOverride } from './paas-charm-line.js';
import { appDirProblems, blockedReasons, paasConfigOf } from './plan-checks.js';
import { extraProcesses } from './processes.js';
import { relationVars } from './relations.js';
import { ineffectiveOptions, metricsEndpoint, resolvePort } from './served-port.js';
import { applySpringBoot } from './spring-boot.js';
import type { Plan, PlanVar } from './plan.js';

/** Settings that shape the plan but are not mounted inputs. */
export interface PlanSettings {
  readonly appDir: string;
  /** the command after `--`, when given */
  readonly command?: readonly string[];
  /** `--base-url`; else http://<app>.<model>:<port> with a model (namespace), else http://localhost:<port> */
  readonly baseUrl?: string;
  readonly model?: string;
  /** `--process NAME=CMD` */
  readonly processes?: readonly (readonly [string, string])[];
  /** `--unit-id`, or the StatefulSet ordinal of the pod name: schedulers run on unit 0 only */
  readonly unitId?: number;
  /** `--port`: the port the app listens on, above paas-config.yaml's and the options */
  readonly port?: number;
  /** `--paas-charm-line` or PAAS_INIT_PAAS_CHARM_LINE, over what the project's base says */
  readonly paasCharmLine?: LineOverride;
  /** where `run` may write files the app reads (FastAPI's JSON logging config) */
  readonly stateDir?: string;
  /** the app folder must exist and, for the framework's own command, hold an app (not for `sidecar`, whose container has no app) */
  readonly checkAppDir?: boolean;
}

/**
 * The core: project file + inputs → an immutable plan. Pure and deterministic: no I/O,
 * no clock, no randomness (the generated secret key arrives in the inputs).
 */
export function buildPlan(inputs: InputsSnapshot, settings: PlanSettings): Plan {
  const problems: Problem[] = [...inputs.problems];
  if (inputs.project === undefined) {
    if (settings.checkAppDir === true) problems.push(...appDirProblems(undefined, '', inputs, settings.appDir, settings.command !== undefined));
    return freezePlan(plainPlan(settings, problems));
  }
  const parsed = parseProject(inputs.project.text, inputs.project.path);
  problems.push(...parsed.problems);
  if (parsed.project === undefined) return freezePlan({ ...plainPlan(settings, problems), projectFile: inputs.project.path, command: settings.command });
  return freezePlan(projectPlan(parsed.project, inputs, settings, problems));
}

function plainPlan(settings: PlanSettings, problems: Problem[]): Plan {
  return {
    appName: undefined, framework: undefined, projectFile: undefined, env: [], blocked: [], problems,
    relations: [], migration: undefined, command: settings.command, appDir: settings.appDir, port: undefined, processes: [],
    relationKey: new Secret(''), usesGeneratedSecretKey: false, paasCharm: undefined, notices: [], files: [],
  };
}

function projectPlan(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, problems: Problem[]): Plan {
  const fw = project.framework;
  const lineChoice = chooseLine(project.bases, settings.paasCharmLine);
  const line = fw?.lines[lineChoice.line];
  const paas = paasConfigOf(inputs, fw, line, lineChoice, problems);
  const values = resolveOptions(project, inputs, problems);
  const secrets = resolveSecrets(project, values, inputs, problems);
  problems.push(...unknownEntryProblems(project, inputs, secretEntriesRead(project, values)));
  const secretKey = fw === undefined ? undefined : resolveSecretKey(fw, values, secrets, problems);
  const port = resolvePort(line, values, paas, settings.port);
  const baseUrl = settings.baseUrl ?? (settings.model === undefined ? `http://localhost:${port.value}` : `http://${project.name}.${settings.model}:${port.value}`);
  const env = new Map<string, DraftVar>();
  const put = (v: DraftVar): void => {
    env.set(v.name, v);
  };

  // 1. user options and secret keys, with the user prefix (paas-charm gen_environment order).
  // A user option named like a field of the framework model is dropped (CharmState.from_charm).
  const userPrefix = fw?.userPrefix ?? 'APP_';
  const baseUrlHost = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : undefined;
  if (baseUrlHost === undefined) problems.push({ file: project.file, key: 'name', expected: 'a name that is a host name in the base URL (or give --base-url)', found: describeFound(project.name) });
  const fieldNames = new Set(line?.fields.map((f) => f.field.toLowerCase()) ?? []);
  const exported = (name: string): boolean => isUserOption(fw, name) && !fieldNames.has(name.replace(/-/g, '_')) && !(line?.ignoredOptions ?? []).includes(name);
  // Two names that map to one variable (`tls-crt` and `tls_crt`) would hide one of them: a problem.
  const givenBy = new Map<string, string>();
  const userVars: { v: DraftVar; what: string }[] = [];
  const putUser = (v: DraftVar, what: string, file: string): void => {
    const earlier = givenBy.get(v.name);
    if (earlier !== undefined) problems.push({ file, expected: 'names that give distinct variables', found: `${earlier} and ${what} both give ${v.name}` });
    givenBy.set(v.name, what);
    userVars.push({ v, what });
    put(v);
  };
  for (const o of values.values()) {
    if (o.spec.type !== 'secret' && exported(o.spec.name)) putUser({ name: envName(userPrefix, o.spec.name), value: encodeEnv(o.value), source: o.source }, `option "${o.spec.name}"`, project.file);
  }
  for (const s of secrets.values()) {
    if (!isUserOption(fw, s.spec.name)) continue;
    for (const [key, value] of s.keys) putUser({ name: envName(userPrefix, s.spec.name, key), value, source: { kind: 'secret', path: s.folder } }, `secret "${s.spec.name}" key "${key}"`, s.folder);
  }
  // 2-4. framework options (overwrite user ones), metrics (2.x), base URL
  if (line !== undefined) for (const v of frameworkVars(line, { values, secretKey, port, baseUrlHost: baseUrlHost ?? 'localhost' }, problems)) put(v);
  const metrics = line === undefined ? undefined : metricsEndpoint(line, paas);
  if (line !== undefined && metrics !== undefined && fw?.name !== 'spring-boot') {
    const source = paas.file !== undefined && (paas.metricsPort !== undefined || paas.metricsPath !== undefined) ? { kind: 'paas-config' as const, path: paas.file } : { kind: 'framework' as const };
    put({ name: `${line.frameworkPrefix}METRICS_PORT`, value: String(metrics.port), source });
    put({ name: `${line.frameworkPrefix}METRICS_PATH`, value: metrics.path, source });
  }
  put({ name: `${userPrefix}BASE_URL`, value: baseUrl, source: { kind: 'framework' } });
  // 5. the generated key, only when nothing set <prefix>SECRET_KEY already
  const secretKeyName = `${userPrefix}SECRET_KEY`;
  let usesGeneratedSecretKey = false;
  let secretKeyNotGenerated: string | undefined;
  if (!env.has(secretKeyName) && inputs.secretKey !== undefined) {
    if (inputs.secretKey === 'not-generated') secretKeyNotGenerated = secretKeyName;
    else put({ name: secretKeyName, value: inputs.secretKey, source: { kind: 'generated' } });
    usesGeneratedSecretKey = true;
  }
  // 8. integrations, merged last so they win over anything earlier
  const optionText = new Map([...values.values()].map((o) => [o.spec.name, encodeEnv(o.value)]));
  const rel = relationVars(project, inputs, { appName: project.name, userPrefix, options: optionText }, problems);
  for (const v of rel.vars) put(v);
  const files: PlanFile[] = [];
  if (fw?.name === 'spring-boot') {
    files.push(...applySpringBoot(env, {
      baseUrl, stateDir: settings.stateDir ?? settings.appDir,
      profiles: optionText.get('app-profiles'),
      // 1.x: the metrics-* options (no management.server.port); 2.x: paas-config.yaml's or the defaults.
      metricsPort: metrics === undefined ? undefined : String(metrics.port),
      metricsPath: metrics?.path ?? optionText.get('metrics-path') ?? '/actuator/prometheus',
    }));
  }
  if (fw?.name === 'fastapi' && paas.loggingFormat === 'json') files.push(...jsonLogging(settings, put));

  const command = settings.command ?? (fw === undefined ? undefined : defaultCommand(fw, values, settings.appDir, project.name, port.value, inputs.appFiles));
  if (settings.checkAppDir === true) problems.push(...appDirProblems(fw, project.name, inputs, settings.appDir, settings.command !== undefined));
  return {
    appName: project.name,
    framework: fw?.name,
    projectFile: project.file,
    env: [...env.values()].map(toPlanVar),
    blocked: blockedReasons(project, values, secrets, rel, fw),
    problems,
    relations: rel.statuses,
    migration: findMigration(inputs.appFiles, settings.appDir),
    command,
    appDir: settings.appDir,
    port: port.value,
    processes: extraProcesses(inputs.procfile, settings.processes ?? [], settings.unitId, problems),
    relationKey: new Secret(rel.vars.map((v) => `${v.name}=${revealValue(v.value)}`).join('\n')),
    usesGeneratedSecretKey,
    ...(secretKeyNotGenerated === undefined ? {} : { secretKeyNotGenerated }),
    paasCharm: lineChoice,
    notices: [...(line === undefined ? [] : ineffectiveOptions(line, lineChoice.line, values, port)), ...overwritten(userVars, env)],
    files,
  };
}

// A user option whose variable paas-charm sets itself later (framework, metrics, integrations) gives nothing.
function overwritten(userVars: readonly { v: DraftVar; what: string }[], env: ReadonlyMap<string, DraftVar>): string[] {
  return userVars.filter(({ v }) => v.source.kind !== 'default' && env.get(v.name)?.source !== v.source)
    .map(({ v, what }) => `${what} has no effect: paas-charm sets ${v.name} itself`);
}

// FastAPI's JSON logging: paas-charm sets these last (FastAPIApp.gen_environment).
function jsonLogging(settings: PlanSettings, put: (v: DraftVar) => void): PlanFile[] {
  const logging = uvicornJsonLogging(settings.stateDir ?? settings.appDir);
  for (const v of logging.vars) put(v);
  return logging.files;
}

function toPlanVar(v: DraftVar): PlanVar {
  return Object.freeze({ name: v.name, value: v.value, source: Object.freeze(v.source) });
}

function freezePlan(p: Plan): Plan {
  return Object.freeze({
    ...p,
    env: Object.freeze([...p.env]),
    blocked: Object.freeze(p.blocked.map((b) => Object.freeze(b))),
    problems: Object.freeze(p.problems.map((x) => Object.freeze(x))),
    relations: Object.freeze(p.relations.map((r) => Object.freeze(r))),
    command: p.command === undefined ? undefined : Object.freeze([...p.command]),
    processes: Object.freeze(p.processes.map((x) => Object.freeze(x))),
    notices: Object.freeze([...p.notices]),
    files: Object.freeze(p.files.map((f) => Object.freeze(f))),
  });
}
