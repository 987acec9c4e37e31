import { readFileSync } from 'node:fs';
import { findProjectFile, readInputs } from '../inputs/read-inputs.js';
import { resolveInputPaths, type InputPaths } from '../inputs/input-paths.js';
import { loadSecretKey, type SecretKeyOutcome } from '../inputs/secret-key-store.js';
import type { Secret } from '../log/secret.js';
import { buildPlan, type PlanSettings } from '../plan/build-plan.js';
import type { Plan } from '../plan/plan.js';
import { commandLineInputs, pathOptions, str, type Flags } from './args.js';

/** Where the pod's namespace is mounted in every Kubernetes container (the Juju model's counterpart). */
const namespaceFile = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Reads the inputs and builds the plan, as often as asked (the watcher calls it on every change). */
export interface PlanSource {
  readonly paths: InputPaths;
  readonly settings: PlanSettings;
  /** how the secret key was obtained, when a project file exists */
  readonly secretKey: SecretKeyOutcome | undefined;
  /** reads every input again and builds a fresh plan */
  read(): Plan;
}

/** Builds a PlanSource from a verb's flags and the process environment. */
export function planSource(flags: Flags, command: readonly string[] | undefined, env: NodeJS.ProcessEnv, cwd: string): PlanSource {
  const paths = resolveInputPaths(pathOptions(flags), env, cwd);
  const cli = commandLineInputs(flags);
  const model = str(flags, 'model') ?? nonEmpty(env.PAAS_INIT_MODEL) ?? readNamespace();
  const baseUrl = str(flags, 'base-url') ?? nonEmpty(env.PAAS_INIT_BASE_URL);
  const settings: PlanSettings = {
    appDir: paths.appDir,
    ...(command === undefined || command.length === 0 ? {} : { command }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(model === undefined ? {} : { model }),
  };
  let secretKey: SecretKeyOutcome | undefined;
  const key = (): Secret | undefined => {
    // Only an app with a project file gets a secret key; plain init mode writes nothing.
    if (secretKey === undefined && findProjectFile(paths) !== undefined) secretKey = loadSecretKey(paths.stateDir);
    return secretKey?.key;
  };
  return {
    paths,
    settings,
    get secretKey() {
      return secretKey;
    },
    read: () => buildPlan(readInputs(paths, cli, key()), settings),
  };
}

function readNamespace(): string | undefined {
  try {
    return nonEmpty(readFileSync(namespaceFile, 'utf8').trim());
  } catch {
    return undefined;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
