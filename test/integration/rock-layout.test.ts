// A temp dir laid out like a Flask rock (rockcraft's Pebble layer, the app under flask/app, a
// gunicorn.conf.py beside it), run by the built binary as PID 1 with --pebble-layers: the
// rock's own command, services and users; chrooted into such a dir, the app folder is found
// from / as in a rock; an arbitrary uid under a read-only /tmp still migrates. Real containers
// are test/containers/'s business.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { flaskRockLayer, flaskRockLayerName } from '../helpers/flask-rock.js';
import { pollJson } from '../helpers/http.js';
import { Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const port = 18451;
const statusPort = 18452;
const asRoot = process.getuid?.() === 0;
const pgUp = spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status === 0;

/** Lines `uid VALUE-OF-VAR…` a stand-in service appends to its file, then it runs until TERM. */
const standIn = `#!/bin/bash
out="$1"; shift
line="$(id -u)"
for v in "$@"; do line="$line ${'$'}{!v}"; done
echo "$line" >> "$out"
trap 'exit 0' TERM
while true; do sleep 0.05; done
`;

/** Lays out the rock under `root`; returns its paths. */
function layRock(root: string, layer: (o: { statsd: string; worker: string; conf: string }) => string): { layers: string; app: string; out: string; mounts: string } {
  const layers = join(root, 'var/lib/pebble/default/layers');
  const app = join(root, 'flask/app');
  const out = join(root, 'out');
  const mounts = join(root, 'etc/paas-init');
  for (const d of [layers, app, out, join(root, 'bin'), join(mounts, 'config')]) mkdirSync(d, { recursive: true });
  chmodSync(root, 0o755);
  chmodSync(out, 0o777); // the rock's services run as nobody
  writeFileSync(join(root, 'bin/stand-in'), standIn, { mode: 0o755 });
  const conf = join(root, 'flask/gunicorn.conf.py');
  writeFileSync(conf, `bind = ["0.0.0.0:8000"]\nchdir = "${app}"\nstatsd_host = "localhost:9125"\n`);
  writeFileSync(join(layers, flaskRockLayerName), layer({ statsd: `${root}/bin/stand-in ${out}/statsd`, worker: `${root}/bin/stand-in ${out}/worker FLASK_TOKEN WORKER_MODE`, conf }));
  writeFileSync(join(app, 'app.py'), [
    'import os',
    'from flask import Flask',
    'app = Flask(__name__)',
    'app.config.from_prefixed_env()',
    '@app.route("/")',
    'def index():',
    '    return f"token={app.config.get(\'TOKEN\')} uid={os.getuid()} level={os.environ.get(\'ROCK_LEVEL\')} home={os.environ.get(\'HOME\')}"',
    '',
  ].join('\n'));
  writeFileSync(join(app, 'migrate.sh'), `#!/bin/bash\necho "migrated by $(id -u)" >> ${out}/migrations\n`, { mode: 0o755 });
  writeFileSync(join(mounts, 'charmcraft.yaml'), 'name: x\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string}\n');
  writeFileSync(join(mounts, 'config/token'), 'from-config\n');
  return { layers, app, out, mounts };
}

const rockLayer = (o: { statsd: string; worker: string; conf: string }): string => flaskRockLayer({
  flaskCommand: `/bin/python3 -m gunicorn -c ${o.conf} 'app:app' -k [ sync ]`,
  statsdCommand: o.statsd,
  workerCommand: o.worker,
  user: 'nobody',
  flaskExtra: '    environment: {ROCK_LEVEL: rock, FLASK_TOKEN: from-rock}\n',
  moreServices: '    environment: {WORKER_MODE: fast}\n',
});

const read = (f: string): string[] => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : []);

describe('a Flask rock\'s layout under paas-init', { skip: unshareSkip || (asRoot ? false : 'switching to the rock\'s user needs root') }, () => {
  test('the rock\'s flask service serves as its user with the mapped env over its own; statsd-exporter starts first; the worker gets the app\'s env; the migration runs as the user', async () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    const p = Pid1.start(['run', '--root', r.mounts, '--pebble-layers', r.layers, '--app-dir', r.app, '--state-dir', join(t.path, 'state'), '--port', String(port), '--status-addr', `127.0.0.1:${statusPort}`, '--grace', '10s'], { cwd: '/' });
    try {
      const body = await waitFor(() => {
        const res = spawnSync('curl', ['-fsS', '--max-time', '2', `http://127.0.0.1:${port}/`], { encoding: 'utf8' });
        return res.status === 0 ? res.stdout : undefined;
      }, 30_000, () => p.stderr);
      assert.equal(body, 'token=from-config uid=65534 level=rock home=/nonexistent', 'paas-init\'s FLASK_TOKEN wins over the rock\'s; the rock\'s other variables stay; HOME is the user\'s');
      assert.deepEqual(read(join(r.out, 'migrations')), ['migrated by 65534']);
      await waitFor(() => (read(join(r.out, 'worker')).length > 0 ? true : undefined), 10_000, () => p.stderr);
      assert.deepEqual(read(join(r.out, 'worker')), ['65534 from-config fast'], 'the worker runs as its user with the app\'s env and its own');
      assert.deepEqual(read(join(r.out, 'statsd')), ['65534']);
      const started = [...p.stderr.matchAll(/event=app\.started pid=\d+ command="([^"]*)"(?: process=(\S+))?/g)].map((m) => m[2] ?? 'app');
      assert.deepEqual(started, ['statsd-exporter', 'app', 'x-worker'], 'Pebble\'s order: the app is after statsd-exporter; the worker waits for the migration');
      assert.match(p.stderr, new RegExp(`event=app.started pid=\\d+ command="/bin/python3 -m gunicorn -c \\S+gunicorn.conf.py --bind 0.0.0.0:${port} --chdir ${r.app} --access-logfile - --error-logfile - app:app -k sync"\\n`));
      const status = await pollJson<{ stateDir: unknown; processes: { name: string; phase: string }[] }>(`http://127.0.0.1:${statusPort}/status`, (d) => d.processes.length === 2, 10_000, () => p.stderr);
      assert.deepEqual(status.stateDir, { path: join(t.path, 'state'), from: '--state-dir', usable: true });
      assert.deepEqual(status.processes.map((x) => [x.name, x.phase]), [['statsd-exporter', 'running'], ['x-worker', 'running']]);
      await p.signal('SIGTERM');
      assert.equal((await p.wait(20_000)).code, 0);
    } finally {
      await p.kill();
      t.cleanup();
    }
  });

  test('check says where the command, the app dir and each process came from', () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    const res = runBinary(['check', '--json', '--root', r.mounts, '--pebble-layers', r.layers, '--app-dir', r.app, '--state-dir', join(t.path, 'state')], { cwd: '/' });
    t.cleanup();
    assert.equal(res.code, 0, res.stderr);
    const report = JSON.parse(res.stdout) as { commandFrom: string; appDir: { from: string }; processes: { name: string; from: string; runs: boolean }[]; stateDir: { path: string; from: string } };
    assert.equal(report.commandFrom, 'layer 001-rockcraft-x.yaml, service flask');
    assert.equal(report.appDir.from, '--app-dir');
    assert.deepEqual(report.processes.map((x) => [x.name, x.from, x.runs]), [
      ['statsd-exporter', 'layer 001-rockcraft-x.yaml, service statsd-exporter', true],
      ['x-worker', 'layer 001-rockcraft-x.yaml, service x-worker', true],
    ]);
    assert.deepEqual(report.stateDir, { path: join(t.path, 'state'), from: '--state-dir', usable: true, note: `${join(t.path, 'state')} (--state-dir)` });
  });

  test('without --app-dir in /, a rock whose app folder cannot be found is an error saying what was looked for', () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    const res = runBinary(['check', '--root', r.mounts, '--pebble-layers', r.layers, '--state-dir', join(t.path, 'state')], { cwd: '/' });
    t.cleanup();
    assert.equal(res.code, 1);
    assert.match(res.stdout, /\n {2}--app-dir: expected an app folder: --app-dir, a working directory other than \/, the working-dir of Pebble service "flask", or one of \/flask\/app, \/app, got none of them \(the working directory is \/\); the app will not start\n/);
  });

  test('exec runs in the app service\'s context: its folder, its env under the mapped env, its user', () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    const res = runBinary(['exec', '--root', r.mounts, '--pebble-layers', r.layers, '--app-dir', r.app, '--state-dir', join(t.path, 'state'), '--', 'sh', '-c', 'echo "$(id -u) $(pwd) $ROCK_LEVEL $FLASK_TOKEN"'], { cwd: '/' });
    t.cleanup();
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, `65534 ${r.app} rock from-config\n`);
  });

  test('a rock run without the charm\'s charmcraft.yaml says where it goes', () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    rmSync(join(r.mounts, 'charmcraft.yaml'));
    const res = runBinary(['run', '--root', r.mounts, '--pebble-layers', r.layers, '--state-dir', join(t.path, 'state')], { cwd: '/' });
    t.cleanup();
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`run: no project file found and no command given; the rock's Pebble layers in ${r.layers} are run with the charm's charmcraft.yaml, mounted as ${r.mounts}/charmcraft.yaml; usage: paas-init run \\[flags\\] -- CMD ARGS\\.\\.\\.`));
  });

  test('a bad layer is reported with the file, the service and what was expected, and nothing is started', async () => {
    const t = tempDir();
    const r = layRock(t.path, (o) => rockLayer(o).replace("'app:app' -k [ sync ]", "-k [ sync ] 'app:app'"));
    const p = Pid1.start(['run', '--root', r.mounts, '--pebble-layers', r.layers, '--app-dir', r.app, '--state-dir', join(t.path, 'state'), '--status-addr', 'off'], { cwd: '/' });
    try {
      const file = join(r.layers, flaskRockLayerName);
      await p.waitForLog(new RegExp(`event=inputs.invalid msg="${file}: services.flask.command: expected default arguments in one \\[ … \\] group at the end of the command, got \\\\"app:app\\\\" after the \\[ … \\] group; the app will not start" keeping="nothing: waiting for valid input"`));
      assert.doesNotMatch(p.stderr, /event=app.started/);
    } finally {
      await p.kill();
      t.cleanup();
    }
    const bad = tempDir();
    const rb = layRock(bad.path, (o) => rockLayer(o).replace('user: nobody\n    environment', 'user: no-such-user\n    environment'));
    const res = runBinary(['check', '--root', rb.mounts, '--pebble-layers', rb.layers, '--app-dir', rb.app, '--state-dir', join(bad.path, 'state')]);
    bad.cleanup();
    assert.equal(res.code, 1);
    assert.match(res.stdout, new RegExp(`\\n {2}${join(rb.layers, flaskRockLayerName)}: services.flask.user: expected a user of /etc/passwd, got "no-such-user", which does not exist; the app will not start\\n`));
  });
});

/** Runs the binary chrooted into `root` (it and the host's /usr and /etc bound in), with / as the working directory, as a rock starts. */
function inRock(root: string, args: readonly string[]): ReturnType<typeof spawnSync> {
  for (const d of ['usr', 'etc', 'proc', 'dev', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  for (const l of ['bin', 'lib', 'lib64', 'sbin']) if (!existsSync(join(root, l))) symlinkSync(`usr/${l}`, join(root, l));
  writeFileSync(join(root, 'paas-init'), '');
  const binds = [...['usr', 'etc', 'dev'].map((d) => `mount --bind /${d} "${root}/${d}"`), `mount --bind "${binary}" "${root}/paas-init"`].join(' && ');
  return spawnSync('unshare', ['--mount', 'sh', '-c', `${binds} && mount -t proc proc "${root}/proc" && exec chroot "${root}" /paas-init "$@"`, 'sh', ...args], { encoding: 'utf8', env: cleanEnv(), cwd: '/', timeout: 30_000 });
}

describe('app folder discovery in a rock started in /', { skip: asRoot ? false : 'chroot needs root' }, () => {
  const cases: { summary: string; layer: string; dirs: string[]; dir: string; from: string }[] = [
    { summary: 'a Flask rock without working-dir: /flask/app', layer: flaskRockLayer({ user: 'root' }), dirs: ['flask/app', 'app'], dir: '/flask/app', from: 'the rock layout (/flask/app)' },
    { summary: 'a Flask rock of paas-charm 2: /app', layer: flaskRockLayer({ user: 'root' }), dirs: ['app'], dir: '/app', from: 'the rock layout (/app)' },
    { summary: 'the framework service\'s working-dir wins over the layout', layer: flaskRockLayer({ user: 'root', flaskExtra: '    working-dir: /srv/site\n' }), dirs: ['flask/app', 'srv/site'], dir: '/srv/site', from: 'layer 001-rockcraft-x.yaml, service flask, working-dir' },
  ];
  for (const c of cases) {
    test(`${c.summary}.`, () => {
      const t = tempDir();
      try {
        for (const d of [...c.dirs, 'var/lib/pebble/default/layers', 'mounts']) mkdirSync(join(t.path, d), { recursive: true });
        for (const d of c.dirs) writeFileSync(join(t.path, d, 'app.py'), 'app = object()\n');
        writeFileSync(join(t.path, 'var/lib/pebble/default/layers', flaskRockLayerName), c.layer);
        writeFileSync(join(t.path, 'mounts/charmcraft.yaml'), 'name: x\nextensions: [flask-framework]\n');
        const r = inRock(t.path, ['check', '--json', '--root', '/mounts', '--state-dir', '/tmp/state']);
        assert.equal(r.status, 0, String(r.stdout) + String(r.stderr));
        const report = JSON.parse(String(r.stdout)) as { appDir: { path: string; from: string }; commandFrom: string; command: string[] };
        assert.deepEqual(report.appDir, { path: c.dir, from: c.from });
        assert.equal(report.commandFrom, 'layer 001-rockcraft-x.yaml, service flask');
        assert.deepEqual(report.command.slice(5, 9), ['--bind', '0.0.0.0:8000', '--chdir', c.dir]);
      } finally {
        t.cleanup();
      }
    });
  }
});

describe('an arbitrary uid under a read-only root', { skip: asRoot ? false : 'making / and /tmp read-only for one run needs root' }, () => {
  /** `paas-init migrate` as uid 65534 (who cannot write /) in a mount namespace where /tmp is read-only but the test's own folder is not. */
  const migrateReadOnly = (dir: string, extra: string[]): ReturnType<typeof spawnSync> => spawnSync('unshare', ['--mount', 'sh', '-c',
    `mount --bind "${dir}" "${dir}" && mount --rbind /tmp /tmp && mount -o remount,bind,ro /tmp && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"`, 'sh',
    binary, 'migrate', '--root', join(dir, 'etc/paas-init'), '--app-dir', join(dir, 'flask/app'), '--max-attempts', '1', ...extra,
  ], { encoding: 'utf8', env: cleanEnv({ TMPDIR: '' }), timeout: 30_000 });

  test('with no state dir usable anywhere, the migration runs unlocked with a warning; --require-lock refuses', () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    chmodSync(r.app, 0o777);
    try {
      const ok = migrateReadOnly(t.path, []);
      assert.equal(ok.status, 0, String(ok.stderr));
      assert.match(String(ok.stderr), /event=state-dir.chosen path=\/var\/lib\/paas-init from="the default" usable=false msg="none usable, so no file lock and an ephemeral secret key; passed over: \/var\/lib\/paas-init \((?:not writable|does not exist and \/var\/lib is not writable) \(EACCES\)\), \/app-data\/paas-init \(does not exist and \/ is not writable \(EACCES\)\), \/tmp\/paas-init \(does not exist and \/tmp is not writable \(EROFS\)\)"/);
      assert.match(String(ok.stderr), /level=warn event=migration.lock-unavailable lock=\/var\/lib\/paas-init\/migrate error=E[A-Z]+ msg="no file lock can be taken and there is no database lock: migrating unlocked"/);
      assert.deepEqual(read(join(r.out, 'migrations')), ['migrated by 65534']);
      const refused = migrateReadOnly(t.path, ['--require-lock']);
      assert.equal(refused.status, 1, String(refused.stderr));
      assert.match(String(refused.stderr), /no lock can be taken: the file lock \/var\/lib\/paas-init\/migrate fails with E[A-Z]+ and the app has no database relation; --require-lock refuses to migrate unlocked/);
      assert.deepEqual(read(join(r.out, 'migrations')), ['migrated by 65534'], 'refused: not run again');
    } finally {
      t.cleanup();
    }
  });

  test('with no state dir usable but a PostgreSQL relation, --require-lock migrates under the advisory lock alone', { skip: pgUp ? false : 'PostgreSQL is not running on 127.0.0.1:5432' }, () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    chmodSync(r.app, 0o777);
    writeFileSync(join(r.mounts, 'charmcraft.yaml'), 'name: x\nextensions: [flask-framework]\nconfig:\n  options:\n    token: {type: string}\nrequires:\n  postgresql:\n    interface: postgresql_client\n    optional: true\n');
    try {
      const res = migrateReadOnly(t.path, ['--require-lock', '--relation', 'postgresql=postgresql://postgres@127.0.0.1:5432/postgres']);
      assert.equal(res.status, 0, String(res.stderr));
      assert.match(String(res.stderr), /event=migration.lock-unavailable lock=\/var\/lib\/paas-init\/migrate error=E[A-Z]+ msg="no file lock can be taken: migrating under the database lock alone"/);
      assert.match(String(res.stderr), /event=migration.lock-acquired lock="postgresql advisory lock -?\d+"/);
      assert.deepEqual(read(join(r.out, 'migrations')), ['migrated by 65534']);
    } finally {
      t.cleanup();
    }
  });

  test('a writable $TMPDIR is the state dir of an arbitrary uid, and check says why', () => {
    const t = tempDir();
    const r = layRock(t.path, rockLayer);
    const tmp = join(t.path, 'tmp');
    mkdirSync(tmp, { mode: 0o777 });
    chmodSync(tmp, 0o777);
    const res = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', binary, 'check', '--json', '--root', r.mounts, '--app-dir', r.app], { encoding: 'utf8', env: cleanEnv({ TMPDIR: tmp }), timeout: 20_000 });
    t.cleanup();
    const report = JSON.parse(res.stdout) as { stateDir: { path: string; from: string; usable: boolean } };
    assert.deepEqual([report.stateDir.path, report.stateDir.from, report.stateDir.usable], [join(tmp, 'paas-init'), '$TMPDIR', true]);
  });
});
