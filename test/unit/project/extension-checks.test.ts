// What charmcraft's _check_input refuses (charmcraft/extensions/app.py at 15966e95), in its words;
// and the extension's options a packed charm holds, as a table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { extensionOptions } from '../../../src/mapping/extension-options.js';
import { parseProject } from '../../../src/project/parse-project.js';

const parse = (ext: string, options: string) => parseProject(`name: x\nextensions: [${ext}]\nconfig:\n  options:\n${options}`, 'c.yaml');

test('a user option that redeclares an extension option differently is refused as charmcraft refuses it', () => {
  assert.deepEqual(parse('fastapi-framework', '    webserver-port: {type: int, default: 8000}\n').problems.map(formatProblem), [
    "c.yaml: config.options.webserver-port: expected the fastapi-framework extension's definition (type int, default 8080) or another name, got type int, default 8000; charmcraft refuses it: overlapping keys {'webserver-port'} in config.options of charmcraft.yaml which conflict with the fastapi-framework extension, please rename or remove it",
  ]);
});

test('an option with a reserved prefix the extension does not declare is refused', () => {
  assert.deepEqual(parse('flask-framework', '    webserver-host: {type: string}\n    flask-extra: {type: int}\n').problems.map(formatProblem), [
    'c.yaml: config.options.webserver-host: expected a name without the flask-framework reserved prefix "webserver-", got an option the extension does not declare; charmcraft refuses it: config.options \'webserver-host\' starts with flask-framework reserved configuration prefix \'webserver-\', please rename or remove it',
    'c.yaml: config.options.flask-extra: expected a name without the flask-framework reserved prefix "flask-", got an option the extension does not declare; charmcraft refuses it: config.options \'flask-extra\' starts with flask-framework reserved configuration prefix \'flask-\', please rename or remove it',
  ]);
  assert.equal(parse('spring-boot-framework', '    spring-boot-x: {type: int}\n').problems.length, 1);
});

test('a non-optional option with a (truthy) default is refused; a falsy default is none to charmcraft', () => {
  assert.deepEqual(parse('go-framework', '    token: {type: string, optional: false, default: abc}\n    count: {type: int, optional: false, default: 0}\n').problems.map(formatProblem), [
    'c.yaml: config.options.token.default: expected no default for an option with optional: false, got string "abc"; charmcraft refuses it: Non-optional configuration options can not have default values. Please either remove the default value or set optional field to true or remove it for the token configuration option(s).',
  ]);
});

test('an expanded charmcraft.yaml that repeats the extension options as they are stays valid', () => {
  const r = parse('fastapi-framework', [
    '    webserver-workers: {type: int, default: 1, description: Number of workers for uvicorn.}',
    '    webserver-port: {type: int, default: 8080, description: Bind to a socket with this port.}',
    '    webserver-log-level: {type: string, default: info}',
    '    metrics-port: {type: int, default: 8080}', '    metrics-path: {type: string, default: /metrics}',
    '    app-secret-key: {type: string}', '    app-secret-key-id: {type: secret}', '',
  ].join('\n'));
  assert.deepEqual(r.problems, []);
  assert.equal(r.project?.options.get('webserver-port')?.fromExtension, true);
});

test('the extension options are charmcraft 15966e95\'s, per framework', () => {
  const names = Object.fromEntries(Object.entries(extensionOptions).map(([k, v]) => [k, v.map((o) => `${o.name}${o.default === undefined ? '' : `=${o.default}`}`)]));
  assert.deepEqual(names, {
    flask: ['webserver-keepalive', 'webserver-threads', 'webserver-timeout', 'webserver-workers', 'webserver-worker-class', 'flask-application-root', 'flask-debug', 'flask-env', 'flask-permanent-session-lifetime', 'flask-preferred-url-scheme=HTTPS', 'flask-secret-key', 'flask-secret-key-id', 'flask-session-cookie-secure'],
    django: ['webserver-keepalive', 'webserver-threads', 'webserver-timeout', 'webserver-workers', 'webserver-worker-class', 'django-debug=false', 'django-secret-key', 'django-secret-key-id', 'django-allowed-hosts'],
    fastapi: ['webserver-workers=1', 'webserver-port=8080', 'webserver-log-level=info', 'metrics-port=8080', 'metrics-path=/metrics', 'app-secret-key', 'app-secret-key-id'],
    go: ['app-port=8080', 'metrics-port=8080', 'metrics-path=/metrics', 'app-secret-key', 'app-secret-key-id'],
    expressjs: ['app-port=8080', 'metrics-port=8080', 'metrics-path=/metrics', 'app-secret-key', 'app-secret-key-id'],
    'spring-boot': ['app-port=8080', 'app-profiles', 'metrics-port=8080', 'metrics-path=/actuator/prometheus', 'app-secret-key', 'app-secret-key-id'],
  });
});

test('an oauth endpoint adds its redirect path and scopes options (Spring Boot: its own path and the user-name attribute)', () => {
  const flask = parseProject('name: x\nextensions: [flask-framework]\nrequires:\n  oidc: {interface: oauth}\n', 'c.yaml').project;
  assert.deepEqual([flask?.options.get('oidc-redirect-path')?.default, flask?.options.get('oidc-scopes')?.default], ['/callback', 'openid profile email']);
  const spring = parseProject('name: x\nextensions: [spring-boot-framework]\nrequires:\n  sso: {interface: oauth}\n', 'c.yaml').project;
  assert.deepEqual([spring?.options.get('sso-redirect-path')?.default, spring?.options.get('sso-user-name-attribute')?.default], ['/login/oauth2/code/sso', 'sub']);
});
