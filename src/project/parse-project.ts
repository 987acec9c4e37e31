import { describeFound, type Problem } from '../errors.js';
import { oauthOptions, type ExtensionOption } from '../mapping/extension-options.js';
import { extensionNames, frameworkByExtension, type FrameworkSpec } from '../mapping/frameworks.js';
import { projectBases } from './bases.js';
import { extensionConflicts } from './extension-checks.js';
import type { ConfigValue, EndpointSpec, OptionSpec, OptionType, ProjectSpec } from './project-spec.js';
import { parseYaml } from './yaml-text.js';

const optionTypes: readonly OptionType[] = ['string', 'int', 'float', 'boolean', 'secret'];
const optionKeys = new Set(['type', 'default', 'description', 'optional']);
const endpointKeys = new Set(['interface', 'optional', 'limit', 'scope']);

/** The result of parsing: a project when it is usable, and every problem found. */
export interface ParsedProject {
  readonly project?: ProjectSpec;
  readonly problems: readonly Problem[];
}

/** Parses charmcraft.yaml text (pure). Problems name the file and the key path. */
export function parseProject(text: string, file: string): ParsedProject {
  const doc = parseYaml(text, '1.1');
  if (!doc.ok) return { problems: [{ file, expected: 'valid YAML', found: `${doc.reason} at line ${doc.line} column ${doc.column}` }] };
  const root = doc.value;
  if (!isMap(root)) return { problems: [{ file, expected: 'a map at the top level', found: describeFound(root) }] };

  const problems: Problem[] = [];
  const name = typeof root.name === 'string' && root.name !== '' ? root.name : undefined;
  if (name === undefined) problems.push({ file, key: 'name', expected: 'a non-empty string', found: describeFound(root.name) });
  const framework = parseExtensions(root.extensions, file, problems);
  const requires = parseRequires(root.requires, file, problems);
  const options = parseOptions(root.config, framework, requires, file, problems);
  if (problems.length > 0 || name === undefined) return { problems };
  return { project: Object.freeze({ file, name, framework, options, requires, bases: Object.freeze(projectBases(root)) }), problems };
}

function parseExtensions(raw: unknown, file: string, problems: Problem[]): FrameworkSpec | undefined {
  if (raw === undefined) return undefined;
  const expected = `a list with one of ${extensionNames.join(', ')}`;
  if (!Array.isArray(raw)) {
    problems.push({ file, key: 'extensions', expected, found: describeFound(raw) });
    return undefined;
  }
  const found = raw.filter((e): e is string => typeof e === 'string').map(frameworkByExtension).filter((f) => f !== undefined);
  if (found.length > 1) problems.push({ file, key: 'extensions', expected: 'at most one framework extension', found: `${found.length}` });
  if (found.length === 0 && raw.length > 0) problems.push({ file, key: 'extensions', expected, found: raw.map(String).join(', ') });
  return found[0];
}

function parseOptions(raw: unknown, framework: FrameworkSpec | undefined, requires: readonly EndpointSpec[], file: string, problems: Problem[]): ReadonlyMap<string, OptionSpec> {
  const options = new Map<string, OptionSpec>();
  // The extension declares its options first (and two per oauth endpoint); the project file adds its own.
  const oauth = framework === undefined ? [] : requires.filter((r) => r.interface === 'oauth').flatMap((r) => oauthOptions(framework.name, r.name));
  for (const o of [...(framework?.options ?? []), ...oauth]) options.set(o.name, extensionOption(o));
  if (raw === undefined || raw === null) return options;
  if (!isMap(raw)) {
    problems.push({ file, key: 'config', expected: 'a map with an "options" key', found: describeFound(raw) });
    return options;
  }
  const declared = raw.options;
  if (declared === undefined || declared === null) return options;
  if (!isMap(declared)) {
    problems.push({ file, key: 'config.options', expected: 'a map of option name to definition', found: describeFound(declared) });
    return options;
  }
  for (const [name, def] of Object.entries(declared)) {
    const option = parseOption(name, def, file, problems);
    if (option === undefined) continue;
    if (framework !== undefined) problems.push(...extensionConflicts(framework, option, (def as Record<string, unknown>).optional, file));
    options.set(name, options.get(name)?.fromExtension === true && sameType(options.get(name), option) ? { ...option, fromExtension: true } : option);
  }
  return options;
}

// Table defaults are JS numbers; int options carry bigints like every parsed int.
function extensionOption(o: ExtensionOption): OptionSpec {
  const def = o.type === 'int' && typeof o.default === 'number' ? BigInt(o.default) : o.default;
  return Object.freeze({ name: o.name, type: o.type, ...(def === undefined ? {} : { default: def }), required: false, fromExtension: true });
}

function sameType(a: OptionSpec | undefined, b: OptionSpec): boolean {
  return a?.type === b.type;
}

function parseOption(name: string, def: unknown, file: string, problems: Problem[]): OptionSpec | undefined {
  const key = `config.options.${name}`;
  if (!isMap(def)) {
    problems.push({ file, key, expected: 'a map with "type"', found: describeFound(def) });
    return undefined;
  }
  for (const k of Object.keys(def)) {
    if (!optionKeys.has(k)) problems.push({ file, key: `${key}.${k}`, expected: `one of ${[...optionKeys].join(', ')}`, found: 'an unknown key' });
  }
  const type = def.type;
  if (typeof type !== 'string' || !optionTypes.includes(type as OptionType)) {
    problems.push({ file, key: `${key}.type`, expected: `one of ${optionTypes.join(', ')}`, found: describeFound(type) });
    return undefined;
  }
  const optionType = type as OptionType;
  let defaultValue: ConfigValue | undefined;
  if (def.default !== undefined && def.default !== null) {
    const checked = checkYamlValue(optionType, def.default);
    if (checked === undefined) problems.push({ file, key: `${key}.default`, expected: expectedFor(optionType) + yaml11Hint(optionType, def.default), found: describeFound(def.default) });
    else defaultValue = checked;
  }
  if (def.optional !== undefined && typeof def.optional !== 'boolean') {
    problems.push({ file, key: `${key}.optional`, expected: 'true or false', found: describeFound(def.optional) });
  }
  if (def.description !== undefined && typeof def.description !== 'string') {
    problems.push({ file, key: `${key}.description`, expected: 'a string', found: describeFound(def.description) });
  }
  return Object.freeze({
    name,
    type: optionType,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(typeof def.description === 'string' ? { description: def.description } : {}),
    required: def.optional === false,
    fromExtension: false,
  });
}

function parseRequires(raw: unknown, file: string, problems: Problem[]): readonly EndpointSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!isMap(raw)) {
    problems.push({ file, key: 'requires', expected: 'a map of endpoint name to {interface, optional, limit}', found: describeFound(raw) });
    return [];
  }
  const out: EndpointSpec[] = [];
  for (const [name, def] of Object.entries(raw)) {
    const key = `requires.${name}`;
    if (!isMap(def) || typeof def.interface !== 'string' || def.interface === '') {
      problems.push({ file, key: `${key}.interface`, expected: 'an interface name', found: describeFound(isMap(def) ? def.interface : def) });
      continue;
    }
    for (const k of Object.keys(def)) {
      if (!endpointKeys.has(k)) problems.push({ file, key: `${key}.${k}`, expected: `one of ${[...endpointKeys].join(', ')}`, found: 'an unknown key' });
    }
    if (def.optional !== undefined && typeof def.optional !== 'boolean') {
      problems.push({ file, key: `${key}.optional`, expected: 'true or false', found: describeFound(def.optional) });
    }
    const limit = def.limit;
    if (limit !== undefined && !(typeof limit === 'bigint' && limit > 0n)) {
      problems.push({ file, key: `${key}.limit`, expected: 'a positive integer', found: describeFound(limit) });
    }
    out.push(Object.freeze({
      name,
      interface: def.interface,
      optional: def.optional === true,
      ...(typeof limit === 'bigint' ? { limit: Number(limit) } : {}),
    }));
  }
  return Object.freeze(out);
}

/** What a value of this type looks like, for error messages. */
export function expectedFor(type: OptionType): string {
  switch (type) {
    case 'string': return 'a string';
    case 'int': return 'an integer';
    case 'float': return 'a number';
    case 'boolean': return 'true or false';
    case 'secret': return 'a secret reference "secret:<id>"';
  }
}

/** Checks a YAML-typed value against an option type; undefined when it does not fit. */
export function checkYamlValue(type: OptionType, value: unknown): ConfigValue | undefined {
  switch (type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? value : undefined;
    case 'int':
      return typeof value === 'bigint' ? value : undefined;
    case 'float':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
  }
}

// charmcraft reads the file with PyYAML (YAML 1.1): an unquoted on/off/yes/no is a boolean there too.
function yaml11Hint(type: OptionType, value: unknown): string {
  return typeof value === 'boolean' && (type === 'string' || type === 'secret') ? ' (YAML 1.1, as charmcraft reads it, takes unquoted yes, no, on, off for booleans: quote the value)' : '';
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
