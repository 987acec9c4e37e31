import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { startOrder } from '../../../src/pebble/combine-layers.js';
import type { PlanService } from '../../../src/pebble/layer.js';
import { chooseAppDir } from '../../../src/pebble/rock-layout.js';

const service = (name: string, more: Partial<PlanService> = {}): PlanService => ({ name, command: name, layers: ['001-rockcraft-x.yaml'], file: '/l/001-rockcraft-x.yaml', ...more });

const appDirCases: { summary: string; facts: Parameters<typeof chooseAppDir>[0]; dir: string; from?: string; error?: string }[] = [
  { summary: '--app-dir wins over everything', facts: { explicit: '/srv/app', cwd: '/', service: service('flask', { workingDir: '/x' }), existing: new Set(['/flask/app']) }, dir: '/srv/app', from: '--app-dir' },
  { summary: 'a working directory other than / is the app dir', facts: { cwd: '/work', existing: new Set(['/app']) }, dir: '/work', from: 'the working directory' },
  { summary: 'in /, the framework service\'s working-dir', facts: { cwd: '/', service: service('fastapi', { workingDir: '/app' }), existing: new Set() }, dir: '/app', from: 'layer 001-rockcraft-x.yaml, service fastapi, working-dir' },
  { summary: 'a Flask rock (no working-dir) has its app in /flask/app', facts: { cwd: '/', service: service('flask'), existing: new Set(['/flask/app', '/app']) }, dir: '/flask/app', from: 'the rock layout (/flask/app)' },
  { summary: 'a Flask rock of paas-charm 2 has its app in /app', facts: { cwd: '/', service: service('flask'), existing: new Set(['/app']) }, dir: '/app', from: 'the rock layout (/app)' },
  { summary: 'a Django rock has its app in /django/app', facts: { cwd: '/', framework: 'django', existing: new Set(['/django/app']) }, dir: '/django/app', from: 'the rock layout (/django/app)' },
  {
    summary: 'with nothing found, the error says what was looked for',
    facts: { cwd: '/', service: service('flask'), existing: new Set() },
    dir: '/',
    error: '--app-dir: expected an app folder: --app-dir, a working directory other than /, the working-dir of Pebble service "flask", or one of /flask/app, /app, got none of them (the working directory is /); the app will not start',
  },
  {
    summary: 'without a rock or a framework, every rock layout folder is looked for',
    facts: { cwd: '/', existing: new Set() },
    dir: '/',
    error: '--app-dir: expected an app folder: --app-dir, a working directory other than /, the working-dir of a Pebble service named after the framework, or one of /flask/app, /app, /django/app, got none of them (the working directory is /); the app will not start',
  },
];

for (const c of appDirCases) {
  test(`app dir: ${c.summary}.`, () => {
    const got = chooseAppDir(c.facts);
    assert.equal(got.dir, c.dir);
    if (c.error !== undefined) assert.equal(got.problem === undefined ? undefined : formatProblem(got.problem), c.error);
    else {
      assert.equal(got.from, c.from);
      assert.equal(got.problem, undefined);
    }
  });
}

test('services start after those they name in after, and before those that name them in before; else by name', () => {
  const services = new Map([
    ['flask', service('flask', { after: ['statsd-exporter'] })],
    ['statsd-exporter', service('statsd-exporter')],
    ['a-worker', service('a-worker', { after: ['flask'] })],
    ['z-first', service('z-first', { before: ['statsd-exporter'] })],
  ]);
  assert.deepEqual(startOrder(services), { order: ['z-first', 'statsd-exporter', 'flask', 'a-worker'], loop: [] });
  assert.deepEqual(startOrder(services, ['a-worker', 'flask']).order, ['flask', 'a-worker']);
});
