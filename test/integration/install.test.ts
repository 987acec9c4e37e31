// paas-init install DIR: the binary and its native library land in DIR atomically; a DIR that is
// a file or not writable is refused, naming it. Then the two uses it serves: Dockerfile.paas-init
// (an image that installs into its own /usr/local/bin) and the init-container manifest
// (examples/kubernetes/init-container.yaml), whose wiring is checked and then carried out here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { binary, cleanEnv, runBinary, tempDir } from '../helpers/binary.js';

test('install copies the binary (mode 0755) and its library into DIR, leaving nothing else, and the copy reaps with that library', () => {
  const dir = tempDir();
  try {
    const r = runBinary(['install', dir.path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `installed ${join(dir.path, 'paas-init')} and ${join(dir.path, 'paas-init-koffi.node')}\n`);
    assert.deepEqual(readdirSync(dir.path).sort(), ['paas-init', 'paas-init-koffi.node']);
    assert.equal(statSync(join(dir.path, 'paas-init')).mode & 0o777, 0o755);
    assert.ok(readFileSync(join(dir.path, 'paas-init')).equals(readFileSync(binary)), 'the same binary');
    const check = spawnSync(join(dir.path, 'paas-init'), ['check', '--json'], { encoding: 'utf8', cwd: dir.path, env: cleanEnv() });
    assert.equal((JSON.parse(check.stdout) as { reaping: string }).reaping, `ok (via ${join(dir.path, 'paas-init-koffi.node')})`);
    // Again over the installed pair (an image's RUN installing over its own binary).
    assert.equal(spawnSync(join(dir.path, 'paas-init'), ['install', dir.path]).status, 0);
    assert.deepEqual(readdirSync(dir.path).sort(), ['paas-init', 'paas-init-koffi.node']);
  } finally {
    dir.cleanup();
  }
});

test('install into a file, a missing folder or a folder it cannot write exits 1 naming the path', () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'a-file');
    writeFileSync(file, '');
    assert.deepEqual(pick(runBinary(['install', file])), { code: 1, stderr: `paas-init: install: ${file}: not a folder\n` });
    assert.deepEqual(pick(runBinary(['install', join(dir.path, 'nope')])), { code: 1, stderr: `paas-init: install: ${join(dir.path, 'nope')}: no such folder\n` });
    const locked = join(dir.path, 'locked');
    assert.equal(runBinary(['install', dir.path]).code, 0);
    chmodSync(dir.path, 0o755);
    spawnSync('mkdir', ['-m', '0755', locked]);
    // As another uid (a rock's), the root-owned folder is not writable.
    const r = spawnSync('setpriv', ['--reuid', '584792', '--regid', '584792', '--clear-groups', join(dir.path, 'paas-init'), 'install', locked], { encoding: 'utf8', env: cleanEnv() });
    assert.deepEqual({ code: r.status, stderr: r.stderr }, { code: 1, stderr: `paas-init: install: ${locked}: not writable (EACCES)\n` });
    assert.deepEqual(readdirSync(locked), []);
    assert.equal(runBinary(['install']).stderr, 'paas-init: install: expected one folder, as in "paas-init install /usr/local/bin"\n');
  } finally {
    dir.cleanup();
  }
});

function pick(r: { code: number | null; stderr: string }): { code: number | null; stderr: string } {
  return { code: r.code, stderr: r.stderr };
}

const dockerfile = readFileSync('Dockerfile.paas-init', 'utf8').split('\n').filter((l) => /^[A-Z]+ /.test(l));
const instruction = (k: string): string[] => dockerfile.filter((l) => l.startsWith(`${k} `)).map((l) => l.slice(k.length + 1).trim());

test("Dockerfile.paas-init copies a built binary and installs it beside its library, and its entrypoint is the installed binary", () => {
  const arch = /^ARCH=(\S+)$/.exec(instruction('ARG')[0] ?? '')?.[1];
  const [src, dest] = instruction('COPY')[0]!.split(/\s+/);
  assert.ok(existsSync(src!.replace('${ARCH}', arch!)), `${src} with ARCH=${arch} is a build output`);
  assert.deepEqual(JSON.parse(instruction('RUN')[0]!), [dest, 'install', posix.dirname(dest!)]);
  assert.deepEqual(JSON.parse(instruction('ENTRYPOINT')[0]!), [dest]);
});

interface Mount { name: string; mountPath: string }
interface Container { name: string; image: string; command?: string[]; args?: string[]; volumeMounts?: Mount[] }
interface Pod { initContainers: Container[]; containers: Container[]; volumes: { name: string; emptyDir?: object }[] }

test('in the init-container manifest the app container runs the binary the init container installed into a shared emptyDir, and that works', () => {
  const pod = (parse(readFileSync('examples/kubernetes/init-container.yaml', 'utf8')) as { spec: { template: { spec: Pod } } }).spec.template.spec;
  const entrypoint = JSON.parse(instruction('ENTRYPOINT')[0]!) as string[];
  const init = pod.initContainers.find((c) => c.image.includes('/paas-init:'))!;
  const [, verb, target] = [...(init.command ?? entrypoint), ...(init.args ?? [])];
  assert.equal(verb, 'install');
  const volume = init.volumeMounts!.find((m) => m.mountPath === target)!.name;
  assert.ok(pod.volumes.find((v) => v.name === volume)?.emptyDir !== undefined, 'the binary goes into an emptyDir');
  const app = pod.containers.find((c) => c.name === 'app')!;
  const appMount = app.volumeMounts!.find((m) => m.name === volume)!;
  assert.equal(app.command?.[0], `${appMount.mountPath}/paas-init`);

  // What the pod does: the install into the (empty) volume, then the app container's PID 1.
  const emptyDir = tempDir();
  try {
    assert.equal(runBinary([verb, emptyDir.path]).code, 0);
    const r = spawnSync(join(emptyDir.path, 'paas-init'), [...app.command!.slice(1), '--', 'sh', '-c', 'exit 3'], { encoding: 'utf8', env: cleanEnv(), timeout: 20_000 });
    assert.equal(r.status, 3, r.stderr);
  } finally {
    emptyDir.cleanup();
  }
});
