// Issue 3 (wall time by hyperfine, median): `paas-init env` on a project with 100 options, 10 secrets and 5 relations, next to a
// bare `node -e 0` of the same (embedded) Node. Issue 14 retired its targets (1.25x the floor in
// time, 1.1x in memory): they measured Node's own bootstrap. The figures stay as a record.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, binary, embeddedNode, evictFromPageCache, hyperfineMedians, machineEnvNote, measureInterleaved, row } from './lib.mjs';

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
writeFileSync(join(dir, 'app.py'), ''); // paas-init checks that the app folder holds a Flask app
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

// A second floor: the smallest single executable the embedded Node makes (what any SEA pays).
function helloSea() {
  const d = benchDir('sea');
  writeFileSync(join(d, 'hello.js'), '0');
  writeFileSync(join(d, 'sea.json'), JSON.stringify({ main: join(d, 'hello.js'), output: join(d, 'hello.blob'), disableExperimentalSEAWarning: true, useCodeCache: true }));
  execFileSync(embeddedNode, ['--experimental-sea-config', join(d, 'sea.json')], { stdio: 'ignore' });
  copyFileSync(embeddedNode, join(d, 'hello'));
  execFileSync(process.execPath, ['node_modules/postject/dist/cli.js', join(d, 'hello'), 'NODE_SEA_BLOB', join(d, 'hello.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'ignore' });
  return join(d, 'hello');
}

const runs = Number(process.env.BENCH_RUNS ?? 30);
const commands = [
  [embeddedNode, '-e', '0'],
  [binary, 'env', '--root', dir, '--app-dir', dir, '--state-dir', join(dir, 'state')],
  [helloSea()],
];
evictFromPageCache(commands.map((c) => c[0]));
// Peak RSS from GNU time; wall time from hyperfine, which is steadier on a busy machine.
const [floor, env, seaFloor] = measureInterleaved(commands, { runs: 10 });
const times = hyperfineMedians(commands, { runs });
floor.wallMs = times[0];
env.wallMs = times[1];
seaFloor.wallMs = times[2];
// The same two commands with this shell's environment, for comparison with older figures.
const [machineFloor, machineEnv] = hyperfineMedians(commands.slice(0, 2), { runs, env: process.env });
const peer = (value, label) => ({ value, label });
console.log('# env startup: 100 options, 10 secrets, 5 relations');
console.log(machineEnvNote);
console.log(row('node -e 0 (floor) median wall', floor.wallMs, 'ms'));
console.log(row('paas-init env median wall', env.wallMs, 'ms', peer(floor.wallMs, 'node floor')));
console.log(row('node -e 0 (floor) peak RSS', floor.rssKiB / 1024, 'MiB'));
console.log(row('paas-init env peak RSS', env.rssKiB / 1024, 'MiB', peer(floor.rssKiB / 1024, 'node floor')));
console.log(row('hello-world SEA (packaging floor) median wall', seaFloor.wallMs, 'ms', peer(floor.wallMs, 'node floor')));
console.log(row('hello-world SEA (packaging floor) peak RSS', seaFloor.rssKiB / 1024, 'MiB', peer(floor.rssKiB / 1024, 'node floor')));
console.log(row('paas-init env peak RSS vs the SEA floor', env.rssKiB / 1024, 'MiB', peer(seaFloor.rssKiB / 1024, 'hello-world SEA')));
console.log(row("node -e 0, this shell's environment", machineFloor, 'ms'));
console.log(row("paas-init env, this shell's environment", machineEnv, 'ms', peer(machineFloor, "node floor in this shell's environment")));
