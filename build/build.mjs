// Builds dist/paas-init: esbuild bundles src/main.ts into one CommonJS file, then Node's own
// single-executable-application (SEA) machinery injects it into a copy of this machine's node.
// Nothing is downloaded: the base binary is process.execPath.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
import { pinnedFile } from './runtime-packages.mjs';
const node24 = pinnedFile(root, join(root, 'dist/runtime'), 'x64', 'node');
mkdirSync(dist, { recursive: true });

// Optional modules that libraries try to load inside try/catch (pg's native binding and its
// Cloudflare socket, mysql2's SQL highlighter). A SEA's require reaches only built-ins and
// prints a warning on every other attempt, so they become stubs that throw "not found".
const optionalModulesAsStubs = {
  name: 'optional-modules-as-stubs',
  setup(b) {
    b.onResolve({ filter: /^(pg-native|pg-cloudflare|cardinal.*)$/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
      contents: `const e = new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}); e.code = 'MODULE_NOT_FOUND'; throw e;`,
      loader: 'js',
    }));
  },
};

// pg decides at load time whether it runs in a Cloudflare Worker; on Node 20, which has no
// `navigator`, it does so by constructing a fetch Response, and that global's first use loads all
// of Node's fetch implementation (undici, http2, zlib: ~35 ms, in the middle of the migration
// lock before the app can start). paas-init never runs in a Worker: the probe answers false.
// The build fails if pg changes the probe, so that an upgrade cannot bring the cost back unseen.
const pgWithoutWorkerProbe = {
  name: 'pg-without-worker-probe',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const probe = 'function isCloudflareRuntime() {';
      if (!text.includes(probe)) throw new Error(`build: ${args.path} no longer has "${probe}"; revisit pgWithoutWorkerProbe`);
      return { contents: text.replace(probe, `${probe}\n  return false;`), loader: 'js' };
    });
  },
};

// proper-lockfile's exit hook through an exit-only stand-in for signal-exit (see the shim for why).
const signalExitShim = {
  name: 'signal-exit-shim',
  setup(b) {
    b.onResolve({ filter: /^signal-exit$/ }, (args) => {
      if (!/[\\/]proper-lockfile[\\/]/.test(args.importer)) throw new Error(`build: ${args.importer} uses signal-exit; build/shims/signal-exit.cjs stands in only for proper-lockfile's`);
      return { path: join(root, 'build/shims/signal-exit.cjs') };
    });
  },
};

const bundle = join(dist, 'paas-init.cjs');
await build({
  entryPoints: [join(root, 'src/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  // An IIFE, not a CommonJS module: build/sea/main.cjs compiles it as a script as it is (no
  // function wrapper pasted around a copy of it); its free `require` is the loader's.
  format: 'iife',
  outfile: bundle,
  legalComments: 'none',
  minify: process.env.PAAS_INIT_MINIFY !== '0',
  define: { PAAS_INIT_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  plugins: [optionalModulesAsStubs, signalExitShim],
  // proper-lockfile reads and writes through graceful-fs, whose only gain is queueing on EMFILE
  // (a lock does a handful of operations) and which, once loaded, wraps fs.close for the whole
  // process; loading it was ~4 ms inside the migration lock before every app start.
  alias: { 'graceful-fs': 'node:fs' },
  // Separate chunks (see src/chunks/load-chunk.ts), not part of the main bundle.
  external: ['pg', 'mysql2', 'mysql2/promise', 'execa'],
});

// Inside a single executable a dynamic import() of a built-in fails at run time
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): src/chunks/builtin.ts is the way to load one late.
const bundleText = readFileSync(bundle, 'latin1');
if (/\bimport\(\s*["']node:/.test(bundleText)) {
  throw new Error('build: the bundle has a dynamic import() of a node: built-in; use builtin() from src/chunks/builtin.ts');
}

// build/sea/main.cjs reads the bundle as latin1, which is right only for ASCII (esbuild's default
// charset escapes everything else).
if (/[^\x00-\x7f]/.test(bundleText)) throw new Error('build: the bundle is not ASCII; build/sea/main.cjs reads it as latin1');

// Each chunk is esbuild's CommonJS output wrapped into a script whose value is the module
// function, as src/chunks/load-chunk.ts compiles it (the same text gets its code cache below).
const chunks = {};
for (const [name, entry] of [['pg', 'pg.cjs'], ['mysql2', 'mysql2.cjs'], ['execa', 'execa.js']]) {
  const r = await build({
    entryPoints: [join(root, 'build/chunks', entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    write: false, legalComments: 'none', minify: true, logLevel: 'warning', plugins: [optionalModulesAsStubs, pgWithoutWorkerProbe],
  });
  const out = join(dist, `chunk-${name}.js`);
  const text = r.outputFiles[0].text;
  if (/[^\x00-\x7f]/.test(text)) throw new Error(`build: chunk ${name} is not ASCII; src/chunks/load-chunk.ts reads it as latin1`);
  writeFileSync(out, `(function (exports, require, module, __filename, __dirname) {${text}\n})`);
  chunks[`chunk-${name}.js`] = out;
}

// V8's code caches: of the bundle after a run through the common verbs (build/sea/code-cache.mjs),
// and of the pg chunk on a migration's way (build/sea/chunk-code-cache.mjs; without it a
// migration with a PostgreSQL lock would compile pg first, ~8 ms). PAAS_INIT_CODE_CACHE=0 builds
// without them (an empty cache: everything compiles on first use).
const withCodeCache = process.env.PAAS_INIT_CODE_CACHE !== '0';
const codeCache = join(dist, 'paas-init.code-cache');
if (!withCodeCache) writeFileSync(codeCache, '');
else {
  // Without NODE_OPTIONS: V8 flags given there would be part of the caches' flag hash. The
  // warm-ups log as they would in use; that is shown only if one fails.
  const makeCache = (script, ...args) => {
    try {
      execFileSync(node24, [join(root, 'build/sea', script), ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, killSignal: 'SIGKILL' });
    } catch (e) {
      process.stderr.write(e.stderr ?? '');
      throw new Error(`build: ${script} failed (${e.signal ?? `exit code ${e.status}`})`);
    }
  };
  makeCache('code-cache.mjs', bundle, codeCache);
  const pgCache = join(dist, 'chunk-pg.code-cache');
  makeCache('chunk-code-cache.mjs', 'pg', chunks['chunk-pg.js'], pgCache);
  chunks['chunk-pg.code-cache'] = pgCache;
}

// koffi's prebuilt addon cannot be loaded from inside the blob; it travels as a SEA asset
// and src/supervisor/libc.ts writes it to a private temp file and dlopens it.
const koffiNode = require.resolve('@koromix/koffi-linux-x64/linux_x64/koffi.node');
const seaConfig = join(dist, 'sea-config.json');
const blob = join(dist, 'paas-init.blob');
// The SEA's main is a small loader; the bundle and its code cache are assets (build/sea/main.cjs).
writeFileSync(seaConfig, JSON.stringify({
  main: join(root, 'build/sea/main.cjs'),
  output: blob,
  disableExperimentalSEAWarning: true,
  useCodeCache: false,
  assets: { 'paas-init.cjs': bundle, 'paas-init.code-cache': codeCache, 'koffi.node': koffiNode, ...chunks },
}));
execFileSync(node24, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });

const out = join(dist, 'paas-init');
rmSync(out, { force: true });
copyFileSync(node24, out);
chmodSync(out, 0o755);
const postject = join(dirname(require.resolve('postject/package.json')), 'dist/cli.js');
execFileSync(process.execPath, [postject, out, 'NODE_SEA_BLOB', blob,
  '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: ['ignore', 'ignore', 'pipe'] });

// pkg once reported success after a failed injection; never trust the step, run the result.
// In a clean environment (no NODE_OPTIONS): V8 takes the code cache only under the flags it was made with.
const reportingEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', PAAS_INIT_REPORT_CODE_CACHE: '1' };
const check = spawnSync(out, ['--version'], { encoding: 'utf8', env: reportingEnv });
const version = check.stdout.trim();
if (version !== `paas-init ${pkg.version}`) {
  throw new Error(`build: dist/paas-init --version printed ${JSON.stringify(version)}, expected "paas-init ${pkg.version}"`);
}
if (withCodeCache) {
  if (!check.stderr.includes('code cache accepted')) {
    throw new Error(`build: dist/paas-init does not use its code cache (${check.stderr.trim()}); were build/sea/main.cjs and code-cache.mjs given different V8 flags?`);
  }
  // The pg chunk's cache, on the way a migration takes (port 1 refuses the connection).
  const state = mkdtempSync(join(tmpdir(), 'paas-init-build-'));
  const pgCheck = spawnSync(out, ['migrate', '--root', join(root, 'examples/mounts'), '--app-dir', join(root, 'examples/flask-app'), '--state-dir', state,
    '--relation', 'postgresql=postgresql://build-check@127.0.0.1:1/build-check', '--max-attempts', '1'], { encoding: 'utf8', timeout: 30_000, env: reportingEnv });
  rmSync(state, { recursive: true, force: true });
  if (!pgCheck.stderr.includes('code cache of chunk-pg accepted')) {
    throw new Error(`build: dist/paas-init does not use the pg chunk's code cache:\n${pgCheck.stderr}`);
  }
}
console.error(`build: ${out} (${version})`);
