// App health checks, as Pebble's (docs/reference/health-checks.md): http (2xx), tcp (connect),
// exec (exit 0); every `period`, each bounded by `timeout`; `threshold` consecutive failures make
// the check "down", and the app is restarted. One success resets the count.
import { connect } from 'node:net';
import type { CheckSpec } from '../pebble/probe.js';
import type { Reaper } from '../supervisor/reaper.js';
import { credentialsFor } from '../supervisor/run-as.js';
import { sendSignal, spawnOwned } from '../supervisor/spawn.js';

export type { CheckSpec };

/** How often and how strictly; Pebble's defaults are 10 s, 3 s and 3. */
export interface CheckPolicy {
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly threshold: number;
}

/** Pebble's defaults. */
export const pebbleCheckPolicy: CheckPolicy = { periodMs: 10_000, timeoutMs: 3000, threshold: 3 };

/** Runs a check once. */
export async function runCheck(spec: CheckSpec, timeoutMs: number, env: Record<string, string>, cwd: string, reaper: Reaper | undefined): Promise<{ ok: boolean; detail: string }> {
  switch (spec.kind) {
    case 'http':
      try {
        const r = await fetch(spec.url, { signal: AbortSignal.timeout(timeoutMs), ...(spec.headers === undefined ? {} : { headers: { ...spec.headers } }) });
        await r.arrayBuffer();
        return r.status >= 200 && r.status < 300 ? { ok: true, detail: `${r.status}` } : { ok: false, detail: `http ${spec.url}: status ${r.status}` };
      } catch (e) {
        return { ok: false, detail: `http ${spec.url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}` };
      }
    case 'tcp':
      return tcpConnect(spec.host, spec.port, timeoutMs);
    case 'exec': {
      const credentials = credentialsFor(spec.runAs);
      const p = spawnOwned(reaper, spec.argv, { env: { ...env, ...spec.env }, cwd: spec.cwd ?? cwd, group: true, stdio: 'pipe', ...(credentials === undefined ? {} : { credentials }) });
      const timer = setTimeout(() => p.pid !== undefined && sendSignal(p.pid, 'SIGKILL', true), timeoutMs);
      const end = await p.ended;
      clearTimeout(timer);
      return end.code === 0 ? { ok: true, detail: 'exit 0' } : { ok: false, detail: `exec ${spec.argv.join(' ')}: exit ${end.code}` };
    }
  }
}

/** Opens one TCP connection and closes it: connected, or why not. */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean, detail: string): void => {
      s.destroy();
      resolve({ ok, detail });
    };
    s.setTimeout(timeoutMs, () => done(false, `tcp ${host}:${port}: timed out`));
    s.once('connect', () => done(true, 'connected'));
    s.once('error', (e) => done(false, `tcp ${host}:${port}: ${e.message}`));
  });
}

/** Runs the checks periodically while `active()`; calls `onDown` once per run of failures. */
export class HealthChecker {
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #down = false;
  #busy = false;

  constructor(private readonly o: {
    specs: readonly CheckSpec[];
    policy: CheckPolicy;
    active: () => boolean;
    env: () => Record<string, string>;
    cwd: () => string;
    reaper: Reaper | undefined;
    onFailure: (detail: string) => void;
    onDown: (detail: string) => void;
    onUp: () => void;
  }) {}

  /** Starts the period timer. */
  start(): void {
    if (this.o.specs.length === 0) return;
    this.#timer = setInterval(() => void this.#tick(), this.o.policy.periodMs);
    this.#timer.unref();
  }

  /** Stops checking. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  /** Forgets failures (after a restart of the app). */
  reset(): void {
    this.#failures = 0;
    if (this.#down) {
      this.#down = false;
      this.o.onUp();
    }
  }

  async #tick(): Promise<void> {
    if (this.#busy || !this.o.active()) return;
    this.#busy = true;
    try {
      for (const spec of this.o.specs) {
        const r = await runCheck(spec, this.o.policy.timeoutMs, this.o.env(), this.o.cwd(), this.o.reaper);
        if (r.ok) continue;
        this.#failures += 1;
        this.o.onFailure(r.detail);
        if (this.#failures >= this.o.policy.threshold && !this.#down) {
          this.#down = true;
          this.o.onDown(r.detail);
        }
        return;
      }
      this.reset();
    } finally {
      this.#busy = false;
    }
  }
}

/** Parses `--check-http URL`, `--check-tcp HOST:PORT`, `--check-exec 'CMD ARGS'`. */
export function parseChecks(http: readonly string[], tcp: readonly string[], exec: readonly string[]): CheckSpec[] | string {
  const out: CheckSpec[] = [];
  for (const url of http) {
    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) return `--check-http: expected an http or https URL, got ${JSON.stringify(url)}`;
    out.push({ kind: 'http', url });
  }
  for (const t of tcp) {
    const m = /^(.*):(\d{1,5})$/.exec(t);
    if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65535) return `--check-tcp: expected HOST:PORT with a port from 1 to 65535, got ${JSON.stringify(t)}`;
    out.push({ kind: 'tcp', host: m[1]!.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(m[2]) });
  }
  for (const e of exec) out.push({ kind: 'exec', argv: ['/bin/sh', '-c', e] });
  return out;
}
