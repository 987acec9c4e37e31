// Tells the supervisor when inputs may have changed. inotify (fs.watch) on every input folder
// and each of its sub-folders, re-armed after every change since folders come and go; the
// kubelet's `..data` rename shows up as an event on the mount's folder. A short quiet period
// turns a burst of events (a swap, or files written one after another) into one re-read, and
// a periodic re-scan catches what inotify misses on some filesystems.
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';

/** Timing of the watcher. */
export interface WatchTiming {
  /** wait this long after the last event before re-reading */
  readonly quietMs: number;
  /** but never longer than this after the first event of a burst */
  readonly maxDelayMs: number;
  /** re-read this often even without events */
  readonly rescanMs: number;
}

/** Default timing: fast enough for a binding to start the app within ~100 ms. */
export const defaultWatchTiming: WatchTiming = { quietMs: 25, maxDelayMs: 250, rescanMs: 2000 };

/** A running watcher. */
export interface InputWatcher {
  /** re-arms watches (call after each re-read: folders may have appeared) */
  rearm(): void;
  close(): void;
}

/** Watches the given folders and files; `onChange` is called (debounced) when any may have changed. */
export function watchInputs(targets: readonly string[], onChange: () => void, timing: WatchTiming = defaultWatchTiming): InputWatcher {
  const watchers = new Map<string, FSWatcher>();
  let quiet: NodeJS.Timeout | undefined;
  let firstAt: number | undefined;

  const fire = (): void => {
    quiet = undefined;
    firstAt = undefined;
    onChange();
  };
  const poke = (): void => {
    const now = Date.now();
    firstAt ??= now;
    if (quiet !== undefined) clearTimeout(quiet);
    const wait = Math.max(0, Math.min(timing.quietMs, firstAt + timing.maxDelayMs - now));
    quiet = setTimeout(fire, wait);
  };

  const rearm = (): void => {
    const wanted = new Set<string>();
    for (const t of targets) for (const d of foldersToWatch(t)) wanted.add(d);
    for (const [dir, w] of watchers) {
      if (!wanted.has(dir) || !existsSync(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, poke);
        w.on('error', () => {
          w.close();
          watchers.delete(dir);
          poke();
        });
        watchers.set(dir, w);
      } catch {
        // gone between listing and watching: the next re-arm or re-scan sees it
      }
    }
  };

  rearm();
  // Kept referenced: while blocked, this timer is what keeps paas-init alive.
  const rescan = setInterval(onChange, timing.rescanMs);
  return {
    rearm,
    close() {
      clearInterval(rescan);
      if (quiet !== undefined) clearTimeout(quiet);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

/**
 * The folders to watch for one target: the folder itself and its sub-folders (a Secret or a
 * binding each), or, while it does not exist, its nearest existing ancestor so its creation is seen.
 */
export function foldersToWatch(target: string): string[] {
  let dir = target;
  try {
    if (!statSync(target).isDirectory()) dir = dirname(target);
  } catch {
    let up = dirname(target);
    while (!existsSync(up) && up !== dirname(up)) up = dirname(up);
    return [up];
  }
  const out = [dir];
  try {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('..')) continue; // the kubelet's own: events on the parent already cover swaps
      const p = join(dir, name);
      try {
        if (statSync(p).isDirectory()) out.push(p);
      } catch {
        // a dangling link: nothing to watch
      }
    }
  } catch {
    // unreadable: the re-scan reports it
  }
  return out;
}
