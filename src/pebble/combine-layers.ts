// Layers combined in file-name order with Pebble's rules (plan.go CombineLayers, Service.Merge):
// `override: replace` puts a new definition in place of the earlier one; `merge` sets each field
// the later layer sets, appends its after/before/requires and merges its environment and its
// on-check-failure map (one check's action replaced, the others kept). The
// combined plan is then checked as Plan.Validate checks it, and more strictly where paas-init
// would otherwise guess: an `after`/`before` naming no service is an error (Pebble skips it).
import type { Problem } from '../errors.js';
import type { Layer, LayerService, PlanService, RockServices } from './layer.js';
import { definedOnly } from './yaml-values.js';

/** Combines the layers (pure) and checks the result; any problem means the rock's plan is not usable. */
export function combineLayers(layers: readonly Layer[]): { services: RockServices; problems: Problem[] } {
  const combined = new Map<string, PlanService>();
  for (const layer of layers) {
    for (const s of layer.services) {
      const old = combined.get(s.name);
      combined.set(s.name, old === undefined || s.override === 'replace' ? { ...s, layers: [layer.name], file: layer.path } : mergeService(old, s, layer));
    }
  }
  const problems: Problem[] = [];
  for (const s of combined.values()) {
    const file = s.file;
    if (s.command === undefined) problems.push({ file, key: `services.${s.name}.command`, expected: 'a command (in this layer or an earlier one)', found: 'nothing', consequence: 'the app will not start' });
    for (const key of ['after', 'before', 'requires'] as const) {
      for (const other of s[key] ?? []) {
        if (!combined.has(other)) problems.push({ file, key: `services.${s.name}.${key}`, expected: 'names of services defined in the layers', found: `"${other}", which no layer defines` });
      }
    }
  }
  if (problems.length === 0) {
    const loop = startOrder(combined).loop;
    if (loop.length > 0) problems.push({ file: layers.at(-1)?.path ?? '', key: 'services', expected: 'services ordered by after/before without a loop', found: `a loop among ${loop.join(', ')}` });
  }
  return { services: combined, problems };
}

function mergeService(old: PlanService, s: LayerService, layer: Layer): PlanService {
  const { name: _name, override, after, before, requires, environment, onCheckFailure, ...scalars } = s;
  return {
    ...old,
    ...definedOnly(scalars),
    ...(override === undefined ? {} : { override }),
    ...joined('after', old.after, after),
    ...joined('before', old.before, before),
    ...joined('requires', old.requires, requires),
    ...(environment === undefined ? {} : { environment: { ...old.environment, ...environment } }),
    ...(onCheckFailure === undefined ? {} : { onCheckFailure: { ...old.onCheckFailure, ...onCheckFailure } }),
    layers: [...old.layers, layer.name],
    file: layer.path,
  };
}

function joined<K extends string>(key: K, a: readonly string[] | undefined, b: readonly string[] | undefined): { [P in K]?: readonly string[] } {
  return (a === undefined && b === undefined ? {} : { [key]: [...(a ?? []), ...(b ?? [])] }) as unknown as { [P in K]?: readonly string[] };
}

/**
 * The services in the order Pebble starts them: each after those it names in `after` and those
 * that name it in `before`; otherwise by name, so the order never depends on file layout.
 * `loop` lists the services caught in a before/after loop (then `order` leaves them out).
 */
export function startOrder(services: RockServices, names?: readonly string[]): { order: string[]; loop: string[] } {
  const chosen = new Set(names ?? services.keys());
  const preds = new Map<string, Set<string>>([...chosen].map((n) => [n, new Set<string>()]));
  for (const n of chosen) {
    const s = services.get(n);
    for (const a of s?.after ?? []) if (chosen.has(a)) preds.get(n)?.add(a);
    for (const b of s?.before ?? []) if (chosen.has(b)) preds.get(b)?.add(n);
  }
  const order: string[] = [];
  const left = new Set(chosen);
  for (;;) {
    const ready = [...left].filter((n) => [...(preds.get(n) ?? [])].every((p) => !left.has(p))).sort();
    if (ready.length === 0) break;
    const next = ready[0]!;
    order.push(next);
    left.delete(next);
  }
  return { order, loop: [...left].sort() };
}
