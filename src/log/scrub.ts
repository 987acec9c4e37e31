import { revealValue, type MaybeSecret } from './secret.js';

/**
 * Replaces every secret value found in a message (e.g. an error from a database driver) with
 * `<redacted>`: a last line of defence for text paas-init did not write itself.
 */
export function scrubber(values: readonly MaybeSecret[]): (message: string) => string {
  const secrets = values.filter((v) => typeof v !== 'string').map(revealValue).filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (message) => secrets.reduce((m, s) => m.split(s).join('<redacted>'), message);
}
