import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { locateAppDir } from '../inputs/app-dir.js';
import type { AppDirChoice } from '../pebble/rock-layout.js';
import { findProjectFile, readInputs, type RockRead } from '../inputs/read-inputs.js';
import { nonEmpty, resolveInputPaths, type InputPaths } from '../inputs/input-paths.js';
import { readRock } from '../inputs/read-rock.js';
import { chooseStateDir, describeStateDir, type StateDirChoice } from '../inputs/state-dir.js';
import type { Logger } from '../log/logger.js';
import { loadSecretKey, readSecretKey, secretKeyPath, type SecretKeyOutcome } from '../inputs/secret-key-store.js';
import { UsageError, type Problem } from '../errors.js';
import type { Secret } from '../log/secret.js';
import { buildPlan, type PlanSettings } from '../plan/build-plan.js';
import type { LineOverride } from '../plan/paas-charm-line.js';
import type { Plan } from '../plan/plan.js';
import { commandLineInputs, commandLineProcesses, httpUrl, namespaceName, pathOptions, portNumber, str, type Flags } from './args.js';

/** Where the pod's namespace is mounted in every Kubernetes container (the Juju model's counterpart). */
const namespaceFile = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Reads the inputs and builds the plan, as often as asked (the watcher calls it on every change). */
export interface PlanSource {
  readonly paths: InputPaths;
  readonly settings: PlanSettings;
  /** the state dir chosen, and why */
  readonly stateDir: StateDirChoice;
  /** the folder of the rock's Pebble layers, when the image has some */
  readonly rockLayersDir: string | undefined;
  /** how the secret key was obtained, when a project file exists */
  readonly secretKey: SecretKeyOutcome | undefined;
  /** reads every input again and builds a fresh plan; it never writes (`env` and `check` are read-only) */
  read(): Plan;
  /**
   * From now on a missing secret key is generated and kept in the state dir: the explicit step of
   * the verbs that run the app's code (`run`, `sidecar`, `migrate`, `exec`, `action`).
   */
  keepSecretKey(): PlanSource;
}

/** Builds a PlanSource from a verb's flags and the process environment. */
export function planSource(flags: Flags, command: readonly string[] | undefined, env: NodeJS.ProcessEnv, cwd: string, opts: { appDir?: 'app' | 'exists' | 'unused' } = {}): PlanSource {
  const { paths, stateDir, rock, appDir } = placeInputs(flags, env, cwd);
  const cli = commandLineInputs(flags);
  const model = namespaceName(str(flags, 'model'), '--model') ?? namespaceName(nonEmpty(env.PAAS_INIT_MODEL), '$PAAS_INIT_MODEL') ?? readNamespace();
  const baseUrl = httpUrl(str(flags, 'base-url'), '--base-url') ?? httpUrl(nonEmpty(env.PAAS_INIT_BASE_URL), '$PAAS_INIT_BASE_URL');
  const unitId = unitIdOf(flags, env);
  const portFlag = str(flags, 'port');
  const portText = portFlag ?? nonEmpty(env.PAAS_INIT_PORT);
  const port = portText === undefined ? undefined : portNumber(portText, portFlag === undefined ? '$PAAS_INIT_PORT' : '--port');
  const settings: PlanSettings = {
    appDir: paths.appDir,
    ...lineSettings(flags, env, paths.stateDir),
    appDirFrom: appDir.from,
    ...(appDir.problem === undefined ? {} : { appDirProblem: appDir.problem }),
    ...(command === undefined || command.length === 0 ? {} : { command }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(model === undefined ? {} : { model }),
    ...(port === undefined ? {} : { port }),
    ...(unitId === undefined ? {} : { unitId }),
    processes: commandLineProcesses(flags),
    ...(opts.appDir === 'unused' ? {} : { checkAppDir: opts.appDir ?? 'app' }),
  };
  let secretKey: SecretKeyOutcome | undefined;
  let generating = false;
  const key = (): Secret | 'not-generated' | undefined => {
    // Only an app with a project file gets a secret key; plain init mode writes nothing.
    // Read on every plan: `paas-init action rotate-secret-key` changes it under a running app.
    if (findProjectFile(paths) === undefined) return undefined;
    const kept = readSecretKey(paths.stateDir);
    if (kept !== undefined) {
      secretKey = { key: kept, path: secretKeyPath(paths.stateDir), generated: secretKey?.generated ?? false };
    } else if (!generating) {
      return 'not-generated';
    } else if (secretKey?.unsavedReason === undefined) {
      // None kept yet (or it was removed): generate and keep one. A key that could not be saved
      // stays in use for this process's life rather than changing on every read.
      secretKey = loadSecretKey(paths.stateDir);
    }
    return secretKey.key;
  };
  const source: PlanSource = {
    paths,
    settings,
    stateDir,
    rockLayersDir: rock.files?.layersDir,
    get secretKey() {
      return secretKey;
    },
    read: () => buildPlan(readInputs(paths, cli, key(), rock), settings),
    keepSecretKey: () => {
      generating = true;
      return source;
    },
  };
  return source;
}

/** `--unit-id`, `$PAAS_INIT_UNIT_ID`, else a StatefulSet pod's ordinal (pod -0 is unit 0, as Juju's leader-less unit 0). */
function unitIdOf(flags: Flags, env: NodeJS.ProcessEnv): number | undefined {
  const unitFlag = str(flags, 'unit-id');
  const unitText = unitFlag ?? nonEmpty(env.PAAS_INIT_UNIT_ID);
  if (unitText !== undefined && !/^\d{1,9}$/.test(unitText)) throw new UsageError(`${unitFlag === undefined ? '$PAAS_INIT_UNIT_ID' : '--unit-id'}: expected a whole number, got ${JSON.stringify(unitText)}`);
  const ordinal = /-(\d+)$/.exec(nonEmpty(env.POD_NAME) ?? hostname())?.[1];
  return unitText !== undefined ? Number(unitText) : ordinal !== undefined ? Number(ordinal) : undefined;
}

/**
 * The problems that can never change while running, so that `run` ends at once with them (exit 1)
 * rather than waiting for valid input: those of flags (`--set`, `--relation`), and every one when
 * nothing is watched (plain init mode).
 */
export function commandLineProblems(rejected: { readonly problems: readonly Problem[] } | undefined, watched: boolean): readonly Problem[] {
  return rejected?.problems.filter((p) => !watched || p.file.startsWith('--')) ?? [];
}

/**
 * The state dir (where `run` writes the files a plan names) and `--paas-charm-line 1|2`, else
 * `$PAAS_INIT_PAAS_CHARM_LINE`: over what the project's base says.
 */
function lineSettings(flags: Flags, env: NodeJS.ProcessEnv, stateDir: string): { stateDir: string; paasCharmLine?: LineOverride } {
  const flag = str(flags, 'paas-charm-line');
  const text = flag ?? nonEmpty(env.PAAS_INIT_PAAS_CHARM_LINE);
  if (text === undefined) return { stateDir };
  if (text !== '1' && text !== '2') throw new UsageError(`${flag === undefined ? 'PAAS_INIT_PAAS_CHARM_LINE' : '--paas-charm-line'}: expected one of 1, 2, got ${JSON.stringify(text)}`);
  return { stateDir, paasCharmLine: { line: text === '1' ? 1 : 2, from: flag === undefined ? 'PAAS_INIT_PAAS_CHARM_LINE=' : '--paas-charm-line' } };
}

/**
 * Where the inputs are, chosen once: the rock's layers are part of the image, and the state dir
 * and the app folder stay where they are for the life of the process.
 */
function placeInputs(flags: Flags, env: NodeJS.ProcessEnv, cwd: string): { paths: InputPaths; stateDir: StateDirChoice; rock: RockRead; appDir: AppDirChoice } {
  const resolved = resolveInputPaths(pathOptions(flags), env, cwd);
  const stateDir = chooseStateDir(resolved.stateDirs);
  const rockProblems: Problem[] = [];
  const rock: RockRead = { files: readRock(resolved, rockProblems), problems: rockProblems };
  const appDir = locateAppDir(resolved, rock.files);
  return { paths: { ...resolved, stateDir: stateDir.dir, appDir: appDir.dir }, stateDir, rock, appDir };
}

/** Logs which state dir was chosen and why the earlier candidates were passed over. */
export function logStateDir(logger: Logger, c: StateDirChoice): void {
  logger.log({ event: 'state-dir.chosen', path: c.dir, from: c.from, usable: c.usable, msg: describeStateDir(c) });
}

function readNamespace(): string | undefined {
  try {
    const ns = nonEmpty(readFileSync(namespaceFile, 'utf8').trim());
    return ns === undefined || !/^[a-z0-9][-a-z0-9]*$/.test(ns) ? undefined : ns;
  } catch {
    return undefined;
  }
}

