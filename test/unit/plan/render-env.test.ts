import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../../src/log/secret.js';
import type { Plan } from '../../../src/plan/plan.js';
import { dotenvQuote, isShellName, renderEnv, uncarriedNames } from '../../../src/plan/render-env.js';

const plan = {
  env: [
    { name: 'FLASK_TOKEN', value: 'a`b\'c', source: { kind: 'default' } },
    { name: 'FLASK_API_TOKEN_TLS.CRT', value: new Secret('crt'), source: { kind: 'default' } },
    { name: 'spring.datasource.url', value: 'jdbc:x', source: { kind: 'default' } },
  ],
} as unknown as Plan;

test('shell variable names are POSIX names; dotted and dashed ones are not', () => {
  const cases: [string, boolean][] = [['FLASK_TOKEN', true], ['_x1', true], ['A.B', false], ['spring.datasource.url', false], ['1A', false], ['A-B', false], ['', false]];
  for (const [name, want] of cases) assert.equal(isShellName(name), want, name);
});

test('dotenv and shell output leave out names sh cannot hold; json keeps every name', () => {
  assert.deepEqual(uncarriedNames(plan, 'shell'), ['FLASK_API_TOKEN_TLS.CRT', 'spring.datasource.url']);
  assert.deepEqual(uncarriedNames(plan, 'json'), []);
  assert.equal(renderEnv(plan, 'shell'), "export FLASK_TOKEN='a`b'\\''c'\n");
  assert.equal(renderEnv(plan, 'dotenv'), 'FLASK_TOKEN="a\\`b\'c"\n');
  assert.deepEqual(Object.keys(JSON.parse(renderEnv(plan, 'json')) as object), ['FLASK_TOKEN', 'FLASK_API_TOKEN_TLS.CRT', 'spring.datasource.url']);
});

test('dotenv quoting: bare when safe, single quotes when possible, else double quotes escaping what sh would expand', () => {
  const cases: [string, string][] = [
    ['plain-1.2', 'plain-1.2'],
    ['two words', "'two words'"],
    ['$HOME `id`', "'$HOME `id`'"],
    ["it's $HOME `id`", '"it\'s \\$HOME \\`id\\`"'],
    ['a\nb', '"a\\nb"'],
  ];
  for (const [value, want] of cases) assert.equal(dotenvQuote(value), want, JSON.stringify(value));
});
