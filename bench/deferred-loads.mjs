// Issue 18: start-up tuning stays only where it pays for itself (>= 3 ms or >= 1 MiB). The main
// bundle is built as it is (src/runtime/ defers node:crypto, node:http and proper-lockfile to
// their first use; main.ts loads each verb when used) and again with each of them a plain import;
// each build runs paas-init's start-ups under the embedded Node, taking turns: median wall and
// peak RSS, and the median of each run's difference to the bundle as it is. The built-ins the
// code imports plainly (node:net, node:child_process, node:module) were measured the same way,
// as the single executable, and added neither 3 ms nor 1 MiB.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { mainBundleOptions } from '../build/bundle.mjs';
import { benchDir, containerEnv, embeddedNode, machineEnvNote, median } from './lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 30);
const root = resolve('.');

/** Each deferred piece's src/runtime/ module written as a plain import. */
const eager = {
  'node:crypto': ['sha256.ts', "import { createHash } from 'node:crypto';\nexport function sha256(t: string): Buffer { return createHash('sha256').update(t).digest(); }\n"],
  'node:http': ['http-server.ts', "import { createServer, type RequestListener, type Server } from 'node:http';\nexport function createHttpServer(l: RequestListener): Server { return createServer(l); }\n"],
  'proper-lockfile': ['lock-files.ts', "import lockfile from 'proper-lockfile';\nexport async function lockFiles() { return lockfile; }\n"],
};

/** main.ts with every verb imported up front rather than when used. */
function verbsUpFront(path) {
  const text = readFileSync(path, 'utf8');
  const verbs = [...text.matchAll(/ {2}(\w+): async \(\) => \(await import\('(\.\/cli\/[\w-]+\.js)'\)\)\.(\w+),\n/g)];
  if (verbs.length === 0) throw new Error('bench: main.ts loads no verb lazily any more; update bench/deferred-loads.mjs');
  const body = verbs.reduce((t, m) => t.replace(m[0], `  ${m[1]}: async () => ${m[3]},\n`), text);
  return verbs.map((m) => `import { ${m[3]} } from '${m[2]}';\n`).join('') + body;
}

const dir = benchDir('deferred');
async function bundle(name, plain) {
  const swap = {
    name: 'plain-imports',
    setup(b) {
      if (plain.includes('verbs')) b.onLoad({ filter: /[\\/]src[\\/]main\.ts$/ }, (args) => ({ contents: verbsUpFront(args.path), loader: 'ts', resolveDir: join(root, 'src') }));
      b.onLoad({ filter: /[\\/]src[\\/]runtime[\\/][\w-]+\.ts$/ }, (args) => {
        const hit = plain.filter((p) => p in eager).map((p) => eager[p]).find(([file]) => args.path.endsWith(`/src/runtime/${file}`));
        return hit === undefined ? undefined : { contents: hit[1], loader: 'ts', resolveDir: join(root, 'src/runtime') };
      });
    },
  };
  const out = join(dir, `${name}.cjs`);
  await build(mainBundleOptions(root, out, 'bench', [swap]));
  return out;
}

const variants = [['as it is', []], ...Object.keys(eager).map((p) => [`${p} plain`, [p]]), ['verbs up front', ['verbs']], ['all plain', [...Object.keys(eager), 'verbs']]];
const bundles = [];
for (const [name, plain] of variants) bundles.push(await bundle(name.replace(/\W+/g, '-'), plain));

const project = join(dir, 'project');
mkdirSync(project);
writeFileSync(join(project, 'charmcraft.yaml'), 'name: bench-app\nextensions: [flask-framework]\n');
writeFileSync(join(project, 'app.py'), '');
writeFileSync(join(project, 'migrate.sh'), 'true\n');
const empty = join(dir, 'empty');
mkdirSync(empty);
const inProject = ['--root', project, '--app-dir', project, '--state-dir', join(project, 'state')];
const starts = {
  '--version': ['--version'],
  env: ['env', '--root', project, '--app-dir', project],
  'run -- true (no project)': ['run', '--root', empty, '--app-dir', empty, '--', 'true'],
  'run --on-exit exit -- true (migrating)': ['run', ...inProject, '--on-exit', 'exit', '--', 'true'],
  'migrate (file lock)': ['migrate', ...inProject],
};

console.log('# deferred loads: paas-init start-ups with src/runtime/\'s deferred pieces as they are, then as plain imports');
console.log(machineEnvNote);
for (const [label, args] of Object.entries(starts)) {
  const wall = bundles.map(() => []);
  const rss = bundles.map(() => []);
  for (let i = 0; i < runs + 3; i++) {
    for (let j = 0; j < bundles.length; j++) {
      const k = (i + j) % bundles.length; // a rotating order, so that no build always goes first
      const t0 = process.hrtime.bigint();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', embeddedNode, bundles[k], ...args], { encoding: 'utf8', env: containerEnv, timeout: 30_000 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${label} (${variants[k][0]}) exited ${r.status}: ${r.stderr}`);
      if (i < 3) continue;
      wall[k].push(ms);
      rss[k].push(Number(r.stderr.trim().split('\n').at(-1)) / 1024);
    }
  }
  console.log(`## ${label}`);
  variants.forEach(([name], k) => {
    const dMs = median(wall[k].map((x, i) => x - wall[0][i]));
    const dMiB = median(rss[k].map((x, i) => x - rss[0][i]));
    const sign = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
    console.log(`${name.padEnd(22)} ${median(wall[k]).toFixed(2).padStart(7)} ms (${sign(dMs)})  peak RSS ${median(rss[k]).toFixed(2).padStart(6)} MiB (${sign(dMiB)})`);
  });
}
