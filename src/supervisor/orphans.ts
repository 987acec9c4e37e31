import type { Logger } from '../log/logger.js';
import type { Reaper } from './reaper.js';
import { sendSignal } from './spawn.js';

/**
 * Before paas-init exits, processes the app left behind (daemons re-parented to us) get SIGTERM
 * and time to exit, up to the deadline; only the ones still there then get SIGKILL. tini just
 * exits and lets the kernel kill them outright.
 */
export async function drainOrphans(reaper: Reaper, logger: Logger, deadline: number): Promise<void> {
  if (!reaper.active) return;
  reaper.reapNow();
  const first = reaper.orphans();
  if (first.length === 0) return;
  for (const pid of first) sendSignal(pid, 'SIGTERM', false);
  logger.log({ event: 'orphans.signalled', signal: 'SIGTERM', count: first.length });
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    reaper.reapNow();
    if (reaper.orphans().length === 0) return;
  }
  const left = reaper.orphans();
  for (const pid of left) sendSignal(pid, 'SIGKILL', false);
  if (left.length > 0) logger.log({ event: 'orphans.killed', count: left.length });
  const until = Date.now() + 1000;
  while (Date.now() < until && reaper.orphans().length + reaper.zombies() > 0) {
    await new Promise((r) => setTimeout(r, 10));
    reaper.reapNow();
  }
}
