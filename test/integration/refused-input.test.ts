// What paas-init refuses is visible where people look: /readyz, /status, /metrics, `paas-init
// status` and the log, both before any good plan and while the app runs on its last good plan.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runBinary, tempDir } from '../helpers/binary.js';
import { freePort, pollJson } from '../helpers/http.js';
import { writeVolume } from '../helpers/kubelet-volume.js';
import { Pid1, sleep, unshareSkip, waitFor } from '../helpers/pid1.js';

const project = `name: visible
extensions: [flask-framework]
config:
  options:
    count: {type: int}
requires:
  postgresql: {interface: postgresql_client}
`;

interface Doc {
  ready: boolean;
  reason: string | null;
  rejectedInput: { since: string; keeping: string; problems: string[] } | null;
}

async function text(url: string): Promise<{ code: number; body: string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return { code: r.status, body: await r.text() };
}

/** Polls a text URL until `accept` holds, bounded. */
async function pollText(url: string, accept: (r: { code: number; body: string }) => boolean, why: () => string): Promise<{ code: number; body: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await text(url).catch(() => undefined);
    if (r !== undefined && accept(r)) return r;
    if (Date.now() > deadline) throw new Error(`${url}: last ${JSON.stringify(r)}\n${why()}`);
    await sleep(100);
  }
}

describe('refused input', { skip: unshareSkip }, () => {
  test('refused input shows on /readyz, /status, /metrics, in paas-init status and the log, before and after a good plan', async () => {
    const t = tempDir();
    const root = t.path;
    writeFileSync(join(root, 'charmcraft.yaml'), project);
    writeFileSync(join(root, 'app.py'), '');
    writeVolume(join(root, 'config'), { count: 'abc' });
    writeVolume(join(root, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u:visible-secret@db:5432/d' });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const starts = join(root, 'starts');
    const p = Pid1.start(['run', '--root', root, '--app-dir', root, '--state-dir', join(root, 's'), '--status-addr', `127.0.0.1:${port}`, '--', 'sh', '-c', `echo $$ >> ${starts}; exec sleep 600`]);
    const problem = `${root}/config/count: count: expected an integer, got string "abc"`;
    try {
      // No good plan yet: 503 with the first problem; /status lists all; paas-init status says the same.
      const ready = await pollText(`${base}/readyz`, (r) => r.code === 503 && r.body.startsWith('not ready: invalid'), () => p.stderr);
      assert.equal(ready.body, `not ready: invalid input: ${problem}\n`);
      const first = await pollJson<Doc>(`${base}/status`, (d) => d.rejectedInput !== null, 10_000, () => p.stderr);
      assert.deepEqual(first.rejectedInput?.problems, [problem]);
      assert.equal(first.rejectedInput?.keeping, 'nothing: waiting for valid input');
      const status = runBinary(['status', '--status-addr', `127.0.0.1:${port}`]);
      assert.equal(status.code, 3);
      assert.match(status.stdout, new RegExp(`^input {7}refused since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, keeping nothing: waiting for valid input\\n  ${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));

      // Good input: the app starts and is ready; nothing is refused.
      writeVolume(join(root, 'config'), { count: '3' });
      await waitFor(() => (existsSync(starts) ? true : undefined), 10_000, () => p.stderr);
      await pollText(`${base}/readyz`, (r) => r.code === 200, () => p.stderr);
      assert.match((await text(`${base}/metrics`)).body, /^paas_init_input_rejected 0$/m);

      // Bad input again: the app stays on its last good plan, and that is visible.
      writeVolume(join(root, 'config'), { count: 'xyz' });
      const kept = await pollJson<Doc>(`${base}/status`, (d) => d.rejectedInput !== null, 10_000, () => p.stderr);
      assert.equal(kept.ready, true);
      assert.equal(kept.rejectedInput?.keeping, 'the last good plan');
      assert.deepEqual(kept.rejectedInput?.problems, [`${root}/config/count: count: expected an integer, got string "xyz"`]);
      assert.ok(Date.parse(kept.rejectedInput!.since) > 0);
      const metrics = (await text(`${base}/metrics`)).body;
      assert.match(metrics, /^paas_init_input_rejected 1$/m);
      assert.match(metrics, /^paas_init_input_problems 1$/m);
      assert.equal((await text(`${base}/readyz`)).code, 200, 'the app on its last good plan stays ready');
      await p.waitForLog(/event=inputs.invalid msg=".*config\/count: count: expected an integer, got string \\"xyz\\"" keeping="the last good plan"/);

      // A bad URI in the live binding: the log keeps the last good plan and never says "blocked".
      writeVolume(join(root, 'config'), { count: '3' });
      await pollJson<Doc>(`${base}/status`, (d) => d.rejectedInput === null, 10_000, () => p.stderr);
      writeVolume(join(root, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u:p#x@db:5432/d' });
      await p.waitForLog(/event=inputs.invalid msg=".*bindings\/postgresql\/uri: postgresql: .*" keeping="the last good plan"/);
      assert.doesNotMatch(p.stderr, /blocked/);
      assert.equal(readFileSync(starts, 'utf8').trim().split('\n').length, 1, 'the app was never restarted for bad input');
      assert.equal(p.stderr.includes('visible-secret'), false);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });
});
