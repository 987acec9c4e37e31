// Lays out and updates a mounted Secret/ConfigMap volume exactly as the kubelet's atomic writer
// does (kubernetes pkg/volume/util/atomic_writer.go): files in a hidden timestamped folder,
// `..data` pointing at it, one `<key> -> ..data/<key>` symlink per key; an update writes a new
// folder, points `..data_tmp` at it, renames it over `..data`, fixes the key links, then
// removes the old folder.
import { mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

let counter = 0;

function stamp(): string {
  counter += 1;
  return `..${new Date().toISOString().replace(/[-:.]/g, '_')}.${process.pid}${counter}`;
}

/** Writes (first time) or atomically replaces (later) the whole set of keys of a volume. */
export function writeVolume(dir: string, files: Record<string, string | Buffer>): void {
  mkdirSync(dir, { recursive: true });
  const data = stamp();
  mkdirSync(join(dir, data));
  for (const [k, v] of Object.entries(files)) writeFileSync(join(dir, data, k), v);
  let old: string | undefined;
  try {
    old = readlinkSync(join(dir, '..data'));
  } catch {
    old = undefined;
  }
  symlinkSync(data, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  const keep = new Set(Object.keys(files));
  for (const name of readdirSync(dir)) {
    if (name.startsWith('..')) continue;
    if (!keep.has(name)) unlinkSync(join(dir, name));
  }
  for (const k of keep) {
    if (!exists(join(dir, k))) symlinkSync(join('..data', k), join(dir, k));
  }
  if (old !== undefined) rmSync(join(dir, old), { recursive: true, force: true });
}

/** Removes the volume (as when a pod loses an optional Secret, or a test unbinds). */
export function removeVolume(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
