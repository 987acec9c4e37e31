// Framework facts from paas-charm, per line: 1.x is branch `v1` (1.12.2, a670ada), 2.x is `main`
// (2975c3a); files src/paas_charm/<framework>/charm.py, _gunicorn/workload_config.py, app.py
// (../shared/reference/paas-charm.md, its top table). Data only: the plan reads these tables.
import { acceptedOptions, extensionOptions, type ExtensionOption } from './extension-options.js';
import type { FrameworkName } from './framework-name.js';

export type { FrameworkName } from './framework-name.js';

/** The two paas-charm lines in use: 1.x (released; ubuntu@22.04/24.04), 2.x (main; ubuntu@26.04). */
export type PaasCharmLine = 1 | 2;

/** How a framework option's value is turned into env text beyond encode_env. */
export type FieldRender = 'plain' | 'preferred-url-scheme' | 'allowed-hosts' | 'port' | 'secret-key';

/** A field of paas-charm's framework config model, exported under the framework prefix. */
export interface FrameworkField {
  /** the option it reads; absent for `port` and `secret-key` fields, which are resolved apart */
  readonly option?: string;
  /** pydantic field name, upper-cased: the env name after the framework prefix */
  readonly field: string;
  readonly render: FieldRender;
  /** the pydantic default, emitted when the option has no value */
  readonly default?: string | number | boolean;
}

/** What differs between the two lines for one framework. */
export interface LineSpec {
  readonly frameworkPrefix: string;
  readonly fields: readonly FrameworkField[];
  /** where the app's port comes from: paas-config.yaml (2.x), then these options, then the default */
  readonly port: { readonly fromPaasConfig: boolean; readonly options: readonly string[]; readonly default: number };
  /** `<prefix>METRICS_PORT`/`_PATH` paas-charm sets itself (2.x): paas-config.yaml's, else these */
  readonly metrics?: { readonly port: number; readonly path: string };
  /** keys paas-config.yaml may hold (paas_config.py, extra="forbid") */
  readonly paasConfigKeys: readonly string[];
  /** extension options this line does not export (2.x: the metrics-* options move nothing) */
  readonly ignoredOptions?: readonly string[];
}

/** Everything the plan needs to know about one framework. */
export interface FrameworkSpec {
  readonly name: FrameworkName;
  readonly extension: string;
  readonly userPrefix: string;
  /** options starting with one of these are not user options (is_user_defined_config) */
  readonly reservedPrefixes: readonly string[];
  /** the extension's options, then those paas-init accepts besides */
  readonly options: readonly ExtensionOption[];
  /** the options that give the app secret key, each also as `<name>-id` (a secret) */
  readonly secretKeyOptions: readonly string[];
  readonly lines: Readonly<Record<PaasCharmLine, LineSpec>>;
  /** the app folder inside a paas-charm rock (migrations and the app run there) */
  readonly rockAppDir: string;
  /** how the app is served when no command is given */
  readonly server: 'gunicorn' | 'uvicorn' | 'binary' | 'npm' | 'java';
  /** the WSGI/ASGI entry point, where one applies */
  readonly entryPoint?: string;
}

const v1Keys = ['prometheus', 'framework_logging_format'];
const v2Keys = [...v1Keys, 'port', 'metrics-port', 'metrics_port', 'metrics-path', 'metrics_path'];
// paas-charm 2.x exports them as APP_METRICS_* although they move nothing (#316): paas-init does not.
const metricsOptions = ['metrics-port', 'metrics-path'];
const secretKey: FrameworkField = { field: 'SECRET_KEY', render: 'secret-key' };
const appSecretKey: FrameworkField = { field: 'APP_SECRET_KEY', render: 'secret-key' };
const fixedPort = (fromPaasConfig: boolean, port: number): LineSpec['port'] => ({ fromPaasConfig, options: [], default: port });

const flaskFields: readonly FrameworkField[] = [
  { option: 'flask-env', field: 'ENV', render: 'plain' },
  { option: 'flask-debug', field: 'DEBUG', render: 'plain' },
  secretKey,
  { option: 'flask-permanent-session-lifetime', field: 'PERMANENT_SESSION_LIFETIME', render: 'plain' },
  { option: 'flask-application-root', field: 'APPLICATION_ROOT', render: 'plain' },
  { option: 'flask-session-cookie-secure', field: 'SESSION_COOKIE_SECURE', render: 'plain' },
  { option: 'flask-preferred-url-scheme', field: 'PREFERRED_URL_SCHEME', render: 'preferred-url-scheme' },
];
const djangoFields: readonly FrameworkField[] = [
  { option: 'django-debug', field: 'DEBUG', render: 'plain' },
  secretKey,
  { option: 'django-allowed-hosts', field: 'ALLOWED_HOSTS', render: 'allowed-hosts', default: '' },
];
// Both lines: gunicorn on 8000; 1.x has no metrics variables (its scrape job is *:9102 only).
const gunicornLines = (prefix: string, fields: readonly FrameworkField[]): Record<PaasCharmLine, LineSpec> => ({
  1: { frameworkPrefix: prefix, fields, port: fixedPort(false, 8000), paasConfigKeys: v1Keys },
  2: { frameworkPrefix: prefix, fields, port: fixedPort(true, 8000), metrics: { port: 9102, path: '/metrics' }, paasConfigKeys: v2Keys },
});
const uvicornFields: readonly FrameworkField[] = [
  { field: 'UVICORN_PORT', render: 'port' },
  { field: 'UVICORN_HOST', render: 'plain', default: '0.0.0.0' },
  { option: 'webserver-workers', field: 'WEB_CONCURRENCY', render: 'plain', default: 1 },
  { option: 'webserver-log-level', field: 'UVICORN_LOG_LEVEL', render: 'plain', default: 'info' },
];
// 1.x: the metrics-* options are fields of the framework model (exported under its prefix).
const metricsFields: readonly FrameworkField[] = [
  { option: 'metrics-port', field: 'METRICS_PORT', render: 'plain' },
  { option: 'metrics-path', field: 'METRICS_PATH', render: 'plain' },
];
// 2.x Go and ExpressJS read an option named `port` that no extension declares (paas-charm#267);
// paas-init takes it when declared, else `app-port`, which is what users set.
const appPortLines = (v1Prefix: string, head: readonly FrameworkField[], metricsPort: number): Record<PaasCharmLine, LineSpec> => ({
  1: { frameworkPrefix: v1Prefix, fields: [...head, { field: 'PORT', render: 'port' }, ...metricsFields, v1Prefix === '' ? appSecretKey : secretKey], port: { fromPaasConfig: false, options: ['app-port'], default: 8080 }, paasConfigKeys: v1Keys },
  2: { frameworkPrefix: '', fields: [...head, { field: 'PORT', render: 'port' }, appSecretKey], port: { fromPaasConfig: true, options: ['port', 'app-port'], default: 8080 }, metrics: { port: metricsPort, path: '/metrics' }, paasConfigKeys: v2Keys, ignoredOptions: metricsOptions },
});

const spec = (s: Omit<FrameworkSpec, 'options' | 'reservedPrefixes' | 'extension'>): FrameworkSpec => ({
  ...s,
  extension: `${s.name}-framework`,
  reservedPrefixes: [`${s.name}-`, 'webserver-', 'app-'],
  options: [...extensionOptions[s.name], ...(acceptedOptions[s.name] ?? [])],
});

/** The six frameworks, keyed by paas-charm's internal name. */
export const frameworks: Readonly<Record<FrameworkName, FrameworkSpec>> = {
  flask: spec({ name: 'flask', userPrefix: 'FLASK_', secretKeyOptions: ['flask-secret-key', 'app-secret-key'], lines: gunicornLines('FLASK_', flaskFields), rockAppDir: '/flask/app', server: 'gunicorn', entryPoint: 'app:app' }),
  django: spec({ name: 'django', userPrefix: 'DJANGO_', secretKeyOptions: ['django-secret-key', 'app-secret-key'], lines: gunicornLines('DJANGO_', djangoFields), rockAppDir: '/django/app', server: 'gunicorn', entryPoint: 'django_app.wsgi:application' }),
  fastapi: spec({
    name: 'fastapi', userPrefix: 'APP_', secretKeyOptions: ['app-secret-key'],
    lines: {
      1: { frameworkPrefix: '', fields: [...uvicornFields, ...metricsFields, appSecretKey], port: { fromPaasConfig: false, options: ['webserver-port'], default: 8080 }, paasConfigKeys: v1Keys },
      2: { frameworkPrefix: '', fields: [...uvicornFields, appSecretKey], port: { fromPaasConfig: true, options: ['webserver-port'], default: 8000 }, metrics: { port: 8000, path: '/metrics' }, paasConfigKeys: v2Keys, ignoredOptions: metricsOptions },
    },
    rockAppDir: '/app', server: 'uvicorn', entryPoint: 'app:app',
  }),
  // 1.x Go keeps the base App's framework prefix APP_: APP_PORT, APP_METRICS_PORT, APP_SECRET_KEY.
  go: spec({ name: 'go', userPrefix: 'APP_', secretKeyOptions: ['app-secret-key'], lines: appPortLines('APP_', [], 8080), rockAppDir: '/app', server: 'binary' }),
  expressjs: spec({
    name: 'expressjs', userPrefix: 'APP_', secretKeyOptions: ['app-secret-key'],
    lines: appPortLines('', [{ option: 'node-env', field: 'NODE_ENV', render: 'plain', default: 'production' }], 9464),
    rockAppDir: '/app', server: 'npm',
  }),
  // Spring Boot's metrics go through Spring properties (plan/spring-boot.ts); 1.x also has them as fields.
  'spring-boot': spec({
    name: 'spring-boot', userPrefix: 'APP_', secretKeyOptions: ['app-secret-key'],
    lines: {
      1: {
        frameworkPrefix: '', port: { fromPaasConfig: false, options: ['app-port'], default: 8080 }, paasConfigKeys: v1Keys,
        fields: [
          { field: 'SERVER_PORT', render: 'port' }, { option: 'app-profiles', field: 'APP_PROFILES', render: 'plain' },
          { option: 'metrics-port', field: 'MANAGEMENT_SERVER_PORT', render: 'plain', default: 8080 },
          { option: 'metrics-path', field: 'METRICS_PATH', render: 'plain', default: '/actuator/prometheus' }, secretKey,
        ],
      },
      2: {
        frameworkPrefix: '', port: { fromPaasConfig: true, options: ['app-port'], default: 8080 }, paasConfigKeys: v2Keys, metrics: { port: 8080, path: '/actuator/prometheus' }, ignoredOptions: metricsOptions,
        fields: [{ field: 'SERVER_PORT', render: 'port' }, { option: 'app-profiles', field: 'APP_PROFILES', render: 'plain' }, secretKey],
      },
    },
    rockAppDir: '/app', server: 'java',
  }),
};

/** Looks a framework up by the extension name written in charmcraft.yaml. */
export function frameworkByExtension(extension: string): FrameworkSpec | undefined {
  return Object.values(frameworks).find((f) => f.extension === extension);
}

/** The extension names paas-init accepts, for error messages. */
export const extensionNames: readonly string[] = Object.values(frameworks).map((f) => f.extension);
