// One example app's inputs for a container test: its own database, the mounts (a ConfigMap-like
// config folder, a Secret, a Service Binding, the charm's charmcraft.yaml) in a host folder that
// the container mounts, its own ports; and the checks every container case makes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runBinary, tempDir } from './binary.js';
import { pollJson } from './http.js';
import { writeVolume } from './kubelet-volume.js';
import { Container, freePort, openToContainers } from './podman.js';

/** The example apps the containers run. */
export type Framework = 'flask' | 'django';

/** What each example's migration writes (its page shows it). */
export const migrationNote: Readonly<Record<Framework, string>> = { flask: 'written by migrate.sh', django: 'written by manage.py migrate' };

/** The secret value the tests mount (test/helpers/output-record.ts scans for it). */
const apiToken = 'super-secret-api-token';

const psql = (sql: string) => spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qAtc', sql], { encoding: 'utf8', timeout: 20_000 });

/** Why the apps cannot run here, or false. */
export const postgresSkip: string | false = spawnSync('pg_isready', ['-q', '-h', '127.0.0.1']).status === 0 ? false : 'PostgreSQL is not running on 127.0.0.1:5432';

let installed: string | undefined;

/**
 * The options that make paas-init a rock's entrypoint without rebuilding the rock, as an init
 * container does it, and as the README's docker run line says: `paas-init install` into a folder,
 * mounted read-only at /opt/paas-init, the binary as the entrypoint (the verb goes after the image).
 */
export function paasInitEntrypoint(): readonly string[] {
  if (installed === undefined) {
    const dir = tempDir('paas-init-installed-');
    process.once('exit', dir.cleanup);
    const r = runBinary(['install', dir.path]);
    assert.equal(r.code, 0, `paas-init install: ${r.stderr}`);
    openToContainers(dir.path);
    installed = dir.path;
  }
  return ['-v', `${installed}:/opt/paas-init:ro`, '--entrypoint', '/opt/paas-init/paas-init'];
}

/** An example app's mounts, database and ports. */
export interface ContainerApp {
  readonly framework: Framework;
  readonly dir: string;
  readonly db: string;
  readonly uri: string;
  readonly port: number;
  readonly statusPort: number;
  /** -v options: config and secrets as the README's Docker section mounts them, or (`all`) the whole folder as /etc/paas-init, with bindings and the charm's charmcraft.yaml. */
  mounts(which: 'config and secrets' | 'all'): string[];
  /** paas-init's flags for the ports (the host network is shared). */
  readonly portArgs: readonly string[];
  /** Writes the config folder (a kubelet-style `..data` swap after the first time) with `token`. */
  writeConfig(token: string): void;
  /** Drops the database and removes the folder. */
  cleanup(): void;
}

let counter = 0;

/** Lays out an example app's inputs with `token` as its configured value. */
export async function containerApp(framework: Framework, token: string): Promise<ContainerApp> {
  counter += 1;
  const t = tempDir('paas-init-ctr-');
  const db = `paas_init_ctr_${framework}_${process.pid}_${counter}`;
  const uri = `postgresql://postgres@127.0.0.1:5432/${db}`;
  psql(`DROP DATABASE IF EXISTS ${db}`);
  assert.equal(psql(`CREATE DATABASE ${db}`).status, 0, `create database ${db}`);
  const [port, statusPort] = [await freePort(), await freePort()];
  const writeConfig = (value: string) => writeVolume(join(t.path, 'config'), {
    token: value, 'page-size': '50', ...(framework === 'django' ? { 'django-allowed-hosts': '127.0.0.1, localhost' } : {}),
  });
  writeConfig(token);
  writeVolume(join(t.path, 'secrets', 'api-token'), { value: apiToken });
  writeVolume(join(t.path, 'bindings', 'postgresql'), { type: 'postgresql', uri });
  copyFileSync(resolve(`examples/${framework}-app/charmcraft.yaml`), join(t.path, 'charmcraft.yaml'));
  openToContainers(t.path);
  const at = (p: string) => join(t.path, p);
  return {
    framework, dir: t.path, db, uri, port, statusPort, writeConfig,
    portArgs: ['--port', String(port), '--status-addr', `127.0.0.1:${statusPort}`],
    mounts: (which) => which === 'all'
      ? ['-v', `${t.path}:/etc/paas-init:ro`]
      : ['-v', `${at('config')}:/etc/paas-init/config:ro`, '-v', `${at('secrets')}:/etc/paas-init/secrets:ro`],
    cleanup: () => {
      psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      t.cleanup();
    },
  };
}

/** Waits until the app's page answers 200 showing `token`; returns the page. */
export async function pageShowing(app: ContainerApp, c: Container, token: string, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${app.port}/`, { signal: AbortSignal.timeout(5000) });
      last = `${r.status} ${await r.text()}`;
      if (r.status === 200 && last.includes(`<th>token</th><td>${token}</td>`)) return last;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`the page did not show token ${token} in ${timeoutMs} ms (last: ${last.slice(0, 300)})\n${await c.logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Serving: the page shows the configured value and the migration's row. */
export async function assertServing(app: ContainerApp, c: Container, token: string): Promise<void> {
  const page = await pageShowing(app, c, token);
  assert.ok(page.includes(`<th>migration_note</th><td>${migrationNote[app.framework]}</td>`), `the page shows the migration's row: ${page}`);
}

/** paas-init's /status, as the test reads it. */
export interface Status { readonly zombiesReaped?: number; readonly reaping?: string; readonly app: { readonly pid: number | null }; readonly lastInputReloadAt?: string | null }

/** paas-init's /status document, once its status server answers (it opens shortly after the app starts). */
export async function status(app: ContainerApp, c: Container): Promise<Status> {
  return pollJson<Status>(`http://127.0.0.1:${app.statusPort}/status`, () => true, 15_000, () => `paas-init's status server on 127.0.0.1:${app.statusPort} does not answer`)
    .catch(async (e: unknown) => { throw new Error(`${String(e)}\n${await c.logs()}`); });
}

/** Waits until paas-init has read its inputs `n` times after `since` (ms since the epoch), as /status says. */
export async function inputRereads(app: ContainerApp, c: Container, since: number, n: number, timeoutMs = 20_000): Promise<void> {
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < n) {
    const at = (await status(app, c)).lastInputReloadAt;
    if (typeof at === 'string' && Date.parse(at) > since) seen.add(at);
    if (Date.now() > deadline) throw new Error(`${seen.size} re-reads of the inputs in ${timeoutMs} ms, ${n} expected\n${await c.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Orphans left in the container are reaped by PID 1. Only where `unavailableAllowed` (a read-only
 * root with a noexec /tmp) may reaping be missing instead, and then /status must say so.
 */
export async function assertReaping(app: ContainerApp, c: Container, unavailableAllowed: boolean): Promise<'reaped' | 'reported unavailable'> {
  const before = (await status(app, c)).zombiesReaped ?? 0;
  await c.makeOrphans(5);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [s, zombies] = [await status(app, c), await c.zombies()];
    if (zombies === 0 && (s.zombiesReaped ?? 0) >= before + 5) return 'reaped';
    if (unavailableAllowed && s.reaping?.startsWith('unavailable: ') === true && zombies >= 5) return 'reported unavailable';
    if (Date.now() > deadline) throw new Error(`orphans not reaped: ${zombies} zombies, zombiesReaped ${s.zombiesReaped} (was ${before}), reaping ${JSON.stringify(s.reaping)}\n${await c.logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `podman stop` within the grace: exit code 0, and paas-init says it exited 0. */
export async function assertStopsCleanly(c: Container): Promise<void> {
  const { exitCode, elapsedMs } = await c.stop(30);
  const logs = await c.logs();
  assert.equal(exitCode, 0, `podman stop: exit code 0\n${logs}`);
  assert.ok(elapsedMs < 25_000, `stopped within paas-init's 25 s grace (took ${elapsedMs} ms)`);
  assert.match(logs, /event=supervisor\.exiting code=0/);
}

/** Runs `body` on a container started (podman run options, image, args) for an example app's inputs; removes both afterwards. */
export async function withContainer(
  framework: Framework, token: string,
  start: (app: ContainerApp) => readonly [options: readonly string[], image: string, args: readonly string[]],
  body: (app: ContainerApp, c: Container) => Promise<void>,
): Promise<void> {
  const app = await containerApp(framework, token);
  let c: Container | undefined;
  try {
    c = await Container.run(...start(app));
    await body(app, c);
  } finally {
    await c?.remove();
    app.cleanup();
  }
}
