// The state dir is the first candidate this uid can use: a folder it can write, or one it can
// create. Nothing is created here (`check` must not write); the secret key store and the
// migration lock create it when they first need it.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StateDirCandidate } from './input-paths.js';
import { errCode } from './read-mount.js';

/** The chosen state dir, why, and why each earlier candidate was passed over. */
export interface StateDirChoice {
  readonly dir: string;
  readonly from: string;
  /** false when no candidate was usable: `dir` is then the first, and locks and the key fall back */
  readonly usable: boolean;
  readonly skipped: readonly { readonly dir: string; readonly why: string }[];
}

/** The first usable candidate. */
export function chooseStateDir(candidates: readonly StateDirCandidate[]): StateDirChoice {
  const skipped: { dir: string; why: string }[] = [];
  for (const c of candidates) {
    const why = unusable(c.dir);
    if (why === undefined) return { dir: c.dir, from: c.from, usable: true, skipped };
    skipped.push({ dir: c.dir, why });
  }
  const first = candidates[0]!;
  return { dir: first.dir, from: first.from, usable: false, skipped };
}

/** Why this uid cannot use the folder, or undefined when it can. */
function unusable(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return 'not a folder';
  } catch (e) {
    if (errCode(e) !== 'ENOENT') return `cannot be read (${errCode(e)})`;
    const parent = existingAncestor(dirname(dir));
    return writable(parent) ? undefined : `does not exist and ${parent} is not writable (${writeError(parent)})`;
  }
  return writable(dir) ? undefined : `not writable (${writeError(dir)})`;
}

function existingAncestor(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      statSync(d);
      return d;
    } catch {
      if (d === dirname(d)) return d;
    }
  }
}

function writable(dir: string): boolean {
  return writeError(dir) === undefined;
}

function writeError(dir: string): string | undefined {
  try {
    // W_OK answers EROFS on a read-only mount, even for root.
    accessSync(dir, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (e) {
    return errCode(e);
  }
}

/** The choice in one sentence, for the log, `check` and /status. */
export function describeStateDir(c: StateDirChoice): string {
  const passed = c.skipped.length === 0 ? '' : `; passed over: ${c.skipped.map((s) => `${s.dir} (${s.why})`).join(', ')}`;
  return c.usable ? `${c.dir} (${c.from})${passed}` : `none usable, so no file lock and an ephemeral secret key${passed}`;
}
