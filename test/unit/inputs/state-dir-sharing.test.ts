import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesystemOf, isSharedFilesystem } from '../../../src/inputs/state-dir-sharing.js';

// Lines as /proc/self/mountinfo has them in a pod: the root overlay, an emptyDir, an NFS volume.
const mountinfo = [
  '1021 1000 0:120 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/a,upperdir=/b,workdir=/c',
  '1030 1021 259:1 /var/lib/kubelet/pods/x/volumes/kubernetes.io~empty-dir/state /var/lib/paas-init rw,relatime - ext4 /dev/nvme0n1p1 rw',
  '1031 1021 0:130 / /var/lib/paas-init-shared rw,relatime - nfs4 10.0.0.5:/export rw,vers=4.1',
  '1032 1021 0:131 / /mnt/with\\040space rw - cephfs 10.0.0.6:/ rw',
].join('\n');

test('the state dir\'s filesystem is the one of the longest mount point above it', () => {
  const cases: [string, string | undefined][] = [
    ['/var/lib/paas-init', 'ext4'],
    ['/var/lib/paas-init/sub', 'ext4'],
    ['/var/lib/paas-init-shared', 'nfs4'],
    ['/var/lib/paas-init-shared/x', 'nfs4'],
    ['/var/lib/paas-initial', 'overlay'],
    ['/mnt/with space/s', 'cephfs'],
    ['/tmp/state', 'overlay'],
  ];
  for (const [path, want] of cases) assert.equal(filesystemOf(path, mountinfo), want, path);
  assert.equal(filesystemOf('/x', ''), undefined);
});

test('network filesystems count as shared between replicas, local ones do not', () => {
  for (const t of ['nfs', 'nfs4', 'cephfs', 'glusterfs', 'cifs']) assert.equal(isSharedFilesystem(t), true, t);
  for (const t of ['ext4', 'xfs', 'overlay', 'tmpfs', 'btrfs']) assert.equal(isSharedFilesystem(t), false, t);
});
