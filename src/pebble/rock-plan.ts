import type { Problem } from '../errors.js';
import { combineChecks, type PebbleCheck } from './combine-checks.js';
import { combineLayers } from './combine-layers.js';
import { formatGoDuration } from './go-duration.js';
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

/** The rock's combined services and checks, and the names of the layers' log targets (which paas-init does not use). */
export interface RockPlan {
  readonly services: RockServices;
  readonly problems: readonly Problem[];
  readonly checks: readonly PebbleCheck[];
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
  const logTargets = [...new Set(layers.flatMap((l) => l.logTargets))];
  if (problems.length > 0) return { services: new Map(), problems, checks: [], logTargets };
  const combined = combineLayers(layers);
  if (combined.problems.length > 0) return { services: new Map(), problems: combined.problems, checks: [], logTargets };
  const checks = combineChecks(layers, combined.services, rock.users);
  return checks.problems.length > 0 ? { services: new Map(), problems: checks.problems, checks: [], logTargets } : { services: combined.services, problems: [], checks: checks.checks, logTargets };
}

/** What paas-init does with the rock's checks, and what of its layers it accepts but does not carry out, in `check`'s words. */
export function rockNotices(rock: RockPlan): string[] {
  const out = rock.checks.map(checkNotice);
  if (rock.logTargets.length > 0) out.push(`the rock's Pebble log targets (${rock.logTargets.join(', ')}) are not used by paas-init: every process's output goes to paas-init's stdout and stderr`);
  const known = new Set(rock.checks.map((c) => c.name));
  for (const s of rock.services.values()) {
    const unknown = Object.keys(s.onCheckFailure ?? {}).filter((c) => !known.has(c));
    if (unknown.length > 0) out.push(`${serviceOrigin(s)}: on-check-failure names ${unknown.map((c) => `"${c}"`).join(', ')}, which no layer defines: never acted on (as in Pebble)`);
  }
  return out;
}

/** `check "up" (layer 001-x.yaml, level alive): exec /bin/check every 10s, timeout 3s, down after 3 failures in a row: restart service flask`. */
function checkNotice(c: PebbleCheck): string {
  const level = c.level === undefined ? '' : `, level ${c.level}`;
  const head = `check "${c.name}" (${c.layers.length === 1 ? 'layer' : 'layers'} ${c.layers.join(', ')}${level})`;
  if (c.startup === 'disabled') return `${head}: not run (startup: disabled; Pebble starts it only when asked)`;
  const what = c.spec.kind === 'http' ? `http ${c.spec.url}` : c.spec.kind === 'tcp' ? `tcp ${c.spec.host}:${c.spec.port}` : `exec ${c.spec.argv.join(' ')}`;
  const then = c.actions.length === 0 ? 'no service acts on it (reported in /status and /metrics only)' : c.actions.map((a) => `${a.action} (service ${a.service})`).join(', ');
  return `${head}: ${what} every ${formatGoDuration(c.periodMs)}, timeout ${formatGoDuration(c.timeoutMs)}, down after ${c.threshold} failure${c.threshold === 1 ? '' : 's'} in a row: ${then}`;
}
