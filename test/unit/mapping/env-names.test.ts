import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectStringVar, serverAddressVars } from '../../../src/mapping/env-names.js';
import { integrationFor, integrations } from '../../../src/mapping/integrations.js';

test('the variable names read back from a plan are paas-charm\'s', () => {
  assert.equal(connectStringVar('postgresql_client'), 'POSTGRESQL_DB_CONNECT_STRING');
  assert.equal(connectStringVar('mysql_client'), 'MYSQL_DB_CONNECT_STRING');
  assert.deepEqual(serverAddressVars.map((s) => [s.name, s.hostVar, s.portVar, s.defaultPort]), [
    ['postgresql', 'POSTGRESQL_DB_HOSTNAME', 'POSTGRESQL_DB_PORT', 5432],
    ['mysql', 'MYSQL_DB_HOSTNAME', 'MYSQL_DB_PORT', 3306],
    ['mongodb', 'MONGODB_DB_HOSTNAME', 'MONGODB_DB_PORT', 27017],
    ['redis', 'REDIS_DB_HOSTNAME', 'REDIS_DB_PORT', 6379],
    ['valkey', 'VALKEY_DB_HOSTNAME', 'VALKEY_DB_PORT', 6379],
    ['rabbitmq', 'RABBITMQ_HOSTNAME', 'RABBITMQ_PORT', 5672],
  ]);
});

test('an integration is wired only for its exact endpoint name and interface (oauth: any endpoint)', () => {
  const cases: [string, string, string | undefined][] = [
    ['postgresql', 'postgresql_client', 'POSTGRESQL_DB'],
    ['db', 'postgresql_client', undefined],
    ['postgresql', 'mysql_client', undefined],
    ['redis', 'redis', 'REDIS_DB'],
    ['valkey', 'valkey_client', 'VALKEY_DB'],
    ['my-idp', 'oauth', ''],
    ['s3', 's3', 'S3'],
  ];
  for (const [endpoint, iface, prefix] of cases) assert.equal(integrationFor(endpoint, iface)?.envPrefix, prefix, `${endpoint} (${iface})`);
});

test('every integration row names a distinct interface and the check order never goes back', () => {
  const ifaces = integrations.map((i) => i.interface);
  assert.equal(new Set(ifaces).size, ifaces.length);
  const orders = integrations.map((i) => i.checkOrder);
  assert.deepEqual(orders, [...orders].sort((a, b) => a - b));
});
