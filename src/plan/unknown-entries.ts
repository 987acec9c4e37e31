// Mounted entries that nothing reads are reported, never dropped in silence: a typo in a secret's or
// a binding's folder name would otherwise leave the app without it and `check` saying "ready".
import type { Problem } from '../errors.js';
import type { InputsSnapshot, MountedDir } from '../inputs/snapshot.js';
import type { ProjectSpec } from '../project/project-spec.js';
import { configYamlName } from './config-values.js';
import { didYouMean } from './suggest.js';

/** Problems for entries of config/, secrets/ and bindings/ and for `--relation` endpoints that the project does not use. */
export function unknownEntryProblems(project: ProjectSpec, inputs: InputsSnapshot, secretIdsRead: ReadonlyMap<string, string>): Problem[] {
  return [...configProblems(inputs.config), ...secretProblems(project, inputs.secrets, secretIdsRead), ...bindingProblems(project, inputs)];
}

function configProblems(config: MountedDir): Problem[] {
  return [...config.dirs.values()].map((d) => ({ file: d.path, expected: `one file per option (a ConfigMap key) or ${configYamlName}`, found: 'a folder' }));
}

/** `secretIdsRead`: folder (or file) name → the secret option that reads it. */
function secretProblems(project: ProjectSpec, secrets: MountedDir, secretIdsRead: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  const secretOptions = [...project.options.values()].filter((o) => o.type === 'secret').map((o) => o.name);
  const names = [...new Set([...secretOptions, ...secretIdsRead.keys()])];
  const expected = `a folder named after a secret option or a secret:<id> it is set to (${names.join(', ') || 'none declared'})`;
  const entries: [string, string, 'folder' | 'file'][] = [
    ...[...secrets.dirs.values()].map((d): [string, string, 'folder'] => [nameOf(d.path), d.path, 'folder']),
    ...[...secrets.files.values()].map((f): [string, string, 'file'] => [nameOf(f.path), f.path, 'file']),
  ];
  for (const [name, path, kind] of entries) {
    if (secretIdsRead.has(name)) continue;
    const option = project.options.get(name);
    const found = option === undefined ? `a ${kind} no option reads`
      : option.type === 'secret' ? `a ${kind} not read: option "${name}" is set to another secret:<id>`
      : `a ${kind} for option "${name}", which is of type ${option.type} (its value goes in config/${name})`;
    problems.push({ file: path, expected, found, ...(option === undefined ? didYouMean(name, names) : {}) });
  }
  for (const name of secretIdsRead.keys()) {
    for (const sub of secrets.dirs.get(name)?.dirs.values() ?? []) problems.push({ file: sub.path, expected: 'one file per secret key', found: 'a folder' });
  }
  return problems;
}

function bindingProblems(project: ProjectSpec, inputs: InputsSnapshot): Problem[] {
  const problems: Problem[] = [];
  const endpoints = project.requires.map((r) => r.name);
  const declared = `a requires endpoint (${endpoints.join(', ') || 'none declared'})`;
  for (const [name, dir] of inputs.bindings.dirs) {
    if (!endpoints.includes(name)) {
      problems.push({ file: dir.path, expected: `a folder named after ${declared}`, found: `a binding for an endpoint the project does not declare${dir.files.has('type') ? ' (whatever its type)' : ''}`, ...didYouMean(name, endpoints) });
      continue;
    }
    for (const sub of dir.dirs.values()) problems.push({ file: sub.path, expected: 'one file per binding entry', found: 'a folder' });
  }
  for (const file of inputs.bindings.files.values()) {
    problems.push({ file: file.path, expected: 'a folder per binding (a "type" entry and one file per entry)', found: 'a file', ...didYouMean(nameOf(file.path), endpoints) });
  }
  for (const endpoint of inputs.relationUris.keys()) {
    if (!endpoints.includes(endpoint)) problems.push({ file: '--relation', key: endpoint, expected: declared, found: 'an endpoint the project does not declare', ...didYouMean(endpoint, endpoints) });
  }
  return problems;
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
