// spawnOwned with real processes: how each way of ending becomes an exit code, with inherited
// stdio and with pipes.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { spawnOwned, type ProcessEnd } from '../../../src/supervisor/spawn.js';
import { tempDir } from '../../helpers/binary.js';

const env = { PATH: '/usr/bin:/bin' };

/** Every wait bounded: a process that does not end fails the test instead of hanging it. */
async function ended(p: { ended: Promise<ProcessEnd> }, timeoutMs = 10_000): Promise<ProcessEnd> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no end within ${timeoutMs} ms`)), timeoutMs)));
  try {
    return await Promise.race([p.ended, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const stdio of ['inherit', 'pipe'] as const) {
  describe(`spawnOwned with stdio ${stdio}`, () => {
    test('an exit code is passed on as it is', async () => {
      const p = spawnOwned(undefined, ['sh', '-c', 'exit 7'], { env, cwd: '/', group: true, stdio });
      assert.ok(p.pid !== undefined && p.pid > 0);
      assert.deepEqual(await ended(p), { code: 7 });
    });

    test('death by a signal becomes 128+N, with the signal named', async () => {
      const p = spawnOwned(undefined, ['sh', '-c', 'kill -TERM $$; sleep 5'], { env, cwd: '/', group: true, stdio });
      assert.deepEqual(await ended(p), { code: 143, signal: 'SIGTERM' });
      const q = spawnOwned(undefined, ['sleep', '5'], { env, cwd: '/', group: true, stdio });
      process.kill(q.pid!, 'SIGKILL');
      assert.deepEqual(await ended(q), { code: 137, signal: 'SIGKILL' });
    });

    test('a program not found is 127, one not executable 126; neither has a pid', async () => {
      const missing = spawnOwned(undefined, ['no-such-program-paas-init'], { env, cwd: '/', group: true, stdio });
      assert.equal(missing.pid, undefined);
      const m = await ended(missing);
      assert.equal(m.code, 127);
      assert.match(m.spawnError ?? '', /^spawn no-such-program-paas-init: ENOENT$/);
      const t = tempDir();
      try {
        const file = join(t.path, 'not-executable');
        writeFileSync(file, '#!/bin/sh\nexit 0\n');
        chmodSync(file, 0o644);
        const denied = spawnOwned(undefined, [file], { env, cwd: '/', group: true, stdio });
        const d = await ended(denied);
        assert.equal(d.code, 126);
        assert.match(d.spawnError ?? '', /EACCES/);
      } finally {
        t.cleanup();
      }
    });

    test('the child gets exactly the env and cwd given, and with group: true a session of its own', async () => {
      const t = tempDir();
      try {
        const out = join(t.path, 'out');
        const p = spawnOwned(undefined, ['sh', '-c', `{ env; pwd; echo "pid=$$"; cut -d' ' -f6 /proc/$$/stat; } > ${out}`], { env: { ...env, ONE: 'a b=c', EMPTY: '' }, cwd: t.path, group: true, stdio });
        assert.equal((await ended(p)).code, 0);
        const lines = readFileSync(out, 'utf8').trim().split('\n');
        const [session, pidLine, cwd] = [lines.at(-1), lines.at(-2), lines.at(-3)];
        const vars = lines.slice(0, -3).filter((l) => !/^(PWD|SHLVL|_)=/.test(l)).sort();
        assert.deepEqual(vars, ['EMPTY=', 'ONE=a b=c', 'PATH=/usr/bin:/bin']);
        assert.equal(cwd, t.path);
        assert.equal(pidLine, `pid=${p.pid}`);
        assert.equal(session, String(p.pid), 'setsid: the child leads its own session');
      } finally {
        t.cleanup();
      }
    });
  });
}

test('a NUL byte in an argument is refused before anything runs', () => {
  assert.throws(() => spawnOwned(undefined, ['true', 'a\0b'], { env, cwd: '/', group: false }), /null bytes/);
});
