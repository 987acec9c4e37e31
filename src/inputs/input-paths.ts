import { join, resolve } from 'node:path';

/** Where paas-init looks for each input; resolved once from flags and environment. */
export interface InputPaths {
  readonly root: string;
  /** `--project` or `$PAAS_INIT_PROJECT`: when set, only this file is tried */
  readonly explicitProject?: string;
  /** `--paas-config` or `$PAAS_INIT_PAAS_CONFIG`: else paas-config.yaml beside the project file */
  readonly explicitPaasConfig?: string;
  readonly configDir: string;
  readonly secretsDir: string;
  readonly bindingsDir: string;
  readonly appDir: string;
  /** `--app-dir` was given: no discovery */
  readonly appDirGiven: boolean;
  /** the state dir candidates, in the order they are tried (see stateDirCandidates) */
  readonly stateDirs: readonly StateDirCandidate[];
  /** the first usable of stateDirs, once chosen (until then the first candidate) */
  readonly stateDir: string;
  /** where the rock's Pebble layers are looked for; `given` when `--pebble-layers` names it */
  readonly pebbleLayers: { readonly dir: string; readonly given: boolean };
}

/** A state dir to try, and what put it on the list. */
export interface StateDirCandidate {
  readonly dir: string;
  readonly from: string;
}

/** The flags and environment variables that place the inputs. */
export interface PathOptions {
  readonly root?: string;
  readonly project?: string;
  readonly paasConfig?: string;
  readonly configDir?: string;
  readonly secretsDir?: string;
  readonly bindingsDir?: string;
  readonly appDir?: string;
  readonly stateDir?: string;
  readonly pebbleLayers?: string;
}

/** Default root of the mounts, as Dockerfile.example lays it out. */
export const defaultRoot = '/etc/paas-init';
/** Default state folder (generated secret key, migration lock). */
export const defaultStateDir = '/var/lib/paas-init';
/** Pebble's own default ($PEBBLE), whose layers/ folder a rock fills. */
export const defaultPebbleDir = '/var/lib/pebble/default';

/** Flags beat environment variables beat defaults (pure: env and cwd are passed in). */
export function resolveInputPaths(flags: PathOptions, env: Readonly<Record<string, string | undefined>>, cwd: string): InputPaths {
  // Absolute paths: the app runs with --chdir, and messages should say exactly which file.
  const abs = (p: string): string => resolve(cwd, p);
  const root = abs(flags.root ?? nonEmpty(env.PAAS_INIT_ROOT) ?? defaultRoot);
  const project = flags.project ?? nonEmpty(env.PAAS_INIT_PROJECT);
  const paasConfig = flags.paasConfig ?? nonEmpty(env.PAAS_INIT_PAAS_CONFIG);
  return {
    root,
    ...(project === undefined ? {} : { explicitProject: abs(project) }),
    ...(paasConfig === undefined ? {} : { explicitPaasConfig: abs(paasConfig) }),
    configDir: abs(flags.configDir ?? join(root, 'config')),
    secretsDir: abs(flags.secretsDir ?? join(root, 'secrets')),
    bindingsDir: abs(flags.bindingsDir ?? nonEmpty(env.SERVICE_BINDING_ROOT) ?? join(root, 'bindings')),
    appDir: abs(flags.appDir ?? cwd),
    appDirGiven: flags.appDir !== undefined,
    ...stateDirs(flags, env, abs),
    pebbleLayers: flags.pebbleLayers !== undefined ? { dir: abs(flags.pebbleLayers), given: true } : { dir: join(abs(nonEmpty(env.PEBBLE) ?? defaultPebbleDir), 'layers'), given: false },
  };
}

/**
 * The state dirs to try, in order: `--state-dir` or `$PAAS_INIT_STATE_DIR`, then
 * /var/lib/paas-init, a rock's writable /app-data, `$TMPDIR` and /tmp, so that any uid under a
 * read-only root finds one.
 */
function stateDirs(flags: PathOptions, env: Readonly<Record<string, string | undefined>>, abs: (p: string) => string): { stateDirs: StateDirCandidate[]; stateDir: string } {
  const list: StateDirCandidate[] = [];
  const add = (dir: string | undefined, from: string): void => {
    if (dir !== undefined && !list.some((c) => c.dir === abs(dir))) list.push({ dir: abs(dir), from });
  };
  add(flags.stateDir, '--state-dir');
  add(nonEmpty(env.PAAS_INIT_STATE_DIR), '$PAAS_INIT_STATE_DIR');
  add(defaultStateDir, 'the default');
  add('/app-data/paas-init', 'the rock\'s writable /app-data');
  const tmp = nonEmpty(env.TMPDIR);
  add(tmp === undefined ? undefined : join(tmp, 'paas-init'), '$TMPDIR');
  add('/tmp/paas-init', '/tmp');
  return { stateDirs: list, stateDir: list[0]!.dir };
}

/** The project file candidates, in the order they are tried. */
export function projectCandidates(paths: InputPaths): readonly string[] {
  if (paths.explicitProject !== undefined) return [paths.explicitProject];
  return [join(paths.root, 'charmcraft.yaml'), join(paths.appDir, 'charmcraft.yaml'), join(paths.appDir, 'charm', 'charmcraft.yaml')];
}

/** A variable's value, treating an empty one as unset. */
export function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
