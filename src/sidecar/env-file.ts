import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes the env file atomically: a temporary file in the same folder (so the rename stays on one
 * filesystem), then rename over the target, so a reader never sees half a file. Mode 0600: it
 * holds secrets. Returns false when the content is already there (nothing written).
 */
export function writeEnvFile(path: string, content: string): boolean {
  try {
    if (readFileSync(path, 'utf8') === content) return false;
  } catch {
    // not there yet
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
  return true;
}
