// Integration facts from paas-charm (../shared/reference/paas-charm.md sections 3 and 4).
// Data only: one row per integration; the family module in plan/integrations/ reads the row.

/** The code family that turns a binding into variables; one module each in plan/integrations/. */
export type IntegrationFamily = 'database-uri' | 'valkey' | 'message-broker' | 'object-storage' | 'fields' | 'identity' | 'proxy';

/** How a field's text becomes an env value. */
export type FieldRender =
  | 'plain'
  /** Python str() of a bool: True/False (SMTP's skip_ssl_verify) */
  | 'python-bool'
  /** pydantic AnyUrl: a bare http(s) host gets a trailing `/` */
  | 'any-url'
  /** the first PEM certificate of a list */
  | 'first-certificate';

/** One variable of a field-table integration, read from the first binding entry present. */
export interface FieldSpec {
  readonly env: string;
  /** binding entries that may hold it (Service Binding names and Juju databag names) */
  readonly keys: readonly string[];
  readonly required?: boolean;
  readonly render?: FieldRender;
  /** a value that does not come from the binding: the app's name (OTEL_SERVICE_NAME) */
  readonly value?: 'app-name';
}

/** One integration paas-charm wires, and how paas-init reads it from a binding. */
export interface IntegrationSpec {
  /** the `requires` interface in charmcraft.yaml */
  readonly interface: string;
  /** paas-charm only wires this exact endpoint name (undefined: any endpoint with the interface) */
  readonly endpoint: string | undefined;
  readonly family: IntegrationFamily;
  /** name used in `missing integrations: …` */
  readonly missingName: string;
  /** position in paas-charm's missing-integrations message (databases keep metadata order) */
  readonly checkOrder: number;
  /** paas-charm checks it in is_ready; a missing unchecked endpoint never blocks */
  readonly checked: boolean;
  /** env name prefix, e.g. POSTGRESQL_DB */
  readonly envPrefix: string;
  /** URI scheme paas-charm builds */
  readonly scheme: string;
  /** emit <prefix>_NAME from the URI path (database-style splitter) */
  readonly emitsName: boolean;
  /** username and password must both be present when the URI is built from parts */
  readonly needsCredentials: boolean;
  /** the port paas-charm assumes when the data has none */
  readonly defaultPort?: number;
  /** field-table families: the variables and where they come from */
  readonly fields?: readonly FieldSpec[];
  /** paas-charm's message when the data is there but invalid (e.g. S3) */
  readonly invalidMessage?: string;
}

const db = (iface: string, name: string, scheme: string, order: number, creds: boolean): IntegrationSpec => ({
  interface: iface, endpoint: name, family: 'database-uri', missingName: name, checkOrder: order, checked: true,
  envPrefix: `${name.toUpperCase()}_DB`, scheme, emitsName: true, needsCredentials: creds,
});

/** Every integration row, in paas-charm's check order. */
export const integrations: readonly IntegrationSpec[] = [
  db('postgresql_client', 'postgresql', 'postgresql', 0, true),
  db('mysql_client', 'mysql', 'mysql', 0, true),
  db('mongodb_client', 'mongodb', 'mongodb', 0, true),
  {
    interface: 'rabbitmq', endpoint: 'rabbitmq', family: 'message-broker', missingName: 'rabbitmq', checkOrder: 1, checked: true,
    envPrefix: 'RABBITMQ', scheme: 'amqp', emitsName: false, needsCredentials: true, defaultPort: 5672,
  },
  db('redis', 'redis', 'redis', 2, false),
  {
    interface: 's3', endpoint: 's3', family: 'object-storage', missingName: 's3', checkOrder: 3, checked: true,
    envPrefix: 'S3', scheme: 's3', emitsName: false, needsCredentials: true, invalidMessage: 'Invalid s3 relation data.',
  },
  {
    interface: 'openfga', endpoint: 'openfga', family: 'fields', missingName: 'openfga', checkOrder: 4, checked: true,
    envPrefix: 'FGA', scheme: '', emitsName: false, needsCredentials: false,
    fields: [
      { env: 'FGA_STORE_ID', keys: ['store_id', 'store-id'], required: true },
      { env: 'FGA_TOKEN', keys: ['token'], required: true },
      { env: 'FGA_GRPC_API_URL', keys: ['grpc_api_url', 'grpc-api-url'] },
      { env: 'FGA_HTTP_API_URL', keys: ['http_api_url', 'http-api-url', 'uri'] },
    ],
  },
  {
    interface: 'saml', endpoint: 'saml', family: 'fields', missingName: 'saml', checkOrder: 5, checked: true,
    envPrefix: 'SAML', scheme: '', emitsName: false, needsCredentials: false,
    fields: [
      { env: 'SAML_ENTITY_ID', keys: ['entity_id', 'entity-id'], required: true },
      { env: 'SAML_METADATA_URL', keys: ['metadata_url', 'metadata-url'], required: true },
      { env: 'SAML_SINGLE_SIGN_ON_REDIRECT_URL', keys: ['single_sign_on_service_redirect_url', 'single-sign-on-redirect-url'] },
      { env: 'SAML_SIGNING_CERTIFICATE', keys: ['x509certs', 'certificates'], required: true, render: 'first-certificate' },
    ],
  },
  {
    interface: 'tracing', endpoint: 'tracing', family: 'fields', missingName: 'tracing', checkOrder: 6, checked: true,
    envPrefix: 'OTEL', scheme: '', emitsName: false, needsCredentials: false,
    fields: [{ env: 'OTEL_SERVICE_NAME', keys: [], value: 'app-name' }, { env: 'OTEL_EXPORTER_OTLP_ENDPOINT', keys: ['endpoint', 'otlp_http', 'uri', 'url'], required: true, render: 'any-url' }],
  },
  {
    interface: 'smtp', endpoint: 'smtp', family: 'fields', missingName: 'smtp', checkOrder: 7, checked: true,
    envPrefix: 'SMTP', scheme: '', emitsName: false, needsCredentials: false,
    fields: [
      { env: 'SMTP_HOST', keys: ['host'], required: true },
      { env: 'SMTP_PORT', keys: ['port'], required: true },
      { env: 'SMTP_USER', keys: ['user', 'username'] },
      { env: 'SMTP_PASSWORD', keys: ['password'] },
      { env: 'SMTP_AUTH_TYPE', keys: ['auth_type', 'auth-type'] },
      { env: 'SMTP_TRANSPORT_SECURITY', keys: ['transport_security', 'transport-security'] },
      { env: 'SMTP_DOMAIN', keys: ['domain'] },
      { env: 'SMTP_SKIP_SSL_VERIFY', keys: ['skip_ssl_verify', 'skip-ssl-verify'], render: 'python-bool' },
    ],
  },
  {
    interface: 'oauth', endpoint: undefined, family: 'identity', missingName: 'oauth', checkOrder: 8, checked: true,
    envPrefix: '', scheme: '', emitsName: false, needsCredentials: true,
  },
  {
    interface: 'valkey_client', endpoint: 'valkey', family: 'valkey', missingName: 'valkey', checkOrder: 9, checked: false,
    envPrefix: 'VALKEY_DB', scheme: 'valkey', emitsName: true, needsCredentials: false,
  },
  {
    interface: 'http_proxy', endpoint: 'http-proxy', family: 'proxy', missingName: 'http-proxy', checkOrder: 10, checked: false,
    envPrefix: '', scheme: '', emitsName: false, needsCredentials: false,
  },
];

/** The row paas-charm would wire for this endpoint, if any: name and interface must both match. */
export function integrationFor(endpoint: string, iface: string): IntegrationSpec | undefined {
  return integrations.find((i) => i.interface === iface && (i.endpoint === undefined || i.endpoint === endpoint));
}

/** Interfaces whose data is a database (Django blocks without one of these bound). */
export const databaseInterfaces: readonly string[] = ['postgresql_client', 'mysql_client', 'mongodb_client'];
