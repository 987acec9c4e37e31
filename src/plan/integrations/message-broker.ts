import { Secret } from '../../log/secret.js';
import type { IntegrationSpec } from '../../mapping/integrations.js';
import { buildServiceUri, joinHostPort, splitServiceUri } from '../service-uri.js';
import { entryList, entryText, firstEntry, type BindingData, type BindingResult, type FamilyContext } from './binding-data.js';
import { urlVars } from './url-vars.js';

/**
 * RabbitMQ (src/paas_charm/rabbitmq.py): `amqp://<user>:<password>@<host>:5672/<vhost, encoded>`,
 * split into RABBITMQ_* (no `_DB`, no `_NAME`), plus RABBITMQ_VHOST and RABBITMQ_CONNECT_STRINGS
 * (one URI per unit host). The user name defaults to the app's, the vhost to `/`, as paas-charm
 * requests them.
 */
export function messageBrokerVars(spec: IntegrationSpec, b: BindingData, ctx: FamilyContext): BindingResult {
  // The RabbitMQ cluster operator's default-user Secret says connection_string.
  const uri = firstEntry(b, ['uri', 'connection_string']);
  const hosts = entryList(b, 'hostnames');
  let uris: string[];
  if (uri !== undefined) {
    uris = [uri.trim()];
  } else {
    const host = firstEntry(b, ['hostname', 'host']) ?? hosts?.[0];
    const password = entryText(b, 'password');
    if (host === undefined || password === undefined) return { kind: 'not-ready', note: `${host === undefined ? 'hostname' : 'password'} entry missing or empty` };
    const username = firstEntry(b, ['username', 'user']) ?? ctx.appName;
    const vhost = entryText(b, 'vhost') ?? '/';
    const port = entryText(b, 'port') ?? String(spec.defaultPort ?? 5672);
    const build = (h: string): string => buildServiceUri({ scheme: spec.scheme, username, password, endpoint: joinHostPort(h, port) }) + `/${encodeURIComponent(vhost)}`;
    uris = [build(host), ...(hosts ?? []).filter((h) => h !== host).map(build)];
  }
  const split = splitServiceUri(uris[0]!);
  if (split === undefined) return { kind: 'invalid', key: 'uri', expected: 'a URI like amqp://user:password@host:5672/%2F', found: 'text that does not parse as a URI with a host' };
  const vars = urlVars(spec.envPrefix, split, false);
  const fields = new Map<string, string>();
  if (split.path.length > 1) fields.set('vhost', decodeURIComponent(split.path.slice(1)));
  const vhost = fields.get('vhost');
  if (vhost !== undefined) vars.push([`${spec.envPrefix}_VHOST`, vhost]);
  vars.push([`${spec.envPrefix}_CONNECT_STRINGS`, new Secret(uris.map((u) => splitServiceUri(u)?.connectString ?? u).join(','))]);
  return { kind: 'vars', vars, reading: { uri: split, fields } };
}
