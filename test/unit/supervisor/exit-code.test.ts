import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { test } from 'node:test';
import { exitCodeOf, killedExitCode, spawnFailureCode, waitStatusExitCode } from '../../../src/supervisor/exit-code.js';

test('one exit-code rule: a code passes through, death by signal N is 128+N, from Node\'s view and from a raw wait status alike', () => {
  for (let code = 0; code < 256; code++) {
    assert.equal(exitCodeOf(code, null), code);
    assert.equal(waitStatusExitCode(code << 8), code, `wait status of exit ${code}`);
  }
  for (const [name, n] of Object.entries(constants.signals)) {
    assert.equal(exitCodeOf(null, name as NodeJS.Signals), 128 + n, name);
    assert.equal(waitStatusExitCode(n), killedExitCode(n), `wait status of ${name}`);
    assert.equal(waitStatusExitCode(n | 0x80), 128 + n, `wait status of ${name} with a core dump`);
  }
  assert.equal(exitCodeOf(null, null), 1);
  assert.deepEqual([spawnFailureCode('ENOENT'), spawnFailureCode('EACCES'), spawnFailureCode(undefined)], [127, 126, 126]);
});
