// Issue 15 (root, podman): container start -> first HTTP 200 of the Flask rock (test/fixtures/rocks/)
// with paas-init mounted in as its entrypoint, next to the same image started with the rock's own
// gunicorn command as its entrypoint (target: paas-init within 1.15x). Same podman, same mounts and
// environment, rounds interleaved. paas-init migrates at every start (a new container is a new
// supervisor); the peers start on a database migrated once, and one of them runs migrate.sh first,
// which shows what the migration itself costs apart from paas-init.
import { spawn, spawnSync } from 'node:child_process';
import { median, pairedRatio, row } from './lib.mjs';
// Run with tsx (bench/run.sh does): the container tests' helpers are TypeScript.
import { containerApp, paasInitEntrypoint } from '../test/helpers/container-app.ts';
import { containerImages, podman, podmanEnv } from '../test/helpers/podman.ts';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const image = containerImages()['flask-rock'];
// The rock's inputs as the container tests mount them (config, secret, binding, charmcraft.yaml), its own database and ports.
const app = await containerApp('flask', 'bench');
const { port } = app;
const mounts = app.mounts('all');
const withPaasInit = [...paasInitEntrypoint(), ...mounts];
const paasInitArgs = [...app.portArgs, '--log-level', 'warn'];

// The app's environment as paas-init maps it in this rock, given to the peers as plain -e options;
// and the tables made once, so that the peers that do not migrate find them.
const envJson = await podman(['run', '--rm', '--network', 'host', ...withPaasInit, image, 'env', '--format', 'json']);
if (envJson.code !== 0) throw new Error(`paas-init env in the rock failed: ${envJson.stderr}`);
const appEnv = Object.entries(JSON.parse(envJson.stdout)).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
const migrated = await podman(['run', '--rm', '--network', 'host', ...appEnv, '--workdir', '/flask/app', '--entrypoint', '["bash", "-eo", "pipefail", "migrate.sh"]', image]);
if (migrated.code !== 0) throw new Error(`migrate.sh in the rock failed: ${migrated.stderr}`);

// The rock's command (its Pebble layer's flask service, default args taken), bound to the bench's port.
const rockCommand = ['/bin/python3', '-m', 'gunicorn', '-c', '/flask/gunicorn.conf.py', 'app:app', '-k', 'sync', '--bind', `0.0.0.0:${port}`];
const series = {
  'gunicorn directly (the rock\'s command as entrypoint)': [...appEnv, ...mounts, '--entrypoint', JSON.stringify(rockCommand), image],
  'migrate.sh, then gunicorn, directly': [...appEnv, ...mounts, '--workdir', '/flask/app', '--entrypoint', JSON.stringify(['/bin/sh', '-c', `bash -eo pipefail migrate.sh >/dev/null && exec ${rockCommand.join(' ')}`]), image],
  'paas-init run (as the entrypoint, migrating)': [...withPaasInit, image, 'run', ...paasInitArgs],
};

async function serving() {
  try {
    return (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

let counter = 0;
/** From `podman run -d` to the page's first 200, then the container removed. */
async function firstOk(options) {
  if (await serving()) throw new Error(`port ${port} is already serving before the container started`);
  counter += 1;
  const name = `paas-init-bench-${process.pid}-${counter}`;
  const t0 = performance.now();
  const run = spawn('podman', ['run', '-d', '--name', name, '--network', 'host', ...options], { env: podmanEnv, stdio: 'ignore' });
  const started = new Promise((r) => run.once('exit', r));
  while (!(await serving())) {
    if (performance.now() - t0 > 60_000) {
      const logs = spawnSync('podman', ['logs', name], { env: podmanEnv, encoding: 'utf8' });
      await podman(['rm', '-f', '-t', '0', name]);
      throw new Error(`${name} did not serve in 60 s:\n${logs.stdout}${logs.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  await started;
  await podman(['rm', '-f', '-t', '0', name]);
  return ms;
}

const names = Object.keys(series);
const xs = names.map(() => []);
await firstOk(series[names[0]]); // warm-up: the image's files in the page cache
for (let i = 0; i < runs; i++) for (const [k, name] of names.entries()) xs[k].push(await firstOk(series[name]));
const [directRuns, migrateRuns, initRuns] = xs;
const [direct, migrate, init] = xs.map(median);
console.log(`# Flask rock in podman (runc, host network): container start -> first HTTP 200 (median of ${runs} interleaved rounds)`);
console.log(row(names[0], direct, 'ms'));
console.log(row(names[1], migrate, 'ms', { value: direct, label: 'gunicorn directly' }));
console.log(row(names[2], init, 'ms', { value: direct, label: 'gunicorn directly; target <= 1.15x' }));
console.log(`  round by round, paas-init vs gunicorn directly: ${pairedRatio(initRuns, directRuns)}; vs migrate.sh then gunicorn: ${pairedRatio(initRuns, migrateRuns)}`);
app.cleanup();
