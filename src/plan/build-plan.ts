import { describeFound, type Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import { Secret, revealValue } from '../log/secret.js';
import type { LineSpec } from '../mapping/frameworks.js';
import type { PaasConfig } from '../project/paas-config.js';
import { parseProject } from '../project/parse-project.js';
import type { ProjectSpec } from '../project/project-spec.js';
import { defaultCommand, findMigration } from './app-command.js';
import { resolveOptions, resolveSecrets, secretEntriesRead } from './config-values.js';
import { unknownEntryProblems } from './unknown-entries.js';
import { encodeEnv } from './encode-env.js';
import { frameworkVars, resolveSecretKey, type DraftVar } from './framework-env.js';
import { uvicornJsonLogging, type PlanFile } from './json-logging.js';
import { chooseLine, type LineChoice, type LineOverride } from './paas-charm-line.js';
import { appDirProblems, blockedReasons, paasConfigOf } from './plan-checks.js';
import { extraProcesses } from './processes.js';
import { relationVars } from './relations.js';
import { ineffectiveOptions, metricsEndpoint, resolvePort } from './served-port.js';
import { applySpringBoot } from './spring-boot.js';
import { overwritten, userVars } from './user-vars.js';
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
  /**
   * What the app folder must be: `app`, it exists and, for the framework's own command, holds an
   * app (run, env, check); `exists` (migrate, exec, action: they run other commands there);
   * unset, not checked (sidecar: its container has no app).
   */
  readonly checkAppDir?: 'app' | 'exists';
}

/**
 * The core: project file + inputs → an immutable plan. Pure and deterministic: no I/O,
 * no clock, no randomness (the generated secret key arrives in the inputs).
 */
export function buildPlan(inputs: InputsSnapshot, settings: PlanSettings): Plan {
  const problems: Problem[] = [...inputs.problems];
  if (inputs.project === undefined) {
    if (settings.checkAppDir !== undefined) problems.push(...appDirProblems(undefined, '', inputs, settings));
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
  const { lineChoice, line, paas } = lineOf(project, inputs, settings, problems);
  const values = resolveOptions(project, inputs, problems);
  const secrets = resolveSecrets(project, values, inputs, problems);
  problems.push(...unknownEntryProblems(project, inputs, secretEntriesRead(project, values)));
  const secretKey = fw === undefined ? undefined : resolveSecretKey(fw, values, secrets, problems);
  const port = resolvePort(line, values, paas, settings.port);
  const { baseUrl, baseUrlHost } = baseUrlOf(project, settings, port.value, problems);
  const env = new Map<string, DraftVar>();
  const put = (v: DraftVar): void => void env.set(v.name, v);

  // 1. user options and secret keys, with the user prefix (paas-charm gen_environment order).
  const userPrefix = fw?.userPrefix ?? 'APP_';
  const users = userVars(project, line, values, secrets, problems);
  for (const u of users) put(u.v);
  // 2-4. framework options (overwrite user ones), metrics (2.x), base URL
  if (line !== undefined) for (const v of frameworkVars(line, { values, secretKey, port, baseUrlHost }, problems)) put(v);
  const metrics = line === undefined ? undefined : metricsEndpoint(line, paas);
  if (line !== undefined && metrics !== undefined && fw?.name !== 'spring-boot') for (const v of metricsVars(line.frameworkPrefix, metrics, paas)) put(v);
  put({ name: `${userPrefix}BASE_URL`, value: baseUrl, source: { kind: 'framework' } });
  // 5. the generated key, only when nothing set <prefix>SECRET_KEY already
  const { generated, usesGeneratedSecretKey, secretKeyNotGenerated } = generatedSecretKey(`${userPrefix}SECRET_KEY`, env, inputs);
  if (generated !== undefined) put(generated);
  // 8. integrations, merged last so they win over anything earlier
  const optionText = new Map([...values.values()].map((o) => [o.spec.name, encodeEnv(o.value)]));
  const rel = relationVars(project, inputs, { appName: project.name, userPrefix, options: optionText }, problems);
  for (const v of rel.vars) put(v);
  const stateDir = settings.stateDir ?? settings.appDir;
  const files: PlanFile[] = fw?.name === 'spring-boot' ? applySpringBoot(env, {
    baseUrl, stateDir, profiles: optionText.get('app-profiles'),
    // 1.x: the metrics-* options (no management.server.port); 2.x: paas-config.yaml's or the defaults.
    metricsPort: metrics === undefined ? undefined : String(metrics.port),
    metricsPath: metrics?.path ?? optionText.get('metrics-path') ?? '/actuator/prometheus',
  }) : fw?.name === 'fastapi' && paas.loggingFormat === 'json' ? jsonLogging(stateDir, put) : [];

  const command = settings.command ?? (fw === undefined ? undefined : defaultCommand(fw, values, settings.appDir, project.name, port.value, inputs.appFiles));
  if (settings.checkAppDir !== undefined) problems.push(...appDirProblems(fw, project.name, inputs, settings));
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
    notices: [...(line === undefined ? [] : ineffectiveOptions(line, lineChoice.line, values, port)), ...overwritten(users, env)],
    files,
  };
}

/** The generated key's variable, only when nothing set `name` already (it may not be generated yet: `env`, `check`). */
function generatedSecretKey(name: string, env: ReadonlyMap<string, DraftVar>, inputs: InputsSnapshot): { generated?: DraftVar; usesGeneratedSecretKey: boolean; secretKeyNotGenerated?: string } {
  if (env.has(name) || inputs.secretKey === undefined) return { usesGeneratedSecretKey: false };
  if (inputs.secretKey === 'not-generated') return { usesGeneratedSecretKey: true, secretKeyNotGenerated: name };
  return { generated: { name, value: inputs.secretKey, source: { kind: 'generated' } }, usesGeneratedSecretKey: true };
}

/** The paas-charm line in use, its rules for the framework, and paas-config.yaml as that line reads it. */
function lineOf(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, problems: Problem[]): { lineChoice: LineChoice; line: LineSpec | undefined; paas: PaasConfig } {
  const lineChoice = chooseLine(project.bases, settings.paasCharmLine);
  const line = project.framework?.lines[lineChoice.line];
  return { lineChoice, line, paas: paasConfigOf(inputs, project.framework, line, lineChoice, problems) };
}

/** `--base-url`, else http://<app>.<model>:<port>, else http://localhost:<port>; its host must parse. */
function baseUrlOf(project: ProjectSpec, settings: PlanSettings, port: number, problems: Problem[]): { baseUrl: string; baseUrlHost: string } {
  const baseUrl = settings.baseUrl ?? (settings.model === undefined ? `http://localhost:${port}` : `http://${project.name}.${settings.model}:${port}`);
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : undefined;
  if (host === undefined) problems.push({ file: project.file, key: 'name', expected: 'a name that is a host name in the base URL (or give --base-url)', found: describeFound(project.name) });
  return { baseUrl, baseUrlHost: host ?? 'localhost' };
}

/** 2.x's `<prefix>METRICS_PORT`/`_PATH`, from paas-config.yaml or the framework's defaults. */
function metricsVars(prefix: string, metrics: { port: number; path: string }, paas: PaasConfig): DraftVar[] {
  const source = paas.file !== undefined && (paas.metricsPort !== undefined || paas.metricsPath !== undefined) ? { kind: 'paas-config' as const, path: paas.file } : { kind: 'framework' as const };
  return [{ name: `${prefix}METRICS_PORT`, value: String(metrics.port), source }, { name: `${prefix}METRICS_PATH`, value: metrics.path, source }];
}

// FastAPI's JSON logging: paas-charm sets these last (FastAPIApp.gen_environment).
function jsonLogging(stateDir: string, put: (v: DraftVar) => void): PlanFile[] {
  const logging = uvicornJsonLogging(stateDir);
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
