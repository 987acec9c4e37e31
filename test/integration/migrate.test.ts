// Migrations under the lock, with real processes, real files and the real PostgreSQL.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { binary, cleanEnv, tempDir } from '../helpers/binary.js';
import { assertNoOverlap, readMigrationLog, writeMigrationApp } from '../helpers/migration-app.js';
import { Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const pgUri = 'postgresql://postgres@127.0.0.1:5432/postgres';
const pgUp = spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status === 0;
const mysqlUp = spawnSync('mariadb', ['-uroot', '-h127.0.0.1', '-e', 'select 1'], { stdio: 'ignore' }).status === 0;

/** Runs `paas-init migrate` to the end (bounded); resolves with code and stderr. */
function migrate(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{ code: number | null; stderr: string }> {
  return migrateLive(args, env, timeoutMs).done;
}

/** `paas-init migrate`, with its log readable while it runs. */
function migrateLive(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): { done: Promise<{ code: number | null; stderr: string }>; stderr: () => string } {
  const p = spawn(binary, ['migrate', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  return { done, stderr: () => stderr };
}

function fixture(requires = '') {
  const t = tempDir();
  const app = join(t.path, 'app');
  writeMigrationApp(app, requires);
  return { ...t, app, log: join(t.path, 'migrations.log'), base: ['--app-dir', app, '--root', join(t.path, 'mounts')] };
}

describe('paas-init migrate', () => {
  test('8 replicas at once sharing a state dir: every one migrates once, never two at a time', async () => {
    const f = fixture();
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => migrate([...f.base, '--state-dir', join(f.path, 'shared-state')], cleanEnv({ REPLICA: `r${i}`, MIGRATION_LOG: f.log }))));
      assert.deepEqual(results.map((r) => r.code), Array(8).fill(0), results.map((r) => r.stderr).join('\n'));
      const events = readMigrationLog(f.log);
      assertNoOverlap(events);
      assert.deepEqual(events.filter((e) => e.kind === 'start').map((e) => e.replica).sort(), Array.from({ length: 8 }, (_, i) => `r${i}`).sort());
      assert.ok(results.some((r) => /event=migration.lock-waiting lock=\S+ holder="paas-init on \S+ pid \d+"/.test(r.stderr)), 'a waiting replica says who holds the lock');
    } finally {
      f.cleanup();
    }
  });

  test('8 replicas with separate state dirs and a PostgreSQL relation: the advisory lock alone keeps them apart', { skip: pgUp ? false : 'PostgreSQL is not running on 127.0.0.1:5432' }, async () => {
    const f = fixture('postgresql');
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => migrate([...f.base, '--state-dir', join(f.path, `state-${i}`), '--relation', `postgresql=${pgUri}`], cleanEnv({ REPLICA: `r${i}`, MIGRATION_LOG: f.log }))));
      assert.deepEqual(results.map((r) => r.code), Array(8).fill(0), results.map((r) => r.stderr).join('\n'));
      assertNoOverlap(readMigrationLog(f.log));
      assert.equal(readMigrationLog(f.log).filter((e) => e.kind === 'end').length, 8);
      assert.ok(results.some((r) => /event=migration.lock-waiting lock="postgresql advisory lock -?\d+" holder="paas-init on \S+ pid \d+ \(backend pid \d+/.test(r.stderr)), 'waiters name the holder from pg_stat_activity');
    } finally {
      f.cleanup();
    }
  });

  test('with a MySQL relation instead, GET_LOCK keeps replicas with separate state dirs apart', { skip: mysqlUp ? false : 'MariaDB is not running on 127.0.0.1:3306' }, async () => {
    const f = fixture();
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(f.app, 'charmcraft.yaml'), 'name: migrating-app\nextensions: [flask-framework]\nrequires:\n  mysql: {interface: mysql_client}\n');
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => migrate([...f.base, '--state-dir', join(f.path, `state-${i}`), '--relation', 'mysql=mysql://root@127.0.0.1:3306/test'], cleanEnv({ REPLICA: `r${i}`, MIGRATION_LOG: f.log }))));
      assert.deepEqual(results.map((r) => r.code), Array(6).fill(0), results.map((r) => r.stderr).join('\n'));
      assertNoOverlap(readMigrationLog(f.log));
      assert.equal(readMigrationLog(f.log).filter((e) => e.kind === 'end').length, 6);
      assert.ok(results.some((r) => /event=migration.lock-waiting lock="mysql lock paas-init:migrate:migrating-app" holder="connection \d+"/.test(r.stderr)));
    } finally {
      f.cleanup();
    }
  });

  test('a script that fails twice is retried with backoff until it succeeds', async () => {
    const f = fixture();
    try {
      const t0 = Date.now();
      const r = await migrate([...f.base, '--state-dir', join(f.path, 's')], cleanEnv({ REPLICA: 'a', MIGRATION_LOG: f.log, FAIL_UNTIL: '3' }));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /event=migration.failed attempt=1 code=3 durationMs=\d+ retryInMs=1\d{3}\b/);
      assert.match(r.stderr, /event=migration.failed attempt=2 code=3 durationMs=\d+ retryInMs=2\d{3}\b/);
      assert.match(r.stderr, /event=migration.finished attempt=3 code=0/);
      assert.match(r.stderr, /failing on purpose \(1\)/, "the script's own output passes through");
      assert.ok(Date.now() - t0 >= 3000, 'waited 1 s then 2 s');
    } finally {
      f.cleanup();
    }
  });

  test('an attempt that hangs past --migrate-timeout is killed with its process group; the budget ends with exit 1', async () => {
    const f = fixture();
    try {
      const r = await migrate([...f.base, '--state-dir', join(f.path, 's'), '--migrate-timeout', '1s', '--grace', '500ms', '--max-attempts', '2'], cleanEnv({ REPLICA: 'a', MIGRATION_LOG: f.log, SLOW_MIGRATION: '1' }));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /event=migration.failed attempt=1 code=143 durationMs=\d+ retryInMs=\d+ reason="timed out after 1000 ms"/);
      assert.match(r.stderr, /paas-init: migrate: bash -eo pipefail migrate.sh failed 2 times \(last exit code 143\); giving up \(--max-attempts 2\)\n$/);
      await waitFor(() => (spawnSync('pgrep', ['-f', 'sleep 31.5']).status === 1 ? true : undefined), 5000, () => 'a script process is left');
    } finally {
      f.cleanup();
    }
  });

  test('after a success both locks are gone by the time migrate exits (they are released while the app starts)', { skip: pgUp ? false : 'PostgreSQL is not running on 127.0.0.1:5432' }, async () => {
    const f = fixture('postgresql');
    const state = join(f.path, 's');
    try {
      const r = await migrate([...f.base, '--state-dir', state, '--relation', `postgresql=${pgUri}`], cleanEnv({ REPLICA: 'a', MIGRATION_LOG: f.log }));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(join(state, 'migrate.lock')), false, 'the file lock is released');
      const held = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"], { encoding: 'utf8' });
      assert.equal(held.stdout.trim(), '0', 'no advisory lock is left');
    } finally {
      f.cleanup();
    }
  });

  test('SIGTERM during a migration stops the script, releases the lock and exits 143', async () => {
    const f = fixture();
    const state = join(f.path, 's');
    try {
      const p = spawn(binary, ['migrate', ...f.base, '--state-dir', state, '--grace', '1s'], { env: cleanEnv({ REPLICA: 'a', MIGRATION_LOG: f.log, SLOW_MIGRATION: '1' }), stdio: 'ignore' });
      await waitFor(() => (readMigrationLog(f.log).length > 0 ? true : undefined), 10_000, () => 'migration did not start');
      p.kill('SIGTERM');
      const code = await new Promise((r) => p.once('exit', r));
      assert.equal(code, 143);
      const next = await migrate([...f.base, '--state-dir', state], cleanEnv({ REPLICA: 'b', MIGRATION_LOG: f.log }));
      assert.equal(next.code, 0);
      assert.match(next.stderr, /event=migration.lock-acquired lock=\S+ waitedMs=\d{1,3}\b/, 'the lock was free at once');
      assert.equal(spawnSync('pgrep', ['-f', 'sleep 31.5']).status, 1);
    } finally {
      f.cleanup();
    }
  });

  test('a holder SIGKILLed mid-script leaves a stale lock that the next replica recovers', { skip: unshareSkip }, async () => {
    const f = fixture();
    const state = join(f.path, 's');
    const holder = Pid1.start(['migrate', ...f.base, '--state-dir', state], { env: cleanEnv({ REPLICA: 'dead', MIGRATION_LOG: f.log, SLOW_MIGRATION: '1' }) });
    try {
      await waitFor(() => (readMigrationLog(f.log).length > 0 ? true : undefined), 10_000, () => holder.stderr);
      const live = migrateLive([...f.base, '--state-dir', state], cleanEnv({ REPLICA: 'next', MIGRATION_LOG: f.log }), 30_000);
      const waiter = live.done;
      await waitFor(() => (/event=migration.lock-waiting /.test(live.stderr()) ? true : undefined), 10_000, live.stderr);
      await holder.signal('SIGKILL'); // PID 1 dies: the whole namespace, script included, is gone
      const r = await waiter;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /event=migration.lock-waiting .*holder="paas-init on \S+ pid 1"/);
      assert.deepEqual(readMigrationLog(f.log).map((e) => `${e.kind}:${e.replica}`), ['start:dead', 'start:next', 'end:next']);
    } finally {
      await holder.kill();
      f.cleanup();
    }
  });

  test('as PID 1, signals paas-init does not handle (ALRM, XCPU, VTALRM) neither end it nor drop the lock under a running migration', { skip: unshareSkip }, async () => {
    const f = fixture();
    const state = join(f.path, 's');
    const lockDir = join(state, 'migrate.lock');
    const holder = Pid1.start(['migrate', ...f.base, '--state-dir', state, '--grace', '1s'], { env: cleanEnv({ REPLICA: 'pid1', MIGRATION_LOG: f.log, SLOW_MIGRATION: '1' }) });
    try {
      await waitFor(() => (readMigrationLog(f.log).length > 0 ? true : undefined), 10_000, () => holder.stderr);
      assert.ok(existsSync(lockDir), 'the lock is held while migrate.sh runs');
      for (const sig of ['SIGALRM', 'SIGXCPU', 'SIGVTALRM'] as const) await holder.signal(sig);
      assert.ok(existsSync(lockDir), `the lock is still held after the signals; stderr:\n${holder.stderr}`);
      // The later event: a second replica's whole start, long after any handler of those signals ran.
      const waiter = await migrate([...f.base, '--state-dir', state, '--max-attempts', '1'], cleanEnv({ REPLICA: 'other', MIGRATION_LOG: f.log }), 1500);
      assert.match(waiter.stderr, /event=migration.lock-waiting lock=\S+migrate /, 'another replica still finds the lock taken');
      assert.ok(existsSync(lockDir), `the lock is still held after the signals; stderr:\n${holder.stderr}`);
      await holder.signal('SIGTERM');
      assert.equal((await holder.wait()).code, 143);
      assert.ok(!existsSync(lockDir), 'the lock goes when paas-init stops');
    } finally {
      await holder.kill();
      f.cleanup();
    }
  });

  test('PostgreSQL stopped during the migration and started again: retries, then success', { skip: pgUp ? false : 'PostgreSQL is not running' }, async () => {
    const f = fixture('postgresql');
    const cluster = spawnSync('sh', ['-c', 'ls /etc/postgresql | head -1'], { encoding: 'utf8' }).stdout.trim();
    const pg = (action: string) => spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'ignore', timeout: 60_000 });
    try {
      const live = migrateLive([...f.base, '--state-dir', join(f.path, 's'), '--relation', `postgresql=${pgUri}`, '--max-attempts', '10'], cleanEnv({ REPLICA: 'a', MIGRATION_LOG: f.log, PSQL_CHECK: '1.5' }), 90_000);
      const run = live.done;
      await waitFor(() => (readMigrationLog(f.log).length > 0 ? true : undefined), 10_000, () => 'migration did not start');
      pg('stop');
      // Down until the attempt under way has failed on it.
      await waitFor(() => (/event=migration.failed attempt=1 /.test(live.stderr()) ? true : undefined), 30_000, () => `attempt 1 did not fail: ${live.stderr()}`);
      pg('start');
      await waitFor(() => (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1']).status === 0 ? true : undefined), 30_000, () => 'PostgreSQL did not come back');
      const r = await run;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /event=migration.failed attempt=1 /);
      assert.doesNotMatch(r.stderr, /Warning|require\(\)/, 'no runtime warnings');
      assert.match(r.stderr, /event=migration.finished attempt=\d+ code=0/);
      assert.equal(/postgresql:\/\/postgres@/.test(r.stderr), false, 'no connect string in the log');
    } finally {
      if (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1']).status !== 0) pg('start');
      f.cleanup();
    }
  });
});

describe('paas-init run migrates before the app starts', { skip: unshareSkip }, () => {
  test('8 run replicas in separate PID namespaces sharing a state dir: one migration each, never overlapping, each app after its own', async () => {
    const f = fixture();
    const replicas = Array.from({ length: 8 }, (_, i) => Pid1.start(
      ['run', ...f.base, '--state-dir', join(f.path, 'shared'), '--grace', '2s', '--', 'sh', '-c', 'echo "app $REPLICA $(date +%s%N)" >> "$MIGRATION_LOG"; exec sleep 60'],
      { env: cleanEnv({ REPLICA: `r${i}`, MIGRATION_LOG: f.log }) },
    ));
    try {
      await waitFor(() => (readMigrationLog(f.log).filter((e) => e.kind === 'app').length === 8 ? true : undefined), 30_000, () => replicas.map((r) => r.stderr).join('\n'));
      const events = readMigrationLog(f.log);
      assertNoOverlap(events);
      for (let i = 0; i < 8; i++) {
        const mine = events.filter((e) => e.replica === `r${i}`);
        assert.deepEqual(mine.map((e) => e.kind), ['start', 'end', 'app'], `replica r${i}`);
      }
      for (const r of replicas) await r.signal('SIGTERM');
      for (const r of replicas) assert.equal((await r.wait()).code, 143, 'sleep ends on SIGTERM with 143');
    } finally {
      for (const r of replicas) await r.kill();
      f.cleanup();
    }
  });

  test('relation data changes re-run the migration; config changes and app restarts do not', { skip: pgUp ? false : 'PostgreSQL is not running' }, async () => {
    const f = fixture('postgresql');
    const { writeVolume } = await import('../helpers/kubelet-volume.js');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(f.app, 'charmcraft.yaml'), 'name: migrating-app\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string}\nrequires:\n  postgresql: {interface: postgresql_client}\n');
    const mounts = join(f.path, 'mounts');
    writeVolume(join(mounts, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    const p = Pid1.start(['run', ...f.base, '--state-dir', join(f.path, 's'), '--grace', '2s', '--', 'sh', '-c', 'echo "app $REPLICA $(date +%s%N)" >> "$MIGRATION_LOG"; exec sleep 60'], { env: cleanEnv({ REPLICA: 'x', MIGRATION_LOG: f.log }) });
    const count = (kind: string) => readMigrationLog(f.log).filter((e) => e.kind === kind).length;
    try {
      await waitFor(() => (count('app') === 1 ? true : undefined), 10_000, () => p.stderr);
      writeVolume(join(mounts, 'config'), { token: 'changed' });
      await waitFor(() => (count('app') === 2 ? true : undefined), 10_000, () => p.stderr);
      assert.equal(count('start'), 1, 'a config change restarts without migrating');
      writeVolume(join(mounts, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://postgres@127.0.0.1:5432/test' });
      await waitFor(() => (count('app') === 3 ? true : undefined), 10_000, () => p.stderr);
      assert.equal(count('start'), 2, 'new relation data migrates again');
      assert.deepEqual(readMigrationLog(f.log).map((e) => e.kind), ['start', 'end', 'app', 'app', 'start', 'end', 'app']);
      await p.signal('SIGTERM');
      await p.wait();
    } finally {
      await p.kill();
      f.cleanup();
    }
  });
});
