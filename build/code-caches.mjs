// V8's code caches inside each binary: of the bundle after a run through the common verbs
// (build/sea/code-cache.mjs), and of the pg chunk on a migration's way
// (build/sea/chunk-code-cache.mjs). V8 takes a cache only from its own version, flags and
// architecture, so each is made by the embedded Node of the binary's architecture: natively, or
// under qemu for the other one. PAAS_INIT_CODE_CACHE=0 builds without them (an empty cache:
// everything compiles on first use); so does an architecture nothing here can run.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runnerFor } from './arch.mjs';

/** Makes the caches for one architecture: the bundle's (possibly empty) and the pg chunk's, if made. */
export function makeCodeCaches({ root, dist, arch, node, bundle, chunks }) {
  const bundleCache = join(dist, `paas-init-${arch}.code-cache`);
  const runner = runnerFor(arch);
  if (process.env.PAAS_INIT_CODE_CACHE === '0' || runner.argv === undefined) {
    if (runner.argv === undefined) console.error(`build: linux-${arch} without a code cache: ${runner.why}`);
    writeFileSync(bundleCache, '');
    return { bundle: bundleCache, made: false };
  }
  // Without NODE_OPTIONS: V8 flags given there would be part of the caches' flag hash. The
  // warm-ups log as they would in use; that is shown only if one fails.
  const make = (script, ...args) => {
    const [cmd, ...pre] = [...runner.argv, node];
    try {
      execFileSync(cmd, [...pre, join(root, 'build/sea', script), ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000, killSignal: 'SIGKILL' });
    } catch (e) {
      process.stderr.write(e.stderr ?? '');
      throw new Error(`build: ${script} for linux-${arch} failed (${e.signal ?? `exit code ${e.status}`})`);
    }
  };
  make('code-cache.mjs', bundle, bundleCache);
  const pgCache = join(dist, `chunk-pg-${arch}.code-cache`);
  make('chunk-code-cache.mjs', 'pg', chunks.pg, pgCache);
  return { bundle: bundleCache, pg: pgCache, made: true };
}
