// What charmcraft refuses in a charm that uses a framework extension (_AppBase._check_input,
// charmcraft/extensions/app.py at 15966e95), reported with charmcraft's own words. One leniency:
// an option repeated exactly as the extension declares it (what `charmcraft expand-extensions`
// writes) is accepted, so an expanded charmcraft.yaml stays valid.
import { describeFound, type Problem } from '../errors.js';
import { extensionOptions, type ExtensionOption } from '../mapping/extension-options.js';
import type { FrameworkSpec } from '../mapping/frameworks.js';
import type { OptionSpec } from './project-spec.js';

/** The problems charmcraft would raise for one option the project file declares. */
export function extensionConflicts(fw: FrameworkSpec, option: OptionSpec, optional: unknown, file: string): Problem[] {
  const key = `config.options.${option.name}`;
  const ext = extensionOptions[fw.name].find((o) => o.name === option.name);
  if (ext !== undefined && !sameDefinition(ext, option)) {
    return [{
      file, key, expected: `the ${fw.extension} extension's definition (${describe(ext.type, ext.default)}) or another name`, found: describe(option.type, option.default),
      consequence: `charmcraft refuses it: overlapping keys {'${option.name}'} in config.options of charmcraft.yaml which conflict with the ${fw.extension} extension, please rename or remove it`,
    }];
  }
  const problems: Problem[] = [];
  const reserved = ['webserver-', `${fw.name}-`].find((p) => option.name.startsWith(p));
  if (ext === undefined && reserved !== undefined) {
    problems.push({
      file, key, expected: `a name without the ${fw.extension} reserved prefix "${reserved}"`, found: 'an option the extension does not declare',
      consequence: `charmcraft refuses it: config.options '${option.name}' starts with ${fw.extension} reserved configuration prefix '${reserved}', please rename or remove it`,
    });
  }
  if (optional === false && pythonTruthy(option.default)) {
    problems.push({
      file, key: `${key}.default`, expected: 'no default for an option with optional: false', found: describeFound(option.default),
      consequence: `charmcraft refuses it: Non-optional configuration options can not have default values. Please either remove the default value or set optional field to true or remove it for the ${option.name} configuration option(s).`,
    });
  }
  return problems;
}

function sameDefinition(ext: ExtensionOption, option: OptionSpec): boolean {
  if (ext.type !== option.type) return false;
  const a = ext.default;
  const b = option.default;
  if (a === undefined || b === undefined) return a === b;
  return typeof b === 'bigint' ? typeof a === 'number' && BigInt(a) === b : a === b;
}

function describe(type: string, def: unknown): string {
  return `type ${type}, ${def === undefined ? 'no default' : `default ${typeof def === 'string' ? JSON.stringify(def) : String(def)}`}`;
}

// charmcraft tests `config.get("default")`: 0, "" and false are no default to it.
function pythonTruthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== '' && v !== 0 && v !== 0n;
}
