// The status server, health checks, `paas-init status` and the sidecar, with real processes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { freePort } from '../helpers/free-port.js';
import { writeVolume } from '../helpers/kubelet-volume.js';
import { writeMigrationApp } from '../helpers/migration-app.js';
import { Pid1, sleep, unshareSkip, waitFor } from '../helpers/pid1.js';

const project = 'name: web\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string, default: t}\n    api-token: {type: secret}\nrequires:\n  postgresql: {interface: postgresql_client}\n';
const port = freePort;

async function get(url: string): Promise<{ status: number; body: string }> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { status: r.status, body: await r.text() };
  } catch {
    return { status: 0, body: '' };
  }
}
/** Polls `url` until it answers `status` (bounded). */
async function until(url: string, status: number, ms = 10_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await get(url);
    if (r.status === status) return r;
    if (Date.now() > deadline) throw new Error(`${url}: expected ${status}, last ${r.status} ${r.body}`);
    await sleep(50);
  }
}

describe('status server', { skip: unshareSkip }, () => {
  test('healthz, readyz through blocked → ready, status JSON with names only, metrics, paas-init status', async () => {
    const t = tempDir();
    writeFileSync(join(t.path, 'charmcraft.yaml'), project);
    writeVolume(join(t.path, 'secrets', 'api-token'), { value: 'status-must-not-show-this' });
    const sp = await port();
    const p = Pid1.start(['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--status-addr', `127.0.0.1:${sp}`, '--', 'sleep', '60']);
    const base = `http://127.0.0.1:${sp}`;
    try {
      assert.equal((await until(`${base}/healthz`, 200)).body, 'ok\n');
      assert.equal((await until(`${base}/readyz`, 503)).body, 'not ready: blocked: missing integrations: postgresql\n');
      const blockedStatus = runBinary(['status', '--status-addr', `127.0.0.1:${sp}`]);
      assert.equal(blockedStatus.code, 3);
      assert.match(blockedStatus.stdout, /^state {7}blocked \(not ready: blocked: missing integrations: postgresql\)$/m);
      writeVolume(join(t.path, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u:status-pw@db:5432/d' });
      assert.equal((await until(`${base}/readyz`, 200)).body, 'ready\n');
      const doc = JSON.parse((await get(`${base}/status`)).body) as { state: string; ready: boolean; app: { pid: number }; variables: string[] };
      assert.equal(doc.state, 'running');
      assert.equal(doc.ready, true);
      assert.ok(doc.app.pid > 1);
      assert.ok(doc.variables.includes('POSTGRESQL_DB_PASSWORD') && doc.variables.includes('FLASK_API_TOKEN_VALUE'));
      const metrics = (await get(`${base}/metrics`)).body;
      assert.match(metrics, /^# TYPE paas_init_state gauge$/m);
      assert.match(metrics, /^paas_init_state\{state="running"\} 1$/m);
      assert.match(metrics, /^paas_init_app_restarts_total 0$/m);
      const all = (await get(`${base}/status`)).body + metrics + runBinary(['status', '--json', '--status-addr', `127.0.0.1:${sp}`]).stdout;
      assert.equal(/status-must-not-show-this|status-pw/.test(all), false, 'no secret value in status output');
      assert.equal(runBinary(['status', '--status-addr', `127.0.0.1:${sp}`]).code, 0);
      assert.equal((await get(`${base}/nope`)).status, 404);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('while its migration waits for another replica\'s lock, healthz answers and readyz says not ready', async () => {
    const t = tempDir();
    const app = join(t.path, 'app');
    const state = join(t.path, 's');
    const log = join(t.path, 'migrations.log');
    writeMigrationApp(app);
    const env = cleanEnv({ MIGRATION_LOG: log });
    // Another replica holds the migration lock (its script hangs) in the shared state dir.
    const holder = spawn(binary, ['migrate', '--root', join(t.path, 'mounts'), '--app-dir', app, '--state-dir', state], { env: { ...env, REPLICA: 'holder', SLOW_MIGRATION: '1' }, stdio: 'ignore' });
    const sp = await port();
    let p: Pid1 | undefined;
    try {
      await waitFor(() => (existsSync(log) && readFileSync(log, 'utf8').includes('start holder') ? true : undefined), 10_000, () => 'the holder did not start migrating');
      p = Pid1.start(['run', '--root', join(t.path, 'mounts'), '--app-dir', app, '--state-dir', state, '--status-addr', `127.0.0.1:${sp}`, '--', 'sleep', '60'], { env: { ...env, REPLICA: 'waiter' } });
      const base = `http://127.0.0.1:${sp}`;
      assert.equal((await until(`${base}/healthz`, 200, 5000)).body, 'ok\n');
      assert.equal((await get(`${base}/readyz`)).status, 503);
      await p.waitForLog(/event=migration.lock-waiting/, 5000);
      assert.equal(readFileSync(log, 'utf8').includes('start waiter'), false, 'the waiter has not migrated');
    } finally {
      holder.kill('SIGTERM');
      await p?.kill();
      await new Promise((r) => (holder.exitCode !== null ? r(undefined) : holder.once('exit', r)));
      t.cleanup();
    }
  });

  test('--ready-url: readyz waits for the app to answer; a failing HTTP check restarts the app after the threshold', async () => {
    const t = tempDir();
    writeFileSync(join(t.path, 'charmcraft.yaml'), 'name: web\nextensions: [flask-framework]\n');
    const sp = await port();
    const ap = await port();
    // The app serves for 2 s, then stops answering (but keeps running): the check must restart it.
    const app = `import http.server, threading, time, os\nclass H(http.server.BaseHTTPRequestHandler):\n  def do_GET(self):\n    self.send_response(200); self.end_headers(); self.wfile.write(b'ok')\n  def log_message(self, *a): pass\ns = http.server.HTTPServer(('127.0.0.1', ${ap}), H)\nthreading.Timer(2.0, s.shutdown).start()\nopen('${join(t.path, 'starts')}', 'a').write('x')\ns.serve_forever()\ntime.sleep(60)\n`;
    writeFileSync(join(t.path, 'app.py'), app);
    const p = Pid1.start(['run', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'), '--status-addr', `127.0.0.1:${sp}`, '--ready-url', `http://127.0.0.1:${ap}/`,
      '--check-http', `http://127.0.0.1:${ap}/`, '--check-period', '300ms', '--check-timeout', '200ms', '--check-threshold', '2', '--grace', '1s', '--', '/usr/bin/python3', 'app.py']);
    try {
      await until(`http://127.0.0.1:${sp}/readyz`, 200);
      await p.waitForLog(/level=warn event=check.failed detail="http \S+: .*" failures=1/, 10_000);
      await p.waitForLog(/level=error event=check.down .*action=restart/, 10_000);
      await p.waitForLog(/event=app.stopping pid=\d+ reason="http /, 5000);
      await waitFor(() => (readFileSync(join(t.path, 'starts'), 'utf8').length >= 2 ? true : undefined), 10_000, () => p.stderr);
      const doc = JSON.parse((await get(`http://127.0.0.1:${sp}/status`)).body) as { checks: { failures: number } };
      assert.ok(doc.checks.failures >= 2);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('paas-init status with no server: exit 1 and a clear message', () => {
    const r = runBinary(['status', '--status-addr', '127.0.0.1:1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^paas-init: status: no status server at 127\.0\.0\.1:1 /);
  });
});

describe('sidecar', () => {
  test('writes the env file atomically once ready, rewrites it on a ..data swap, signals the app process', async () => {
    const t = tempDir();
    writeFileSync(join(t.path, 'charmcraft.yaml'), project);
    writeVolume(join(t.path, 'config'), { token: 'one' });
    const envFile = join(t.path, 'shared', 'app.env');
    const sp = await port();
    // The "app" of the other container: a process named like it, recording SIGHUPs.
    const hups = join(t.path, 'hups');
    const appProc = spawn('bash', ['-c', `exec -a fake-app-$$ bash -c 'trap "echo hup >> ${hups}" HUP; while true; do sleep 0.05; done'`], { stdio: 'ignore' });
    // Named once its exec -a has run.
    await waitFor(() => (readFileSync(`/proc/${appProc.pid}/cmdline`, 'utf8').startsWith('fake-app-') ? true : undefined), 5000, () => 'the fake app did not start');
    const p = spawn(binary, ['sidecar', '--env-output', envFile, '--format', 'json', '--root', t.path, '--app-dir', t.path, '--state-dir', join(t.path, 's'),
      '--status-addr', `127.0.0.1:${sp}`, '--signal-process', `fake-app-${appProc.pid}`, '--signal', 'SIGHUP'], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitFor(() => (stderr.includes('blocked: missing integrations: postgresql') ? true : undefined), 10_000, () => stderr);
      assert.equal(existsSync(envFile), false, 'nothing written while blocked');
      assert.equal((await until(`http://127.0.0.1:${sp}/readyz`, 503)).status, 503);
      writeVolume(join(t.path, 'bindings', 'postgresql'), { type: 'postgresql', uri: 'postgresql://u:p@db:5432/d' });
      const first = await waitFor(() => (existsSync(envFile) ? JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string> : undefined), 5000, () => stderr);
      assert.equal(first.FLASK_TOKEN, 'one');
      assert.equal(first.POSTGRESQL_DB_HOSTNAME, 'db');
      assert.equal(statSync(envFile).mode & 0o777, 0o600);
      await until(`http://127.0.0.1:${sp}/readyz`, 200);
      // Two SIGHUPs that arrive during one `sleep` are one pending signal for bash: wait for the first to be handled.
      const hupCount = (): number => (existsSync(hups) ? readFileSync(hups, 'utf8').split('\n').filter(Boolean).length : 0);
      await waitFor(() => (hupCount() >= 1 ? true : undefined), 5000, () => stderr);
      writeVolume(join(t.path, 'config'), { token: 'two' });
      await waitFor(() => ((JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string>).FLASK_TOKEN === 'two' ? true : undefined), 5000, () => stderr);
      await waitFor(() => (hupCount() >= 2 ? true : undefined), 5000, () => stderr);
      assert.match(stderr, new RegExp(`event=sidecar.signalled process=fake-app-${appProc.pid} signal=SIGHUP pids=\\d+`));
      p.kill('SIGTERM');
      assert.equal(await new Promise((r) => p.once('exit', r)), 0);
    } finally {
      p.kill('SIGKILL');
      appProc.kill('SIGKILL');
      t.cleanup();
    }
  });
});
