// The watcher against the real inotify (fs.watch): which events re-read the inputs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchInputs, type WatchTarget } from '../../../src/watch/input-watcher.js';

const timing = { quietMs: 10, maxDelayMs: 50, rescanMs: 600_000 };

/** Starts a watcher; `calls()` is how many re-reads it asked for so far. */
function watched(targets: WatchTarget[]): { calls: () => number; untilCalled: (n: number) => Promise<void>; close: () => void } {
  let n = 0;
  const w = watchInputs(targets, () => {
    n += 1;
    w.rearm();
  }, timing);
  return {
    calls: () => n,
    untilCalled: async (want) => {
      for (let waited = 0; n < want; waited += 10) {
        if (waited > 5000) assert.fail(`the watcher fired ${n} times, expected ${want}, within 5 s`);
        await sleep(10);
      }
    },
    close: () => w.close(),
  };
}

/**
 * A second watcher, on a folder of its own, to show that nothing happened without a sleep: the
 * events before a mark come first from the one inotify queue and start the first watcher's
 * timers first, with the same timing, so once the mark's re-read has run any of theirs would have.
 */
function marker(): { mark: () => Promise<void>; close: () => void } {
  const marks = mkdtempSync(join(tmpdir(), 'paas-init-watch-marks-'));
  const m = watched([{ dir: marks }]);
  let n = 0;
  return {
    mark: async () => {
      n += 1;
      writeFileSync(join(marks, String(n)), '');
      await m.untilCalled(n);
    },
    close: () => {
      m.close();
      rmSync(marks, { recursive: true, force: true });
    },
  };
}

test('a watched file: its own changes re-read the inputs, its neighbours\' do not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paas-init-watch-'));
  const state = join(dir, 'state');
  mkdirSync(state);
  const key = join(state, 'secret-key');
  writeFileSync(key, 'one');
  const w = watched([{ file: key }]);
  const m = marker();
  try {
    // What proper-lockfile does next to the key while a migration runs.
    mkdirSync(join(state, 'migrate.lock'));
    utimesSync(join(state, 'migrate.lock'), new Date(), new Date());
    writeFileSync(join(state, 'other'), 'x');
    await m.mark();
    assert.equal(w.calls(), 0, 'events on the neighbours of a watched file are ignored');
    // An atomic replace, as rotate-secret-key writes it.
    writeFileSync(join(state, '.secret-key.tmp'), 'two');
    rmSync(key);
    writeFileSync(key, 'two');
    await w.untilCalled(1);
  } finally {
    w.close();
    m.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a watched folder: any change in it or its sub-folders re-reads; a missing folder is seen when it appears', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paas-init-watch-'));
  const config = join(dir, 'config');
  const bindings = join(dir, 'bindings');
  mkdirSync(config);
  const w = watched([{ dir: config }, { dir: bindings }, { file: join(dir, 'state', 'secret-key') }]);
  const m = marker();
  try {
    writeFileSync(join(config, 'token'), 'one');
    await w.untilCalled(1);
    mkdirSync(join(bindings, 'postgresql'), { recursive: true });
    await w.untilCalled(2);
    writeFileSync(join(bindings, 'postgresql', 'type'), 'postgresql');
    await w.untilCalled(3);
    // The key's folder does not exist yet: its creation counts, then only the key itself.
    mkdirSync(join(dir, 'state'));
    await w.untilCalled(4);
    await m.mark(); // any late event of the folder's creation has been taken
    const before = w.calls();
    writeFileSync(join(dir, 'state', 'unrelated'), 'x');
    await m.mark();
    assert.equal(w.calls(), before, 'once the folder exists, only the key counts');
    writeFileSync(join(dir, 'state', 'secret-key'), 'k');
    await w.untilCalled(before + 1);
  } finally {
    w.close();
    m.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
