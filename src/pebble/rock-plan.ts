import type { Problem } from '../errors.js';
import { combineLayers } from './combine-layers.js';
import { serviceOrigin, type Layer, type RockServices } from './layer.js';
import { parseLayer } from './parse-layer.js';
import type { UserDbText } from './user-db.js';

/** One layer file as read from the image (the reader lists them in Pebble's order). */
export interface LayerFile {
  readonly path: string;
  /** the file's name, or `<dir>.d/<file>` for a layer in a sub-folder */
  readonly name: string;
  readonly text: string;
}

/** What the reader found of a rock: its layer files in order, and its user database. */
export interface RockFiles {
  readonly layersDir: string;
  readonly layers: readonly LayerFile[];
  readonly users: UserDbText;
}

/** The rock's combined services, and the names of the layers' checks and log targets (which paas-init does not run). */
export interface RockPlan {
  readonly services: RockServices;
  readonly problems: readonly Problem[];
  readonly checks: readonly string[];
  readonly logTargets: readonly string[];
}

/** Each rock's combined services: its files are read once (they are part of the image), and every plan read (the watcher's) asks again. */
const combinedOf = new WeakMap<RockFiles, RockPlan>();

/** The rock's combined services (pure); any problem in any layer leaves none, so nothing runs on a guess. */
export function rockServices(rock: RockFiles): RockPlan {
  const known = combinedOf.get(rock);
  if (known !== undefined) return known;
  const combined = combine(rock);
  combinedOf.set(rock, combined);
  return combined;
}

function combine(rock: RockFiles): RockPlan {
  const problems: Problem[] = [];
  const layers: Layer[] = [];
  for (const f of rock.layers) {
    const parsed = parseLayer(f.text, f.path, f.name);
    problems.push(...parsed.problems);
    if (parsed.layer !== undefined) layers.push(parsed.layer);
  }
  const checks = [...new Set(layers.flatMap((l) => l.checks))];
  const logTargets = [...new Set(layers.flatMap((l) => l.logTargets))];
  if (problems.length > 0) return { services: new Map(), problems, checks, logTargets };
  const combined = combineLayers(layers);
  return { services: combined.problems.length > 0 ? new Map() : combined.services, problems: combined.problems, checks, logTargets };
}

/** What of the rock's layers paas-init accepts but does not carry out, in `check`'s words. */
export function notRunNotices(rock: RockPlan): string[] {
  const out: string[] = [];
  if (rock.checks.length > 0) out.push(`the rock's Pebble checks (${rock.checks.join(', ')}) are not run by paas-init: its own health checks apply (--check-http, --check-tcp, --check-exec)`);
  if (rock.logTargets.length > 0) out.push(`the rock's Pebble log targets (${rock.logTargets.join(', ')}) are not used by paas-init: every process's output goes to paas-init's stdout and stderr`);
  for (const s of rock.services.values()) {
    const actions = Object.entries(s.onCheckFailure ?? {}).map(([check, action]) => `${check}: ${action}`);
    if (actions.length > 0) out.push(`${serviceOrigin(s)}: on-check-failure (${actions.join(', ')}) is not acted on, as paas-init does not run the rock's checks`);
  }
  return out;
}
