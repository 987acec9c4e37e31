import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../../src/log/secret.js';
import type { Plan } from '../../../src/plan/plan.js';
import { newRunStats } from '../../../src/status/run-stats.js';
import { parseStatusAddr } from '../../../src/status/server.js';
import { metricsText, statusDocument } from '../../../src/status/status-view.js';
import { initialState, type SupervisorState } from '../../../src/supervisor/state.js';

test('status addresses: :PORT, HOST:PORT, [IPv6]:PORT and off; anything else is refused', () => {
  const cases: [string, ReturnType<typeof parseStatusAddr>][] = [
    [':9191', { host: undefined, port: 9191 }],
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['[::1]:9191', { host: '::1', port: 9191 }],
    ['off', 'off'],
    ['9191', undefined],
    ['host:', undefined],
    ['host:123456', undefined],
  ];
  for (const [addr, want] of cases) assert.deepEqual(parseStatusAddr(addr), want, addr);
});

const plan = { blocked: [], env: [{ name: 'FLASK_TOKEN', value: new Secret('status-must-not-show-this'), source: { kind: 'config' } }] } as unknown as Plan;
const at = (over: Partial<SupervisorState>): SupervisorState => ({ ...initialState, ...over });

test('the status document says why the app is not ready, per phase, and names variables, never values', () => {
  const stats = newRunStats(1000);
  const cases: [SupervisorState | undefined, boolean, string | null][] = [
    [undefined, false, 'waiting for valid input'],
    [at({ phase: 'running', app: { pid: 7, startedAt: 0, envKey: new Secret('k') } }), true, null],
    [at({ phase: 'migrating' }), false, 'migrating'],
    [at({ phase: 'backoff', restarts: 2 }), false, 'restarting (backoff after a crash)'],
    [at({ phase: 'stopping' }), false, 'stopping'],
    [at({ phase: 'inactive' }), false, 'exited and left down (its on-success / on-failure says ignore)'],
  ];
  for (const [state, ready, reason] of cases) {
    const doc = statusDocument({ state, plan, stats, processes: [], zombiesReaped: 0 }, 4000);
    assert.deepEqual([doc.ready, doc.reason], [ready, reason], state?.phase ?? 'no state');
    assert.equal(doc.uptimeMs, 3000);
    assert.deepEqual(doc.variables, ['FLASK_TOKEN']);
    assert.doesNotMatch(JSON.stringify(doc), /status-must-not-show-this/);
  }
  const down = statusDocument({ state: cases[1]![0], plan, stats: { ...stats, checkDown: 'tcp 127.0.0.1:8000: timed out' }, processes: [], zombiesReaped: 0 }, 4000);
  assert.deepEqual([down.ready, down.reason], [false, 'check failing: tcp 127.0.0.1:8000: timed out']);
});

test('metrics: one gauge per phase with the current one at 1, restarts and reaped zombies counted', () => {
  const stats = newRunStats(0);
  const doc = statusDocument({ state: at({ phase: 'backoff', restarts: 3 }), plan, stats, processes: [], zombiesReaped: 5 }, 10);
  const text = metricsText(doc, stats);
  assert.match(text, /^paas_init_state\{state="backoff"\} 1$/m);
  assert.match(text, /^paas_init_state\{state="running"\} 0$/m);
  assert.match(text, /^paas_init_app_restarts_total 3$/m);
  assert.match(text, /^paas_init_zombies_reaped_total 5$/m);
  assert.doesNotMatch(text, /status-must-not-show-this/);
});

test('refused input: with no plan the first problem is the reason; with a running app it is listed, dated and counted while ready', () => {
  const stats = newRunStats(0);
  const problems = [
    { file: '/r/config/count', key: 'count', expected: 'an integer', found: 'string "abc"' },
    { file: '/r/secrets/apitoken', expected: 'a secret option folder', found: 'a folder no option reads', consequence: 'did you mean "api-token"?' },
  ];
  const rejected = { problems, since: Date.UTC(2026, 0, 2, 3, 4, 5) };
  const waiting = statusDocument({ state: undefined, plan: undefined, stats, processes: [], zombiesReaped: 0, rejected }, 10);
  assert.deepEqual([waiting.ready, waiting.reason], [false, 'invalid input: /r/config/count: count: expected an integer, got string "abc"']);
  assert.deepEqual(waiting.rejectedInput, {
    since: '2026-01-02T03:04:05.000Z',
    keeping: 'nothing: waiting for valid input',
    problems: ['/r/config/count: count: expected an integer, got string "abc"', '/r/secrets/apitoken: expected a secret option folder, got a folder no option reads; did you mean "api-token"?'],
  });
  const running = at({ phase: 'running', app: { pid: 7, startedAt: 0, envKey: new Secret('k') } });
  const kept = statusDocument({ state: running, plan, stats, processes: [], zombiesReaped: 0, rejected }, 10);
  assert.deepEqual([kept.ready, kept.reason, kept.rejectedInput?.keeping], [true, null, 'the last good plan']);
  const text = metricsText(kept, stats);
  assert.match(text, /^paas_init_input_rejected 1$/m);
  assert.match(text, /^paas_init_input_problems 2$/m);
  const fine = metricsText(statusDocument({ state: running, plan, stats, processes: [], zombiesReaped: 0 }, 10), stats);
  assert.match(fine, /^paas_init_input_rejected 0$/m);
  assert.match(fine, /^paas_init_input_problems 0$/m);
});
