// paas-config.yaml, each key and each invalid form, as the line in use checks it
// (src/paas_charm/paas_config.py on v1 a670ada and main 2975c3a).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const v2 = (ext: string) => projectYaml(ext, '', '', 'test-app', 'ubuntu@26.04');
const v1 = (ext: string) => projectYaml(ext, '', '', 'test-app', 'ubuntu@24.04');
const refused2 = "paas-charm 2.x refuses the file (base ubuntu@26.04: charmcraft's V2 extension packs paas-charm 2.x)";

test('paas-config.yaml port moves the app on 2.x: gunicorn bind and base URL, UVICORN_PORT, PORT, SERVER_PORT', () => {
  const flask = plan({ project: v2('flask-framework'), paasConfig: 'port: 9000\n' });
  assert.equal(flask.port, 9000);
  assert.equal(envOf(flask).FLASK_BASE_URL, 'http://localhost:9000');
  assert.equal(flask.command?.includes('0.0.0.0:9000'), true);
  assert.equal(envOf(plan({ project: v2('fastapi-framework'), paasConfig: 'port: 9001', config: { 'webserver-port': '7000' } })).UVICORN_PORT, '9001');
  const go = plan({ project: v2('go-framework'), paasConfig: 'port: 9002', config: { 'app-port': '7000' } });
  assert.equal(envOf(go).PORT, '9002');
  assert.deepEqual(go.notices, ["app-port has no effect: the app's port (9002) comes from paas-config.yaml's port"]);
  assert.equal(envOf(plan({ project: v2('spring-boot-framework'), paasConfig: 'port: 9003' })).SERVER_PORT, '9003');
});

test('paas-config.yaml metrics-port and metrics_path (both spellings) move the metrics endpoint on 2.x; an empty path is /metrics', () => {
  const flask = envOf(plan({ project: v2('flask-framework'), paasConfig: 'metrics-port: 9200\nmetrics_path: /stats\n' }));
  assert.deepEqual([flask.FLASK_METRICS_PORT, flask.FLASK_METRICS_PATH], ['9200', '/stats']);
  const go = envOf(plan({ project: v2('go-framework'), paasConfig: 'metrics_port: 9201\nmetrics-path: ""\n' }));
  assert.deepEqual([go.METRICS_PORT, go.METRICS_PATH], ['9201', '/metrics']);
  const spring = envOf(plan({ project: v2('spring-boot-framework'), paasConfig: 'metrics-port: 9202\nmetrics-path: /manage/prom\n' }));
  assert.deepEqual([spring['management.server.port'], spring['management.endpoints.web.base-path'], spring['management.endpoints.web.path-mapping.prometheus']], ['9202', '/manage', 'prom']);
});

test('framework_logging_format json for FastAPI: the plan names the uvicorn log config and its module in the state dir, with PYTHONPATH and UVICORN_LOG_CONFIG', () => {
  const p = plan({ project: v2('fastapi-framework'), paasConfig: 'framework_logging_format: json\n' }, { stateDir: '/var/lib/paas-init' });
  const env = envOf(p);
  assert.equal(env.PYTHONPATH, '/var/lib/paas-init/fastapi/log_config');
  assert.equal(env.UVICORN_LOG_CONFIG, '/var/lib/paas-init/fastapi/log_config/uvicorn-log-config.json');
  assert.deepEqual(p.files.map((f) => f.path), ['/var/lib/paas-init/fastapi/log_config/paas_init_uvicorn_log.py', '/var/lib/paas-init/fastapi/log_config/uvicorn-log-config.json']);
  const config = JSON.parse(p.files[1]!.content) as { formatters: { json: Record<string, string> }; loggers: Record<string, unknown> };
  assert.equal(config.formatters.json['()'], 'paas_init_uvicorn_log.JsonFormatter');
  assert.deepEqual(Object.keys(config.loggers), ['uvicorn', 'uvicorn.error', 'uvicorn.access']);
  // Flask and Django accept json (no file for gunicorn); none and an empty file change nothing.
  assert.deepEqual(plan({ project: v1('flask-framework'), paasConfig: 'framework_logging_format: json' }).problems, []);
  assert.deepEqual(plan({ project: v1('fastapi-framework'), paasConfig: 'framework_logging_format: none' }).files, []);
  assert.deepEqual(plan({ project: v1('fastapi-framework'), paasConfig: '' }).problems, []);
});

const invalid: { summary: string; project: string; text: string; problems: string[] }[] = [
  { summary: '1.x refuses port', project: v1('flask-framework'), text: 'port: 9000\n', problems: ['/r/paas-config.yaml: port: expected one of prometheus, framework_logging_format (paas-charm 1.x), got a key of paas-charm 2.x, which 1.x refuses; paas-charm 1.x refuses the file (base ubuntu@24.04: charmcraft packs paas-charm 1.x (>=1.0,<2))'] },
  { summary: 'an unknown key', project: v2('go-framework'), text: 'ports: 9000\n', problems: [`/r/paas-config.yaml: ports: expected one of prometheus, framework_logging_format, port, metrics-port, metrics_port, metrics-path, metrics_path (paas-charm 2.x), got an unknown key; ${refused2}`] },
  { summary: 'a port out of range', project: v2('go-framework'), text: 'port: 70000\nmetrics-port: 0\n', problems: [
    `/r/paas-config.yaml: port: expected a port number from 1 to 65535, got integer 70000; ${refused2}`,
    `/r/paas-config.yaml: metrics-port: expected a port number from 1 to 65535, got integer 0; ${refused2}`,
  ] },
  { summary: 'a port that is no number', project: v2('go-framework'), text: 'port: eighty\n', problems: [`/r/paas-config.yaml: port: expected a port number from 1 to 65535, got string "eighty"; ${refused2}`] },
  { summary: 'both spellings of one key', project: v2('go-framework'), text: 'metrics-port: 1\nmetrics_port: 2\n', problems: [`/r/paas-config.yaml: metrics-port, metrics_port: expected one of metrics-port or metrics_port, not both, got both; ${refused2}`] },
  { summary: 'a metrics path that is no string', project: v2('go-framework'), text: 'metrics-path: [a]\n', problems: [`/r/paas-config.yaml: metrics-path: expected a path such as /metrics, got a list; ${refused2}`] },
  { summary: 'a logging format paas-charm does not know', project: v2('flask-framework'), text: 'framework_logging_format: JSON\n', problems: [`/r/paas-config.yaml: framework_logging_format: expected json or none, got string "JSON"; ${refused2}`] },
  { summary: 'json logging for Go', project: v2('go-framework'), text: 'framework_logging_format: json\n', problems: ["/r/paas-config.yaml: framework_logging_format: expected none for this framework (json is for Flask, Django and FastAPI), got json; charmcraft refuses it: framework_logging_format: json in paas-config.yaml is not supported for 'go-framework'"] },
  { summary: 'a prometheus section with an unknown key, a duplicate job and a bad @scheduler target', project: v1('flask-framework'), text: 'prometheus:\n  scrape_configs:\n    - job_name: a\n      static_configs: [{targets: ["*:9000"]}]\n    - job_name: a\n      interval: 5s\n      static_configs: [{targets: ["@scheduler"]}]\n', problems: [
    '/r/paas-config.yaml: prometheus.scrape_configs[1].interval: expected one of job_name, metrics_path, static_configs, got an unknown key; paas-charm 1.x refuses the file (base ubuntu@24.04: charmcraft packs paas-charm 1.x (>=1.0,<2))',
    '/r/paas-config.yaml: prometheus.scrape_configs[1].job_name: expected a job name used once, got "a" again; paas-charm 1.x refuses the file (base ubuntu@24.04: charmcraft packs paas-charm 1.x (>=1.0,<2))',
    '/r/paas-config.yaml: prometheus.scrape_configs[1].static_configs[0].targets[0]: expected @scheduler:PORT with a numeric port, got string "@scheduler"; paas-charm 1.x refuses the file (base ubuntu@24.04: charmcraft packs paas-charm 1.x (>=1.0,<2))',
  ] },
  { summary: 'malformed YAML names the line and column', project: v2('go-framework'), text: 'port: 1\nport: 2\n', problems: [`/r/paas-config.yaml: expected valid YAML, got Map keys must be unique at line 2 column 1; ${refused2}`] },
  { summary: 'a list at the top level', project: v2('go-framework'), text: '- port\n', problems: [`/r/paas-config.yaml: expected a map with keys among prometheus, framework_logging_format, port, metrics-port, metrics_port, metrics-path, metrics_path, got a list; ${refused2}`] },
];

for (const c of invalid) {
  test(`paas-config.yaml is refused, with file, key, expected and found: ${c.summary}`, () => {
    assert.deepEqual(plan({ project: c.project, paasConfig: c.text }).problems.map(formatProblem), c.problems);
  });
}
