// Reliability: a crash-looping app costs little CPU; 200 malformed inputs while the app runs never
// crash paas-init nor restart the app, each is reported, and a good input is taken again.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '../helpers/binary.js';
import { freePort, getJson } from '../helpers/http.js';
import { writeVolume } from '../helpers/kubelet-volume.js';
import { Pid1, sleep, unshareSkip, waitFor } from '../helpers/pid1.js';

const ticks = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 a second)
};

describe('reliability', { skip: unshareSkip }, () => {
  test('a crash-looping app: backoff holds paas-init under 5 % CPU, and status counts the restarts', async () => {
    const t = tempDir();
    writeFileSync(join(t.path, 'charmcraft.yaml'), 'name: crashy\nextensions: [flask-framework]\n');
    const sp = await freePort();
    const p = Pid1.start(['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--status-addr', `127.0.0.1:${sp}`, '--', 'sh', '-c', 'exit 1']);
    try {
      const host = await p.hostPid();
      await p.waitForLog(/restarts=2/, 10_000);
      const c0 = ticks(host);
      const w0 = Date.now();
      // Over the next three restarts (1 s, 2 s and 4 s of backoff): events, not a fixed time.
      await p.waitForLog(/restarts=5\b/, 30_000);
      const cpu = (ticks(host) - c0) / 100 / ((Date.now() - w0) / 1000);
      assert.ok(cpu < 0.05, `paas-init used ${(cpu * 100).toFixed(1)} % CPU while the app crash-looped`);
      const doc = (await (await fetch(`http://127.0.0.1:${sp}/status`)).json()) as { app: { restarts: number; lastExit: { code: number } } };
      assert.ok(doc.app.restarts >= 4, `restarts ${doc.app.restarts}`);
      assert.equal(doc.app.lastExit.code, 1);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('200 malformed inputs while the app runs: no crash, no restart, each reported, then recovery', async () => {
    const t = tempDir();
    const root = t.path;
    const project = 'name: sturdy\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string, default: t}\n    size: {type: int, default: 1}\n    api-token: {type: secret}\nrequires:\n  postgresql: {interface: postgresql_client}\n';
    // Every write is atomic, as the kubelet's are: a folder removed and written again would be,
    // for a moment, a missing secret or integration, which paas-init rightly acts on.
    const good = () => {
      writeFileSync(join(root, 'charmcraft.yaml'), project);
      writeVolume(join(root, 'config'), { token: 'good', size: '2' });
      writeVolume(join(root, 'secrets', 'api-token'), { value: 'reliability-secret-value' });
      writeVolume(join(root, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u:reliability-secret-value@db:5432/d' });
    };
    good();
    const out = join(root, 'starts');
    const addr = `127.0.0.1:${await freePort()}`;
    const status = `http://${addr}/status`;
    const p = Pid1.start(['run', '--root', root, '--app-dir', root, '--state-dir', join(root, 's'), '--status-addr', addr, '--', 'sh', '-c', `echo $$ >> ${out}; exec sleep 600`]);
    /** Waits until /status says the good input was read again: no input refused. */
    const goodTaken = async (why: () => string): Promise<void> => {
      const deadline = Date.now() + 5000;
      while ((await getJson<{ rejectedInput: unknown }>(status))?.rejectedInput !== null) {
        if (Date.now() > deadline) throw new Error(why());
        await sleep(10);
      }
    };
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
    const word = () => Math.floor(rand() * 1e9).toString(36);
    const mutations: ((i: number) => void)[] = [
      () => writeFileSync(join(root, 'charmcraft.yaml'), Buffer.concat([Buffer.from('name: [unclosed\n'), junk(64)])),
      () => writeFileSync(join(root, 'charmcraft.yaml'), project.slice(0, project.indexOf('{type: int') + 5 + Math.floor(rand() * 8))),
      () => writeVolume(join(root, 'config'), { token: 'good', size: `not-a-number-${word()}` }),
      () => writeVolume(join(root, 'config'), { token: 'good', size: '2', [`unknown-${word()}`]: 'x' }),
      () => writeVolume(join(root, 'config'), { token: 'good', size: '2', 'config.yaml': `size: [${word()}` }),
      () => writeVolume(join(root, 'config'), { token: 'good', size: '2', 'config.yaml': `- ${word()}\n- list` }),
      () => writeVolume(join(root, 'config'), { token: junk(40), size: '2' }),
      () => writeVolume(join(root, 'config'), { token: `nul\0${word()}`, size: '2' }),
      () => writeVolume(join(root, 'config'), { token: 'good', size: '2', big: Buffer.alloc(1024 * 1024 + 1, 120) }),
      () => symlinkSync(`loop-${word()}`, join(root, 'config', `loop-${word()}`)),
      () => symlinkSync('/nonexistent/target', join(root, 'config', `dangling-${word()}`)),
      () => writeVolume(join(root, 'secrets', 'api-token'), {}),
      () => writeVolume(join(root, 'secrets', 'api-token'), { value: junk(32) }),
      () => writeVolume(join(root, 'bindings', `postgres-${word()}`), { type: 'postgresql', uri: 'postgresql://u:p@db:5432/d' }),
      () => writeVolume(join(root, 'bindings', 'postgresql'), { type: 'postgresql', uri: `postgresql://u:p#${word()}@db:5432/d` }),
    ];
    const invalidCount = () => (p.stderr.match(/event=inputs.invalid/g) ?? []).length;
    try {
      await waitFor(() => (existsSync(out) && readFileSync(out, 'utf8').trim() !== '' ? true : undefined), 10_000, () => p.stderr);
      const firstPid = readFileSync(out, 'utf8').trim();
      const host = await p.hostPid();
      for (let i = 0; i < 200; i++) {
        const before = invalidCount();
        const m = mutations[i % mutations.length]!;
        m(i);
        await waitFor(() => (invalidCount() > before ? true : undefined), 5000, () => `mutation ${i % mutations.length} (#${i}) was not reported:\n${p.stderr.slice(-2000)}`);
        // Clean up what the mutation left (stray links, files), then the good input again.
        for (const n of readdirSync(join(root, 'config')).filter((x) => x.startsWith('loop-') || x.startsWith('dangling-'))) rmSync(join(root, 'config', n), { force: true });
        for (const n of readdirSync(join(root, 'bindings')).filter((x) => x !== 'postgresql')) rmSync(join(root, 'bindings', n), { recursive: true, force: true });
        good();
        await goodTaken(() => `the good input after mutation ${i % mutations.length} (#${i}) was not taken:\n${p.stderr.slice(-2000)}`);
        assert.ok(process.kill(host, 0), 'paas-init is alive');
      }
      // Good input with a new value: taken at once, with exactly one restart in the whole test.
      writeVolume(join(root, 'config'), { token: 'better', size: '3' });
      await waitFor(() => (readFileSync(out, 'utf8').trim().split('\n').length === 2 ? true : undefined), 10_000, () => p.stderr.slice(-2000));
      const starts = readFileSync(out, 'utf8').trim().split('\n');
      assert.equal(starts[0], firstPid);
      assert.equal(starts.length, 2, 'the app was never restarted for bad input');
      assert.doesNotMatch(p.stderr, /internal error|TypeError|at .*\.js:\d+/);
      assert.equal(p.stderr.includes('reliability-secret-value'), false);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });
});
