// Builds dist/paas-init-linux-x64 and dist/paas-init-linux-arm64 (plus dist/paas-init, this
// machine's, and dist/SHA256SUMS): the bundle (build/bundle.mjs) goes into a copy of the official
// Node binary of each architecture, taken from the npm registry's pinned packages
// (build/runtime-packages.mjs), through Node's own single-executable-application (SEA) machinery.
// The machine's Node runs esbuild and postject; the embedded Node makes the SEA blob and the code
// caches, since both must match the Node that reads them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostArch, runnerFor, stripFor } from './arch.mjs';
import { bundleAll } from './bundle.mjs';
import { makeCodeCaches } from './code-caches.mjs';
import { arches, embeddedNodeVersion, pinnedFile } from './runtime-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const runtimeCache = join(dist, 'runtime');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
mkdirSync(dist, { recursive: true });

const nodeVersion = embeddedNodeVersion(root);
const { bundle, chunks } = await bundleAll(root, dist, pkg.version);
// The blob is made by the embedded Node; run here, so by the host's copy of it. Without a code
// cache or snapshot in it (useCodeCache: false) it holds only the scripts and assets, the same
// for either architecture.
const hostNode = pinnedFile(root, runtimeCache, hostArch, 'node');

/** Makes one architecture's binary and checks that it runs; returns its path. */
function buildArch(arch) {
  const node = pinnedFile(root, runtimeCache, arch, 'node');
  const caches = makeCodeCaches({ root, dist, arch, node, bundle, chunks });
  const assets = {
    'paas-init.cjs': bundle,
    'paas-init.code-cache': caches.bundle,
    // koffi's prebuilt addon cannot be loaded from inside the blob: src/supervisor/libc.ts
    // finds or writes it on disk and dlopens it.
    'koffi.node': pinnedFile(root, runtimeCache, arch, 'koffi'),
  };
  for (const [name, file] of Object.entries(chunks)) assets[`chunk-${name}.js`] = file;
  if (caches.pg !== undefined) assets['chunk-pg.code-cache'] = caches.pg;
  const seaConfig = join(dist, `sea-config-${arch}.json`);
  const blob = join(dist, `paas-init-${arch}.blob`);
  // The SEA's main is a small loader; the bundle and its code cache are assets (build/sea/main.cjs).
  writeFileSync(seaConfig, JSON.stringify({ main: join(root, 'build/sea/main.cjs'), output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, assets }));
  execFileSync(hostNode, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });

  const out = join(dist, `paas-init-linux-${arch}`);
  rmSync(out, { force: true });
  copyFileSync(node, out);
  chmodSync(out, 0o755);
  // Stripped before the blob goes in: Node's symbols are a sixth of its size and no use here.
  try {
    execFileSync(stripFor(arch), ['--strip-all', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`build: ${stripFor(arch)} ${out} failed (${e.code ?? String(e.stderr).trim()}); it comes from Debian's binutils${arch === hostArch ? '' : `-${arch === 'arm64' ? 'aarch64' : 'x86-64'}-linux-gnu`}`);
  }
  const postject = join(dirname(require.resolve('postject/package.json')), 'dist/cli.js');
  execFileSync(process.execPath, [postject, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: ['ignore', 'ignore', 'pipe'] });
  checkRuns(arch, out, caches.made);
  return out;
}

/**
 * pkg once reported success after a failed injection; never trust the step, run the result (in
 * a clean environment: V8 takes the code cache only under the flags it was made with).
 */
function checkRuns(arch, out, withCodeCache) {
  const runner = runnerFor(arch);
  if (runner.argv === undefined) throw new Error(`build: cannot run ${out} to check it: ${runner.why}; run scripts/setup.sh`);
  const [cmd, ...pre] = [...runner.argv, out];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PAAS_INIT_REPORT_CODE_CACHE: '1' };
  const check = spawnSync(cmd, [...pre, '--version'], { encoding: 'utf8', timeout: 60_000, env });
  const expected = `paas-init ${pkg.version} (node v${nodeVersion}, linux-${arch})`;
  if (check.stdout.trim() !== expected) throw new Error(`build: ${out} --version printed ${JSON.stringify(check.stdout.trim())}, expected ${JSON.stringify(expected)} (${check.stderr.trim()})`);
  if (withCodeCache && !check.stderr.includes('code cache accepted')) {
    throw new Error(`build: ${out} does not use its code cache (${check.stderr.trim()}); were build/sea/main.cjs and code-cache.mjs given different V8 flags?`);
  }
  if (!withCodeCache) return;
  // The pg chunk's cache, on the way a migration takes (port 1 refuses the connection).
  const state = mkdtempSync(join(tmpdir(), 'paas-init-build-'));
  const pgCheck = spawnSync(cmd, [...pre, 'migrate', '--root', join(root, 'examples/mounts'), '--app-dir', join(root, 'examples/flask-app'), '--state-dir', state,
    '--relation', 'postgresql=postgresql://build-check@127.0.0.1:1/build-check', '--max-attempts', '1'], { encoding: 'utf8', timeout: 60_000, env });
  rmSync(state, { recursive: true, force: true });
  if (!pgCheck.stderr.includes('code cache of chunk-pg accepted')) throw new Error(`build: ${out} does not use the pg chunk's code cache:\n${pgCheck.stderr}`);
}

const outs = arches.map(buildArch);
// dist/paas-init is this machine's binary (the tests and the example run it).
const host = join(dist, 'paas-init');
rmSync(host, { force: true });
linkSync(join(dist, `paas-init-linux-${hostArch}`), host);
const sums = outs.map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${f.slice(dist.length + 1)}\n`).join('');
writeFileSync(join(dist, 'SHA256SUMS'), sums);
console.error(`build: ${outs.join(', ')} (paas-init ${pkg.version}, node v${nodeVersion}); dist/paas-init is linux-${hostArch}'s`);
