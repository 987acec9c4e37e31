import type { Logger } from '../log/logger.js';
import { stopWithGrace } from './graceful-stop.js';
import type { Reaper } from './reaper.js';
import { sendSignal } from './spawn.js';

/** How long after SIGKILL paas-init waits for the orphans to be reaped before it exits anyway. */
const orphanFailMs = 1000;
/** How often the orphans are looked for while they stop (they are not ours: no exit event). */
const pollMs = 20;

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
  logger.log({ event: 'orphans.signalled', signal: 'SIGTERM', count: first.length });
  const gone = new AbortController();
  // Each orphan alone: an orphan is seldom its own group's leader.
  const send = (signal: string): void => {
    for (const pid of reaper.orphans()) sendSignal(pid, signal, false);
  };
  await stopWithGrace({ send, ended: allReaped(reaper, gone.signal) }, 'SIGTERM', false, { graceMs: deadline - Date.now(), failMs: orphanFailMs }, () => {
    const count = reaper.orphans().length;
    if (count > 0) logger.log({ event: 'orphans.killed', count });
  });
  gone.abort();
}

/** Settles once no orphan nor zombie of ours is left (polled: they are not Node's children). */
async function allReaped(reaper: Reaper, stop: AbortSignal): Promise<void> {
  for (;;) {
    reaper.reapNow();
    if (stop.aborted || reaper.orphans().length + reaper.zombies() === 0) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
