import { constants } from 'node:os';

/** Node's (code, signal) for a child's end, as a shell exit code: the code, or 128+N (SIGTERM → 143). */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal === null ? undefined : constants.signals[signal];
  return n === undefined ? 1 : 128 + n;
}

/** Exit code for a spawn that failed before the program ran: 127 not found, 126 not executable. */
export function spawnFailureCode(errno: string | undefined): number {
  return errno === 'ENOENT' ? 127 : 126;
}
