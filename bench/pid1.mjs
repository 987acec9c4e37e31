// Issue 4: paas-init as PID 1 next to tini, dumb-init and a bare Node floor, in one run.
//  - start-to-exit of `<init> true` in a new PID namespace, next to the embedded Node's floor (its
//    target, 1.25x that floor, was retired by issue 14)
//  - SIGTERM to PID 1 → the child's handler, median (target: within 2 ms of tini)
//  - zombies left after the child orphaned 10 processes (target: 0 for every run)
//  - supervisor peak RSS (VmHWM)
//  - binding folder appears → app process starts, p99 (target: < 100 ms)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchDir, binary, containerEnv, embeddedNode, evictFromPageCache, machineEnvNote, median, percentile, row } from './lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const ns = ['unshare', '--pid', '--fork', '--mount-proc'];
const inits = {
  'paas-init': [binary, 'run', '--'],
  tini: ['/usr/bin/tini', '--'],
  'dumb-init': ['/usr/bin/dumb-init'],
};
const nodeFloor = [embeddedNode, '-e', "require('child_process').spawnSync('true')"];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

function timeRuns(argv, env = containerEnv) {
  const xs = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(ns[0], [...ns.slice(1), ...argv], { stdio: 'ignore', timeout: 30_000, env });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
    if (i >= 2) xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(xs);
}

function childPids(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}
function state(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return 'gone';
  }
}
async function waitFor(probe, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

async function signalRun(init, dir) {
  const out = join(dir, `t-${Math.random().toString(36).slice(2)}`);
  const p = spawn(ns[0], [...ns.slice(1), ...inits[init], '/usr/bin/python3', resolve('bench/fixtures/term-handler.py'), out], { stdio: 'ignore', env: containerEnv });
  const exited = new Promise((r) => p.once('exit', (code) => r(code)));
  const pid1 = await waitFor(() => childPids(p.pid)[0], 5000, 'PID 1');
  await waitFor(() => existsSync(`${out}.ready`), 10_000, 'child ready');
  await sleep(60); // the orphans (10 ms each) have died by now
  const zombies = childPids(pid1).filter((c) => state(c) === 'Z').length;
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid1}/status`, 'utf8'))[1]);
  const t0 = nowNs();
  process.kill(pid1, 'SIGTERM');
  const t1 = BigInt(await waitFor(() => existsSync(out) && readFileSync(out, 'utf8'), 5000, 'handler'));
  const code = await Promise.race([exited, sleep(10_000).then(() => 'timeout')]);
  if (code !== 0) throw new Error(`${init} exited ${code} after SIGTERM`);
  return { latencyMs: Number(t1 - t0) / 1e6, zombies, rssKiB: hwm };
}

async function bindingRuns(dir) {
  writeFileSync(join(dir, 'charmcraft.yaml'), 'name: b\nextensions: [flask-framework]\nrequires:\n  postgresql: {interface: postgresql_client}\n');
  const mark = join(dir, 'started');
  const p = spawn(ns[0], [...ns.slice(1), binary, 'run', '--root', dir, '--app-dir', dir, '--state-dir', join(dir, 'state'), '--grace', '2s', '--', 'sh', '-c', `date +%s%N > ${mark}.tmp && mv ${mark}.tmp ${mark} && exec sleep 1000`], { stdio: 'ignore', env: containerEnv });
  const pid1 = await waitFor(() => childPids(p.pid)[0], 5000, 'PID 1');
  const lat = [];
  const bdir = join(dir, 'bindings', 'postgresql');
  await sleep(300);
  for (let i = 0; i < runs * 2; i++) {
    rmSync(mark, { force: true });
    // Laid out as the kubelet does, then made visible in one rename, as a projected Secret appears.
    const stage = join(dir, `stage-${i}`);
    mkdirSync(stage, { recursive: true });
    writeFileSync(join(stage, 'type'), 'postgresql');
    writeFileSync(join(stage, 'uri'), `postgresql://u:p@h${i}:5432/d`);
    mkdirSync(join(dir, 'bindings'), { recursive: true });
    const t0 = nowNs();
    spawnSync('mv', [stage, bdir]);
    const t1 = BigInt(await waitFor(() => existsSync(mark) && readFileSync(mark, 'utf8').trim(), 5000, 'app start'));
    lat.push(Number(t1 - t0) / 1e6);
    rmSync(bdir, { recursive: true, force: true });
    await waitFor(() => childPids(pid1).length === 0, 5000, 'app stop');
    await sleep(50);
  }
  process.kill(pid1, 'SIGTERM');
  return lat;
}

const dir = benchDir('pid1');
console.log(`# PID 1 (${runs} runs each, in new PID namespaces)`);
console.log(machineEnvNote);
evictFromPageCache([binary, embeddedNode]);
const floor = timeRuns(nodeFloor);
const overhead = Object.fromEntries(Object.entries(inits).map(([k, argv]) => [k, timeRuns([...argv, 'true'])]));
console.log(row('node floor: spawn `true` and exit', floor, 'ms'));
for (const [k, v] of Object.entries(overhead)) console.log(row(`${k} -- true, start to exit`, v, 'ms', { value: floor, label: 'node floor' }));
const machineFloor = timeRuns(nodeFloor, process.env);
console.log(row("node floor, this shell's environment", machineFloor, 'ms'));
console.log(row("paas-init -- true, this shell's environment", timeRuns([...inits['paas-init'], 'true'], process.env), 'ms', { value: machineFloor, label: "node floor in this shell's environment" }));

const sig = {};
for (const init of Object.keys(inits)) {
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await signalRun(init, dir));
  sig[init] = { median: median(rs.map((r) => r.latencyMs)), zombies: Math.max(...rs.map((r) => r.zombies)), rss: median(rs.map((r) => r.rssKiB)) / 1024 };
}
for (const [k, v] of Object.entries(sig)) console.log(row(`${k} SIGTERM -> child handler, median`, v.median, 'ms', k === 'tini' ? undefined : { value: sig.tini.median, label: 'tini' }));
console.log(row('paas-init minus tini, forwarding median', sig['paas-init'].median - sig.tini.median, 'ms') + '  (target <= 2 ms)');
for (const [k, v] of Object.entries(sig)) console.log(row(`${k} zombies left (worst run)`, v.zombies, 'n') + (v.zombies === 0 ? '' : '  <-- zombies!'));
for (const [k, v] of Object.entries(sig)) console.log(row(`${k} peak RSS (VmHWM)`, v.rss, 'MiB'));
const lat = await bindingRuns(dir);
console.log(row('binding appears -> app started, median', median(lat), 'ms'));
console.log(row('binding appears -> app started, p99', percentile(lat, 99), 'ms') + '  (target < 100 ms)');
