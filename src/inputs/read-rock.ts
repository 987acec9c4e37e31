// Reads a rock's Pebble layers as Pebble's ReadLayersDir finds them: `NNN-label.yaml` files in
// name order, and `NNN-label.d/` folders of such files one level down; other names are left
// alone, as Pebble leaves them. Also reads the image's user database for services' user/group.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../errors.js';
import type { LayerFile, RockFiles } from '../pebble/rock-plan.js';
import type { UserDbText } from '../pebble/user-db.js';
import type { InputPaths } from './input-paths.js';
import { errCode } from './read-mount.js';

/** Pebble's layer file and folder names (plan.go configEntryRegexp). */
const layerName = /^([0-9]{3})-([a-z](?:-?[a-z0-9]){2,})(\.yaml|\.d)$/;

/** The rock's layers, or undefined when the image has none (a `--pebble-layers` that cannot be read is a problem). */
export function readRock(paths: InputPaths, problems: Problem[]): RockFiles | undefined {
  const { dir, given } = paths.pebbleLayers;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    if (given) problems.push({ file: dir, key: '--pebble-layers', expected: 'a folder of Pebble layers', found: errCode(e) });
    return undefined;
  }
  const layers: LayerFile[] = [];
  for (const name of names) {
    if (!name.endsWith('.yaml') && !name.endsWith('.d')) continue;
    const path = join(dir, name);
    if (!layerName.test(name)) {
      problems.push({ file: path, expected: 'a layer name like "001-some-label.yaml" or "002-some-label.d"', found: JSON.stringify(name) });
      continue;
    }
    if (!isDir(path)) {
      readLayer(path, name, layers, problems);
      continue;
    }
    for (const inner of safeList(path, problems)) {
      if (!inner.endsWith('.yaml')) continue;
      if (!layerName.test(inner) || isDir(join(path, inner))) problems.push({ file: join(path, inner), expected: 'a layer file name like "001-some-label.yaml"', found: JSON.stringify(inner) });
      else readLayer(join(path, inner), `${name}/${inner}`, layers, problems);
    }
  }
  if (layers.length === 0) return undefined;
  return { layersDir: dir, layers, users: readUserDb() };
}

function readLayer(path: string, name: string, layers: LayerFile[], problems: Problem[]): void {
  try {
    layers.push({ path, name, text: readFileSync(path, 'utf8') });
  } catch (e) {
    problems.push({ file: path, expected: 'a readable layer file', found: errCode(e) });
  }
}

function safeList(dir: string, problems: Problem[]): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (e) {
    problems.push({ file: dir, expected: 'a readable folder of layers', found: errCode(e) });
    return [];
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The image's /etc/passwd and /etc/group (a missing one resolves no names). */
function readUserDb(): UserDbText {
  const read = (path: string): { path: string; text: string } | undefined => {
    try {
      return { path, text: readFileSync(path, 'utf8') };
    } catch {
      return undefined;
    }
  };
  const passwd = read('/etc/passwd');
  const group = read('/etc/group');
  return { ...(passwd === undefined ? {} : { passwd }), ...(group === undefined ? {} : { group }) };
}
