// Issue 5: the lock hand-off between waiting replicas (target: median < 50 ms), with the file
// lock (shared state dir) and with the PostgreSQL advisory lock (separate state dirs); and the
// time from the database becoming available to migration success under the default backoff,
// next to paas-charm's retry point (the next update-status, 5 min by default in Juju).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, binary, median, row } from './lib.mjs';

const rounds = Number(process.env.BENCH_RUNS ?? 10);
const dir = benchDir('migrate');
const app = join(dir, 'app');
const log = join(dir, 'log');
mkdirSync(app, { recursive: true });
writeFileSync(join(app, 'charmcraft.yaml'), 'name: bench-migrate\nextensions: [flask-framework]\nrequires:\n  postgresql: {interface: postgresql_client, optional: true}\n');
writeFileSync(join(app, 'migrate.sh'), '#!/bin/bash\necho "start $(date +%s%N)" >> "$LOG"\n[ -z "$PSQL" ] || psql "$POSTGRESQL_DB_CONNECT_STRING" -qc "select 1" >/dev/null\nsleep 0.1\necho "end $(date +%s%N)" >> "$LOG"\n');
chmodSync(join(app, 'migrate.sh'), 0o755);
const env = (extra = {}) => ({ ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH}`, LOG: log, ...extra });
const pg = 'postgresql://postgres@127.0.0.1:5432/postgres';

const events = [];
function migrate(args, extraEnv) {
  return new Promise((resolve) => {
    const p = spawn(binary, ['migrate', '--log-format', 'json', '--root', join(dir, 'mounts'), '--app-dir', app, ...args], { env: env(extraEnv), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.once('exit', (code) => {
      for (const line of err.split('\n')) {
        try {
          const e = JSON.parse(line);
          if (e.source === 'paas-init') events.push({ ...e, t: Date.parse(e.ts), pid: p.pid });
        } catch { /* the script's own output */ }
      }
      resolve(code);
    });
  });
}

/**
 * Lock-level hand-off, from each waiter's side: a replica that really waited (waitedMs >= 10)
 * acquires the lock this long after the latest holder finished its script (and released).
 */
function lockHandoffs(lockPrefix) {
  const ev = events.splice(0).sort((a, b) => a.t - b.t);
  const gaps = [];
  ev.forEach((e, i) => {
    if (e.event !== 'migration.lock-acquired' || !e.lock.startsWith(lockPrefix) || e.waitedMs < 10) return;
    const finished = ev.slice(0, i).reverse().find((x) => x.event === 'migration.finished');
    if (finished !== undefined && e.t - e.waitedMs < finished.t) gaps.push(e.t - finished.t);
  });
  return gaps;
}

function handoffs() {
  const ev = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, t]) => [k, BigInt(t)]);
  ev.sort((a, b) => (a[1] < b[1] ? -1 : 1));
  const gaps = [];
  for (let i = 1; i < ev.length; i++) if (ev[i - 1][0] === 'end' && ev[i][0] === 'start') gaps.push(Number(ev[i][1] - ev[i - 1][1]) / 1e6);
  return gaps;
}

async function handoffRounds(argsFor) {
  writeFileSync(log, '');
  for (let r = 0; r < rounds; r++) await Promise.all([0, 1, 2].map((i) => migrate(argsFor(r, i))));
  return handoffs();
}

const fileGaps = await handoffRounds((r) => ['--state-dir', join(dir, `shared-${r}`)]);
const fileLockGaps = lockHandoffs('/');
const pgGaps = await handoffRounds((r, i) => ['--state-dir', join(dir, `own-${r}-${i}`), '--relation', `postgresql=${pg}`]);
const pgLockGaps = lockHandoffs('postgresql');
console.log(`# migration lock (${rounds} rounds of 3 replicas at once)`);
console.log(row('lock hand-off, file lock (shared volume), median', median(fileLockGaps), 'ms') + '  (target < 50 ms)');
console.log(row('lock hand-off, PostgreSQL advisory lock, median', median(pgLockGaps), 'ms') + '  (target < 50 ms)');
console.log(row('script end -> next script start, file lock, median', median(fileGaps), 'ms') + '  (adds bash start-up and exit)');
console.log(row('script end -> next script start, PostgreSQL, median', median(pgGaps), 'ms'));

// Database down, then up: how long after it accepts connections does the migration succeed?
const cluster = spawnSync('sh', ['-c', 'ls /etc/postgresql | head -1'], { encoding: 'utf8' }).stdout.trim();
const ctl = (a) => spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', a, ...(a === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'ignore' });
const recoveries = [];
for (let r = 0; r < Number(process.env.BENCH_DB_RUNS ?? 3); r++) {
  writeFileSync(log, '');
  ctl('stop');
  events.length = 0;
  const done = migrate(['--state-dir', join(dir, `down-${r}`), '--relation', `postgresql=${pg}`, '--max-attempts', '20'], { PSQL: '1' });
  await new Promise((res) => setTimeout(res, 2500 + r * 1500)); // fail a few times first
  // Start it in the background and note the first moment it accepts connections.
  const starting = spawn('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'start'], { stdio: 'ignore' });
  while (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-t', '1']).status !== 0) await new Promise((res) => setTimeout(res, 2));
  const up = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  await new Promise((res) => (starting.exitCode !== null ? res() : starting.once('exit', res)));
  await done;
  const end = readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.startsWith('end')).map((l) => BigInt(l.split(' ')[1]))[0];
  if (end !== undefined) recoveries.push(Number(end - up) / 1e6);
}
if (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1']).status !== 0) ctl('start');
console.log(row('database up -> migration done, median', median(recoveries), 'ms', { value: 300_000, label: "paas-charm's next update-status (5 min)" }));
console.log(`  (each run: ${recoveries.map((x) => `${Math.round(x)} ms`).join(', ')}; the wait is the backoff delay current when the database returns)`);
