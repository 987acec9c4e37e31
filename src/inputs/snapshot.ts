import type { Problem } from '../errors.js';
import type { Secret } from '../log/secret.js';
import type { RockFiles } from '../pebble/rock-plan.js';

/** One mounted file: its content with a single trailing newline dropped, always wrapped as a Secret. */
export interface MountedFile {
  readonly path: string;
  readonly value: Secret;
}

/** A mounted folder (ConfigMap, Secret or Service Binding volume), as read at one instant. */
export interface MountedDir {
  readonly path: string;
  readonly exists: boolean;
  /** the kubelet's atomic-writer layout (a `..data` symlink): updates arrive live */
  readonly live: boolean;
  /** visible entries (names starting with `..` are the kubelet's own and are skipped) */
  readonly files: ReadonlyMap<string, MountedFile>;
  readonly dirs: ReadonlyMap<string, MountedDir>;
}

/** Everything paas-init reads from disk and the command line, before any interpretation. */
export interface InputsSnapshot {
  readonly project?: { readonly path: string; readonly text: string };
  /** paas-config.yaml beside the project file, or `--paas-config FILE` */
  readonly paasConfig?: { readonly path: string; readonly text: string };
  readonly config: MountedDir;
  readonly secrets: MountedDir;
  readonly bindings: MountedDir;
  /** `--set option=value`, in command-line order */
  readonly sets: readonly (readonly [string, string])[];
  /** `--relation endpoint=URI` */
  readonly relationUris: ReadonlyMap<string, Secret>;
  /** names present in the app folder (migration scripts, manage.py, wsgi modules) */
  readonly appFiles: ReadonlySet<string>;
  /** why the app folder could not be listed (`no such folder`, `a file`, an errno), when it could not */
  readonly appDirMissing?: string;
  /** the app folder's Procfile (extra processes: `<name>-worker`, `<name>-scheduler`) */
  readonly procfile?: { readonly path: string; readonly text: string };
  /** the rock's Pebble layers and user database, when the image has layers */
  readonly rock?: RockFiles;
  /** text of the app files that default-command discovery reads (entry-point candidates, requirements) */
  readonly appSources?: ReadonlyMap<string, string>;
  /** the generated app secret key kept in the state dir; `not-generated` when none is kept yet (read-only verbs never make one) */
  readonly secretKey?: Secret | 'not-generated';
  /** what could not be read at all (unreadable files, binary data, symlink loops) */
  readonly problems: readonly Problem[];
}

/** An empty, absent folder (for tests and for inputs that are not given). */
export function absentDir(path: string): MountedDir {
  return { path, exists: false, live: false, files: new Map(), dirs: new Map() };
}
