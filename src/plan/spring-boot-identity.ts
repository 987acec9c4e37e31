// Spring Boot's OAuth and SAML properties as paas-charm's springboot/charm.py writes them
// (generate_oauth_env, generate_saml_env; the same on v1 a670ada and main 2975c3a).
import type { MaybeSecret } from '../log/secret.js';
import type { PlanFile, VarSource } from './plan.js';
import type { BoundRelation } from './relations.js';

/** How the Spring mapping changes the env: a property set, a relation's generic variables removed. */
export interface SpringEnv {
  put(name: string, value: MaybeSecret, source: VarSource): void;
  dropVarsOf(r: BoundRelation): void;
}

/** OAuth: spring.security.oauth2.client.registration.<endpoint>.* and …provider.<endpoint>.*. */
export function springOauth({ put, dropVarsOf }: SpringEnv, oauth: BoundRelation, opts: { baseUrl: string; options: ReadonlyMap<string, string> }): void {
  const val = (k: string): MaybeSecret | undefined => oauth.reading.fields.get(k);
  const id = val('client_id');
  if (id === undefined) return;
  // The registration id is the endpoint as its variables spell it, lower case with dashes.
  const endpoint = oauth.endpoint.toLowerCase().replace(/_/g, '-');
  const scope = oauth.reading.scopes?.split(/\s+/).join(',');
  const reg = `spring.security.oauth2.client.registration.${endpoint}`;
  const prov = `spring.security.oauth2.client.provider.${endpoint}`;
  // oauth.py: base URL without its trailing slash, then the redirect path without its leading one.
  const redirectPath = opts.options.get(`${oauth.endpoint}-redirect-path`) ?? `/login/oauth2/code/${endpoint}`;
  const userName = opts.options.get(`${oauth.endpoint}-user-name-attribute`) ?? 'sub';
  const fields: [string, MaybeSecret | undefined][] = [
    [`${reg}.client-id`, id], [`${reg}.client-secret`, val('client_secret')],
    [`${reg}.redirect-uri`, `${opts.baseUrl.replace(/\/$/, '')}/${redirectPath.replace(/^\//, '')}`],
    [`${reg}.scope`, scope], [`${reg}.user-name-attribute`, userName],
    [`${prov}.authorization-uri`, val('authorization_endpoint')], [`${prov}.issuer-uri`, val('issuer_url')], [`${prov}.jwk-set-uri`, val('jwks_endpoint')],
    [`${prov}.token-uri`, val('token_endpoint')], [`${prov}.user-info-uri`, val('userinfo_endpoint')], [`${prov}.user-name-attribute`, userName],
    [`${reg}.authorization-grant-type`, 'authorization_code'],
  ];
  dropVarsOf(oauth);
  for (const [k, v] of fields) if (v !== undefined) put(k, v, oauth.source);
}

/**
 * SAML: spring.security.saml2.relyingparty.registration.testentity.*; the signing certificate is
 * written to a file (paas-charm: /app/saml.cert; here the state dir) named by a `file:` location.
 * The single sign-on URL goes in Spring's `singlesignon.url`: paas-charm writes `singlesignin.url`,
 * which Spring does not read.
 */
export function springSaml({ put, dropVarsOf }: SpringEnv, saml: BoundRelation, stateDir: string): PlanFile[] {
  const val = (k: string): MaybeSecret | undefined => saml.reading.fields.get(k);
  const entity = val('entity_id');
  if (entity === undefined) return [];
  const reg = 'spring.security.saml2.relyingparty.registration.testentity';
  const cert = val('x509certs');
  const certPath = `${stateDir.replace(/\/$/, '')}/saml.cert`;
  const fields: [string, MaybeSecret | undefined][] = [
    [`${reg}.assertingparty.metadata-uri`, val('metadata_url')],
    [`${reg}.entity-id`, entity],
    [`${reg}.assertingparty.singlesignon.url`, val('single_sign_on_service_redirect_url')],
    [`${reg}.assertingparty.verification.credentials[0].certificate-location`, typeof cert === 'string' ? `file:${certPath}` : undefined],
  ];
  dropVarsOf(saml);
  for (const [k, v] of fields) if (v !== undefined) put(k, v, saml.source);
  return typeof cert === 'string' ? [{ path: certPath, content: `${cert.trim()}\n` }] : [];
}
