// stopWithGrace on real processes, with short real delays.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stopWithGrace } from '../../../src/supervisor/graceful-stop.js';
import { sendSignal, spawnOwned } from '../../../src/supervisor/spawn.js';
import { stopStep } from '../../../src/supervisor/stop-steps.js';

const env = { PATH: '/usr/bin:/bin' };

function start(script: string): { target: Parameters<typeof stopWithGrace>[0]; sent: string[] } {
  const p = spawnOwned(undefined, ['/bin/sh', '-c', script], { env, cwd: '/', group: true, stdio: 'pipe' });
  const sent: string[] = [];
  return { sent, target: { send: (signal, group) => {
    sent.push(`${signal}${group ? ':group' : ''}`);
    sendSignal(p.pid!, signal, group);
  }, ended: p.ended } };
}

test('the steps of a stop: the stop signal with the grace, then SIGKILL to the group with the fail delay, then none', () => {
  const t = { graceMs: 25_000, failMs: 5000 };
  assert.deepEqual(stopStep(0, 'SIGINT', false, t), { signal: 'SIGINT', group: false, waitMs: 25_000 });
  assert.deepEqual(stopStep(1, 'SIGINT', false, t), { signal: 'SIGKILL', group: true, waitMs: 5000 });
  assert.equal(stopStep(2, 'SIGINT', false, t), undefined);
});

test('a process that ends on the stop signal is "stopped", with no SIGKILL', async () => {
  const { target, sent } = start('exec sleep 30');
  assert.equal(await stopWithGrace(target, 'SIGTERM', true, { graceMs: 10_000, failMs: 1000 }), 'stopped');
  assert.deepEqual(sent, ['SIGTERM:group']);
});

/** Waits (bounded) until `path` exists. */
async function fileAppears(path: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a process that ignores the stop signal is "killed" with SIGKILL to its group once the grace is over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-stop-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const trapped = join(dir, 'trapped');
  const { target, sent } = start(`trap '' TERM; : > ${trapped}; while :; do sleep 0.05; done`);
  await fileAppears(trapped);
  let told = 0;
  const t0 = Date.now();
  assert.equal(await stopWithGrace(target, 'SIGTERM', false, { graceMs: 200, failMs: 5000 }, () => void (told += 1)), 'killed');
  assert.ok(Date.now() - t0 >= 200 - 1, 'not before the grace');
  assert.deepEqual(sent, ['SIGTERM', 'SIGKILL:group']);
  assert.equal(told, 1);
});

test('a process that never ends is given up ("abandoned") after the fail delay', async () => {
  const sent: string[] = [];
  const never = new Promise<void>(() => undefined);
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    assert.equal(await stopWithGrace({ send: (s) => void sent.push(s), ended: never }, 'SIGINT', false, { graceMs: 20, failMs: 20 }), 'abandoned');
  } finally {
    clearInterval(keepAlive);
  }
  assert.deepEqual(sent, ['SIGINT', 'SIGKILL']);
});
