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
  readonly stateDir: string;
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
}

/** Default root of the mounts, as Dockerfile.example lays it out. */
export const defaultRoot = '/etc/paas-init';
/** Default state folder (generated secret key, migration lock). */
export const defaultStateDir = '/var/lib/paas-init';

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
    stateDir: abs(flags.stateDir ?? nonEmpty(env.PAAS_INIT_STATE_DIR) ?? defaultStateDir),
  };
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
