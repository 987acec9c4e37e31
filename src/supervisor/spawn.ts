import { spawn } from 'node:child_process';
import { exitCodeOf, spawnFailureCode } from './exit-code.js';
import type { Reaper } from './reaper.js';

/** How a spawned process ended. */
export interface ProcessEnd {
  readonly code: number;
  readonly signal?: string;
  /** set when the program never ran (ENOENT, EACCES) */
  readonly spawnError?: string;
}

/** How spawnOwned starts a process. */
export interface SpawnOptions {
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** in a session of its own (setsid) */
  readonly group: boolean;
  readonly stdio?: 'inherit' | 'pipe';
  /** the user and group to run as (only root can switch; see run-as.ts) */
  readonly credentials?: { readonly uid: number; readonly gid: number };
}

/** A process we spawned: its pid (none if it never ran) and a promise of how it ended. */
export interface OwnedProcess {
  readonly pid: number | undefined;
  readonly ended: Promise<ProcessEnd>;
}

/**
 * Every process paas-init starts goes through here, so the reaper knows the pid is Node's to
 * wait for. `group: true` puts it in a session of its own (setsid), so that terminal signals reach
 * it only through paas-init, and its whole process group can be signalled.
 */
export function spawnOwned(reaper: Reaper | undefined, argv: readonly string[], opts: SpawnOptions): OwnedProcess {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('internal error: empty command');
  const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, detached: opts.group, stdio: opts.stdio ?? 'inherit', ...opts.credentials });
  if (child.pid !== undefined) reaper?.own(child.pid);
  const ended = new Promise<ProcessEnd>((resolve) => {
    let done = false;
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (done || child.pid !== undefined) return; // an error after start (e.g. kill failed) is not an end
      done = true;
      resolve(spawnFailure(file, err.code, err.message));
    });
    child.once('exit', (code, signal) => {
      if (done) return;
      done = true;
      if (child.pid !== undefined) reaper?.disown(child.pid);
      resolve(endOf(code, signal));
    });
  });
  return { pid: child.pid, ended };
}

/** The end of a process that ran: its exit code, or 128+N with the signal named. */
function endOf(code: number | null, signal: NodeJS.Signals | null): ProcessEnd {
  return signal === null ? { code: exitCodeOf(code, null) } : { code: exitCodeOf(null, signal), signal };
}

/** The end of a spawn that failed before the program ran (errno ENOENT, EACCES, ...). */
function spawnFailure(file: string, errno: string | undefined, message?: string): ProcessEnd {
  return { code: spawnFailureCode(errno), spawnError: `spawn ${file}: ${errno ?? message ?? 'failed'}` };
}

/** Sends a signal to a process (or its group); a process already gone is not an error. */
export function sendSignal(pid: number, signal: string, group: boolean): boolean {
  try {
    process.kill(group ? -pid : pid, signal as NodeJS.Signals);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}
