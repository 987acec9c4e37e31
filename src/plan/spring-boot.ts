// Spring Boot's replacements (src/paas_charm/springboot/charm.py, reference section 3.12): Spring
// property names as environment keys, in place of most generic integration variables.
import { revealValue, type MaybeSecret } from '../log/secret.js';
import type { DraftVar } from './framework-env.js';
import type { PlanFile } from './plan.js';
import { applySpringOauth, applySpringSaml } from './spring-boot-identity.js';
import type { VarSource } from './plan.js';

/** What the Spring properties need besides the env. */
export interface SpringOptions {
  readonly profiles: string | undefined;
  readonly metricsPort: string | undefined;
  readonly metricsPath: string;
  readonly baseUrl: string;
  /** where the SAML signing certificate is written (paas-charm: /app/saml.cert) */
  readonly stateDir: string;
}

/**
 * Rewrites the env of a Spring Boot app in place. `metricsPort` is 2.x's (management.server.port,
 * METRICS_* removed); 1.x has none (its MANAGEMENT_SERVER_PORT and METRICS_PATH are fields).
 * Returns the files to write (the SAML certificate).
 */
export function applySpringBoot(env: Map<string, DraftVar>, opts: SpringOptions): PlanFile[] {
  const v = envView(env);
  springDataSources(v);
  springServices(v);
  applySpringOauth(env, v.put, v.drop, opts.baseUrl);
  const files = applySpringSaml(env, v.put, opts.stateDir);
  springActuator(env, v, opts);
  return files;
}

/** Reads and rewrites the flattened env. */
interface EnvView {
  get(k: string): DraftVar | undefined;
  text(k: string): string | undefined;
  put: Put;
  drop(prefix: string): void;
}

function envView(env: Map<string, DraftVar>): EnvView {
  const get = (k: string): DraftVar | undefined => env.get(k);
  return {
    get,
    text: (k) => {
      const v = get(k);
      return v === undefined ? undefined : revealValue(v.value);
    },
    put: (name, value, source) => {
      env.set(name, { name, value, source });
    },
    drop: (prefix) => {
      for (const k of [...env.keys()]) if (k.startsWith(prefix)) env.delete(k);
    },
  };
}

/** PostgreSQL or MySQL as spring.datasource.*, MongoDB and Redis as spring.data.*. */
function springDataSources({ get, text, put, drop }: EnvView): void {
  for (const db of ['POSTGRESQL', 'MYSQL']) {
    const host = text(`${db}_DB_HOSTNAME`);
    const src = get(`${db}_DB_CONNECT_STRING`)?.source;
    if (host === undefined || src === undefined) continue;
    const port = text(`${db}_DB_PORT`);
    // paas-charm's JDBC URL has no query; the sslmode paas-init adds (postgres-tls.ts) goes along, as pgJDBC reads it.
    const sslmode = new URLSearchParams(text(`${db}_DB_QUERY`) ?? '').get('sslmode');
    const query = db === 'POSTGRESQL' && sslmode !== null ? `?sslmode=${encodeURIComponent(sslmode)}` : '';
    put('spring.datasource.url', `jdbc:${text(`${db}_DB_SCHEME`)}://${host}${port === undefined ? '' : `:${port}`}${text(`${db}_DB_PATH`) ?? ''}${query}`, src);
    put('spring.jpa.hibernate.ddl-auto', 'none', src);
    const user = text(`${db}_DB_USERNAME`);
    if (user !== undefined) put('spring.datasource.username', user, src);
    const pw = get(`${db}_DB_PASSWORD`);
    if (pw !== undefined) put('spring.datasource.password', pw.value, src);
  }
  const mongo = get('MONGODB_DB_CONNECT_STRING');
  if (mongo !== undefined) {
    drop('MONGODB_DB_');
    put('spring.data.mongodb.uri', mongo.value, mongo.source);
  }
  const redis = get('REDIS_DB_CONNECT_STRING');
  if (redis !== undefined) {
    const fields: [string, MaybeSecret | undefined][] = [
      ['url', redis.value], ['host', text('REDIS_DB_HOSTNAME')], ['port', text('REDIS_DB_PORT')],
      ['username', text('REDIS_DB_USERNAME')], ['password', get('REDIS_DB_PASSWORD')?.value],
    ];
    drop('REDIS_DB_');
    for (const [k, v] of fields) if (v !== undefined) put(`spring.data.redis.${k}`, v, redis.source);
  }
}

/** RabbitMQ, S3, OpenFGA and SMTP as their Spring properties. */
function springServices({ get, text, put, drop }: EnvView): void {
  const rabbit = get('RABBITMQ_CONNECT_STRING');
  if (rabbit !== undefined) {
    const fields: [string, MaybeSecret | undefined][] = [
      ['virtual-host', text('RABBITMQ_VHOST') ?? '/'], ['username', text('RABBITMQ_USERNAME')], ['password', get('RABBITMQ_PASSWORD')?.value],
      ['host', text('RABBITMQ_HOSTNAME')], ['port', text('RABBITMQ_PORT')],
    ];
    drop('RABBITMQ_');
    for (const [k, v] of fields) if (v !== undefined) put(`spring.rabbitmq.${k}`, v, rabbit.source);
  }
  const s3 = get('S3_ACCESS_KEY');
  if (s3 !== undefined) {
    const fields: [string, MaybeSecret | undefined][] = [
      ['spring.cloud.aws.credentials.accessKey', s3.value], ['spring.cloud.aws.credentials.secretKey', get('S3_SECRET_KEY')?.value],
      ['spring.cloud.aws.s3.bucket', text('S3_BUCKET')], ['spring.cloud.aws.region.static', text('S3_REGION')], ['spring.cloud.aws.s3.endpoint', text('S3_ENDPOINT')],
    ];
    drop('S3_');
    for (const [k, v] of fields) if (v !== undefined) put(k, v, s3.source);
  }
  const fga = get('FGA_STORE_ID');
  if (fga !== undefined) {
    const fields: [string, MaybeSecret | undefined][] = [
      ['openfga.store-id', fga.value], ['openfga.credentials.method', 'API_TOKEN'], ['openfga.credentials.config.api-token', get('FGA_TOKEN')?.value],
      ['openfga.api-url', text('FGA_HTTP_API_URL')],
    ];
    drop('FGA_');
    for (const [k, v] of fields) if (v !== undefined) put(k, v, fga.source);
  }
  const smtp = get('SMTP_HOST');
  if (smtp !== undefined) {
    const user = text('SMTP_USER');
    const domain = text('SMTP_DOMAIN');
    const auth = text('SMTP_AUTH_TYPE');
    const security = text('SMTP_TRANSPORT_SECURITY');
    const fields: [string, MaybeSecret | undefined][] = [
      ['spring.mail.host', smtp.value], ['spring.mail.port', text('SMTP_PORT')],
      ['spring.mail.username', user === undefined ? undefined : domain === undefined ? user : `${user}@${domain}`],
      ['spring.mail.password', get('SMTP_PASSWORD')?.value],
      ['spring.mail.properties.mail.smtp.auth', auth === undefined ? 'false' : 'true'],
      ['spring.mail.properties.mail.smtp.starttls.enable', security === 'starttls' ? 'true' : 'false'],
    ];
    drop('SMTP_');
    for (const [k, v] of fields) if (v !== undefined) put(k, v, smtp.source);
  }
}

/** Tracing exporters off without a tracing relation; Prometheus through Spring's actuator; the active profiles. */
function springActuator(env: Map<string, DraftVar>, { get, put }: EnvView, opts: SpringOptions): void {
  const framework: VarSource = { kind: 'framework' };
  if (get('OTEL_EXPORTER_OTLP_ENDPOINT') === undefined) {
    for (const k of ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER']) put(k, 'none', framework);
  }
  // Prometheus through Spring's actuator: /actuator/prometheus → base path /actuator, mapping prometheus.
  const parts = opts.metricsPath.split('/').filter((p) => p !== '');
  put('management.endpoints.web.exposure.include', 'prometheus', framework);
  if (opts.metricsPort !== undefined) {
    env.delete('METRICS_PORT');
    env.delete('METRICS_PATH');
    put('management.server.port', opts.metricsPort, framework);
  }
  put('management.endpoints.web.base-path', `/${parts.slice(0, -1).join('/')}`, framework);
  put('management.endpoints.web.path-mapping.prometheus', parts.at(-1) ?? '', framework);
  put('server.forward-headers-strategy', 'framework', framework);
  if (opts.profiles !== undefined) put('spring.profiles.active', opts.profiles, framework);
}

type Put = (name: string, value: MaybeSecret, source: VarSource) => void;
