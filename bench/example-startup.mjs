// Issue 6 (run as root: PID namespaces): from start to the Flask example's first HTTP 200, under `paas-init run` and with
// gunicorn started directly with the same environment (target: paas-init within 1.2x).
// Measured with the migration (paas-init runs migrate.sh; the peer runs it by hand first) and
// without (an app folder without migrate.sh); next to both, a bare Node parent doing the same
// without locks, plan or supervision, which shows how much of the budget Node alone takes.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchDir, binary, containerEnv, embeddedNode, evictFromPageCache, machineEnvNote, median, pairedRatio, row } from './lib.mjs';

// 25 rounds: on a noisy VM one command's median of 15 moved by ±10 ms between runs.
const runs = Number(process.env.BENCH_RUNS ?? 25);
const port = 18551;
const dir = benchDir('example');
const db = 'paas_init_bench_example';
spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db}`]);
spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `CREATE DATABASE ${db}`]);
const withMigration = join(dir, 'app');
const noMigration = join(dir, 'app-no-migration');
cpSync(resolve('examples/flask-app'), withMigration, { recursive: true });
cpSync(resolve('examples/flask-app'), noMigration, { recursive: true });
rmSync(join(noMigration, 'migrate.sh'));
const env = containerEnv;
evictFromPageCache([binary, embeddedNode]);
const common = ['--root', resolve('examples/mounts'), '--state-dir', join(dir, 'state'), '--port', String(port), '--relation', `postgresql=postgresql://postgres@127.0.0.1:5432/${db}`];
// Create the tables once, so that the app without migration has them too.
spawnSync(binary, ['migrate', ...common, '--app-dir', withMigration], { env, stdio: 'ignore' });
const appEnv = JSON.parse(spawnSync(binary, ['env', '--format', 'json', ...common, '--app-dir', withMigration], { env, encoding: 'utf8' }).stdout);

// Each command runs as PID 1 of its own PID namespace, as a container's ENTRYPOINT does (and as
// paas-init is meant to run: as PID 1 it loads its reaper after the app has started).
const asPid1 = (argv) => ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child', ...argv];

async function serving() {
  try {
    return (await fetch(`http://127.0.0.1:${port}/status.json`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

async function firstOk(argv, cwd, withAppEnv) {
  if (await serving()) throw new Error(`port ${port} is already serving before ${argv.join(' ')} started`);
  const t0 = performance.now();
  const p = spawn(asPid1(argv)[0], asPid1(argv).slice(1), { env: withAppEnv ? { ...env, ...appEnv } : env, cwd, stdio: 'ignore', detached: true });
  while (!(await serving())) {
    if (performance.now() - t0 > 30_000) throw new Error(`${argv.join(' ')} did not serve in 30 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  // TERM to PID 1 inside (unshare passes nothing on; --kill-child is for when the bench dies).
  spawnSync('pkill', ['-TERM', '-P', String(p.pid)]);
  await new Promise((r) => p.once('exit', r));
  return ms;
}

/** Each command once per round, in turns, so that the machine's changing load weighs on all alike. */
async function interleaved(cmds) {
  const xs = cmds.map(() => []);
  for (let i = 0; i < runs; i++) for (const [k, [argv, cwd, withAppEnv]] of cmds.entries()) xs[k].push(await firstOk(argv, cwd, withAppEnv));
  return xs;
}

async function nodeFloor() {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(embeddedNode, ['-e', '0'], { env });
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

const gunicorn = (app) => ['/usr/bin/python3', '-m', 'gunicorn', '--bind', `0.0.0.0:${port}`, '--chdir', app, '--access-logfile', '-', '--error-logfile', '-', '-k', 'sync', 'app:app'];
// The floor of any supervisor written for Node: the embedded Node, as PID 1, doing nothing but
// (running migrate.sh and then) spawning gunicorn and passing SIGTERM on. Node's own start-up and
// a Node parent's effect on gunicorn's boot are in it; paas-init's own work is what it adds.
const bareNodeParent = (argv, migrate) => [embeddedNode, '-e', `${migrate ? "if (require('child_process').spawnSync('bash', ['-eo', 'pipefail', 'migrate.sh'], { stdio: 'ignore' }).status !== 0) process.exit(1);" : ''}
const c = require('child_process').spawn(process.argv[1], process.argv.slice(2), { stdio: 'inherit' });
process.on('SIGTERM', () => c.kill('SIGTERM'));
c.on('exit', (code) => process.exit(code ?? 1));`, ...argv];
const rounds = await interleaved([
  [gunicorn(noMigration), noMigration, true],
  [bareNodeParent(gunicorn(noMigration), false), noMigration, true],
  [[binary, 'run', ...common, '--app-dir', noMigration, '--log-level', 'warn'], noMigration, false],
  [['/bin/sh', '-c', `bash -eo pipefail migrate.sh >/dev/null && exec ${gunicorn(withMigration).join(' ')}`], withMigration, true],
  [bareNodeParent(gunicorn(withMigration), true), withMigration, true],
  [[binary, 'run', ...common, '--app-dir', withMigration, '--log-level', 'warn'], withMigration, false],
]);
// Each series once by name: the medians and the round-by-round ratios read the same ones.
const [directPlainRuns, nodePlainRuns, initPlainRuns, directMigrateRuns, nodeMigrateRuns, initMigrateRuns] = rounds;
const [directPlain, nodePlain, initPlain, directMigrate, nodeMigrate, initMigrate] = rounds.map(median);
const floor = await nodeFloor();
console.log(`# Flask example: start -> first HTTP 200 (median of ${runs})`);
console.log(machineEnvNote);
console.log(row('node -e 0 (the start-up any Node binary pays)', floor, 'ms', { value: directPlain, label: 'gunicorn directly' }));
console.log(row('gunicorn directly', directPlain, 'ms'));
console.log(row('a bare Node parent spawning gunicorn (the floor of a Node supervisor)', nodePlain, 'ms', { value: directPlain, label: 'gunicorn directly' }));
console.log(row('paas-init run (no migrate.sh)', initPlain, 'ms', { value: directPlain, label: 'gunicorn directly; target <= 1.2x' }));
console.log(row('migrate.sh then gunicorn, directly', directMigrate, 'ms'));
console.log(row('a bare Node parent: migrate.sh (no lock), then gunicorn', nodeMigrate, 'ms', { value: directMigrate, label: 'the same by hand' }));
console.log(row('paas-init run (migrate.sh under its locks)', initMigrate, 'ms', { value: directMigrate, label: 'the same by hand; target <= 1.2x' }));
console.log(row('paas-init run of the example as shipped (with migrate.sh) vs gunicorn directly (no migration)', initMigrate, 'ms', { value: directPlain, label: 'gunicorn directly' }));
console.log(`  round by round, paas-init vs directly without migrate.sh: ${pairedRatio(initPlainRuns, directPlainRuns)}; with it: ${pairedRatio(initMigrateRuns, directMigrateRuns)}`);
console.log(`  round by round, paas-init vs the bare Node parent (what paas-init itself adds) without migrate.sh: ${pairedRatio(initPlainRuns, nodePlainRuns)}; with it: ${pairedRatio(initMigrateRuns, nodeMigrateRuns)}`);
spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
