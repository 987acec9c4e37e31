// The mount readers on real files laid out as the kubelet lays them out.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Problem } from '../../../src/errors.js';
import { resolveInputPaths } from '../../../src/inputs/input-paths.js';
import { maxValueBytes, readMountedDir } from '../../../src/inputs/read-mount.js';
import { writeVolume } from '../../helpers/kubelet-volume.js';

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'read-mount-test-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const values = (d: ReturnType<typeof readMountedDir>): Record<string, string> => Object.fromEntries([...d.files].map(([k, f]) => [k, f.value.reveal()]));

test('a kubelet volume is read through its ..data links, as live; one trailing newline is dropped, an empty file is ""', () => {
  withDir((dir) => {
    writeVolume(join(dir, 'config'), { token: 'abc\n', empty: '', twoLines: 'a\n\n' });
    const problems: Problem[] = [];
    const d = readMountedDir(join(dir, 'config'), 0, problems);
    assert.deepEqual(problems, []);
    assert.equal(d.live, true);
    assert.deepEqual(values(d), { empty: '', token: 'abc', twoLines: 'a\n' });
    writeVolume(join(dir, 'config'), { token: 'def' });
    assert.deepEqual(values(readMountedDir(join(dir, 'config'), 0, problems)), { token: 'def' }, 'a swap is read whole: old keys are gone');
  });
});

test('sub-folders are read to the depth asked, deeper ones listed unread; a plain folder is not live; a missing one does not exist', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'secrets', 'api-token', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'secrets', 'api-token', 'value'), 's3cr3t-value');
    const d = readMountedDir(join(dir, 'secrets'), 1, []);
    assert.equal(d.live, false);
    const token = d.dirs.get('api-token')!;
    assert.deepEqual(values(token), { value: 's3cr3t-value' });
    assert.equal(token.dirs.get('deeper')?.exists, true);
    assert.equal(token.dirs.get('deeper')?.files.size, 0);
    const missing = readMountedDir(join(dir, 'nothing-here'), 1, []);
    assert.equal(missing.exists, false);
  });
});

test('a file that cannot be a value is a problem naming it, never its content; the others are still read', () => {
  withDir((dir) => {
    const m = join(dir, 'config');
    mkdirSync(m);
    writeFileSync(join(m, 'good'), 'ok');
    writeFileSync(join(m, 'binary'), Buffer.from([0xff, 0xfe, 0x00]));
    writeFileSync(join(m, 'nul'), 'a\0b');
    writeFileSync(join(m, 'huge'), Buffer.alloc(maxValueBytes + 1, 0x61));
    symlinkSync(join(m, 'gone'), join(m, 'dangling'));
    const problems: Problem[] = [];
    const d = readMountedDir(m, 0, problems);
    assert.deepEqual(values(d), { good: 'ok' });
    assert.deepEqual(problems.map((p) => [p.file.slice(m.length + 1), p.expected, p.found]).sort(), [
      ['binary', 'UTF-8 text', 'binary data'],
      ['dangling', 'a file or folder', 'a dangling symlink (ENOENT)'],
      ['huge', 'at most 1 MiB (the Kubernetes limit)', 'a larger file'],
      ['nul', 'UTF-8 text', 'a NUL byte (cannot be passed in an environment variable)'],
    ]);
  });
});

test('input paths: flags beat environment variables beat defaults, all made absolute', () => {
  const env = { PAAS_INIT_ROOT: '/env-root', SERVICE_BINDING_ROOT: '/sb', PAAS_INIT_STATE_DIR: '', PAAS_INIT_PROJECT: 'p.yaml' };
  // The folders the mounts are read from (the state dir candidates and the layers folder: input-paths.test.ts).
  const placed = (p: ReturnType<typeof resolveInputPaths>): Partial<typeof p> => ({ root: p.root, ...(p.explicitProject === undefined ? {} : { explicitProject: p.explicitProject }), configDir: p.configDir, secretsDir: p.secretsDir, bindingsDir: p.bindingsDir, appDir: p.appDir, stateDir: p.stateDir });
  assert.deepEqual(placed(resolveInputPaths({}, env, '/work')), {
    root: '/env-root', explicitProject: '/work/p.yaml', configDir: '/env-root/config', secretsDir: '/env-root/secrets', bindingsDir: '/sb',
    appDir: '/work', stateDir: '/var/lib/paas-init',
  });
  assert.deepEqual(placed(resolveInputPaths({ root: 'r', bindingsDir: 'b', appDir: 'a', stateDir: 's', configDir: '/c' }, env, '/work')), {
    root: '/work/r', explicitProject: '/work/p.yaml', configDir: '/c', secretsDir: '/work/r/secrets', bindingsDir: '/work/b', appDir: '/work/a', stateDir: '/work/s',
  });
  assert.equal(resolveInputPaths({}, {}, '/w').root, '/etc/paas-init');
});
