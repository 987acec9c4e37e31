import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Problem } from '../errors.js';
import { Secret } from '../log/secret.js';
import { paasConfigFileName } from '../project/paas-config.js';
import { projectCandidates, type InputPaths } from './input-paths.js';
import { errCode, readMountedDir } from './read-mount.js';
import type { InputsSnapshot } from './snapshot.js';
import { appSubFiles } from '../mapping/app-files.js';

/** Values given on the command line rather than mounted. */
export interface CommandLineInputs {
  readonly sets: readonly (readonly [string, string])[];
  readonly relations: readonly (readonly [string, string])[];
}

/** Reads every input once (the only place that touches the mounts). */
export function readInputs(paths: InputPaths, cli: CommandLineInputs, secretKey: Secret | 'not-generated' | undefined): InputsSnapshot {
  const problems: Problem[] = [];
  const project = readProject(paths, problems);
  const paasConfig = project === undefined ? undefined : readPaasConfig(paths, project.path, problems);
  return {
    ...(project === undefined ? {} : { project }),
    ...(paasConfig === undefined ? {} : { paasConfig }),
    config: readMountedDir(paths.configDir, 0, problems),
    secrets: readMountedDir(paths.secretsDir, 1, problems),
    bindings: readMountedDir(paths.bindingsDir, 1, problems),
    sets: cli.sets,
    relationUris: new Map(cli.relations.map(([k, v]) => [k, new Secret(v)])),
    ...listAppDir(paths.appDir),
    ...readProcfile(paths.appDir),
    ...(secretKey === undefined ? {} : { secretKey }),
    problems,
  };
}

/** Finds the project file: the first candidate that exists. An explicit one must exist. */
export function findProjectFile(paths: InputPaths): string | undefined {
  return projectCandidates(paths).find((p) => existsSync(p));
}

function readProject(paths: InputPaths, problems: Problem[]): { path: string; text: string } | undefined {
  const path = findProjectFile(paths);
  if (path === undefined) {
    if (paths.explicitProject !== undefined) {
      problems.push({ file: paths.explicitProject, expected: 'a charmcraft.yaml project file', found: 'no such file' });
    }
    return undefined;
  }
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    problems.push({ file: path, expected: 'a readable file', found: errCode(e) });
    return undefined;
  }
}

// paas-charm reads paas-config.yaml from the charm's root, beside charmcraft.yaml; an explicit one must exist.
function readPaasConfig(paths: InputPaths, projectPath: string, problems: Problem[]): { path: string; text: string } | undefined {
  const path = paths.explicitPaasConfig ?? join(dirname(projectPath), paasConfigFileName);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = errCode(e);
    if (code !== 'ENOENT' || paths.explicitPaasConfig !== undefined) problems.push({ file: path, expected: 'a readable paas-config.yaml', found: code === 'ENOENT' ? 'no such file' : code });
    return undefined;
  }
}

/** Top-level names in the app folder, plus `<dir>/<file>` for the files that show an app (Django's `<pkg>/wsgi.py`…). */
function listAppDir(appDir: string): { appFiles: ReadonlySet<string>; appDirMissing?: string } {
  const names = new Set<string>();
  let entries;
  try {
    entries = readdirSync(appDir, { withFileTypes: true });
  } catch (e) {
    return { appFiles: names, appDirMissing: errCode(e) === 'ENOTDIR' ? 'a file' : errCode(e) === 'ENOENT' ? 'no such folder' : errCode(e) };
  }
  for (const e of entries) {
    names.add(e.name);
    if (!e.isDirectory()) continue;
    for (const f of appSubFiles) if (existsSync(`${appDir}/${e.name}/${f}`)) names.add(`${e.name}/${f}`);
  }
  return { appFiles: names };
}

function readProcfile(appDir: string): { procfile?: { path: string; text: string } } {
  const path = `${appDir}/Procfile`;
  try {
    return { procfile: { path, text: readFileSync(path, 'utf8') } };
  } catch {
    return {};
  }
}
