import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { Pid1, unshareSkip } from '../helpers/pid1.js';

test('stdin passes through to the app', () => {
  const r = runBinary(['run', '--', 'cat'], { input: 'hello from stdin\n' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'hello from stdin\n');
});

test('--log-format json gives one JSON object a line, marked as paas-init\'s', () => {
  const r = runBinary(['run', '--log-format', 'json', '--', 'sh', '-c', 'exit 4']);
  assert.equal(r.code, 4);
  const events = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event: string; source: string; level: string; code?: number });
  assert.deepEqual(events.map((e) => e.event), ['supervisor.started', 'app.started', 'app.exited', 'supervisor.exiting']);
  assert.ok(events.every((e) => e.source === 'paas-init' && typeof e.level === 'string'));
  assert.equal(events[2]?.code, 4);
});

test('--log-level warn keeps only warnings and errors', () => {
  const r = runBinary(['run', '--log-level', 'warn', '--', 'true']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
});

test('NODE_OPTIONS with --pending-deprecation or --throw-deprecation changes nothing in what run prints or returns', () => {
  for (const flag of ['--pending-deprecation', '--throw-deprecation']) {
    const r = runBinary(['run', '--log-level', 'warn', '--', 'sh', '-c', 'exit 3'], { env: cleanEnv({ NODE_OPTIONS: flag }) });
    assert.equal(r.code, 3, flag);
    assert.equal(r.stderr, '', `${flag}: nothing but paas-init's own log lines`);
  }
});

test('run without a project and without a command is a usage error', () => {
  const { path, cleanup } = tempDir();
  try {
    const r = runBinary(['run', '--root', path, '--app-dir', path]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no project file found and no command given/);
  } finally {
    cleanup();
  }
});

test('a single-file mount (as a Kubernetes subPath) is reported once as unable to update live', { skip: unshareSkip }, async () => {
  const { path, cleanup } = tempDir();
  try {
    writeFileSync(join(path, 'charmcraft.yaml'), 'name: a\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string}\n');
    mkdirSync(join(path, 'config'));
    writeFileSync(join(path, 'config', 'token'), 'placeholder');
    writeFileSync(join(path, 'real-token'), 'from-subpath');
    // mount --bind of one file in a private mount namespace, then exec paas-init as PID 1
    const script = `mount --bind ${join(path, 'real-token')} ${join(path, 'config', 'token')} && exec ${binary} run --root ${path} --app-dir ${path} --state-dir ${join(path, 's')} -- sh -c 'echo "$FLASK_TOKEN"; sleep 30'`;
    const p = Pid1.startRaw(['sh', '-c', script]);
    try {
      await p.waitForLog(/level=warn event=inputs.static path=\S+\/config\/token msg="a single-file mount/);
      assert.equal((p.stderr.match(/inputs.static/g) ?? []).length, 1);
    } finally {
      await p.kill();
    }
  } finally {
    cleanup();
  }
});

test('--wait-for-relations holds the start until the bound database accepts TCP connections', { skip: unshareSkip }, async () => {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const { path, cleanup } = tempDir();
  writeFileSync(join(path, 'charmcraft.yaml'), 'name: w\nextensions: [flask-framework]\nrequires:\n  postgresql: {interface: postgresql_client}\n');
  const p = Pid1.start(['run', '--wait-for-relations', '--root', path, '--app-dir', path, '--state-dir', join(path, 's'), '--relation', `postgresql=postgresql://u:p@127.0.0.1:${port}/d`, '--', 'sleep', '30']);
  const server = createServer((s) => s.end());
  try {
    await p.waitForLog(new RegExp(`event=relation.waiting relation=postgresql addr=127.0.0.1:${port}`));
    assert.doesNotMatch(p.stderr, /event=app.started/);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    await p.waitForLog(/event=relation.reachable relation=postgresql/, 10_000);
    await p.waitForLog(/event=app.started /, 5000);
    // Rather than a pause while the port is closed: the app starts only after paas-init found it open.
    assert.ok(p.stderr.indexOf('event=app.started') > p.stderr.indexOf('event=relation.reachable'), `the app started after the relation was reachable:\n${p.stderr}`);
  } finally {
    await p.kill();
    server.close();
    cleanup();
  }
});
