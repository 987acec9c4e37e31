import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const options = `token:
  type: string
  default: hello
api-url:
  type: string
max-items:
  type: int
  default: 5
ratio:
  type: float
  default: 1
feature-enabled:
  type: boolean
  default: false
foo-bar-baz:
  type: string`;

test('each framework prefixes user options its own way, dashes become underscores, upper case', () => {
  const cases: [string, string][] = [
    ['flask-framework', 'FLASK_'], ['django-framework', 'DJANGO_'], ['fastapi-framework', 'APP_'],
    ['go-framework', 'APP_'], ['expressjs-framework', 'APP_'], ['spring-boot-framework', 'APP_'],
  ];
  for (const [ext, prefix] of cases) {
    const env = envOf(plan({ project: projectYaml(ext, options), config: { 'foo-bar-baz': 'x' } }));
    assert.equal(env[`${prefix}TOKEN`], 'hello', ext);
    assert.equal(env[`${prefix}FOO_BAR_BAZ`], 'x', ext);
    assert.equal(env[`${prefix}MAX_ITEMS`], '5', ext);
    assert.equal(env[`${prefix}RATIO`], '1.0', ext);
    assert.equal(env[`${prefix}FEATURE_ENABLED`], 'false', ext);
  }
});

test('an option with no default and no value produces no variable at all', () => {
  const env = envOf(plan({ project: projectYaml('flask-framework', options) }));
  assert.equal('FLASK_API_URL' in env, false);
  assert.equal('FLASK_FOO_BAR_BAZ' in env, false);
});

test('an empty file is the empty string, a missing file is no value', () => {
  const env = envOf(plan({ project: projectYaml('flask-framework', options), config: { 'api-url': '' } }));
  assert.equal(env.FLASK_API_URL, '');
  assert.equal(env.FLASK_TOKEN, 'hello');
});

test('precedence is default < config.yaml < config/<option> < --set', () => {
  const project = projectYaml('flask-framework', options);
  const yaml = 'token: from-yaml\nmax-items: 7\nratio: 2.5\nfeature-enabled: true\n';
  const p1 = plan({ project, config: { 'config.yaml': yaml } });
  assert.deepEqual([envOf(p1).FLASK_TOKEN, envOf(p1).FLASK_MAX_ITEMS, envOf(p1).FLASK_RATIO, envOf(p1).FLASK_FEATURE_ENABLED], ['from-yaml', '7', '2.5', 'true']);
  const p2 = plan({ project, config: { 'config.yaml': yaml, token: 'from-file' } });
  assert.equal(envOf(p2).FLASK_TOKEN, 'from-file');
  const p3 = plan({ project, config: { 'config.yaml': yaml, token: 'from-file' }, sets: [['token', 'from-set']] });
  assert.equal(envOf(p3).FLASK_TOKEN, 'from-set');
  assert.deepEqual(p3.env.find((v) => v.name === 'FLASK_TOKEN')?.source, { kind: 'set' });
  assert.deepEqual(p2.env.find((v) => v.name === 'FLASK_TOKEN')?.source, { kind: 'config-file', path: '/r/config/token' });
});

// (fixture files are read in the order written here; the real reader sorts names)
test('values of the wrong type are problems naming the file, the key, what was expected and found', () => {
  const p = plan({
    project: projectYaml('flask-framework', options),
    config: { 'max-items': 'abc', ratio: 'x', 'feature-enabled': 'maybe', 'no-such-option': '1', 'config.yaml': 'max-items: [1]' },
    sets: [['ratio', '1e999']],
  });
  assert.deepEqual(p.problems.map(formatProblem), [
    '/r/config/config.yaml: max-items: expected an integer, got a list',
    '/r/config/max-items: max-items: expected an integer, got string "abc"',
    '/r/config/ratio: ratio: expected a number, got string "x"',
    '/r/config/feature-enabled: feature-enabled: expected true or false, got string "maybe"',
    '/r/config/no-such-option: no-such-option: expected a declared option (webserver-keepalive, webserver-threads, webserver-timeout, webserver-workers, webserver-worker-class, flask-application-root, flask-debug, flask-env, flask-permanent-session-lifetime, flask-preferred-url-scheme, flask-secret-key, flask-secret-key-id, flask-session-cookie-secure, app-secret-key, app-secret-key-id, token, api-url, max-items, ratio, feature-enabled, foo-bar-baz), got an unknown option',
    '--set: ratio: expected a number, got string "1e999"',
  ]);
});

test('malformed config.yaml is reported with its line', () => {
  const p = plan({ project: projectYaml('flask-framework', options), config: { 'config.yaml': 'token: [unclosed\n' } });
  assert.equal(p.problems.length, 1);
  assert.match(formatProblem(p.problems[0]!), /^\/r\/config\/config\.yaml: expected a YAML map of option: value, got invalid YAML at line \d+$/);
});

test('required options (optional: false) without a value block with paas-charm\'s message', () => {
  const project = projectYaml('flask-framework', 'api-url:\n  type: string\n  optional: false\nother:\n  type: int\n  optional: false\n  default: 0');
  const p = plan({ project });
  assert.deepEqual(p.blocked.map((b) => b.message), ['missing options: api-url']);
  assert.deepEqual(plan({ project, config: { 'api-url': 'http://x' } }).blocked, []);
});

test('framework options are not user options and land under their field names', () => {
  const p = plan({
    project: projectYaml('flask-framework', 'debug:\n  type: string\n  default: user-value'),
    config: { 'flask-debug': 'true', 'flask-env': 'staging', 'flask-preferred-url-scheme': 'http', 'webserver-workers': '3', 'app-secret-key': 'k' },
  });
  const env = envOf(p);
  assert.equal(env.FLASK_DEBUG, 'true'); // the user option "debug" collides with the field and is dropped
  assert.equal(env.FLASK_ENV, 'staging');
  assert.equal(env.FLASK_PREFERRED_URL_SCHEME, 'HTTP');
  assert.equal(env.FLASK_SECRET_KEY, 'k');
  assert.equal('FLASK_WEBSERVER_WORKERS' in env, false);
  assert.ok(p.command?.includes('--workers') && p.command.includes('3'));
});

test('a bad preferred URL scheme or worker class is reported, not silently used', () => {
  const p = plan({ project: projectYaml('flask-framework'), config: { 'flask-preferred-url-scheme': 'ftp', 'webserver-worker-class': 'eventlet' } });
  assert.deepEqual(p.problems.map(formatProblem), ['/r/config/flask-preferred-url-scheme: flask-preferred-url-scheme: expected http or https, got string "ftp"']);
  assert.deepEqual(p.blocked.map((b) => b.message), ["Only 'gevent' and 'sync' are allowed. https://bit.ly/flask-async-doc"]);
});

test('int options keep every digit and floats keep .0', () => {
  const p = plan({ project: projectYaml('flask-framework', options), config: { 'max-items': '123456789012345678901', ratio: '3' } });
  assert.equal(envOf(p).FLASK_MAX_ITEMS, '123456789012345678901');
  assert.equal(envOf(p).FLASK_RATIO, '3.0');
});
