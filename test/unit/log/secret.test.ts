import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { formatEvent } from '../../../src/log/logger.js';
import { scrubber } from '../../../src/log/scrub.js';
import { displayValue, revealValue, Secret } from '../../../src/log/secret.js';

test('a Secret prints as <redacted> every way Node turns a value into text; only reveal gives the value', () => {
  const s = new Secret('hunter2-secret');
  const texts = [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: [s] }), displayValue(s)];
  for (const t of texts) assert.doesNotMatch(t, /hunter2/, t);
  assert.deepEqual(texts, ['<redacted>', '<redacted>', '{"s":"<redacted>"}', '<redacted>', '{ nested: [ <redacted> ] }', '<redacted>']);
  assert.equal(s.reveal(), 'hunter2-secret');
  assert.equal(revealValue(s), 'hunter2-secret');
  assert.equal(revealValue('plain'), 'plain');
  assert.equal(displayValue('plain'), 'plain');
});

test('secrets compare by value without revealing it', () => {
  assert.equal(new Secret('a').equals(new Secret('a')), true);
  assert.equal(new Secret('a').equals(new Secret('b')), false);
});

test('a log line of an event holding a Secret shows <redacted>, in text and in JSON', () => {
  const event = { event: 'internal.error', msg: `bad ${new Secret('hunter2-secret')}` } as const;
  const now = new Date(0);
  assert.equal(formatEvent(event, 'error', now, 'text'), 'paas-init ts=1970-01-01T00:00:00.000Z level=error event=internal.error msg="bad <redacted>"');
  assert.equal(formatEvent(event, 'error', now, 'json'), '{"ts":"1970-01-01T00:00:00.000Z","level":"error","source":"paas-init","event":"internal.error","msg":"bad <redacted>"}');
});

test('the scrubber replaces every secret value in a foreign message, longest first; short values and plain strings are left', () => {
  const scrub = scrubber([new Secret('pass'), new Secret('password1'), 'not-secret', new Secret('ab')]);
  assert.equal(scrub('auth failed for password1 (pass) with ab and not-secret'), 'auth failed for <redacted> (<redacted>) with ab and not-secret');
  assert.equal(scrubber([])('nothing to hide'), 'nothing to hide');
});
