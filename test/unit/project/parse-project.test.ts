import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/errors.js';
import { parseProject } from '../../../src/project/parse-project.js';

const cases: { summary: string; yaml: string; problems: string[] }[] = [
  { summary: 'malformed YAML names the line', yaml: 'name: x\nconfig: [\n', problems: ['f.yaml: expected valid YAML, got Flow sequence in block collection must be sufficiently indented and end with a ] at line 3 column 1'] },
  { summary: 'a list at the top level', yaml: '- a\n', problems: ['f.yaml: expected a map at the top level, got a list'] },
  { summary: 'no name', yaml: 'extensions: [flask-framework]\n', problems: ['f.yaml: name: expected a non-empty string, got nothing'] },
  { summary: 'unknown extension', yaml: 'name: x\nextensions: [rails-framework]\n', problems: ['f.yaml: extensions: expected a list with one of flask-framework, django-framework, fastapi-framework, go-framework, expressjs-framework, spring-boot-framework, got rails-framework'] },
  { summary: 'bad option type and default', yaml: 'name: x\nconfig:\n  options:\n    a:\n      type: list\n    b:\n      type: int\n      default: abc\n    c:\n      type: string\n      defualt: x\n', problems: [
    'f.yaml: config.options.a.type: expected one of string, int, float, boolean, secret, got string "list"',
    'f.yaml: config.options.b.default: expected an integer, got string "abc"',
    'f.yaml: config.options.c.defualt: expected one of type, default, description, optional, got an unknown key',
  ] },
  { summary: 'a string option with an unquoted on as default is a boolean, as PyYAML reads it', yaml: 'name: x\nconfig:\n  options:\n    mode:\n      type: string\n      default: on\n', problems: [
    'f.yaml: config.options.mode.default: expected a string (YAML 1.1, as charmcraft reads it, takes unquoted yes, no, on, off for booleans: quote the value), got boolean true',
  ] },
  { summary: 'a duplicate key names its line and column', yaml: 'name: x\nname: y\n', problems: ['f.yaml: expected valid YAML, got Map keys must be unique at line 2 column 1'] },
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

test('charmcraft.yaml is read as YAML 1.1: yes is a boolean, "on" quoted a string, 017 octal, 1:30 sexagesimal, 0o17 and y strings', () => {
  const r = parseProject([
    'name: x', 'config:', '  options:',
    '    debug: {type: boolean, default: yes}', '    quiet: {type: boolean, default: Off}', '    mode: {type: string, default: "on"}',
    '    mask: {type: int, default: 017}', '    wait: {type: int, default: 1:30}', '    code: {type: string, default: 0o17}', '    letter: {type: string, default: y}',
  ].join('\n'), 'c.yaml');
  assert.deepEqual(r.problems, []);
  const def = (n: string) => r.project?.options.get(n)?.default;
  assert.deepEqual([def('debug'), def('quiet'), def('mode'), def('mask'), def('wait'), def('code'), def('letter')], [true, false, 'on', 15n, 90n, '0o17', 'y']);
});
