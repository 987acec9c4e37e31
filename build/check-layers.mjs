// Enforces the architecture: the core (plan, mapping, project, pebble) never imports a shell, never
// touches the disk, processes, the clock or randomness. Fails with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const src = resolve('src');
const shells = ['cli', 'supervisor', 'migrate', 'watch', 'status', 'sidecar', 'main.ts'];
const rules = {
  mapping: { allow: ['mapping'], forbidNode: true },
  project: { allow: ['project', 'mapping', 'errors.ts'], forbidNode: true },
  plan: { allow: ['plan', 'project', 'mapping', 'pebble', 'errors.ts', 'log/secret.ts', 'inputs/snapshot.ts'], forbidNode: true },
  pebble: { allow: ['pebble', 'errors.ts'], forbidNode: true },
  inputs: { allow: ['inputs', 'errors.ts', 'log', 'project', 'mapping', 'pebble'], forbidNode: false },
  log: { allow: ['log'], forbidNode: false },
};
const impure = [/\bprocess\.(?!env\b)/, /\bDate\.now\(/, /\bnew Date\(/, /\bMath\.random\(/, /\bsetTimeout\(/];

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const errors = [];
for (const file of files(src)) {
  const rel = relative(src, file);
  const layer = rel.split('/')[0];
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
  const rule = rules[layer];
  for (const spec of imports) {
    if (spec.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
      if (rule !== undefined && !rule.allow.some((a) => target === a || target.startsWith(a + '/'))) errors.push(`${rel}: imports ${target}, outside what ${layer}/ may import (${rule.allow.join(', ')})`);
      if (rule !== undefined && shells.some((s) => target === s || target.startsWith(s + '/'))) errors.push(`${rel}: the core imports the shell ${target}`);
    } else if (rule?.forbidNode && spec.startsWith('node:')) {
      errors.push(`${rel}: the pure core imports ${spec}`);
    }
  }
  if (rule?.forbidNode) {
    const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const re of impure) if (re.test(code)) errors.push(`${rel}: the pure core uses ${re.source.replace(/\\/g, '')}`);
  }
}
if (errors.length > 0) {
  for (const e of errors) console.error(`check-layers: ${e}`);
  process.exit(1);
}
console.error(`check-layers: ${files(src).length} files, layering ok`);
