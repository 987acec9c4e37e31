// Secrets as Kubernetes operators write them, used as bindings unchanged; PostgreSQL TLS (ahead
// of paas-charm: its PRs #360/#361); Redis and Valkey host/port data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const pg = 'postgresql:\n  interface: postgresql_client';
const app = (requires: string) => projectYaml('flask-framework', '', requires, 'shop');

// cloudnative-pg pkg/specs/secrets.go CreateSecret: cluster "pg" in namespace "shop", no `type` key.
const cnpgApp = {
  username: 'app', user: 'app', password: 'Zk3/p+q', dbname: 'app', host: 'pg-rw', port: '5432',
  pgpass: 'pg-rw:5432:app:app:Zk3/p+q\n', uri: 'postgresql://app:Zk3%2Fp+q@pg-rw.shop:5432/app',
  'jdbc-uri': 'jdbc:postgresql://pg-rw.shop:5432/app?password=Zk3%2Fp%2Bq&user=app',
  'fqdn-uri': 'postgresql://app:Zk3%2Fp+q@pg-rw.shop.svc.cluster.local:5432/app',
  'fqdn-jdbc-uri': 'jdbc:postgresql://pg-rw.shop.svc.cluster.local:5432/app?password=Zk3%2Fp%2Bq&user=app',
};
// Crunchy PGO internal/controller/postgrescluster/postgres.go generatePostgresUserSecret: cluster "hippo".
const pgoUser = {
  host: 'hippo-primary.shop.svc', port: '5432', user: 'hippo', password: 'w0rd', verifier: 'SCRAM-SHA-256$4096:c2FsdA==$a:b', dbname: 'hippo',
  uri: 'postgresql://hippo:w0rd@hippo-primary.shop.svc:5432/hippo', 'jdbc-uri': 'jdbc:postgresql://hippo-primary.shop.svc:5432/hippo?password=w0rd&user=hippo',
};

test('CloudNativePG\'s <cluster>-app Secret binds postgresql: its uri wins, the password is decoded', () => {
  const env = envOf(plan({ project: app(pg), bindings: { postgresql: cnpgApp } }));
  assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, cnpgApp.uri);
  assert.deepEqual([env.POSTGRESQL_DB_HOSTNAME, env.POSTGRESQL_DB_PORT, env.POSTGRESQL_DB_NAME, env.POSTGRESQL_DB_USERNAME, env.POSTGRESQL_DB_PASSWORD], ['pg-rw.shop', '5432', 'app', 'app', 'Zk3/p+q']);
});

test('without its uri, the CloudNativePG Secret\'s parts (user, dbname, host, port) make the URI', () => {
  const { uri: _u, 'fqdn-uri': _f, ...parts } = cnpgApp;
  const env = envOf(plan({ project: app(pg), bindings: { postgresql: parts } }));
  assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, 'postgresql://app:Zk3%2Fp%2Bq@pg-rw:5432/app');
  assert.equal(env.POSTGRESQL_DB_PASSWORD, 'Zk3/p+q');
});

test('Crunchy PGO\'s <cluster>-pguser-<user> Secret binds postgresql, with user rather than username', () => {
  const p = plan({ project: app(pg), bindings: { postgresql: pgoUser } });
  assert.deepEqual(p.blocked, []);
  const env = envOf(p);
  assert.deepEqual([env.POSTGRESQL_DB_CONNECT_STRING, env.POSTGRESQL_DB_USERNAME, env.POSTGRESQL_DB_NAME], [pgoUser.uri, 'hippo', 'hippo']);
  const { uri: _u, ...parts } = pgoUser;
  assert.equal(envOf(plan({ project: app(pg), bindings: { postgresql: parts } })).POSTGRESQL_DB_CONNECT_STRING, pgoUser.uri);
});

test('the RabbitMQ operator\'s <cluster>-default-user Secret binds rabbitmq through its connection_string', () => {
  const secret = {
    username: 'default_user_Ab1', password: 'Pw9', 'default_user.conf': 'default_user = default_user_Ab1\ndefault_pass = Pw9\n',
    provider: 'rabbitmq', type: 'rabbitmq', host: 'rmq.shop.svc', port: '5672', connection_string: 'amqp://default_user_Ab1:Pw9@rmq.shop.svc:5672/',
  };
  const env = envOf(plan({ project: app('rabbitmq:\n  interface: rabbitmq'), bindings: { rabbitmq: secret } }));
  assert.deepEqual([env.RABBITMQ_CONNECT_STRING, env.RABBITMQ_HOSTNAME, env.RABBITMQ_USERNAME, env.RABBITMQ_PASSWORD, env.RABBITMQ_PORT], ['amqp://default_user_Ab1:Pw9@rmq.shop.svc:5672/', 'rmq.shop.svc', 'default_user_Ab1', 'Pw9', '5672']);
});

const tls: { summary: string; binding: Record<string, string>; connect: string }[] = [
  { summary: 'a binding\'s sslmode is added to its uri', binding: { uri: 'postgresql://u:p@h:5432/d', sslmode: 'verify-full' }, connect: 'postgresql://u:p@h:5432/d?sslmode=verify-full' },
  { summary: 'an sslmode in the uri is kept over the tls flag', binding: { uri: 'postgresql://u:p@h:5432/d?sslmode=disable', tls: 'True' }, connect: 'postgresql://u:p@h:5432/d?sslmode=disable' },
  { summary: 'Juju\'s tls "True" adds sslmode=require', binding: { endpoints: 'h:5432', username: 'u', password: 'p', database: 'd', tls: 'True' }, connect: 'postgresql://u:p@h:5432/d?sslmode=require' },
  { summary: 'Juju\'s tls "False" adds sslmode=disable after the query there is', binding: { uris: 'postgresql://u:p@h:5432/d?application_name=x', tls: 'False' }, connect: 'postgresql://u:p@h:5432/d?application_name=x&sslmode=disable' },
];
for (const c of tls) {
  test(`PostgreSQL TLS: ${c.summary}`, () => {
    const env = envOf(plan({ project: app(pg), bindings: { postgresql: c.binding } }));
    assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, c.connect);
    assert.equal(env.POSTGRESQL_DB_QUERY, new URL(c.connect).search.slice(1));
  });
}

test('Redis: hostname and port from the provider\'s data, leader-host over hostname; no port is no data', () => {
  const redis = app('redis:\n  interface: redis');
  assert.equal(envOf(plan({ project: redis, bindings: { redis: { hostname: '10.1.88.132', port: '6379' } } })).REDIS_DB_CONNECT_STRING, 'redis://10.1.88.132:6379');
  assert.equal(envOf(plan({ project: redis, bindings: { redis: { hostname: 'redis-1', 'leader-host': 'redis-0', port: '6379' } } })).REDIS_DB_HOSTNAME, 'redis-0');
  const noPort = plan({ project: redis, bindings: { redis: { type: 'redis', hostname: 'redis-0' } } });
  assert.deepEqual(noPort.blocked.map((b) => b.message), ['missing integrations: redis']);
  assert.equal(noPort.relations[0]?.note, 'no port entry');
});

test('Valkey: a host without a port is no data; with one, valkey://host:port', () => {
  const valkey = app('valkey:\n  interface: valkey_client\n  optional: true');
  assert.equal(plan({ project: valkey, bindings: { valkey: { hostname: 'vk' } } }).relations[0]?.state, 'not-ready');
  assert.equal(envOf(plan({ project: valkey, bindings: { valkey: { hostname: 'vk', port: '6379' } } })).VALKEY_DB_CONNECT_STRING, 'valkey://vk:6379');
});

test('Spring Boot: the binding\'s sslmode goes into spring.datasource.url too (paas-charm\'s JDBC URL has no query)', () => {
  const env = envOf(plan({ project: projectYaml('spring-boot-framework', '', pg, 'shop'), bindings: { postgresql: { uri: 'postgresql://u:p@h:5432/d', tls: 'True' } } }));
  assert.equal(env['spring.datasource.url'], 'jdbc:postgresql://h:5432/d?sslmode=require');
  assert.equal(envOf(plan({ project: projectYaml('spring-boot-framework', '', pg, 'shop'), bindings: { postgresql: { uri: 'postgresql://u:p@h:5432/d' } } }))['spring.datasource.url'], 'jdbc:postgresql://h:5432/d');
});
