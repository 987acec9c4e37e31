import type { Problem } from '../errors.js';
import { commandArgv, isCommandFault, parseServiceCommand } from '../pebble/command.js';
import { policyOf, serviceOrigin, type PlanService, type RockServices, type ServicePolicy } from '../pebble/layer.js';
import { startOrder } from '../pebble/combine-layers.js';
import { resolveRunAs, type RunAs, type UserDbText } from '../pebble/user-db.js';

/**
 * A process that runs next to the app: a Procfile line, a `--process`, or another service of
 * the rock's Pebble layers. Named `*-worker` and `*-scheduler` ones get the app's environment,
 * as paas-charm gives it to those Pebble services; the rock's other services only their own.
 */
export interface ExtraProcess {
  readonly name: string;
  readonly kind: 'worker' | 'scheduler' | 'service';
  /** Procfile lines run through `sh -c 'exec …'` (shell commands); a rock service's words run as they are */
  readonly argv: readonly string[];
  /** workers run on every replica; schedulers only on unit 0 */
  readonly enabled: boolean;
  readonly from: string;
  /** the process gets the app's mapped environment (workers and schedulers) */
  readonly appEnv: boolean;
  /** started with the app rather than after its migration: a rock service the app is ordered after */
  readonly beforeApp: boolean;
  /** a rock service's own environment (under the app's, for workers and schedulers) */
  readonly env?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly runAs?: RunAs;
  /** a rock service's on-success, on-failure, backoff and kill-delay, as its layers set them */
  readonly policy?: ServicePolicy;
}

/** The rock's services other than the app, and who runs them. */
export interface RockProcessInputs {
  readonly services: RockServices;
  readonly app: PlanService | undefined;
  readonly users: UserDbText;
  /** the app service's user: Procfile and `--process` workers run as it, as the app's helpers */
  readonly appRunAs?: RunAs;
}

/**
 * Extra processes: the rock's enabled services in Pebble's start order, then the Procfile and
 * `--process NAME=CMD` (the later wins for the same name). Procfile entries and flags run only
 * when named `-worker` or `-scheduler`, as in paas-charm; other Procfile entries (e.g. `web`,
 * `release`) are left alone.
 */
export function extraProcesses(procfile: { path: string; text: string } | undefined, flags: readonly (readonly [string, string])[], unitId: number | undefined, problems: Problem[], rock?: RockProcessInputs): readonly ExtraProcess[] {
  const byName = new Map<string, ExtraProcess>();
  // With no unit number known (a lone `docker run`), this replica counts as unit 0.
  const unitZero = unitId === undefined || unitId === 0;
  for (const p of rock === undefined ? [] : rockProcesses(rock, unitZero, problems)) byName.set(p.name, p);
  const declared = new Map<string, { command: string; from: string }>();
  if (procfile !== undefined) {
    procfile.text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line);
      if (m === null) {
        problems.push({ file: procfile.path, key: `line ${i + 1}`, expected: 'a line like "name: command"', found: 'something else' });
        return;
      }
      declared.set(m[1]!, { command: m[2]!, from: procfile.path });
    });
  }
  for (const [name, command] of flags) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      problems.push({ file: '--process', key: name, expected: 'a name of letters, digits, "-" and "_"', found: 'other characters' });
      continue;
    }
    declared.set(name, { command, from: '--process' });
  }
  for (const [name, { command, from }] of declared) {
    const kind = kindOf(name);
    if (kind === 'service') continue;
    const runAs = rock?.appRunAs;
    byName.set(name, { name, kind, argv: ['/bin/sh', '-c', `exec ${command}`], enabled: kind === 'worker' || unitZero, from, appEnv: true, beforeApp: false, ...(runAs === undefined ? {} : { runAs }) });
  }
  return [...byName.values()];
}

function kindOf(name: string): ExtraProcess['kind'] {
  const n = name.toLowerCase();
  return n.endsWith('-worker') ? 'worker' : n.endsWith('-scheduler') ? 'scheduler' : 'service';
}

/** The rock's services with `startup: enabled` other than the app, as paas-charm's layer leaves them. */
function rockProcesses(rock: RockProcessInputs, unitZero: boolean, problems: Problem[]): ExtraProcess[] {
  const enabled = [...rock.services.values()].filter((s) => s.startup === 'enabled' || s === rock.app).map((s) => s.name);
  const order = startOrder(rock.services, enabled).order;
  const appIndex = rock.app === undefined ? -1 : order.indexOf(rock.app.name);
  const out: ExtraProcess[] = [];
  order.forEach((name, i) => {
    const s = rock.services.get(name);
    if (s === undefined || s === rock.app || s.command === undefined) return;
    const c = parseServiceCommand(s.command);
    if (isCommandFault(c)) return; // reported by the layer parser
    const kind = kindOf(name);
    const runAs = resolveRunAs(s, rock.users, s.file, problems);
    const policy = policyOf(s);
    out.push({
      name, kind, argv: commandArgv(c), from: serviceOrigin(s),
      // paas-charm disables a scheduler on every unit but 0.
      enabled: kind !== 'scheduler' || unitZero,
      appEnv: kind !== 'service',
      beforeApp: kind === 'service' && appIndex >= 0 && i < appIndex,
      ...(s.environment === undefined ? {} : { env: s.environment }),
      ...(s.workingDir === undefined ? {} : { workingDir: s.workingDir }),
      ...(runAs === undefined ? {} : { runAs }),
      ...(Object.keys(policy).length === 0 ? {} : { policy }),
    });
  });
  return out;
}
