import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Problem } from '../errors.js';
import { Secret } from '../log/secret.js';
import { paasConfigFileName } from '../project/paas-config.js';
import type { RockFiles } from '../pebble/rock-plan.js';
import { projectCandidates, type InputPaths } from './input-paths.js';
import { errCode, readMountedDir } from './read-mount.js';
import type { InputsSnapshot } from './snapshot.js';
import { appSubFiles } from '../mapping/app-files.js';

/** Values given on the command line rather than mounted. */
export interface CommandLineInputs {
  readonly sets: readonly (readonly [string, string])[];
  readonly relations: readonly (readonly [string, string])[];
}

/** The rock as read once at start (its layers are part of the image), with what could not be read. */
export interface RockRead {
  readonly files: RockFiles | undefined;
  readonly problems: readonly Problem[];
}

/** Reads every input once (the only place that touches the mounts). The rock counts only with a project file. */
export function readInputs(paths: InputPaths, cli: CommandLineInputs, secretKey: Secret | 'not-generated' | undefined, rock?: RockRead): InputsSnapshot {
  const problems: Problem[] = [];
  const project = readProject(paths, problems);
  const paasConfig = project === undefined ? undefined : readPaasConfig(paths, project.path, problems);
  const app = listAppDir(paths.appDir);
  if (project !== undefined && rock !== undefined) problems.push(...rock.problems);
  return {
    ...(project === undefined ? {} : { project }),
    ...(paasConfig === undefined ? {} : { paasConfig }),
    config: readMountedDir(paths.configDir, 0, problems),
    secrets: readMountedDir(paths.secretsDir, 1, problems),
    bindings: readMountedDir(paths.bindingsDir, 1, problems),
    sets: cli.sets,
    relationUris: new Map(cli.relations.map(([k, v]) => [k, new Secret(v)])),
    appFiles: app.appFiles,
    ...(app.appDirMissing === undefined ? {} : { appDirMissing: app.appDirMissing }),
    ...(project === undefined ? {} : { appSources: readAppSources(paths.appDir, app.dirs) }),
    ...(project === undefined || rock?.files === undefined ? {} : { rock: rock.files }),
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

/** Top-level names in the app folder, plus `<dir>/<file>` for the files that show an app (Django's `<pkg>/wsgi.py`…); and its folders. */
function listAppDir(appDir: string): { appFiles: ReadonlySet<string>; dirs: readonly string[]; appDirMissing?: string } {
  const names = new Set<string>();
  const dirs: string[] = [];
  let entries;
  try {
    entries = readdirSync(appDir, { withFileTypes: true });
  } catch (e) {
    return { appFiles: names, dirs, appDirMissing: errCode(e) === 'ENOTDIR' ? 'a file' : errCode(e) === 'ENOENT' ? 'no such folder' : errCode(e) };
  }
  for (const e of entries) {
    names.add(e.name);
    if (!e.isDirectory()) continue;
    dirs.push(e.name);
    for (const f of appSubFiles) if (existsSync(`${appDir}/${e.name}/${f}`)) names.add(`${e.name}/${f}`);
  }
  return { appFiles: names, dirs };
}

/** Files larger than this are not an app's entry module or requirements. */
const maxSourceBytes = 1 << 20;

/** What entry-point discovery reads (plan/python-entrypoint.ts): top-level and one-folder-down modules, the requirements. */
function readAppSources(appDir: string, dirs: readonly string[]): ReadonlyMap<string, string> {
  const wanted = ['app.py', 'main.py', 'requirements.txt', 'pyproject.toml', ...dirs.flatMap((d) => ['__init__.py', 'app.py', 'main.py', 'wsgi.py'].map((f) => `${d}/${f}`))];
  const out = new Map<string, string>();
  for (const rel of wanted) {
    try {
      const text = readFileSync(`${appDir}/${rel}`);
      if (text.length <= maxSourceBytes) out.set(rel, text.toString('utf8'));
    } catch {
      // absent: not a candidate
    }
  }
  return out;
}

function readProcfile(appDir: string): { procfile?: { path: string; text: string } } {
  const path = `${appDir}/Procfile`;
  try {
    return { procfile: { path, text: readFileSync(path, 'utf8') } };
  } catch {
    return {};
  }
}
