import type { IntegrationSpec } from '../../mapping/integrations.js';
import { buildServiceUri, joinHostPort, splitServiceUri } from '../service-uri.js';
import { entryText, firstEntry, type BindingData, type BindingResult } from './binding-data.js';
import { pgSslMode, withSslMode } from './postgres-tls.js';
import { urlVars } from './url-vars.js';

// The spellings of one datum across Service Bindings, Juju databags and the Secrets operators
// write (CloudNativePG: user, username, dbname; Crunchy PGO: user, dbname; RabbitMQ: connection_string).
const uriKeys = ['uri', 'connection_string'];
const userKeys = ['username', 'user'];
const databaseKeys = ['database', 'dbname'];
// redis_k8s: the app data's leader-host overrides the unit data's hostname.
const hostKeys = ['leader-host', 'host', 'hostname'];

/**
 * Database-style integrations (PostgreSQL, MySQL, MongoDB, Redis): one URI, split into
 * `<PREFIX>_CONNECT_STRING`, `_SCHEME`, … `_NAME` (paas-charm's _db_url_to_env_variables).
 * The URI comes from, in order: `uri` (or `connection_string`), `uris` (Juju databag), or parts:
 * `endpoints` (Juju, first entry) or a host and `port`, with the user name, password and database.
 * A URI, when there is one, wins over the parts, as the operators that write both mean it.
 */
export function databaseUriVars(spec: IntegrationSpec, b: BindingData, appName: string): BindingResult {
  const uriKey = uriKeys.find((k) => entryText(b, k) !== undefined);
  const uri = (uriKey === undefined ? undefined : entryText(b, uriKey)) ?? firstUri(entryText(b, 'uris'));
  const built = uri ?? fromParts(spec, b, appName);
  if (typeof built !== 'string') return built;
  const mode = spec.interface === 'postgresql_client' ? pgSslMode(b) : undefined;
  const text = mode === undefined ? built.trim() : withSslMode(built.trim(), mode);
  const split = splitServiceUri(text);
  if (split === undefined) {
    const key = uri === undefined ? 'endpoints' : uriKey ?? 'uris';
    return { kind: 'invalid', key, expected: `a URI like ${spec.scheme}://user:password@host:port/name (percent-encode reserved characters in credentials)`, found: 'text that does not parse as a URI with a host' };
  }
  return { kind: 'vars', vars: urlVars(spec.envPrefix, split, spec.emitsName), reading: { uri: split, fields: new Map() } };
}

function fromParts(spec: IntegrationSpec, b: BindingData, appName: string): string | BindingResult {
  const endpoints = entryText(b, 'endpoints');
  const host = firstEntry(b, hostKeys);
  const port = entryText(b, 'port')?.trim();
  // Redis: paas-charm's URL is not ready while the port is unknown (redis://host:None).
  if (spec.interface === 'redis' && endpoints === undefined && port === undefined) {
    return { kind: 'not-ready', note: host === undefined ? 'no hostname or port entry' : 'no port entry' };
  }
  const endpoint = endpoints !== undefined
    ? endpoints.split(',')[0]!.trim() // paas-charm uses only the first of several hosts
    : host === undefined ? undefined : joinHostPort(host.trim(), port);
  if (endpoint === undefined || endpoint === '') return { kind: 'not-ready', note: 'no uri, uris, endpoints or host entry' };
  const username = firstEntry(b, userKeys);
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
    ...(spec.emitsName && spec.needsCredentials ? { database: firstEntry(b, databaseKeys) ?? appName } : {}),
  });
}

/** Juju may send several comma-separated URIs; paas-init uses the first (paas-charm passes all to urlparse). */
function firstUri(uris: string | undefined): string | undefined {
  if (uris === undefined) return undefined;
  const parts = uris.split(/,(?=[a-z][a-z0-9+.-]*:\/\/)/i);
  return parts[0];
}
