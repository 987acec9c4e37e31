// The bases a charm is packed for, as charmcraft's get_project_bases reads them
// (charmcraft/extensions/extension.py at 15966e95): `base`, `platforms` labels and build-for,
// and the legacy `bases` in short ({name, channel}) and long ({build-on: [...]}) form.

/** Every `<name>@<channel>` the project names (e.g. ubuntu@24.04), deduplicated, in file order. */
export function projectBases(root: Readonly<Record<string, unknown>>): readonly string[] {
  const out = new Set<string>();
  if (typeof root.base === 'string' && root.base !== '') out.add(root.base);
  if (isMap(root.platforms)) {
    for (const [label, data] of Object.entries(root.platforms)) {
      const base = baseOf(label);
      if (base !== undefined) out.add(base);
      else if (isMap(data)) for (const item of listOf(data['build-for'])) if (typeof item === 'string') add(out, baseOf(item));
    }
  }
  for (const b of listOf(root.bases)) {
    if (!isMap(b)) continue;
    const entries = 'build-on' in b ? listOf(b['build-on']) : [b];
    for (const e of entries) if (isMap(e) && e.name !== undefined && e.channel !== undefined) out.add(`${String(e.name)}@${String(e.channel)}`);
  }
  return [...out];
}

// `ubuntu@24.04` or `ubuntu@24.04:amd64`; an architecture alone (`amd64`) names no base.
function baseOf(label: string): string | undefined {
  const m = /^([a-z][a-z0-9-]*@[0-9][0-9.]*)(?::.*)?$/.exec(label);
  return m?.[1];
}

function add(set: Set<string>, v: string | undefined): void {
  if (v !== undefined) set.add(v);
}

function listOf(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
