// The config options charmcraft's framework extensions add to a charm (a packed charm is the
// user's charmcraft.yaml merged with these, so under Juju every one has its default).
// Read from canonical/charmcraft, charmcraft/extensions/app.py at commit 15966e95 (V1 and V2
// classes declare the same options there). Data only.
import type { FrameworkName } from './framework-name.js';

/** Where the tables of this file were read. */
export const extensionOptionsSource = 'canonical/charmcraft charmcraft/extensions/app.py at 15966e95';

/** A config option a framework extension declares on the app's behalf. */
export interface ExtensionOption {
  readonly name: string;
  readonly type: 'string' | 'int' | 'float' | 'boolean' | 'secret';
  readonly default?: string | boolean | number;
}

const gunicornWebserver: readonly ExtensionOption[] = [
  { name: 'webserver-keepalive', type: 'int' },
  { name: 'webserver-threads', type: 'int' },
  { name: 'webserver-timeout', type: 'int' },
  { name: 'webserver-workers', type: 'int' },
  { name: 'webserver-worker-class', type: 'string' },
];
const appPort: ExtensionOption = { name: 'app-port', type: 'int', default: 8080 };
const metrics = (path: string): readonly ExtensionOption[] => [
  { name: 'metrics-port', type: 'int', default: 8080 },
  { name: 'metrics-path', type: 'string', default: path },
];
const appSecretKey: readonly ExtensionOption[] = [
  { name: 'app-secret-key', type: 'string' },
  { name: 'app-secret-key-id', type: 'secret' },
];

/** Each extension's options (app.py `options`), in declaration order. */
export const extensionOptions: Readonly<Record<FrameworkName, readonly ExtensionOption[]>> = {
  flask: [
    ...gunicornWebserver,
    { name: 'flask-application-root', type: 'string' },
    { name: 'flask-debug', type: 'boolean' },
    { name: 'flask-env', type: 'string' },
    { name: 'flask-permanent-session-lifetime', type: 'int' },
    { name: 'flask-preferred-url-scheme', type: 'string', default: 'HTTPS' },
    { name: 'flask-secret-key', type: 'string' },
    { name: 'flask-secret-key-id', type: 'secret' },
    { name: 'flask-session-cookie-secure', type: 'boolean' },
  ],
  django: [
    ...gunicornWebserver,
    { name: 'django-debug', type: 'boolean', default: false },
    { name: 'django-secret-key', type: 'string' },
    { name: 'django-secret-key-id', type: 'secret' },
    { name: 'django-allowed-hosts', type: 'string' },
  ],
  fastapi: [
    { name: 'webserver-workers', type: 'int', default: 1 },
    { name: 'webserver-port', type: 'int', default: 8080 },
    { name: 'webserver-log-level', type: 'string', default: 'info' },
    ...metrics('/metrics'),
    ...appSecretKey,
  ],
  go: [appPort, ...metrics('/metrics'), ...appSecretKey],
  expressjs: [appPort, ...metrics('/metrics'), ...appSecretKey],
  'spring-boot': [appPort, { name: 'app-profiles', type: 'string' }, ...metrics('/actuator/prometheus'), ...appSecretKey],
};

/**
 * Options paas-init accepts although the extension does not declare them: paas-charm 2.x reads
 * `app-secret-key`(-id) for Flask and Django too (and charmcraft's expanded examples declare it).
 */
export const acceptedOptions: Readonly<Partial<Record<FrameworkName, readonly ExtensionOption[]>>> = {
  flask: appSecretKey,
  django: appSecretKey,
};

/**
 * The options added for every `requires` endpoint of interface `oauth` (app.py
 * OAUTH_DYNAMIC_OPTIONS; Spring Boot's own redirect path and user-name attribute).
 */
export function oauthOptions(framework: FrameworkName, endpoint: string): readonly ExtensionOption[] {
  const scopes: ExtensionOption = { name: `${endpoint}-scopes`, type: 'string', default: 'openid profile email' };
  if (framework !== 'spring-boot') return [{ name: `${endpoint}-redirect-path`, type: 'string', default: '/callback' }, scopes];
  return [
    { name: `${endpoint}-redirect-path`, type: 'string', default: `/login/oauth2/code/${endpoint}` },
    scopes,
    { name: `${endpoint}-user-name-attribute`, type: 'string', default: 'sub' },
  ];
}
