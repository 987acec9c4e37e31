// The core returns problems, never throws, for any project file and any mounted data: thousands
// of malformed charmcraft.yaml files, option values and binding entries, from a fixed seed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { integrations } from '../../../src/mapping/integrations.js';
import { plan, type Fixture } from '../../helpers/snapshot.js';

let seed = 1234567;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const word = (): string => pick(['', 'x', 'a-b', 'a.b', 'A_B', '..data', 'ü', ' ', '-', '0', 'secret:', 'secret:x', 'secret://m/x', 'notjson', '{"scope":1}', '[', 'null', '%zz', 'http://', 'x'.repeat(300)]);
const scalar = (): unknown => pick<() => unknown>([word, () => rand() * 1e6, () => Math.floor(rand() * 1e6), () => -1, () => 2 ** 70, () => true, () => null, () => [], () => ({}), () => [word()], () => ({ [word()]: word() }), () => NaN])();

const extensions = ['flask-framework', 'django-framework', 'fastapi-framework', 'go-framework', 'expressjs-framework', 'spring-boot-framework', 'nope-framework'];
const types = ['string', 'int', 'float', 'boolean', 'secret', 'list', 7, null];
const interfaces = [...integrations.map((i) => i.interface), 'postgresql_client', 'mysql_client', 'mongodb_client', 'redis', 'unknown'];
const endpoints = [...integrations.map((i) => i.endpoint ?? 'oauth'), 'postgresql', 'mysql', 'mongodb', 'redis', 'x-client', 'db'];
const entryKeys = ['type', 'uri', 'uris', 'host', 'port', 'username', 'password', 'database', 'endpoints', 'client-id', 'client_secret', 'issuer-url', 'bucket', 'access-key', 'secret-key', 'region', 'endpoint', 'vhost', 'hostname', 'user', 'password', 'ca-chain', 'certificates'];

/** A project file: most are well formed (so the mapping runs on malformed inputs), some malformed anywhere. */
function randomProject(): string {
  const wellFormed = rand() < 0.6;
  const odd = (good: () => unknown): unknown => (wellFormed || rand() < 0.8 ? good() : scalar());
  const doc: Record<string, unknown> = {};
  doc.name = odd(() => pick(['app', 'my-app', 'x']));
  doc.extensions = odd(() => [pick(extensions.slice(0, wellFormed ? -1 : undefined))]);
  const options: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 6); i > 0; i--) {
    // Well formed as charmcraft wants it: no redeclared extension option, no reserved prefix, no
    // default on a non-optional option (those are refused; the malformed ones try them).
    const names = ['token', 'count', 'api-token', 'oauth-scopes', word()];
    const name = pick(wellFormed ? names : [...names, 'app-secret-key', 'app-secret-key-id', 'webserver-workers', 'webserver-worker-class', 'flask-preferred-url-scheme', 'django-allowed-hosts', 'app-port', 'metrics-port']);
    const type = wellFormed ? pick(['string', 'int', 'float', 'boolean', 'secret']) : pick(types);
    const value = type === 'int' ? Math.floor(rand() * 100) : type === 'float' ? rand() : type === 'boolean' ? rand() < 0.5 : word();
    const withDefault = rand() < 0.5 && type !== 'secret';
    options[name] = odd(() => ({ type, ...(withDefault ? { default: wellFormed ? value : scalar() } : {}), ...(rand() < 0.2 ? { optional: wellFormed && withDefault ? true : rand() < 0.5 } : {}) }));
  }
  // An OAuth-looking pair of the user's own options (Spring Boot once parsed its kwargs as JSON).
  if (rand() < 0.3) Object.assign(options, { 'x-client-id': { type: 'string', default: word() }, 'x-client-kwargs': { type: 'string', default: word() } });
  doc.config = odd(() => ({ options }));
  const requires: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 4); i > 0; i--) requires[pick(endpoints)] = odd(() => ({ interface: pick(interfaces), ...(rand() < 0.3 ? { optional: rand() < 0.5 } : {}), ...(rand() < 0.1 ? { limit: 1 } : {}) }));
  doc.requires = odd(() => requires);
  const text = stringify(doc);
  if (wellFormed) return text;
  // Sometimes cut the text anywhere, or add YAML that no parser takes.
  return rand() < 0.3 ? text.slice(0, Math.floor(rand() * text.length)) : rand() < 0.1 ? `${text}\n: [&a *b !!binary %%\n` : text;
}

function randomInputs(): Fixture {
  const config: Record<string, string> = {};
  for (let i = Math.floor(rand() * 4); i > 0; i--) config[pick(['token', 'count', 'x-client-kwargs', 'webserver-workers', 'app-secret-key', 'config.yaml', word()])] = rand() < 0.2 ? `{${word()}: [${word()}` : String(scalar());
  const secrets: Record<string, Record<string, string>> = {};
  for (let i = Math.floor(rand() * 3); i > 0; i--) secrets[pick(['api-token', 'app-secret-key-id', 'x', word()])] = rand() < 0.2 ? {} : { [pick(['value', 'tls.crt', 'a-b', 'a_b', word()])]: word() };
  const bindings: Record<string, Record<string, string>> = {};
  for (let i = Math.floor(rand() * 3); i > 0; i--) {
    const entries: Record<string, string> = {};
    for (let j = Math.floor(rand() * 5); j > 0; j--) entries[pick(entryKeys)] = pick([word(), 'postgresql://u:p@h:5432/d', 'mysql://u@h/d', 'redis://h:1', 'amqp://u:p@h/v', 'u:p#@h', '::1', '99999', '[1,2', '["a"]', String(scalar())]);
    bindings[pick(endpoints)] = entries;
  }
  return {
    project: randomProject(), config, secrets, bindings,
    sets: rand() < 0.3 ? [[pick(['token', 'count', word()]), word()]] : [],
    relations: rand() < 0.3 ? { [pick(endpoints)]: pick([word(), 'postgresql://u:p@h/d']) } : {},
    appFiles: rand() < 0.5 ? [pick(['app.py', 'manage.py', 'x/wsgi.py', 'package.json', 'app', 'migrate.sh', 'Procfile'])] : [],
    ...(rand() < 0.5 ? { secretKey: 'k' } : {}),
  };
}

test('3000 malformed projects and inputs: the core returns a plan with problems, it never throws', () => {
  let withProblems = 0;
  let mapped = 0;
  for (let i = 0; i < 3000; i++) {
    const f = randomInputs();
    const settings = rand() < 0.3 ? { model: pick(['ns', 'a.b', 'x y']), checkAppDir: pick(['app', 'exists'] as const) } : rand() < 0.1 ? { baseUrl: 'http://a:1' } : {};
    let p;
    try {
      p = plan(f, settings);
    } catch (e) {
      assert.fail(`case ${i} threw ${e instanceof Error ? e.stack : String(e)}\nproject:\n${f.project}\ninputs: ${JSON.stringify({ ...f, project: undefined })}`);
    }
    assert.ok(Object.isFrozen(p));
    if (p.problems.length > 0) withProblems += 1;
    if (p.appName !== undefined) mapped += 1;
  }
  assert.ok(withProblems > 1000, `only ${withProblems} cases had problems: the fuzz is not malformed enough`);
  assert.ok(mapped > 1000, `only ${mapped} projects were read: the fuzz does not reach the mapping`);
});
