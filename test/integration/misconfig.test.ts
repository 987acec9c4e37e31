// The misconfiguration table: each mistake a new user makes, given to the built binary, and the exact
// lines it must answer with (the file, the key, what was expected, what was found, "did you mean").
// Errors in mounted files are the plan's problems (env and check exit 1); flag errors end `run` at once.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runBinary, tempDir } from '../helpers/binary.js';

const project = `name: shop
extensions: [flask-framework]
config:
  options:
    api-token: {type: secret}
    count: {type: int}
requires:
  postgresql: {interface: postgresql_client}
`;
const springProject = `name: shop
extensions: [spring-boot-framework]
config:
  options:
    x-client-id: {type: string, default: me}
    x-client-kwargs: {type: string, default: notjson}
`;
const secretsList = 'a folder named after a secret option or a secret:<id> it is set to (flask-secret-key-id, app-secret-key-id, api-token)';
const flaskOptions = 'webserver-keepalive, webserver-threads, webserver-timeout, webserver-workers, webserver-worker-class, flask-application-root, flask-debug, flask-env, flask-permanent-session-lifetime, flask-preferred-url-scheme, flask-secret-key, flask-secret-key-id, flask-session-cookie-secure, app-secret-key, app-secret-key-id, api-token, count';

interface Case {
  readonly summary: string;
  /** files under the root (R); `app.py` and charmcraft.yaml are there unless replaced */
  readonly files?: Record<string, string>;
  readonly project?: string;
  readonly noApp?: boolean;
  readonly verb?: 'env' | 'check' | 'run';
  readonly args?: readonly string[];
  readonly code: number;
  /** lines stderr must hold exactly (R stands for the root) */
  readonly stderr?: readonly string[];
  /** a line the output must hold (a variable that is used) */
  readonly stdout?: string;
}

const bound = ['--relation', 'postgresql=postgresql://u:p@db:5432/d'];
const cases: readonly Case[] = [
  {
    summary: 'a secret folder with a typo is reported with the closest option',
    files: { 'secrets/apitoken/value': 's3cret-typo' },
    code: 1,
    stderr: [`paas-init: error: R/secrets/apitoken: expected ${secretsList}, got a folder no option reads; did you mean "api-token"?`],
  },
  {
    summary: 'a plain file with a typo in secrets/ is reported the same way',
    files: { 'secrets/api_token': 's3cret-typo' },
    code: 1,
    stderr: [`paas-init: error: R/secrets/api_token: expected ${secretsList}, got a file no option reads; did you mean "api-token"?`],
  },
  {
    summary: 'a secret given as one plain file (the Docker-secrets habit) is one key named value',
    files: { 'secrets/api-token': 's3cret-file' },
    code: 0,
    stdout: 'FLASK_API_TOKEN_VALUE=s3cret-file',
  },
  {
    summary: 'a secrets/ entry for an option that is not a secret says where its value goes',
    files: { 'secrets/count/value': '3' },
    code: 1,
    stderr: [`paas-init: error: R/secrets/count: expected ${secretsList}, got a folder for option "count", which is of type int (its value goes in config/count)`],
  },
  {
    summary: 'a binding folder with a typo is reported even with a type inside',
    files: { 'bindings/postgres/type': 'postgresql', 'bindings/postgres/uri': 'postgresql://u:p@db/d' },
    code: 1,
    stderr: ['paas-init: error: R/bindings/postgres: expected a folder named after a requires endpoint (postgresql), got a binding for an endpoint the project does not declare (whatever its type); did you mean "postgresql"?'],
  },
  {
    summary: 'a file where a binding folder belongs is reported',
    args: [],
    files: { 'bindings/postgresql': 'postgresql://u:p@db/d' },
    code: 1,
    stderr: ['paas-init: error: R/bindings/postgresql: expected a folder per binding (a "type" entry and one file per entry), got a file; did you mean "postgresql"?'],
  },
  {
    summary: 'a folder where a config file belongs is reported',
    files: { 'config/count/value': '3' },
    code: 1,
    stderr: ['paas-init: error: R/config/count: expected one file per option (a ConfigMap key) or config.yaml, got a folder'],
  },
  {
    summary: 'two secret keys that give one variable name are reported',
    files: { 'secrets/api-token/tls-crt': 'a', 'secrets/api-token/tls_crt': 'b' },
    code: 1,
    stderr: ['paas-init: error: R/secrets/api-token: expected names that give distinct variables, got secret "api-token" key "tls-crt" and secret "api-token" key "tls_crt" both give FLASK_API_TOKEN_TLS_CRT'],
  },
  {
    summary: '--relation naming an endpoint the project does not declare is an error',
    args: ['--relation', 'postgres=postgresql://u:p@db/d'],
    code: 1,
    stderr: ['paas-init: error: --relation: postgres: expected a requires endpoint (postgresql), got an endpoint the project does not declare; did you mean "postgresql"?'],
  },
  {
    summary: '--set naming an undeclared option is an error with the closest option',
    args: ['--set', 'cuont=3'],
    code: 1,
    stderr: [`paas-init: error: --set: cuont: expected a declared option (${flaskOptions}), got an unknown option; did you mean "count"?`],
  },
  {
    summary: 'run ends at once with exit 1 on a --set value of the wrong type: a flag never changes',
    verb: 'run',
    args: ['--set', 'count=abc', '--status-addr', 'off'],
    code: 1,
    stderr: ['paas-init: error: --set: count: expected an integer, got string "abc"'],
  },
  {
    summary: 'run ends at once with exit 1 on --relation for an undeclared endpoint',
    verb: 'run',
    args: ['--relation', 'redis=redis://r:6379', '--status-addr', 'off'],
    code: 1,
    stderr: ['paas-init: error: --relation: redis: expected a requires endpoint (postgresql), got an endpoint the project does not declare'],
  },
  {
    summary: 'an app folder that does not exist is an error naming it',
    args: ['--app-dir', 'R/nope'],
    code: 1,
    stderr: ['paas-init: error: R/nope: expected the app folder (--app-dir, else the working directory), got no such folder; give the app folder with --app-dir'],
  },
  {
    summary: 'run without a project (plain init mode, nothing watched) ends at once on an app folder that does not exist',
    verb: 'run',
    project: '',
    args: ['--app-dir', 'R/nope', '--', 'true'],
    code: 1,
    stderr: ['paas-init: error: R/nope: expected the app folder (--app-dir, else the working directory), got no such folder; give the app folder with --app-dir'],
  },
  {
    summary: 'an app folder without the framework\'s app is an error naming it',
    noApp: true,
    code: 1,
    stderr: ['paas-init: error: R: expected a Flask app: app.py, main.py or wsgi.py, or an app/ or src/ package, got none of them; give the app folder with --app-dir, or the command after "--"'],
  },
  {
    summary: 'check exits 1 on an app folder without the framework\'s app, too',
    verb: 'check',
    noApp: true,
    code: 1,
  },
  {
    summary: 'a base URL that is no URL is a usage error, not an internal error',
    args: ['--base-url', 'not-a-url'],
    code: 1,
    stderr: ['paas-init: --base-url: expected an http or https URL like http://app.example.com:8000, got "not-a-url"'],
  },
  {
    summary: 'a port out of range is a usage error',
    args: ['--port', '70000'],
    code: 1,
    stderr: ['paas-init: --port: expected a port number (1 to 65535), got "70000"'],
  },
  {
    summary: 'a model that is no namespace name is a usage error',
    args: ['--model', 'My Model'],
    code: 1,
    stderr: ['paas-init: --model: expected a namespace name (lower-case letters, digits and "-", at most 63), got "My Model"'],
  },
  {
    summary: 'a status address with a port out of range is a usage error',
    verb: 'run',
    args: ['--status-addr', ':99999'],
    code: 1,
    stderr: ['paas-init: --status-addr: expected [HOST]:PORT or off, got ":99999"'],
  },
  {
    summary: 'a duration longer than a timer can hold is a usage error, not a timer that fires at once',
    verb: 'run',
    args: ['--grace', '40000m'],
    code: 1,
    stderr: ['paas-init: --grace: expected a duration of at most 24 days, got "40000m"'],
  },
  {
    summary: 'a Spring Boot project whose own options look like an OAuth client with kwargs that are not JSON is mapped as it is',
    project: springProject,
    files: { 'app.jar': '' },
    args: [],
    code: 0,
    stdout: 'APP_X_CLIENT_KWARGS=notjson',
  },
  {
    summary: 'run with no project and no command is a usage error, with no internal error before it',
    verb: 'run',
    project: '',
    args: [],
    code: 1,
    stderr: ['paas-init: run: no project file found and no command given; usage: paas-init run [flags] -- CMD ARGS...'],
  },
];

test('every misconfiguration in the table is named with its file, key, expectation and finding', () => {
  for (const c of cases) {
    const { path: root, cleanup } = tempDir();
    try {
      const files: Record<string, string> = { ...(c.project === '' ? {} : { 'charmcraft.yaml': c.project ?? project }), ...(c.noApp === true || c.project !== undefined ? {} : { 'app.py': '' }), ...c.files };
      for (const [rel, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      const verb = c.verb ?? 'env';
      const args = (c.args ?? bound).map((a) => a.replace(/^R/, root));
      const r = runBinary([verb, '--root', root, '--app-dir', root, '--state-dir', join(root, 'state'), ...(verb === 'check' ? bound : []), ...args], { timeoutMs: 15_000 });
      const why = `${c.summary}:\n${r.stderr}`;
      assert.equal(r.code, c.code, why);
      const lines = r.stderr.split('\n').map((l) => l.replaceAll(root, 'R'));
      for (const want of c.stderr ?? []) assert.ok(lines.includes(want), `${why}\nwanted the line:\n${want}`);
      if (c.stdout !== undefined) assert.ok(r.stdout.split('\n').includes(c.stdout), `${c.summary}: stdout lacks ${c.stdout}:\n${r.stdout}`);
      assert.doesNotMatch(r.stdout + r.stderr, /internal error|TypeError|at .*\.js:\d+/, why);
      assert.equal(r.stderr.includes('s3cret'), false, `${c.summary}: a secret value reached stderr`);
    } finally {
      cleanup();
    }
  }
});

/** A fixed-seed generator, so that a failure is reproducible. */
function seeded(start: number): () => number {
  let s = start;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

test('malformed flag values for every verb are usage errors or problems, never an internal error', () => {
  const rand = seeded(99);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const bad = ['', ' ', 'x', '-1', '0', '99999', '1e3', 'http://', 'ftp://x', 'not-a-url', ':', '[::1', '25x', '1.5.5', 'µs', '=', 'a=b=c', '//', '/nonexistent/x', '-'];
  const flags: Record<string, readonly string[]> = {
    env: ['--base-url', '--model', '--port', '--unit-id', '--set', '--relation', '--process', '--app-dir', '--project', '--format', '--root'],
    check: ['--base-url', '--model', '--port', '--set', '--relation', '--state-dir', '--bindings-dir', '--secrets-dir', '--config-dir'],
    run: ['--grace', '--on-exit', '--max-attempts', '--migrate-timeout', '--status-addr', '--ready-url', '--check-http', '--check-tcp', '--check-period', '--check-timeout', '--check-threshold', '--log-format', '--log-level', '--base-url', '--port'],
    sidecar: ['--env-output', '--env-mode', '--env-group', '--signal', '--status-addr', '--format'],
    migrate: ['--max-attempts', '--migrate-timeout', '--grace', '--relation'],
    status: ['--status-addr'],
  };
  const { path: root, cleanup } = tempDir();
  try {
    writeFileSync(join(root, 'charmcraft.yaml'), project);
    writeFileSync(join(root, 'app.py'), '');
    for (let i = 0; i < 60; i++) {
      const verb = pick(Object.keys(flags));
      const args = [verb, '--root', root, '--app-dir', root, '--state-dir', join(root, 'state')].slice(0, verb === 'status' ? 1 : undefined);
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) args.push(pick(flags[verb]!), pick(bad));
      if (verb === 'run') args.push('--status-addr', 'off', '--on-exit', 'exit', '--max-attempts', '1', ...bound, '--', 'true');
      if (verb === 'sidecar' && !args.includes('--env-output')) args.push('--env-output', join(root, 'out', 'app.env'));
      const r = runBinary(args, { timeoutMs: 15_000 });
      assert.doesNotMatch(r.stdout + r.stderr, /internal error|TypeError|RangeError|at .*\.js:\d+/, `paas-init ${args.join(' ')}`);
    }
  } finally {
    cleanup();
  }
});

test('random, near-miss and misplaced names in secrets/ and bindings/ are each used or reported, and no secret value is printed', () => {
  const rand = seeded(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const known = { secrets: ['api-token', 'app-secret-key-id'], bindings: ['postgresql'] };
  const oneOff = (name: string): string => {
    const i = Math.floor(rand() * name.length);
    const c = pick([...'abcdefghijklmnopqrstuvwxyz-_.0']);
    return pick([name.slice(0, i) + name.slice(i + 1), name.slice(0, i) + c + name.slice(i + 1), name.slice(0, i) + c + name.slice(i)]);
  };
  const randomName = (): string => pick([...'abcdefghijklmnopqrstuvwxyz0123456789']) + Array.from({ length: Math.floor(rand() * 12) }, () => pick([...'abcdefghijklmnopqrstuvwxyz0123456789-._'])).join('');
  let checked = 0;
  for (let round = 0; round < 8; round++) {
    const { path: root, cleanup } = tempDir();
    try {
      writeFileSync(join(root, 'charmcraft.yaml'), project);
      writeFileSync(join(root, 'app.py'), '');
      const entries: string[] = [];
      const secretValues: string[] = [];
      for (let i = 0; i < 10; i++) {
        const place = pick(['secrets', 'bindings'] as const);
        const name = pick([() => randomName(), () => oneOff(pick(known[place])), () => pick(known[place])])();
        const path = join(root, place, name);
        if (name.startsWith('..') || entries.includes(path)) continue;
        const value = `fuzz-secret-${round}-${i}-value`;
        secretValues.push(value);
        mkdirSync(join(root, place), { recursive: true });
        if (rand() < 0.4) writeFileSync(path, value); // a file where a folder belongs
        else if (place === 'secrets') {
          mkdirSync(path);
          writeFileSync(join(path, 'value'), value);
        } else {
          mkdirSync(path);
          writeFileSync(join(path, 'type'), 'postgresql');
          writeFileSync(join(path, 'uri'), `postgresql://u:${value}@db:5432/d`);
        }
        entries.push(path);
      }
      const r = runBinary(['check', '--json', '--root', root, '--app-dir', root, '--state-dir', join(root, 'state')]);
      const report = JSON.parse(r.stdout) as { problems: string[]; variables: { source: string }[]; relations: { from?: string; state: string }[] };
      for (const path of entries) {
        const reported = report.problems.some((p) => p.startsWith(`${path}:`) || p.startsWith(`${path}/`));
        const used = report.variables.some((v) => v.source.endsWith(` ${path}`)) || report.relations.some((x) => x.from === path && x.state === 'bound');
        assert.ok(reported || used, `${path} was neither used nor reported:\n${r.stdout}`);
        checked += 1;
      }
      for (const v of secretValues) assert.equal((r.stdout + r.stderr).includes(v), false, `a secret value was printed:\n${r.stdout}`);
    } finally {
      cleanup();
    }
  }
  assert.ok(checked >= 60, `only ${checked} entries were checked`);
});
