import { parse as parsePgConnectionString } from 'pg-connection-string';

/** A service URI split as paas-charm's _url_env_vars splits it (urllib.parse.urlparse). */
export interface SplitUri {
  /** the URI with credentials percent-encoded (WHATWG serialisation) */
  readonly connectString: string;
  readonly scheme: string;
  readonly netloc: string;
  readonly path: string;
  readonly params: string;
  readonly query: string;
  readonly fragment: string;
  /** decoded: the real user name and password, unlike paas-charm which exports raw substrings */
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** lower-cased, without IPv6 brackets, as urlparse gives it */
  readonly hostname: string | undefined;
  readonly port: string | undefined;
}

/**
 * Splits a URI with the WHATWG parser. Undefined when it does not parse or names no host:
 * e.g. a password with an unencoded `#` or `/`, which paas-charm would mangle silently.
 */
export function splitServiceUri(text: string): SplitUri | undefined {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return undefined;
  }
  if (u.host === '' || !/^[a-z][a-z0-9+.-]*:$/i.test(u.protocol)) return undefined;
  const username = safeDecode(u.username);
  const password = safeDecode(u.password);
  if (username === undefined || password === undefined) return undefined;
  const hasUser = u.username !== '' || u.password !== '';
  const userinfo = hasUser ? `${u.username}${u.password === '' ? '' : `:${u.password}`}@` : '';
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  const decoded = scheme === 'postgresql' || scheme === 'postgres' ? pgCredentials(u.href) : { username, password };
  return {
    connectString: u.href,
    scheme,
    netloc: `${userinfo}${u.host}`,
    path: u.pathname,
    // urlparse only splits `;params` for http-like schemes, never for database schemes.
    params: '',
    query: u.search.slice(1),
    fragment: u.hash.slice(1),
    username: hasUser ? decoded.username : undefined,
    password: u.password === '' ? undefined : decoded.password,
    hostname: u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
    port: u.port === '' ? undefined : u.port,
  };
}

/** The parts of a URI paas-charm builds from relation fields. */
export interface UriParts {
  readonly scheme: string;
  readonly username?: string;
  readonly password?: string;
  /** `host:port`, as Juju's `endpoints` entries are written */
  readonly endpoint: string;
  readonly database?: string;
}

/**
 * paas-charm's `<scheme>://<user>:<password>@<endpoint>/<database>`, but with the credentials and
 * database percent-encoded so that any password survives; ordinary values are unchanged by it.
 */
export function buildServiceUri(parts: UriParts): string {
  const user = parts.username === undefined ? '' : encodeURIComponent(parts.username);
  const pass = parts.password === undefined ? '' : `:${encodeURIComponent(parts.password)}`;
  const cred = parts.username === undefined && parts.password === undefined ? '' : `${user}${pass}@`;
  const db = parts.database === undefined ? '' : `/${encodeURIComponent(parts.database)}`;
  return `${parts.scheme}://${cred}${parts.endpoint}${db}`;
}

/** `host` + `port` as one endpoint; IPv6 literals get brackets. */
export function joinHostPort(host: string, port: string | undefined): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === undefined || port === '' ? h : `${h}:${port}`;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** pg-connection-string decodes credentials the way node-postgres will read them. */
function pgCredentials(href: string): { username: string | undefined; password: string | undefined } {
  const c = parsePgConnectionString(href);
  return { username: c.user ?? undefined, password: c.password ?? undefined };
}
