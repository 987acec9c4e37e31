import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const pg = 'postgresql:\n  interface: postgresql_client';
const flask = (requires: string) => projectYaml('flask-framework', '', requires, 'flask-k8s');

function pick(env: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith(prefix)));
}

test('a Juju uris entry gives exactly the variables of paas-charm\'s unit test (tests/unit/general/test_app.py)', () => {
  const p = plan({ project: flask(pg), bindings: { postgresql: { type: 'postgresql', uris: 'postgresql://test-username:test-password@test-postgresql:5432/test-database' } } });
  assert.deepEqual(pick(envOf(p), 'POSTGRESQL_DB_'), {
    POSTGRESQL_DB_CONNECT_STRING: 'postgresql://test-username:test-password@test-postgresql:5432/test-database',
    POSTGRESQL_DB_SCHEME: 'postgresql',
    POSTGRESQL_DB_NETLOC: 'test-username:test-password@test-postgresql:5432',
    POSTGRESQL_DB_PATH: '/test-database',
    POSTGRESQL_DB_PARAMS: '',
    POSTGRESQL_DB_QUERY: '',
    POSTGRESQL_DB_FRAGMENT: '',
    POSTGRESQL_DB_USERNAME: 'test-username',
    POSTGRESQL_DB_PASSWORD: 'test-password',
    POSTGRESQL_DB_HOSTNAME: 'test-postgresql',
    POSTGRESQL_DB_PORT: '5432',
    POSTGRESQL_DB_NAME: 'test-database',
  });
  assert.deepEqual(p.blocked, []);
});

test('every way of giving PostgreSQL data yields the same URI', () => {
  const expected = 'postgresql://u:p@db.example:5432/app';
  const ways: Record<string, string>[] = [
    { type: 'postgresql', uri: expected },
    { type: 'postgresql', uris: expected },
    { type: 'postgresql', host: 'db.example', port: '5432', username: 'u', password: 'p', database: 'app' },
    { type: 'postgresql', endpoints: 'db.example:5432,db2.example:5432', username: 'u', password: 'p', database: 'app' },
  ];
  for (const b of ways) assert.equal(envOf(plan({ project: flask(pg), bindings: { postgresql: b } })).POSTGRESQL_DB_CONNECT_STRING, expected, JSON.stringify(Object.keys(b)));
  assert.equal(envOf(plan({ project: flask(pg), relations: { postgresql: expected } })).POSTGRESQL_DB_CONNECT_STRING, expected);
});

test('the database defaults to the app name when the databag has none, as paas-charm requests it', () => {
  const env = envOf(plan({ project: flask(pg), bindings: { postgresql: { type: 'postgresql', endpoints: 'h:5432', username: 'u', password: 'p' } } }));
  assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, 'postgresql://u:p@h:5432/flask-k8s');
  assert.equal(env.POSTGRESQL_DB_NAME, 'flask-k8s');
});

test('reserved characters in credentials are percent-encoded in the URI and decoded in USERNAME/PASSWORD', () => {
  for (const password of ['p@ss', 'a:b', 'x/y', 'pa#ss', 'q?r', '100%', 'sp ace', 'ü']) {
    const env = envOf(plan({ project: flask(pg), bindings: { postgresql: { type: 'postgresql', host: 'h', port: '5432', username: 'us@er', password, database: 'd' } } }));
    assert.equal(env.POSTGRESQL_DB_PASSWORD, password, password);
    assert.equal(env.POSTGRESQL_DB_USERNAME, 'us@er');
    assert.equal(env.POSTGRESQL_DB_HOSTNAME, 'h');
    assert.equal(env.POSTGRESQL_DB_PORT, '5432');
    assert.equal(env.POSTGRESQL_DB_NAME, 'd');
    const u = new URL(env.POSTGRESQL_DB_CONNECT_STRING!);
    assert.equal(decodeURIComponent(u.password), password);
    assert.equal(env.POSTGRESQL_DB_NETLOC, `us%40er:${encodeURIComponent(password)}@h:5432`);
  }
});

test('an already-encoded URI keeps its encoding in the connect string and gives the decoded password', () => {
  const env = envOf(plan({ project: flask(pg), relations: { postgresql: 'postgresql://u:p%40ss@h:5432/d' } }));
  assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, 'postgresql://u:p%40ss@h:5432/d');
  assert.equal(env.POSTGRESQL_DB_PASSWORD, 'p@ss');
});

test('IPv6 hosts keep their brackets in the URI and lose them in HOSTNAME', () => {
  const fromParts = envOf(plan({ project: flask(pg), bindings: { postgresql: { type: 'postgresql', host: '::1', port: '5432', username: 'u', password: 'p', database: 'd' } } }));
  assert.equal(fromParts.POSTGRESQL_DB_CONNECT_STRING, 'postgresql://u:p@[::1]:5432/d');
  assert.equal(fromParts.POSTGRESQL_DB_HOSTNAME, '::1');
  assert.equal(fromParts.POSTGRESQL_DB_NETLOC, 'u:p@[::1]:5432');
  const fromUri = envOf(plan({ project: flask(pg), relations: { postgresql: 'postgresql://u:p@[FE80::1]:6432/d' } }));
  assert.equal(fromUri.POSTGRESQL_DB_HOSTNAME, 'fe80::1');
  assert.equal(fromUri.POSTGRESQL_DB_PORT, '6432');
});

test('hostnames are lower-cased in HOSTNAME (urlparse) but kept in the connect string', () => {
  const env = envOf(plan({ project: flask(pg), relations: { postgresql: 'postgresql://u:p@DB.Example:5432/d?sslmode=require#frag' } }));
  assert.equal(env.POSTGRESQL_DB_HOSTNAME, 'db.example');
  assert.equal(env.POSTGRESQL_DB_QUERY, 'sslmode=require');
  assert.equal(env.POSTGRESQL_DB_FRAGMENT, 'frag');
  assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, 'postgresql://u:p@DB.Example:5432/d?sslmode=require#frag');
});

test('Redis: no NAME for an empty path, no USERNAME/PASSWORD without credentials (reference example)', () => {
  const env = envOf(plan({ project: flask('redis:\n  interface: redis'), bindings: { redis: { type: 'redis', host: '10.1.88.132', port: '6379' } } }));
  assert.deepEqual(pick(env, 'REDIS_DB_'), {
    REDIS_DB_CONNECT_STRING: 'redis://10.1.88.132:6379', REDIS_DB_SCHEME: 'redis', REDIS_DB_NETLOC: '10.1.88.132:6379', REDIS_DB_PATH: '',
    REDIS_DB_PARAMS: '', REDIS_DB_QUERY: '', REDIS_DB_FRAGMENT: '', REDIS_DB_HOSTNAME: '10.1.88.132', REDIS_DB_PORT: '6379',
  });
});

test('missing required relations block, in paas-charm order: databases in requires order, then rabbitmq, redis …', () => {
  const requires = 'redis:\n  interface: redis\nmysql:\n  interface: mysql_client\npostgresql:\n  interface: postgresql_client\nmongodb:\n  interface: mongodb_client\n  optional: true';
  const p = plan({ project: flask(requires) });
  assert.deepEqual(p.blocked.map((b) => b.message), ['missing integrations: mysql, postgresql, redis']);
  assert.deepEqual(p.problems, []);
});

test('a binding without usable data counts as missing; without "type" it is the endpoint\'s interface, with another type it is ignored and reported', () => {
  const noPassword = plan({ project: flask(pg), bindings: { postgresql: { type: 'postgresql', endpoints: 'h:5432', username: 'u' } } });
  assert.deepEqual(noPassword.blocked.map((b) => b.message), ['missing integrations: postgresql']);
  assert.equal(noPassword.relations[0]?.state, 'not-ready');
  assert.equal(noPassword.relations[0]?.note, 'password entry missing or empty');
  const emptyFolder = plan({ project: flask(pg), bindings: { postgresql: {} } });
  assert.deepEqual(emptyFolder.blocked.map((b) => b.message), ['missing integrations: postgresql']);
  assert.deepEqual(emptyFolder.problems, []);
  const noType = plan({ project: flask(pg), bindings: { postgresql: { uri: 'postgresql://u:p@h/d' } } });
  assert.deepEqual(noType.blocked, []);
  assert.deepEqual(noType.problems, []);
  assert.equal(envOf(noType).POSTGRESQL_DB_CONNECT_STRING, 'postgresql://u:p@h/d');
  const otherType = plan({ project: flask(pg), bindings: { postgresql: { type: 'mysql', uri: 'postgresql://u:p@h/d' } } });
  assert.deepEqual(otherType.blocked.map((b) => b.message), ['missing integrations: postgresql']);
  assert.deepEqual(otherType.problems.map(formatProblem), ['/r/bindings/postgresql/type: postgresql: expected type postgresql or postgres (endpoint "postgresql" has interface postgresql_client), or no type, got type "mysql"; the binding is ignored']);
});

test('a URI that does not parse is a problem that never shows the URI', () => {
  const p = plan({ project: flask(pg), bindings: { postgresql: { type: 'postgresql', uri: 'postgresql://u:pa#ss@h:5432/d' } } });
  assert.deepEqual(p.problems.map(formatProblem), ['/r/bindings/postgresql/uri: postgresql: expected a URI like postgresql://user:password@host:port/name (percent-encode reserved characters in credentials), got text that does not parse as a URI with a host']);
  assert.deepEqual(p.blocked.map((b) => b.message), ['missing integrations: postgresql']);
  assert.equal(JSON.stringify(p).includes('pa#ss'), false);
});

test('optional relations that are missing produce nothing and do not block', () => {
  const p = plan({ project: flask('postgresql:\n  interface: postgresql_client\n  optional: true') });
  assert.deepEqual(p.blocked, []);
  assert.equal(Object.keys(envOf(p)).some((k) => k.startsWith('POSTGRESQL_')), false);
});

test('integration variables are merged last and win over a user option with the same name', () => {
  const p = plan({ project: projectYaml('go-framework', '', pg).replace('extensions: [go-framework]', 'extensions: [go-framework]\nconfig:\n  options:\n    x:\n      type: string'), relations: { postgresql: 'postgresql://u:p@h:5432/d' } });
  assert.equal(envOf(p).POSTGRESQL_DB_HOSTNAME, 'h');
});

test('endpoints paas-charm does not wire are listed as unmapped and never block', () => {
  const p = plan({ project: flask('db:\n  interface: postgresql_client\ncache:\n  interface: memcached') });
  assert.deepEqual(p.blocked, []);
  assert.deepEqual(p.relations.map((r) => r.state), ['unmapped', 'unmapped']);
});

test('relationKey changes with relation data only, not with config', () => {
  const base = { project: flask(pg), relations: { postgresql: 'postgresql://u:p@h:5432/d' } };
  const a = plan(base);
  const b = plan({ ...base, config: { 'flask-env': 'x' } });
  const c = plan({ ...base, relations: { postgresql: 'postgresql://u:p2@h:5432/d' } });
  assert.equal(a.relationKey.equals(b.relationKey), true);
  assert.equal(a.relationKey.equals(c.relationKey), false);
});
