// Each kind of health check against real sockets and processes.
import assert from 'node:assert/strict';
import { createServer as createHttp } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { parseChecks, runCheck } from '../../src/health/checks.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

test('tcp: a listening port passes, a closed one fails with the reason', async () => {
  const server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  assert.deepEqual(await runCheck({ kind: 'tcp', host: '127.0.0.1', port }, 1000, env, '/', undefined), { ok: true, detail: 'connected' });
  await new Promise((r) => server.close(r)); // the port is closed once the callback runs
  const closed = await runCheck({ kind: 'tcp', host: '127.0.0.1', port }, 1000, env, '/', undefined);
  assert.equal(closed.ok, false);
  assert.match(closed.detail, new RegExp(`^tcp 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
});

test('http: 2xx passes, 500 fails', async () => {
  let status = 204;
  const server = createHttp((_q, s) => {
    s.statusCode = status;
    s.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  assert.equal((await runCheck({ kind: 'http', url }, 1000, env, '/', undefined)).ok, true);
  status = 500;
  assert.deepEqual(await runCheck({ kind: 'http', url }, 1000, env, '/', undefined), { ok: false, detail: `http ${url}: status 500` });
  server.close();
});

test('exec: exit 0 passes, other codes fail, a hung command is killed at the timeout', async () => {
  const [ok, bad, hung] = parseChecks([], [], ['exit 0', 'exit 3', 'sleep 30']) as [never, never, never];
  assert.equal((await runCheck(ok, 1000, env, '/', undefined)).ok, true);
  assert.deepEqual(await runCheck(bad, 1000, env, '/', undefined), { ok: false, detail: 'exec /bin/sh -c exit 3: exit 3' });
  const t0 = Date.now();
  const r = await runCheck(hung, 300, env, '/', undefined);
  assert.equal(r.ok, false);
  assert.ok(Date.now() - t0 < 3000, 'killed at the timeout');
});

test('check flags are validated', () => {
  assert.equal(parseChecks(['not a url'], [], []), '--check-http: expected an http or https URL, got "not a url"');
  assert.equal(parseChecks([], ['nohostport'], []), '--check-tcp: expected HOST:PORT with a port from 1 to 65535, got "nohostport"');
});
