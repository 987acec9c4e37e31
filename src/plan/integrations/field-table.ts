import { Secret } from '../../log/secret.js';
import type { FieldRender, IntegrationSpec } from '../../mapping/integrations.js';
import { firstEntry, type BindingData, type BindingResult, type FamilyContext } from './binding-data.js';

// Values paas-charm's SMTP generator drops. Its filter is `v not in ("none")`, a substring test
// that also drops "no", "on", "e"…; paas-init drops only what was meant: "none" and empty.
const dropped = new Set(['none', '']);

/** Integrations that are a table of fields (OpenFGA, SAML, tracing, SMTP). */
export function fieldTableVars(spec: IntegrationSpec, b: BindingData, ctx: FamilyContext): BindingResult {
  const vars: [string, string | Secret][] = [];
  const fields = new Map<string, string | Secret>();
  for (const f of spec.fields ?? []) {
    const raw = f.value === 'app-name' ? ctx.appName : firstEntry(b, f.keys);
    if (raw === undefined) {
      if (f.required === true) return { kind: 'not-ready', note: `no ${f.keys.join(' or ')} entry` };
      continue;
    }
    if (spec.interface === 'smtp' && dropped.has(raw.trim().toLowerCase())) continue;
    const value = render(f.render ?? 'plain', raw);
    if (value === undefined) return { kind: 'invalid', key: f.keys[0] ?? f.env, expected: expectedOf(f.render ?? 'plain'), found: 'something else' };
    const v = /PASSWORD|TOKEN|SECRET/.test(f.env) ? new Secret(value) : value;
    vars.push([f.env, v]);
    // The reading holds what the relation said (the app's name is not its).
    if (f.value === undefined && f.keys[0] !== undefined) fields.set(f.keys[0], v);
  }
  return { kind: 'vars', vars, reading: { fields } };
}

function render(how: FieldRender, raw: string): string | undefined {
  switch (how) {
    case 'plain':
      return raw;
    case 'python-bool': {
      const t = raw.trim().toLowerCase();
      return t === 'true' || t === '1' || t === 'yes' ? 'True' : t === 'false' || t === '0' || t === 'no' ? 'False' : undefined;
    }
    case 'any-url': {
      try {
        // pydantic's AnyUrl, like the WHATWG serialisation, writes `http://host/` for `http://host`.
        return new URL(raw.trim()).href;
      } catch {
        return undefined;
      }
    }
    case 'first-certificate': {
      const m = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(raw);
      return m?.[0] ?? (raw.includes(',') ? raw.split(',')[0]!.trim() : raw.trim());
    }
  }
}

function expectedOf(how: FieldRender): string {
  return how === 'python-bool' ? 'true or false' : how === 'any-url' ? 'a URL' : 'a value';
}
