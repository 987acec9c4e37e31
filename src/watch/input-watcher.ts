// Tells the supervisor when inputs may have changed. inotify (fs.watch) on every input folder
// and each of its sub-folders, re-armed after every change since folders come and go; the
// kubelet's `..data` rename shows up as an event on the mount's folder. A short quiet period
// turns a burst of events (a swap, or files written one after another) into one re-read, and
// a periodic re-scan catches what inotify misses on some filesystems.
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Timing of the watcher. */
export interface WatchTiming {
  /** wait this long after the last event before re-reading */
  readonly quietMs: number;
  /** but never longer than this after the first event of a burst */
  readonly maxDelayMs: number;
  /** re-read this often even without events */
  readonly rescanMs: number;
}

/** Default timing: a new binding starts the app within the quiet period and one re-read. */
export const defaultWatchTiming: WatchTiming = { quietMs: 25, maxDelayMs: 250, rescanMs: 2000 };

/**
 * What to watch: a folder with its sub-folders (a mount), or one file, whose folder is watched
 * but whose neighbours' events are ignored. The state dir holds the secret key next to the
 * migration lock that proper-lockfile touches every few seconds; the project file sits in the
 * app folder, where the app writes its own files: neither should re-read every input.
 */
export type WatchTarget = { readonly dir: string } | { readonly file: string };

/** A running watcher. */
export interface InputWatcher {
  /** re-arms watches (call after each re-read: folders may have appeared) */
  rearm(): void;
  close(): void;
}

/** Watches the given folders and files; `onChange` is called (debounced) when any may have changed. */
export function watchInputs(targets: readonly WatchTarget[], onChange: () => void, timing: WatchTiming = defaultWatchTiming): InputWatcher {
  const watchers = new Map<string, { readonly w: FSWatcher; readonly filter: string }>();
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
    const wanted = wantedFolders(targets);
    for (const [dir, { w, filter }] of watchers) {
      const names = wanted.get(dir);
      if (names === undefined || filterOf(names) !== filter || !existsSync(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (names === 'all' || name === null || names.has(String(name))) poke();
        });
        w.on('error', () => {
          w.close();
          watchers.delete(dir);
          poke();
        });
        watchers.set(dir, { w, filter: filterOf(names) });
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
      for (const { w } of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

/** Folder -> the names whose events count there ('all' for a mount's folders). */
function wantedFolders(targets: readonly WatchTarget[]): Map<string, Set<string> | 'all'> {
  const wanted = new Map<string, Set<string> | 'all'>();
  for (const t of targets) {
    if ('dir' in t) {
      for (const d of foldersToWatch(t.dir)) wanted.set(d, 'all');
      continue;
    }
    // Only the file's folder: its sub-folders (the app's own, next to a project file) do not matter.
    const d = nearestExisting(dirname(t.file));
    const names = wanted.get(d);
    // While the file's folder is missing, an ancestor is watched for its creation: every event counts.
    if (d !== dirname(t.file)) wanted.set(d, 'all');
    else if (names === undefined) wanted.set(d, new Set([basename(t.file)]));
    else if (names !== 'all') names.add(basename(t.file));
  }
  return wanted;
}

function filterOf(names: Set<string> | 'all'): string {
  return names === 'all' ? '*' : [...names].sort().join('/');
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
    return [nearestExisting(dirname(target))];
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

/** The path itself when it exists, else its nearest existing ancestor (watched to see it created). */
function nearestExisting(path: string): string {
  let up = path;
  while (!existsSync(up) && up !== dirname(up)) up = dirname(up);
  return up;
}
