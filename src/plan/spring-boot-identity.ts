// Spring Boot's OAuth and SAML properties as paas-charm's springboot/charm.py writes them
// (generate_oauth_env, generate_saml_env; the same on v1 a670ada and main 2975c3a).
import type { MaybeSecret } from '../log/secret.js';
import type { DraftVar } from './framework-env.js';
import type { PlanFile } from './plan.js';
import type { VarSource } from './plan.js';

type Put = (name: string, value: MaybeSecret, source: VarSource) => void;

/** OAuth: spring.security.oauth2.client.registration.<endpoint>.* and …provider.<endpoint>.*. */
export function applySpringOauth(env: Map<string, DraftVar>, put: Put, drop: (prefix: string) => void, baseUrl: string): void {
  // Only an oauth relation's variables: a user option named x-client-id is the user's own.
  const id = [...env.values()].find((v) => /^APP_.+_CLIENT_ID$/.test(v.name) && (v.source.kind === 'binding' || v.source.kind === 'relation-flag'));
  if (id === undefined) return;
  const p = id.name.slice(0, -'CLIENT_ID'.length);
  const endpoint = p.slice('APP_'.length, -1).toLowerCase().replace(/_/g, '-');
  const val = (suffix: string): MaybeSecret | undefined => env.get(`${p}${suffix}`)?.value;
  const kwargs = val('CLIENT_KWARGS');
  const scope = typeof kwargs === 'string' ? scopeOf(kwargs)?.split(/\s+/).join(',') : undefined;
  const reg = `spring.security.oauth2.client.registration.${endpoint}`;
  const prov = `spring.security.oauth2.client.provider.${endpoint}`;
  // oauth.py: base URL without its trailing slash, then the redirect path without its leading one.
  const path = env.get(`${p}REDIRECT_PATH`)?.value;
  const redirectPath = typeof path === 'string' ? path : `/login/oauth2/code/${endpoint}`;
  const userName = env.get(`${p}USER_NAME_ATTRIBUTE`)?.value ?? 'sub';
  const fields: [string, MaybeSecret | undefined][] = [
    [`${reg}.client-id`, id.value], [`${reg}.client-secret`, val('CLIENT_SECRET')],
    [`${reg}.redirect-uri`, `${baseUrl.replace(/\/$/, '')}/${redirectPath.replace(/^\//, '')}`],
    [`${reg}.scope`, scope], [`${reg}.user-name-attribute`, userName],
    [`${prov}.authorization-uri`, val('AUTHORIZE_URL')], [`${prov}.issuer-uri`, val('API_BASE_URL')], [`${prov}.jwk-set-uri`, val('JWKS_URL')],
    [`${prov}.token-uri`, val('ACCESS_TOKEN_URL')], [`${prov}.user-info-uri`, val('USER_URL')], [`${prov}.user-name-attribute`, userName],
    [`${reg}.authorization-grant-type`, 'authorization_code'],
  ];
  for (const suffix of ['CLIENT_ID', 'CLIENT_SECRET', 'API_BASE_URL', 'AUTHORIZE_URL', 'ACCESS_TOKEN_URL', 'USER_URL', 'JWKS_URL', 'CLIENT_KWARGS']) drop(`${p}${suffix}`);
  for (const [k, v] of fields) if (v !== undefined) put(k, v, id.source);
}

/**
 * SAML: spring.security.saml2.relyingparty.registration.testentity.*; the signing certificate is
 * written to a file (paas-charm: /app/saml.cert; here the state dir) named by a `file:` location.
 * The single sign-on URL goes in Spring's `singlesignon.url`: paas-charm writes `singlesignin.url`,
 * which Spring does not read.
 */
export function applySpringSaml(env: Map<string, DraftVar>, put: Put, stateDir: string): PlanFile[] {
  const entity = env.get('SAML_ENTITY_ID');
  if (entity === undefined) return [];
  const reg = 'spring.security.saml2.relyingparty.registration.testentity';
  const cert = env.get('SAML_SIGNING_CERTIFICATE')?.value;
  const certPath = `${stateDir.replace(/\/$/, '')}/saml.cert`;
  const fields: [string, MaybeSecret | undefined][] = [
    [`${reg}.assertingparty.metadata-uri`, env.get('SAML_METADATA_URL')?.value],
    [`${reg}.entity-id`, entity.value],
    [`${reg}.assertingparty.singlesignon.url`, env.get('SAML_SINGLE_SIGN_ON_REDIRECT_URL')?.value],
    [`${reg}.assertingparty.verification.credentials[0].certificate-location`, typeof cert === 'string' ? `file:${certPath}` : undefined],
  ];
  for (const k of ['SAML_ENTITY_ID', 'SAML_METADATA_URL', 'SAML_SINGLE_SIGN_ON_REDIRECT_URL', 'SAML_SIGNING_CERTIFICATE']) env.delete(k);
  for (const [k, v] of fields) if (v !== undefined) put(k, v, entity.source);
  return typeof cert === 'string' ? [{ path: certPath, content: `${cert.trim()}\n` }] : [];
}

/** The `scope` of CLIENT_KWARGS's JSON (identity.ts writes it; anything else has none). */
function scopeOf(kwargs: string): string | undefined {
  try {
    const v: unknown = JSON.parse(kwargs);
    return typeof v === 'object' && v !== null && 'scope' in v && typeof v.scope === 'string' ? v.scope : undefined;
  } catch {
    return undefined;
  }
}
