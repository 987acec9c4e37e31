import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/plan.js';
import { renderEnv, uncarriedNames, uncarriedNote, type EnvFormat } from '../plan/render-env.js';
import { writeEnvFile, type EnvFileAccess } from './env-file.js';
import { signalProcesses } from './signal-process.js';

/** Where and how the sidecar keeps the env file, and whom it tells of a new one. */
export interface EnvOutput {
  readonly path: string;
  readonly format: EnvFormat;
  readonly access: EnvFileAccess;
  /** the app's process name, signalled after each update */
  readonly target?: string;
  readonly signal: string;
  readonly logger: Logger;
}

/**
 * Writes a ready plan's env file (when it changed) and signals the app's processes; false when the
 * file could not be written (logged with the OS error: the next input change tries again).
 */
export function publishEnv(plan: Plan, o: EnvOutput): boolean {
  const uncarried = uncarriedNames(plan, o.format);
  let written: boolean;
  try {
    written = writeEnvFile(o.path, renderEnv(plan, o.format), o.access);
  } catch (e) {
    o.logger.log({ event: 'sidecar.env-write-failed', path: o.path, error: e instanceof Error ? e.message : String(e) });
    return false;
  }
  if (!written) return true;
  o.logger.log({ event: 'sidecar.env-written', path: o.path, names: plan.env.length - uncarried.length });
  if (uncarried.length > 0) o.logger.log({ event: 'env.names-left-out', path: o.path, names: uncarried.join(','), msg: uncarriedNote(o.format, uncarried) });
  if (o.target !== undefined) {
    const pids = signalProcesses(o.target, o.signal);
    o.logger.log({ event: 'sidecar.signalled', process: o.target, signal: o.signal, pids: pids.join(',') || 'none' });
  }
  return true;
}
