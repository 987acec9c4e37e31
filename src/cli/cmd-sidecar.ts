import { constants } from 'node:os';
import { UsageError } from '../errors.js';
import { Logger } from '../log/logger.js';
import { blockedMessage, type Plan } from '../plan/plan.js';
import { envFormats, type EnvFormat } from '../plan/render-env.js';
import { privateEnvFile } from '../sidecar/env-file.js';
import { publishEnv } from '../sidecar/publish-env.js';
import { newRunStats } from '../status/run-stats.js';
import { parseStatusAddr, startStatusServer } from '../status/server.js';
import { initialState, type Phase } from '../supervisor/state.js';
import { startPlanFeed } from '../watch/plan-feed.js';
import { inputTargets } from '../watch/input-targets.js';
import { choice, fileMode, groupId, inputFlags, logFormat, logLevel, parseVerbArgs, str } from './args.js';
import type { VerbContext } from './context.js';
import { planSource } from './plan-source.js';
import { writeAll } from './write-fd.js';

/** One-line summary for `paas-init --help`. */
export const summary = "keep the app's environment in a file for another container";

/** `paas-init sidecar --env-file PATH`: runs until SIGTERM/SIGINT. */
export async function runSidecar(argv: readonly string[], ctx: VerbContext): Promise<number> {
  const { flags } = parseVerbArgs('sidecar', argv, {
    ...inputFlags, 'env-output': { type: 'string' }, 'env-file': { type: 'string' }, format: { type: 'string' }, 'signal-process': { type: 'string' }, signal: { type: 'string' }, 'status-addr': { type: 'string' },
    'env-mode': { type: 'string' }, 'env-group': { type: 'string' },
  });
  if (flags.help === true) return ctx.help('sidecar');
  // --env-output is the flag to use: Node 20 itself grabs any `--env-file` argument, even one
  // meant for the program (nodejs/node#54232), and aborts when the file does not exist yet.
  const envFile = str(flags, 'env-output') ?? str(flags, 'env-file');
  if (envFile === undefined) throw new UsageError('sidecar: --env-output PATH is required');
  const format: EnvFormat = choice(flags, 'format', envFormats, 'dotenv');
  const gid = groupId(flags, 'env-group');
  const access = { mode: fileMode(flags, 'env-mode', privateEnvFile.mode), ...(gid === undefined ? {} : { gid }) };
  const target = str(flags, 'signal-process');
  const signal = str(flags, 'signal') ?? 'SIGHUP';
  if (!(signal in constants.signals)) throw new UsageError(`--signal: expected a signal name like SIGHUP, got ${JSON.stringify(signal)}`);
  const statusAddr = str(flags, 'status-addr') ?? ':9191';
  const listen = parseStatusAddr(statusAddr);
  if (listen === undefined) throw new UsageError(`--status-addr: expected [HOST]:PORT or off, got ${JSON.stringify(statusAddr)}`);
  const logger = new Logger({ format: logFormat(flags), minLevel: logLevel(flags), write: (l) => writeAll(2, l) });
  const source = planSource(flags, undefined, ctx.env, ctx.cwd, { appDir: 'unused' }).keepSecretKey();
  const output = { path: envFile, format, access, signal, logger, ...(target === undefined ? {} : { target }) };
  let phase: Phase = 'waiting';
  let lastBlocked: string | undefined;
  const accept = (plan: Plan): void => {
    const blocked = blockedMessage(plan);
    if (blocked !== undefined) {
      phase = 'blocked';
      if (blocked !== lastBlocked) logger.log({ event: 'app.blocked', msg: `blocked: ${blocked}` });
      lastBlocked = blocked;
      return;
    }
    lastBlocked = undefined;
    // Not written: /readyz says not ready until a later change of the inputs is.
    phase = publishEnv(plan, output) ? 'running' : 'exited';
  };
  const feed = startPlanFeed({ read: source.read, targets: inputTargets(source.paths), accept, logger });
  const stats = newRunStats(Date.now());
  if (listen !== 'off') {
    void startStatusServer({
      addr: listen, label: statusAddr, logger, probeReady: () => Promise.resolve(true),
      sources: () => ({ state: { ...initialState, phase }, plan: feed.current, stats: { ...stats, lastInputReloadAt: feed.lastReadAt }, processes: [], zombiesReaped: 0, rejected: feed.rejected }),
    });
  }
  const stopped = await new Promise<string>((resolve) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, () => resolve(s));
  });
  feed.close();
  logger.log({ event: 'supervisor.exiting', code: 0 });
  void stopped;
  return 0;
}
