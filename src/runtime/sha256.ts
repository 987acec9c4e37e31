import type * as Crypto from 'node:crypto';
import { builtin } from './builtin.js';

/**
 * The SHA-256 digest of a text. node:crypto is loaded at the first digest rather than with the
 * binary: only a migration's database lock needs one, and loading it is dear
 * (bench/deferred-loads.mjs).
 */
export function sha256(text: string): Buffer {
  return builtin<typeof Crypto>('node:crypto').createHash('sha256').update(text).digest();
}
