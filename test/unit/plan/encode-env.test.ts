import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEnv, parseConfigText, pythonFloatRepr } from '../../../src/plan/encode-env.js';

// Expected values are what Python's json.dumps / repr print for the same floats.
const floats: [number, string][] = [
  [1, '1.0'], [1.5, '1.5'], [-2.5, '-2.5'], [0.1, '0.1'], [100, '100.0'], [0.0001, '0.0001'], [0.00001, '1e-05'],
  [1e15, '1000000000000000.0'], [1e16, '1e+16'], [1.5e16, '1.5e+16'], [123456789.123, '123456789.123'],
  [1e22, '1e+22'], [5e-324, '5e-324'], [0, '0.0'], [-0, '-0.0'], [1.7976931348623157e308, '1.7976931348623157e+308'],
  [0.000123, '0.000123'], [12345678901234567, '1.2345678901234568e+16'],
];

test('floats render as Python repr, keeping the .0 and its exponent style', () => {
  for (const [x, expected] of floats) assert.equal(pythonFloatRepr(x), expected, `float ${x}`);
});

test('booleans render as JSON true/false, ints keep every digit, strings pass through', () => {
  assert.equal(encodeEnv(true), 'true');
  assert.equal(encodeEnv(false), 'false');
  assert.equal(encodeEnv(12345678901234567890n), '12345678901234567890');
  assert.equal(encodeEnv(' a string with spaces '), ' a string with spaces ');
});

test('text from files is read as the option type, or rejected', () => {
  const cases: [Parameters<typeof parseConfigText>[0], string, unknown][] = [
    ['int', '42', 42n], ['int', ' -7\n', -7n], ['int', 'abc', undefined], ['int', '1.5', undefined], ['int', '', undefined],
    ['float', '1', 1], ['float', '2.50', 2.5], ['float', '1e3', 1000], ['float', 'nan', undefined], ['float', 'inf', undefined], ['float', '1e999', undefined],
    ['boolean', 'true', true], ['boolean', 'False', false], ['boolean', 'yes', undefined],
    ['string', '', ''], ['string', ' x ', ' x '],
  ];
  for (const [type, text, expected] of cases) assert.deepEqual(parseConfigText(type, text), expected, `${type} ${JSON.stringify(text)}`);
});
