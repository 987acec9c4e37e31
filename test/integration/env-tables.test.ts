// The built binary's `env --format json` per framework and paas-charm line, paas-config.yaml,
// YAML 1.1 values, and operators' Secrets mounted in the kubelet's `..data` layout.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { writeVolume } from '../helpers/kubelet-volume.js';
import { Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const dirs: (() => void)[] = [];
after(() => dirs.forEach((c) => c()));

/** A project folder with charmcraft.yaml (and paas-config.yaml); returns `env`'s result. */
function project(yaml: string, files: Record<string, string> = {}): string {
  const t = tempDir();
  dirs.push(t.cleanup);
  writeFileSync(join(t.path, 'charmcraft.yaml'), yaml);
  // A file that shows an app of each framework (paas-init checks the app folder holds one).
  for (const name of ['app.py', 'manage.py', 'go.mod', 'package.json', 'pom.xml']) writeFileSync(join(t.path, name), '');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(t.path, name), text);
  mkdirSync(join(t.path, 'state'));
  return t.path;
}
const flags = (root: string): string[] => ['--root', root, '--app-dir', root, '--state-dir', join(root, 'state')];
function env(root: string, extra: string[] = [], environment: NodeJS.ProcessEnv = cleanEnv()): { code: number | null; vars: Record<string, string>; stderr: string } {
  const r = runBinary(['env', '--format', 'json', ...flags(root), ...extra], { env: environment });
  return { code: r.code, vars: r.stdout === '' ? {} : JSON.parse(r.stdout) as Record<string, string>, stderr: r.stderr };
}
const charm = (ext: string, base: string | undefined, rest = ''): string => `name: shop\n${base === undefined ? '' : `base: ${base}\n`}extensions: [${ext}]\n${rest}`;

const table: { ext: string; base?: string; expect: Record<string, string | undefined> }[] = [
  { ext: 'flask-framework', base: 'ubuntu@22.04', expect: { FLASK_PREFERRED_URL_SCHEME: 'HTTPS', FLASK_BASE_URL: 'http://localhost:8000', FLASK_METRICS_PORT: undefined } },
  { ext: 'flask-framework', base: 'ubuntu@26.04', expect: { FLASK_METRICS_PORT: '9102', FLASK_METRICS_PATH: '/metrics' } },
  { ext: 'django-framework', expect: { DJANGO_DEBUG: 'false', DJANGO_METRICS_PORT: undefined } },
  { ext: 'django-framework', base: 'ubuntu@26.04', expect: { DJANGO_METRICS_PORT: '9102' } },
  { ext: 'fastapi-framework', base: 'ubuntu@24.04', expect: { UVICORN_PORT: '8080', WEB_CONCURRENCY: '1', METRICS_PORT: '8080', METRICS_PATH: '/metrics', APP_BASE_URL: 'http://localhost:8080' } },
  { ext: 'fastapi-framework', base: 'ubuntu@26.04', expect: { UVICORN_PORT: '8080', METRICS_PORT: '8000' } },
  { ext: 'go-framework', base: 'ubuntu@24.04', expect: { APP_PORT: '8080', APP_METRICS_PORT: '8080', APP_METRICS_PATH: '/metrics', PORT: undefined } },
  { ext: 'go-framework', base: 'ubuntu@26.04', expect: { PORT: '8080', METRICS_PORT: '8080', APP_METRICS_PORT: undefined } },
  { ext: 'expressjs-framework', base: 'ubuntu@24.04', expect: { NODE_ENV: 'production', PORT: '8080', METRICS_PORT: '8080' } },
  { ext: 'expressjs-framework', base: 'ubuntu@26.04', expect: { PORT: '8080', METRICS_PORT: '9464' } },
  { ext: 'spring-boot-framework', base: 'ubuntu@24.04', expect: { SERVER_PORT: '8080', MANAGEMENT_SERVER_PORT: '8080', METRICS_PATH: '/actuator/prometheus', 'management.server.port': undefined } },
  { ext: 'spring-boot-framework', base: 'ubuntu@26.04', expect: { SERVER_PORT: '8080', 'management.server.port': '8080', METRICS_PATH: undefined } },
];

for (const c of table) {
  test(`env gives ${c.ext} on ${c.base ?? 'no base'} the variables of its paas-charm line`, () => {
    const r = env(project(charm(c.ext, c.base)));
    assert.notEqual(r.code, 1, r.stderr);
    for (const [k, v] of Object.entries(c.expect)) assert.equal(r.vars[k], v, k);
  });
}

test('--paas-charm-line and PAAS_INIT_PAAS_CHARM_LINE override the base; check and its JSON say the line and why', () => {
  const root = project(charm('go-framework', 'ubuntu@24.04'));
  assert.equal(env(root, ['--paas-charm-line', '2']).vars.PORT, '8080');
  assert.equal(env(root, [], cleanEnv({ PAAS_INIT_PAAS_CHARM_LINE: '2' })).vars.PORT, '8080');
  const bad = runBinary(['env', ...flags(root), '--paas-charm-line', '3']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'paas-init: --paas-charm-line: expected one of 1, 2, got "3"\n');
  const check = runBinary(['check', '--json', ...flags(root)]);
  assert.deepEqual((JSON.parse(check.stdout) as { paasCharm: unknown }).paasCharm, { line: '1.x', reason: 'base ubuntu@24.04: charmcraft packs paas-charm 1.x (>=1.0,<2)' });
  assert.match(runBinary(['check', ...flags(root)]).stdout, /^paas-charm {2}1\.x \(base ubuntu@24\.04: charmcraft packs paas-charm 1\.x \(>=1\.0,<2\)\)$/m);
});

test('check says that metrics-port has no effect on paas-charm 2.x', () => {
  const root = project(charm('go-framework', 'ubuntu@26.04'));
  const r = runBinary(['check', ...flags(root), '--set', 'metrics-port=9100']);
  assert.match(r.stdout, /^notices\n {2}metrics-port has no effect on paas-charm 2\.x: the metrics endpoint is paas-config\.yaml's metrics-port and metrics-path, else port 8080 and path \/metrics$/m);
});

test('paas-config.yaml beside charmcraft.yaml (or --paas-config FILE) moves the port and the metrics endpoint on 2.x', () => {
  const root = project(charm('flask-framework', 'ubuntu@26.04'), { 'paas-config.yaml': 'port: 9000\nmetrics-port: 9200\n' });
  const r = env(root);
  assert.deepEqual([r.vars.FLASK_BASE_URL, r.vars.FLASK_METRICS_PORT], ['http://localhost:9000', '9200']);
  writeFileSync(join(root, 'other.yaml'), 'metrics_path: /m\n');
  assert.deepEqual([env(root, ['--paas-config', join(root, 'other.yaml')]).vars.FLASK_METRICS_PATH], ['/m']);
  const missing = runBinary(['env', ...flags(root), '--paas-config', join(root, 'nope.yaml')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.yaml: expected a readable paas-config\.yaml, got no such file/);
});

test('an invalid paas-config.yaml is bad input: env exits 1 naming the file, the key, what was expected and found', () => {
  const root = project(charm('flask-framework', 'ubuntu@24.04'), { 'paas-config.yaml': 'port: 9000\n' });
  const r = runBinary(['env', ...flags(root)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /paas-config\.yaml: port: expected one of prometheus, framework_logging_format \(paas-charm 1\.x\), got a key of paas-charm 2\.x, which 1\.x refuses; paas-charm 1\.x refuses the file/);
  assert.equal(r.stdout, '');
});

test('run writes FastAPI\'s JSON logging config into the state dir before the app starts; env writes nothing', () => {
  const root = project(charm('fastapi-framework', 'ubuntu@26.04'), { 'paas-config.yaml': 'framework_logging_format: json\n' });
  const e = env(root);
  assert.equal(e.vars.UVICORN_LOG_CONFIG, join(root, 'state', 'fastapi', 'log_config', 'uvicorn-log-config.json'));
  const noFile = runBinary(['exec', ...flags(root), '--', 'sh', '-c', 'test -e "$UVICORN_LOG_CONFIG" && echo present || echo absent']);
  assert.equal(noFile.stdout, 'absent\n');
  const r = runBinary(['run', ...flags(root), '--status-addr', 'off', '--on-exit', 'exit', '--', 'sh', '-c', 'grep -c JsonFormatter "$UVICORN_LOG_CONFIG" "$PYTHONPATH/paas_init_uvicorn_log.py"']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${e.vars.UVICORN_LOG_CONFIG}:1\n${e.vars.PYTHONPATH}/paas_init_uvicorn_log.py:1\n`);
});

test('charmcraft.yaml is YAML 1.1: default yes is a boolean; an unquoted on for a string option is a type mismatch', () => {
  const ok = env(project(charm('flask-framework', undefined, 'config:\n  options:\n    debug-toolbar: {type: boolean, default: yes}\n    mode: {type: string, default: "on"}\n')));
  assert.deepEqual([ok.vars.FLASK_DEBUG_TOOLBAR, ok.vars.FLASK_MODE], ['true', 'on']);
  const bad = env(project(charm('flask-framework', undefined, 'config:\n  options:\n    mode: {type: string, default: on}\n')));
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /charmcraft\.yaml: config\.options\.mode\.default: expected a string \(YAML 1\.1, as charmcraft reads it, takes unquoted yes, no, on, off for booleans: quote the value\), got boolean true/);
});

const pgRequires = 'requires:\n  postgresql: {interface: postgresql_client}\n  rabbitmq: {interface: rabbitmq}\n';
test('Secrets as CloudNativePG and the RabbitMQ operator write them, mounted in the kubelet layout, bind the app', () => {
  const root = project(charm('flask-framework', 'ubuntu@24.04', pgRequires));
  writeVolume(join(root, 'bindings', 'postgresql'), {
    username: 'app', user: 'app', password: 'Zk3/p+q', dbname: 'app', host: 'pg-rw', port: '5432', pgpass: 'pg-rw:5432:app:app:Zk3/p+q\n',
    uri: 'postgresql://app:Zk3%2Fp+q@pg-rw.shop:5432/app', 'jdbc-uri': 'jdbc:postgresql://pg-rw.shop:5432/app?password=Zk3%2Fp%2Bq&user=app',
  });
  writeVolume(join(root, 'bindings', 'rabbitmq'), {
    username: 'default_user_Ab1', password: 'Pw9', 'default_user.conf': 'default_user = default_user_Ab1\n', provider: 'rabbitmq', type: 'rabbitmq',
    host: 'rmq.shop.svc', port: '5672', connection_string: 'amqp://default_user_Ab1:Pw9@rmq.shop.svc:5672/',
  });
  const r = env(root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([r.vars.POSTGRESQL_DB_HOSTNAME, r.vars.POSTGRESQL_DB_PASSWORD, r.vars.RABBITMQ_USERNAME], ['pg-rw.shop', 'Zk3/p+q', 'default_user_Ab1']);
});

test('a Crunchy PGO user Secret in the kubelet layout binds postgresql; its tls flag-less URI gets the binding\'s sslmode', () => {
  const root = project(charm('flask-framework', 'ubuntu@24.04', 'requires:\n  postgresql: {interface: postgresql_client}\n  redis: {interface: redis}\n'));
  writeVolume(join(root, 'bindings', 'postgresql'), {
    host: 'hippo-primary.shop.svc', port: '5432', user: 'hippo', password: 'w0rd', verifier: 'SCRAM-SHA-256$4096:c2FsdA==$a:b', dbname: 'hippo',
    uri: 'postgresql://hippo:w0rd@hippo-primary.shop.svc:5432/hippo', sslmode: 'verify-full',
  });
  writeVolume(join(root, 'bindings', 'redis'), { hostname: 'redis-1', 'leader-host': 'redis-0', port: '6379' });
  const r = env(root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([r.vars.POSTGRESQL_DB_CONNECT_STRING, r.vars.REDIS_DB_CONNECT_STRING], ['postgresql://hippo:w0rd@hippo-primary.shop.svc:5432/hippo?sslmode=verify-full', 'redis://redis-0:6379']);
});

test('run restarts the app when paas-config.yaml changes, and keeps its last good plan when it turns invalid', { skip: unshareSkip }, async () => {
  const root = project(charm('go-framework', 'ubuntu@26.04'), { 'paas-config.yaml': 'port: 9001\n' });
  const out = join(root, 'ports.log');
  const p = Pid1.start([...['run', ...flags(root)], '--status-addr', 'off', '--', 'sh', '-c', `echo "$PORT" >> ${out}; exec sleep 60`]);
  try {
    await waitFor(() => (existsSync(out) && readFileSync(out, 'utf8') === '9001\n' ? true : undefined), 10_000, () => `no first start; stderr:\n${p.stderr}`);
    writeFileSync(join(root, 'paas-config.yaml'), 'port: 9002\n');
    await waitFor(() => (readFileSync(out, 'utf8') === '9001\n9002\n' ? true : undefined), 10_000, () => `no restart on port 9002; stderr:\n${p.stderr}`);
    writeFileSync(join(root, 'paas-config.yaml'), 'port: 0\n');
    await p.waitForLog(/event=inputs\.invalid .*paas-config\.yaml: port: expected a port number from 1 to 65535, got integer 0/);
    assert.equal(readFileSync(out, 'utf8'), '9001\n9002\n', 'the app keeps running with the last good plan');
  } finally {
    await p.kill();
  }
});
