// What `run` tells the user about its first plan and its mounts, once the app is on its way.
import { UsageError } from '../errors.js';
import { findProjectFile } from '../inputs/read-inputs.js';
import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/plan.js';
import { staticFileMounts } from '../watch/static-mounts.js';
import { logStateDir, type PlanSource } from './plan-source.js';

/** Why a first plan with no command to run is a usage error (nothing would ever start); undefined when it has one. */
export function commandlessRefusal(first: Plan | undefined, projectMode: boolean, source?: PlanSource): UsageError | undefined {
  if (first === undefined || (first.command !== undefined && first.command.length > 0)) return undefined;
  if (projectMode) return new UsageError(`run: no default command for framework "${first.framework ?? 'none'}"; give one after "--"`);
  // A rock carries no charmcraft.yaml (it belongs to the charm): say where it goes.
  const rock = source?.rockLayersDir === undefined ? '' : `; the rock's Pebble layers in ${source.rockLayersDir} are run with the charm's charmcraft.yaml, mounted as ${source.paths.root}/charmcraft.yaml`;
  return new UsageError(`run: no project file found and no command given${rock}; usage: paas-init run [flags] -- CMD ARGS...`);
}

/** Logs what the user should know: schedulers without a unit id, single-file mounts, the secret key's keeping. */
export function logStartNotices(logger: Logger, source: PlanSource, first: Plan | undefined): void {
  if (first !== undefined && source.settings.unitId === undefined && first.processes.some((p) => p.kind === 'scheduler')) {
    logger.log({ event: 'scheduler.unit-unknown', msg: 'no --unit-id and no StatefulSet ordinal in the pod name: this replica runs the schedulers as unit 0; with several replicas, give each its --unit-id' });
  }
  for (const path of staticFileMounts([source.paths.root, source.paths.configDir, source.paths.secretsDir, source.paths.bindingsDir])) {
    logger.log({ event: 'inputs.static', path, msg: 'a single-file mount (e.g. a Kubernetes subPath): it never updates live; mount the whole folder instead' });
  }
  if (findProjectFile(source.paths) !== undefined) logStateDir(logger, source.stateDir);
  // Only root can switch users: another uid runs the rock's services as itself (supervisor/run-as.ts).
  const uid = process.getuid?.();
  if (first !== undefined && uid !== undefined && uid !== 0) {
    for (const [name, runAs] of [['app', first.runAs], ...first.processes.map((p) => [p.name, p.runAs] as const)] as const) {
      if (runAs !== undefined && runAs.uid !== uid) logger.log({ event: 'service.user-kept', process: name, user: runAs.user ?? String(runAs.uid), msg: `paas-init runs as uid ${uid}, not root: the service runs as uid ${uid}, not as its user` });
    }
  }
  const sk = source.secretKey;
  if (sk?.generated === true) logger.log(sk.unsavedReason === undefined ? { event: 'secret-key.generated', path: sk.path } : { event: 'secret-key.ephemeral', path: sk.path, error: sk.unsavedReason });
  if (first?.usesGeneratedSecretKey === true) {
    logger.log({ event: 'secret-key.not-shared', msg: `the app secret key is kept in ${sk?.path ?? 'the state dir'}; replicas that do not share it each generate their own: set app-secret-key (or app-secret-key-id) once for all` });
  }
}
