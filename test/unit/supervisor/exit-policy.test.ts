import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pebbleBackoff } from '../../../src/supervisor/backoff.js';
import { exitDecision, resolvePolicy, type ExitPolicy, type PolicySettings } from '../../../src/supervisor/exit-policy.js';

const project: PolicySettings = { defaults: { onExit: 'restart', graceMs: 25_000 }, flags: {} };

test('a layer\'s policy wins over paas-init\'s defaults; the backoff defaults are Pebble\'s', () => {
  assert.deepEqual(resolvePolicy(undefined, project), { onSuccess: 'restart', onFailure: 'restart', backoff: pebbleBackoff, graceMs: 25_000 });
  assert.deepEqual(resolvePolicy({ onFailure: 'shutdown', backoffDelayMs: 2000, backoffFactor: 1.5, backoffLimitMs: 10_000, killDelayMs: 3000 }, project), {
    onSuccess: 'restart', onFailure: 'shutdown', backoff: { delayMs: 2000, factor: 1.5, limitMs: 10_000, jitter: 0.1 }, graceMs: 3000,
  });
  assert.deepEqual(resolvePolicy({}, { defaults: { onExit: 'shutdown', graceMs: 25_000 }, flags: {} }).onSuccess, 'shutdown', 'plain init mode\'s default: exit with the app');
});

test('flags given on the command line win over the layer: --on-exit for both ends, --grace over kill-delay; the backoff stays the layer\'s', () => {
  const r = resolvePolicy({ onSuccess: 'ignore', onFailure: 'shutdown', backoffDelayMs: 2000, killDelayMs: 3000 }, { ...project, flags: { onExit: 'restart', graceMs: 9000 } });
  assert.deepEqual([r.onSuccess, r.onFailure, r.graceMs, r.backoff.delayMs], ['restart', 'restart', 9000, 2000]);
});

const policy = (over: Partial<ExitPolicy>): ExitPolicy => ({ onSuccess: 'restart', onFailure: 'restart', backoff: pebbleBackoff, graceMs: 5000, ...over });

test('an end is decided as Pebble decides it; the app\'s shutdown keeps its code, a service\'s gives Pebble\'s 0 or 10', () => {
  const cases: [Partial<ExitPolicy>, number, 'app' | 'service', ReturnType<typeof exitDecision>][] = [
    [{}, 0, 'app', { kind: 'restart' }],
    [{}, 1, 'service', { kind: 'restart' }],
    [{ onFailure: 'ignore' }, 1, 'service', { kind: 'leave' }],
    [{ onFailure: 'ignore' }, 0, 'service', { kind: 'restart' }],
    [{ onSuccess: 'ignore' }, 0, 'app', { kind: 'leave' }],
    [{ onFailure: 'shutdown' }, 3, 'app', { kind: 'shutdown', code: 3 }],
    [{ onFailure: 'shutdown' }, 143, 'service', { kind: 'shutdown', code: 10 }],
    [{ onSuccess: 'shutdown' }, 0, 'service', { kind: 'shutdown', code: 0 }],
    [{ onSuccess: 'shutdown' }, 0, 'app', { kind: 'shutdown', code: 0 }],
    [{ onSuccess: 'failure-shutdown' }, 0, 'app', { kind: 'shutdown', code: 10 }],
    [{ onSuccess: 'failure-shutdown' }, 0, 'service', { kind: 'shutdown', code: 10 }],
    [{ onFailure: 'success-shutdown' }, 2, 'app', { kind: 'shutdown', code: 0 }],
    [{ onFailure: 'success-shutdown' }, 2, 'service', { kind: 'shutdown', code: 0 }],
  ];
  for (const [over, code, role, expected] of cases) assert.deepEqual(exitDecision(code, policy(over), role), expected, `${JSON.stringify(over)} code ${code} ${role}`);
});
