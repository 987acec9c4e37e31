import type { Secret } from '../../log/secret.js';
import type { IntegrationSpec } from '../../mapping/integrations.js';
import { splitServiceUri } from '../service-uri.js';
import { entryText, firstEntry, type BindingData, type BindingResult } from './binding-data.js';
import { urlVars } from './url-vars.js';

/**
 * Valkey (src/paas_charm/app.py generate_valkey_env): `valkey://[user:pass@]<endpoints>` unless the
 * endpoint is a URI already; credentials only with a user name. Plus the read-only and sentinel
 * endpoints, mode and version (empty strings when absent).
 */
export function valkeyVars(spec: IntegrationSpec, b: BindingData): BindingResult {
  // A host without a port is no data yet, as for Redis; leader-host wins over hostname.
  const endpoints = firstEntry(b, ['uri', 'endpoints', 'leader-host', 'host', 'hostname']);
  const port = entryText(b, 'port');
  if (endpoints === undefined) return { kind: 'not-ready', note: 'no endpoints entry' };
  if (firstEntry(b, ['uri', 'endpoints']) === undefined && port === undefined && !endpoints.includes(':')) return { kind: 'not-ready', note: 'no port entry' };
  const username = firstEntry(b, ['username', 'user']);
  const password = entryText(b, 'password') ?? '';
  const where = endpoints.includes('://') ? endpoints : `${endpoints}${port !== undefined && !endpoints.includes(':') ? `:${port}` : ''}`;
  const url = where.includes('://') ? where : `${spec.scheme}://${username === undefined ? '' : `${encodeURIComponent(username)}:${encodeURIComponent(password)}@`}${where.split(',')[0]}`;
  const split = splitServiceUri(url);
  if (split === undefined) return { kind: 'invalid', key: 'endpoints', expected: 'host:port or a valkey:// URI', found: 'text that does not parse' };
  const vars: [string, string | Secret][] = urlVars(spec.envPrefix, split, spec.emitsName);
  vars.push(
    ['VALKEY_DB_READ_ONLY_ENDPOINTS', firstEntry(b, ['read-only-endpoints', 'read_only_endpoints']) ?? ''],
    ['VALKEY_DB_SENTINEL_ENDPOINTS', firstEntry(b, ['sentinel-endpoints', 'sentinel_endpoints']) ?? ''],
    ['VALKEY_MODE', entryText(b, 'mode') ?? ''],
    ['VALKEY_VERSION', entryText(b, 'version') ?? ''],
  );
  return { kind: 'vars', vars, reading: { uri: split, fields: new Map() } };
}
