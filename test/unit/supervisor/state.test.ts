import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Secret } from '../../../src/log/secret.js';
import { nextBackoff, pebbleBackoff, shouldResetBackoff, withJitter } from '../../../src/supervisor/backoff.js';
import type { ExitPolicy } from '../../../src/supervisor/exit-policy.js';
import { initialState, transition, type Desired, type Effect, type MachineConfig, type Phase, type SupervisorEvent, type SupervisorState } from '../../../src/supervisor/state.js';

const cfg: MachineConfig = { role: 'app', failMs: 5000, signalGroup: false, random: () => 0.5 };
const service: MachineConfig = { ...cfg, role: 'service' };
const restartAll: ExitPolicy = { onSuccess: 'restart', onFailure: 'restart', backoff: pebbleBackoff, graceMs: 25_000 };
const desired = (over: Partial<Desired> = {}): Desired => ({ blocked: undefined, envKey: new Secret('env1'), relationKey: new Secret('rel1'), hasMigration: false, policy: restartAll, ...over });

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
    case 'shutdown-all': return `shutdown-all:${e.code}`;
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
/** Running under a policy of its own (as its layer or --on-exit gives it), as the app or (`c`) a rock service. */
const runningWith = (policy: Partial<ExitPolicy>, c: MachineConfig = cfg): SupervisorState => reach([plan(desired({ policy: { ...restartAll, ...policy } })), started], c);
const inactive = run([exited(1)], runningWith({ onFailure: 'ignore' })).state;
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
  'starting exited spawn failed, on-failure ignore': { from: reach([plan(desired({ policy: { ...restartAll, onFailure: 'ignore' } }))]), event: exited(127, { pid: 0 }) },
  'running exited on-failure restart': { from: running, event: exited(1) },
  'running exited on-success restart': { from: running, event: exited(0) },
  'running exited on-failure shutdown': { from: runningWith({ onFailure: 'shutdown' }), event: exited(3) },
  'running exited on-success shutdown': { from: runningWith({ onSuccess: 'shutdown' }), event: exited(0) },
  'running exited on-success failure-shutdown': { from: runningWith({ onSuccess: 'failure-shutdown' }), event: exited(0) },
  'running exited on-failure success-shutdown': { from: runningWith({ onFailure: 'success-shutdown' }), event: exited(3) },
  'running exited on-failure ignore': { from: runningWith({ onFailure: 'ignore' }), event: exited(3) },
  'running exited service, on-failure shutdown': { from: runningWith({ onFailure: 'shutdown' }, service), event: exited(3), cfg: service },
  'running exited service, on-success shutdown': { from: runningWith({ onSuccess: 'shutdown' }, service), event: exited(0), cfg: service },
  'running exited service, on-failure restart': { from: runningWith({}, service), event: exited(3), cfg: service },
  'running exited the app given up': { from: run([stopElapsed, { ...started, pid: 43 }], givenUpForRestart).state, event: exited(137, { pid: 42 }) },
  'running plan blocked': { from: running, event: plan(blocked) },
  'running plan env changed': { from: running, event: plan(desired({ envKey: new Secret('env2') })) },
  'running plan same env': { from: running, event: plan(ready) },
  'running unhealthy -': { from: running, event: { type: 'unhealthy', reason: 'http http://127.0.0.1:8000/: status 500' } },
  'running shutdown SIGINT': { from: running, event: shutdown('SIGINT') },
  'running forward -': { from: running, event: { type: 'forward', signal: 'SIGHUP' } },
  'running backoff-elapsed -': { from: running, event: { type: 'backoff-elapsed' } },
  'stopping exited shutting down': { from: stoppingForShutdown, event: exited(130, { signal: 'SIGINT' }) },
  'stopping exited shutting down, code asked for': { from: run([{ type: 'shutdown', signal: 'SIGTERM', now: 1500, code: 10 }], running).state, event: exited(143, { signal: 'SIGTERM' }) },
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
  'inactive plan env changed': { from: inactive, event: plan(desired({ envKey: new Secret('env2'), policy: { ...restartAll, onFailure: 'ignore' } })) },
  'inactive plan same env': { from: inactive, event: plan(desired({ policy: { ...restartAll, onFailure: 'ignore' } })) },
  'inactive shutdown -': { from: inactive, event: shutdown() },
  'inactive backoff-elapsed -': { from: inactive, event: { type: 'backoff-elapsed' } },
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

test('a process\'s own policy sets its restart delays and its stop grace', () => {
  const own: ExitPolicy = { ...restartAll, backoff: { delayMs: 2000, factor: 1.5, limitMs: 4000, jitter: 0.1 }, graceMs: 3000 };
  const timers = (r: { raw: Effect[] }): number[] => r.raw.flatMap((e) => (e.kind === 'start-timer' ? [e.ms] : []));
  const first = run([plan(desired({ policy: own })), started, exited(1, { now: 1100 })], initialState, { ...cfg, random: () => 0 });
  assert.deepEqual(timers(first), [2000]);
  const second = run([{ type: 'backoff-elapsed' }, { ...started, now: 2000 }, exited(1, { now: 2100 })], first.state, { ...cfg, random: () => 0 });
  assert.deepEqual(timers(second), [3000]);
  const third = run([{ type: 'backoff-elapsed' }, { ...started, now: 3000 }, exited(1, { now: 3100 })], second.state, { ...cfg, random: () => 0 });
  assert.deepEqual(timers(third), [4000], 'capped at the limit');
  const stopped = run([{ type: 'backoff-elapsed' }, { ...started, now: 4000 }, shutdown('SIGTERM', 4500), stopElapsed], third.state);
  assert.deepEqual(timers(stopped), [3000, 5000], 'the grace is the kill-delay; the fail delay is Pebble\'s');
  assert.deepEqual(stopped.raw.find((e) => e.kind === 'log' && e.event.event === 'app.stopping'), { kind: 'log', event: { event: 'app.stopping', pid: 42, reason: 'received SIGTERM', graceMs: 3000 } });
});

test('a service left down by on-failure ignore says so, stays down, and starts again on a changed plan', () => {
  const ignoring = desired({ policy: { ...restartAll, onFailure: 'ignore' } });
  const r = run([plan(ignoring), started, exited(2)], initialState, service);
  assert.deepEqual(r.raw.at(-1), { kind: 'log', event: { event: 'app.exit-ignored', on: 'on-failure', code: 2 } });
  assert.equal(r.state.phase, 'inactive');
  assert.deepEqual(run([{ type: 'unhealthy', reason: 'x' }, { type: 'forward', signal: 'SIGHUP' }, plan(ignoring)], r.state, service).effects, [], 'nothing runs, nothing to signal');
  assert.deepEqual(run([plan({ ...ignoring, envKey: new Secret('env2') }), { ...started, pid: 43 }], r.state, service).state.phase, 'running');
});

test('a service\'s shutdown action logs which field and action triggered it, then asks for everything to stop', () => {
  const r = run([exited(1)], runningWith({ onFailure: 'shutdown' }, service), service);
  assert.deepEqual(r.raw, [
    { kind: 'log', event: { event: 'app.shutdown-triggered', on: 'on-failure', action: 'shutdown', exitCode: 10 } },
    { kind: 'exit', code: 10, orphansBy: 2000 + 25_000 },
    { kind: 'shutdown-all', code: 10 },
  ]);
});
