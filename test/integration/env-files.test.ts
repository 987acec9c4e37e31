// What paas-init writes and what it never writes: env and check leave every file alone; every env
// file and `--format shell`/dotenv output sources in POSIX sh (sh and dash) even when names are not
// shell names; the sidecar's file is readable by the app container's user; check warns when
// replicas on Kubernetes would each generate their own secret key.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';
import { writeVolume } from '../helpers/kubelet-volume.js';
import { Pid1, unshareSkip, waitFor } from '../helpers/pid1.js';

const project = `name: dotted
extensions: [flask-framework]
config:
  options:
    api-token: {type: secret}
    motto: {type: string, default: "it's \`id\` and $HOME"}
`;

/** A root with the project, an app and a Secret whose keys hold dots, as Kubernetes TLS Secrets do. */
function setUp(): { root: string; args: string[]; cleanup: () => void } {
  const { path: root, cleanup } = tempDir();
  writeFileSync(join(root, 'charmcraft.yaml'), project);
  writeFileSync(join(root, 'app.py'), '');
  writeVolume(join(root, 'secrets', 'api-token'), { 'tls.crt': 'dotted-secret-crt', token: 'plain-secret' });
  return { root, args: ['--root', root, '--app-dir', root, '--state-dir', join(root, 'state')], cleanup };
}

/** Every path under a folder with its size and mtime: a read-only verb must leave it equal. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => {
    const p = join(e.parentPath, e.name);
    const st = statSync(p, { throwIfNoEntry: false });
    return `${p} ${st?.size ?? '-'} ${st?.mtimeMs ?? '-'}`;
  }).sort();
}

/** Sources a file in a POSIX shell and prints one variable. */
function sourced(shell: string, file: string, name: string, uidGid?: number): { code: number | null; out: string; err: string } {
  const script = `. '${file}' && printf '%s' "$${name}"`;
  const argv = uidGid === undefined ? [shell, '-c', script] : ['setpriv', '--reuid', String(uidGid), '--regid', String(uidGid), '--clear-groups', shell, '-c', script];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 5000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('env and check write nothing: no state dir, no secret key; the key not yet generated is shown as such', () => {
  const { root, args, cleanup } = setUp();
  try {
    const before = tree(root);
    const check = runBinary(['check', ...args]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /^ {2}FLASK_SECRET_KEY=<generated at first run> +generated secret key$/m);
    const env = runBinary(['env', ...args, '--format', 'json']);
    assert.equal(env.code, 0, env.stderr);
    assert.equal((JSON.parse(env.stdout) as Record<string, string>).FLASK_SECRET_KEY, undefined);
    assert.match(env.stderr, /^paas-init: note: FLASK_SECRET_KEY is left out: no secret key is kept in the state dir yet; `paas-init run` generates it at first run$/m);
    assert.deepEqual(tree(root), before);
    assert.equal(existsSync(join(root, 'state')), false);
    // run generates it: the explicit step of the verb that starts the app.
    const run = runBinary(['run', ...args, '--status-addr', 'off', '--on-exit', 'exit', '--', 'true']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(existsSync(join(root, 'state', 'secret-key')), true);
    assert.ok((JSON.parse(runBinary(['env', ...args, '--format', 'json']).stdout) as Record<string, string>).FLASK_SECRET_KEY!.length > 40);
  } finally {
    cleanup();
  }
});

test('shell and dotenv output source in sh and dash; names that are not shell names are left out with a note and kept in json', () => {
  const { root, args, cleanup } = setUp();
  try {
    const json = JSON.parse(runBinary(['env', ...args, '--format', 'json']).stdout) as Record<string, string>;
    assert.equal(json['FLASK_API_TOKEN_TLS.CRT'], 'dotted-secret-crt', 'the app keeps paas-charm\'s name');
    for (const format of ['shell', 'dotenv']) {
      const r = runBinary(['env', ...args, '--format', format]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`^paas-init: note: --format ${format} leaves out FLASK_API_TOKEN_TLS\\.CRT: not shell variable names; the app's own environment under \`paas-init run\` has them, and \`--format json\` or \`paas-init exec\` carry them$`, 'm'));
      const file = join(root, `out.${format}`);
      writeFileSync(file, r.stdout);
      for (const shell of ['sh', 'dash']) {
        const s = sourced(shell, file, 'FLASK_API_TOKEN_TOKEN');
        assert.equal(s.code, 0, `${shell} . ${format}: ${s.err}`);
        assert.equal(s.out, 'plain-secret');
        assert.equal(sourced(shell, file, 'FLASK_MOTTO').out, "it's `id` and $HOME", `${shell} ${format}: no command substitution, no expansion`);
      }
    }
  } finally {
    cleanup();
  }
});

test('the app run by paas-init gets the dotted name in its environment', { skip: unshareSkip }, async () => {
  const { root, args, cleanup } = setUp();
  // env(1) itself, not through sh: dash drops names it cannot hold before it execs anything.
  const p = Pid1.start(['run', ...args, '--status-addr', 'off', '--on-exit', 'exit', '--', 'env']);
  try {
    assert.equal((await p.wait()).code, 0, p.stderr);
    assert.match(p.stdout, /^FLASK_API_TOKEN_TLS\.CRT=dotted-secret-crt$/m);
  } finally {
    await p.kill();
    cleanup();
  }
});

test('the sidecar\'s env file, mode 0640 and group 10001 as in the example, is read and sourced by uid 10001, and only by its group', async () => {
  const { root, args, cleanup } = setUp();
  chmodSync(root, 0o755); // the app container's user must reach the shared folder
  const envFile = join(root, 'shared', 'app.env');
  const sidecarDoc = (parseAllDocuments(readFileSync('examples/kubernetes/sidecar.yaml', 'utf8')).map((d) => d.toJS() as unknown) as { spec: { template: { spec: { securityContext?: { fsGroup?: number }; initContainers: { name: string; args?: string[] }[]; containers: { name: string; securityContext?: { runAsUser?: number; runAsGroup?: number } }[] } } } }[])[0]!;
  const pod = sidecarDoc.spec.template.spec;
  const exampleArgs = pod.initContainers.find((c) => c.name === 'env')!.args!;
  const flag = (name: string): string => exampleArgs[exampleArgs.indexOf(name) + 1]!;
  const app = pod.containers.find((c) => c.name === 'app')!;
  assert.equal(app.securityContext?.runAsUser, 10001, 'the app container runs as Dockerfile.example\'s user');
  assert.equal(Number(flag('--env-group')), pod.securityContext?.fsGroup, 'the env file\'s group is the pod\'s fsGroup');
  assert.equal(Number(flag('--env-group')), app.securityContext?.runAsGroup);
  const p = spawn(binary, ['sidecar', '--env-output', envFile, '--format', flag('--format'), '--env-mode', flag('--env-mode'), '--env-group', flag('--env-group'), '--status-addr', 'off', ...args], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    // The note is logged right after the write: once it is there, so is the file.
    await waitFor(() => (/event=env.names-left-out/.test(stderr) ? true : undefined), 10_000, () => stderr);
    const st = statSync(envFile);
    assert.equal(st.mode & 0o777, 0o640);
    assert.equal(st.gid, 10001);
    const asApp = sourced('sh', envFile, 'FLASK_API_TOKEN_TOKEN', 10001);
    assert.equal(asApp.code, 0, asApp.err);
    assert.equal(asApp.out, 'plain-secret');
    const other = sourced('sh', envFile, 'FLASK_API_TOKEN_TOKEN', 10003);
    assert.notEqual(other.code, 0, 'a user outside the group cannot read the secrets');
    assert.match(stderr, /level=warn event=env.names-left-out path=\S+app\.env names=FLASK_API_TOKEN_TLS\.CRT/);
    assert.equal(stderr.includes('plain-secret'), false);
  } finally {
    p.kill('SIGKILL');
    cleanup();
  }
});

test('a sidecar that may not give the file its group says so with the OS error, leaves no file behind and keeps running', async () => {
  const { root, args, cleanup } = setUp();
  chmodSync(root, 0o755);
  const shared = join(root, 'shared');
  mkdirSync(shared);
  chownSync(shared, 10001, 10001);
  const envFile = join(shared, 'app.env');
  // As uid 10001, outside group 10003: chown to it is EPERM.
  const p = spawn('setpriv', ['--reuid', '10001', '--regid', '10001', '--clear-groups', binary, 'sidecar', '--env-output', envFile, '--env-mode', '0640', '--env-group', '10003', '--status-addr', 'off', ...args, '--state-dir', join(shared, 'state')], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitFor(() => (/event=sidecar.env-write-failed/.test(stderr) ? true : undefined), 10_000, () => stderr);
    assert.match(stderr, new RegExp(`level=error event=sidecar.env-write-failed path=${envFile.replace(/[.]/g, '\\.')} error="EPERM: operation not permitted, chown '[^']+'"`));
    assert.deepEqual(readdirSync(shared).filter((n) => n !== 'state'), [], 'no env file and no temporary file with secrets');
    assert.equal(p.exitCode, null, 'the sidecar keeps running');
    assert.doesNotMatch(stderr, /internal error/);
  } finally {
    p.kill('SIGKILL');
    cleanup();
  }
});

test('the sidecar refuses a mode that is not octal rw bits and a group that is not a number', () => {
  const mode = runBinary(['sidecar', '--env-output', '/tmp/x.env', '--env-mode', '0755']);
  assert.equal(mode.stderr, 'paas-init: --env-mode: expected an octal file mode like 0600 or 0640, got "0755"\n');
  const group = runBinary(['sidecar', '--env-output', '/tmp/x.env', '--env-group', 'app']);
  assert.equal(group.stderr, 'paas-init: --env-group: expected a numeric group id like 10001, got "app"\n');
});

test('check warns on Kubernetes when each replica would generate its own secret key, and not once app-secret-key is set', () => {
  const { root, args, cleanup } = setUp();
  try {
    const k8s = { ...cleanEnv(), KUBERNETES_SERVICE_HOST: '10.0.0.1' };
    const r = runBinary(['check', ...args], { env: k8s });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`^warnings\\n {2}on Kubernetes without app-secret-key: each replica generates its own secret key in ${root}/state, which is not on a shared filesystem; sessions and signed values break between pods: set app-secret-key \\(or app-secret-key-id from a Secret\\)$`, 'm'));
    assert.doesNotMatch(runBinary(['check', ...args]).stdout, /^warnings$/m, 'not outside Kubernetes');
    writeVolume(join(root, 'secrets', 'app-secret-key-id'), { value: 'shared-key-for-all' });
    assert.doesNotMatch(runBinary(['check', ...args], { env: k8s }).stdout, /^warnings$/m);
  } finally {
    cleanup();
  }
});
