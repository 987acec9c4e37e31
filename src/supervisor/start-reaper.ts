import type { Logger } from '../log/logger.js';
import { loadLibc } from './libc.js';
import { Reaper } from './reaper.js';

/** Loads libc, makes us a subreaper when we are not PID 1, and starts reaping orphans. */
export function startReaper(logger: Logger): Reaper {
  const libc = loadLibc();
  const reaper = new Reaper('error' in libc ? undefined : libc, (pid, code) => logger.log({ event: 'zombie.reaped', pid, code }));
  if ('error' in libc) logger.log({ event: 'reaper.unavailable', reason: `cannot load libc through koffi: ${libc.error}; orphans will stay zombies` });
  else if (process.pid !== 1 && !libc.setChildSubreaper()) logger.log({ event: 'reaper.unavailable', reason: 'prctl(PR_SET_CHILD_SUBREAPER) failed: orphans go to the real init' });
  reaper.start();
  return reaper;
}
