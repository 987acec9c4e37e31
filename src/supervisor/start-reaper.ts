import type { Logger } from '../log/logger.js';
import { loadLibc, type Libc } from './libc.js';
import { Reaper } from './reaper.js';

/**
 * Starts reaping orphans. As PID 1, libc (koffi's addon, slow to load) is loaded only when the
 * first zombie that is not ours shows up; otherwise it is loaded at once, to become a subreaper
 * (prctl) before the app can leave orphans.
 */
export function startReaper(logger: Logger): Reaper {
  const reaper = new Reaper(undefined, (pid, code) => logger.log({ event: 'zombie.reaped', pid, code }));
  const load = (): Libc | undefined => {
    const libc = loadLibc();
    if (!('error' in libc)) return libc;
    logger.log({ event: 'reaper.unavailable', reason: `cannot load libc through koffi: ${libc.error}; orphans will stay zombies` });
    return undefined;
  };
  if (process.pid === 1) {
    reaper.attachOnDemand(load);
  } else {
    const libc = load();
    if (libc !== undefined) {
      if (!libc.setChildSubreaper()) logger.log({ event: 'reaper.unavailable', reason: 'prctl(PR_SET_CHILD_SUBREAPER) failed: orphans go to the real init' });
      reaper.attach(libc);
    }
  }
  reaper.start();
  return reaper;
}
