// The mount table (src/inputs/mountinfo.ts) and where koffi's library may be dlopen-ed (src/supervisor/exec-mounts.ts),
// on mount tables like those of real containers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mountOf, parseMountinfo } from '../../../src/inputs/mountinfo.js';
import { mountVerdict } from '../../../src/supervisor/exec-mounts.js';

// A container with a read-only root, Docker's noexec /tmp, an exec-capable /dev/shm, a read-only
// bind mount holding the binary, and a mount point with a space in its name.
const container = [
  '612 540 0:52 / / ro,relatime master:301 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w',
  '613 612 0:55 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw',
  '614 612 0:56 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755',
  '615 614 0:57 / /dev/shm rw,nosuid,nodev,relatime - tmpfs shm rw,size=65536k',
  '616 612 0:58 / /tmp rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw',
  '617 612 8:1 /srv/bin /paas-init ro,relatime - ext4 /dev/sda1 rw',
  '618 612 0:59 / /var/lib/my\\040state rw,relatime - tmpfs tmpfs rw',
  '619 612 8:1 /data /data rw,relatime - ext4 /dev/sda1 ro,errors=remount-ro',
  'not a mountinfo line',
  '',
].join('\n');

test('each line gives its mount point (octal escapes decoded), its own options, the file system type and its options; other lines are skipped', () => {
  const mounts = parseMountinfo(container);
  assert.equal(mounts.length, 8);
  assert.deepEqual(mounts[4], { mountPoint: '/tmp', options: ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'], fsType: 'tmpfs', superOptions: ['rw'] });
  assert.equal(mounts[5]?.fsType, 'ext4');
  assert.equal(mounts[6]?.mountPoint, '/var/lib/my state');
  assert.deepEqual(mounts[7]?.superOptions, ['ro', 'errors=remount-ro']);
});

test('a path belongs to the longest mount point above it, and a later mount over the same point hides the earlier', () => {
  const mounts = parseMountinfo(container + '\n700 616 0:60 / /tmp rw,relatime - tmpfs tmpfs rw\n');
  assert.equal(mountOf('/tmp/x/y', mounts)?.options.includes('noexec'), false);
  assert.equal(mountOf('/dev/shm', mounts)?.mountPoint, '/dev/shm');
  assert.equal(mountOf('/devices', mounts)?.mountPoint, '/', '/devices is not under /dev');
  assert.equal(mountOf('/usr/local/bin', mounts)?.mountPoint, '/');
});

const cases: { summary: string; path: string; expected: 'noexec' | 'read-only' | null }[] = [
  { summary: 'a noexec tmpfs cannot hold it', path: '/tmp', expected: 'noexec' },
  { summary: 'a folder below a noexec mount cannot either', path: '/tmp/paas-init', expected: 'noexec' },
  { summary: 'a writable exec-capable tmpfs can', path: '/dev/shm', expected: null },
  { summary: 'the read-only root cannot take a copy', path: '/var/lib/paas-init', expected: 'read-only' },
  { summary: 'a read-only bind mount cannot take a copy', path: '/paas-init', expected: 'read-only' },
  { summary: 'a file system mounted read-only (its own options) cannot', path: '/data/x', expected: 'read-only' },
  { summary: 'a mount point with a space in its name is matched decoded', path: '/var/lib/my state/lib', expected: null },
  { summary: 'a noexec pseudo file system (proc) cannot', path: '/proc/self', expected: 'noexec' },
];
for (const c of cases) {
  test(`mount verdict: ${c.summary}`, () => {
    assert.equal(mountVerdict(c.path, parseMountinfo(container)), c.expected);
  });
}

test('without a mount table (no /proc) nothing is ruled out: the attempt decides', () => {
  assert.equal(mountVerdict('/tmp', parseMountinfo('')), null);
});
