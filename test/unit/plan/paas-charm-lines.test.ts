// Options with their defaults → env, per framework and paas-charm line, as paas-charm's sources
// give them: 1.x is branch v1 (a670ada), 2.x is main (2975c3a); a packed charm holds every option
// of charmcraft's extension (charmcraft 15966e95, extensions/app.py) with its default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const v1 = 'ubuntu@24.04';
const v2 = 'ubuntu@26.04';
const springCommon = {
  APP_BASE_URL: 'http://localhost:8080', SERVER_PORT: '8080', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none',
  'management.endpoints.web.exposure.include': 'prometheus', 'management.endpoints.web.base-path': '/actuator',
  'management.endpoints.web.path-mapping.prometheus': 'prometheus', 'server.forward-headers-strategy': 'framework',
};

const cases: { summary: string; extension: string; base: string; env: Record<string, string> }[] = [
  { summary: 'Flask on 1.x: no metrics variables (the scrape job is *:9102 only)', extension: 'flask-framework', base: v1, env: { FLASK_PREFERRED_URL_SCHEME: 'HTTPS', FLASK_BASE_URL: 'http://localhost:8000' } },
  { summary: 'Flask on 2.x: FLASK_METRICS_PORT 9102 and FLASK_METRICS_PATH', extension: 'flask-framework', base: v2, env: { FLASK_PREFERRED_URL_SCHEME: 'HTTPS', FLASK_BASE_URL: 'http://localhost:8000', FLASK_METRICS_PORT: '9102', FLASK_METRICS_PATH: '/metrics' } },
  { summary: 'Django on 1.x: DEBUG false, ALLOWED_HOSTS with the base URL host, no metrics', extension: 'django-framework', base: v1, env: { DJANGO_DEBUG: 'false', DJANGO_ALLOWED_HOSTS: '["localhost"]', DJANGO_BASE_URL: 'http://localhost:8000' } },
  { summary: 'Django on 2.x: DJANGO_METRICS_PORT 9102', extension: 'django-framework', base: v2, env: { DJANGO_DEBUG: 'false', DJANGO_ALLOWED_HOSTS: '["localhost"]', DJANGO_BASE_URL: 'http://localhost:8000', DJANGO_METRICS_PORT: '9102', DJANGO_METRICS_PATH: '/metrics' } },
  {
    summary: 'FastAPI on 1.x: uvicorn on the extension\'s 8080, METRICS_* from the options', extension: 'fastapi-framework', base: v1,
    env: { UVICORN_PORT: '8080', UVICORN_HOST: '0.0.0.0', WEB_CONCURRENCY: '1', UVICORN_LOG_LEVEL: 'info', METRICS_PORT: '8080', METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' },
  },
  {
    summary: 'FastAPI on 2.x: uvicorn on 8080, METRICS_PORT the framework\'s 8000', extension: 'fastapi-framework', base: v2,
    env: { UVICORN_PORT: '8080', UVICORN_HOST: '0.0.0.0', WEB_CONCURRENCY: '1', UVICORN_LOG_LEVEL: 'info', METRICS_PORT: '8000', METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' },
  },
  { summary: 'Go on 1.x: the APP_ framework prefix: APP_PORT, APP_METRICS_PORT, APP_METRICS_PATH', extension: 'go-framework', base: v1, env: { APP_PORT: '8080', APP_METRICS_PORT: '8080', APP_METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' } },
  { summary: 'Go on 2.x: PORT, METRICS_PORT 8080 and METRICS_PATH, no APP_METRICS_*', extension: 'go-framework', base: v2, env: { PORT: '8080', METRICS_PORT: '8080', METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' } },
  { summary: 'ExpressJS on 1.x: NODE_ENV, PORT, METRICS_* from the options (8080)', extension: 'expressjs-framework', base: v1, env: { NODE_ENV: 'production', PORT: '8080', METRICS_PORT: '8080', METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' } },
  { summary: 'ExpressJS on 2.x: METRICS_PORT the framework\'s 9464', extension: 'expressjs-framework', base: v2, env: { NODE_ENV: 'production', PORT: '8080', METRICS_PORT: '9464', METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' } },
  {
    summary: 'Spring Boot on 1.x: MANAGEMENT_SERVER_PORT and METRICS_PATH fields, metrics-port also as APP_METRICS_PORT, no management.server.port', extension: 'spring-boot-framework', base: v1,
    env: { ...springCommon, MANAGEMENT_SERVER_PORT: '8080', METRICS_PATH: '/actuator/prometheus', APP_METRICS_PORT: '8080' },
  },
  { summary: 'Spring Boot on 2.x: management.server.port, no METRICS_*', extension: 'spring-boot-framework', base: v2, env: { ...springCommon, 'management.server.port': '8080' } },
];

for (const c of cases) {
  test(`a packed charm's defaults give paas-charm's env: ${c.summary}`, () => {
    const p = plan({ project: projectYaml(c.extension, '', '', 'test-app', c.base) });
    assert.deepEqual(envOf(p), c.env);
    assert.equal(p.paasCharm?.line, c.base === v1 ? 1 : 2);
  });
}

test('the line follows the base, bases or platforms; none means 1.x; the override wins and says so', () => {
  const line = (yaml: string, override?: { line: 1 | 2; from: string }) => plan({ project: `name: x\nextensions: [flask-framework]\n${yaml}` }, override === undefined ? {} : { paasCharmLine: override }).paasCharm;
  assert.deepEqual(line('base: ubuntu@22.04'), { line: 1, reason: 'base ubuntu@22.04: charmcraft packs paas-charm 1.x (>=1.0,<2)' });
  assert.deepEqual(line('base: ubuntu@26.04'), { line: 2, reason: "base ubuntu@26.04: charmcraft's V2 extension packs paas-charm 2.x" });
  assert.deepEqual(line(''), { line: 1, reason: 'no base in the project file: the released line, 1.x' });
  assert.equal(line('bases:\n  - name: ubuntu\n    channel: "22.04"')?.line, 1);
  assert.equal(line('bases:\n  - build-on:\n      - name: ubuntu\n        channel: "24.04"\n    run-on:\n      - name: ubuntu\n        channel: "24.04"')?.line, 1);
  assert.equal(line('platforms:\n  ubuntu@26.04:amd64:')?.line, 2);
  assert.deepEqual(line('base: ubuntu@20.04'), { line: 1, reason: 'base ubuntu@20.04 is none of ubuntu@22.04, 24.04, 26.04: the released line, 1.x' });
  assert.deepEqual(line('base: ubuntu@24.04', { line: 2, from: '--paas-charm-line' }), { line: 2, reason: '--paas-charm-line 2' });
  assert.deepEqual(line('base: ubuntu@26.04', { line: 1, from: 'PAAS_INIT_PAAS_CHARM_LINE=' }), { line: 1, reason: 'PAAS_INIT_PAAS_CHARM_LINE=1' });
});

test('the secret key options: flask-secret-key(-id), django-secret-key and app-secret-key(-id) on both lines, one at a time', () => {
  for (const base of [v1, v2]) {
    const flask = projectYaml('flask-framework', '', '', 'test-app', base);
    assert.equal(envOf(plan({ project: flask, config: { 'flask-secret-key': 'fk' }, secretKey: 'gen' })).FLASK_SECRET_KEY, 'fk');
    assert.equal(envOf(plan({ project: flask, secrets: { 'flask-secret-key-id': { value: 'fid' } }, secretKey: 'gen' })).FLASK_SECRET_KEY, 'fid');
    assert.equal(envOf(plan({ project: flask, config: { 'app-secret-key': 'ak' }, secretKey: 'gen' })).FLASK_SECRET_KEY, 'ak');
    assert.equal(envOf(plan({ project: projectYaml('django-framework', '', '', 'test-app', base), config: { 'django-secret-key': 'dk' } })).DJANGO_SECRET_KEY, 'dk');
    assert.equal(envOf(plan({ project: projectYaml('go-framework', '', '', 'test-app', base), config: { 'app-secret-key': 'gk' }, secretKey: 'gen' })).APP_SECRET_KEY, 'gk');
  }
  const both = plan({ project: projectYaml('flask-framework'), config: { 'flask-secret-key': 'a', 'app-secret-key': 'b' } });
  assert.deepEqual(both.problems.map((p) => `${p.key}: ${p.expected}, got ${p.found}`), ['flask-secret-key: either flask-secret-key or app-secret-key, not both, got both set']);
});

test('2.x Go and ExpressJS listen on app-port, or on a declared port option, and check says what has no effect', () => {
  const go = plan({ project: projectYaml('go-framework', '', '', 'test-app', v2), config: { 'app-port': '9000', 'metrics-port': '9100' } });
  assert.deepEqual([envOf(go).PORT, envOf(go).APP_BASE_URL, envOf(go).METRICS_PORT, envOf(go).APP_METRICS_PORT], ['9000', 'http://localhost:9000', '8080', undefined]);
  assert.deepEqual(go.notices, ["metrics-port has no effect on paas-charm 2.x: the metrics endpoint is paas-config.yaml's metrics-port and metrics-path, else port 8080 and path /metrics"]);
  const withPort = plan({ project: projectYaml('expressjs-framework', 'port:\n  type: int\n  default: 7000', '', 'test-app', v2), config: { 'app-port': '9000' } });
  assert.deepEqual([envOf(withPort).PORT, envOf(withPort).APP_PORT], ['7000', undefined]);
  assert.deepEqual(withPort.notices, ["app-port has no effect: the app's port (7000) comes from option port"]);
  const v1go = plan({ project: projectYaml('go-framework', '', '', 'test-app', v1), config: { 'metrics-port': '9100' } });
  assert.deepEqual([envOf(v1go).APP_METRICS_PORT, v1go.notices.length], ['9100', 0]);
});

test('a user option whose variable paas-charm sets itself has no effect, and check says so', () => {
  const p = plan({ project: projectYaml('flask-framework', 'metrics-port:\n  type: int', '', 'test-app', v2), config: { 'metrics-port': '9999' } });
  assert.equal(envOf(p).FLASK_METRICS_PORT, '9102');
  assert.deepEqual(p.notices, ['option "metrics-port" has no effect: paas-charm sets FLASK_METRICS_PORT itself']);
});

test('a declared port option that holds no port number is passed over for app-port', () => {
  const p = plan({ project: projectYaml('go-framework', 'port:\n  type: string\n  default: http', '', 'test-app', v2), config: { 'app-port': '9000' } });
  assert.deepEqual([envOf(p).PORT, p.port], ['9000', 9000]);
});
