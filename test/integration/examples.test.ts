// The example Flask and Django apps, with real gunicorn, real PostgreSQL and the real binary as PID 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { djangoAdminLogin, pollJson } from '../helpers/http.js';
import { writeVolume } from '../helpers/kubelet-volume.js';
import { Pid1, unshareSkip } from '../helpers/pid1.js';

const pgUp = spawnSync('pg_isready', ['-q', '-h', '127.0.0.1']).status === 0;
const haveDebianPython = spawnSync('/usr/bin/python3', ['-c', 'import flask, django, gunicorn, psycopg2'], { stdio: 'ignore' }).status === 0;
const skip = unshareSkip || (!pgUp ? 'PostgreSQL is not running on 127.0.0.1:5432' : !haveDebianPython ? 'Debian python3-flask, python3-django, gunicorn, python3-psycopg2 are needed (scripts/setup.sh installs them)' : false);

interface AppState { token: string; greeting_enabled: boolean; page_size: number; api_token_keys: string[]; migration_note: string; visits: number; secret_key_sha256: string }

const psql = (sql: string) => spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qAtc', sql], { encoding: 'utf8', timeout: 20_000 });

for (const [framework, port, note] of [['flask', 18431, 'written by migrate.sh'], ['django', 18432, 'written by manage.py migrate']] as const) {
  describe(`the ${framework} example under paas-init run`, { skip }, () => {
    test('blocked, then serving with config, secret and migration; live config change; graceful stop; same secret key after a restart; create-superuser', async () => {
      const t = tempDir();
      const db = `paas_init_test_${framework}_${process.pid}`;
      // The app folder is copied so that test runs leave nothing behind in the repository.
      const app = join(t.path, 'app');
      cpSync(resolve(`examples/${framework}-app`), app, { recursive: true });
      psql(`DROP DATABASE IF EXISTS ${db}`);
      assert.equal(psql(`CREATE DATABASE ${db}`).status, 0);
      writeVolume(join(t.path, 'config'), { token: 'v1', 'page-size': '50', ...(framework === 'django' ? { 'django-allowed-hosts': '127.0.0.1, localhost' } : {}) });
      writeVolume(join(t.path, 'secrets', 'api-token'), { value: 'super-secret-api-token' });
      const args = ['--root', t.path, '--app-dir', app, '--state-dir', join(t.path, 'state'), '--port', String(port)];
      const url = `http://127.0.0.1:${port}`;
      let p = Pid1.start(['run', ...args, '--grace', '10s']);
      try {
        await p.waitForLog(/event=app.blocked msg="blocked: missing integrations: postgresql"/, 15_000);
        writeVolume(join(t.path, 'bindings', 'postgresql'), { type: 'postgresql', uri: `postgresql://postgres@127.0.0.1:5432/${db}` });
        const first = await pollJson<AppState>(`${url}/status.json`, () => true, 30_000, () => p.stderr);
        assert.deepEqual({ ...first, secret_key_sha256: undefined, visits: undefined }, {
          token: 'v1', greeting_enabled: true, page_size: 50, api_token_keys: [framework === 'flask' ? 'API_TOKEN_VALUE' : 'DJANGO_API_TOKEN_VALUE'],
          migration_note: note, visits: undefined, secret_key_sha256: undefined,
        });
        const again = await pollJson<AppState>(`${url}/status.json`, () => true, 5000, () => p.stderr);
        assert.equal(again.visits, first.visits + 1, 'the counter is kept in the database');

        writeVolume(join(t.path, 'config'), { token: 'v2', 'page-size': '50', ...(framework === 'django' ? { 'django-allowed-hosts': '127.0.0.1, localhost' } : {}) });
        const changed = await pollJson<AppState>(`${url}/status.json`, (s) => s.token === 'v2', 30_000, () => p.stderr);
        assert.equal(changed.secret_key_sha256, first.secret_key_sha256);
        assert.equal((p.stderr.match(/event=migration.started/g) ?? []).length, 1, 'a config change does not migrate');
        assert.equal(p.stderr.includes('super-secret-api-token'), false);

        if (framework === 'django') {
          const su = runBinary(['action', 'create-superuser', '--username', 'admin', '--email', 'admin@example.com', ...args], { env: cleanEnv() });
          assert.equal(su.code, 0, su.stderr);
          const password = /^password: (\S+)\n$/.exec(su.stdout)?.[1];
          assert.ok(password !== undefined && password.length >= 16, su.stdout);
          assert.equal(await djangoAdminLogin(url, 'admin', password), true, 'admin login with the printed password');
          assert.equal(await djangoAdminLogin(url, 'admin', 'wrong-password'), false);
          const dup = runBinary(['action', 'create-superuser', '--username', 'admin', '--email', 'admin@example.com', ...args], { env: cleanEnv() });
          assert.equal(dup.code, 1);
          assert.match(dup.stderr, /createsuperuser --noinput failed \(exit 1\):\n.*That username is already taken/s);
          assert.equal(dup.stdout, '');
        }

        await p.signal('SIGTERM');
        assert.equal((await p.wait(20_000)).code, 0, 'gunicorn stops gracefully: exit 0');
        assert.match(p.stderr, /Handling signal: term/);

        // A new container with the same state dir: same secret key; the migration runs again (idempotent).
        p = Pid1.start(['run', ...args, '--grace', '10s']);
        const restarted = await pollJson<AppState>(`${url}/status.json`, () => true, 30_000, () => p.stderr);
        assert.equal(restarted.secret_key_sha256, first.secret_key_sha256);
        assert.equal(restarted.migration_note, note);
        assert.match(p.stderr, /event=migration.finished attempt=1 code=0/);
        await p.signal('SIGTERM');
        assert.equal((await p.wait(20_000)).code, 0);
      } finally {
        await p.kill();
        psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        t.cleanup();
      }
    });
  });
}
