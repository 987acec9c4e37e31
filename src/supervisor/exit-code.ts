// The one exit-code rule (the shell's, tini's, Pebble's): a process's own code passes through;
// one killed by signal N ends with 128+N.
import { constants } from 'node:os';

/** The exit code of a process killed by signal number `signo`: 128+N (SIGTERM → 143). */
export function killedExitCode(signo: number): number {
  return 128 + signo;
}

/** Node's (code, signal) for a child's end, as a shell exit code (1 for a signal Node cannot name). */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal === null ? undefined : constants.signals[signal];
  return n === undefined ? 1 : killedExitCode(n);
}

/** A raw wait(2) status as a shell exit code. */
export function waitStatusExitCode(status: number): number {
  const signo = status & 0x7f;
  return signo === 0 ? (status >> 8) & 0xff : killedExitCode(signo);
}

/** Exit code for a spawn that failed before the program ran: 127 not found, 126 not executable. */
export function spawnFailureCode(errno: string | undefined): number {
  return errno === 'ENOENT' ? 127 : 126;
}
