// The health checker with real exec checks and short real periods.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HealthChecker, parseChecks, pebbleCheckPolicy } from '../../../src/health/checks.js';

test('check flags become checks: URLs, HOST:PORT (an empty host is 127.0.0.1, brackets dropped), shell commands', () => {
  assert.deepEqual(parseChecks(['http://127.0.0.1:8000/health'], ['db:5432', ':80', '[::1]:9'], ['test -e /ok']), [
    { kind: 'http', url: 'http://127.0.0.1:8000/health' },
    { kind: 'tcp', host: 'db', port: 5432 },
    { kind: 'tcp', host: '127.0.0.1', port: 80 },
    { kind: 'tcp', host: '::1', port: 9 },
    { kind: 'exec', argv: ['/bin/sh', '-c', 'test -e /ok'] },
  ]);
  assert.equal(parseChecks(['not a url'], [], []), '--check-http: expected an http or https URL, got "not a url"');
  assert.equal(parseChecks([], ['nohostport'], []), '--check-tcp: expected HOST:PORT with a port from 1 to 65535, got "nohostport"');
  assert.deepEqual(pebbleCheckPolicy, { periodMs: 10_000, timeoutMs: 3000, threshold: 3 });
});

test('threshold failures in a row make the check down once; a success brings it up and starts the count again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'checker-test-'));
  const ok = join(dir, 'ok');
  const seen: string[] = [];
  let resolveDown: () => void = () => undefined;
  let resolveUp: () => void = () => undefined;
  const down = new Promise<void>((r) => (resolveDown = r));
  const up = new Promise<void>((r) => (resolveUp = r));
  const checker = new HealthChecker({
    specs: parseChecks([], [], [`test -e ${ok}`]) as never, policy: { periodMs: 40, timeoutMs: 30, threshold: 2 }, reaper: undefined,
    active: () => true, env: () => ({ PATH: '/usr/bin:/bin' }), cwd: () => dir,
    onFailure: (d) => void seen.push(`failure: ${d}`),
    onDown: (d) => {
      seen.push(`down: ${d}`);
      resolveDown();
    },
    onUp: () => {
      seen.push('up');
      resolveUp();
    },
  });
  // The checker's timer does not hold the process open (paas-init's loop is held by the app): this does.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    checker.start();
    await down;
    writeFileSync(ok, '');
    await up;
    checker.stop();
    const detail = `exec /bin/sh -c test -e ${ok}: exit 1`;
    assert.deepEqual(seen.slice(0, 3), [`failure: ${detail}`, `failure: ${detail}`, `down: ${detail}`]);
    assert.equal(seen.filter((s) => s.startsWith('down')).length, 1, 'down is told once per run of failures');
    assert.equal(seen.at(-1), 'up');
  } finally {
    clearInterval(keepAlive);
    checker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no check runs while the app is not active', async () => {
  let runs = 0;
  let polls = 0;
  const checker = new HealthChecker({
    specs: parseChecks([], [], ['exit 1']) as never, policy: { periodMs: 20, timeoutMs: 10, threshold: 1 }, reaper: undefined,
    active: () => {
      polls += 1;
      return false;
    },
    env: () => ({}), cwd: () => '/', onFailure: () => void (runs += 1), onDown: () => void (runs += 1), onUp: () => undefined,
  });
  const keepAlive = setInterval(() => undefined, 1000);
  checker.start();
  while (polls < 5) await new Promise((r) => setTimeout(r, 10));
  checker.stop();
  clearInterval(keepAlive);
  assert.equal(runs, 0);
});
