import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Secret } from '../../../src/log/secret.js';
import { nextBackoff, pebbleBackoff, shouldResetBackoff, withJitter } from '../../../src/supervisor/backoff.js';
import { initialState, transition, type Desired, type Effect, type MachineConfig, type Phase, type SupervisorEvent, type SupervisorState } from '../../../src/supervisor/state.js';

const cfg: MachineConfig = { onExit: 'restart', graceMs: 25_000, failMs: 5000, signalGroup: false, backoff: pebbleBackoff, random: () => 0.5 };
const desired = (over: Partial<Desired> = {}): Desired => ({ blocked: undefined, envKey: new Secret('env1'), relationKey: new Secret('rel1'), hasMigration: false, ...over });

/** Runs events from a state; returns the final state and every effect, described. */
function run(events: SupervisorEvent[], from: SupervisorState = initialState, c: MachineConfig = cfg): { state: SupervisorState; effects: string[]; raw: Effect[] } {
  let state = from;
  const raw: Effect[] = [];
  for (const e of events) {
    const step = transition(state, e, c);
    state = step.state;
    raw.push(...step.effects);
  }
  return { state, effects: raw.map(describe), raw };
}

/** An effect as the transition table at the top of state.ts spells it. */
function describe(e: Effect): string {
  switch (e.kind) {
    case 'log': return `log:${e.event.event}`;
    case 'signal': return `signal:${e.signal}${e.group ? ':group' : ''}`;
    case 'start-timer': return `timer:${e.timer}`;
    case 'cancel-timer': return `cancel:${e.timer}`;
    case 'exit': return `exit:${e.code}`;
    default: return e.kind;
  }
}

const reach = (events: SupervisorEvent[], c: MachineConfig = cfg): SupervisorState => run(events, initialState, c).state;
const ready = desired();
const blocked = desired({ blocked: 'missing integrations: postgresql' });
const migrating = desired({ hasMigration: true });
const plan = (d: Desired): SupervisorEvent => ({ type: 'plan', desired: d });
const started: SupervisorEvent = { type: 'started', pid: 42, now: 1000 };
const exited = (code: number, over: Partial<{ pid: number; signal: string; now: number }> = {}): SupervisorEvent => ({ type: 'exited', pid: 42, code, now: 2000, ...over });
const shutdown = (signal = 'SIGTERM', now = 1500): SupervisorEvent => ({ type: 'shutdown', signal, now });
const stopElapsed: SupervisorEvent = { type: 'stop-elapsed', now: 30_000 };
const migrated = (ok: boolean): SupervisorEvent => ({ type: 'migrated', ok, relationKey: new Secret('rel1'), now: 1200 });

const running = reach([plan(ready), started]);
const stoppingForShutdown = reach([plan(ready), started, shutdown('SIGINT')]);
const stoppingForRestart = reach([plan(ready), started, plan(desired({ envKey: new Secret('env2') }))]);

/** Stopping for a restart, SIGKILL sent: the next stop-elapsed gives the app (pid 42) up. */
const givenUpForRestart = run([stopElapsed], stoppingForRestart).state;

/** For each row of the table (phase, event, when): the state it starts from and the event. */
const fixtures: Record<string, { from: SupervisorState; event: SupervisorEvent; cfg?: MachineConfig }> = {
  'waiting plan blocked': { from: initialState, event: plan(blocked) },
  'waiting plan needs migration': { from: initialState, event: plan(migrating) },
  'waiting plan ready': { from: initialState, event: plan(ready) },
  'waiting shutdown -': { from: initialState, event: shutdown() },
  'waiting forward -': { from: initialState, event: { type: 'forward', signal: 'SIGHUP' } },
  'blocked plan same reason': { from: reach([plan(blocked)]), event: plan(blocked) },
  'blocked plan ready': { from: reach([plan(blocked)]), event: plan(ready) },
  'blocked shutdown -': { from: reach([plan(blocked)]), event: shutdown('SIGINT') },
  'migrating migrated ok': { from: reach([plan(migrating)]), event: migrated(true) },
  'migrating migrated failed': { from: reach([plan(migrating)]), event: migrated(false) },
  'migrating plan blocked': { from: reach([plan(migrating)]), event: plan({ ...migrating, blocked: 'missing integrations: postgresql' }) },
  'migrating plan relations changed': { from: reach([plan(migrating)]), event: plan({ ...migrating, relationKey: new Secret('rel2') }) },
  'migrating plan config changed': { from: reach([plan(migrating)]), event: plan({ ...migrating, envKey: new Secret('env2') }) },
  'migrating shutdown -': { from: reach([plan(migrating)]), event: shutdown() },
  'starting started -': { from: reach([plan(ready)]), event: started },
  'starting started shutting down': { from: reach([plan(ready), shutdown('SIGINT')]), event: started },
  'starting exited spawn failed': { from: reach([plan(ready)]), event: exited(127, { pid: 0 }) },
  'starting exited spawn failed, shutting down': { from: reach([plan(ready), shutdown()]), event: exited(127, { pid: 0 }) },
  'starting shutdown -': { from: reach([plan(ready)]), event: shutdown() },
  'running exited on-exit exit': { from: running, event: exited(3), cfg: { ...cfg, onExit: 'exit' } },
  'running exited on-exit restart': { from: running, event: exited(1) },
  'running exited the app given up': { from: run([stopElapsed, { ...started, pid: 43 }], givenUpForRestart).state, event: exited(137, { pid: 42 }) },
  'running plan blocked': { from: running, event: plan(blocked) },
  'running plan env changed': { from: running, event: plan(desired({ envKey: new Secret('env2') })) },
  'running plan same env': { from: running, event: plan(ready) },
  'running unhealthy -': { from: running, event: { type: 'unhealthy', reason: 'http http://127.0.0.1:8000/: status 500' } },
  'running shutdown SIGINT': { from: running, event: shutdown('SIGINT') },
  'running forward -': { from: running, event: { type: 'forward', signal: 'SIGHUP' } },
  'running backoff-elapsed -': { from: running, event: { type: 'backoff-elapsed' } },
  'stopping exited shutting down': { from: stoppingForShutdown, event: exited(130, { signal: 'SIGINT' }) },
  'stopping exited unhealthy': { from: reach([plan(ready), started, { type: 'unhealthy', reason: 'x' }]), event: exited(0) },
  'stopping exited restart': { from: stoppingForRestart, event: exited(0) },
  'stopping exited blocked': { from: reach([plan(ready), started, plan(blocked)]), event: exited(0) },
  'stopping stop-elapsed after the stop signal': { from: stoppingForShutdown, event: stopElapsed },
  'stopping stop-elapsed after SIGKILL, shutting down': { from: run([stopElapsed], stoppingForShutdown).state, event: stopElapsed },
  'stopping stop-elapsed after SIGKILL, restart': { from: run([stopElapsed], stoppingForRestart).state, event: stopElapsed },
  'stopping shutdown shutting down': { from: stoppingForShutdown, event: shutdown('SIGINT') },
  'stopping shutdown restart under way': { from: stoppingForRestart, event: shutdown() },
  'stopping migrated shut down while migrating': { from: reach([plan(migrating), shutdown()]), event: migrated(false) },
  'stopping forward -': { from: stoppingForShutdown, event: { type: 'forward', signal: 'SIGUSR1' } },
  'stopping plan -': { from: stoppingForRestart, event: plan(desired({ envKey: new Secret('env3') })) },
  'backoff backoff-elapsed -': { from: reach([plan(ready), started, exited(1)]), event: { type: 'backoff-elapsed' } },
  'backoff plan env changed': { from: reach([plan(ready), started, exited(1)]), event: plan(desired({ envKey: new Secret('env-fixed') })) },
  'backoff plan same env': { from: reach([plan(ready), started, exited(1)]), event: plan(ready) },
  'backoff shutdown -': { from: reach([plan(ready), started, exited(1)]), event: shutdown() },
  'blocked exited the app given up': { from: reach([plan(ready), started, plan(blocked), stopElapsed, stopElapsed]), event: exited(137, { pid: 42 }) },
  'exited exited -': { from: reach([plan(blocked), shutdown()]), event: exited(0) },
};

/** The rows of the transition table at the top of state.ts. */
function tableRows(): { key: string; phase: Phase; to: string; effects: string[] }[] {
  const text = readFileSync(new URL('../../../src/supervisor/state.ts', import.meta.url), 'utf8');
  const rows = [...text.matchAll(/^\/\/ {3}(\w+) +([\w-]+) +(.+?) +→ (\w+) +\[(.*)\]$/gm)];
  return rows.filter((m) => m[1] !== 'phase').map((m) => ({ key: `${m[1]} ${m[2]} ${m[3]}`, phase: m[1] as Phase, to: m[4]!, effects: m[5] === '' ? [] : m[5]!.split(', ') }));
}

test('every row of the transition table holds: from its phase, its event gives its phase and effects', () => {
  const rows = tableRows();
  assert.ok(rows.length >= 40, `the table was read (${rows.length} rows)`);
  assert.deepEqual(rows.map((r) => r.key).sort(), Object.keys(fixtures).sort(), 'each row has a fixture and each fixture a row');
  for (const row of rows) {
    const f = fixtures[row.key]!;
    assert.equal(f.from.phase, row.phase, `${row.key}: the fixture starts in ${row.phase}`);
    const r = run([f.event], f.from, f.cfg ?? cfg);
    assert.deepEqual({ phase: r.state.phase, effects: r.effects }, { phase: row.to, effects: row.effects }, row.key);
  }
});

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

test('migration runs before the first start and again only when relation data changes', () => {
  const first = run([plan(migrating), migrated(true), started]);
  assert.deepEqual(first.effects, ['migrate', 'spawn']);
  const cfgChange = run([plan({ ...migrating, envKey: new Secret('env2') }), exited(0), started], first.state);
  assert.deepEqual(cfgChange.effects, ['log:app.stopping', 'signal:SIGTERM', 'timer:stop', 'cancel:stop', 'spawn']);
  const relChange = run([plan({ ...migrating, envKey: new Secret('env3'), relationKey: new Secret('rel2') }), exited(0, { now: 3000 })], cfgChange.state);
  assert.deepEqual(relChange.effects, ['log:app.stopping', 'signal:SIGTERM', 'timer:stop', 'cancel:stop', 'migrate']);
  assert.equal(run([plan({ ...migrating, blocked: 'missing integrations: postgresql' }), exited(0)], first.state).state.migratedFor, undefined, 'blocking resets the migration status');
});

test('crash restarts back off, and the delay resets after 30 s of uptime', () => {
  const crash1 = run([exited(1, { now: 1100 })], running);
  assert.deepEqual(crash1.raw.filter((e) => e.kind === 'start-timer'), [{ kind: 'start-timer', timer: 'backoff', ms: 525 }]);
  const crash2 = run([{ type: 'backoff-elapsed' }, { ...started, now: 2000 }, exited(1, { now: 2100 })], crash1.state);
  assert.deepEqual(crash2.raw.filter((e) => e.kind === 'start-timer'), [{ kind: 'start-timer', timer: 'backoff', ms: 1050 }]);
  const longRun = run([{ type: 'backoff-elapsed' }, { ...started, now: 3000 }, exited(1, { now: 33_000 })], crash2.state);
  assert.deepEqual(longRun.raw.filter((e) => e.kind === 'start-timer'), [{ kind: 'start-timer', timer: 'backoff', ms: 525 }]);
  assert.equal(longRun.state.restarts, 3);
});

test('a restart after failed health checks backs off as a crash does, and the delay grows with each', () => {
  const unhealthy: SupervisorEvent = { type: 'unhealthy', reason: 'tcp 127.0.0.1:8000: timed out' };
  const first = run([unhealthy, exited(143, { signal: 'SIGTERM', now: 1100 })], running);
  assert.deepEqual(first.raw.filter((e) => e.kind === 'start-timer').map((e) => e.kind === 'start-timer' && e.ms), [25_000, 525]);
  const second = run([{ type: 'backoff-elapsed' }, { ...started, now: 2000 }, unhealthy, exited(143, { signal: 'SIGTERM', now: 2100 })], first.state);
  assert.deepEqual(second.raw.filter((e) => e.kind === 'start-timer').map((e) => e.kind === 'start-timer' && e.ms), [25_000, 1050]);
  assert.equal(second.state.restarts, 2);
});

test('a stop: the signal that arrived, SIGKILL to the group after the grace, given up after the fail delay', () => {
  const grouped = { ...cfg, signalGroup: true };
  const r = run([plan(ready), started, shutdown('SIGINT', 1500), stopElapsed, stopElapsed], initialState, grouped);
  assert.deepEqual(r.raw.filter((e) => e.kind === 'signal' || e.kind === 'start-timer'), [
    { kind: 'signal', signal: 'SIGINT', group: true, forwarded: false },
    { kind: 'start-timer', timer: 'stop', ms: 25_000 },
    { kind: 'signal', signal: 'SIGKILL', group: true, forwarded: false },
    { kind: 'start-timer', timer: 'stop', ms: 5000 },
  ]);
  assert.deepEqual(r.raw.at(-1), { kind: 'exit', code: 137, orphansBy: 1500 + 25_000 }, 'orphans get what is left of the grace since the signal');
  assert.deepEqual(r.state.lastExit, { code: 137, signal: 'SIGKILL' });
  assert.deepEqual(run([exited(137, { signal: 'SIGKILL' })], r.state).effects, [], 'the given-up app\'s late end changes nothing');
});

test('a second stop signal while shutting down is passed on as it arrived and logged as forwarded', () => {
  const r = run([shutdown('SIGTERM')], stoppingForShutdown);
  assert.deepEqual(r.raw, [{ kind: 'signal', signal: 'SIGTERM', group: false, forwarded: true }]);
  assert.deepEqual(r.state.shutdown, { signal: 'SIGINT', at: 1500 }, 'the first signal and its time are kept');
});
