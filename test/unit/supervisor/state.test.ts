import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../../src/log/secret.js';
import { nextBackoff, pebbleBackoff, shouldResetBackoff, withJitter } from '../../../src/supervisor/backoff.js';
import { initialState, transition, type Desired, type Effect, type MachineConfig, type SupervisorEvent, type SupervisorState } from '../../../src/supervisor/state.js';

const cfg: MachineConfig = { onExit: 'restart', graceMs: 25_000, backoff: pebbleBackoff, random: () => 0.5 };
const desired = (over: Partial<Desired> = {}): Desired => ({ blocked: undefined, envKey: new Secret('env1'), relationKey: new Secret('rel1'), hasMigration: false, command: 'app', ...over });

/** Runs events from a state; returns the final state and every effect kind (with details that matter). */
function run(events: SupervisorEvent[], from: SupervisorState = initialState, c: MachineConfig = cfg): { state: SupervisorState; effects: string[] } {
  let state = from;
  const effects: string[] = [];
  for (const e of events) {
    const step = transition(state, e, c);
    state = step.state;
    effects.push(...step.effects.map(describe));
  }
  return { state, effects };
}

function describe(e: Effect): string {
  switch (e.kind) {
    case 'log': return `log:${e.event.event}`;
    case 'signal': return `signal:${e.signal}`;
    case 'start-timer': return `timer:${e.timer}:${e.ms}`;
    case 'cancel-timer': return `cancel:${e.timer}`;
    case 'exit': return `exit:${e.code}`;
    default: return e.kind;
  }
}

const started: SupervisorEvent = { type: 'started', pid: 42, now: 1000 };

test('backoff: 0.5 s doubling to 30 s, jitter up to 10 %, reset after 30 s up', () => {
  const seq: number[] = [];
  let d = 0;
  for (let i = 0; i < 9; i++) seq.push((d = nextBackoff(d, pebbleBackoff)));
  assert.deepEqual(seq, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(withJitter(1000, pebbleBackoff, 0), 1000);
  assert.equal(withJitter(1000, pebbleBackoff, 0.999), 1100);
  assert.equal(shouldResetBackoff(29_999, pebbleBackoff), false);
  assert.equal(shouldResetBackoff(30_000, pebbleBackoff), true);
});

test('a ready plan starts the app; a blocked one logs once and waits', () => {
  assert.deepEqual(run([{ type: 'plan', desired: desired() }, started]).effects, ['spawn']);
  const blocked = run([{ type: 'plan', desired: desired({ blocked: 'missing integrations: postgresql' }) }, { type: 'plan', desired: desired({ blocked: 'missing integrations: postgresql' }) }]);
  assert.equal(blocked.state.phase, 'blocked');
  assert.deepEqual(blocked.effects, ['log:app.blocked']);
  const unblocked = run([{ type: 'plan', desired: desired() }], blocked.state);
  assert.deepEqual(unblocked.effects, ['spawn']);
});

test('migration runs before the first start and again only when relation data changes', () => {
  const m = desired({ hasMigration: true });
  const first = run([{ type: 'plan', desired: m }, { type: 'migrated', ok: true, relationKey: m.relationKey }, started]);
  assert.deepEqual(first.effects, ['migrate', 'spawn']);
  // config-only change: restart without migrating
  const cfgChange = run([{ type: 'plan', desired: { ...m, envKey: new Secret('env2') } }, { type: 'exited', pid: 42, code: 0, now: 2000 }, started], first.state);
  assert.deepEqual(cfgChange.effects, ['log:app.stopping', 'signal:SIGTERM', 'timer:kill:25000', 'cancel:kill', 'spawn']);
  // relation change: migrate again before the start
  const relChange = run([{ type: 'plan', desired: { ...m, envKey: new Secret('env3'), relationKey: new Secret('rel2') } }, { type: 'exited', pid: 42, code: 0, now: 3000 }], cfgChange.state);
  assert.deepEqual(relChange.effects, ['log:app.stopping', 'signal:SIGTERM', 'timer:kill:25000', 'cancel:kill', 'migrate']);
});

test('a failed migration run (budget spent) ends paas-init with 1', () => {
  const m = desired({ hasMigration: true });
  assert.deepEqual(run([{ type: 'plan', desired: m }, { type: 'migrated', ok: false, relationKey: m.relationKey }]).effects, ['migrate', 'exit:1']);
});

test('a required binding that disappears stops the app and blocks; migration status is reset', () => {
  const m = desired({ hasMigration: true });
  const up = run([{ type: 'plan', desired: m }, { type: 'migrated', ok: true, relationKey: m.relationKey }, started]);
  const gone = run([{ type: 'plan', desired: { ...m, blocked: 'missing integrations: postgresql' } }, { type: 'exited', pid: 42, code: 0, now: 5000 }], up.state);
  assert.deepEqual(gone.effects, ['log:app.stopping', 'signal:SIGTERM', 'timer:kill:25000', 'cancel:kill', 'log:app.blocked']);
  assert.equal(gone.state.migratedFor, undefined);
  const back = run([{ type: 'plan', desired: m }], gone.state);
  assert.deepEqual(back.effects, ['migrate']);
});

test('crash restarts back off, and the delay resets after 30 s of uptime', () => {
  const up = run([{ type: 'plan', desired: desired() }, started]);
  const crash1 = run([{ type: 'exited', pid: 42, code: 1, now: 1100 }], up.state);
  assert.deepEqual(crash1.effects, ['log:app.restart-scheduled', 'timer:backoff:525']);
  const crash2 = run([{ type: 'backoff-elapsed' }, { ...started, now: 2000 }, { type: 'exited', pid: 42, code: 1, now: 2100 }], crash1.state);
  assert.deepEqual(crash2.effects, ['spawn', 'log:app.restart-scheduled', 'timer:backoff:1050']);
  const longRun = run([{ type: 'backoff-elapsed' }, { ...started, now: 3000 }, { type: 'exited', pid: 42, code: 1, now: 33_000 }], crash2.state);
  assert.deepEqual(longRun.effects, ['spawn', 'log:app.restart-scheduled', 'timer:backoff:525']);
  assert.equal(longRun.state.restarts, 3);
});

test('on-exit exit ends paas-init with the app\'s code', () => {
  const c = { ...cfg, onExit: 'exit' as const };
  assert.deepEqual(run([{ type: 'plan', desired: desired() }, started, { type: 'exited', pid: 42, code: 3, now: 2000 }], initialState, c).effects, ['spawn', 'exit:3']);
});

test('shutdown: TERM, KILL after the grace, exit with the app\'s code; while blocked, exit 0 at once', () => {
  const up = run([{ type: 'plan', desired: desired() }, started]);
  const down = run([{ type: 'shutdown', signal: 'SIGTERM' }, { type: 'kill-elapsed' }, { type: 'exited', pid: 42, code: 137, signal: 'SIGKILL', now: 9 }], up.state);
  assert.deepEqual(down.effects, ['log:app.stopping', 'signal:SIGTERM', 'timer:kill:25000', 'log:app.killed', 'signal:SIGKILL', 'cancel:kill', 'exit:137']);
  const blocked = run([{ type: 'plan', desired: desired({ blocked: 'x' }) }, { type: 'shutdown', signal: 'SIGINT' }]);
  assert.deepEqual(blocked.effects, ['log:app.blocked', 'exit:0']);
  const migrating = run([{ type: 'plan', desired: desired({ hasMigration: true }) }, { type: 'shutdown', signal: 'SIGTERM' }, { type: 'migrated', ok: false, relationKey: new Secret('rel1') }]);
  assert.deepEqual(migrating.effects, ['migrate', 'abort-migration', 'exit:0']);
});

test('other signals are forwarded only while the app runs; unexpected events are internal errors, never ignored', () => {
  assert.deepEqual(run([{ type: 'forward', signal: 'SIGHUP' }]).effects, []);
  const up = run([{ type: 'plan', desired: desired() }, started]);
  assert.deepEqual(run([{ type: 'forward', signal: 'SIGUSR1' }], up.state).effects, ['signal:SIGUSR1']);
  assert.deepEqual(run([{ type: 'kill-elapsed' }], up.state).effects, ['log:internal.error']);
});

test('an env change while backing off starts the app at once', () => {
  const up = run([{ type: 'plan', desired: desired() }, started, { type: 'exited', pid: 42, code: 1, now: 1100 }]);
  const fixed = run([{ type: 'plan', desired: desired({ envKey: new Secret('env-fixed') }) }], up.state);
  assert.deepEqual(fixed.effects, ['cancel:backoff', 'spawn']);
});
