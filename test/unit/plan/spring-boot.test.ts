// Spring Boot's properties are made from the relations' readings (src/plan/spring-boot.ts), not by
// reading the generic variables back: the mapping on its own, then where it sits in a whole plan.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret, revealValue } from '../../../src/log/secret.js';
import type { DraftVar } from '../../../src/plan/framework-env.js';
import type { BoundRelation } from '../../../src/plan/relations.js';
import { applySpringBoot, type SpringOptions } from '../../../src/plan/spring-boot.js';
import { splitServiceUri } from '../../../src/plan/service-uri.js';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const opts: SpringOptions = { profiles: undefined, metricsPort: undefined, metricsPath: '/actuator/prometheus', baseUrl: 'http://localhost:8080', stateDir: '/app', options: new Map() };
const source = { kind: 'binding', endpoint: 'x', path: '/b/x' } as const;

function relation(iface: string, endpoint: string, reading: BoundRelation['reading'], vars: string[] = []): BoundRelation {
  return { endpoint, interface: iface, source: { ...source, endpoint }, reading, vars };
}

function run(relations: BoundRelation[], env = new Map<string, DraftVar>(), o: Partial<SpringOptions> = {}): Record<string, string> {
  applySpringBoot(env, relations, { ...opts, ...o });
  return Object.fromEntries([...env.values()].map((v) => [v.name, revealValue(v.value)]));
}

test('the JDBC URL and credentials come from the relation\'s URI, with no variable to read', () => {
  const uri = splitServiceUri('postgresql://u:p%40ss@pg:5432/db?sslmode=require&x=1')!;
  const env = run([relation('postgresql_client', 'postgresql', { uri, fields: new Map() })]);
  assert.equal(env['spring.datasource.url'], 'jdbc:postgresql://pg:5432/db?sslmode=require');
  assert.equal(env['spring.datasource.username'], 'u');
  assert.equal(env['spring.datasource.password'], 'p@ss');
  assert.equal(env['spring.jpa.hibernate.ddl-auto'], 'none');
});

test('MySQL\'s JDBC URL keeps no query, and one without a port names none', () => {
  const uri = splitServiceUri('mysql://u:p@my/shop?sslmode=require')!;
  assert.equal(run([relation('mysql_client', 'mysql', { uri, fields: new Map() })])['spring.datasource.url'], 'jdbc:mysql://my/shop');
});

test('a relation that Spring maps its own way loses exactly the variables it gave, wherever they sit', () => {
  const uri = splitServiceUri('mongodb://u:p@m:27017/app')!;
  const env = new Map<string, DraftVar>([
    ['APP_MONGODB_DB_NOTE', { name: 'APP_MONGODB_DB_NOTE', value: 'mine', source: { kind: 'default' } }],
    ['MONGODB_DB_CONNECT_STRING', { name: 'MONGODB_DB_CONNECT_STRING', value: new Secret(uri.connectString), source }],
    ['MONGODB_DB_HOSTNAME', { name: 'MONGODB_DB_HOSTNAME', value: 'm', source }],
  ]);
  const out = run([relation('mongodb_client', 'mongodb', { uri, fields: new Map() }, ['MONGODB_DB_CONNECT_STRING', 'MONGODB_DB_HOSTNAME'])], env);
  assert.equal(out['spring.data.mongodb.uri'], 'mongodb://u:p@m:27017/app');
  assert.equal('MONGODB_DB_CONNECT_STRING' in out || 'MONGODB_DB_HOSTNAME' in out, false);
  assert.equal(out.APP_MONGODB_DB_NOTE, 'mine');
});

test('credentials stay secret in the Spring properties', () => {
  const uri = splitServiceUri('redis://user:pw@r:6380')!;
  const env = new Map<string, DraftVar>();
  applySpringBoot(env, [relation('redis', 'redis', { uri, fields: new Map() })], opts);
  assert.ok(env.get('spring.data.redis.password')?.value instanceof Secret);
  assert.ok(env.get('spring.data.redis.url')?.value instanceof Secret);
  assert.equal(env.get('spring.data.redis.host')?.value, 'r');
});

test('SMTP whose host paas-charm drops ("none") maps to no spring.mail property and keeps its variables', () => {
  const env = envOf(plan({ project: projectYaml('spring-boot-framework', '', 'smtp: {interface: smtp}', 'shop'), bindings: { smtp: { host: 'none', port: '25' } } }));
  assert.equal(env.SMTP_PORT, '25');
  assert.equal(Object.keys(env).some((k) => k.startsWith('spring.mail.')), false);
});

test('a tracing relation keeps the OpenTelemetry exporters on; without it they are none', () => {
  const requires = 'tracing: {interface: tracing}';
  const bound = envOf(plan({ project: projectYaml('spring-boot-framework', '', requires, 'shop'), bindings: { tracing: { endpoint: 'http://tempo:4318' } } }));
  assert.equal(bound.OTEL_TRACES_EXPORTER, undefined);
  assert.equal(bound.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://tempo:4318/');
  const unbound = envOf(plan({ project: projectYaml('spring-boot-framework', '', requires, 'shop') }));
  assert.deepEqual([unbound.OTEL_TRACES_EXPORTER, unbound.OTEL_METRICS_EXPORTER, unbound.OTEL_LOGS_EXPORTER], ['none', 'none', 'none']);
});

test('OAuth\'s redirect path and user-name attribute come from the endpoint\'s options; the registration id has dashes', () => {
  const p = plan({
    project: projectYaml('spring-boot-framework', '', 'my_auth: {interface: oauth}', 'shop'),
    bindings: { my_auth: { client_id: 'c', client_secret: 's', issuer_url: 'https://i' } },
    config: { 'my_auth-redirect-path': '/back', 'my_auth-user-name-attribute': 'email', 'my_auth-scopes': 'openid email' },
  }, { baseUrl: 'https://shop.example/' });
  const env = envOf(p);
  const reg = 'spring.security.oauth2.client.registration.my-auth';
  assert.equal(env[`${reg}.redirect-uri`], 'https://shop.example/back');
  assert.equal(env[`${reg}.user-name-attribute`], 'email');
  assert.equal(env[`${reg}.scope`], 'openid,email');
  assert.equal(Object.keys(env).some((k) => k.startsWith('APP_MY_AUTH_') && !/REDIRECT_PATH|USER_NAME_ATTRIBUTE|SCOPES/.test(k)), false);
});

test('the properties come after the variables in the order paas-charm sets them', () => {
  const requires = ['postgresql: {interface: postgresql_client}', 'redis: {interface: redis}'].join('\n');
  const p = plan({ project: projectYaml('spring-boot-framework', '', requires, 'shop', 'ubuntu@26.04'), bindings: { postgresql: { uri: 'postgresql://u:p@pg/db' }, redis: { uri: 'redis://r:6379' } } });
  const names = p.env.map((v) => v.name).filter((n) => n.includes('.') || n.startsWith('POSTGRESQL_DB_CONNECT') || n.startsWith('OTEL_'));
  assert.deepEqual(names, [
    'POSTGRESQL_DB_CONNECT_STRING', 'spring.datasource.url', 'spring.jpa.hibernate.ddl-auto', 'spring.datasource.username', 'spring.datasource.password',
    'spring.data.redis.url', 'spring.data.redis.host', 'spring.data.redis.port',
    'OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER',
    'management.endpoints.web.exposure.include', 'management.server.port', 'management.endpoints.web.base-path', 'management.endpoints.web.path-mapping.prometheus',
    'server.forward-headers-strategy',
  ]);
});
