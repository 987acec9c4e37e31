// Runs the built binary (dist/paas-init) the way users do. Every run has a time limit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recordOutput } from './output-record.js';

/** The single binary under test; `npm test` builds it first. */
export const binary = resolve('dist/paas-init');

/** A finished run. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs paas-init to completion with a bounded wait (default 20 s). */
export function runBinary(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {}): RunResult {
  const r = spawnSync(binary, args, { encoding: 'utf8', env: opts.env ?? cleanEnv(), cwd: opts.cwd, timeout: opts.timeoutMs ?? 20_000, input: opts.input ?? '' });
  if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new Error(`paas-init ${args.join(' ')} did not finish in time`);
  // env and exec print real values on purpose; everything else paas-init prints must hide secrets.
  const showsValues = args[0] === 'env' || args[0] === 'exec' || (args[0] === 'action' && args[1] === 'create-superuser');
  recordOutput(`paas-init ${args.slice(0, 2).join(' ')}`, showsValues ? r.stderr : r.stdout + r.stderr);
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The test's environment without paas-init's own variables, so each test says what it sets. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('PAAS_INIT_') && k !== 'SERVICE_BINDING_ROOT' && !k.startsWith('NODE_') && !k.startsWith('FLASK_') && !k.startsWith('DJANGO_')) env[k] = v;
  }
  // Debian's python3 (with Flask, Django, gunicorn) first, whatever else the machine puts on PATH.
  env.PATH = `/usr/bin:/bin:${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

/** A fresh temporary folder, removed when the returned function is called. */
export function tempDir(prefix = 'paas-init-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
