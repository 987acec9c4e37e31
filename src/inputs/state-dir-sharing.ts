import { readFileSync } from 'node:fs';

/**
 * Filesystems that pods on several nodes can mount at once (ReadWriteMany volumes): a state dir on
 * one of them holds one secret key for every replica. Anything else (an emptyDir, a node's disk,
 * the container's own layer) is taken as per pod.
 */
const sharedFilesystems: ReadonlySet<string> = new Set(['nfs', 'nfs4', 'cephfs', 'fuse.ceph-fuse', 'glusterfs', 'fuse.glusterfs', 'cifs', 'smb3', 'lustre', 'gpfs', 'fuse.juicefs', 'fuse.s3fs']);

/** Whether a filesystem type is one replicas can share (pure). */
export function isSharedFilesystem(fsType: string): boolean {
  return sharedFilesystems.has(fsType);
}

/**
 * The type of the filesystem holding `path` (or its nearest existing parent), from a
 * /proc/self/mountinfo text: the mount with the longest mount point above it (pure).
 */
export function filesystemOf(path: string, mountinfo: string): string | undefined {
  let best: { point: string; type: string } | undefined;
  for (const line of mountinfo.split('\n')) {
    // `id parent major:minor root mountpoint options [optional fields] - fstype source superoptions`
    const [left, right] = line.split(' - ');
    const point = left?.split(' ')[4]?.replace(/\\040/g, ' ');
    const type = right?.split(' ')[0];
    if (point === undefined || type === undefined) continue;
    const above = point === '/' || path === point || path.startsWith(`${point}/`);
    if (above && (best === undefined || point.length >= best.point.length)) best = { point, type };
  }
  return best?.type;
}

/** Whether replicas would share the state dir's secret key: its filesystem is a shared one. */
export function stateDirShared(stateDir: string): boolean {
  try {
    const fsType = filesystemOf(stateDir, readFileSync('/proc/self/mountinfo', 'utf8'));
    return fsType !== undefined && isSharedFilesystem(fsType);
  } catch {
    return false;
  }
}
