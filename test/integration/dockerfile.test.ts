// No Docker engine here: check Dockerfile.example against the binary's real defaults, then run
// the same layout (binary, app folder, mount points) without Docker.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';

const dockerfile = readFileSync('Dockerfile.example', 'utf8');
const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
const all = (keyword: string) => instructions.filter((l) => l.startsWith(`${keyword} `)).map((l) => l.slice(keyword.length + 1).trim());
const one = (keyword: string) => {
  const v = all(keyword);
  assert.equal(v.length, 1, `one ${keyword} in Dockerfile.example`);
  return v[0]!;
};

interface Defaults { inputs: { config: string; secrets: string; bindings: string; state: string } }

test('Dockerfile.example matches the binary: entrypoint, mount points, state dir, app folder, stop signal', () => {
  const entry = JSON.parse(one('ENTRYPOINT')) as string[];
  const copies = all('COPY').map((c) => c.split(/\s+/));
  const binCopy = copies.find(([src]) => src === 'dist/paas-init');
  assert.deepEqual(entry, [binCopy?.[1], 'run'], 'ENTRYPOINT runs the copied binary in exec form');

  // The binary's own defaults, as `check --json` reports them with no flags and no env.
  const empty = tempDir();
  try {
    const r = runBinary(['check', '--json'], { env: { PATH: '/usr/bin:/bin' }, cwd: empty.path });
    const d = JSON.parse(r.stdout) as Defaults;
    const mkdirs = all('RUN').join(' ').match(/mkdir -p ([^&]+)/)?.[1]?.trim().split(/\s+/) ?? [];
    for (const path of [d.inputs.config, d.inputs.secrets, d.inputs.bindings, d.inputs.state]) assert.ok(mkdirs.includes(path), `Dockerfile creates ${path}`);
    assert.equal(one('ENV'), `SERVICE_BINDING_ROOT=${d.inputs.bindings}`);
    assert.match(all('RUN').join(' '), new RegExp(`chown \\S+ ${d.inputs.state.replace(/\//g, '\\/')}`), 'the app user owns the state dir');
  } finally {
    empty.cleanup();
  }
  const appCopy = copies.find(([src]) => src === 'examples/flask-app/');
  assert.equal(one('WORKDIR'), appCopy?.[1]?.replace(/\/$/, ''), 'WORKDIR is the app folder (the default --app-dir)');
  assert.equal(one('STOPSIGNAL'), 'SIGTERM');
  assert.match(one('USER'), /^[a-z_][a-z0-9_-]*$/);
  assert.notEqual(one('USER'), 'root');
  assert.equal(one('EXPOSE'), '8000');
  assert.match(dockerfile, /--stop-timeout 30/, 'the stop timeout outlasts the 25 s grace');
});

test('the same layout without Docker: the binary finds the project in WORKDIR and the mounts in their default places', () => {
  const img = tempDir();
  try {
    const at = (p: string) => join(img.path, p);
    mkdirSync(at('usr/local/bin'), { recursive: true });
    copyFileSync(binary, at('usr/local/bin/paas-init'));
    cpSync(resolve('examples/flask-app'), at('flask/app'), { recursive: true });
    for (const d of ['etc/paas-init/config', 'etc/paas-init/secrets/api-token', 'etc/paas-init/bindings/postgresql', 'var/lib/paas-init']) mkdirSync(at(d), { recursive: true });
    writeFileSync(at('etc/paas-init/config/token'), 'from-the-image-layout');
    writeFileSync(at('etc/paas-init/secrets/api-token/value'), 'v');
    writeFileSync(at('etc/paas-init/bindings/postgresql/type'), 'postgresql');
    writeFileSync(at('etc/paas-init/bindings/postgresql/uri'), 'postgresql://u:p@db:5432/flask_app');
    // Each default path is the image's path under img/ (as if img/ were /).
    const r = runBinary(['env', '--format', 'json', '--root', at('etc/paas-init'), '--state-dir', at('var/lib/paas-init')], { cwd: at('flask/app'), env: cleanEnv({ SERVICE_BINDING_ROOT: at('etc/paas-init/bindings') }) });
    assert.equal(r.code, 0, r.stderr);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    assert.equal(env.FLASK_TOKEN, 'from-the-image-layout');
    assert.equal(env.POSTGRESQL_DB_HOSTNAME, 'db');
    const check = JSON.parse(runBinary(['check', '--json', '--root', at('etc/paas-init'), '--state-dir', at('var/lib/paas-init')], { cwd: at('flask/app'), env: cleanEnv({ SERVICE_BINDING_ROOT: at('etc/paas-init/bindings') }) }).stdout) as { command: string[]; migration: { file: string } };
    assert.deepEqual(check.command.slice(0, 7), ['python3', '-m', 'gunicorn', '--bind', '0.0.0.0:8000', '--chdir', at('flask/app')]);
    assert.equal(check.migration.file, 'migrate.sh');
  } finally {
    img.cleanup();
  }
});
