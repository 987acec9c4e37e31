import { projectCandidates, type InputPaths } from '../inputs/input-paths.js';
import { secretKeyPath } from '../inputs/secret-key-store.js';
import type { WatchTarget } from './input-watcher.js';

/**
 * Everything a plan is read from: the three mounts (with their sub-folders), every place the
 * project file may be (one appearing earlier in the list takes over), and the kept secret key
 * (`paas-init action rotate-secret-key` replaces it under a running app).
 */
export function inputTargets(paths: InputPaths): WatchTarget[] {
  return [
    { dir: paths.configDir },
    { dir: paths.secretsDir },
    { dir: paths.bindingsDir },
    ...projectCandidates(paths).map((file) => ({ file })),
    { file: secretKeyPath(paths.stateDir) },
  ];
}
