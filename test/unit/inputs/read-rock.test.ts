import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatProblem, type Problem } from '../../../src/errors.js';
import { resolveInputPaths } from '../../../src/inputs/input-paths.js';
import { readRock } from '../../../src/inputs/read-rock.js';
import { tempDir } from '../../helpers/binary.js';

test('layers are read as Pebble lists them: NNN-label.yaml in name order, NNN-label.d/ one level down, other names left alone', () => {
  const t = tempDir();
  try {
    const dir = join(t.path, 'layers');
    mkdirSync(join(dir, '002-more.d'), { recursive: true });
    writeFileSync(join(dir, '003-last.yaml'), 'summary: c\n');
    writeFileSync(join(dir, '001-rockcraft-x.yaml'), 'summary: a\n');
    writeFileSync(join(dir, '002-more.d', '001-inner.yaml'), 'summary: b\n');
    writeFileSync(join(dir, 'README.md'), 'not a layer');
    writeFileSync(join(dir, 'Bad_Name.yaml'), 'summary: x\n');
    const problems: Problem[] = [];
    const rock = readRock(resolveInputPaths({ pebbleLayers: dir }, {}, '/'), problems);
    assert.deepEqual(rock?.layers.map((l) => [l.name, l.text]), [['001-rockcraft-x.yaml', 'summary: a\n'], ['002-more.d/001-inner.yaml', 'summary: b\n'], ['003-last.yaml', 'summary: c\n']]);
    assert.deepEqual(problems.map(formatProblem), [`${join(dir, 'Bad_Name.yaml')}: expected a layer name like "001-some-label.yaml" or "002-some-label.d", got "Bad_Name.yaml"`]);
  } finally {
    t.cleanup();
  }
});

test('no layers folder is no rock; a --pebble-layers that cannot be read is a problem', () => {
  const problems: Problem[] = [];
  assert.equal(readRock(resolveInputPaths({}, { PEBBLE: '/nonexistent-pebble' }, '/'), problems), undefined);
  assert.deepEqual(problems, []);
  assert.equal(readRock(resolveInputPaths({ pebbleLayers: '/nonexistent-layers' }, {}, '/'), problems), undefined);
  assert.deepEqual(problems.map(formatProblem), ['/nonexistent-layers: --pebble-layers: expected a folder of Pebble layers, got ENOENT']);
});
