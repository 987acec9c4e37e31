import type { Problem } from '../errors.js';
import { Secret, type MaybeSecret } from '../log/secret.js';
import type { FrameworkField, FrameworkSpec } from '../mapping/frameworks.js';
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

/** paas-charm's is_user_defined_config: options of the framework, webserver and app families are not the user's. */
export function isUserOption(fw: FrameworkSpec | undefined, name: string): boolean {
  return !(fw?.reservedPrefixes ?? ['app-']).some((p) => name.startsWith(p));
}

/** Env name of a user option or secret key part: upper case, dashes to underscores. */
export function envName(prefix: string, ...parts: string[]): string {
  return prefix + parts.map((p) => p.replace(/-/g, '_').toUpperCase()).join('_');
}

/** The framework's own options (its pydantic model), each under the framework prefix. */
export function frameworkVars(
  fw: FrameworkSpec,
  values: ReadonlyMap<string, ResolvedOption>,
  secretKeyFromSecret: ResolvedSecret | undefined,
  baseUrlHost: string,
  problems: Problem[],
): DraftVar[] {
  const out: DraftVar[] = [];
  for (const field of fw.fields) {
    const name = fw.frameworkPrefix + field.field;
    if (field.option === 'app-secret-key' && secretKeyFromSecret !== undefined) {
      const v = secretKeyFromSecret.keys.get('value');
      if (v !== undefined) out.push({ name, value: v, source: { kind: 'secret', path: secretKeyFromSecret.folder } });
      continue;
    }
    const resolved = values.get(field.option);
    const fallback = typeof field.default === 'number' && Number.isInteger(field.default) ? BigInt(field.default) : field.default;
    const raw: ConfigValue | undefined = resolved?.value ?? fallback;
    if (raw === undefined) continue;
    const source: VarSource = resolved?.source ?? { kind: 'default' };
    const rendered = renderField(field, raw, baseUrlHost);
    if (rendered === undefined) {
      problems.push({ file: sourceFile(source), key: field.option, expected: 'http or https', found: `string ${JSON.stringify(optionText(resolved))}` });
      continue;
    }
    out.push({ name, value: field.option === 'app-secret-key' ? new Secret(rendered) : rendered, source });
  }
  return out;
}

function renderField(field: FrameworkField, raw: ConfigValue, baseUrlHost: string): string | undefined {
  switch (field.render) {
    case 'plain':
      return encodeEnv(raw);
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
  }
}

/** app-secret-key-id must hold exactly one key, `value`; and it excludes app-secret-key. */
export function checkSecretKeyOptions(values: ReadonlyMap<string, ResolvedOption>, secrets: ReadonlyMap<string, ResolvedSecret>, problems: Problem[]): ResolvedSecret | undefined {
  const byId = secrets.get('app-secret-key-id');
  if (byId === undefined) return undefined;
  const direct = values.get('app-secret-key');
  if (direct !== undefined && direct.source.kind !== 'default') {
    problems.push({ file: sourceFile(direct.source), key: 'app-secret-key', expected: 'either app-secret-key or app-secret-key-id, not both', found: 'both set' });
  }
  const keys = [...byId.keys.keys()];
  if (keys.length !== 1 || keys[0] !== 'value') {
    problems.push({ file: byId.folder, key: 'app-secret-key-id', expected: 'exactly one key named "value"', found: `keys ${keys.join(', ')}` });
    return undefined;
  }
  return byId;
}
