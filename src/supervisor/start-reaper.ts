import type { Logger } from '../log/logger.js';
import { copyCandidates, describeSource, loadLibc, locateLibrary, type Libc } from './libc.js';
import { Reaper } from './reaper.js';

/**
 * Starts reaping orphans, and says at once how (or why not: never silently). As PID 1, libc
 * (koffi's addon) is loaded when the first zombie that is not ours shows up, or once start-up is
 * over (Reaper.libcNow), not before the app's spawn; otherwise it is loaded at once, to become a
 * subreaper (prctl) before the app can leave orphans.
 */
export function startReaper(logger: Logger, env: NodeJS.ProcessEnv, stateDirs: readonly string[]): Reaper {
  const reaper = new Reaper(undefined, (pid, code) => logger.log({ event: 'zombie.reaped', pid, code }));
  const source = locateLibrary(copyCandidates(env, stateDirs));
  const unavailable = (why: string): undefined => {
    reaper.reaping = `unavailable: ${why}`;
    logger.log({ event: 'reaper.unavailable', reason: `${why}; orphans will stay zombies` });
    return undefined;
  };
  const load = (): Libc | undefined => {
    const loaded = loadLibc(source);
    if ('error' in loaded) return unavailable(loaded.error);
    reaper.reaping = `ok (via ${loaded.via})`;
    return loaded.libc;
  };
  if (source.kind === 'none') unavailable(source.why);
  else if (process.pid === 1) {
    reaper.reaping = describeSource(source);
    logger.log({ event: 'reaper.ready', reaping: reaper.reaping });
    reaper.attachOnDemand(load);
  } else {
    const libc = load();
    if (libc !== undefined && !libc.setChildSubreaper()) unavailable('prctl(PR_SET_CHILD_SUBREAPER) failed: orphans go to the real init');
    else if (libc !== undefined) {
      logger.log({ event: 'reaper.ready', reaping: reaper.reaping });
      reaper.attach(libc);
    }
  }
  reaper.start();
  return reaper;
}
