import { describeFound, type Problem } from '../errors.js';
import type { InputsSnapshot, MountedDir } from '../inputs/snapshot.js';
import type { Secret } from '../log/secret.js';
import { checkYamlValue, expectedFor } from '../project/parse-project.js';
import { parseYaml } from '../project/yaml-text.js';
import type { ConfigValue, OptionSpec, ProjectSpec } from '../project/project-spec.js';
import { parseConfigText } from './encode-env.js';
import { didYouMean } from './suggest.js';
import type { VarSource } from './plan.js';

/** The ConfigMap key that holds a YAML map of options instead of one option. */
export const configYamlName = 'config.yaml';

/** A config option's effective value and where it came from. */
export interface ResolvedOption {
  readonly spec: OptionSpec;
  readonly value: ConfigValue;
  readonly source: VarSource;
}

/** The keys of one secret, read from its folder. */
export interface ResolvedSecret {
  readonly spec: OptionSpec;
  readonly folder: string;
  readonly keys: ReadonlyMap<string, Secret>;
}

/** Options with values, in declaration order; precedence: default < config.yaml < config/<option> < --set. */
export function resolveOptions(project: ProjectSpec, inputs: InputsSnapshot, problems: Problem[]): ReadonlyMap<string, ResolvedOption> {
  const values = new Map<string, ResolvedOption>();
  for (const spec of project.options.values()) {
    if (spec.default !== undefined) values.set(spec.name, { spec, value: spec.default, source: { kind: 'default' } });
  }
  const put = (name: string, raw: unknown, source: VarSource, file: string, key: string): void => {
    const spec = project.options.get(name);
    if (spec === undefined) {
      problems.push({ file, key, expected: `a declared option (${[...project.options.keys()].join(', ') || 'none declared'})`, found: 'an unknown option', ...didYouMean(name, project.options.keys()) });
      return;
    }
    const value = typeof raw === 'string' ? parseConfigText(spec.type, raw) : checkYamlValue(spec.type, raw);
    // A secret's content never goes into messages, and neither does a value of a secret option.
    const found = spec.type === 'secret' ? 'a value of another kind' : describeFound(raw);
    if (value === undefined) problems.push({ file, key, expected: expectedFor(spec.type), found });
    else values.set(name, { spec, value, source });
  };
  readConfigYaml(inputs.config, problems, (name, raw, path) => put(name, raw, { kind: 'config-yaml', path }, path, name));
  for (const [name, file] of inputs.config.files) {
    if (name === configYamlName) continue;
    put(name, file.value.reveal(), { kind: 'config-file', path: file.path }, file.path, name);
  }
  for (const [name, raw] of inputs.sets) put(name, raw, { kind: 'set' }, '--set', name);
  return values;
}

function readConfigYaml(dir: MountedDir, problems: Problem[], put: (name: string, raw: unknown, path: string) => void): void {
  const file = dir.files.get(configYamlName);
  if (file === undefined) return;
  const parsed = parseYaml(file.value.reveal());
  if (!parsed.ok) {
    // The reason may quote the text, and config.yaml can hold anything: name only the line.
    problems.push({ file: file.path, expected: 'a YAML map of option: value', found: `invalid YAML at line ${parsed.line}` });
    return;
  }
  const doc = parsed.value;
  if (doc === null || doc === undefined) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ file: file.path, expected: 'a YAML map of option: value', found: describeFound(doc) });
    return;
  }
  for (const [name, raw] of Object.entries(doc as Record<string, unknown>)) put(name, raw, file.path);
}

/** The key a secret given as one plain file (`<secrets>/<id>`, the Docker-secrets habit) is read as. */
export const plainFileSecretKey = 'value';

/**
 * Secret options: `secret:<id>` reads `<secrets>/<id>/`, an unset option reads `<secrets>/<option>/`
 * when that folder exists. A folder with no keys is a problem (Kubernetes never mounts one). A plain
 * file in place of the folder is one key, `value` (what app-secret-key-id wants too).
 */
export function resolveSecrets(project: ProjectSpec, values: ReadonlyMap<string, ResolvedOption>, inputs: InputsSnapshot, problems: Problem[]): ReadonlyMap<string, ResolvedSecret> {
  const out = new Map<string, ResolvedSecret>();
  for (const spec of project.options.values()) {
    if (spec.type !== 'secret') continue;
    const set = values.get(spec.name);
    let id = spec.name;
    if (set !== undefined) {
      const ref = secretId(String(set.value));
      if (ref === undefined) {
        problems.push({ file: sourceFile(set.source), key: spec.name, expected: 'a secret reference "secret:<id>"', found: 'a value of another kind' });
        continue;
      }
      id = ref;
    }
    const dir = inputs.secrets.dirs.get(id);
    const file = inputs.secrets.files.get(id);
    if (dir === undefined && file !== undefined) {
      out.set(spec.name, { spec, folder: file.path, keys: new Map([[plainFileSecretKey, file.value]]) });
      continue;
    }
    if (dir === undefined) {
      if (set !== undefined) problems.push({ file: `${inputs.secrets.path}/${id}`, key: spec.name, expected: 'a folder with one file per secret key', found: 'no such folder' });
      continue;
    }
    if (dir.files.size === 0) {
      problems.push({ file: dir.path, key: spec.name, expected: 'at least one key file', found: 'an empty folder' });
      continue;
    }
    out.set(spec.name, { spec, folder: dir.path, keys: new Map([...dir.files].map(([k, f]) => [k, f.value])) });
  }
  return out;
}

/** The secrets/ entries the secret options read: id (folder or file name) → option. */
export function secretEntriesRead(project: ProjectSpec, values: ReadonlyMap<string, ResolvedOption>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const spec of project.options.values()) {
    if (spec.type !== 'secret') continue;
    const set = values.get(spec.name);
    const id = set === undefined ? spec.name : secretId(String(set.value));
    if (id !== undefined) out.set(id, spec.name);
  }
  return out;
}

/** `secret:<id>` or Juju's `secret://<model-uuid>/<id>` → `<id>`. */
export function secretId(ref: string): string | undefined {
  const m = /^secret:(?:\/\/[^/]*\/)?([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(ref.trim());
  return m?.[1];
}

/** The file a value came from, for messages. */
export function sourceFile(s: VarSource): string {
  return 'path' in s ? s.path : s.kind === 'set' ? '--set' : s.kind === 'flag' ? s.flag : 'charmcraft.yaml';
}

/** Convenience for callers that need a ResolvedOption's text. */
export function optionText(o: ResolvedOption | undefined): string | undefined {
  return o === undefined ? undefined : typeof o.value === 'string' ? o.value : String(o.value);
}

