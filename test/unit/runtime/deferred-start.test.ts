import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeferredStart } from '../../../src/runtime/deferred-start.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once a second DeferredStart, told the same after `told`, has started: its timer is set
 * after any the first one set, with the same delay, so by then the first would have started.
 */
async function marked(told: (d: DeferredStart) => void): Promise<void> {
  let done = false;
  told(new DeferredStart(() => void (done = true)));
  await until(() => done, 'the marker start');
}

/** Waits until `done()`, for at most 5 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    assert.ok(Date.now() < deadline, `${what} did not happen`);
    await tick(20);
  }
}

test('the deferred start runs once, a moment after the last spawn; each new spawn pushes it back', async () => {
  const starts: number[] = [];
  const later = new DeferredStart(() => void starts.push(Date.now()));
  let last = Date.now();
  later.afterSpawn();
  for (let i = 0; i < 3; i++) {
    await tick(100);
    last = Date.now();
    later.afterSpawn(); // a migration, then the app: the start waits for the last
  }
  assert.deepEqual(starts, []);
  await until(() => starts.length > 0, 'the start');
  assert.ok(starts[0]! - last >= 300 - 1, `started ${starts[0]! - last} ms after the last spawn`);
  later.afterSpawn();
  await marked((d) => d.afterSpawn());
  assert.equal(starts.length, 1, 'never a second time');
});

test('a blocked or stopped app starts it at once; with nothing at all it starts after the fallback; cancel stops it for good', async () => {
  const at = (phase: string): Promise<boolean> => {
    let started = false;
    const later = new DeferredStart(() => void (started = true));
    later.followApp(phase);
    return tick(5).then(() => {
      later.cancel();
      return started;
    });
  };
  assert.deepEqual(await Promise.all(['blocked', 'backoff', 'exited', 'running', 'starting'].map(at)), [true, true, true, false, false]);
  let fallback = false;
  new DeferredStart(() => void (fallback = true));
  await until(() => fallback, 'the fallback start');
  let cancelled = false;
  const later = new DeferredStart(() => void (cancelled = true));
  later.cancel();
  later.followApp('exited');
  await marked((d) => d.followApp('exited'));
  assert.equal(cancelled, false);
});
