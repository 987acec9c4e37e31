// PostgreSQL TLS, ahead of paas-charm (its open PRs #360 and #361): a binding's `sslmode`, or the
// Juju databag's `tls` ("True"/"False" → require/disable), goes into the URI's query, unless the
// URI already says an sslmode, which is kept.
import { entryText, type BindingData } from './binding-data.js';

/** The sslmode a binding asks for, if any. */
export function pgSslMode(b: BindingData): string | undefined {
  const mode = entryText(b, 'sslmode')?.trim();
  if (mode !== undefined) return mode;
  const tls = entryText(b, 'tls')?.trim().toLowerCase();
  return tls === 'true' ? 'require' : tls === 'false' ? 'disable' : undefined;
}

/** The URI with `sslmode=<mode>` added to its query, unless it has an sslmode already. */
export function withSslMode(uri: string, mode: string): string {
  const hash = uri.indexOf('#');
  const body = hash === -1 ? uri : uri.slice(0, hash);
  const fragment = hash === -1 ? '' : uri.slice(hash);
  const q = body.indexOf('?');
  if (q !== -1 && /(?:^|&)sslmode=/.test(body.slice(q + 1))) return uri;
  const sep = q === -1 ? '?' : body.endsWith('?') || body.endsWith('&') ? '' : '&';
  return `${body}${sep}sslmode=${encodeURIComponent(mode)}${fragment}`;
}
