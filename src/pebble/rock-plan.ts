import type { Problem } from '../errors.js';
import { combineLayers } from './combine-layers.js';
import type { Layer, RockServices } from './layer.js';
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

/** Each rock's combined services: its files are read once (they are part of the image), and every plan read (the watcher's) asks again. */
const combinedOf = new WeakMap<RockFiles, { services: RockServices; problems: readonly Problem[] }>();

/** The rock's combined services (pure); any problem in any layer leaves none, so nothing runs on a guess. */
export function rockServices(rock: RockFiles): { services: RockServices; problems: readonly Problem[] } {
  const known = combinedOf.get(rock);
  if (known !== undefined) return known;
  const combined = combine(rock);
  combinedOf.set(rock, combined);
  return combined;
}

function combine(rock: RockFiles): { services: RockServices; problems: readonly Problem[] } {
  const problems: Problem[] = [];
  const layers: Layer[] = [];
  for (const f of rock.layers) {
    const parsed = parseLayer(f.text, f.path, f.name);
    problems.push(...parsed.problems);
    if (parsed.layer !== undefined) layers.push(parsed.layer);
  }
  if (problems.length > 0) return { services: new Map(), problems };
  const combined = combineLayers(layers);
  return combined.problems.length > 0 ? { services: new Map(), problems: combined.problems } : combined;
}
