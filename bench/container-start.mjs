// Issue 15 (root, podman): container start -> first HTTP 200 of the Flask rock (test/fixtures/rocks/)
// with paas-init mounted in as its entrypoint, next to the same image started with the rock's own
// gunicorn command as its entrypoint (target: paas-init within 1.15x). Same podman, same mounts and
// environment, rounds interleaved. Two apps in the same rock:
// - the example as the rock has it, with migrate.sh: paas-init migrates at every start, as
//   paas-charm does in a new container; the peers start on a database migrated once; one runs
//   migrate.sh first and one starts all the rock's services by hand, to show what the migration and
//   the rock's other services cost apart from paas-init;
// - the same app without migrate.sh (mounted over /flask/app for every series): both sides then do
//   the same work, and the ratio is what paas-init itself adds.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const paasInitArgs = app.portArgs;

// The app's environment as paas-init maps it in this rock, given to the peers as plain -e options;
// and the tables made once, so that the peers that do not migrate find them.
const envJson = await podman(['run', '--rm', '--pull=never', '--network', 'host', ...withPaasInit, image, 'env', '--format', 'json']);
if (envJson.code !== 0) throw new Error(`paas-init env in the rock failed: ${envJson.stderr}`);
const appEnv = Object.entries(JSON.parse(envJson.stdout)).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
const migrated = await podman(['run', '--rm', '--pull=never', '--network', 'host', ...appEnv, '--workdir', '/flask/app', '--entrypoint', '["bash", "-eo", "pipefail", "migrate.sh"]', image]);
if (migrated.code !== 0) throw new Error(`migrate.sh in the rock failed: ${migrated.stderr}`);

// The rock's command (its Pebble layer's flask service, default args taken), bound to the bench's port.
const rockCommand = ['/bin/python3', '-m', 'gunicorn', '-c', '/flask/gunicorn.conf.py', 'app:app', '-k', 'sync', '--bind', `0.0.0.0:${port}`];
// All the rock's services as Pebble's order has them, started by a shell: what paas-init does, without paas-init.
const byHandScript = `/bin/statsd_exporter --statsd.listen-udp=localhost:9125 >/dev/null & bash -eo pipefail migrate.sh >/dev/null && { bash -c 'while :; do sleep 3600; done' & exec ${rockCommand.join(' ')}; }`;
// The app without its migration: the example's files but migrate.sh, readable by the rock's user.
const noMigrationApp = mkdtempSync(join(tmpdir(), 'paas-init-bench-app-'));
cpSync('examples/flask-app', noMigrationApp, { recursive: true, filter: (f) => !/(migrate\.sh|charmcraft\.yaml|__pycache__)$/.test(f) });
spawnSync('chmod', ['-R', 'a+rX', noMigrationApp]);
const noMigration = ['-v', `${noMigrationApp}:/flask/app:ro`];
const series = {
  'gunicorn directly (the rock\'s command as entrypoint)': [...appEnv, ...mounts, '--entrypoint', JSON.stringify(rockCommand), image],
  'migrate.sh, then gunicorn, directly': [...appEnv, ...mounts, '--workdir', '/flask/app', '--entrypoint', JSON.stringify(['/bin/sh', '-c', `bash -eo pipefail migrate.sh >/dev/null && exec ${rockCommand.join(' ')}`]), image],
  'by hand: statsd-exporter, migrate.sh, the worker, gunicorn': [...appEnv, ...mounts, '--workdir', '/flask/app', '--entrypoint', JSON.stringify(['/bin/sh', '-c', byHandScript]), image],
  'paas-init run (as the entrypoint, migrating)': [...withPaasInit, image, 'run', ...paasInitArgs],
  'no migration: gunicorn directly': [...appEnv, ...mounts, ...noMigration, '--entrypoint', JSON.stringify(rockCommand), image],
  'no migration: by hand: statsd-exporter, the worker, gunicorn': [...appEnv, ...mounts, ...noMigration, '--workdir', '/flask/app', '--entrypoint', JSON.stringify(['/bin/sh', '-c', byHandScript.replace('bash -eo pipefail migrate.sh >/dev/null && ', '')]), image],
  'no migration: paas-init run': [...withPaasInit, ...noMigration, image, 'run', ...paasInitArgs],
};

async function serving() {
  try {
    return (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

/** When the runtime started the container's process (wall clock, ms). */
async function startedAt(name) {
  const at = (await podman(['inspect', '--format', '{{.State.StartedAt}}', name])).stdout.trim();
  return Date.parse(at.replace(' ', 'T').replace(/(\.\d{3})\d*/, '$1').replace(/ \+0000 UTC$/, 'Z'));
}

/** Where a paas-init container's start went, from its log's timestamps (ms; NaN where an event is missing). */
async function phases(name, started, t0Wall, t200Wall) {
  const logs = (await podman(['logs', name])).stderr;
  const at = (event) => Date.parse(logs.match(new RegExp(`ts=(\\S+) level=\\S+ event=${event}`))?.[1] ?? 'none');
  const [supervisor, migrating, migrated, app] = ['supervisor\\.started', 'migration\\.started', 'migration\\.finished', 'app\\.started pid=\\d+ command="/bin/python3'].map(at);
  const start = {
    'podman run, until the container has started': started - t0Wall,
    'paas-init\'s own start, to its first log line': supervisor - started,
  };
  if (Number.isNaN(migrating)) return { ...start, 'inputs, layers, state dir, to gunicorn spawned': app - supervisor, 'gunicorn spawned, to the first 200': t200Wall - app };
  return {
    ...start,
    'inputs, layers, state dir, locks, to migrate.sh': migrating - supervisor,
    'migrate.sh': migrated - migrating,
    'gunicorn spawned, to the first 200': t200Wall - app,
  };
}

let counter = 0;
/** From `podman run -d` to the page's first 200 (and, for paas-init, where the time went), then the container removed. */
async function firstOk(options, withBreakdown = false) {
  if (await serving()) throw new Error(`port ${port} is already serving before the container started`);
  counter += 1;
  const name = `paas-init-bench-${process.pid}-${counter}`;
  const [t0, t0Wall] = [performance.now(), Date.now()];
  const run = spawn('podman', ['run', '-d', '--pull=never', '--name', name, '--network', 'host', ...options], { env: podmanEnv, stdio: 'ignore' });
  const detached = new Promise((r) => run.once('exit', r));
  while (!(await serving())) {
    if (performance.now() - t0 > 60_000) {
      const logs = spawnSync('podman', ['logs', name], { env: podmanEnv, encoding: 'utf8' });
      await podman(['rm', '-f', '-t', '0', name]);
      throw new Error(`${name} did not serve in 60 s:\n${logs.stdout}${logs.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const [ms, t200Wall] = [performance.now() - t0, Date.now()];
  await detached;
  const started = await startedAt(name);
  const breakdown = withBreakdown ? await phases(name, started, t0Wall, t200Wall) : undefined;
  await podman(['rm', '-f', '-t', '0', name]);
  return { ms, inContainer: t200Wall - started, breakdown };
}

const names = Object.keys(series);
const xs = names.map(() => []);
const inside = names.map(() => []);
const breakdowns = { migrating: [], 'no migration': [] };
await firstOk(series[names[0]]); // warm-up: the image's files in the page cache
for (let i = 0; i < runs; i++) {
  for (const [k, name] of names.entries()) {
    const { ms, inContainer, breakdown } = await firstOk(series[name], name.includes('paas-init'));
    xs[k].push(ms);
    inside[k].push(inContainer);
    if (breakdown !== undefined) breakdowns[name.startsWith('no migration') ? 'no migration' : 'migrating'].push(breakdown);
  }
}
const [directRuns, migrateRuns, byHandRuns, initRuns, bareRuns, bareByHandRuns, bareInitRuns] = xs;
const [direct, migrate, byHand, init, bare, bareByHand, bareInit] = xs.map(median);
const fromStart = (k) => `  (${median(inside[k]).toFixed(1)} ms of it from the container's start)`;
const breakdown = (list) => {
  for (const phase of Object.keys(list[0])) console.log(row(`    ${phase}`, median(list.map((b) => b[phase])), 'ms'));
};
console.log(`# Flask rock in podman (runc, host network): container start -> first HTTP 200 (median of ${runs} interleaved rounds)`);
console.log('## the rock as built: its app has migrate.sh, which paas-init runs at every start (as paas-charm does in a new container)');
console.log(row(names[0], direct, 'ms') + fromStart(0));
console.log(row(names[1], migrate, 'ms', { value: direct, label: 'gunicorn directly' }) + fromStart(1));
console.log(row(names[2], byHand, 'ms', { value: direct, label: 'gunicorn directly' }) + fromStart(2));
console.log(row(names[3], init, 'ms', { value: direct, label: 'gunicorn directly; target <= 1.15x' }) + fromStart(3));
console.log(`  round by round, paas-init vs gunicorn directly: ${pairedRatio(initRuns, directRuns)}; vs migrate.sh then gunicorn: ${pairedRatio(initRuns, migrateRuns)}; vs all of it by hand: ${pairedRatio(initRuns, byHandRuns)}`);
console.log('  where paas-init\'s start went (medians, from its log):');
breakdown(breakdowns.migrating);
console.log('## the same rock and app without migrate.sh: both sides do the same work');
console.log(row(names[4], bare, 'ms') + fromStart(4));
console.log(row(names[5], bareByHand, 'ms', { value: bare, label: 'gunicorn directly' }) + fromStart(5));
console.log(row(names[6], bareInit, 'ms', { value: bare, label: 'gunicorn directly; target <= 1.15x' }) + fromStart(6));
console.log(`  round by round, paas-init vs gunicorn directly: ${pairedRatio(bareInitRuns, bareRuns)}; vs all of it by hand: ${pairedRatio(bareInitRuns, bareByHandRuns)}`);
console.log('  where paas-init\'s start went (medians, from its log):');
breakdown(breakdowns['no migration']);
rmSync(noMigrationApp, { recursive: true, force: true });
app.cleanup();
