// Runs last: no secret value the suite used appears in anything paas-init printed during the run
// (its logs, check, status, migrate, action and error output), as recorded by the test helpers.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { outputRecord, suiteSecrets } from '../helpers/output-record.js';

test('no secret value appears in any paas-init output recorded during the suite', { skip: existsSync(outputRecord) ? false : 'no paas-init output was recorded (run the whole suite)' }, () => {
  const text = readFileSync(outputRecord, 'utf8');
  assert.ok(text.length > 10_000, 'the record holds the suite\'s output');
  for (const secret of suiteSecrets) {
    const at = text.indexOf(secret);
    assert.equal(at, -1, `secret value found in paas-init output near: ${text.slice(Math.max(0, text.lastIndexOf('====', at)), at).split('\n')[0]}`);
  }
});
