import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '../log/secret.js';

/** The file in the state dir that keeps the generated app secret key. */
export const secretKeyFile = 'secret-key';

/** The key and how it was obtained. */
export interface SecretKeyOutcome {
  readonly key: Secret;
  readonly path: string;
  readonly generated: boolean;
  /** set when the key could not be kept: it lives only as long as this process */
  readonly unsavedReason?: string;
}

/** Where the key is kept. */
export function secretKeyPath(stateDir: string): string {
  return join(stateDir, secretKeyFile);
}

/** The kept key, if there is one. */
export function readSecretKey(stateDir: string): Secret | undefined {
  try {
    const text = readFileSync(secretKeyPath(stateDir), 'utf8').trim();
    return text === '' ? undefined : new Secret(text);
  } catch {
    return undefined;
  }
}

/** paas-charm's secrets.token_urlsafe(64): 64 random bytes, URL-safe base64. */
// Read from the kernel directly: loading node:crypto for 64 bytes would slow every start-up (bench/env-startup.mjs).
export function generateSecretKey(): Secret {
  const bytes = Buffer.alloc(64);
  const fd = openSync('/dev/urandom', 'r');
  try {
    let got = 0;
    while (got < bytes.length) got += readSync(fd, bytes, got, bytes.length - got, null);
  } finally {
    closeSync(fd);
  }
  return new Secret(bytes.toString('base64url'));
}

/**
 * Reads the kept key, or generates one and keeps it (write to a temp name, then rename, so a
 * concurrent reader never sees half a key). The same key on every restart, as the peer
 * relation gives it in paas-charm.
 */
export function loadSecretKey(stateDir: string, rotate = false): SecretKeyOutcome {
  const path = secretKeyPath(stateDir);
  if (!rotate) {
    const kept = readSecretKey(stateDir);
    if (kept !== undefined) return { key: kept, path, generated: false };
  }
  const key = generateSecretKey();
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, key.reveal() + '\n', { mode: 0o600 });
    renameSync(tmp, path);
    return { key, path, generated: true };
  } catch (e) {
    return { key, path, generated: true, unsavedReason: e instanceof Error ? e.message : String(e) };
  }
}
