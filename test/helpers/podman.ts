// Real containers for the tests and the bench: podman with the project's containers.conf
// (containers/containers.conf), images built locally by scripts/container-images.sh, each
// container named uniquely, on the host network (the local PostgreSQL is on 127.0.0.1), and
// removed by the test that started it. Every call and every wait is bounded.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { recordOutput } from './output-record.js';

const execFileP = promisify(execFile);

/** The environment every podman call gets: the project's settings, nothing from the machine's. */
export const podmanEnv: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: resolve('containers/containers.conf') };

/** A finished podman call. */
export interface PodmanResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs `podman <args>` to completion (default bound 60 s). */
export async function podman(args: readonly string[], timeoutMs = 60_000): Promise<PodmanResult> {
  try {
    const r = await execFileP('podman', args, { env: podmanEnv, timeout: timeoutMs, maxBuffer: 64 << 20, encoding: 'utf8' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    if (err.killed === true) throw new Error(`podman ${args.join(' ')} did not finish in ${timeoutMs} ms`);
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Why container tests cannot run here, or false. CI has podman (scripts/setup.sh installs it). */
export const podmanSkip: string | false = (() => {
  const r = spawnSync('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { env: podmanEnv, encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) return `podman cannot be run (${r.error.message}); scripts/setup.sh installs it`;
  if (r.status !== 0) return `podman info fails here: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return false;
})();

/** The images of scripts/container-images.sh, by name (base, dockerfile-example, flask-rock, django-rock). */
export type Images = Readonly<Record<'base' | 'dockerfile-example' | 'flask-rock' | 'django-rock', string>>;

let images: Images | undefined;

/** Builds (or finds, when nothing they are made from changed) the test images, once per process. */
export function containerImages(): Images {
  if (images !== undefined) return images;
  const r = spawnSync('bash', ['scripts/container-images.sh'], { env: podmanEnv, encoding: 'utf8', timeout: 20 * 60_000 });
  if (r.status !== 0) throw new Error(`scripts/container-images.sh failed (${r.status ?? r.signal}):\n${r.stderr}`);
  images = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('=') as [string, string])) as Images;
  return images;
}

/** A TCP port free on the host network right now (containers here share it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Makes a host folder readable by any container user (mkdtemp makes it 0700). */
export function openToContainers(...dirs: string[]): void {
  for (const d of dirs) chmodSync(d, 0o755);
}

let counter = 0;

/** A running container (podman run -d), removed by remove(). */
export class Container {
  private constructor(readonly name: string) {}

  /** `podman run -d --name <unique> --network host <options> <image> <args>`. */
  static async run(options: readonly string[], image: string, args: readonly string[] = []): Promise<Container> {
    counter += 1;
    const name = `paas-init-test-${process.pid}-${counter}`;
    const r = await podman(['run', '-d', '--name', name, '--network', 'host', ...options, image, ...args]);
    const c = new Container(name);
    if (r.code !== 0) {
      await c.remove();
      throw new Error(`podman run failed (${r.code}): ${r.stderr}`);
    }
    return c;
  }

  /** The container's output so far (stdout and stderr, as podman logs gives them). */
  async logs(): Promise<string> {
    const r = await podman(['logs', this.name]);
    return r.stdout + r.stderr;
  }

  /** Waits until the logs match, or fails with them after the timeout. */
  async waitForLog(re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.logs();
      const m = text.match(re);
      if (m !== null) return m;
      if (Date.now() > deadline) throw new Error(`${this.name}: log ${re} not seen in ${timeoutMs} ms; logs:\n${text}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** `podman exec <name> <argv>`, with options (--user, --env) before the name. */
  exec(argv: readonly string[], options: readonly string[] = []): Promise<PodmanResult> {
    return podman(['exec', ...options, this.name, ...argv]);
  }

  /** `podman stop -t <graceS>`: how long it took and the container's exit code. */
  async stop(graceS: number): Promise<{ exitCode: number; elapsedMs: number }> {
    const t0 = Date.now();
    const r = await podman(['stop', '-t', String(graceS), this.name], (graceS + 30) * 1000);
    const elapsedMs = Date.now() - t0;
    if (r.code !== 0) throw new Error(`podman stop failed (${r.code}): ${r.stderr}`);
    const exit = await podman(['inspect', '--format', '{{.State.ExitCode}}', this.name]);
    return { exitCode: Number(exit.stdout.trim()), elapsedMs };
  }

  /** The zombies in the container's PID namespace (from its /proc). */
  async zombies(): Promise<number> {
    const r = await this.exec(['sh', '-c', 'grep -l "^State:.*Z" /proc/[0-9]*/status || true']);
    return r.stdout.split('\n').filter((l) => l.trim() !== '').length;
  }

  /** Leaves n orphans in the container: each a short sleep whose parent has exited, so PID 1 inherits it. */
  async makeOrphans(n: number): Promise<void> {
    const r = await this.exec(['sh', '-c', `for i in $(seq ${n}); do (sleep 0.2 &); done`]);
    if (r.code !== 0) throw new Error(`making orphans failed: ${r.stderr}`);
  }

  /** podman rm -f (test clean-up); paas-init's own log goes to the secret scan's record first. */
  async remove(): Promise<void> {
    const logs = await podman(['logs', this.name]);
    recordOutput(`paas-init in container ${this.name}`, logs.stderr);
    await podman(['rm', '-f', '-t', '0', this.name]);
  }
}
