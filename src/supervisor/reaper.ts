// The only place that reaps processes Node did not spawn. libuv waits only for its own children
// (libuv/libuv#4179), so orphans re-parented to PID 1 would stay zombies. On SIGCHLD and on a
// slow tick we list our children from /proc, and reap with waitpid(pid, WNOHANG) each zombie
// whose pid we did not spawn; our own children are left to libuv so their exit codes reach us.
import { readdirSync, readFileSync } from 'node:fs';
import { waitStatusExitCode } from './exit-code.js';
import type { Libc } from './libc.js';

/** A child of ours as /proc shows it. */
export interface ChildProc {
  readonly pid: number;
  readonly state: string;
}

/** Counts kept for status output. */
export interface ReaperStats {
  reaped: number;
}

/** Reaps orphans, lists and signals the ones still alive. */
export class Reaper {
  readonly #owned = new Set<number>();
  #libc: Libc | undefined;
  /** loads libc when the first orphan needs reaping (PID 1 only: see start-reaper.ts) */
  #loadLibc: (() => Libc | undefined) | undefined;
  readonly #onReaped: (pid: number, code: number) => void;
  #scheduled = false;
  #timer: NodeJS.Timeout | undefined;
  readonly stats: ReaperStats = { reaped: 0 };
  /** "ok (via …)" or "unavailable: <why and the fix>", for the log, status and metrics */
  reaping = 'unavailable: not started';

  constructor(libc: Libc | undefined, onReaped: (pid: number, code: number) => void) {
    this.#libc = libc;
    this.#onReaped = onReaped;
  }

  /** True when orphans can be reaped (libc loaded, or loadable on demand). */
  get active(): boolean {
    return this.#libc !== undefined || this.#loadLibc !== undefined;
  }

  /** Loads libc only when a zombie we did not spawn first shows up: most apps never leave one. */
  attachOnDemand(load: () => Libc | undefined): void {
    this.#loadLibc = load;
    this.schedule();
  }

  /** Supplies libc loaded up front (not PID 1: it is needed at once to become a subreaper). */
  attach(libc: Libc): void {
    this.#libc = libc;
    this.schedule();
  }

  /** libc, loading it now if it was left for later (once start-up is over, the load costs nothing that waits). */
  libcNow(): Libc | undefined {
    if (this.#libc === undefined && this.#loadLibc !== undefined) {
      this.#libc = this.#loadLibc();
      this.#loadLibc = undefined; // one try: a failure has been reported by the loader
    }
    return this.#libc;
  }

  /** Registers a pid Node spawned, before it can exit, so it is never reaped here. */
  own(pid: number): void {
    this.#owned.add(pid);
  }

  /** Forgets a pid once Node reported its exit. */
  disown(pid: number): void {
    this.#owned.delete(pid);
  }

  /** Starts listening for SIGCHLD, with a 1 s tick in case signals coalesce or arrive before we listen. */
  start(): void {
    process.on('SIGCHLD', () => this.schedule());
    this.#timer = setInterval(() => this.reapNow(), 1000);
    this.#timer.unref();
    this.schedule();
  }

  /** Stops the tick (at exit). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  /** Reaps on the next turn of the event loop (many SIGCHLDs become one scan). */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.reapNow();
    });
  }

  /** Reaps every zombie child we did not spawn; returns how many. */
  reapNow(): number {
    if (!this.active) return 0;
    const zombies = listChildren().filter((c) => c.state === 'Z' && !this.#owned.has(c.pid));
    if (zombies.length === 0) return 0;
    const libc = this.libcNow();
    if (libc === undefined) return 0;
    let n = 0;
    for (const c of zombies) {
      const r = libc.waitpidNoHang(c.pid);
      if (r.pid === c.pid) {
        n += 1;
        this.stats.reaped += 1;
        this.#onReaped(c.pid, waitStatusExitCode(r.status));
      }
    }
    return n;
  }

  /** Live children we did not spawn: daemons and leftovers of the app, now ours. */
  orphans(): number[] {
    return listChildren().filter((c) => c.state !== 'Z' && !this.#owned.has(c.pid)).map((c) => c.pid);
  }

  /** Zombies still waiting (should be 0; shown in status). */
  zombies(): number {
    return listChildren().filter((c) => c.state === 'Z' && !this.#owned.has(c.pid)).length;
  }
}

/** Our children, from /proc/self/task/<tid>/children (every thread can be a parent). */
export function listChildren(): ChildProc[] {
  const pids = new Set<number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  for (const tid of tasks) {
    let text = '';
    try {
      text = readFileSync(`/proc/self/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const p of text.split(' ')) if (p.trim() !== '') pids.add(Number(p));
  }
  const out: ChildProc[] = [];
  for (const pid of pids) {
    const state = procState(pid);
    if (state !== undefined) out.push({ pid, state });
  }
  return out;
}

/** The state letter of /proc/<pid>/stat (after the command name, which may hold spaces and parens). */
export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}
