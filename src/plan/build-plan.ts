import { describeFound, type Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import { Secret, revealValue } from '../log/secret.js';
import type { FrameworkSpec } from '../mapping/frameworks.js';
import { appFilesExpected, holdsApp } from '../mapping/app-files.js';
import { databaseInterfaces } from '../mapping/integrations.js';
import { parseProject } from '../project/parse-project.js';
import type { ProjectSpec } from '../project/project-spec.js';
import { frameworkService } from '../pebble/rock-layout.js';
import { rockServices } from '../pebble/rock-plan.js';
import { resolveRunAs, type RunAs } from '../pebble/user-db.js';
import { appCommand, findMigration, workerClasses, type AppCommand } from './app-command.js';
import { resolveOptions, resolveSecrets, secretEntriesRead, type ResolvedOption, type ResolvedSecret } from './config-values.js';
import { unknownEntryProblems } from './unknown-entries.js';
import { encodeEnv } from './encode-env.js';
import { checkSecretKeyOptions, envName, frameworkVars, isUserOption, type DraftVar } from './framework-env.js';
import { extraProcesses } from './processes.js';
import { relationVars, type RelationOutcome } from './relations.js';
import { applySpringBoot } from './spring-boot.js';
import type { BlockedReason, MigrationPlan, Plan, PlanVar } from './plan.js';

/** Settings that shape the plan but are not mounted inputs. */
export interface PlanSettings {
  readonly appDir: string;
  /** why this app folder, for `check` (default: the working directory) */
  readonly appDirFrom?: string;
  /** no app folder was found: what was looked for (a problem only when there is a project) */
  readonly appDirProblem?: Problem;
  /** the command after `--`, when given */
  readonly command?: readonly string[];
  /** `--base-url`; else http://<app>.<model>:<port> with a model (namespace), else http://localhost:<port> */
  readonly baseUrl?: string;
  readonly model?: string;
  /** `--process NAME=CMD` */
  readonly processes?: readonly (readonly [string, string])[];
  /** `--unit-id`, or the StatefulSet ordinal of the pod name: schedulers run on unit 0 only */
  readonly unitId?: number;
  /** `--port`: the port the app listens on, instead of the framework's (paas-config.yaml's `port` in a rock) */
  readonly port?: number;
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
    relations: [], migration: undefined, command: settings.command, commandFrom: settings.command === undefined ? undefined : givenCommand,
    appDir: settings.appDir, appDirFrom: settings.appDirFrom ?? 'the working directory', serviceEnv: {}, runAs: undefined, port: undefined, processes: [],
    relationKey: new Secret(''), usesGeneratedSecretKey: false,
  };
}

function projectPlan(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, problems: Problem[]): Plan {
  const fw = project.framework;
  if (settings.appDirProblem !== undefined) problems.push(settings.appDirProblem);
  const values = resolveOptions(project, inputs, problems);
  const secrets = resolveSecrets(project, values, inputs, problems);
  problems.push(...unknownEntryProblems(project, inputs, secretEntriesRead(project, values)));
  const secretKeySecret = checkSecretKeyOptions(values, secrets, problems);
  const port = settings.port ?? portOf(fw, values);
  const baseUrl = settings.baseUrl ?? (settings.model === undefined ? `http://localhost:${port}` : `http://${project.name}.${settings.model}:${port}`);
  const env = new Map<string, DraftVar>();
  const put = (v: DraftVar): void => void env.set(v.name, v);

  // 1. user options and secret keys, with the user prefix (paas-charm gen_environment order).
  // A user option named like a framework field that has a value is dropped (CharmState.from_charm).
  const userPrefix = fw?.userPrefix ?? 'APP_';
  const baseUrlHost = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : undefined;
  if (baseUrlHost === undefined) problems.push({ file: project.file, key: 'name', expected: 'a name that is a host name in the base URL (or give --base-url)', found: describeFound(project.name) });
  const fwVars = fw === undefined ? [] : frameworkVars(fw, values, secretKeySecret, baseUrlHost ?? 'localhost', problems);
  const fieldNames = new Set(fwVars.map((v) => v.name.slice(fw?.frameworkPrefix.length ?? 0).toLowerCase()));
  for (const v of userVars(project, values, secrets, fieldNames, problems)) put(v);
  // 2-4. framework options (overwrite user ones), metrics, base URL
  for (const v of fwVars) put(v);
  if (fw !== undefined) for (const v of metricsVars(fw, values)) put(v);
  put({ name: `${userPrefix}BASE_URL`, value: baseUrl, source: { kind: 'framework' } });
  // 5. the generated key, only when nothing set <prefix>SECRET_KEY already
  const { generated, usesGeneratedSecretKey, secretKeyNotGenerated } = generatedSecretKey(`${userPrefix}SECRET_KEY`, env, inputs);
  if (generated !== undefined) put(generated);
  // 8. integrations, merged last so they win over anything earlier
  const optionText = new Map([...values.values()].map((o) => [o.spec.name, encodeEnv(o.value)]));
  const rel = relationVars(project, inputs, { appName: project.name, userPrefix, options: optionText }, problems);
  for (const v of rel.vars) put(v);
  if (fw?.name === 'spring-boot') {
    applySpringBoot(env, {
      profiles: optionText.get('app-profiles'),
      metricsPort: optionText.get('metrics-port') ?? '8080',
      metricsPath: optionText.get('metrics-path') ?? '/actuator/prometheus',
    });
  }

  const blocked = blockedReasons(project, values, secrets, rel);
  return {
    appName: project.name,
    framework: fw?.name,
    projectFile: project.file,
    env: [...env.values()].map(toPlanVar),
    blocked,
    problems,
    relations: rel.statuses,
    ...runPart(project, inputs, settings, values, port, problems),
    port,
    relationKey: new Secret(rel.vars.map((v) => `${v.name}=${revealValue(v.value)}`).join('\n')),
    usesGeneratedSecretKey,
    ...(secretKeyNotGenerated === undefined ? {} : { secretKeyNotGenerated }),
  };
}

function withRunAs(m: MigrationPlan | undefined, runAs: RunAs | undefined): MigrationPlan | undefined {
  return m === undefined || runAs === undefined ? m : { ...m, runAs };
}

/** `check`'s words for a command given after `--`. */
const givenCommand = 'the command after "--"';


/**
 * What runs, where and as whom: the rock's Pebble services (the one named after the framework is
 * the app) or the framework's default command, the migration, the extra processes.
 */
function runPart(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, values: ReadonlyMap<string, ResolvedOption>, port: number, problems: Problem[]): Pick<Plan, 'migration' | 'command' | 'commandFrom' | 'appDir' | 'appDirFrom' | 'serviceEnv' | 'runAs' | 'processes'> {
  const fw = project.framework;
  const rock = inputs.rock === undefined ? undefined : rockServices(inputs.rock);
  if (rock !== undefined) problems.push(...rock.problems);
  const service = rock === undefined || fw === undefined ? undefined : frameworkService(rock.services, fw.name);
  // A rock whose layers are wrong gets no command at all: the framework's default would be a guess.
  const command: AppCommand = settings.command !== undefined ? { argv: settings.command, from: givenCommand }
    : fw === undefined || (rock?.problems.length ?? 0) > 0 ? { argv: undefined, from: undefined }
    : appCommand({ fw, values, appDir: settings.appDir, appName: project.name, port, appFiles: inputs.appFiles, sources: inputs.appSources ?? new Map(), ...(service === undefined ? {} : { service }) });
  const users = inputs.rock?.users ?? {};
  const runAs = service === undefined ? undefined : resolveRunAs(service, users, service.file, problems);
  // The app folder discovery's own problem, when there is one, says it all. A rock's command
  // (a Go rock's binary is in /usr/local/bin) needs the folder to exist, not to hold the app's files.
  if (settings.checkAppDir !== undefined && settings.appDirProblem === undefined) problems.push(...appDirProblems(service?.command === undefined ? fw : undefined, project.name, inputs, settings));
  return {
    migration: withRunAs(findMigration(inputs.appFiles, settings.appDir), runAs),
    command: command.argv,
    commandFrom: command.from,
    appDir: settings.appDir,
    appDirFrom: settings.appDirFrom ?? 'the working directory',
    serviceEnv: service?.environment ?? {},
    runAs,
    processes: extraProcesses(inputs.procfile, settings.processes ?? [], settings.unitId, problems, rock === undefined ? undefined : { services: rock.services, app: service, users, ...(runAs === undefined ? {} : { appRunAs: runAs }) }),
  };
}
/** The generated key's variable, only when nothing set `name` already (it may not be generated yet: `env`, `check`). */
function generatedSecretKey(name: string, env: ReadonlyMap<string, DraftVar>, inputs: InputsSnapshot): { generated?: DraftVar; usesGeneratedSecretKey: boolean; secretKeyNotGenerated?: string } {
  if (env.has(name) || inputs.secretKey === undefined) return { usesGeneratedSecretKey: false };
  if (inputs.secretKey === 'not-generated') return { usesGeneratedSecretKey: true, secretKeyNotGenerated: name };
  return { generated: { name, value: inputs.secretKey, source: { kind: 'generated' } }, usesGeneratedSecretKey: true };
}

/** The framework's metrics port and path (its options, else its defaults). */
function metricsVars(fw: FrameworkSpec, values: ReadonlyMap<string, ResolvedOption>): DraftVar[] {
  if (fw.metrics === undefined) return [];
  const mp = fw.metrics.portOption === undefined ? undefined : values.get(fw.metrics.portOption)?.value;
  const mpath = fw.metrics.pathOption === undefined ? undefined : values.get(fw.metrics.pathOption)?.value;
  return [
    { name: `${fw.frameworkPrefix}METRICS_PORT`, value: encodeEnv(mp ?? BigInt(fw.metrics.port)), source: { kind: 'framework' } },
    { name: `${fw.frameworkPrefix}METRICS_PATH`, value: String(mpath ?? fw.metrics.path), source: { kind: 'framework' } },
  ];
}

/** Why the app must not start, in paas-charm's order: missing options, then integrations, then the rest. */
function blockedReasons(project: ProjectSpec, values: ReadonlyMap<string, ResolvedOption>, secrets: ReadonlyMap<string, ResolvedSecret>, rel: RelationOutcome): BlockedReason[] {
  const fw = project.framework;
  const blocked: BlockedReason[] = [];
  const missingOptions = [...project.options.values()].filter((o) => o.required && !values.has(o.name) && !secrets.has(o.name)).map((o) => o.name);
  if (missingOptions.length > 0) blocked.push({ code: 'missing-options', message: `missing options: ${missingOptions.join(', ')}` });
  if (rel.missing.length > 0) blocked.push({ code: 'missing-integrations', message: `missing integrations: ${rel.missing.join(', ')}` });
  for (const message of rel.blocked) blocked.push({ code: 'invalid-relation', message });
  if (fw?.name === 'django' && !rel.bound.some((r) => databaseInterfaces.includes(r.interface))) {
    blocked.push({ code: 'database-required', message: 'Django requires a database integration to work' });
  }
  blocked.push(...webserverBlocked(fw, values));
  return blocked;
}

/** User options and secret keys under the user prefix; a user option named like a set framework field is left out. */
function userVars(project: ProjectSpec, values: ReadonlyMap<string, ResolvedOption>, secrets: ReadonlyMap<string, ResolvedSecret>, fieldNames: ReadonlySet<string>, problems: Problem[]): DraftVar[] {
  const fw = project.framework;
  const userPrefix = fw?.userPrefix ?? 'APP_';
  const out = new Map<string, DraftVar>();
  // Two names that map to one variable (`tls-crt` and `tls_crt`) would hide one of them: a problem.
  const givenBy = new Map<string, string>();
  const putUser = (v: DraftVar, what: string, file: string): void => {
    const earlier = givenBy.get(v.name);
    if (earlier !== undefined) problems.push({ file, expected: 'names that give distinct variables', found: `${earlier} and ${what} both give ${v.name}` });
    givenBy.set(v.name, what);
    out.set(v.name, v);
  };
  for (const o of values.values()) {
    const underscored = o.spec.name.replace(/-/g, '_');
    if (!isUserOption(fw, o.spec.name) || fieldNames.has(underscored) || o.spec.type === 'secret') continue;
    putUser({ name: envName(userPrefix, o.spec.name), value: encodeEnv(o.value), source: o.source }, `option "${o.spec.name}"`, project.file);
  }
  for (const s of secrets.values()) {
    if (!isUserOption(fw, s.spec.name)) continue;
    for (const [key, value] of s.keys) putUser({ name: envName(userPrefix, s.spec.name, key), value, source: { kind: 'secret', path: s.folder } }, `secret "${s.spec.name}" key "${key}"`, s.folder);
  }
  return [...out.values()];
}

/** The app folder must exist; when paas-init starts the framework's own command, it must hold an app too (no spawn on a guess). */
function appDirProblems(fw: FrameworkSpec | undefined, appName: string, inputs: InputsSnapshot, settings: PlanSettings): Problem[] {
  const file = settings.appDir;
  const consequence = 'give the app folder with --app-dir';
  if (inputs.appDirMissing !== undefined) return [{ file, expected: 'the app folder (--app-dir, else the working directory)', found: inputs.appDirMissing, consequence }];
  if (fw === undefined || settings.checkAppDir !== 'app' || settings.command !== undefined || holdsApp(fw.name, inputs.appFiles, appName)) return [];
  return [{ file, expected: appFilesExpected[fw.name], found: 'none of them', consequence: `${consequence}, or the command after "--"` }];
}

function portOf(fw: FrameworkSpec | undefined, values: ReadonlyMap<string, ResolvedOption>): number {
  const set = fw?.portOption === undefined ? undefined : values.get(fw.portOption)?.value;
  return set === undefined ? fw?.port ?? 8000 : Number(set);
}

function webserverBlocked(fw: FrameworkSpec | undefined, values: ReadonlyMap<string, ResolvedOption>): BlockedReason[] {
  const cls = values.get('webserver-worker-class')?.value;
  if (fw?.server !== 'gunicorn' || cls === undefined || workerClasses.includes(String(cls))) return [];
  return [{ code: 'invalid-webserver', message: `Only 'gevent' and 'sync' are allowed. https://bit.ly/${fw.name}-async-doc` }];
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
  });
}
