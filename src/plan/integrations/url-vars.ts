import { Secret } from '../../log/secret.js';
import type { SplitUri } from '../service-uri.js';

/** paas-charm's _url_env_vars (+ `_NAME` for the database-style splitter); credentials are Secrets. */
export function urlVars(p: string, split: SplitUri, withName: boolean): [string, string | Secret][] {
  const vars: [string, string | Secret][] = [
    [`${p}_CONNECT_STRING`, new Secret(split.connectString)],
    [`${p}_SCHEME`, split.scheme],
    [`${p}_NETLOC`, new Secret(split.netloc)],
    [`${p}_PATH`, split.path],
    [`${p}_PARAMS`, split.params],
    [`${p}_QUERY`, split.query],
    [`${p}_FRAGMENT`, split.fragment],
  ];
  if (split.username !== undefined) vars.push([`${p}_USERNAME`, split.username]);
  if (split.password !== undefined) vars.push([`${p}_PASSWORD`, new Secret(split.password)]);
  if (split.hostname !== undefined) vars.push([`${p}_HOSTNAME`, split.hostname]);
  if (split.port !== undefined) vars.push([`${p}_PORT`, split.port]);
  if (withName && split.path !== '') vars.push([`${p}_NAME`, decodePath(split.path.slice(1))]);
  return vars;
}

function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
