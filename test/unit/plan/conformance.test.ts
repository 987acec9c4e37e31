// Inputs → exact variables, for every integration and framework, written from what
// ../shared/reference/paas-charm.md states (not from this code's output).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

interface Case {
  summary: string;
  framework?: string;
  requires: string;
  bindings?: Record<string, Record<string, string>>;
  config?: Record<string, string>;
  options?: string;
  expect?: Record<string, string>;
  absent?: string[];
  blocked?: string[];
}

const cases: Case[] = [
  {
    summary: 'MySQL from Juju endpoints: only the first host, database from the databag',
    requires: 'mysql:\n  interface: mysql_client',
    bindings: { mysql: { type: 'mysql', endpoints: 'db0:3306,db1:3306', username: 'u', password: 'p', database: 'shop' } },
    expect: { MYSQL_DB_CONNECT_STRING: 'mysql://u:p@db0:3306/shop', MYSQL_DB_SCHEME: 'mysql', MYSQL_DB_NETLOC: 'u:p@db0:3306', MYSQL_DB_PATH: '/shop', MYSQL_DB_HOSTNAME: 'db0', MYSQL_DB_PORT: '3306', MYSQL_DB_NAME: 'shop', MYSQL_DB_USERNAME: 'u', MYSQL_DB_PASSWORD: 'p' },
  },
  {
    summary: 'MongoDB from uris',
    requires: 'mongodb:\n  interface: mongodb_client',
    bindings: { mongodb: { type: 'mongodb', uris: 'mongodb://u:p@m0:27017/app' } },
    expect: { MONGODB_DB_CONNECT_STRING: 'mongodb://u:p@m0:27017/app', MONGODB_DB_NAME: 'app', MONGODB_DB_HOSTNAME: 'm0' },
  },
  {
    summary: 'an integration is wired only for the exact endpoint name: "db" with postgresql_client gives nothing',
    requires: 'db:\n  interface: postgresql_client',
    bindings: { db: { type: 'postgresql', uri: 'postgresql://u:p@h/d' } },
    absent: ['POSTGRESQL_DB_CONNECT_STRING', 'DB_DB_CONNECT_STRING'],
  },
  {
    summary: 'Valkey: valkey://<endpoints> without credentials when there is no user name; extras are empty strings',
    requires: 'valkey:\n  interface: valkey_client',
    bindings: { valkey: { type: 'valkey', endpoints: '10.0.0.5:6379' } },
    expect: { VALKEY_DB_CONNECT_STRING: 'valkey://10.0.0.5:6379', VALKEY_DB_HOSTNAME: '10.0.0.5', VALKEY_DB_PORT: '6379', VALKEY_DB_READ_ONLY_ENDPOINTS: '', VALKEY_DB_SENTINEL_ENDPOINTS: '', VALKEY_MODE: '', VALKEY_VERSION: '' },
    absent: ['VALKEY_DB_USERNAME', 'VALKEY_DB_NAME'],
  },
  {
    summary: 'RabbitMQ: user = app name, port 5672, vhost / encoded as %2F; VHOST decoded; CONNECT_STRINGS per unit host',
    requires: 'rabbitmq:\n  interface: rabbitmq',
    bindings: { rabbitmq: { type: 'rabbitmq', hostname: 'rmq-0', password: 'pw', hostnames: 'rmq-0,rmq-1' } },
    expect: {
      RABBITMQ_CONNECT_STRING: 'amqp://flask-k8s:pw@rmq-0:5672/%2F', RABBITMQ_SCHEME: 'amqp', RABBITMQ_NETLOC: 'flask-k8s:pw@rmq-0:5672', RABBITMQ_PATH: '/%2F',
      RABBITMQ_PARAMS: '', RABBITMQ_QUERY: '', RABBITMQ_FRAGMENT: '', RABBITMQ_USERNAME: 'flask-k8s', RABBITMQ_PASSWORD: 'pw', RABBITMQ_HOSTNAME: 'rmq-0', RABBITMQ_PORT: '5672',
      RABBITMQ_VHOST: '/', RABBITMQ_CONNECT_STRINGS: 'amqp://flask-k8s:pw@rmq-0:5672/%2F,amqp://flask-k8s:pw@rmq-1:5672/%2F',
    },
    absent: ['RABBITMQ_NAME', 'RABBITMQ_DB_CONNECT_STRING'],
  },
  {
    summary: 'S3: every field, addressing style "virtual" for uri style "host", lists as JSON',
    requires: 's3:\n  interface: s3',
    bindings: { s3: { type: 's3', 'access-key': 'AK', 'secret-key': 'SK', bucket: 'b', region: 'eu', 'storage-class': 'STANDARD', endpoint: 'https://s3.example', path: '/p', 's3-api-version': '4', 's3-uri-style': 'host', attributes: '["a=1", "b=2"]', 'tls-ca-chain': '["-----BEGIN CERTIFICATE-----x"]' } },
    expect: { S3_ACCESS_KEY: 'AK', S3_SECRET_KEY: 'SK', S3_BUCKET: 'b', S3_REGION: 'eu', S3_STORAGE_CLASS: 'STANDARD', S3_ENDPOINT: 'https://s3.example', S3_PATH: '/p', S3_API_VERSION: '4', S3_URI_STYLE: 'host', S3_ADDRESSING_STYLE: 'virtual', S3_ATTRIBUTES: '["a=1", "b=2"]', S3_TLS_CA_CHAIN: '["-----BEGIN CERTIFICATE-----x"]' },
  },
  {
    summary: 'S3 with a key but no bucket: "Invalid s3 relation data."',
    requires: 's3:\n  interface: s3',
    bindings: { s3: { type: 's3', 'access-key': 'AK', 'secret-key': 'SK' } },
    blocked: ['Invalid s3 relation data.'],
    absent: ['S3_ACCESS_KEY'],
  },
  {
    summary: 'SAML: entity id, metadata URL, redirect URL, the first certificate',
    requires: 'saml:\n  interface: saml',
    bindings: { saml: { type: 'saml', entity_id: 'https://idp/e', metadata_url: 'https://idp/m', single_sign_on_service_redirect_url: 'https://idp/sso', x509certs: 'CERT1,CERT2' } },
    expect: { SAML_ENTITY_ID: 'https://idp/e', SAML_METADATA_URL: 'https://idp/m', SAML_SINGLE_SIGN_ON_REDIRECT_URL: 'https://idp/sso', SAML_SIGNING_CERTIFICATE: 'CERT1' },
  },
  {
    summary: 'tracing: service name = app name; a bare host URL gets its trailing slash (pydantic AnyUrl)',
    requires: 'tracing:\n  interface: tracing',
    bindings: { tracing: { type: 'tracing', endpoint: 'http://tempo:4318' } },
    expect: { OTEL_SERVICE_NAME: 'flask-k8s', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tempo:4318/' },
  },
  {
    summary: 'SMTP: port as text, skip_ssl_verify as Python True/False, "none" values dropped',
    requires: 'smtp:\n  interface: smtp',
    bindings: { smtp: { type: 'smtp', host: 'mail', port: '25', user: 'u', password: 'p', auth_type: 'none', transport_security: 'starttls', domain: 'example.com', skip_ssl_verify: 'false' } },
    expect: { SMTP_HOST: 'mail', SMTP_PORT: '25', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_TRANSPORT_SECURITY: 'starttls', SMTP_DOMAIN: 'example.com', SMTP_SKIP_SSL_VERIFY: 'False' },
    absent: ['SMTP_AUTH_TYPE'],
  },
  {
    summary: 'OpenFGA',
    requires: 'openfga:\n  interface: openfga',
    bindings: { openfga: { type: 'openfga', store_id: 's1', token: 't', grpc_api_url: 'grpc://fga:8081', http_api_url: 'http://fga:8080' } },
    expect: { FGA_STORE_ID: 's1', FGA_TOKEN: 't', FGA_GRPC_API_URL: 'grpc://fga:8081', FGA_HTTP_API_URL: 'http://fga:8080' },
  },
  {
    summary: 'OAuth on Flask with endpoint "oidc": FLASK_OIDC_*, scopes from oidc-scopes',
    requires: 'oidc:\n  interface: oauth',
    options: 'oidc-redirect-path:\n  type: string\n  default: /callback\noidc-scopes:\n  type: string\n  default: openid profile email',
    bindings: { oidc: { type: 'oauth', client_id: 'cid', client_secret: 'cs', issuer_url: 'https://hydra', authorization_endpoint: 'https://hydra/auth', token_endpoint: 'https://hydra/token', userinfo_endpoint: 'https://hydra/userinfo', jwks_endpoint: 'https://hydra/jwks' } },
    expect: {
      FLASK_OIDC_CLIENT_ID: 'cid', FLASK_OIDC_CLIENT_SECRET: 'cs', FLASK_OIDC_API_BASE_URL: 'https://hydra', FLASK_OIDC_AUTHORIZE_URL: 'https://hydra/auth', FLASK_OIDC_ACCESS_TOKEN_URL: 'https://hydra/token',
      FLASK_OIDC_USER_URL: 'https://hydra/userinfo', FLASK_OIDC_JWKS_URL: 'https://hydra/jwks', FLASK_OIDC_CLIENT_KWARGS: '{"scope": "openid profile email"}', FLASK_OIDC_REDIRECT_PATH: '/callback', FLASK_OIDC_SCOPES: 'openid profile email',
    },
  },
  {
    summary: 'OAuth on Go uses APP_; scopes without openid block with paas-charm\'s message',
    framework: 'go-framework',
    requires: 'login:\n  interface: oauth',
    config: { 'login-scopes': 'profile' },
    options: 'login-scopes:\n  type: string',
    bindings: { login: { type: 'oauth', client_id: 'cid', client_secret: 'cs', issuer_url: 'https://hydra' } },
    blocked: ["The 'openid' scope is required for OAuth integration, please add it to the scopes."],
    absent: ['APP_LOGIN_CLIENT_ID'],
  },
  {
    summary: 'two OAuth endpoints are not supported',
    requires: 'a:\n  interface: oauth\n  optional: true\nb:\n  interface: oauth\n  optional: true',
    blocked: ['Multiple OAuth relations are not supported at the moment'],
  },
  {
    summary: 'HTTP proxy: every value lower- and upper-case',
    requires: 'http-proxy:\n  interface: http_proxy',
    bindings: { 'http-proxy': { type: 'http-proxy', http_proxy: 'http://squid:3128', https_proxy: 'http://squid:3129' } },
    expect: { http_proxy: 'http://squid:3128', HTTP_PROXY: 'http://squid:3128', https_proxy: 'http://squid:3129', HTTPS_PROXY: 'http://squid:3129' },
  },
  {
    summary: 'missing integrations in paas-charm\'s order; valkey and http-proxy never block; oauth by its literal name',
    requires: ['smtp: {interface: smtp}', 'login: {interface: oauth}', 'tracing: {interface: tracing}', 'saml: {interface: saml}', 'openfga: {interface: openfga}', 's3: {interface: s3}',
      'redis: {interface: redis}', 'rabbitmq: {interface: rabbitmq}', 'mysql: {interface: mysql_client}', 'postgresql: {interface: postgresql_client}', 'valkey: {interface: valkey_client}', 'http-proxy: {interface: http_proxy}'].join('\n'),
    blocked: ['missing integrations: mysql, postgresql, rabbitmq, redis, s3, openfga, saml, tracing, smtp, oauth'],
  },
  {
    summary: 'Spring Boot on paas-charm 1.x: JDBC URL and credentials next to POSTGRESQL_DB_*; no tracing → exporters none; actuator metrics from the options',
    framework: 'spring-boot-framework',
    requires: 'postgresql:\n  interface: postgresql_client',
    bindings: { postgresql: { type: 'postgresql', uri: 'postgresql://u:p@pg:5432/db' } },
    config: { 'app-profiles': 'prod' },
    expect: {
      'spring.datasource.url': 'jdbc:postgresql://pg:5432/db', 'spring.jpa.hibernate.ddl-auto': 'none', 'spring.datasource.username': 'u', 'spring.datasource.password': 'p',
      POSTGRESQL_DB_CONNECT_STRING: 'postgresql://u:p@pg:5432/db', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none',
      'management.endpoints.web.exposure.include': 'prometheus', MANAGEMENT_SERVER_PORT: '8080', METRICS_PATH: '/actuator/prometheus', 'management.endpoints.web.base-path': '/actuator',
      'management.endpoints.web.path-mapping.prometheus': 'prometheus', 'server.forward-headers-strategy': 'framework', 'spring.profiles.active': 'prod', APP_PROFILES: 'prod', SERVER_PORT: '8080',
    },
    absent: ['METRICS_PORT', 'management.server.port'],
  },
  {
    summary: 'Spring Boot: MongoDB only as spring.data.mongodb.uri; Redis only as spring.data.redis.*',
    framework: 'spring-boot-framework',
    requires: 'mongodb:\n  interface: mongodb_client\nredis:\n  interface: redis',
    bindings: { mongodb: { type: 'mongodb', uris: 'mongodb://u:p@m:27017/app' }, redis: { type: 'redis', host: 'r', port: '6379' } },
    expect: { 'spring.data.mongodb.uri': 'mongodb://u:p@m:27017/app', 'spring.data.redis.url': 'redis://r:6379', 'spring.data.redis.host': 'r', 'spring.data.redis.port': '6379' },
    absent: ['MONGODB_DB_CONNECT_STRING', 'REDIS_DB_CONNECT_STRING', 'REDIS_DB_HOSTNAME'],
  },
];

for (const c of cases) {
  test(`conformance: ${c.summary}`, () => {
    const p = plan({ project: projectYaml(c.framework ?? 'flask-framework', c.options ?? '', c.requires, 'flask-k8s'), ...(c.bindings === undefined ? {} : { bindings: c.bindings }), ...(c.config === undefined ? {} : { config: c.config }) });
    assert.deepEqual(p.problems, []);
    const env = envOf(p);
    for (const [k, v] of Object.entries(c.expect ?? {})) assert.equal(env[k], v, k);
    for (const k of c.absent ?? []) assert.equal(k in env, false, `${k} should be absent`);
    assert.deepEqual(p.blocked.map((b) => b.message), c.blocked ?? []);
  });
}

test('conformance: Spring Boot SMTP, OpenFGA, S3, RabbitMQ, OAuth and SAML become Spring properties', () => {
  const requires = ['smtp: {interface: smtp}', 'openfga: {interface: openfga}', 's3: {interface: s3}', 'rabbitmq: {interface: rabbitmq}', 'oidc: {interface: oauth}', 'saml: {interface: saml}'].join('\n');
  const p = plan({
    project: projectYaml('spring-boot-framework', '', requires, 'spring-k8s'),
    bindings: {
      smtp: { type: 'smtp', host: 'mail', port: '587', user: 'u', domain: 'example.com', password: 'p', auth_type: 'plain', transport_security: 'starttls' },
      openfga: { type: 'openfga', store_id: 's1', token: 't', http_api_url: 'http://fga:8080' },
      s3: { type: 's3', 'access-key': 'AK', 'secret-key': 'SK', bucket: 'b', region: 'eu', endpoint: 'https://s3' },
      rabbitmq: { type: 'rabbitmq', hostname: 'rmq', password: 'pw' },
      oidc: { type: 'oauth', client_id: 'cid', client_secret: 'cs', issuer_url: 'https://hydra', token_endpoint: 'https://hydra/token' },
      saml: { type: 'saml', entity_id: 'https://idp/e', metadata_url: 'https://idp/m', x509certs: 'CERT' },
    },
  });
  assert.deepEqual(p.problems, []);
  const env = envOf(p);
  const expect: Record<string, string> = {
    'spring.mail.host': 'mail', 'spring.mail.port': '587', 'spring.mail.username': 'u@example.com', 'spring.mail.password': 'p',
    'spring.mail.properties.mail.smtp.auth': 'true', 'spring.mail.properties.mail.smtp.starttls.enable': 'true',
    'openfga.store-id': 's1', 'openfga.credentials.method': 'API_TOKEN', 'openfga.credentials.config.api-token': 't', 'openfga.api-url': 'http://fga:8080',
    'spring.cloud.aws.credentials.accessKey': 'AK', 'spring.cloud.aws.credentials.secretKey': 'SK', 'spring.cloud.aws.s3.bucket': 'b', 'spring.cloud.aws.region.static': 'eu', 'spring.cloud.aws.s3.endpoint': 'https://s3',
    'spring.rabbitmq.virtual-host': '/', 'spring.rabbitmq.username': 'spring-k8s', 'spring.rabbitmq.password': 'pw', 'spring.rabbitmq.host': 'rmq', 'spring.rabbitmq.port': '5672',
    'spring.security.oauth2.client.registration.oidc.client-id': 'cid', 'spring.security.oauth2.client.registration.oidc.client-secret': 'cs',
    'spring.security.oauth2.client.provider.oidc.issuer-uri': 'https://hydra', 'spring.security.oauth2.client.provider.oidc.token-uri': 'https://hydra/token',
    'spring.security.saml2.relyingparty.registration.testentity.entity-id': 'https://idp/e', 'spring.security.saml2.relyingparty.registration.testentity.assertingparty.metadata-uri': 'https://idp/m',
  };
  for (const [k, v] of Object.entries(expect)) assert.equal(env[k], v, k);
  for (const k of ['SMTP_HOST', 'FGA_STORE_ID', 'S3_ACCESS_KEY', 'RABBITMQ_CONNECT_STRING', 'APP_OIDC_CLIENT_ID', 'SAML_ENTITY_ID']) assert.equal(k in env, false, `${k} is replaced`);
  // paas-charm writes the certificate to a file named by a file: location (here in the state dir) and keeps no SAML_*.
  assert.equal(env.SAML_SIGNING_CERTIFICATE, undefined);
  assert.equal(env['spring.security.saml2.relyingparty.registration.testentity.assertingparty.verification.credentials[0].certificate-location'], 'file:/app/saml.cert');
  assert.deepEqual(p.files, [{ path: '/app/saml.cert', content: 'CERT\n' }]);
  // OAuth as generate_oauth_env: the full redirect URI (the extension's Spring path), the user-name attribute twice.
  assert.equal(env['spring.security.oauth2.client.registration.oidc.redirect-uri'], 'http://localhost:8080/login/oauth2/code/oidc');
  assert.equal(env['spring.security.oauth2.client.registration.oidc.user-name-attribute'], 'sub');
  assert.equal(env['spring.security.oauth2.client.provider.oidc.user-name-attribute'], 'sub');
});
