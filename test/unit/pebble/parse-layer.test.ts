import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { combineLayers } from '../../../src/pebble/combine-layers.js';
import { parseLayer } from '../../../src/pebble/parse-layer.js';
import { formatGoDuration, parseGoDuration } from '../../../src/pebble/go-duration.js';
import { rockNotices, rockServices, type LayerFile } from '../../../src/pebble/rock-plan.js';
import { flaskRockLayer, flaskRockLayerName } from '../../helpers/flask-rock.js';

const file = (name: string, text: string): LayerFile => ({ path: `/layers/${name}`, name, text });

/** Pebble-style cases: layers in, either the combined services or the exact problems out. */
const cases: { summary: string; layers: LayerFile[]; services?: Record<string, unknown>; errors?: string[] }[] = [
  {
    summary: 'a Flask rock\'s layer gives its services as written',
    layers: [file(flaskRockLayerName, flaskRockLayer())],
    services: {
      flask: { name: 'flask', override: 'replace', startup: 'enabled', command: "/bin/python3 -m gunicorn -c /flask/gunicorn.conf.py 'app:app' -k [ sync ]", after: ['statsd-exporter'], user: '_daemon_', layers: [flaskRockLayerName], file: `/layers/${flaskRockLayerName}` },
      'statsd-exporter': { name: 'statsd-exporter', override: 'merge', summary: 'statsd exporter service', command: '/bin/statsd_exporter --statsd.mapping-config=/statsd-mapping.conf --statsd.listen-udp=localhost:9125 --statsd.listen-tcp=localhost:9125', startup: 'enabled', user: '_daemon_', layers: [flaskRockLayerName], file: `/layers/${flaskRockLayerName}` },
      'x-worker': { name: 'x-worker', override: 'replace', command: 'python3 -m worker', startup: 'enabled', user: '_daemon_', layers: [flaskRockLayerName], file: `/layers/${flaskRockLayerName}` },
    },
  },
  {
    summary: 'merge sets the fields a later layer sets, appends after and merges the environment',
    layers: [
      file('001-base.yaml', 'services:\n  web:\n    override: replace\n    command: web --a\n    after: [db]\n    environment: {A: "1", B: "2"}\n  db:\n    override: replace\n    command: db\n  cache:\n    override: replace\n    command: cache\n'),
      file('002-more.yaml', 'services:\n  web:\n    override: merge\n    working-dir: /srv\n    after: [cache]\n    environment: {B: 3, C: true}\n'),
    ],
    services: {
      web: { name: 'web', override: 'merge', command: 'web --a', after: ['db', 'cache'], environment: { A: '1', B: '3', C: 'true' }, workingDir: '/srv', layers: ['001-base.yaml', '002-more.yaml'], file: '/layers/002-more.yaml' },
      db: { name: 'db', override: 'replace', command: 'db', layers: ['001-base.yaml'], file: '/layers/001-base.yaml' },
      cache: { name: 'cache', override: 'replace', command: 'cache', layers: ['001-base.yaml'], file: '/layers/001-base.yaml' },
    },
  },
  {
    summary: 'replace drops everything an earlier layer said of the service',
    layers: [
      file('001-a.yaml', 'services:\n  web:\n    override: replace\n    command: old\n    user: root\n    environment: {A: "1"}\n'),
      file('002-b.yaml', 'services:\n  web:\n    override: replace\n    command: new\n'),
    ],
    services: { web: { name: 'web', override: 'replace', command: 'new', layers: ['002-b.yaml'], file: '/layers/002-b.yaml' } },
  },
  {
    summary: 'a layer that does not parse names the file, the line and the column',
    layers: [file('001-x.yaml', 'services:\n  web: [1\n')],
    errors: ['/layers/001-x.yaml: expected a YAML Pebble layer, got a syntax error at line 3, column 1 (Flow sequence in block collection must be sufficiently indented and end with a ]); the app will not start'],
  },
  {
    summary: 'a service without a command in any layer is an error of the last layer that shaped it',
    layers: [file('001-x.yaml', 'services:\n  web:\n    override: replace\n    startup: enabled\n')],
    errors: ['/layers/001-x.yaml: services.web.command: expected a command (in this layer or an earlier one), got nothing; the app will not start'],
  },
  {
    summary: 'default arguments that are not at the end are an error',
    layers: [file('001-x.yaml', 'services:\n  web:\n    override: replace\n    command: gunicorn -k [ sync ] app:app\n')],
    errors: ['/layers/001-x.yaml: services.web.command: expected default arguments in one [ … ] group at the end of the command, got "app:app" after the [ … ] group; the app will not start'],
  },
  {
    summary: 'a command may not start with its default arguments, nor hold a ] alone or nested groups',
    layers: [file('001-x.yaml', 'services:\n  a:\n    override: replace\n    command: "[ x ]"\n  b:\n    override: replace\n    command: run ] x\n  c:\n    override: replace\n    command: run [ x [ y ] ]\n  d:\n    override: replace\n    command: run "x\n')],
    errors: [
      '/layers/001-x.yaml: services.a.command: expected a program before any [ … ] group, got a command that starts with [; the app will not start',
      '/layers/001-x.yaml: services.b.command: expected default arguments in one [ … ] group at the end of the command, got a ] with no [ before it; the app will not start',
      '/layers/001-x.yaml: services.c.command: expected default arguments in one [ … ] group at the end of the command, got a [ inside the [ … ] group; the app will not start',
      '/layers/001-x.yaml: services.d.command: expected a command with balanced quotes, got an unclosed quote; the app will not start',
    ],
  },
  {
    summary: 'an after naming no service is an error, where Pebble would skip it',
    layers: [file('001-x.yaml', 'services:\n  web:\n    override: replace\n    command: web\n    after: [statsd]\n    before: [nothing]\n')],
    errors: [
      '/layers/001-x.yaml: services.web.after: expected names of services defined in the layers, got "statsd", which no layer defines',
      '/layers/001-x.yaml: services.web.before: expected names of services defined in the layers, got "nothing", which no layer defines',
    ],
  },
  {
    summary: 'services ordered in a loop are an error',
    layers: [file('001-x.yaml', 'services:\n  a:\n    override: replace\n    command: a\n    after: [b]\n  b:\n    override: replace\n    command: b\n    after: [a]\n')],
    errors: ['/layers/001-x.yaml: services: expected services ordered by after/before without a loop, got a loop among a, b'],
  },
  {
    summary: 'override is required and must be merge or replace; unknown keys and sections are errors',
    layers: [file('001-x.yaml', 'extra: 1\nservices:\n  a:\n    command: a\n  b:\n    override: update\n    command: b\n    comand: typo\n')],
    errors: [
      '/layers/001-x.yaml: extra: expected one of summary, description, services, checks, log-targets, got an unknown section',
      '/layers/001-x.yaml: services.a.override: expected merge or replace, got nothing',
      '/layers/001-x.yaml: services.b.comand: expected a Pebble service field, got an unknown key',
      '/layers/001-x.yaml: services.b.override: expected merge or replace, got "update"',
    ],
  },
  {
    summary: 'environment values stay the text they are written as, as Pebble reads them',
    layers: [file('001-x.yaml', 'services:\n  a:\n    override: replace\n    command: a\n    environment: {DEBUG: on, MODE: 0755, EMPTY: , RATIO: 1.50}\n    user-id: 584792\n')],
    services: { a: { name: 'a', override: 'replace', command: 'a', environment: { DEBUG: 'on', MODE: '0755', EMPTY: '', RATIO: '1.50' }, userId: 584792, layers: ['001-x.yaml'], file: '/layers/001-x.yaml' } },
  },
  {
    summary: 'fields of the wrong kind say what was expected',
    layers: [file('001-x.yaml', 'services:\n  a:\n    override: replace\n    command: a\n    after: web\n    user-id: -1\n    environment: [A]\n    startup: sometimes\n')],
    errors: [
      '/layers/001-x.yaml: services.a.startup: expected enabled or disabled, got "sometimes"',
      '/layers/001-x.yaml: services.a.after: expected a list of service names, got string "web"',
      '/layers/001-x.yaml: services.a.environment: expected a map of variable names to values, got a list',
      '/layers/001-x.yaml: services.a.user-id: expected a user id (a whole number), got string "-1"',
    ],
  },
  {
    summary: 'the policy fields are read as Pebble reads them: actions, Go durations, a factor',
    layers: [file('001-x.yaml', 'services:\n  w:\n    override: replace\n    command: w\n    on-success: failure-shutdown\n    on-failure: ignore\n    on-check-failure: {up: success-shutdown}\n    backoff-delay: 1m30s\n    backoff-factor: 1.5\n    backoff-limit: 1.5h\n    kill-delay: 250ms\n  z:\n    override: replace\n    command: z\n    backoff-delay: 0\n    backoff-factor: 1\n    kill-delay: 1500us\n')],
    services: {
      w: { name: 'w', override: 'replace', command: 'w', onSuccess: 'failure-shutdown', onFailure: 'ignore', onCheckFailure: { up: 'success-shutdown' }, backoffDelayMs: 90_000, backoffFactor: 1.5, backoffLimitMs: 5_400_000, killDelayMs: 250, layers: ['001-x.yaml'], file: '/layers/001-x.yaml' },
      z: { name: 'z', override: 'replace', command: 'z', backoffDelayMs: 0, backoffFactor: 1, killDelayMs: 1.5, layers: ['001-x.yaml'], file: '/layers/001-x.yaml' },
    },
  },
  {
    summary: 'merge sets each policy field a later layer sets, and merges on-check-failure per check; replace drops them',
    layers: [
      file('001-a.yaml', 'services:\n  w:\n    override: replace\n    command: w\n    on-failure: shutdown\n    backoff-delay: 2s\n    on-check-failure: {up: restart, db: ignore}\n  v:\n    override: replace\n    command: v\n    kill-delay: 9s\n'),
      file('002-b.yaml', 'services:\n  w:\n    override: merge\n    on-failure: ignore\n    kill-delay: 1s\n    on-check-failure: {up: shutdown}\n  v:\n    override: replace\n    command: v2\n'),
    ],
    services: {
      w: { name: 'w', override: 'merge', command: 'w', onFailure: 'ignore', backoffDelayMs: 2000, killDelayMs: 1000, onCheckFailure: { up: 'shutdown', db: 'ignore' }, layers: ['001-a.yaml', '002-b.yaml'], file: '/layers/002-b.yaml' },
      v: { name: 'v', override: 'replace', command: 'v2', layers: ['002-b.yaml'], file: '/layers/002-b.yaml' },
    },
  },
  {
    summary: 'a bad policy value names the file, the service, the key, what was expected and what was found',
    layers: [file('001-x.yaml', 'services:\n  w:\n    override: replace\n    command: w\n    on-success: success-shutdown\n    on-failure: failure-shutdown\n    on-check-failure: {up: explode}\n    backoff-delay: 5 seconds\n    backoff-factor: 0.5\n    backoff-limit: -1s\n    kill-delay: 30d\n  v:\n    override: replace\n    command: v\n    backoff-factor: NaN\n    backoff-delay: [1s]\n    kill-delay: 600h\n    on-failure: Restart\n')],
    errors: [
      '/layers/001-x.yaml: services.w.on-check-failure.up: expected one of restart, shutdown, success-shutdown, ignore, got "explode"',
      '/layers/001-x.yaml: services.w.backoff-factor: expected a number, 1.0 or greater, got "0.5"',
      '/layers/001-x.yaml: services.w.on-success: expected one of restart, shutdown, failure-shutdown, ignore, got "success-shutdown"',
      '/layers/001-x.yaml: services.w.on-failure: expected one of restart, shutdown, success-shutdown, ignore, got "failure-shutdown"',
      '/layers/001-x.yaml: services.w.backoff-delay: expected a duration like 500ms or 1m30s (a number and a unit: ns, us, ms, s, m, h), got "5 seconds"',
      '/layers/001-x.yaml: services.w.backoff-limit: expected a duration that is not negative, got "-1s"',
      '/layers/001-x.yaml: services.w.kill-delay: expected a duration like 500ms or 1m30s (a number and a unit: ns, us, ms, s, m, h), got "30d"',
      '/layers/001-x.yaml: services.v.backoff-factor: expected a number, 1.0 or greater, got "NaN"',
      '/layers/001-x.yaml: services.v.on-failure: expected one of restart, shutdown, success-shutdown, ignore, got "Restart"',
      '/layers/001-x.yaml: services.v.backoff-delay: expected a duration like 500ms or 1m30s, got a list',
      '/layers/001-x.yaml: services.v.kill-delay: expected a duration of at most 24 days, got "600h"',
    ],
  },
  {
    summary: 'checks and log targets must be maps; a log target\'s content is Pebble\'s to check',
    layers: [file('001-x.yaml', 'services:\n  w:\n    override: replace\n    command: w\nchecks: [up]\nlog-targets: loki\n')],
    errors: [
      '/layers/001-x.yaml: checks: expected a map of check names to checks, got a list',
      '/layers/001-x.yaml: log-targets: expected a map of names to definitions, got string "loki"',
    ],
  },
];

for (const c of cases) {
  test(`layers: ${c.summary}.`, () => {
    const r = rockServices({ layersDir: '/layers', layers: c.layers, users: {} });
    const errors = r.problems.map(formatProblem);
    if (c.errors !== undefined) {
      assert.deepEqual(errors, c.errors);
      assert.equal(r.services.size, 0, 'a rock with a problem gives no services: nothing starts on a guess');
    } else {
      assert.deepEqual(errors, []);
      assert.deepEqual(Object.fromEntries(r.services), c.services);
    }
  });
}

test('an empty layer is a layer without services, and layers without services combine to none', () => {
  const parsed = parseLayer('', '/l/001-empty.yaml', '001-empty.yaml');
  assert.deepEqual(parsed, { layer: { path: '/l/001-empty.yaml', name: '001-empty.yaml', services: [], checks: [], logTargets: [] }, problems: [] });
  assert.equal(combineLayers([parsed.layer!]).services.size, 0);
});

test('durations are read with Go\'s time.ParseDuration syntax, in milliseconds', () => {
  const ok: [string, number][] = [['0', 0], ['500ms', 500], ['1m30s', 90_000], ['1.5h', 5_400_000], ['.5s', 500], ['1.s', 1000], ['2h45m', 9_900_000], ['100ns', 0.0001], ['3us', 0.003], ['3\u00b5s', 0.003], ['3\u03bcs', 0.003], ['+1s', 1000], ['-1s', -1000]];
  for (const [text, ms] of ok) assert.equal(parseGoDuration(text), ms, text);
  for (const text of ['', '1', 's', '1d', '1 s', '1s ', '.s', '1e3s', '--1s', 'ms']) assert.equal(parseGoDuration(text), undefined, JSON.stringify(text));
  assert.deepEqual([0, 500, 1000, 90_000, 3_600_000, 5_400_000, 1.5].map(formatGoDuration), ['0s', '500ms', '1s', '1m30s', '1h', '1h30m', '1.5ms']);
});

test('the layers\' checks say what runs and what their going down does; log targets and on-check-failure naming no check are named in notices', () => {
  const layers = [
    file('001-a.yaml', 'services:\n  w:\n    override: replace\n    command: w\n    on-check-failure: {up: restart, gone: shutdown}\nchecks:\n  up: {override: replace, level: alive, http: {url: "http://localhost/"}}\n'),
    file('002-b.yaml', 'checks:\n  up: {override: merge, period: 5s}\n  db: {override: replace, tcp: {port: 5432}}\n  later: {override: replace, startup: disabled, exec: {command: "true"}}\nlog-targets:\n  loki: {override: replace, type: loki, location: "http://l/"}\n'),
  ];
  assert.deepEqual(rockNotices(rockServices({ layersDir: '/layers', layers, users: {} })), [
    'check "db" (layer 002-b.yaml): tcp localhost:5432 every 10s, timeout 3s, down after 3 failures in a row: no service acts on it (reported in /status and /metrics only)',
    'check "later" (layer 002-b.yaml): not run (startup: disabled; Pebble starts it only when asked)',
    'check "up" (layers 001-a.yaml, 002-b.yaml, level alive): http http://localhost/ every 5s, timeout 3s, down after 3 failures in a row: restart (service w)',
    'the rock\'s Pebble log targets (loki) are not used by paas-init: every process\'s output goes to paas-init\'s stdout and stderr',
    'layer 001-a.yaml, service w: on-check-failure names "gone", which no layer defines: never acted on (as in Pebble)',
  ]);
  assert.deepEqual(rockNotices(rockServices({ layersDir: '/layers', layers: [file(flaskRockLayerName, flaskRockLayer())], users: {} })), [], 'nothing to say of a layer without them');
});
