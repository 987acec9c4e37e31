// Workers and schedulers, rotate-secret-key under a running app, exec.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const recorder = resolve('test/fixtures/bin/env-recorder');
const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : []);

function project(dir: string, procfile?: string): void {
  writeFileSync(join(dir, 'charmcraft.yaml'), 'name: procs\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string, default: t1}\n');
  writeFileSync(join(dir, 'app.py'), ''); // the app folder is checked for an app
  if (procfile !== undefined) writeFileSync(join(dir, 'Procfile'), procfile);
  writeFileSync(join(dir, 'migrate.sh'), `#!/bin/bash\necho "migrated $(date +%s%N)" >> ${join(dir, 'events')}\n`);
  chmodSync(join(dir, 'migrate.sh'), 0o755);
}

describe('workers and schedulers', { skip: unshareSkip }, () => {
  for (const [unit, expectScheduler] of [['0', true], ['1', false], ['pod web-2', false], ['pod web-0', true]] as const) {
    test(`on unit ${unit}: workers run${expectScheduler ? ' and so do schedulers' : ', schedulers do not'}, with the app's env, after the migration`, async () => {
      // "pod NAME": no --unit-id; the StatefulSet ordinal of POD_NAME decides.
      const unitArgs = unit.startsWith('pod ') ? [] : ['--unit-id', unit];
      const podEnv = unit.startsWith('pod ') ? { POD_NAME: unit.slice(4) } : {};
      const t = tempDir();
      const ev = join(t.path, 'events');
      project(t.path, `web: ignored-web-command\njobs-worker: ${recorder} ${ev} FLASK_TOKEN\nbeat-scheduler: ${recorder} ${ev}.sched FLASK_TOKEN\nrelease: echo not-run\n`);
      const p = Pid1.start(['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), ...unitArgs, '--grace', '2s', '--', recorder, `${ev}.app`, 'FLASK_TOKEN'], { env: cleanEnv(podEnv) });
      try {
        await waitFor(() => (lines(ev).length >= 2 && lines(`${ev}.app`).length === 1 ? true : undefined), 10_000, () => p.stderr);
        const [migrated, worker] = lines(ev);
        assert.match(migrated!, /^migrated /);
        assert.match(worker!, / t1$/, 'the worker gets the app\'s environment');
        // The scheduler is offered in the same turn as the worker: its start is logged with the
        // worker's, and when it runs its first line follows.
        await p.waitForLog(/event=app.started pid=\d+ command="[^"]*" process=jobs-worker/);
        if (expectScheduler) await waitFor(() => (lines(`${ev}.sched`).length >= 1 ? true : undefined), 10_000, () => p.stderr);
        else assert.doesNotMatch(p.stderr, /process=beat-scheduler/);
        assert.equal(lines(`${ev}.sched`).length, expectScheduler ? 1 : 0);
        assert.match(p.stderr, /event=app.started pid=\d+ command="\/bin\/sh -c exec \S+env-recorder \S+events FLASK_TOKEN" process=jobs-worker/);
        await p.signal('SIGTERM');
        assert.equal((await p.wait()).code, 0);
      } finally {
        await p.kill();
        t.cleanup();
      }
    });
  }

  test('a crashed worker is restarted on its own; --process adds one without a Procfile', async () => {
    const t = tempDir();
    project(t.path);
    const starts = join(t.path, 'worker-starts');
    const p = Pid1.start(['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--process', `flaky-worker=sh -c 'echo x >> ${starts}; exit 3'`, '--', 'sleep', '60']);
    try {
      await waitFor(() => (lines(starts).length >= 3 ? true : undefined), 10_000, () => p.stderr);
      assert.match(p.stderr, /event=app.restart-scheduled delayMs=\d+ restarts=2 process=flaky-worker/);
      assert.doesNotMatch(p.stderr, /event=app.exited pid=\d+ code=\d+ (signal=\S+ )?uptimeMs=\d+\n/, 'the app itself never exited');
    } finally {
      await p.kill();
      t.cleanup();
    }
  });
});

describe('actions and exec', () => {
  test('rotate-secret-key writes a new key and a running app is restarted with it', { skip: unshareSkip }, async () => {
    const t = tempDir();
    project(t.path);
    const out = join(t.path, 'keys');
    const args = ['--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's')];
    const p = Pid1.start(['run', ...args, '--grace', '2s', '--', recorder, out, 'FLASK_SECRET_KEY']);
    try {
      const first = (await waitFor(() => lines(out)[0], 10_000, () => p.stderr)).split(' ')[1];
      const r = runBinary(['action', 'rotate-secret-key', ...args]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'status: success\n');
      const second = (await waitFor(() => lines(out)[1], 10_000, () => p.stderr)).split(' ')[1];
      assert.notEqual(second, first);
      assert.equal(second!.length, 86, 'token_urlsafe(64) length');
      assert.equal(p.stderr.includes(second!), false, 'the key never reaches the log');
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('rotate-secret-key refuses when the key comes from config', () => {
    const t = tempDir();
    try {
      project(t.path);
      const r = runBinary(['action', 'rotate-secret-key', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--set', 'app-secret-key=mine']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /set through app-secret-key or app-secret-key-id; change it there/);
    } finally {
      t.cleanup();
    }
  });

  test('create-superuser fails clearly for a non-Django app and when the database is unreachable', () => {
    const t = tempDir();
    try {
      project(t.path);
      const flask = runBinary(['action', 'create-superuser', '--username', 'a', '--email', 'a@b.c', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's')]);
      assert.equal(flask.code, 1);
      assert.match(flask.stderr, /this is a Django action; the app's framework is flask/);
      const django = resolve('examples/django-app');
      const down = runBinary(['action', 'create-superuser', '--username', 'a', '--email', 'a@b.c', '--root', join(t.path, 'empty-root'), '--app-dir', django, '--state-dir', join(t.path, 's'),
        '--relation', 'postgresql=postgresql://postgres:pw-that-must-not-leak@127.0.0.1:1/none'], { env: cleanEnv() });
      assert.equal(down.code, 1);
      assert.match(down.stderr, /createsuperuser --noinput failed \(exit 1\):[\s\S]*(could not connect|Connection refused)/);
      assert.equal(down.stderr.includes('pw-that-must-not-leak'), false);
      assert.equal(down.stdout, '');
    } finally {
      t.cleanup();
    }
  });

  test('exec runs a one-off command with the app\'s environment and returns its exit code', () => {
    const t = tempDir();
    try {
      project(t.path);
      const r = runBinary(['exec', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--set', 'token=xyz', '--', 'sh', '-c', 'echo "$FLASK_TOKEN in $(pwd)"; exit 7']);
      assert.equal(r.code, 7);
      assert.equal(r.stdout, `xyz in ${t.path}\n`);
      const missing = runBinary(['exec', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--', '/no/such/cmd']);
      assert.equal(missing.code, 127);
    } finally {
      t.cleanup();
    }
  });
});
