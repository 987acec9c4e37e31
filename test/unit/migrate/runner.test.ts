// The migration runner with real scripts, a real file lock and short real backoff delays.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LogEvent } from '../../../src/log/events.js';
import { Logger } from '../../../src/log/logger.js';
import { takeFileLock } from '../../../src/migrate/file-lock.js';
import { startMigration, type LockTaker, type MigrationOptions } from '../../../src/migrate/runner.js';

type Logged = LogEvent & { ts: string };

function setup(script: string, over: Partial<MigrationOptions> = {}): { o: MigrationOptions; events: Logged[]; dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
  const events: Logged[] = [];
  const logger = new Logger({ format: 'json', minLevel: 'debug', write: (line) => void events.push(JSON.parse(line) as Logged) });
  const lock: LockTaker = (signal) => takeFileLock(join(dir, 'state'), 'runner-test', logger, signal);
  const o: MigrationOptions = {
    migration: { file: 'migrate.sh', argv: ['/bin/sh', '-c', script] },
    env: { PATH: '/usr/bin:/bin', COUNT: join(dir, 'count') }, appDir: dir, maxAttempts: 5, timeoutMs: 10_000, graceMs: 1000,
    backoff: { delayMs: 50, factor: 2, limitMs: 1000, jitter: 0 }, lock, logger, reaper: undefined, random: () => 0, scrub: (m) => m,
    ...over,
  };
  return { o, events, dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fails until its `n`th run (counted in $COUNT), then succeeds. */
const succeedsOnRun = (n: number): string => `c=$(cat "$COUNT" 2>/dev/null || echo 0); c=$((c+1)); echo $c > "$COUNT"; [ $c -ge ${n} ]`;
const of = (events: Logged[], name: string): Logged[] => events.filter((e) => e.event === name);

test('a script that fails twice is retried after the backoff\'s delays, each failure logged with its wait', async () => {
  const { o, events, dir, done } = setup(succeedsOnRun(3));
  try {
    const attempts: { attempt: number; code?: number }[] = [];
    const run = startMigration({ ...o, onAttempt: (a) => attempts.push({ attempt: a.attempt, ...(a.code === undefined ? {} : { code: a.code }) }) });
    assert.equal(await run.result, true);
    await run.released;
    assert.equal(readFileSync(join(dir, 'count'), 'utf8').trim(), '3');
    assert.deepEqual(of(events, 'migration.failed').map((e) => e.event === 'migration.failed' && [e.attempt, e.code, e.retryInMs]), [[1, 1, 50], [2, 1, 100]]);
    assert.deepEqual(attempts, [{ attempt: 1 }, { attempt: 1, code: 1 }, { attempt: 2 }, { attempt: 2, code: 1 }, { attempt: 3 }, { attempt: 3, code: 0 }]);
    // Each start waited at least its delay after the failure before it (a timer never fires early).
    const failedAt = of(events, 'migration.failed').map((e) => Date.parse(e.ts));
    const startedAt = of(events, 'migration.started').map((e) => Date.parse(e.ts));
    assert.ok(startedAt[1]! - failedAt[0]! >= 50 - 1 && startedAt[2]! - failedAt[1]! >= 100 - 1, `starts ${startedAt.join(', ')} after failures ${failedAt.join(', ')}`);
    assert.equal(existsSync(join(dir, 'state', 'migrate.lock')), false, 'the lock is released');
  } finally {
    done();
  }
});

test('the attempt budget: after the last failure the run is false, and that failure names no retry', async () => {
  const { o, events, done } = setup('exit 3', { maxAttempts: 2 });
  try {
    assert.equal(await startMigration(o).result, false);
    const failed = of(events, 'migration.failed');
    assert.equal(failed.length, 2);
    assert.ok(failed[0]!.event === 'migration.failed' && failed[0]!.retryInMs === 50);
    assert.ok(failed[1]!.event === 'migration.failed' && failed[1]!.retryInMs === undefined && failed[1]!.code === 3);
  } finally {
    done();
  }
});

test('a lock that cannot be taken is a failed attempt (code -1, its reason scrubbed), retried like a failed script', async () => {
  const { o, events, done } = setup(succeedsOnRun(1));
  try {
    let calls = 0;
    const lock: LockTaker = (signal) => (++calls === 1 ? Promise.reject(new Error('connect ECONNREFUSED for user:hunter2@db')) : o.lock(signal));
    assert.equal(await startMigration({ ...o, lock, scrub: (m) => m.replace('hunter2', '<redacted>') }).result, true);
    const [failed] = of(events, 'migration.failed');
    assert.deepEqual(failed && { ...failed, ts: undefined }, { ts: undefined, level: 'error', source: 'paas-init', event: 'migration.failed', attempt: 1, code: -1, durationMs: 0, retryInMs: 50, reason: 'lock: connect ECONNREFUSED for user:<redacted>@db' });
    assert.equal(of(events, 'migration.finished').length, 1);
  } finally {
    done();
  }
});

test('an attempt past its timeout is stopped with TERM: code 143, "timed out after" its timeout, then retried', async () => {
  const { o, events, done } = setup(`c=$(cat "$COUNT" 2>/dev/null || echo 0); echo $((c+1)) > "$COUNT"; [ $c -ge 1 ] || exec sleep 30`, { timeoutMs: 200 });
  try {
    assert.equal(await startMigration(o).result, true);
    const [failed] = of(events, 'migration.failed');
    assert.ok(failed?.event === 'migration.failed' && failed.code === 143 && failed.reason === 'timed out after 200 ms', JSON.stringify(failed));
  } finally {
    done();
  }
});

test('an abort stops the script under way and ends the run with false; the locks are released', async () => {
  const { o, events, dir, done } = setup('exec sleep 30');
  try {
    const run = startMigration(o);
    while (of(events, 'migration.started').length === 0) await new Promise((r) => setTimeout(r, 10));
    run.abort();
    assert.equal(await run.result, false);
    await run.released;
    assert.ok(of(events, 'migration.failed').some((e) => e.event === 'migration.failed' && e.reason === 'stopped' && e.code === 143));
    assert.equal(existsSync(join(dir, 'state', 'migrate.lock')), false);
  } finally {
    done();
  }
});

test('an abort while backing off ends the run at once, not after the delay', async () => {
  const { o, events, done } = setup('exit 1', { backoff: { delayMs: 60_000, factor: 2, limitMs: 60_000, jitter: 0 } });
  try {
    const run = startMigration(o);
    while (of(events, 'migration.failed').length === 0) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    run.abort();
    assert.equal(await run.result, false);
    assert.ok(Date.now() - t0 < 30_000, 'the 60 s back-off was cut short');
    assert.equal(of(events, 'migration.started').length, 1);
  } finally {
    done();
  }
});
