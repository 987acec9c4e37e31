// Reaping from a locked-down file system, as a strict container has it: a read-only root, noexec
// tmpfs on /tmp, /dev/shm and /run, the binary on a read-only mount, an arbitrary uid
// (test/fixtures/bin/locked-down). With koffi's library beside the binary (paas-init install)
// PID 1 reaps; without it reaping is unavailable, and the log, check, /status and /metrics say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { binary, runBinary, tempDir } from '../helpers/binary.js';
import { pollJson } from '../helpers/http.js';
import { childStates, Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const lockedDown = resolve('test/fixtures/bin/locked-down');
const uid = '584792'; // a rock's _daemon_; any uid without a home or a passwd entry would do
const env = { PATH: '/usr/bin:/bin' };
const orphans = 'for i in 1 2 3 4 5; do (sleep 0.01 &); done; echo made 5 orphans; sleep 30';

/** A folder readable by any uid holding the binary (and, installed, its library). */
function binDir(install: boolean): { path: string; cleanup: () => void } {
  const dir = tempDir('paas-init-reaping-');
  chmodSync(dir.path, 0o755);
  if (install) assert.equal(runBinary(['install', dir.path]).code, 0);
  else copyFileSync(binary, join(dir.path, 'paas-init'));
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

test('with the library installed beside the binary, PID 1 reaps orphans from a read-only root with a noexec /tmp, as an arbitrary uid', { skip: unshareSkip }, async () => {
  const dir = binDir(true);
  const p = Pid1.startRaw([lockedDown, dir.path, uid, '/mnt/paas-init', 'run', '--log-level', 'debug', '--', 'sh', '-c', orphans], { env });
  try {
    await p.waitForLog(/event=reaper.ready reaping="ok \(via \/mnt\/paas-init-koffi.node\)"/);
    await waitFor(() => (p.stdout.includes('made 5 orphans') ? true : undefined), 20_000, () => `no orphans made: ${p.stdout} ${p.stderr}`);
    const host = await p.hostPid();
    await waitFor(() => (p.stderr.match(/event=zombie.reaped/g)?.length === 5 ? true : undefined), 10_000, () => `reaped so far: ${p.stderr}`);
    assert.deepEqual(childStates(host).filter((s) => s === 'Z'), []);
  } finally {
    await p.kill();
    dir.cleanup();
  }
});

test('with only an exec-capable writable tmpfs, PID 1 loads a private copy from there, leaves no file behind and reaps', { skip: unshareSkip }, async () => {
  const dir = binDir(false);
  const p = Pid1.startRaw([lockedDown, dir.path, uid, '/mnt/paas-init', 'run', '--log-level', 'debug', '--', 'sh', '-c', orphans], { env: { ...env, EXEC_TMPFS: '/run' } });
  try {
    await p.waitForLog(/event=reaper.ready reaping="ok \(via a private copy in \/run\)"/);
    await waitFor(() => (p.stderr.match(/event=zombie.reaped/g)?.length === 5 ? true : undefined), 20_000, () => `reaped so far: ${p.stderr}`);
    // The namespace's /run, seen through PID 1's root.
    assert.deepEqual(readdirSync(`/proc/${await p.hostPid()}/root/run`), []);
  } finally {
    await p.kill();
    dir.cleanup();
  }
});

test('with nowhere to load the library from, reaping is unavailable and the log, check, /status and /metrics say why and how to fix it', { skip: unshareSkip }, async () => {
  const dir = binDir(false);
  const stateDir = existsSync('/var/lib/paas-init') ? '; /var/lib/paas-init: read-only' : '';
  const why = `koffi's native library (for waitpid) has no place to be loaded from: /mnt/paas-init-koffi.node: missing${stateDir}; /tmp: noexec; /dev/shm: noexec; /run: noexec; /var/tmp: read-only; fix: run "paas-init install DIR" when the image is built, or give a writable folder whose mount is not noexec (TMPDIR)`;
  const check = Pid1.startRaw([lockedDown, dir.path, uid, '/mnt/paas-init', 'check', '--json'], { env });
  const port = await freePort();
  const p = Pid1.startRaw([lockedDown, dir.path, uid, '/mnt/paas-init', 'run', '--status-addr', `127.0.0.1:${port}`, '--', 'sh', '-c', orphans], { env });
  try {
    assert.equal((await check.wait()).code, 0, check.stderr);
    assert.equal((JSON.parse(check.stdout) as { reaping: string }).reaping, `unavailable: ${why}`);
    await p.waitForLog(/event=reaper.unavailable/);
    assert.ok(p.stderr.includes(`event=reaper.unavailable reason=${JSON.stringify(`${why}; orphans will stay zombies`)}`), p.stderr);
    const status = await pollJson<{ reaping: string }>(`http://127.0.0.1:${port}/status`, () => true, 10_000, () => p.stderr);
    assert.equal(status.reaping, `unavailable: ${why}`);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
    assert.match(metrics, /^paas_init_reaping_available 0$/m);
  } finally {
    await p.kill();
    dir.cleanup();
  }
});

test('not PID 1, the subreaper follows the same rule: with nowhere to load the library from it says so at start', { skip: unshareSkip }, async () => {
  const dir = binDir(false);
  try {
    const r = spawnSync('unshare', ['--mount', lockedDown, dir.path, uid, '/mnt/paas-init', 'run', '--', 'true'], { encoding: 'utf8', env, timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /event=reaper.unavailable reason="koffi's native library \(for waitpid\) has no place to be loaded from: \/mnt\/paas-init-koffi.node: missing;/);
  } finally {
    dir.cleanup();
  }
});
