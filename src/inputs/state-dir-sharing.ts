import { mountOf, parseMountinfo, readMountinfo } from './mountinfo.js';

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
 * /proc/self/mountinfo text (pure).
 */
export function filesystemOf(path: string, mountinfo: string): string | undefined {
  return mountOf(path, parseMountinfo(mountinfo))?.fsType;
}

/** Whether replicas would share the state dir's secret key: its filesystem is a shared one. */
export function stateDirShared(stateDir: string): boolean {
  const fsType = filesystemOf(stateDir, readMountinfo());
  return fsType !== undefined && isSharedFilesystem(fsType);
}
