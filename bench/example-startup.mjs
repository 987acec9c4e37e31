// Issue 6: from start to the Flask example's first HTTP 200, under `paas-init run` and with
// gunicorn started directly with the same environment (target: paas-init within 1.2x).
// Measured with the migration (paas-init runs migrate.sh; the peer runs it by hand first) and
// without (an app folder without migrate.sh).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchDir, binary, median, row } from './lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 10);
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
const env = { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH}` };
const common = ['--root', resolve('examples/mounts'), '--state-dir', join(dir, 'state'), '--port', String(port), '--relation', `postgresql=postgresql://postgres@127.0.0.1:5432/${db}`];
// Create the tables once, so that the app without migration has them too.
spawnSync(binary, ['migrate', ...common, '--app-dir', withMigration], { env, stdio: 'ignore' });
const appEnv = JSON.parse(spawnSync(binary, ['env', '--format', 'json', ...common, '--app-dir', withMigration], { env, encoding: 'utf8' }).stdout);

async function firstOk(argv, cwd) {
  const t0 = performance.now();
  const p = spawn(argv[0], argv.slice(1), { env: { ...env, ...(argv[0] === binary ? {} : appEnv) }, cwd, stdio: 'ignore', detached: true });
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status.json`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) break;
    } catch { /* not yet */ }
    if (performance.now() - t0 > 30_000) throw new Error(`${argv.join(' ')} did not serve in 30 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  process.kill(-p.pid, 'SIGTERM');
  await new Promise((r) => p.once('exit', r));
  return ms;
}

async function series(argv, cwd) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await firstOk(argv, cwd));
  return median(xs);
}

async function nodeFloor() {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

const gunicorn = (app) => ['/usr/bin/python3', '-m', 'gunicorn', '--bind', `0.0.0.0:${port}`, '--chdir', app, '--access-logfile', '-', '--error-logfile', '-', '-k', 'sync', 'app:app'];
const directPlain = await series(gunicorn(noMigration), noMigration);
const initPlain = await series([binary, 'run', ...common, '--app-dir', noMigration, '--log-level', 'warn'], noMigration);
const directMigrate = await series(['/bin/sh', '-c', `bash -eo pipefail migrate.sh >/dev/null && exec ${gunicorn(withMigration).join(' ')}`], withMigration);
const initMigrate = await series([binary, 'run', ...common, '--app-dir', withMigration, '--log-level', 'warn'], withMigration);
const floor = await nodeFloor();
console.log(`# Flask example: start -> first HTTP 200 (median of ${runs})`);
console.log(row('node -e 0 (the start-up any Node binary pays)', floor, 'ms', { value: directPlain, label: 'gunicorn directly' }));
console.log(row('gunicorn directly', directPlain, 'ms'));
console.log(row('paas-init run (no migrate.sh)', initPlain, 'ms', { value: directPlain, label: 'gunicorn directly; target <= 1.2x' }));
console.log(row('migrate.sh then gunicorn, directly', directMigrate, 'ms'));
console.log(row('paas-init run (migrate.sh under its locks)', initMigrate, 'ms', { value: directMigrate, label: 'the same by hand; target <= 1.2x' }));
spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
