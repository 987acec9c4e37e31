import { readdirSync, readFileSync } from 'node:fs';

/**
 * Pids whose command name (/proc/<pid>/comm, or the first word of cmdline) is `name`, other than
 * ours: the app's processes in a pod with shareProcessNamespace: true.
 */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (comm === name || argv0 === name || argv0.endsWith(`/${name}`)) out.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** Sends `signal` to every process named `name`; returns the pids signalled. */
export function signalProcesses(name: string, signal: string): number[] {
  const sent: number[] = [];
  for (const pid of pidsNamed(name)) {
    try {
      process.kill(pid, signal as NodeJS.Signals);
      sent.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return sent;
}
