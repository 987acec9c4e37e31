// A rock's Pebble service policy carried out by the built binary as PID 1 (--pebble-layers, no
// container): a worker whose on-failure says ignore stays down, one with its own backoff-delay
// restarts after that delay, one whose on-failure says shutdown ends paas-init with Pebble's
// code; the app's own on-failure, and --on-exit winning over it. The rock's layer checks: an exec
// check going down restarts the service its on-check-failure names, a tcp one whose action is
// shutdown ends paas-init with Pebble's 11; both shown in /status and /metrics.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { runBinary, tempDir } from '../helpers/binary.js';
import { freePort, pollJson } from '../helpers/http.js';
import { Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const crashRecorder = resolve('test/fixtures/bin/crash-recorder');
const ignoreSigterm = resolve('test/fixtures/bin/ignore-sigterm');

/** The app: runs until TERM, and says it was stopped. */
const standIn = `#!/bin/bash
trap 'echo stopped >> "$1"; exit 0' TERM
while true; do sleep 0.05; done
`;

/** A Flask rock's mounts and layers under `root`, with `services` (indented by 2) after the flask service. */
function layRock(root: string, flaskExtra: string, services: string): { args: string[]; out: string } {
  const layers = join(root, 'layers');
  const out = join(root, 'out');
  for (const d of [layers, out, join(root, 'app')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'stand-in'), standIn, { mode: 0o755 });
  writeFileSync(join(root, 'charmcraft.yaml'), 'name: x\nextensions: [flask-framework]\n');
  writeFileSync(join(layers, '001-rockcraft-x.yaml'), `services:\n  flask:\n    override: replace\n    startup: enabled\n    command: ${join(root, 'stand-in')} ${join(out, 'app')}\n${flaskExtra}${services}`);
  return { args: ['run', '--root', root, '--pebble-layers', layers, '--app-dir', join(root, 'app'), '--state-dir', join(root, 'state')], out };
}

const lines = (f: string): string[] => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : []);
const waitLines = (f: string, n: number, ms: number, why: () => string): Promise<string[]> => waitFor(() => (lines(f).length >= n ? lines(f) : undefined), ms, why);

describe('a rock\'s Pebble service policy under paas-init as PID 1', { skip: unshareSkip }, () => {
  test('a worker with on-failure ignore stays down; one with backoff-delay restarts after that delay; the app runs on; kill-delay is a worker\'s grace', async () => {
    const t = tempDir();
    const statusPort = await freePort();
    const r = layRock(t.path, '', `  quitter-worker:
    override: replace
    startup: enabled
    command: ${crashRecorder} ${join(t.path, 'out/quitter')}
    on-failure: ignore
  retry-worker:
    override: replace
    startup: enabled
    command: ${crashRecorder} ${join(t.path, 'out/retry')}
    backoff-delay: 1500ms
    backoff-factor: 1
  stubborn-worker:
    override: replace
    startup: enabled
    command: ${ignoreSigterm}
    kill-delay: 1s
`);
    const p = Pid1.start([...r.args, '--status-addr', `127.0.0.1:${statusPort}`]);
    try {
      const starts = (await waitLines(join(r.out, 'retry'), 3, 20_000, () => p.stderr)).map(Number);
      const delays = [...p.stderr.matchAll(/event=app.restart-scheduled delayMs=(\d+) restarts=[12] process=retry-worker/g)].map((m) => Number(m[1]));
      assert.equal(delays.length, 2, p.stderr);
      for (const d of delays) assert.ok(d >= 1500 && d <= 1650, `scheduled after ${d} ms: the layer's 1500ms, factor 1, + up to 10 % jitter`);
      // Each gap is its delay plus one exit and one spawn: never shorter than the delay, and not
      // longer than it by more than a generous margin.
      starts.slice(1).forEach((at, i) => {
        const gap = at - starts[i]!;
        assert.ok(gap >= delays[i]! - 10, `restart ${i + 1} after ${gap} ms, before its ${delays[i]} ms delay`);
        assert.ok(gap <= delays[i]! + 5000, `restart ${i + 1} after ${gap} ms, long after its ${delays[i]} ms delay`);
      });
      // By now a restarting quitter would have run again (paas-init's default first delay is 500ms).
      assert.equal(lines(join(r.out, 'quitter')).length, 1, 'the ignored worker ran once');
      assert.match(p.stderr, /event=app.exit-ignored on=on-failure code=1 process=quitter-worker/);
      assert.doesNotMatch(p.stderr, /event=app.restart-scheduled[^\n]*process=quitter-worker/);
      const status = await pollJson<{ state: string; processes: { name: string; phase: string }[] }>(`http://127.0.0.1:${statusPort}/status`, (d) => d.processes.length === 3, 10_000, () => p.stderr);
      assert.equal(status.state, 'running');
      assert.deepEqual(status.processes.find((x) => x.name === 'quitter-worker')?.phase, 'inactive');
      await p.signal('SIGTERM');
      assert.equal((await p.wait(20_000)).code, 0);
      assert.deepEqual(lines(join(r.out, 'app')), ['stopped']);
      assert.match(p.stderr, /event=app.stopping pid=\d+ reason="received SIGTERM" graceMs=1000 process=stubborn-worker/);
      assert.match(p.stderr, /level=warn event=app.killed pid=\d+ afterMs=1000 process=stubborn-worker/, 'SIGKILL after its kill-delay, not after --grace (25 s)');
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('a worker whose on-failure says shutdown stops the app gracefully, and paas-init exits with Pebble\'s 10', async () => {
    const t = tempDir();
    const go = join(t.path, 'go');
    const r = layRock(t.path, '', `  fatal-worker:
    override: replace
    startup: enabled
    command: '/bin/bash -c "while [ ! -e ${go} ]; do sleep 0.05; done; exit 4"'
    on-failure: shutdown
`);
    const p = Pid1.start([...r.args, '--status-addr', 'off']);
    try {
      await p.waitForLog(/event=app.started pid=\d+ command="[^"]*" process=fatal-worker/, 20_000);
      writeFileSync(go, '');
      const end = await p.wait(20_000);
      assert.equal(end.code, 10, p.stderr);
      assert.match(p.stderr, /level=warn event=app.shutdown-triggered on=on-failure action=shutdown exitCode=10 process=fatal-worker/);
      const order = ['event=app.exited pid=\\d+ code=4', 'event=app.shutdown-triggered', 'event=app.stopping pid=\\d+ reason="received SIGTERM"', 'event=supervisor.exiting code=10'];
      const at = order.map((re) => p.stderr.search(new RegExp(re)));
      assert.deepEqual(at.map((i) => i >= 0), order.map(() => true), p.stderr);
      assert.deepEqual([...at].sort((a, b) => a - b), at, 'the worker ends, the shutdown is triggered, the app is stopped, paas-init exits');
      assert.deepEqual(lines(join(r.out, 'app')), ['stopped'], 'the app got SIGTERM');
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('an exec check that reaches its threshold restarts the service its on-check-failure names, not the app; /status and /metrics show it', async () => {
    const t = tempDir();
    const statusPort = await freePort();
    const sick = join(t.path, 'sick');
    writeFileSync(join(t.path, 'recorder'), `#!/bin/bash\necho started >> "$1"\ntrap 'echo stopped >> "$1"; exit 0' TERM\nwhile true; do sleep 0.05; done\n`, { mode: 0o755 });
    const r = layRock(t.path, '', `  probe-worker:
    override: replace
    startup: enabled
    command: ${join(t.path, 'recorder')} ${join(t.path, 'out/worker')}
    on-check-failure: {probe: restart}
checks:
  probe:
    override: replace
    level: alive
    period: 200ms
    threshold: 2
    exec: {command: "test ! -e ${sick}"}
`);
    const p = Pid1.start([...r.args, '--status-addr', `127.0.0.1:${statusPort}`]);
    type Doc = { ready: boolean; checks: { rock: { name: string; status: string; failures: number; threshold: number; level: string }[] } };
    const url = `http://127.0.0.1:${statusPort}/status`;
    try {
      await waitLines(join(r.out, 'worker'), 1, 20_000, () => p.stderr);
      const up = await pollJson<Doc>(url, (d) => d.checks.rock.length === 1 && d.ready, 20_000, () => p.stderr);
      assert.deepEqual(up.checks.rock[0], { name: 'probe', level: 'alive', status: 'up', failures: 0, threshold: 2, down: null });
      writeFileSync(sick, '');
      await p.waitForLog(/event=check.down check=probe detail="[^"]*" action=restart service=probe-worker/, 30_000);
      const down = await pollJson<Doc>(url, (d) => d.checks.rock[0]?.status === 'down', 20_000, () => p.stderr);
      assert.equal(down.ready, false);
      assert.ok(down.checks.rock[0]!.failures >= 2);
      assert.deepEqual(await waitLines(join(r.out, 'worker'), 3, 30_000, () => p.stderr), ['started', 'stopped', 'started'], 'the worker got SIGTERM and was started again');
      const metrics = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
      assert.match(metrics, /\npaas_init_rock_check_up\{check="probe"\} 0\n/);
      assert.match(metrics, /\npaas_init_rock_check_failures_total\{check="probe"\} [1-9]\d*\n/);
      rmSync(sick);
      await pollJson<Doc>(url, (d) => d.checks.rock[0]?.status === 'up' && d.ready, 20_000, () => p.stderr);
      assert.match(p.stderr, /event=check.up check=probe/);
      assert.deepEqual(lines(join(r.out, 'app')), [], 'the app was not restarted');
      await p.signal('SIGTERM');
      assert.equal((await p.wait(20_000)).code, 0, p.stderr);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('with inputs that are invalid at the start, the rock\'s checks start with the first good plan', async () => {
    const t = tempDir();
    const statusPort = await freePort();
    const r = layRock(t.path, '', `checks:
  up:
    override: replace
    period: 200ms
    exec: {command: "true"}
`);
    writeFileSync(join(t.path, 'charmcraft.yaml'), 'name: x\nextensions: [flask-framework]\nconfig:\n  options:\n    count: {type: int}\n');
    mkdirSync(join(t.path, 'config'));
    writeFileSync(join(t.path, 'config/count'), 'abc');
    const p = Pid1.start([...r.args, '--status-addr', `127.0.0.1:${statusPort}`]);
    type Doc = { rejectedInput: unknown; checks: { rock: { name: string; status: string }[] } };
    const url = `http://127.0.0.1:${statusPort}/status`;
    try {
      // The status server starts while the input is refused, before any plan: no rock check runs yet.
      const refused = await pollJson<Doc>(url, (d) => d.rejectedInput !== null, 20_000, () => p.stderr);
      assert.deepEqual(refused.checks.rock, []);
      writeFileSync(join(t.path, 'config/count'), '3');
      const up = await pollJson<Doc>(url, (d) => d.checks.rock.length === 1, 20_000, () => p.stderr);
      assert.equal(up.checks.rock[0]!.name, 'up');
      await p.signal('SIGTERM');
      assert.equal((await p.wait(20_000)).code, 0, p.stderr);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('a tcp check whose on-check-failure says shutdown stops everything gracefully, and paas-init exits with Pebble\'s 11', async () => {
    const t = tempDir();
    const closed = await freePort();
    const r = layRock(t.path, '    on-check-failure: {db: shutdown}\n', `checks:
  db:
    override: replace
    period: 200ms
    threshold: 2
    tcp: {host: 127.0.0.1, port: ${closed}}
`);
    const p = Pid1.start([...r.args, '--status-addr', 'off']);
    try {
      const end = await p.wait(30_000);
      assert.equal(end.code, 11, p.stderr);
      assert.equal([...p.stderr.matchAll(/event=check.failed check=db /g)].length >= 2, true, p.stderr);
      assert.match(p.stderr, /event=check.down check=db detail="tcp 127.0.0.1:\d+: [^"]*" action=shutdown service=flask exitCode=11/);
      assert.match(p.stderr, /event=supervisor.exiting code=11/);
      assert.deepEqual(lines(join(r.out, 'app')), ['stopped'], 'the app got SIGTERM');
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('the app\'s own on-failure shutdown ends paas-init with the app\'s code, unless --on-exit restart is given', async () => {
    const t = tempDir();
    const r = layRock(t.path, '    on-failure: shutdown\n', '');
    const layer = join(t.path, 'layers/001-rockcraft-x.yaml');
    writeFileSync(layer, readFileSync(layer, 'utf8').replace(/command: .*/, `command: ${crashRecorder} ${join(r.out, 'starts')}`));
    const once = Pid1.start([...r.args, '--status-addr', 'off']);
    try {
      assert.equal((await once.wait(20_000)).code, 1, once.stderr);
      assert.equal(lines(join(r.out, 'starts')).length, 1);
    } finally {
      await once.kill();
    }
    const flagged = Pid1.start([...r.args, '--status-addr', 'off', '--on-exit', 'restart']);
    try {
      await flagged.waitForLog(/event=app.restart-scheduled delayMs=\d+ restarts=2\b/, 20_000);
      await flagged.signal('SIGTERM');
      assert.equal((await flagged.wait(20_000)).code, 0);
    } finally {
      await flagged.kill();
      t.cleanup();
    }
  });
});

test('check says what each process\'s end leads to and where that came from, what the layers\' checks run and do, and that log targets are not used', () => {
  const t = tempDir();
  const r = layRock(t.path, '    on-failure: shutdown\n    kill-delay: 10s\n    on-check-failure: {up: restart}\n', `  x-worker:
    override: replace
    startup: enabled
    command: ${crashRecorder} /dev/null
    on-failure: ignore
    backoff-delay: 1m30s
checks:
  up: {override: replace, http: {url: "http://localhost:8000/"}}
log-targets:
  loki: {override: replace, type: loki, location: "http://loki:3100/", services: [all]}
`);
  const args = ['check', ...r.args.slice(1)];
  const json = runBinary([...args, '--json']);
  const text = runBinary(args);
  t.cleanup();
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { appPolicy: { onSuccess: string; onFailure: string; graceMs: number; fromLayer: string[]; from: string }; processes: { name: string; policy: { onFailure: string; backoff: { delayMs: number }; fromLayer: string[] } }[]; notices: string[] };
  assert.deepEqual([report.appPolicy.onSuccess, report.appPolicy.onFailure, report.appPolicy.graceMs, report.appPolicy.fromLayer], ['restart', 'shutdown', 10_000, ['on-failure', 'kill-delay']]);
  assert.equal(report.appPolicy.from, 'on-failure, kill-delay from layer 001-rockcraft-x.yaml, service flask; the rest defaults; run\'s --on-exit and --grace win over the layer');
  assert.deepEqual(report.processes.map((x) => [x.name, x.policy.onFailure, x.policy.backoff.delayMs, x.policy.fromLayer]), [['x-worker', 'ignore', 90_000, ['on-failure', 'backoff-delay']]]);
  assert.match(text.stdout, /\non exit {5}on-success restart, on-failure shutdown; backoff 500ms x2 up to 30s; grace 10s {2}\(on-failure, kill-delay from layer 001-rockcraft-x\.yaml, service flask; the rest defaults; run's --on-exit and --grace win over the layer\)\n/);
  assert.match(text.stdout, /\n {12}x-worker on exit: on-success restart, on-failure ignore; backoff 1m30s x2 up to 30s; grace 25s {2}\(on-failure, backoff-delay from its layer; the rest defaults\)\n/);
  assert.deepEqual(report.notices, [
    'check "up" (layer 001-rockcraft-x.yaml): http http://localhost:8000/ every 10s, timeout 3s, down after 3 failures in a row: restart (service flask)',
    'the rock\'s Pebble log targets (loki) are not used by paas-init: every process\'s output goes to paas-init\'s stdout and stderr',
  ]);
});
