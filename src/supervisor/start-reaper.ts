import type { Logger } from '../log/logger.js';
import { loadLibc } from './libc.js';
import { Reaper } from './reaper.js';

/**
 * Starts reaping orphans. As PID 1, libc is loaded just after the app has been started (no
 * orphan can exist before the app does, and a zombie waits for the next scan); otherwise it is
 * loaded at once, to become a subreaper before the app can leave orphans.
 */
export function startReaper(logger: Logger): Reaper {
  const reaper = new Reaper(undefined, (pid, code) => logger.log({ event: 'zombie.reaped', pid, code }));
  const attach = (): void => {
    const libc = loadLibc();
    if ('error' in libc) {
      logger.log({ event: 'reaper.unavailable', reason: `cannot load libc through koffi: ${libc.error}; orphans will stay zombies` });
      return;
    }
    if (process.pid !== 1 && !libc.setChildSubreaper()) logger.log({ event: 'reaper.unavailable', reason: 'prctl(PR_SET_CHILD_SUBREAPER) failed: orphans go to the real init' });
    reaper.attach(libc);
  };
  if (process.pid === 1) setImmediate(attach);
  else attach();
  reaper.start();
  return reaper;
}
