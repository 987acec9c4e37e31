import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestName } from '../../../src/plan/suggest.js';

test('a name one typo away from a declared one gets it suggested; a name far from all gets nothing', () => {
  const declared = ['api-token', 'postgresql', 'redis', 'count', 'db'];
  const cases: [string, string | undefined][] = [
    ['apitoken', 'api-token'],
    ['api_token', 'api-token'],
    ['API-TOKEN', 'api-token'],
    ['postgres', 'postgresql'],
    ['postgresq', 'postgresql'],
    ['cuont', 'count'],
    ['rediss', 'redis'],
    ['dc', 'db'],
    ['mysql', undefined],
    ['x', undefined],
    ['tokens-for-api', undefined],
  ];
  for (const [name, want] of cases) assert.equal(closestName(name, declared), want, name);
});
