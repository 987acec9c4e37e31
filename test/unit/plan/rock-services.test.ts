import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import type { RockFiles } from '../../../src/pebble/rock-plan.js';
import { flaskRockLayer } from '../../helpers/flask-rock.js';
import { plan, projectYaml } from '../../helpers/snapshot.js';

const users = {
  passwd: { path: '/etc/passwd', text: 'root:x:0:0:root:/root:/bin/bash\n_daemon_:x:584792:584792::/nonexistent:/usr/bin/false\n' },
  group: { path: '/etc/group', text: 'root:x:0:\n_daemon_:x:584792:\n' },
};
const layer = flaskRockLayer({
  statsdCommand: '/bin/statsd_exporter --statsd.listen-udp=localhost:9125',
  flaskExtra: '    environment: {FLASK_FROM_ROCK: "1"}\n',
  moreServices: `    working-dir: /flask/app
    environment: {WORKER_MODE: fast}
  x-scheduler:
    override: replace
    command: python3 -m scheduler
    startup: enabled
  off-service:
    override: replace
    command: never
    startup: disabled
`,
});
const daemon = { uid: 584792, gid: 584792, user: '_daemon_', home: '/nonexistent' };
const rock = (text = layer): RockFiles => ({ layersDir: '/l', layers: [{ path: '/l/001-rockcraft-x.yaml', name: '001-rockcraft-x.yaml', text }], users });
// webserver-workers is the extension's option: its value comes from the config, not a redeclared default (charmcraft refuses that).
const flask = { project: projectYaml('flask-framework', '', '', 'x'), config: { 'webserver-workers': '2' } };

test('a Flask rock\'s flask service is the app: its command with paas-init\'s gunicorn flags after -c, its env and user', () => {
  const p = plan({ ...flask, rock: rock() }, { appDir: '/flask/app', appDirFrom: 'the rock layout (/flask/app)' });
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.command, ['/bin/python3', '-m', 'gunicorn', '-c', '/flask/gunicorn.conf.py', '--bind', '0.0.0.0:8000', '--chdir', '/flask/app', '--access-logfile', '-', '--error-logfile', '-', '--workers', '2', 'app:app', '-k', 'sync']);
  assert.equal(p.commandFrom, 'layer 001-rockcraft-x.yaml, service flask');
  assert.equal(p.appDirFrom, 'the rock layout (/flask/app)');
  assert.deepEqual(p.serviceEnv, { FLASK_FROM_ROCK: '1' });
  assert.deepEqual(p.runAs, daemon);
  assert.deepEqual(p.migration, undefined);
});

test('webserver-worker-class replaces the default arguments of the rock\'s -k [ sync ]', () => {
  const p = plan({ project: projectYaml('flask-framework', '', '', 'x'), rock: rock(), config: { 'webserver-worker-class': 'gevent' } }, { appDir: '/flask/app' });
  assert.deepEqual(p.command?.slice(-2), ['-k', 'gevent']);
});

test('the rock\'s other enabled services run in Pebble\'s order: statsd-exporter with the app, workers after it with its env, schedulers on unit 0', () => {
  const p = plan({ ...flask, rock: rock() }, { appDir: '/flask/app', unitId: 1 });
  const byName = Object.fromEntries(p.processes.map((x) => [x.name, x]));
  assert.deepEqual(p.processes.map((x) => x.name), ['statsd-exporter', 'x-scheduler', 'x-worker']);
  assert.deepEqual(byName['statsd-exporter'], { name: 'statsd-exporter', kind: 'service', argv: ['/bin/statsd_exporter', '--statsd.listen-udp=localhost:9125'], from: 'layer 001-rockcraft-x.yaml, service statsd-exporter', enabled: true, appEnv: false, beforeApp: true, runAs: daemon });
  assert.deepEqual(byName['x-worker'], { name: 'x-worker', kind: 'worker', argv: ['python3', '-m', 'worker'], from: 'layer 001-rockcraft-x.yaml, service x-worker', enabled: true, appEnv: true, beforeApp: false, env: { WORKER_MODE: 'fast' }, workingDir: '/flask/app', runAs: daemon });
  assert.equal(byName['x-scheduler']?.enabled, false, 'unit 1 runs no scheduler');
  assert.equal(plan({ ...flask, rock: rock() }, { appDir: '/flask/app', unitId: 0 }).processes.find((x) => x.name === 'x-scheduler')?.enabled, true);
});

test('a --process of the same name wins over the rock\'s service, and runs as the app\'s user', () => {
  const p = plan({ ...flask, rock: rock() }, { appDir: '/flask/app', processes: [['x-worker', 'celery worker']] });
  assert.deepEqual(p.processes.find((x) => x.name === 'x-worker')?.argv, ['/bin/sh', '-c', 'exec celery worker']);
  assert.deepEqual(p.processes.find((x) => x.name === 'x-worker')?.runAs, daemon, 'as the app\'s helper, it runs as the app\'s user');
});

test('a service naming a user the image does not have stops the app with the layer, the service and what was expected', () => {
  const p = plan({ ...flask, rock: rock(layer.replace('    user: _daemon_\n    environment: {FLASK', '    user: flaskuser\n    environment: {FLASK')) }, { appDir: '/flask/app' });
  assert.deepEqual(p.problems.map(formatProblem), ['/l/001-rockcraft-x.yaml: services.flask.user: expected a user of /etc/passwd, got "flaskuser", which does not exist; the app will not start']);
});

test('a bad layer leaves no rock services: the problem is reported and nothing runs on a guess', () => {
  const p = plan({ ...flask, rock: rock('services:\n  flask:\n    override: replace\n    command: gunicorn [ x ] app\n') }, { appDir: '/flask/app' });
  assert.deepEqual(p.problems.map(formatProblem), ['/l/001-rockcraft-x.yaml: services.flask.command: expected default arguments in one [ … ] group at the end of the command, got "app" after the [ … ] group; the app will not start']);
  assert.deepEqual([p.processes, p.command], [[], undefined], 'neither the rock\'s services nor the framework\'s default command');
});

test('no app dir found is a problem of a project, never a silent /', () => {
  const p = plan({ ...flask }, { appDir: '/', appDirProblem: { file: '--app-dir', expected: 'an app folder', found: 'none' } });
  assert.deepEqual(p.problems.map(formatProblem), ['--app-dir: expected an app folder, got none']);
});

test('a Go rock\'s app folder need not hold the binary: the rock\'s command runs from /usr/local/bin', () => {
  const goLayer = 'services:\n  go:\n    override: replace\n    startup: enabled\n    command: x\n    working-dir: /app\n';
  const p = plan({ project: projectYaml('go-framework', '', '', 'x'), rock: rock(goLayer), appFiles: ['static'] }, { appDir: '/app', checkAppDir: 'app' });
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.command, ['x']);
  const without = plan({ project: projectYaml('go-framework', '', '', 'x'), appFiles: ['static'] }, { appDir: '/app', checkAppDir: 'app' });
  assert.deepEqual(without.problems.map(formatProblem), ['/app: expected a Go app: the binary named after the app, or go.mod, got none of them; give the app folder with --app-dir, or the command after "--"']);
});

test('the app service\'s policy and each rock service\'s go into the plan with where they came from; the rock\'s checks go into the plan and its notices', () => {
  const text = flaskRockLayer({
    flaskExtra: '    on-failure: shutdown\n    kill-delay: 10s\n',
    moreServices: '    on-failure: ignore\n    backoff-delay: 2s\nchecks:\n  up: {override: replace, http: {url: "http://localhost:8000/"}}\n',
  });
  const p = plan({ ...flask, rock: rock(text) }, { appDir: '/flask/app' });
  assert.deepEqual(p.problems.map(formatProblem), []);
  assert.deepEqual(p.policy, { fields: { onFailure: 'shutdown', killDelayMs: 10_000 }, from: 'layer 001-rockcraft-x.yaml, service flask' });
  assert.deepEqual(p.processes.map((x) => [x.name, x.policy]), [['statsd-exporter', undefined], ['x-worker', { onFailure: 'ignore', backoffDelayMs: 2000 }]]);
  assert.ok(p.notices.includes('check "up" (layer 001-rockcraft-x.yaml): http http://localhost:8000/ every 10s, timeout 3s, down after 3 failures in a row: no service acts on it (reported in /status and /metrics only)'), p.notices.join('\n'));
  assert.deepEqual(p.rockChecks?.checks.map((c) => [c.name, c.spec]), [['up', { kind: 'http', url: 'http://localhost:8000/' }]]);
  assert.equal(p.rockChecks?.appService, 'flask');
  assert.equal(plan(flask, { appDir: '/flask/app' }).policy, undefined, 'no rock, no layer policy');
});
