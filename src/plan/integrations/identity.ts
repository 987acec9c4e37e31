import { Secret } from '../../log/secret.js';
import { firstEntry, type BindingData, type BindingResult, type FamilyContext } from './binding-data.js';

/** paas-charm's OAuth provider fields → variable suffixes (src/paas_charm/app.py generate_oauth_env). */
const fields: readonly (readonly [string, readonly string[]])[] = [
  ['CLIENT_ID', ['client_id', 'client-id']],
  ['CLIENT_SECRET', ['client_secret', 'client-secret']],
  ['API_BASE_URL', ['issuer_url', 'issuer-url']],
  ['AUTHORIZE_URL', ['authorization_endpoint', 'authorization-endpoint']],
  ['ACCESS_TOKEN_URL', ['token_endpoint', 'token-endpoint']],
  ['USER_URL', ['userinfo_endpoint', 'userinfo-endpoint']],
  ['JWKS_URL', ['jwks_endpoint', 'jwks-endpoint']],
];

/** The scopes paas-charm's extension declares by default for `<endpoint>-scopes`. */
export const defaultOauthScopes = 'openid profile email';

/**
 * OAuth/OIDC: `<X>_<ENDPOINT>_CLIENT_ID` … with X the user prefix (FLASK, DJANGO, APP), and
 * `_CLIENT_KWARGS` = {"scope": "<endpoint>-scopes"}. Scopes without `openid` block, as in paas-charm.
 */
export function identityVars(b: BindingData, ctx: FamilyContext): BindingResult {
  const scopes = ctx.options.get(`${b.endpoint}-scopes`) ?? defaultOauthScopes;
  if (!scopes.split(/\s+/).includes('openid')) return { kind: 'blocked', message: "The 'openid' scope is required for OAuth integration, please add it to the scopes." };
  const p = `${ctx.userPrefix}${b.endpoint.replace(/-/g, '_').toUpperCase()}_`;
  const vars: [string, string | Secret][] = [];
  const read = new Map<string, string | Secret>();
  for (const [suffix, keys] of fields) {
    const text = firstEntry(b, keys);
    if (text === undefined) {
      if (suffix === 'CLIENT_ID' || suffix === 'CLIENT_SECRET' || suffix === 'API_BASE_URL') return { kind: 'not-ready', note: `no ${keys[0]} entry yet (the client is not created)` };
      continue;
    }
    const v = suffix === 'CLIENT_SECRET' ? new Secret(text) : text;
    vars.push([`${p}${suffix}`, v]);
    read.set(keys[0]!, v);
  }
  vars.push([`${p}CLIENT_KWARGS`, JSON.stringify({ scope: scopes }).replace('":"', '": "')]);
  return { kind: 'vars', vars, reading: { fields: read, scopes } };
}
