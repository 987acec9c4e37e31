import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

test('a default Flask app on paas-charm 2.x gets the variables of paas-charm\'s Flask test, with the model as base URL host', () => {
  const p = plan({ project: projectYaml('flask-framework', '', '', 'flask-k8s', 'ubuntu@26.04'), secretKey: 'peer-key' }, { model: 'test-model' });
  assert.deepEqual(envOf(p), {
    FLASK_PREFERRED_URL_SCHEME: 'HTTPS',
    FLASK_METRICS_PORT: '9102',
    FLASK_METRICS_PATH: '/metrics',
    FLASK_BASE_URL: 'http://flask-k8s.test-model:8000',
    FLASK_SECRET_KEY: 'peer-key',
  });
});

test('the base URL is --base-url when given, else localhost outside Kubernetes', () => {
  assert.equal(envOf(plan({ project: projectYaml('flask-framework') })).FLASK_BASE_URL, 'http://localhost:8000');
  assert.equal(envOf(plan({ project: projectYaml('flask-framework') }, { baseUrl: 'https://app.example.com' })).FLASK_BASE_URL, 'https://app.example.com');
});

test('Django: DEBUG false by default, ALLOWED_HOSTS as a JSON list with the base URL host, blocked without a database', () => {
  const p = plan({ project: projectYaml('django-framework', '', '', 'django-k8s') }, { model: 'test-model' });
  const env = envOf(p);
  assert.equal(env.DJANGO_DEBUG, 'false');
  assert.equal(env.DJANGO_ALLOWED_HOSTS, '["django-k8s.test-model"]');
  assert.equal(env.DJANGO_BASE_URL, 'http://django-k8s.test-model:8000');
  assert.deepEqual(p.blocked.map((b) => b.message), ['Django requires a database integration to work']);
  const withHosts = plan({ project: projectYaml('django-framework', '', 'postgresql:\n  interface: postgresql_client', 'django-k8s'), config: { 'django-allowed-hosts': 'test.local, django-k8s.test-model' }, relations: { postgresql: 'postgresql://u:p@h:5432/d' } }, { model: 'test-model' });
  assert.equal(envOf(withHosts).DJANGO_ALLOWED_HOSTS, '["test.local", "django-k8s.test-model"]');
  assert.deepEqual(withHosts.blocked, []);
});

test('FastAPI, Go, ExpressJS and Spring Boot on paas-charm 2.x get their framework variables with defaults', () => {
  const fastapi = envOf(plan({ project: projectYaml('fastapi-framework', '', '', 'test-app', 'ubuntu@26.04') }));
  assert.deepEqual([fastapi.UVICORN_PORT, fastapi.UVICORN_HOST, fastapi.WEB_CONCURRENCY, fastapi.UVICORN_LOG_LEVEL, fastapi.METRICS_PORT, fastapi.METRICS_PATH, fastapi.APP_BASE_URL], ['8080', '0.0.0.0', '1', 'info', '8000', '/metrics', 'http://localhost:8080']);
  const go = envOf(plan({ project: projectYaml('go-framework', '', '', 'test-app', 'ubuntu@26.04'), config: { 'app-port': '9000' } }));
  assert.deepEqual([go.PORT, go.METRICS_PORT, go.METRICS_PATH, go.APP_BASE_URL], ['9000', '8080', '/metrics', 'http://localhost:9000']);
  const express = envOf(plan({ project: projectYaml('expressjs-framework', '', '', 'test-app', 'ubuntu@26.04') }));
  assert.deepEqual([express.NODE_ENV, express.PORT, express.METRICS_PORT], ['production', '8080', '9464']);
  const spring = envOf(plan({ project: projectYaml('spring-boot-framework') }));
  assert.deepEqual([spring.SERVER_PORT, spring.METRICS_PORT, spring.APP_BASE_URL], ['8080', undefined, 'http://localhost:8080']);
});

test('migration discovery: the last of migrate, migrate.sh, migrate.py, manage.py found wins', () => {
  const project = projectYaml('flask-framework');
  const argv = (files: string[]) => plan({ project, appFiles: files }).migration?.argv;
  assert.equal(argv([]), undefined);
  assert.deepEqual(argv(['migrate']), ['/app/migrate']);
  assert.deepEqual(argv(['migrate', 'migrate.sh']), ['bash', '-eo', 'pipefail', 'migrate.sh']);
  assert.deepEqual(argv(['migrate.sh', 'migrate.py']), ['python3', 'migrate.py']);
  assert.deepEqual(argv(['migrate.sh', 'manage.py', 'migrate.py']), ['python3', 'manage.py', 'migrate']);
});

test('the default command is gunicorn with paas-charm\'s settings; a command after -- replaces it', () => {
  const flask = plan({ project: projectYaml('flask-framework'), config: { 'webserver-timeout': '60', 'webserver-worker-class': 'gevent' } });
  assert.deepEqual(flask.command, ['python3', '-m', 'gunicorn', '--bind', '0.0.0.0:8000', '--chdir', '/app', '--access-logfile', '-', '--error-logfile', '-', '--timeout', '60', '-k', 'gevent', 'app:app']);
  const django = plan({ project: projectYaml('django-framework'), appFiles: ['manage.py', 'mysite', 'mysite/wsgi.py'] });
  assert.equal(django.command?.at(-1), 'mysite.wsgi:application');
  assert.deepEqual(plan({ project: projectYaml('flask-framework') }, { command: ['./serve'] }).command, ['./serve']);
});

test('the plan is frozen', () => {
  const p = plan({ project: projectYaml('flask-framework') });
  assert.equal(Object.isFrozen(p), true);
  assert.equal(Object.isFrozen(p.env), true);
  assert.throws(() => (p.env as unknown as unknown[]).push(1));
});
