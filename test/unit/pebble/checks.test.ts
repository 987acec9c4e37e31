import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { checkDownEffects } from '../../../src/pebble/check-failure.js';
import { rockServices, type LayerFile } from '../../../src/pebble/rock-plan.js';

const file = (name: string, text: string): LayerFile => ({ path: `/layers/${name}`, name, text });
const service = 'services:\n  web:\n    override: replace\n    command: web\n';
const users = { passwd: { path: '/etc/passwd', text: 'root:x:0:0:root:/root:/bin/sh\n_daemon_:x:584792:584792::/nonexistent:/usr/bin/false\n' } };

/** Pebble-style cases: layers in, either the combined checks (less their layers) or the exact problems out. */
const cases: { summary: string; layers: LayerFile[]; checks?: Record<string, unknown>; errors?: string[] }[] = [
  {
    summary: 'unset fields take Pebble\'s defaults: period 10s, timeout 3s, threshold 3, startup enabled; tcp\'s host is localhost',
    layers: [file('001-a.yaml', `${service}checks:\n  db: {override: replace, tcp: {port: 5432}}\n`)],
    checks: { db: { name: 'db', level: undefined, startup: 'enabled', periodMs: 10_000, timeoutMs: 3000, threshold: 3, spec: { kind: 'tcp', host: 'localhost', port: 5432 }, actions: [] } },
  },
  {
    summary: 'a timeout longer than the period is the period, as in Pebble',
    layers: [file('001-a.yaml', `${service}checks:\n  up: {override: replace, period: 1s, timeout: 5s, threshold: 1, level: ready, http: {url: "http://localhost:8000/", headers: {X-A: "1"}}}\n`)],
    checks: { up: { name: 'up', level: 'ready', startup: 'enabled', periodMs: 1000, timeoutMs: 1000, threshold: 1, spec: { kind: 'http', url: 'http://localhost:8000/', headers: { 'X-A': '1' } }, actions: [] } },
  },
  {
    summary: 'merge sets each field a later layer sets and merges headers and environment key by key; replace starts afresh',
    layers: [
      file('001-a.yaml', `${service}    on-check-failure: {up: restart}\nchecks:\n  up: {override: replace, period: 2s, http: {url: "http://a/", headers: {A: "1", B: "2"}}}\n  run: {override: replace, threshold: 5, exec: {command: "check --a", environment: {A: "1"}}}\n  gone: {override: replace, period: 1s, tcp: {port: 1}}\n`),
      file('002-b.yaml', 'services:\n  web:\n    override: merge\n    on-check-failure: {run: shutdown}\nchecks:\n  up: {override: merge, http: {headers: {B: "3"}}}\n  run: {override: merge, exec: {environment: {B: "2"}, working-dir: /srv}}\n  gone: {override: replace, tcp: {port: 2}}\n'),
    ],
    checks: {
      gone: { name: 'gone', level: undefined, startup: 'enabled', periodMs: 10_000, timeoutMs: 3000, threshold: 3, spec: { kind: 'tcp', host: 'localhost', port: 2 }, actions: [] },
      run: { name: 'run', level: undefined, startup: 'enabled', periodMs: 10_000, timeoutMs: 3000, threshold: 5, spec: { kind: 'exec', argv: ['check', '--a'], env: { A: '1', B: '2' }, cwd: '/srv' }, actions: [{ service: 'web', action: 'shutdown' }] },
      up: { name: 'up', level: undefined, startup: 'enabled', periodMs: 2000, timeoutMs: 2000, threshold: 3, spec: { kind: 'http', url: 'http://a/', headers: { A: '1', B: '3' } }, actions: [{ service: 'web', action: 'restart' }] },
    },
  },
  {
    summary: 'an exec check with a service-context runs with that service\'s environment, folder and user under its own',
    layers: [file('001-a.yaml', 'services:\n  web:\n    override: replace\n    command: web\n    environment: {A: "1", B: "1"}\n    working-dir: /web\n    user: _daemon_\nchecks:\n  run: {override: replace, exec: {command: "/bin/check \'a b\'", service-context: web, environment: {B: "2"}}}\n')],
    checks: { run: { name: 'run', level: undefined, startup: 'enabled', periodMs: 10_000, timeoutMs: 3000, threshold: 3, spec: { kind: 'exec', argv: ['/bin/check', 'a b'], env: { A: '1', B: '2' }, cwd: '/web', runAs: { uid: 584792, gid: 584792, user: '_daemon_', home: '/nonexistent' } }, actions: [] } },
  },
  {
    summary: 'bad values in one layer are each reported with the layer file, the check and the key',
    layers: [file('001-a.yaml', `${service}checks:\n  a: {level: alive, http: {url: "http://a/"}}\n  b: {override: mix, level: dead, startup: maybe, period: 0, timeout: 3 seconds, threshold: 0, tcp: {port: 70000}}\n  c: {override: replace, exec: {command: "a 'b", shell: bash}, colour: red}\n  d: [x]\n`)],
    errors: [
      '/layers/001-a.yaml: checks.a.override: expected merge or replace, got nothing',
      '/layers/001-a.yaml: checks.b.override: expected merge or replace, got "mix"',
      '/layers/001-a.yaml: checks.b.threshold: expected a number of failures, 1 or more, got "0"',
      '/layers/001-a.yaml: checks.b.level: expected alive or ready, got "dead"',
      '/layers/001-a.yaml: checks.b.startup: expected enabled or disabled, got "maybe"',
      '/layers/001-a.yaml: checks.b.period: expected a duration that is not zero, got "0"',
      '/layers/001-a.yaml: checks.b.timeout: expected a duration like 500ms or 1m30s (a number and a unit: ns, us, ms, s, m, h), got "3 seconds"',
      '/layers/001-a.yaml: checks.b.tcp.port: expected a port from 1 to 65535, got "70000"',
      '/layers/001-a.yaml: checks.c.colour: expected a Pebble check field, got an unknown key',
      '/layers/001-a.yaml: checks.c.exec.shell: expected a Pebble exec check field, got an unknown key',
      '/layers/001-a.yaml: checks.c.exec.command: expected a command with balanced quotes, got an unclosed quote',
      '/layers/001-a.yaml: checks.d: expected a map of check fields (override, level, startup, period, timeout, threshold, http, tcp, exec), got a list',
    ],
  },
  {
    summary: 'a combined check needs exactly one of http, tcp, exec and what that kind needs; a service-context and a user must exist',
    layers: [
      file('001-a.yaml', `${service}checks:\n  none: {override: replace, period: 1s}\n  two: {override: replace, http: {url: "http://a/"}, tcp: {port: 1}}\n  nourl: {override: replace, http: {headers: {A: "1"}}}\n  noport: {override: replace, tcp: {host: db}}\n  nocmd: {override: replace, exec: {working-dir: /}}\n  ctx: {override: replace, exec: {command: "true", service-context: nope}}\n  who: {override: replace, exec: {command: "true", user: nobody}}\n`),
    ],
    errors: [
      '/layers/001-a.yaml: checks.ctx.exec.service-context: expected the name of a service defined in the layers, got "nope", which no layer defines; the app will not start',
      '/layers/001-a.yaml: checks.nocmd.exec.command: expected a command (in this layer or an earlier one), got nothing; the app will not start',
      '/layers/001-a.yaml: checks.none: expected exactly one of http, tcp, exec (in this layer or an earlier one), got none; the app will not start',
      '/layers/001-a.yaml: checks.noport.tcp.port: expected a port (in this layer or an earlier one), got nothing; the app will not start',
      '/layers/001-a.yaml: checks.nourl.http.url: expected a URL (in this layer or an earlier one), got nothing; the app will not start',
      '/layers/001-a.yaml: checks.two: expected exactly one of http, tcp, exec (in this layer or an earlier one), got http and tcp; the app will not start',
      '/layers/001-a.yaml: checks.who.exec.user: expected a user of /etc/passwd, got "nobody", which does not exist; the app will not start',
    ],
  },
];

for (const c of cases) {
  test(`checks: ${c.summary}.`, () => {
    const r = rockServices({ layersDir: '/layers', layers: c.layers, users });
    const errors = r.problems.map(formatProblem);
    if (c.errors !== undefined) {
      assert.deepEqual(errors, c.errors);
      assert.equal(r.services.size, 0, 'a rock with a bad check gives no services: nothing starts on a guess');
    } else {
      assert.deepEqual(errors, []);
      assert.deepEqual(Object.fromEntries(r.checks.map(({ layers: _l, file: _f, ...rest }) => [rest.name, rest])), c.checks);
    }
  });
}

test('a check that goes down acts on each service that names it: restart the app or a service, shut down with Pebble\'s code 11 or 0, or nothing', () => {
  const r = rockServices({ layersDir: '/layers', users, layers: [file('001-a.yaml', 'services:\n  flask:\n    override: replace\n    command: app\n    on-check-failure: {up: restart}\n  w:\n    override: replace\n    command: w\n    on-check-failure: {up: ignore, db: shutdown}\n  s:\n    override: replace\n    command: s\n    on-check-failure: {db: success-shutdown, up: restart}\nchecks:\n  up: {override: replace, tcp: {port: 1}}\n  db: {override: replace, tcp: {port: 2}}\n')] });
  const [db, up] = r.checks;
  assert.deepEqual(checkDownEffects(up!, 'flask'), [
    { kind: 'restart', service: 'flask', app: true }, { kind: 'restart', service: 's', app: false }, { kind: 'ignore', service: 'w' },
  ]);
  assert.deepEqual(checkDownEffects(db!, 'flask'), [
    { kind: 'shutdown', service: 's', action: 'success-shutdown', code: 0 }, { kind: 'shutdown', service: 'w', action: 'shutdown', code: 11 },
  ]);
});
