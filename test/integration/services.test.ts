// The variables paas-init gives are enough to really connect to PostgreSQL, MariaDB, Redis and
// RabbitMQ, with a user name and password full of reserved characters.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { writeVolume } from '../helpers/kubelet-volume.js';

const user = 'pi@user';
const password = 'p@ss:w/rd#1?%&';
const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
const up = {
  postgresql: sh('pg_isready', ['-q', '-h', '127.0.0.1']).status === 0,
  mysql: sh('mariadb', ['-uroot', '-h127.0.0.1', '-e', 'select 1']).status === 0,
  redis: sh('redis-cli', ['-h', '127.0.0.1', 'ping']).stdout.trim() === 'PONG',
  rabbitmq: sh('rabbitmqctl', ['-q', 'status']).status === 0,
};
const down = Object.entries(up).filter(([, ok]) => !ok).map(([k]) => k);
const skip = down.length === 0 ? false : `not running on this machine: ${down.join(', ')}`;

describe('real connections from the mapped variables', { skip }, () => {
  const t = tempDir();
  before(() => {
    // The app folder holds an app for either framework used below (Flask's app.py, Django's manage.py).
    for (const f of ['app.py', 'manage.py']) writeFileSync(join(t.path, f), '');
    sh('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `DROP ROLE IF EXISTS "${user}"; CREATE ROLE "${user}" LOGIN PASSWORD '${password}'`]);
    const q = (h: string) => `DROP USER IF EXISTS '${user}'@'${h}'; CREATE USER '${user}'@'${h}' IDENTIFIED BY '${password}'; GRANT ALL ON test.* TO '${user}'@'${h}';`;
    assert.equal(sh('mariadb', ['-uroot', '-h127.0.0.1', '-e', `CREATE DATABASE IF NOT EXISTS test; ${q('%')} ${q('localhost')} ${q('127.0.0.1')}`]).status, 0);
    assert.equal(sh('redis-cli', ['-h', '127.0.0.1', 'ACL', 'SETUSER', user, 'reset', 'on', `>${password}`, '~*', '&*', '+@all']).stdout.trim(), 'OK');
    sh('rabbitmqctl', ['-q', 'delete_user', user]);
    assert.equal(sh('rabbitmqctl', ['-q', 'add_user', user, password]).status, 0);
    assert.equal(sh('rabbitmqctl', ['-q', 'set_permissions', '-p', '/', user, '.*', '.*', '.*']).status, 0);
  });
  after(() => {
    sh('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', `DROP ROLE IF EXISTS "${user}"`]);
    sh('mariadb', ['-uroot', '-h127.0.0.1', '-e', `DROP USER IF EXISTS '${user}'@'%'; DROP USER IF EXISTS '${user}'@'localhost'; DROP USER IF EXISTS '${user}'@'127.0.0.1';`]);
    sh('redis-cli', ['-h', '127.0.0.1', 'ACL', 'DELUSER', user]);
    sh('rabbitmqctl', ['-q', 'delete_user', user]);
    t.cleanup();
  });

  test('a test app connects to all four with nothing but the variables', () => {
    writeFileSync(join(t.path, 'charmcraft.yaml'), `name: connector
extensions: [flask-framework]
requires:
  postgresql: {interface: postgresql_client}
  mysql: {interface: mysql_client}
  redis: {interface: redis}
  rabbitmq: {interface: rabbitmq}
`);
    const cred = { username: user, password };
    writeVolume(join(t.path, 'bindings', 'postgresql'), { type: 'postgresql', host: '127.0.0.1', port: '5432', database: 'test', ...cred });
    writeVolume(join(t.path, 'bindings', 'mysql'), { type: 'mysql', endpoints: '127.0.0.1:3306', database: 'test', ...cred });
    writeVolume(join(t.path, 'bindings', 'redis'), { type: 'redis', host: '127.0.0.1', port: '6379', ...cred });
    writeVolume(join(t.path, 'bindings', 'rabbitmq'), { type: 'rabbitmq', hostname: '127.0.0.1', ...cred });
    const args = ['--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's')];
    const env = JSON.parse(runBinary(['env', '--format', 'json', ...args]).stdout) as Record<string, string>;
    for (const p of ['POSTGRESQL_DB', 'MYSQL_DB', 'REDIS_DB', 'RABBITMQ']) {
      assert.equal(env[`${p}_USERNAME`], user, p);
      assert.equal(env[`${p}_PASSWORD`], password, p);
    }
    const r = runBinary(['exec', ...args, '--', process.execPath, resolve('test/fixtures/apps/connect-all.mjs')], { env: cleanEnv(), timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    const who = JSON.parse(r.stdout) as Record<string, string>;
    assert.equal(who.postgresql, user);
    assert.match(who.mysql!, /^pi@user@/);
    assert.equal(who.redis, user);
    assert.equal(who.rabbitmq, user);
  });

  test('check on a project that uses every integration reads at a glance, secrets redacted', () => {
    writeFileSync(join(t.path, 'charmcraft.yaml'), `name: everything
extensions: [django-framework]
config:
  options:
    oidc-scopes: {type: string, default: openid profile email}
requires:
  postgresql: {interface: postgresql_client}
  mysql: {interface: mysql_client, optional: true}
  mongodb: {interface: mongodb_client, optional: true}
  redis: {interface: redis}
  valkey: {interface: valkey_client, optional: true}
  rabbitmq: {interface: rabbitmq}
  s3: {interface: s3}
  saml: {interface: saml, optional: true}
  tracing: {interface: tracing, optional: true}
  smtp: {interface: smtp, optional: true}
  openfga: {interface: openfga, optional: true}
  oidc: {interface: oauth, optional: true}
  http-proxy: {interface: http_proxy, optional: true}
`);
    writeVolume(join(t.path, 'bindings', 's3'), { type: 's3', 'access-key': 'AKIA', 'secret-key': 'very-secret-s3-key', bucket: 'b' });
    writeVolume(join(t.path, 'bindings', 'tracing'), { type: 'tracing', endpoint: 'http://tempo:4318' });
    const r = runBinary(['check', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const line of [
      /^ {2}postgresql \(postgresql_client, required\) +bound from \S+: POSTGRESQL_DB_CONNECT_STRING,/m,
      /^ {2}mongodb \(mongodb_client, optional\) +missing$/m,
      /^ {2}s3 \(s3, required\) +bound from \S+: S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET$/m,
      /^ {2}tracing \(tracing, optional\) +bound from \S+: OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT$/m,
      /^ {2}S3_SECRET_KEY=<redacted> +binding \S+\/bindings\/s3$/m,
      /^ {2}POSTGRESQL_DB_PASSWORD=<redacted> +binding /m,
    ]) assert.match(r.stdout, line);
    assert.equal(/very-secret-s3-key|p@ss:w/.test(r.stdout), false);
  });
});
