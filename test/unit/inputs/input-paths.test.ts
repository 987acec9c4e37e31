import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveInputPaths } from '../../../src/inputs/input-paths.js';

test('state dir candidates: --state-dir, $PAAS_INIT_STATE_DIR, then the defaults any uid may find usable, without repeats', () => {
  const p = resolveInputPaths({ stateDir: 'state' }, { PAAS_INIT_STATE_DIR: '/srv/state', TMPDIR: '/run/tmp' }, '/work');
  assert.deepEqual(p.stateDirs, [
    { dir: '/work/state', from: '--state-dir' },
    { dir: '/srv/state', from: '$PAAS_INIT_STATE_DIR' },
    { dir: '/var/lib/paas-init', from: 'the default' },
    { dir: '/app-data/paas-init', from: 'the rock\'s writable /app-data' },
    { dir: '/run/tmp/paas-init', from: '$TMPDIR' },
    { dir: '/tmp/paas-init', from: '/tmp' },
  ]);
  assert.equal(p.stateDir, '/work/state');
  const bare = resolveInputPaths({}, { TMPDIR: '/tmp' }, '/');
  assert.deepEqual(bare.stateDirs.map((c) => c.dir), ['/var/lib/paas-init', '/app-data/paas-init', '/tmp/paas-init']);
});

test('Pebble layers: --pebble-layers, else $PEBBLE/layers, else Pebble\'s default; the app dir is marked given only by --app-dir', () => {
  assert.deepEqual(resolveInputPaths({ pebbleLayers: 'l' }, { PEBBLE: '/p' }, '/w').pebbleLayers, { dir: '/w/l', given: true });
  assert.deepEqual(resolveInputPaths({}, { PEBBLE: '/p' }, '/w').pebbleLayers, { dir: '/p/layers', given: false });
  assert.deepEqual(resolveInputPaths({}, {}, '/').pebbleLayers, { dir: '/var/lib/pebble/default/layers', given: false });
  assert.deepEqual([resolveInputPaths({}, {}, '/').appDirGiven, resolveInputPaths({ appDir: '/' }, {}, '/').appDirGiven], [false, true]);
});
