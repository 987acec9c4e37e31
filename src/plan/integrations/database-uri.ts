import type { IntegrationSpec } from '../../mapping/integrations.js';
import { buildServiceUri, joinHostPort, splitServiceUri } from '../service-uri.js';
import { entryText, type BindingData, type BindingResult } from './binding-data.js';
import { urlVars } from './url-vars.js';

/**
 * Database-style integrations (PostgreSQL, MySQL, MongoDB, Redis): one URI, split into
 * `<PREFIX>_CONNECT_STRING`, `_SCHEME`, … `_NAME` (paas-charm's _db_url_to_env_variables).
 * The URI comes from, in order: `uri` (Service Binding), `uris` (Juju databag), or parts:
 * `endpoints` (Juju, first entry) or `host`+`port`, with `username`, `password`, `database`.
 */
export function databaseUriVars(spec: IntegrationSpec, b: BindingData, appName: string): BindingResult {
  const uri = entryText(b, 'uri') ?? firstUri(entryText(b, 'uris'));
  const text = uri ?? fromParts(spec, b, appName);
  if (typeof text !== 'string') return text;
  const split = splitServiceUri(text.trim());
  if (split === undefined) {
    const key = uri === undefined ? 'endpoints' : b.entries.has('uri') ? 'uri' : 'uris';
    return { kind: 'invalid', key, expected: `a URI like ${spec.scheme}://user:password@host:port/name (percent-encode reserved characters in credentials)`, found: 'text that does not parse as a URI with a host' };
  }
  const vars = urlVars(spec.envPrefix, split, spec.emitsName);
  return { kind: 'vars', vars };
}

function fromParts(spec: IntegrationSpec, b: BindingData, appName: string): string | BindingResult {
  const endpoints = entryText(b, 'endpoints');
  const host = entryText(b, 'host');
  const endpoint = endpoints !== undefined
    ? endpoints.split(',')[0]!.trim() // paas-charm uses only the first of several hosts
    : host === undefined ? undefined : joinHostPort(host.trim(), entryText(b, 'port')?.trim());
  if (endpoint === undefined || endpoint === '') return { kind: 'not-ready', note: 'no uri, uris, endpoints or host entry' };
  const username = entryText(b, 'username');
  const password = entryText(b, 'password');
  if (spec.needsCredentials && (username === undefined || password === undefined)) {
    return { kind: 'not-ready', note: `${username === undefined ? 'username' : 'password'} entry missing or empty` };
  }
  return buildServiceUri({
    scheme: spec.scheme,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    endpoint,
    // Redis URIs carry no database path in paas-charm; SQL and MongoDB default to the app name.
    ...(spec.emitsName && spec.needsCredentials ? { database: entryText(b, 'database') ?? appName } : {}),
  });
}

/** Juju may send several comma-separated URIs; paas-init uses the first (paas-charm passes all to urlparse). */
function firstUri(uris: string | undefined): string | undefined {
  if (uris === undefined) return undefined;
  const parts = uris.split(/,(?=[a-z][a-z0-9+.-]*:\/\/)/i);
  return parts[0];
}
