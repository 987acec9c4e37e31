import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { envOf, plan, projectYaml } from '../../helpers/snapshot.js';

const options = 'api-token:\n  type: secret\ntoken:\n  type: string';

test('each key of a secret option becomes <PREFIX>_<OPTION>_<KEY>, with no variable for the option itself', () => {
  const p = plan({ project: projectYaml('flask-framework', options), secrets: { 'api-token': { value: 'a', 'other-value': 'b' } } });
  const env = envOf(p);
  assert.equal(env.FLASK_API_TOKEN_VALUE, 'a');
  assert.equal(env.FLASK_API_TOKEN_OTHER_VALUE, 'b');
  assert.equal('FLASK_API_TOKEN' in env, false);
});

test('a secret option set to secret:<id> reads the folder named after the id', () => {
  const p = plan({ project: projectYaml('django-framework', options), config: { 'api-token': 'secret:cq1a2b3c' }, secrets: { cq1a2b3c: { value: 'v' }, 'api-token': { value: 'not-this' } } });
  assert.equal(envOf(p).DJANGO_API_TOKEN_VALUE, 'v');
  const juju = plan({ project: projectYaml('django-framework', options), sets: [['api-token', 'secret://6e8a1b2c/cq1a2b3c']], secrets: { cq1a2b3c: { value: 'w' } } });
  assert.equal(envOf(juju).DJANGO_API_TOKEN_VALUE, 'w');
});

test('secret values never appear in how a variable prints', () => {
  const p = plan({ project: projectYaml('flask-framework', options), secrets: { 'api-token': { value: 'hunter2' } } });
  const v = p.env.find((x) => x.name === 'FLASK_API_TOKEN_VALUE')!;
  assert.equal(String(v.value), '<redacted>');
  assert.equal(JSON.stringify(p).includes('hunter2'), false);
});

test('an empty secret folder, a missing referenced folder and a non-reference value are problems without the value', () => {
  const p = plan({ project: projectYaml('flask-framework', options + '\nother:\n  type: secret\nthird:\n  type: secret'), secrets: { 'api-token': {} }, config: { other: 'secret:gone', third: 'hunter2' } });
  assert.deepEqual(p.problems.map(formatProblem), [
    '/r/secrets/api-token: api-token: expected at least one key file, got an empty folder',
    '/r/secrets/gone: other: expected a folder with one file per secret key, got no such folder',
    '/r/config/third: third: expected a secret reference "secret:<id>", got a value of another kind',
  ]);
  assert.equal(JSON.stringify(p.problems).includes('hunter2'), false);
});

test('app-secret-key-id fills the secret key; setting both is an error; it must hold only "value"', () => {
  const project = projectYaml('flask-framework');
  assert.equal(envOf(plan({ project, secrets: { 'app-secret-key-id': { value: 'from-secret' } }, secretKey: 'generated' })).FLASK_SECRET_KEY, 'from-secret');
  const both = plan({ project, config: { 'app-secret-key': 'x' }, secrets: { 'app-secret-key-id': { value: 'y' } } });
  assert.deepEqual(both.problems.map(formatProblem), ['/r/config/app-secret-key: app-secret-key: expected either app-secret-key or app-secret-key-id, not both, got both set']);
  const wrongKeys = plan({ project, secrets: { 'app-secret-key-id': { key: 'y' } } });
  assert.deepEqual(wrongKeys.problems.map(formatProblem), ['/r/secrets/app-secret-key-id: app-secret-key-id: expected exactly one key named "value", got keys key']);
});

test('the generated secret key is used only when nothing set <PREFIX>SECRET_KEY', () => {
  const generated = plan({ project: projectYaml('flask-framework'), secretKey: 'gen' });
  assert.equal(envOf(generated).FLASK_SECRET_KEY, 'gen');
  assert.equal(generated.usesGeneratedSecretKey, true);
  const configured = plan({ project: projectYaml('flask-framework'), config: { 'app-secret-key': 'mine' }, secretKey: 'gen' });
  assert.equal(envOf(configured).FLASK_SECRET_KEY, 'mine');
  assert.equal(configured.usesGeneratedSecretKey, false);
  // a user option "secret-key" is named like the framework field secret_key: paas-charm drops it (CharmState.from_charm)
  const user = plan({ project: projectYaml('flask-framework', 'secret-key:\n  type: string\n  default: u'), secretKey: 'gen' });
  assert.equal(envOf(user).FLASK_SECRET_KEY, 'gen');
  // Spring Boot: app-secret-key goes to SECRET_KEY while the generated one is APP_SECRET_KEY
  const spring = envOf(plan({ project: projectYaml('spring-boot-framework'), config: { 'app-secret-key': 's' }, secretKey: 'gen' }));
  assert.equal(spring.SECRET_KEY, 's');
  assert.equal(spring.APP_SECRET_KEY, 'gen');
});
