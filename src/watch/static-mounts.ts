import { statSync } from 'node:fs';
import { parseMountinfo, readMountinfo } from '../inputs/mountinfo.js';

/**
 * Single files mounted on their own (a Kubernetes `subPath` mount, or `docker run -v file:file`):
 * bind mounts of one resolved file, which never see later updates. Found in /proc/self/mountinfo
 * as mount points under the input folders that are files, not folders.
 */
export function staticFileMounts(roots: readonly string[], mountinfo = readMountinfo()): string[] {
  const out: string[] = [];
  for (const { mountPoint: path } of parseMountinfo(mountinfo)) {
    if (!roots.some((r) => path === r || path.startsWith(r.endsWith('/') ? r : `${r}/`))) continue;
    try {
      if (statSync(path).isFile()) out.push(path);
    } catch {
      // gone
    }
  }
  return out;
}
