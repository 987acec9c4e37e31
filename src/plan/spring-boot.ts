// Spring Boot's replacements (src/paas_charm/springboot/charm.py, reference section 3.12): Spring
// property names as environment keys, in place of most generic integration variables. Each is
// made from what the relation said (its reading), never by reading the generic variables back.
import { Secret, type MaybeSecret } from '../log/secret.js';
import { otelExporterVars } from '../mapping/env-names.js';
import type { DraftVar } from './framework-env.js';
import type { PlanFile, VarSource } from './plan.js';
import type { BoundRelation } from './relations.js';
import { springOauth, springSaml, type SpringEnv } from './spring-boot-identity.js';

/** What the Spring properties need besides the relations. */
export interface SpringOptions {
  readonly profiles: string | undefined;
  readonly metricsPort: string | undefined;
  readonly metricsPath: string;
  readonly baseUrl: string;
  /** where the SAML signing certificate is written (paas-charm: /app/saml.cert) */
  readonly stateDir: string;
  /** config option values as env text (OAuth's `<endpoint>-redirect-path`, `-user-name-attribute`) */
  readonly options: ReadonlyMap<string, string>;
}

/**
 * Rewrites the env of a Spring Boot app in place, from the relations it was built from.
 * `metricsPort` is 2.x's (management.server.port); 1.x has none (its MANAGEMENT_SERVER_PORT and
 * METRICS_PATH are fields). Returns the files to write (the SAML certificate).
 */
export function applySpringBoot(env: Map<string, DraftVar>, relations: readonly BoundRelation[], opts: SpringOptions): PlanFile[] {
  const e = springEnv(env);
  const of = (iface: string): BoundRelation | undefined => relations.find((r) => r.interface === iface);
  springDataSources(e, of);
  springServices(e, of);
  const oauth = of('oauth');
  if (oauth !== undefined) springOauth(e, oauth, opts);
  const saml = of('saml');
  const files = saml === undefined ? [] : springSaml(e, saml, opts.stateDir);
  springActuator(e, of('tracing') !== undefined, opts);
  return files;
}

type Find = (iface: string) => BoundRelation | undefined;

function springEnv(env: Map<string, DraftVar>): SpringEnv {
  return {
    put: (name, value, source) => {
      env.set(name, { name, value, source });
    },
    dropVarsOf: (r) => {
      for (const name of r.vars) env.delete(name);
    },
  };
}

/** Each property with a value, from one relation. */
function putAll(put: SpringEnv['put'], fields: readonly (readonly [string, MaybeSecret | undefined])[], source: VarSource): void {
  for (const [k, v] of fields) if (v !== undefined) put(k, v, source);
}

/** PostgreSQL or MySQL as spring.datasource.*, MongoDB and Redis as spring.data.*. */
function springDataSources({ put, dropVarsOf }: SpringEnv, of: Find): void {
  for (const iface of ['postgresql_client', 'mysql_client']) {
    const r = of(iface);
    const uri = r?.reading.uri;
    if (r === undefined || uri?.hostname === undefined) continue;
    // paas-charm's JDBC URL has no query; the sslmode paas-init adds (postgres-tls.ts) goes along, as pgJDBC reads it.
    const sslmode = new URLSearchParams(uri.query).get('sslmode');
    const query = iface === 'postgresql_client' && sslmode !== null ? `?sslmode=${encodeURIComponent(sslmode)}` : '';
    put('spring.datasource.url', `jdbc:${uri.scheme}://${uri.hostname}${uri.port === undefined ? '' : `:${uri.port}`}${uri.path}${query}`, r.source);
    put('spring.jpa.hibernate.ddl-auto', 'none', r.source);
    putAll(put, [['spring.datasource.username', uri.username], ['spring.datasource.password', secretOf(uri.password)]], r.source);
  }
  const mongo = of('mongodb_client');
  if (mongo?.reading.uri !== undefined) {
    dropVarsOf(mongo);
    put('spring.data.mongodb.uri', new Secret(mongo.reading.uri.connectString), mongo.source);
  }
  const redis = of('redis');
  const uri = redis?.reading.uri;
  if (redis !== undefined && uri !== undefined) {
    dropVarsOf(redis);
    putAll(put, [
      ['spring.data.redis.url', new Secret(uri.connectString)], ['spring.data.redis.host', uri.hostname], ['spring.data.redis.port', uri.port],
      ['spring.data.redis.username', uri.username], ['spring.data.redis.password', secretOf(uri.password)],
    ], redis.source);
  }
}

/** RabbitMQ, S3, OpenFGA and SMTP as their Spring properties. */
function springServices({ put, dropVarsOf }: SpringEnv, of: Find): void {
  const rabbit = of('rabbitmq');
  const uri = rabbit?.reading.uri;
  if (rabbit !== undefined && uri !== undefined) {
    dropVarsOf(rabbit);
    putAll(put, [
      ['spring.rabbitmq.virtual-host', rabbit.reading.fields.get('vhost') ?? '/'], ['spring.rabbitmq.username', uri.username],
      ['spring.rabbitmq.password', secretOf(uri.password)], ['spring.rabbitmq.host', uri.hostname], ['spring.rabbitmq.port', uri.port],
    ], rabbit.source);
  }
  const s3 = of('s3');
  const s3Field = (k: string): MaybeSecret | undefined => s3?.reading.fields.get(k);
  if (s3 !== undefined && s3Field('access-key') !== undefined) {
    dropVarsOf(s3);
    putAll(put, [
      ['spring.cloud.aws.credentials.accessKey', s3Field('access-key')], ['spring.cloud.aws.credentials.secretKey', s3Field('secret-key')],
      ['spring.cloud.aws.s3.bucket', s3Field('bucket')], ['spring.cloud.aws.region.static', s3Field('region')], ['spring.cloud.aws.s3.endpoint', s3Field('endpoint')],
    ], s3.source);
  }
  const fga = of('openfga');
  const fgaField = (k: string): MaybeSecret | undefined => fga?.reading.fields.get(k);
  if (fga !== undefined && fgaField('store_id') !== undefined) {
    dropVarsOf(fga);
    putAll(put, [
      ['openfga.store-id', fgaField('store_id')], ['openfga.credentials.method', 'API_TOKEN'], ['openfga.credentials.config.api-token', fgaField('token')],
      ['openfga.api-url', fgaField('http_api_url')],
    ], fga.source);
  }
  const smtp = of('smtp');
  if (smtp !== undefined && smtp.reading.fields.get('host') !== undefined) springMail(put, dropVarsOf, smtp);
}

/** SMTP as spring.mail.*: the user name with its domain, authentication and STARTTLS as booleans. */
function springMail(put: SpringEnv['put'], dropVarsOf: SpringEnv['dropVarsOf'], smtp: BoundRelation): void {
  const field = (k: string): MaybeSecret | undefined => smtp.reading.fields.get(k);
  const user = field('user');
  const domain = field('domain');
  dropVarsOf(smtp);
  putAll(put, [
    ['spring.mail.host', field('host')], ['spring.mail.port', field('port')],
    ['spring.mail.username', user === undefined ? undefined : domain === undefined ? user : `${String(user)}@${String(domain)}`],
    ['spring.mail.password', field('password')],
    ['spring.mail.properties.mail.smtp.auth', field('auth_type') === undefined ? 'false' : 'true'],
    ['spring.mail.properties.mail.smtp.starttls.enable', field('transport_security') === 'starttls' ? 'true' : 'false'],
  ], smtp.source);
}

/** Tracing exporters off without a tracing relation; Prometheus through Spring's actuator; the active profiles. */
function springActuator({ put }: SpringEnv, tracing: boolean, opts: SpringOptions): void {
  const framework: VarSource = { kind: 'framework' };
  if (!tracing) for (const k of otelExporterVars) put(k, 'none', framework);
  // Prometheus through Spring's actuator: /actuator/prometheus → base path /actuator, mapping prometheus.
  const parts = opts.metricsPath.split('/').filter((p) => p !== '');
  put('management.endpoints.web.exposure.include', 'prometheus', framework);
  if (opts.metricsPort !== undefined) put('management.server.port', opts.metricsPort, framework);
  put('management.endpoints.web.base-path', `/${parts.slice(0, -1).join('/')}`, framework);
  put('management.endpoints.web.path-mapping.prometheus', parts.at(-1) ?? '', framework);
  put('server.forward-headers-strategy', 'framework', framework);
  if (opts.profiles !== undefined) put('spring.profiles.active', opts.profiles, framework);
}

function secretOf(text: string | undefined): Secret | undefined {
  return text === undefined ? undefined : new Secret(text);
}
