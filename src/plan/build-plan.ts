import type { Problem } from '../errors.js';
import type { InputsSnapshot } from '../inputs/snapshot.js';
import { Secret, revealValue } from '../log/secret.js';
import { parseProject } from '../project/parse-project.js';
import type { ProjectSpec } from '../project/project-spec.js';
import { policyOf, serviceOrigin } from '../pebble/layer.js';
import { frameworkService } from '../pebble/rock-layout.js';
import { rockNotices, rockServices } from '../pebble/rock-plan.js';
import { resolveRunAs, type RunAs } from '../pebble/user-db.js';
import { appCommand, findMigration, type AppCommand } from './app-command.js';
import { resolveOptions, resolveSecrets, secretEntriesRead, type ResolvedOption } from './config-values.js';
import { unknownEntryProblems } from './unknown-entries.js';
import { encodeEnv } from './encode-env.js';
import { baseUrlOf, generatedSecretKey, jsonLogging, lineOf, metricsVars } from './env-parts.js';
import { frameworkVars, resolveSecretKey, type DraftVar } from './framework-env.js';
import type { PlanFile } from './plan.js';
import { appDirProblems, blockedReasons } from './plan-checks.js';
import { extraProcesses } from './processes.js';
import { relationVars } from './relations.js';
import { ineffectiveOptions, metricsEndpoint, resolvePort } from './served-port.js';
import { applySpringBoot } from './spring-boot.js';
import { overwritten, userVars } from './user-vars.js';
import type { MigrationPlan, Plan, PlanVar } from './plan.js';
import type { PlanSettings } from './plan-settings.js';

export type { PlanSettings } from './plan-settings.js';

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
    appDir: settings.appDir, appDirFrom: settings.appDirFrom ?? 'the working directory', serviceEnv: {}, runAs: undefined, policy: undefined, port: undefined, processes: [],
    relationKey: new Secret(''), usesGeneratedSecretKey: false, paasCharm: undefined, notices: [], files: [],
  };
}

function projectPlan(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, problems: Problem[]): Plan {
  const fw = project.framework;
  if (settings.appDirProblem !== undefined) problems.push(settings.appDirProblem);
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
  const files: PlanFile[] = fw?.name === 'spring-boot' ? applySpringBoot(env, rel.readings, {
    baseUrl, stateDir, profiles: optionText.get('app-profiles'), options: optionText,
    // 1.x: the metrics-* options (no management.server.port); 2.x: paas-config.yaml's or the defaults.
    metricsPort: metrics === undefined ? undefined : String(metrics.port),
    metricsPath: metrics?.path ?? optionText.get('metrics-path') ?? '/actuator/prometheus',
  }) : fw?.name === 'fastapi' && paas.loggingFormat === 'json' ? jsonLogging(stateDir, put) : [];

  return {
    appName: project.name,
    framework: fw?.name,
    projectFile: project.file,
    env: [...env.values()].map(toPlanVar),
    blocked: blockedReasons(project, values, secrets, rel, fw),
    problems,
    relations: rel.statuses,
    ...runPart(project, inputs, settings, values, port.value, problems),
    port: port.value,
    relationKey: new Secret(rel.vars.map((v) => `${v.name}=${revealValue(v.value)}`).join('\n')),
    usesGeneratedSecretKey,
    ...(secretKeyNotGenerated === undefined ? {} : { secretKeyNotGenerated }),
    paasCharm: lineChoice,
    notices: [
      ...(line === undefined ? [] : ineffectiveOptions(line, lineChoice.line, values, port)), ...overwritten(users, env),
      ...(inputs.rock === undefined ? [] : rockNotices(rockServices(inputs.rock))),
    ],
    files,
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
function runPart(project: ProjectSpec, inputs: InputsSnapshot, settings: PlanSettings, values: ReadonlyMap<string, ResolvedOption>, port: number, problems: Problem[]): Pick<Plan, 'migration' | 'command' | 'commandFrom' | 'appDir' | 'appDirFrom' | 'serviceEnv' | 'runAs' | 'policy' | 'processes' | 'rockChecks'> {
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
    policy: service === undefined ? undefined : { fields: policyOf(service), from: serviceOrigin(service) },
    ...(rock === undefined || rock.checks.length === 0 ? {} : { rockChecks: { checks: rock.checks, appService: service?.name } }),
    processes: extraProcesses(inputs.procfile, settings.processes ?? [], settings.unitId, problems, rock === undefined ? undefined : { services: rock.services, app: service, users, ...(runAs === undefined ? {} : { appRunAs: runAs }) }),
  };
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
