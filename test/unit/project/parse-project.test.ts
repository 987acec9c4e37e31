import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { parseProject } from '../../../src/project/parse-project.js';

const cases: { summary: string; yaml: string; problems: string[] }[] = [
  { summary: 'malformed YAML names the line', yaml: 'name: x\nconfig: [\n', problems: ['f.yaml: expected valid YAML, got unexpected end of the stream within a flow collection at line 3 column 1'] },
  { summary: 'a list at the top level', yaml: '- a\n', problems: ['f.yaml: expected a map at the top level, got a list'] },
  { summary: 'no name', yaml: 'extensions: [flask-framework]\n', problems: ['f.yaml: name: expected a non-empty string, got nothing'] },
  { summary: 'unknown extension', yaml: 'name: x\nextensions: [rails-framework]\n', problems: ['f.yaml: extensions: expected a list with one of flask-framework, django-framework, fastapi-framework, go-framework, expressjs-framework, spring-boot-framework, got rails-framework'] },
  { summary: 'bad option type and default', yaml: 'name: x\nconfig:\n  options:\n    a:\n      type: list\n    b:\n      type: int\n      default: abc\n    c:\n      type: string\n      defualt: x\n', problems: [
    'f.yaml: config.options.a.type: expected one of string, int, float, boolean, secret, got string "list"',
    'f.yaml: config.options.b.default: expected an integer, got string "abc"',
    'f.yaml: config.options.c.defualt: expected one of type, default, description, optional, got an unknown key',
  ] },
  { summary: 'requires without interface', yaml: 'name: x\nrequires:\n  db:\n    optional: true\n  cache:\n    interface: redis\n    optional: "no"\n', problems: [
    'f.yaml: requires.db.interface: expected an interface name, got nothing',
    'f.yaml: requires.cache.optional: expected true or false, got string "no"',
  ] },
];

for (const c of cases) {
  test(`parseProject reports: ${c.summary}`, () => {
    const r = parseProject(c.yaml, 'f.yaml');
    assert.deepEqual(r.problems.map(formatProblem), c.problems);
    assert.equal(r.project, undefined);
  });
}

test('a charmcraft init profile parses: framework, extension options, declared options and requires', () => {
  const r = parseProject('name: my-app\ntype: charm\nbase: ubuntu@24.04\nextensions:\n  - flask-framework\nconfig:\n  options:\n    token:\n      type: string\n      default: t\nrequires:\n  postgresql:\n    interface: postgresql_client\n    optional: false\n    limit: 1\n', 'c.yaml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.project?.framework?.name, 'flask');
  assert.equal(r.project?.options.get('token')?.default, 't');
  assert.equal(r.project?.options.get('flask-preferred-url-scheme')?.default, 'HTTPS');
  assert.deepEqual(r.project?.requires, [{ name: 'postgresql', interface: 'postgresql_client', optional: false, limit: 1 }]);
});
