import { firstEntry, type BindingData, type BindingResult } from './binding-data.js';

/** HTTP proxy: each non-empty value twice, lower- and upper-case (src/paas_charm/app.py). */
export function proxyVars(b: BindingData): BindingResult {
  const vars: [string, string][] = [];
  const fields = new Map<string, string>();
  for (const name of ['http_proxy', 'https_proxy', 'no_proxy']) {
    const v = firstEntry(b, [name, name.replace('_', '-')]);
    if (v === undefined) continue;
    fields.set(name, v);
    vars.push([name, v], [name.toUpperCase(), v]);
  }
  return vars.length === 0 ? { kind: 'not-ready', note: 'no http_proxy, https_proxy or no_proxy entry' } : { kind: 'vars', vars, reading: { fields } };
}
