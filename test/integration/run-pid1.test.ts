// The built binary as real PID 1 in a new PID namespace, with small real child programs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '../helpers/binary.js';
import { freePort } from '../helpers/free-port.js';
import { removeVolume, writeVolume } from '../helpers/kubelet-volume.js';
import { childStates, Pid1, sleep, unshareSkip, waitFor } from '../helpers/pid1.js';

const bin = (name: string): string => resolve('test/fixtures/bin', name);
const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);
const waitLines = (file: string, n: number, timeoutMs = 10_000): Promise<string[]> =>
  waitFor(() => (lines(file).length >= n ? lines(file) : undefined), timeoutMs, () => `${file}: expected ${n} lines, got ${JSON.stringify(lines(file))}`);

describe('paas-init run as PID 1', { skip: unshareSkip }, () => {
  test('exit codes pass through, and death by signal N becomes 128+N', async () => {
    const cases: [string, number][] = [
      ['exit 0', 0], ['exit 1', 1], ['exit 2', 2], ['exit 42', 42], ['exit 126', 126], ['exit 128', 128], ['exit 200', 200], ['exit 255', 255],
      ['kill -TERM $$', 143], ['kill -INT $$', 130], ['kill -KILL $$', 137], ['kill -SEGV $$', 139],
    ];
    for (const [script, code] of cases) {
      const p = Pid1.start(['run', '--', 'sh', '-c', script]);
      assert.equal((await p.wait()).code, code, script);
    }
    const missing = Pid1.start(['run', '--', '/no/such/program']);
    assert.equal((await missing.wait()).code, 127);
    assert.match(missing.stderr, /event=app.spawn-failed .*ENOENT/);
  });

  test('stdout and stderr of the app pass through untouched', async () => {
    const p = Pid1.start(['run', '--', 'sh', '-c', 'printf "out\\n"; printf "err\\n" >&2']);
    assert.equal((await p.wait()).code, 0);
    assert.equal(p.stdout, 'out\n');
    assert.match(p.stderr, /^err$/m);
  });

  test('HUP, QUIT, USR1, USR2 and WINCH reach the app; INT stops it with SIGINT (the signal that arrived, as tini) and paas-init exits with its code', async () => {
    const { path, cleanup } = tempDir();
    const out = join(path, 'signals');
    const p = Pid1.start(['run', '--', bin('signal-recorder'), out]);
    try {
      await waitLines(out, 1);
      for (const sig of ['SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const) {
        const before = lines(out).length;
        await p.signal(sig);
        const got = await waitLines(out, before + 1);
        assert.equal(got.at(-1), sig.slice(3));
      }
      await p.signal('SIGINT');
      assert.equal((await p.wait()).code, 0);
      assert.equal(lines(out).at(-1), 'INT');
    } finally {
      await p.kill();
      cleanup();
    }
  });

  test('500 orphaned zombies are all reaped, as fast as they were made', async () => {
    const t0 = Date.now();
    const p = Pid1.start(['run', '--', bin('orphan-maker'), '500']);
    try {
      await waitFor(() => (p.stdout.includes('made 500 orphans') ? true : undefined), 20_000, () => `orphan-maker did not finish: ${p.stdout} ${p.stderr}`);
      // The baseline is this machine's speed right now: the time it took to fork the 500.
      const madeMs = Date.now() - t0;
      const host = await p.hostPid();
      const t1 = Date.now();
      await waitFor(() => (childStates(host).filter((s) => s === 'Z').length === 0 && childStates(host).length === 1 ? true : undefined), 30_000, () => `children of PID 1 after ${Date.now() - t1} ms: ${childStates(host).join('')}`);
      const reapMs = Date.now() - t1;
      assert.ok(reapMs <= Math.max(1000, madeMs), `reaped in ${reapMs} ms; making them took ${madeMs} ms`);
    } finally {
      await p.kill();
    }
  });

  test('an app that ignores SIGTERM is killed after the grace period (exit 137)', async () => {
    const p = Pid1.start(['run', '--grace', '1s', '--', bin('ignore-sigterm')]);
    try {
      await waitFor(() => (p.stdout.includes('ignoring') ? true : undefined), 10_000, () => p.stderr);
      const t0 = Date.now();
      await p.signal('SIGTERM');
      const r = await p.wait();
      const took = Date.now() - t0;
      assert.equal(r.code, 137);
      // Not before the grace (a timer never fires early); how much later is load, bounded by wait().
      assert.ok(took >= 950, `stopped after ${took} ms, before the 1 s grace`);
      assert.match(p.stderr, /event=app.killed pid=\d+ afterMs=1000/);
    } finally {
      await p.kill();
    }
  });

  test('processes the app left behind get SIGTERM at stop and are waited for, not killed', async () => {
    const { path, cleanup } = tempDir();
    const out = join(path, 'events');
    const p = Pid1.start(['run', '--grace', '5s', '--', bin('daemon-leaver'), out]);
    try {
      await waitLines(out, 1); // "started": the app's and the daemon's traps are set
      const t0 = Date.now();
      await p.signal('SIGTERM');
      const r = await p.wait();
      assert.equal(r.code, 0);
      assert.deepEqual(lines(out).slice(1).sort(), ['app-stopped', 'daemon-stopped']);
      assert.ok(Date.now() - t0 < 4000, 'the daemon stopped on SIGTERM, well before the grace ran out');
      assert.match(p.stderr, /event=orphans.signalled signal=SIGTERM count=1/);
      assert.doesNotMatch(p.stderr, /orphans.killed/);
    } finally {
      await p.kill();
      cleanup();
    }
  });

  test('a crashing app is restarted with Pebble\'s backoff: 0.5 s, 1 s, 2 s (+ up to 10 % jitter)', async () => {
    const { path, cleanup } = tempDir();
    const out = join(path, 'starts');
    const p = Pid1.start(['run', '--on-exit', 'restart', '--', bin('crash-recorder'), out]);
    try {
      const starts = (await waitLines(out, 4, 15_000)).map(Number);
      const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
      // The delays paas-init chose, from its log; each gap is that delay plus one exit and one
      // spawn, which the first gap measures (the baseline): later gaps may not add more than
      // a generous multiple of it.
      const delays = [...p.stderr.matchAll(/event=app.restart-scheduled delayMs=(\d+) restarts=[123]\b/g)].map((m) => Number(m[1]));
      [500, 1000, 2000].forEach((base, i) => {
        assert.ok(delays[i]! >= base && delays[i]! <= base * 1.1, `restart ${i + 1} scheduled after ${delays[i]} ms, expected ${base} ms + up to 10 % jitter`);
      });
      const overhead = Math.max(0, gaps[0]! - delays[0]!);
      gaps.forEach((gap, i) => {
        assert.ok(gap >= delays[i]! - 10, `restart ${i + 1} after ${gap} ms, before its ${delays[i]} ms delay`);
        assert.ok(gap <= delays[i]! + 4 * overhead + 1000, `restart ${i + 1} after ${gap} ms: ${delays[i]} ms delay, ${overhead} ms of exit and spawn the first time`);
      });
      // Stopped while waiting out the 4 s backoff: nothing runs, so paas-init exits 0 at once.
      await p.waitForLog(/event=app.restart-scheduled delayMs=\d+ restarts=4/);
      await p.signal('SIGTERM');
      assert.equal((await p.wait()).code, 0);
    } finally {
      await p.kill();
      cleanup();
    }
  });
});

describe('paas-init run with a project: blocked, reload, bad input', { skip: unshareSkip }, () => {
  const project = `name: demo
extensions: [flask-framework]
config:
  options:
    token: {type: string, default: first}
requires:
  postgresql: {interface: postgresql_client}
`;

  async function setup() {
    const t = tempDir();
    writeFileSync(join(t.path, 'charmcraft.yaml'), project);
    const status = `127.0.0.1:${await freePort()}`;
    return { ...t, status, out: join(t.path, 'starts'), args: ['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 'state'), '--grace', '3s', '--status-addr', status] };
  }

  /** Waits until the inputs were re-read `n` times after `since` (ms since epoch), as /status reports it. */
  async function rereadsSince(status: string, since: number, n: number): Promise<void> {
    const seen = new Set<string>();
    const deadline = Date.now() + 15_000;
    while (seen.size < n) {
      if (Date.now() > deadline) throw new Error(`${seen.size} re-reads of the inputs seen, ${n} expected`);
      try {
        const doc = (await (await fetch(`http://${status}/status`)).json()) as { lastInputReloadAt: string | null };
        if (doc.lastInputReloadAt !== null && Date.parse(doc.lastInputReloadAt) > since) seen.add(doc.lastInputReloadAt);
      } catch {
        // the status server starts a moment after the app
      }
      await sleep(50);
    }
  }
  const binding = { type: 'postgresql', host: 'db.local', port: '5432', username: 'u', password: 'p', database: 'd' };

  test('blocked until the binding appears, started the moment it does, stopped and blocked again when it goes', async () => {
    const s = await setup();
    const p = Pid1.start([...s.args, '--', bin('env-recorder'), s.out, 'POSTGRESQL_DB_HOSTNAME']);
    try {
      await p.waitForLog(/event=app.blocked msg="blocked: missing integrations: postgresql"/);
      assert.equal(lines(s.out).length, 0);
      writeVolume(join(s.path, 'bindings', 'postgresql'), binding);
      const first = await waitLines(s.out, 1, 5000);
      assert.match(first[0]!, / db\.local$/);
      removeVolume(join(s.path, 'bindings', 'postgresql'));
      await p.waitForLog(/event=app.stopping .*reason="missing integrations: postgresql"/, 5000);
      await waitFor(() => ((p.stderr.match(/event=app.blocked/g) ?? []).length === 2 ? true : undefined), 5000, () => p.stderr);
      writeVolume(join(s.path, 'bindings', 'postgresql'), { ...binding, host: 'db2.local' });
      const again = await waitLines(s.out, 2, 5000);
      assert.match(again[1]!, / db2\.local$/);
      await p.signal('SIGTERM');
      assert.equal((await p.wait()).code, 0);
    } finally {
      await p.kill();
      s.cleanup();
    }
  });

  test('a config change through a ..data swap restarts the app exactly once, with the new value', async () => {
    const s = await setup();
    writeVolume(join(s.path, 'bindings', 'postgresql'), binding);
    writeVolume(join(s.path, 'config'), { token: 'v1' });
    const p = Pid1.start([...s.args, '--', bin('env-recorder'), s.out, 'FLASK_TOKEN']);
    try {
      assert.match((await waitLines(s.out, 1))[0]!, / v1$/);
      writeVolume(join(s.path, 'config'), { token: 'v2' });
      assert.match((await waitLines(s.out, 2, 5000))[1]!, / v2$/);
      const swapped = Date.now();
      writeVolume(join(s.path, 'config'), { token: 'v2' }); // same content, new swap: nothing to do
      await rereadsSince(s.status, swapped, 2); // the swap's own re-read, then a periodic re-scan
      assert.equal(lines(s.out).length, 2, 'exactly one restart');
      assert.equal((p.stderr.match(/event=app.started/g) ?? []).length, 2);
      await p.signal('SIGTERM');
      assert.equal((await p.wait()).code, 0);
    } finally {
      await p.kill();
      s.cleanup();
    }
  });

  test('malformed input never stops the running app: it is reported and the last good plan is kept', async () => {
    const s = await setup();
    writeVolume(join(s.path, 'bindings', 'postgresql'), binding);
    writeVolume(join(s.path, 'config'), { token: 'good' });
    const p = Pid1.start([...s.args, '--', bin('env-recorder'), s.out, 'FLASK_TOKEN']);
    try {
      await waitLines(s.out, 1);
      writeVolume(join(s.path, 'config'), { token: 'good', 'config.yaml': 'token: [unclosed\n  - :' });
      await p.waitForLog(/level=error event=inputs.invalid msg=".*config\.yaml: expected a YAML map of option: value, got invalid YAML at line \d+" keeping="the last good plan"/, 5000);
      writeFileSync(join(s.path, 'charmcraft.yaml'), 'name: [broken');
      await p.waitForLog(/event=inputs.invalid msg=".*charmcraft\.yaml: expected valid YAML/, 5000);
      await rereadsSince(s.status, Date.now(), 1); // at least one periodic re-scan of the bad input
      assert.equal(lines(s.out).length, 1, 'no restart for bad input');
      assert.equal((p.stderr.match(/event=inputs.invalid/g) ?? []).length, 2, 'each problem is reported once, not on every re-scan');
      writeFileSync(join(s.path, 'charmcraft.yaml'), project);
      writeVolume(join(s.path, 'config'), { token: 'better' });
      assert.match((await waitLines(s.out, 2, 5000))[1]!, / better$/);
      await p.signal('SIGTERM');
      assert.equal((await p.wait()).code, 0);
    } finally {
      await p.kill();
      s.cleanup();
    }
  });
});
