// Enforces the architecture: the core (plan, mapping, project, pebble) never imports a shell, never
// touches the disk, processes, the clock or randomness; a shell (watch, status, sidecar, health,
// migrate) never imports another shell, only the core, the supervisor and the runtime; no
// import runs back up (no cycle between files); no function in src/ runs over the size limit.
// Fails with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const src = resolve('src');
const core = ['plan', 'mapping', 'project', 'pebble', 'inputs', 'log', 'errors.ts'];
const shells = ['cli', 'supervisor', 'migrate', 'watch', 'status', 'sidecar', 'health', 'runtime', 'main.ts'];
/** What each folder (or top file) may import (its own files always). cli/ wires everything. */
const rules = {
  'main.ts': { allow: ['cli', 'errors.ts'] },
  'errors.ts': { allow: [] },
  mapping: { allow: [], forbidNode: true },
  project: { allow: ['mapping', 'errors.ts'], forbidNode: true },
  plan: { allow: ['project', 'mapping', 'pebble', 'errors.ts', 'log/secret.ts', 'inputs/snapshot.ts'], forbidNode: true },
  pebble: { allow: ['errors.ts'], forbidNode: true },
  inputs: { allow: ['errors.ts', 'log', 'project', 'mapping', 'pebble'] },
  log: { allow: [] },
  runtime: { allow: [] },
  supervisor: { allow: [...core, 'runtime'] },
  migrate: { allow: [...core, 'supervisor', 'runtime'] },
  watch: { allow: [...core, 'supervisor', 'runtime'] },
  status: { allow: [...core, 'supervisor', 'runtime'] },
  sidecar: { allow: [...core, 'supervisor', 'runtime'] },
  health: { allow: [...core, 'supervisor', 'runtime'] },
};
const impure = [/\bprocess\.(?!env\b)/, /\bDate\.now\(/, /\bnew Date\(/, /\bMath\.random\(/, /\bsetTimeout\(/];
/** The longest a function may be, in lines from its header to its closing brace. */
const maxFunctionLines = 60;

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const within = (target, places) => places.some((a) => target === a || target.startsWith(a + '/'));

const importsOf = (text) => [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
const targetOf = (rel, spec) => relative(src, resolve(dirname(join(src, rel)), spec)).replace(/\.js$/, '.ts');

function checkImports(rel, layer, text, errors) {
  const rule = rules[layer];
  if (rule === undefined) return;
  const imports = importsOf(text);
  for (const spec of imports) {
    if (spec.startsWith('.')) {
      const target = targetOf(rel, spec);
      if (within(target, [layer])) continue;
      if (!within(target, rule.allow)) {
        const kind = within(target, shells) ? (rule.forbidNode ? 'the core imports the shell' : 'a shell imports the shell') : 'imports';
        errors.push(`${rel}: ${kind} ${target}, outside what ${layer}/ may import (${rule.allow.join(', ') || 'only itself'})`);
      }
    } else if (rule.forbidNode && spec.startsWith('node:')) {
      errors.push(`${rel}: the pure core imports ${spec}`);
    }
  }
  if (rule.forbidNode) {
    const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const re of impure) if (re.test(code)) errors.push(`${rel}: the pure core uses ${re.source.replace(/\\/g, '')}`);
  }
}

// A function's header is a line ending in `{` that closes a parameter list (with or without a
// return type) or an arrow, and is no control statement; its body ends at the next line with the
// header's indentation that starts with `}`. This relies on the code's uniform formatting
// (2-space indents, the closing brace under the header), which every file here keeps.
const header = /(\)(\s*:\s*[^=]+?)?|=>)\s*\{$/;
const control = /^\s*(\}\s*)?(if|for|while|switch|catch|else|do|try|finally)\b/;

function checkFunctionSizes(rel, text, errors) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!header.test(line) || control.test(line) || /^\s*(\/\/|\*)/.test(line)) continue;
    const indent = /^\s*/.exec(line)[0];
    let end = i + 1;
    while (end < lines.length && !(lines[end].startsWith(indent + '}') && /^\s*$/.test(lines[end].slice(0, indent.length)) && !lines[end].startsWith(indent + ' '))) end++;
    const length = end - i + 1;
    if (end < lines.length && length > maxFunctionLines) errors.push(`${rel}:${i + 1}: a function of ${length} lines (at most ${maxFunctionLines}): ${line.trim().slice(0, 60)}`);
  }
}

/** Import cycles between files, each as `a -> b -> a`. */
function cycles(graph) {
  const state = new Map();
  const found = [];
  const visit = (node, stack) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next, stack);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return found;
}

const errors = [];
const all = files(src);
const graph = new Map();
for (const file of all) {
  const rel = relative(src, file);
  const text = readFileSync(file, 'utf8');
  checkImports(rel, rel.split('/')[0], text, errors);
  checkFunctionSizes(rel, text, errors);
  graph.set(rel, importsOf(text).filter((s) => s.startsWith('.')).map((s) => targetOf(rel, s)));
}
for (const c of cycles(graph)) errors.push(`an import runs back up: ${c}`);
if (errors.length > 0) {
  for (const e of errors) console.error(`check-layers: ${e}`);
  process.exit(1);
}
console.error(`check-layers: ${all.length} files, layering ok, no import cycle, no function over ${maxFunctionLines} lines`);
