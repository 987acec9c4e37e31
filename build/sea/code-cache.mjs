// Makes dist/paas-init.code-cache: V8's code cache of the bundle after it has run the verbs most
// starts use (env, check, migrate, run), so that the single binary starts with their functions compiled
// (build/sea/main.cjs). Run by build/build.mjs as `node build/sea/code-cache.mjs BUNDLE OUT`; the
// verbs print as they would in use, which the build shows only if this fails.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script, constants as vmConstants } from 'node:vm';

const [bundle, out] = process.argv.slice(2).map((p) => resolve(p));
// Compiled under V8's default flags, as build/sea/main.cjs compiles it (run without NODE_OPTIONS).
// Outside the binary the chunks are dynamic imports from node_modules (src/runtime/load-chunk.ts):
// without a loader for them the migrate warm-up stopped at pg's import, short of the lock code.
const script = new Script(readFileSync(bundle, 'latin1'), { filename: 'paas-init.cjs', importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
// As in main.cjs: the bundle's free `require`.
globalThis.require = createRequire(bundle);

const examples = fileURLToPath(new URL('../../examples', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'paas-init-code-cache-'));
// An app folder with the Flask project file and app but no migrate.sh: `run` must not touch a database.
cpSync(join(examples, 'flask-app', 'charmcraft.yaml'), join(work, 'app', 'charmcraft.yaml'), { recursive: true });
cpSync(join(examples, 'flask-app', 'app.py'), join(work, 'app', 'app.py'));
const inputs = ['--root', join(examples, 'mounts'), '--state-dir', join(work, 'state')];
// A rock's Pebble layer as rockcraft writes it, so that reading a rock starts compiled too.
mkdirSync(join(work, 'layers'));
writeFileSync(join(work, 'layers', '001-rockcraft-warm-up.yaml'), [
  'services:',
  '  flask: {override: replace, startup: enabled, user: root, after: [statsd-exporter],',
  "    command: \"/bin/python3 -m gunicorn -c /flask/gunicorn.conf.py 'app:app' -k [ sync ]\"}",
  '  statsd-exporter: {override: merge, startup: enabled, user: root, command: /bin/statsd_exporter --statsd.listen-udp=localhost:9125}',
  '  warm-up-worker: {override: replace, startup: enabled, command: python3 -m worker, environment: {MODE: warm}}',
  '',
].join('\n'));
// Each with the exit code it must end with.
const warmUps = [
  [0, 'env', ...inputs, '--app-dir', join(work, 'app')],
  [0, 'env', '--format', 'json', ...inputs, '--app-dir', join(examples, 'flask-app'), '--set', 'page-size=7'],
  [0, 'check', ...inputs, '--app-dir', join(examples, 'django-app')],
  [0, 'check', ...inputs, '--app-dir', join(work, 'app'), '--pebble-layers', join(work, 'layers')],
  // The way to a migration: the file lock, the advisory key, pg's load and its Client up to the
  // connect (port 1 refuses it; no database is needed to build). Without it, every start with a
  // migration compiled pg and the lock code first: ~8 ms more before migrate.sh.
  [1, 'migrate', ...inputs, '--app-dir', join(examples, 'flask-app'), '--relation', 'postgresql=postgresql://warm-up@127.0.0.1:1/warm-up', '--max-attempts', '1'],
  [0, 'run', ...inputs, '--app-dir', join(work, 'app'), '--status-addr', 'off', '--on-exit', 'exit', '--', 'true'],
];

// Each verb ends in process.exit: here that ends the turn instead, and the next one runs the
// bundle's top level again (the same Script: its compiled functions are shared). `run` comes
// last and once: its reaper and signal handlers stay behind in this process.
const exit = process.exit;
const codes = [];
for (const [, ...argv] of warmUps) {
  process._rawDebug(`code-cache: warm-up: paas-init ${argv.join(' ')}`); // seen only if the build fails
  codes.push(await new Promise((done) => {
    process.exit = (code) => done(code ?? 0);
    process.argv = [process.execPath, bundle, ...argv];
    script.runInThisContext();
  }));
}
process.exit = exit;
rmSync(work, { recursive: true, force: true });
// The migrate warm-up ends in exit 1 whatever stops it: it counts only if it got as far as pg.
const pgLoaded = Object.keys(globalThis.require.cache).some((k) => k.includes('/node_modules/pg/'));
if (!pgLoaded) {
  process._rawDebug('code-cache: the migrate warm-up did not load pg: its exit code came from an earlier failure');
  process.exit(1);
}
if (codes.some((c, i) => c !== warmUps[i][0])) {
  process._rawDebug(`code-cache: a warm-up verb ended otherwise than expected (exit codes ${codes.join(', ')} for ${warmUps.map(([want, verb]) => `${verb} (expected ${want})`).join(', ')})`);
  process.exit(1);
}
writeFileSync(out, script.createCachedData());
process.exit(0);
