// Starts the built binary as PID 1 of a new PID namespace (unshare --pid --fork --mount-proc),
// the way a container runtime does, and lets a test signal it, read its output and wait for it.
// Every wait is bounded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { binary, cleanEnv } from './binary.js';
import { recordOutput } from './output-record.js';

/** Whether this machine lets us make PID namespaces (root, or user namespaces allowed). */
export function canUnshare(): boolean {
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { timeout: 10_000 });
  return r.status === 0;
}

/** The reason PID-1 tests are skipped when they cannot run here. */
export const unshareSkip = canUnshare() ? false : 'unshare --pid --fork --mount-proc is not permitted here (needs root)';

/** A paas-init running as PID 1. */
export class Pid1 {
  readonly proc: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(proc: ChildProcess) {
    this.proc = proc;
    proc.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
      // paas-init's log goes to stderr; the app's own stdout is not paas-init's to police.
      recordOutput('paas-init as PID 1', this.stderr);
      resolve({ code, signal });
    }));
  }

  /** Starts `paas-init <args>` as PID 1. */
  static start(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Pid1 {
    const proc = spawn('unshare', ['--pid', '--fork', '--mount-proc', binary, ...args], { env: opts.env ?? cleanEnv(), cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Pid1(proc);
  }

  /** Starts any command as PID 1 (it must exec paas-init itself). */
  static startRaw(argv: readonly string[], opts: { env?: NodeJS.ProcessEnv } = {}): Pid1 {
    const proc = spawn('unshare', ['--pid', '--fork', '--mount-proc', ...argv], { env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    return new Pid1(proc);
  }

  /** paas-init's pid as seen from outside the namespace (the child of unshare). */
  async hostPid(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const kids = childrenOf(this.proc.pid!);
      if (kids.length > 0) return kids[0]!;
      await sleep(10);
    }
    throw new Error('paas-init did not start inside the namespace');
  }

  /** Sends a signal to paas-init (PID 1 inside). */
  async signal(sig: NodeJS.Signals): Promise<void> {
    process.kill(await this.hostPid(), sig);
  }

  /** Waits until stderr (paas-init's log) matches, or fails after the timeout. */
  async waitForLog(re: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    return waitFor(() => this.stderr.match(re) ?? undefined, timeoutMs, () => `log ${re} not seen; stderr so far:\n${this.stderr}`);
  }

  /** Waits for paas-init to exit; after the timeout it is killed (the whole namespace) and the result shows it. */
  async wait(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const timer = setTimeout(() => void this.killNamespace(), timeoutMs);
    const r = await this.exited;
    clearTimeout(timer);
    return r;
  }

  /** SIGKILL to PID 1 takes every process of the namespace with it; unshare follows. */
  private async killNamespace(): Promise<void> {
    for (const pid of childrenOf(this.proc.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    this.proc.kill('SIGKILL');
  }

  /** Kills the whole namespace (test clean-up). */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    await this.killNamespace();
    await this.exited;
  }
}

/** Pids whose parent is `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  try {
    const out: number[] = [];
    for (const tid of readdirSafe(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
      for (const p of text.split(' ')) if (p.trim() !== '') out.push(Number(p));
    }
    return out;
  } catch {
    return [];
  }
}

/** States (R, S, Z…) of the children of `pid`. */
export function childStates(pid: number): string[] {
  return childrenOf(pid).map((c) => {
    try {
      const stat = readFileSync(`/proc/${c}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '?';
    } catch {
      return 'gone';
    }
  }).filter((s) => s !== 'gone');
}

function readdirSafe(p: string): string[] {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
}

/** Polls `probe` every 10 ms until it returns a value; fails with `why()` after the timeout. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(why());
    await sleep(10);
  }
}

/** A promise that resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
