// PID-1 duties checked as tini's own suite checks them: every exit code, reaping as a subreaper
// (not PID 1), and stop signals passed on as they arrived, with a project too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { binary, cleanEnv, tempDir } from '../helpers/binary.js';
import { recordOutput } from '../helpers/output-record.js';
import { childStates, Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const bin = (name: string): string => resolve('test/fixtures/bin', name);
const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);

/** Runs `work` over `items`, `width` at a time. */
async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: width }, lane));
  return out;
}

describe('PID-1 duties', { skip: unshareSkip }, () => {
  test('every exit code from 0 to 255 passes through paas-init running as PID 1', async () => {
    const codes = Array.from({ length: 256 }, (_, n) => n);
    // Each run is its own PID namespace (paas-init is PID 1 in each); a few at a time.
    const got = await inPool(codes, 4, async (n) => (await Pid1.start(['run', '--', 'sh', '-c', `exit ${n}`]).wait(30_000)).code);
    const wrong = codes.filter((n) => got[n] !== n).map((n) => `${n} gave ${got[n]}`);
    assert.deepEqual(wrong, [], 'exit codes that did not pass through');
  });

  test('stop signals reach a project\'s app as they arrived: INT as INT, a second one too, then SIGKILL after the grace', async () => {
    const t = tempDir();
    writeFileSync(join(t.path, 'charmcraft.yaml'), 'name: web\nextensions: [flask-framework]\n');
    const out = join(t.path, 'signals');
    // First INT: noted; second INT: noted and exit 7. Stands in for gunicorn's "INT: quick stop".
    const app = `n=0; trap 'n=$((n+1)); echo INT >> ${out}; [ $n -ge 2 ] && exit 7' INT; trap 'echo TERM >> ${out}' TERM; echo ready >> ${out}; while :; do sleep 0.05; done`;
    const base = ['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--status-addr', 'off', '--grace', '2s'];
    const twice = Pid1.start([...base, '--', 'sh', '-c', app]);
    try {
      await waitFor(() => (lines(out).length >= 1 ? true : undefined), 10_000, () => twice.stderr);
      await twice.signal('SIGINT');
      await waitFor(() => (lines(out).length >= 2 ? true : undefined), 10_000, () => twice.stderr);
      await twice.signal('SIGINT');
      assert.equal((await twice.wait()).code, 7);
      assert.deepEqual(lines(out), ['ready', 'INT', 'INT']);
      assert.match(twice.stderr, /event=app.stopping pid=\d+ reason="received SIGINT" graceMs=2000/);
      assert.doesNotMatch(twice.stderr, /event=app.killed/);
      // An app that ignores INT is killed once the grace is over.
      const ignoring = Pid1.start([...base, '--', 'sh', '-c', `trap '' INT; echo ready >> ${out}.2; while :; do sleep 0.05; done`]);
      await waitFor(() => (lines(`${out}.2`).length >= 1 ? true : undefined), 10_000, () => ignoring.stderr);
      await ignoring.signal('SIGINT');
      assert.equal((await ignoring.wait()).code, 137);
      assert.match(ignoring.stderr, /event=app.killed pid=\d+ afterMs=2000/);
    } finally {
      await twice.kill();
      t.cleanup();
    }
  });
});

describe('reaping as a subreaper', () => {
  test('not PID 1, paas-init becomes the subreaper of the app\'s orphans and reaps every one', async () => {
    const p = spawn(binary, ['run', '--log-level', 'debug', '--', bin('orphan-maker'), '50'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    try {
      await waitFor(() => (stdout.includes('made 50 orphans') ? true : undefined), 20_000, () => `orphan-maker did not finish: ${stdout} ${stderr}`);
      // Re-parented to paas-init (not to the machine's init) and reaped there: 50 reaps logged,
      // and paas-init's only child left is the app.
      await waitFor(() => ((stderr.match(/event=zombie.reaped /g) ?? []).length >= 50 ? true : undefined), 20_000, () => `reaped: ${(stderr.match(/event=zombie.reaped /g) ?? []).length}; stderr:\n${stderr}`);
      await waitFor(() => (childStates(p.pid!).join('') === 'S' ? true : undefined), 10_000, () => `children of paas-init: ${childStates(p.pid!).join('')}`);
      assert.doesNotMatch(stderr, /event=reaper.unavailable/);
      p.kill('SIGTERM');
      assert.equal(await exited, 143, 'orphan-maker\'s sleep ends on SIGTERM');
    } finally {
      p.kill('SIGKILL');
      recordOutput('paas-init as a subreaper', stderr);
    }
  });
});
