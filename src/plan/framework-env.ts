import type { Problem } from '../errors.js';
import { Secret, type MaybeSecret } from '../log/secret.js';
import type { FrameworkField, FrameworkSpec, LineSpec } from '../mapping/frameworks.js';
import type { ConfigValue } from '../project/project-spec.js';
import { optionText, sourceFile, type ResolvedOption, type ResolvedSecret } from './config-values.js';
import { encodeEnv } from './encode-env.js';
import type { VarSource } from './plan.js';

/** A variable before it is placed in the plan. */
export interface DraftVar {
  readonly name: string;
  readonly value: MaybeSecret;
  readonly source: VarSource;
}

/** A value with where it came from. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: VarSource;
}

/** paas-charm's is_user_defined_config: options of the framework, webserver and app families are not the user's. */
export function isUserOption(fw: FrameworkSpec | undefined, name: string): boolean {
  return !(fw?.reservedPrefixes ?? ['app-']).some((p) => name.startsWith(p));
}

/** Env name of a user option or secret key part: upper case, dashes to underscores. */
export function envName(prefix: string, ...parts: string[]): string {
  return prefix + parts.map((p) => p.replace(/-/g, '_').toUpperCase()).join('_');
}

/** What the framework fields are computed from, besides the option values. */
export interface FieldInputs {
  readonly values: ReadonlyMap<string, ResolvedOption>;
  readonly secretKey: Sourced<Secret> | undefined;
  readonly port: Sourced<number>;
  readonly baseUrlHost: string;
}

/** The framework's own options (its pydantic model on this line), each under the framework prefix. */
export function frameworkVars(line: LineSpec, inputs: FieldInputs, problems: Problem[]): DraftVar[] {
  const out: DraftVar[] = [];
  for (const field of line.fields) {
    const name = line.frameworkPrefix + field.field;
    if (field.render === 'secret-key') {
      if (inputs.secretKey !== undefined) out.push({ name, value: inputs.secretKey.value, source: inputs.secretKey.source });
      continue;
    }
    if (field.render === 'port') {
      out.push({ name, value: String(inputs.port.value), source: inputs.port.source });
      continue;
    }
    const resolved = field.option === undefined ? undefined : inputs.values.get(field.option);
    const fallback = typeof field.default === 'number' && Number.isInteger(field.default) ? BigInt(field.default) : field.default;
    const raw: ConfigValue | undefined = resolved?.value ?? fallback;
    if (raw === undefined) continue;
    const source: VarSource = resolved?.source ?? { kind: 'default' };
    const rendered = renderField(field, raw, inputs.baseUrlHost);
    if (rendered === undefined) {
      problems.push({ file: sourceFile(source), key: field.option ?? field.field, expected: 'http or https', found: `string ${JSON.stringify(optionText(resolved))}` });
      continue;
    }
    out.push({ name, value: rendered, source });
  }
  return out;
}

function renderField(field: FrameworkField, raw: ConfigValue, baseUrlHost: string): string | undefined {
  switch (field.render) {
    case 'preferred-url-scheme': {
      const s = String(raw);
      return /^https?$/i.test(s) ? s.toUpperCase() : undefined;
    }
    case 'allowed-hosts': {
      // Django: the comma-separated list, plus the base URL's host, as a JSON array (json.dumps spacing).
      const hosts = String(raw).split(',').map((h) => h.trim()).filter((h) => h !== '');
      if (!hosts.includes(baseUrlHost)) hosts.push(baseUrlHost);
      return `[${hosts.map((h) => JSON.stringify(h)).join(', ')}]`;
    }
    default:
      return encodeEnv(raw);
  }
}

/**
 * The configured app secret key: `<name>` or `<name>-id` (a secret whose only key is `value`,
 * framework.py's secret_key_id), for each accepted name; at most one of them may be set.
 */
export function resolveSecretKey(fw: FrameworkSpec, values: ReadonlyMap<string, ResolvedOption>, secrets: ReadonlyMap<string, ResolvedSecret>, problems: Problem[]): Sourced<Secret> | undefined {
  const set: { name: string; file: string; key: () => Sourced<Secret> | undefined }[] = [];
  for (const name of fw.secretKeyOptions) {
    const direct = values.get(name);
    if (direct !== undefined) set.push({ name, file: sourceFile(direct.source), key: () => ({ value: new Secret(encodeEnv(direct.value)), source: direct.source }) });
    const byId = secrets.get(`${name}-id`);
    if (byId !== undefined) set.push({ name: `${name}-id`, file: byId.folder, key: () => secretKeyFromId(`${name}-id`, byId, problems) });
  }
  const first = set[0];
  if (first === undefined) return undefined;
  if (set.length > 1) {
    const both = set.length === 2 ? 'both' : 'all';
    problems.push({ file: first.file, key: first.name, expected: `either ${set.map((s) => s.name).join(' or ')}, not ${both}`, found: `${both} set` });
    return undefined;
  }
  return first.key();
}

function secretKeyFromId(option: string, byId: ResolvedSecret, problems: Problem[]): Sourced<Secret> | undefined {
  const keys = [...byId.keys.keys()];
  const value = byId.keys.get('value');
  if (keys.length !== 1 || value === undefined) {
    problems.push({ file: byId.folder, key: option, expected: 'exactly one key named "value"', found: `keys ${keys.join(', ')}` });
    return undefined;
  }
  return { value, source: { kind: 'secret', path: byId.folder } };
}
