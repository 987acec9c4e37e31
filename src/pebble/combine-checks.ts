// The layers' checks combined as Pebble combines them (plan.go CombineLayers, Check.Merge):
// `replace` puts the new definition in place, `merge` sets each field the later layer sets and
// merges http headers and exec environment key by key. The result is checked as Plan.Validate
// checks it (exactly one of http, tcp, exec; its url, port or command set; a service-context
// naming a service) and given Pebble's defaults (period 10s, timeout 3s but never over the
// period, threshold 3). Each check carries what its going down does: the services whose
// on-check-failure names it, and their actions.
import { split } from 'shlex';
import type { Problem } from '../errors.js';
import type { CheckSpec } from './probe.js';
import type { ExecCheckFields, Layer, LayerCheck, PlanService, RockServices, ServiceAction } from './layer.js';
import { resolveRunAs, type UserDbText } from './user-db.js';
import { definedOnly } from './yaml-values.js';

/** A check of the combined plan, ready to run. */
export interface PebbleCheck {
  readonly name: string;
  readonly level: 'alive' | 'ready' | undefined;
  /** `disabled`: Pebble starts it only when asked to (`pebble start-checks`), so paas-init does not run it */
  readonly startup: 'enabled' | 'disabled';
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly threshold: number;
  readonly spec: CheckSpec;
  /** the services whose on-check-failure names this check, with their action */
  readonly actions: readonly { readonly service: string; readonly action: ServiceAction }[];
  /** the layer files that defined or merged into it, in order */
  readonly layers: readonly string[];
  readonly file: string;
}

const defaults = { periodMs: 10_000, timeoutMs: 3000, threshold: 3 };

/** Combines the checks of `layers` (pure) and checks them against the combined services. */
export function combineChecks(layers: readonly Layer[], services: RockServices, users: UserDbText): { checks: PebbleCheck[]; problems: Problem[] } {
  const combined = new Map<string, { c: LayerCheck; layers: string[]; file: string }>();
  for (const layer of layers) {
    for (const c of layer.checks) {
      const old = combined.get(c.name);
      combined.set(c.name, old === undefined || c.override === 'replace' ? { c, layers: [layer.name], file: layer.path } : { c: mergeCheck(old.c, c), layers: [...old.layers, layer.name], file: layer.path });
    }
  }
  const problems: Problem[] = [];
  const checks: PebbleCheck[] = [];
  for (const { c, layers: from, file } of [...combined.values()].sort((a, b) => a.c.name.localeCompare(b.c.name))) {
    const spec = checkSpec(c, file, services, users, problems);
    if (spec === undefined) continue;
    const periodMs = c.periodMs ?? defaults.periodMs;
    checks.push({
      name: c.name, level: c.level, startup: c.startup ?? 'enabled', periodMs,
      timeoutMs: Math.min(c.timeoutMs ?? defaults.timeoutMs, periodMs),
      threshold: c.threshold ?? defaults.threshold,
      spec,
      actions: [...services.values()].flatMap((s) => (s.onCheckFailure?.[c.name] === undefined ? [] : [{ service: s.name, action: s.onCheckFailure[c.name]! }])),
      layers: from, file,
    });
  }
  return { checks, problems };
}

function mergeCheck(old: LayerCheck, c: LayerCheck): LayerCheck {
  const { http, tcp, exec, ...scalars } = c;
  return {
    ...old,
    ...definedOnly(scalars),
    ...(http === undefined ? {} : { http: { ...old.http, ...http, ...mergedMap('headers', old.http?.headers, http.headers) } }),
    ...(tcp === undefined ? {} : { tcp: { ...old.tcp, ...tcp } }),
    ...(exec === undefined ? {} : { exec: { ...old.exec, ...exec, ...mergedMap('environment', old.exec?.environment, exec.environment) } }),
  };
}

function mergedMap<K extends string>(key: K, a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): { [P in K]?: Readonly<Record<string, string>> } {
  return (a === undefined && b === undefined ? {} : { [key]: { ...a, ...b } }) as { [P in K]?: Readonly<Record<string, string>> };
}

/** What the check runs, or undefined (with a problem) when the combined check is not complete. */
function checkSpec(c: LayerCheck, file: string, services: RockServices, users: UserDbText, problems: Problem[]): CheckSpec | undefined {
  const at = `checks.${c.name}`;
  const kinds = (['http', 'tcp', 'exec'] as const).filter((k) => c[k] !== undefined);
  if (kinds.length !== 1) {
    problems.push({ file, key: at, expected: 'exactly one of http, tcp, exec (in this layer or an earlier one)', found: kinds.length === 0 ? 'none' : kinds.join(' and '), consequence: 'the app will not start' });
    return undefined;
  }
  const missing = (key: string, what: string): undefined => {
    problems.push({ file, key: `${at}.${key}`, expected: `${what} (in this layer or an earlier one)`, found: 'nothing', consequence: 'the app will not start' });
    return undefined;
  };
  if (c.http !== undefined) {
    if (c.http.url === undefined) return missing('http.url', 'a URL');
    if (!URL.canParse(c.http.url)) {
      problems.push({ file, key: `${at}.http.url`, expected: 'an http or https URL', found: JSON.stringify(c.http.url), consequence: 'the app will not start' });
      return undefined;
    }
    return { kind: 'http', url: c.http.url, ...(c.http.headers === undefined ? {} : { headers: c.http.headers }) };
  }
  if (c.tcp !== undefined) return c.tcp.port === undefined ? missing('tcp.port', 'a port') : { kind: 'tcp', host: c.tcp.host ?? 'localhost', port: c.tcp.port };
  const e = c.exec!;
  if (e.command === undefined) return missing('exec.command', 'a command');
  return execSpec(c.name, e, e.command, file, services, users, problems);
}

/** An exec check runs with its service-context's environment, folder and user under its own (as Pebble's exec checker does). */
function execSpec(name: string, e: ExecCheckFields, command: string, file: string, services: RockServices, users: UserDbText, problems: Problem[]): CheckSpec | undefined {
  const at = `checks.${name}.exec`;
  const context: PlanService | undefined = e.serviceContext === undefined ? undefined : services.get(e.serviceContext);
  if (e.serviceContext !== undefined && context === undefined) {
    problems.push({ file, key: `${at}.service-context`, expected: 'the name of a service defined in the layers', found: `"${e.serviceContext}", which no layer defines`, consequence: 'the app will not start' });
    return undefined;
  }
  const who = e.user !== undefined || e.userId !== undefined || e.group !== undefined || e.groupId !== undefined
    ? { user: e.user, userId: e.userId, group: e.group, groupId: e.groupId } : context;
  const own: Problem[] = [];
  const runAs = who === undefined ? undefined : resolveRunAs({ name, layers: [], file, ...definedOnly(who) }, users, file, own);
  // resolveRunAs speaks of services; here the fields are the check's (or its context's).
  const owner = who === context ? `services.${context?.name ?? name}` : at;
  problems.push(...own.map((p) => (p.key === undefined ? p : { ...p, key: p.key.replace(`services.${name}`, owner) })));
  if (own.length > 0) return undefined;
  const env = { ...context?.environment, ...e.environment };
  const cwd = e.workingDir ?? context?.workingDir;
  return { kind: 'exec', argv: split(command), ...(Object.keys(env).length === 0 ? {} : { env }), ...(cwd === undefined ? {} : { cwd }), ...(runAs === undefined ? {} : { runAs }) };
}
