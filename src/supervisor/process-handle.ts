// Spawning a child whose stdio is paas-init's own, through the process handle that
// node:child_process itself wraps. Loading node:child_process pulls in net, dgram and all of
// Node's streams (~3 ms, more on a busy node), and all of that sat between reading the plan and
// the app's start. With inherited stdio there are no pipes to wrap, so the handle alone does
// the job: the same libuv spawn (PATH search, setsid for `detached`), the same exit callback.
// Anything else, or a Node without this handle, goes through node:child_process (spawn.ts).
import { getSystemErrorName } from 'node:util';

/** How a process spawned here ended: libuv's exit status and terminating signal. */
export type HandleExit = (code: number, signal: NodeJS.Signals | null) => void;

/** A spawned process, or the errno name (ENOENT, EACCES, ...) of a spawn that failed. */
export type HandleSpawn = { readonly pid: number } | { readonly errno: string };

interface ProcessHandle {
  pid?: number;
  /** termSignal: the signal's name ("SIGTERM"), or '' when the process exited by itself */
  onexit: (exitStatus: number, termSignal: string) => void;
  spawn(options: {
    file: string;
    args: string[];
    cwd: string;
    envPairs: string[];
    stdio: { type: 'fd'; fd: number }[];
    detached: boolean;
  }): number;
  close(): void;
}
type ProcessHandleClass = new () => ProcessHandle;

let handleClass: ProcessHandleClass | null | undefined;

/** The handle class, or null where this Node does not offer it (then spawn.ts uses child_process). */
function processHandleClass(): ProcessHandleClass | null {
  if (handleClass !== undefined) return handleClass;
  // process.binding is deprecated for new uses but kept, and 'process_wrap' is on the list it
  // serves; the single binary carries the Node it was built with. Its DEP0111 warning (only with
  // --pending-deprecation in NODE_OPTIONS) is paas-init's business, not the app's logs'.
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const binding = (process as unknown as { binding?: (name: string) => { Process?: unknown } }).binding?.('process_wrap');
    handleClass = typeof binding?.Process === 'function' ? (binding.Process as ProcessHandleClass) : null;
  } catch {
    handleClass = null;
  } finally {
    process.noDeprecation = quiet === true;
  }
  return handleClass;
}

/**
 * Spawns `file args` with stdin, stdout and stderr inherited; `onExit` runs once when it ends.
 * Undefined when this way is unavailable or the arguments hold something only child_process
 * reports well (a NUL byte), so that the caller falls back to it.
 */
export function spawnWithInheritedStdio(file: string, args: readonly string[], opts: { env: Record<string, string>; cwd: string; detached: boolean }, onExit: HandleExit): HandleSpawn | undefined {
  const Handle = processHandleClass();
  if (Handle === null) return undefined;
  const envPairs = Object.entries(opts.env).map(([k, v]) => `${k}=${v}`);
  // The C++ side would cut a string at a NUL; child_process refuses it with a clear error.
  if ([file, opts.cwd, ...args, ...envPairs].some((s) => s.includes('\0'))) return undefined;
  const handle = new Handle();
  handle.onexit = (exitStatus, termSignal) => {
    handle.close();
    onExit(exitStatus, termSignal === '' ? null : (termSignal as NodeJS.Signals));
  };
  const err = handle.spawn({
    file,
    args: [file, ...args],
    cwd: opts.cwd,
    envPairs,
    stdio: [0, 1, 2].map((fd) => ({ type: 'fd' as const, fd })),
    detached: opts.detached,
  });
  if (err !== 0 || handle.pid === undefined) {
    handle.close();
    return { errno: err < 0 ? getSystemErrorName(err) : 'EUNKNOWN' };
  }
  return { pid: handle.pid };
}
