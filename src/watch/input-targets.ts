import { dirname, join } from 'node:path';
import { projectCandidates, type InputPaths } from '../inputs/input-paths.js';
import { paasConfigFileName } from '../project/paas-config.js';
import { secretKeyPath } from '../inputs/secret-key-store.js';
import type { WatchTarget } from './input-watcher.js';

/**
 * Everything a plan is read from: the three mounts (with their sub-folders), every place the
 * project file may be (one appearing earlier in the list takes over), paas-config.yaml, and the kept secret key
 * (`paas-init action rotate-secret-key` replaces it under a running app).
 */
export function inputTargets(paths: InputPaths): WatchTarget[] {
  return [
    { dir: paths.configDir },
    { dir: paths.secretsDir },
    { dir: paths.bindingsDir },
    ...projectCandidates(paths).map((file) => ({ file })),
    // paas-config.yaml beside each place the project file may be, or the one --paas-config names.
    ...[...new Set(paths.explicitPaasConfig !== undefined ? [paths.explicitPaasConfig] : projectCandidates(paths).map((c) => join(dirname(c), paasConfigFileName)))].map((file) => ({ file })),
    { file: secretKeyPath(paths.stateDir) },
  ];
}
