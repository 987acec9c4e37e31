// Issue 3: `paas-init env` on a project with 100 options, 10 secrets and 5 relations, next to a
// bare `node -e 0` of the same Node. Targets: within 1.25x of the floor in time, 1.1x in memory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, binary, measure, row } from './lib.mjs';

const dir = benchDir('env');
const lines = ['name: bench-app', 'extensions: [flask-framework]', 'config:', '  options:'];
for (let i = 0; i < 100; i++) {
  const type = ['string', 'int', 'float', 'boolean'][i % 4];
  const def = { string: `value-${i}`, int: i, float: i + 0.5, boolean: i % 8 === 0 }[type];
  lines.push(`    option-${i}:`, `      type: ${type}`, `      default: ${JSON.stringify(def)}`, `      description: option number ${i}`);
}
for (let i = 0; i < 10; i++) lines.push(`    secret-${i}:`, '      type: secret');
lines.push('requires:');
const rels = [['postgresql', 'postgresql_client'], ['mysql', 'mysql_client'], ['mongodb', 'mongodb_client'], ['redis', 'redis'], ['cache', 'memcached']];
for (const [ep, iface] of rels) lines.push(`  ${ep}:`, `    interface: ${iface}`);
writeFileSync(join(dir, 'charmcraft.yaml'), lines.join('\n') + '\n');
mkdirSync(join(dir, 'config'));
for (let i = 0; i < 100; i += 2) writeFileSync(join(dir, 'config', `option-${i}`), { 0: `set-${i}`, 1: `${i * 3}`, 2: `${i}.25`, 3: 'true' }[i % 4]);
for (let i = 0; i < 10; i++) {
  mkdirSync(join(dir, 'secrets', `secret-${i}`), { recursive: true });
  for (const k of ['username', 'password', 'token']) writeFileSync(join(dir, 'secrets', `secret-${i}`, k), `${k}-${i}`);
}
for (const [ep] of rels) {
  mkdirSync(join(dir, 'bindings', ep), { recursive: true });
  writeFileSync(join(dir, 'bindings', ep, 'type'), ep);
  writeFileSync(join(dir, 'bindings', ep, 'host'), `${ep}.svc`);
  writeFileSync(join(dir, 'bindings', ep, 'port'), '1234');
  writeFileSync(join(dir, 'bindings', ep, 'username'), 'user');
  writeFileSync(join(dir, 'bindings', ep, 'password'), 'p@ss');
}

const runs = Number(process.env.BENCH_RUNS ?? 30);
const floor = measure([process.execPath, '-e', '0'], { runs });
const env = measure([binary, 'env', '--root', dir, '--app-dir', dir, '--state-dir', join(dir, 'state')], { runs });
const peer = (value, label) => ({ value, label });
console.log('# env startup: 100 options, 10 secrets, 5 relations');
console.log(row('node -e 0 (floor) median wall', floor.wallMs, 'ms'));
console.log(row('paas-init env median wall', env.wallMs, 'ms', peer(floor.wallMs, 'node floor; target <= 1.25x')));
console.log(row('node -e 0 (floor) peak RSS', floor.rssKiB / 1024, 'MiB'));
console.log(row('paas-init env peak RSS', env.rssKiB / 1024, 'MiB', peer(floor.rssKiB / 1024, 'node floor; target <= 1.10x')));
