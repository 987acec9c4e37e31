import type { Problem } from '../errors.js';

/** A process that runs next to the app, as paas-charm runs Pebble services named `*-worker` and `*-scheduler`. */
export interface ExtraProcess {
  readonly name: string;
  readonly kind: 'worker' | 'scheduler';
  /** run through `sh -c 'exec …'`, as Procfile lines are shell commands */
  readonly argv: readonly string[];
  /** workers run on every replica; schedulers only on unit 0 */
  readonly enabled: boolean;
  readonly from: string;
}

/**
 * Extra processes from the Procfile and `--process NAME=CMD` (which wins for the same name).
 * Only names ending in `-worker` or `-scheduler` are run, as in paas-charm; other Procfile
 * entries (e.g. `web`, `release`) are left alone.
 */
export function extraProcesses(procfile: { path: string; text: string } | undefined, flags: readonly (readonly [string, string])[], unitId: number | undefined, problems: Problem[]): readonly ExtraProcess[] {
  const byName = new Map<string, { command: string; from: string }>();
  if (procfile !== undefined) {
    procfile.text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line);
      if (m === null) {
        problems.push({ file: procfile.path, key: `line ${i + 1}`, expected: 'a line like "name: command"', found: 'something else' });
        return;
      }
      byName.set(m[1]!, { command: m[2]!, from: procfile.path });
    });
  }
  for (const [name, command] of flags) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      problems.push({ file: '--process', key: name, expected: 'a name of letters, digits, "-" and "_"', found: 'other characters' });
      continue;
    }
    byName.set(name, { command, from: '--process' });
  }
  const out: ExtraProcess[] = [];
  for (const [name, { command, from }] of byName) {
    const kind = name.endsWith('-worker') ? 'worker' : name.endsWith('-scheduler') ? 'scheduler' : undefined;
    if (kind === undefined) continue;
    // With no unit number known (a lone `docker run`), this replica counts as unit 0.
    out.push({ name, kind, argv: ['/bin/sh', '-c', `exec ${command}`], enabled: kind === 'worker' || unitId === undefined || unitId === 0, from });
  }
  return out;
}
