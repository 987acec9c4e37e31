// Framework facts from paas-charm (../shared/reference/paas-charm.md sections 0, 6, 7, 7.1, 8).
// Data only: the plan reads these tables, nothing here computes.

/** The frameworks paas-charm supports, by paas-charm's internal name. */
export type FrameworkName = 'flask' | 'django' | 'fastapi' | 'go' | 'expressjs' | 'spring-boot';

/** A config option the charmcraft extension declares on the app's behalf. */
export interface ExtensionOption {
  readonly name: string;
  readonly type: 'string' | 'int' | 'float' | 'boolean' | 'secret';
  readonly default?: string | boolean | number;
  readonly description: string;
}

/** How a framework option's value is turned into env text beyond encode_env. */
export type FieldRender = 'plain' | 'preferred-url-scheme' | 'allowed-hosts';

/** A framework option that paas-charm exports under the framework prefix, named after its model field. */
export interface FrameworkField {
  readonly option: string;
  /** pydantic field name, upper-cased for the env name */
  readonly field: string;
  readonly render: FieldRender;
  /** emitted even when unset (pydantic default), as text before encoding */
  readonly default?: string | number | boolean;
}

/** Everything the plan needs to know about one framework. */
export interface FrameworkSpec {
  readonly name: FrameworkName;
  readonly extension: string;
  readonly userPrefix: string;
  readonly frameworkPrefix: string;
  /** options starting with one of these are not user options (is_user_defined_config) */
  readonly reservedPrefixes: readonly string[];
  readonly options: readonly ExtensionOption[];
  readonly fields: readonly FrameworkField[];
  readonly port: number;
  /** option that overrides the port, if any */
  readonly portOption?: string;
  readonly metrics?: { readonly port: number; readonly path: string; readonly portOption?: string; readonly pathOption?: string };
  /** the app folder inside a paas-charm rock (migrations and the app run there) */
  readonly rockAppDir: string;
  /** how the app is served when no command is given */
  readonly server: 'gunicorn' | 'uvicorn' | 'binary' | 'npm' | 'java';
  /** the WSGI/ASGI entry point, where one applies */
  readonly entryPoint?: string;
}

const webserverOptions: readonly ExtensionOption[] = [
  { name: 'webserver-keepalive', type: 'int', description: 'Time in seconds for webserver to wait for requests on a Keep-Alive connection.' },
  { name: 'webserver-threads', type: 'int', description: 'Run each webserver worker with the specified number of threads.' },
  { name: 'webserver-timeout', type: 'int', description: 'Time in seconds to kill and restart silent webserver workers.' },
  { name: 'webserver-workers', type: 'int', description: 'The number of webserver worker processes for handling requests.' },
  { name: 'webserver-worker-class', type: 'string', description: "The webserver worker process class for handling requests. Can be either 'gevent' or 'sync'." },
];

const secretKeyOptions: readonly ExtensionOption[] = [
  { name: 'app-secret-key', type: 'string', description: 'Long secret you can use for sessions, csrf or any other thing where you need a random secret shared by all units.' },
  { name: 'app-secret-key-id', type: 'secret', description: 'A secret holding the app secret key in its "value" key; use instead of app-secret-key.' },
];

const secretKeyField: FrameworkField = { option: 'app-secret-key', field: 'SECRET_KEY', render: 'plain' };

/** The six frameworks, keyed by paas-charm's internal name. */
export const frameworks: Readonly<Record<FrameworkName, FrameworkSpec>> = {
  flask: {
    name: 'flask',
    extension: 'flask-framework',
    userPrefix: 'FLASK_',
    frameworkPrefix: 'FLASK_',
    reservedPrefixes: ['flask-', 'webserver-', 'app-'],
    options: [
      { name: 'flask-application-root', type: 'string', description: 'Path in which the application / web server is mounted.' },
      { name: 'flask-debug', type: 'boolean', description: 'Whether Flask debug mode is enabled.' },
      { name: 'flask-env', type: 'string', description: 'What environment the Flask app is running in.' },
      { name: 'flask-permanent-session-lifetime', type: 'int', description: 'Time in seconds for the cookie to expire in the Flask application permanent sessions.' },
      { name: 'flask-preferred-url-scheme', type: 'string', default: 'HTTPS', description: 'Scheme for generating external URLs when not in a request context.' },
      { name: 'flask-session-cookie-secure', type: 'boolean', description: 'Set the secure attribute in the Flask application cookies.' },
      ...secretKeyOptions,
      ...webserverOptions,
    ],
    fields: [
      { option: 'flask-env', field: 'ENV', render: 'plain' },
      { option: 'flask-debug', field: 'DEBUG', render: 'plain' },
      secretKeyField,
      { option: 'flask-permanent-session-lifetime', field: 'PERMANENT_SESSION_LIFETIME', render: 'plain' },
      { option: 'flask-application-root', field: 'APPLICATION_ROOT', render: 'plain' },
      { option: 'flask-session-cookie-secure', field: 'SESSION_COOKIE_SECURE', render: 'plain' },
      { option: 'flask-preferred-url-scheme', field: 'PREFERRED_URL_SCHEME', render: 'preferred-url-scheme' },
    ],
    port: 8000,
    metrics: { port: 9102, path: '/metrics' },
    rockAppDir: '/flask/app',
    server: 'gunicorn',
    entryPoint: 'app:app',
  },
  django: {
    name: 'django',
    extension: 'django-framework',
    userPrefix: 'DJANGO_',
    frameworkPrefix: 'DJANGO_',
    reservedPrefixes: ['django-', 'webserver-', 'app-'],
    options: [
      { name: 'django-debug', type: 'boolean', default: false, description: 'Whether Django debug mode is enabled.' },
      { name: 'django-allowed-hosts', type: 'string', description: 'A comma-separated list of host/domain names that this Django site can serve.' },
      ...secretKeyOptions,
      ...webserverOptions,
    ],
    fields: [
      { option: 'django-debug', field: 'DEBUG', render: 'plain' },
      secretKeyField,
      { option: 'django-allowed-hosts', field: 'ALLOWED_HOSTS', render: 'allowed-hosts', default: '' },
    ],
    port: 8000,
    metrics: { port: 9102, path: '/metrics' },
    rockAppDir: '/django/app',
    server: 'gunicorn',
    entryPoint: 'django_app.wsgi:application',
  },
  fastapi: {
    name: 'fastapi',
    extension: 'fastapi-framework',
    userPrefix: 'APP_',
    frameworkPrefix: '',
    reservedPrefixes: ['fastapi-', 'webserver-', 'app-'],
    options: [
      { name: 'webserver-port', type: 'int', default: 8000, description: 'Default port where the application will listen on.' },
      { name: 'webserver-host', type: 'string', default: '0.0.0.0', description: 'Host the application listens on.' },
      { name: 'webserver-workers', type: 'int', default: 1, description: 'Number of workers for uvicorn.' },
      { name: 'webserver-log-level', type: 'string', default: 'info', description: 'Uvicorn log level.' },
      { name: 'metrics-port', type: 'int', default: 8000, description: 'Port where the prometheus metrics will be scraped.' },
      { name: 'metrics-path', type: 'string', default: '/metrics', description: 'Path where the prometheus metrics will be scraped.' },
      ...secretKeyOptions,
    ],
    fields: [
      { option: 'webserver-port', field: 'UVICORN_PORT', render: 'plain', default: 8000 },
      { option: 'webserver-host', field: 'UVICORN_HOST', render: 'plain', default: '0.0.0.0' },
      { option: 'webserver-workers', field: 'WEB_CONCURRENCY', render: 'plain', default: 1 },
      { option: 'webserver-log-level', field: 'UVICORN_LOG_LEVEL', render: 'plain', default: 'info' },
      { option: 'app-secret-key', field: 'APP_SECRET_KEY', render: 'plain' },
    ],
    port: 8000,
    portOption: 'webserver-port',
    metrics: { port: 8000, path: '/metrics', portOption: 'metrics-port', pathOption: 'metrics-path' },
    rockAppDir: '/app',
    server: 'uvicorn',
    entryPoint: 'app:app',
  },
  go: {
    name: 'go',
    extension: 'go-framework',
    userPrefix: 'APP_',
    frameworkPrefix: '',
    reservedPrefixes: ['go-', 'webserver-', 'app-'],
    options: [
      { name: 'app-port', type: 'int', default: 8080, description: 'Default port where the application will listen on.' },
      { name: 'metrics-port', type: 'int', default: 8080, description: 'Port where the prometheus metrics will be scraped.' },
      { name: 'metrics-path', type: 'string', default: '/metrics', description: 'Path where the prometheus metrics will be scraped.' },
      ...secretKeyOptions,
    ],
    fields: [
      { option: 'app-port', field: 'PORT', render: 'plain', default: 8080 },
      { option: 'app-secret-key', field: 'APP_SECRET_KEY', render: 'plain' },
    ],
    port: 8080,
    portOption: 'app-port',
    metrics: { port: 8080, path: '/metrics', portOption: 'metrics-port', pathOption: 'metrics-path' },
    rockAppDir: '/app',
    server: 'binary',
  },
  expressjs: {
    name: 'expressjs',
    extension: 'expressjs-framework',
    userPrefix: 'APP_',
    frameworkPrefix: '',
    reservedPrefixes: ['expressjs-', 'webserver-', 'app-'],
    options: [
      { name: 'node-env', type: 'string', default: 'production', description: 'The NODE_ENV of the app.' },
      { name: 'app-port', type: 'int', default: 8080, description: 'Default port where the application will listen on.' },
      { name: 'metrics-port', type: 'int', default: 9464, description: 'Port where the prometheus metrics will be scraped.' },
      { name: 'metrics-path', type: 'string', default: '/metrics', description: 'Path where the prometheus metrics will be scraped.' },
      ...secretKeyOptions,
    ],
    fields: [
      { option: 'node-env', field: 'NODE_ENV', render: 'plain', default: 'production' },
      { option: 'app-port', field: 'PORT', render: 'plain', default: 8080 },
      { option: 'app-secret-key', field: 'APP_SECRET_KEY', render: 'plain' },
    ],
    port: 8080,
    portOption: 'app-port',
    metrics: { port: 9464, path: '/metrics', portOption: 'metrics-port', pathOption: 'metrics-path' },
    rockAppDir: '/app',
    server: 'npm',
  },
  'spring-boot': {
    name: 'spring-boot',
    extension: 'spring-boot-framework',
    userPrefix: 'APP_',
    frameworkPrefix: '',
    reservedPrefixes: ['spring-boot-', 'webserver-', 'app-'],
    options: [
      { name: 'app-port', type: 'int', default: 8080, description: 'Default port where the application will listen on.' },
      { name: 'app-profiles', type: 'string', description: 'Comma-separated list of active Spring profiles.' },
      { name: 'metrics-port', type: 'int', default: 8080, description: 'Port where the prometheus metrics will be scraped.' },
      { name: 'metrics-path', type: 'string', default: '/actuator/prometheus', description: 'Path where the prometheus metrics will be scraped.' },
      ...secretKeyOptions,
    ],
    fields: [
      { option: 'app-port', field: 'SERVER_PORT', render: 'plain', default: 8080 },
      { option: 'app-profiles', field: 'APP_PROFILES', render: 'plain' },
      { option: 'app-secret-key', field: 'SECRET_KEY', render: 'plain' },
    ],
    port: 8080,
    portOption: 'app-port',
    rockAppDir: '/app',
    server: 'java',
  },
};

/** Looks a framework up by the extension name written in charmcraft.yaml. */
export function frameworkByExtension(extension: string): FrameworkSpec | undefined {
  return Object.values(frameworks).find((f) => f.extension === extension);
}

/** The extension names paas-init accepts, for error messages. */
export const extensionNames: readonly string[] = Object.values(frameworks).map((f) => f.extension);
