import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { writeVolume } from '../helpers/kubelet-volume.js';

const project = `name: shop
extensions: [flask-framework]
config:
  options:
    token: {type: string, default: hello}
    api-token: {type: secret}
    workers-per-page: {type: int, default: 3}
    quote: {type: string}
requires:
  postgresql: {interface: postgresql_client}
  redis: {interface: redis, optional: true}
`;

let root: string;
let cleanup: () => void;
const base = (): string[] => ['--root', root, '--app-dir', root, '--state-dir', join(root, 'state')];

before(() => {
  ({ path: root, cleanup } = tempDir());
  writeFileSync(join(root, 'charmcraft.yaml'), project);
    writeFileSync(join(root, 'app.py'), ''); // the app folder must hold an app
  writeVolume(join(root, 'config'), { token: 'from-configmap', quote: `it's "quoted" $HOME\nline2` });
  writeVolume(join(root, 'secrets', 'api-token'), { value: 'hunter2-secret' });
});
after(() => cleanup());

test('env exits 2 and names the missing relation on stderr while still printing the env', () => {
  const r = runBinary(['env', ...base()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /blocked: missing integrations: postgresql\n$/);
  assert.match(r.stdout, /^FLASK_TOKEN=from-configmap$/m);
});

test('env exits 0 once the binding exists, in every format, with real values', () => {
  writeVolume(join(root, 'bindings', 'postgresql'), { type: 'postgresql', host: '127.0.0.1', port: '5432', username: 'app', password: 'p@ss#1/2', database: 'shop' });
  const json = runBinary(['env', ...base(), '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const env = JSON.parse(json.stdout) as Record<string, string>;
  assert.equal(env.POSTGRESQL_DB_PASSWORD, 'p@ss#1/2');
  assert.equal(env.POSTGRESQL_DB_CONNECT_STRING, 'postgresql://app:p%40ss%231%2F2@127.0.0.1:5432/shop');
  assert.equal(env.FLASK_API_TOKEN_VALUE, 'hunter2-secret');
  assert.equal(env.FLASK_WORKERS_PER_PAGE, '3');
  assert.equal(env.PATH, undefined, 'only mapped variables are printed');

  // shell output, evaluated by a real shell, gives back the same values
  const shell = runBinary(['env', ...base(), '--format', 'shell']);
  const out = spawnSync('sh', ['-c', `${shell.stdout}\nprintf '%s' "$FLASK_QUOTE"`], { encoding: 'utf8', timeout: 5000 }).stdout;
  assert.equal(out, `it's "quoted" $HOME\nline2`);

  const dotenv = runBinary(['env', ...base()]);
  assert.match(dotenv.stdout, /^FLASK_QUOTE="it's \\"quoted\\" \\\$HOME\\nline2"$/m);
  assert.match(dotenv.stdout, /^POSTGRESQL_DB_HOSTNAME=127\.0\.0\.1$/m);
});

test('check shows sources, redacts secrets and exits like env', () => {
  const r = runBinary(['check', ...base()], { env: { ...process.env, FLASK_TOKEN: 'from-container', PATH: process.env.PATH } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^status\s+ready$/m);
  assert.match(r.stdout, /FLASK_TOKEN=from-configmap\s+config file .*\/config\/token; overrides the container env$/m);
  assert.match(r.stdout, /FLASK_API_TOKEN_VALUE=<redacted>\s+secret .*\/secrets\/api-token$/m);
  assert.match(r.stdout, /postgresql \(postgresql_client, required\)\s+bound from .*bindings\/postgresql: POSTGRESQL_DB_CONNECT_STRING/);
  assert.match(r.stdout, /redis \(redis, optional\)\s+missing/);
  assert.equal(r.stdout.includes('hunter2'), false);
  assert.equal(r.stdout.includes('p@ss'), false);
  const json = JSON.parse(runBinary(['check', ...base(), '--json']).stdout) as { state: string; variables: { name: string; value: string }[] };
  assert.equal(json.state, 'ready');
  assert.equal(json.variables.find((v) => v.name === 'POSTGRESQL_DB_PASSWORD')?.value, '<redacted>');
});

test('invalid input exits 1 and reports every problem, with no stack trace and no secret', () => {
  const { path: bad, cleanup: done } = tempDir();
  try {
    writeFileSync(join(bad, 'charmcraft.yaml'), project);
    writeFileSync(join(bad, 'app.py'), ''); // the app folder must hold an app
    writeVolume(join(bad, 'config'), { 'workers-per-page': 'abc', bogus: 'x' });
    mkdirSync(join(bad, 'secrets', 'api-token'), { recursive: true });
    writeVolume(join(bad, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u:hunter2#x@h/d' });
    symlinkSync('loop', join(bad, 'config', 'loop'));
    writeFileSync(join(bad, 'config', '..ignored'), 'kubelet names are skipped');
    const args = ['--root', bad, '--app-dir', bad, '--state-dir', join(bad, 'state')];
    for (const verb of ['env', 'check']) {
      const r = runBinary([verb, ...args]);
      assert.equal(r.code, 1, verb);
      const text = r.stdout + r.stderr;
      for (const want of ['config/bogus: bogus: expected a declared option', 'config/workers-per-page: workers-per-page: expected an integer, got string "abc"', 'config/loop: expected a file or folder, got a symlink loop (ELOOP)', 'secrets/api-token: api-token: expected at least one key file, got an empty folder', 'bindings/postgresql/uri: postgresql: expected a URI like']) {
        assert.ok(text.includes(want), `${verb} should report ${want}:\n${text}`);
      }
      assert.equal(/hunter2|at .*\.js:\d+/.test(text), false, 'no secret, no stack trace');
    }
  } finally {
    done();
  }
});

test('a value file over the 1 MiB a Kubernetes volume can hold is refused; one of exactly 1 MiB is read whole', () => {
  const { path: dir, cleanup: done } = tempDir();
  try {
    writeFileSync(join(dir, 'charmcraft.yaml'), project);
    writeFileSync(join(dir, 'app.py'), ''); // the app folder must hold an app
    writeVolume(join(dir, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u@h/d' });
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'quote'), 'q'.repeat(1024 * 1024));
    const args = ['env', '--format', 'json', '--root', dir, '--app-dir', dir, '--state-dir', join(dir, 'state')];
    // (spawnSync directly: the output is over runBinary's 1 MiB buffer)
    const ok = spawnSync(binary, args, { encoding: 'utf8', env: cleanEnv(), timeout: 20_000, maxBuffer: 8 * 1024 * 1024 });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as Record<string, string>).FLASK_QUOTE?.length, 1024 * 1024);
    writeFileSync(join(dir, 'config', 'quote'), 'q'.repeat(1024 * 1024 + 1));
    const big = runBinary(args);
    assert.equal(big.code, 1);
    assert.match(big.stderr, /config\/quote: expected at most 1 MiB \(the Kubernetes limit\), got a larger file/);
  } finally {
    done();
  }
});

test('malformed YAML in the project file is reported with the file and line; an explicit --project must exist', () => {
  const { path: bad, cleanup: done } = tempDir();
  try {
    writeFileSync(join(bad, 'charmcraft.yaml'), 'name: x\nconfig:\n  options: [\n');
    const r = runBinary(['check', '--root', bad, '--app-dir', bad, '--state-dir', join(bad, 's')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /charmcraft\.yaml: expected valid YAML, got .* at line \d+ column \d+/);
    const missing = runBinary(['env', '--project', join(bad, 'nope.yaml'), '--root', bad]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.yaml: expected a charmcraft\.yaml project file, got no such file/);
  } finally {
    done();
  }
});

test('the project file is found in order: --project, $PAAS_INIT_PROJECT, <root>, <app-dir>, <app-dir>/charm', () => {
  const { path: d, cleanup: done } = tempDir();
  try {
    mkdirSync(join(d, 'app', 'charm'), { recursive: true });
    mkdirSync(join(d, 'root'));
    const write = (p: string, name: string) => writeFileSync(p, `name: ${name}\nextensions: [go-framework]\n`);
    const appOf = (args: string[], env: NodeJS.ProcessEnv = {}) => (JSON.parse(runBinary(['check', '--json', '--root', join(d, 'root'), '--app-dir', join(d, 'app'), '--state-dir', join(d, 's'), ...args], { env: { PATH: process.env.PATH, ...env } }).stdout) as { app: string | null }).app;
    write(join(d, 'app', 'charm', 'charmcraft.yaml'), 'in-charm');
    assert.equal(appOf([]), 'in-charm');
    write(join(d, 'app', 'charmcraft.yaml'), 'in-app');
    assert.equal(appOf([]), 'in-app');
    write(join(d, 'root', 'charmcraft.yaml'), 'in-root');
    assert.equal(appOf([]), 'in-root');
    write(join(d, 'env.yaml'), 'from-env');
    assert.equal(appOf([], { PAAS_INIT_PROJECT: join(d, 'env.yaml') }), 'from-env');
    write(join(d, 'flag.yaml'), 'from-flag');
    assert.equal(appOf(['--project', join(d, 'flag.yaml')], { PAAS_INIT_PROJECT: join(d, 'env.yaml') }), 'from-flag');
  } finally {
    done();
  }
});

test('--set and --relation work without any mounts', () => {
  const { path: d, cleanup: done } = tempDir();
  try {
    writeFileSync(join(d, 'charmcraft.yaml'), project);
    writeFileSync(join(d, 'app.py'), ''); // the app folder must hold an app
    const r = runBinary(['env', '--format', 'json', '--root', d, '--app-dir', d, '--state-dir', join(d, 's'), '--set', 'token=x=y', '--relation', 'postgresql=postgresql://u:p@db:5432/n']);
    assert.equal(r.code, 0, r.stderr);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    assert.equal(env.FLASK_TOKEN, 'x=y');
    assert.equal(env.POSTGRESQL_DB_NAME, 'n');
  } finally {
    done();
  }
});

test('help, version and usage errors', () => {
  assert.match(runBinary(['--version']).stdout, /^paas-init \d+\.\d+\.\d+ \(node v\d+\.\d+\.\d+, linux-(x64|arm64)\)\n$/);
  const help = runBinary(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: paas-init <verb>/);
  for (const verb of ['env', 'check']) assert.match(runBinary([verb, '--help']).stdout, new RegExp(`Usage: paas-init ${verb}`));
  const bad = runBinary(['env', '--frobnicate']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^paas-init: env: unknown flag '--frobnicate'/);
  const fmt = runBinary(['env', '--format', 'xml']);
  assert.equal(fmt.stderr, 'paas-init: --format: expected one of dotenv, json, shell, got "xml"\n');
  const verb = runBinary(['deploy']);
  assert.match(verb.stderr, /unknown verb "deploy"; expected one of/);
  const set = runBinary(['env', '--set', 'novalue']);
  assert.match(set.stderr, /--set: expected option=value/);
});

test('the single binary starts from the code cache its build made (a rejected cache would only cost time, so it is checked here)', () => {
  const r = runBinary(['--version'], { env: { PATH: '/usr/bin:/bin', PAAS_INIT_REPORT_CODE_CACHE: '1' } });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /^paas-init: code cache accepted$/m);
});
