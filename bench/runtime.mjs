// Issue 14: the runtime inside the binary. Each binary's size; `--version` wall time (hyperfine
// median) and peak RSS next to `node -e 0` of the same embedded Node and next to tini (target:
// within the embedded Node's floor + 15 ms); an idle `run -- sleep 60`'s private memory (RssAnon
// in /proc/<pid>/status), as PID 1 and as a subreaper, next to tini's and a bare idle Node's
// (target: <= 10 MiB).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { containerEnv, binary, embeddedNode, evictFromPageCache, hyperfineMedians, machineEnvNote, measureInterleaved, median, row } from './lib.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 30);
const MiB = 1024 * 1024;
const peer = (value, label) => ({ value, label });

console.log('# runtime: the binaries, --version, idle private memory');
console.log(machineEnvNote);
for (const f of readdirSync('dist').filter((f) => /^paas-init-linux-/.test(f)).sort()) {
  console.log(row(`dist/${f} size (stripped)`, statSync(`dist/${f}`).size / MiB, 'MiB'));
}
console.log(row(`embedded Node (${embeddedNode.split('/').at(-3)}) size, unstripped`, statSync(embeddedNode).size / MiB, 'MiB'));

const commands = [[embeddedNode, '-e', '0'], [binary, '--version'], ['/usr/bin/tini', '--version']];
evictFromPageCache(commands.map((c) => c[0]));
const [floor, version, tini] = measureInterleaved(commands, { runs: 10 });
const [floorMs, versionMs, tiniMs] = hyperfineMedians(commands, { runs });
console.log(row('node -e 0 (embedded Node floor) median wall', floorMs, 'ms'));
console.log(row('paas-init --version median wall', versionMs, 'ms', peer(floorMs, 'node floor')) + `  (floor + ${(versionMs - floorMs).toFixed(1)} ms; target <= +15 ms)`);
console.log(row('tini --version median wall', tiniMs, 'ms'));
console.log(row('node -e 0 peak RSS', floor.rssKiB / 1024, 'MiB'));
console.log(row('paas-init --version peak RSS', version.rssKiB / 1024, 'MiB', peer(floor.rssKiB / 1024, 'node floor')));
console.log(row('tini --version peak RSS', tini.rssKiB / 1024, 'MiB'));

const children = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/** RssAnon (KiB) of the process `argv` starts (or of its first child, for unshare), once idle; the whole tree is killed after. */
async function idleRssAnonOnce(argv, { viaUnshare }) {
  const p = spawn(argv[0], argv.slice(1), { env: containerEnv, stdio: 'ignore' });
  const exited = new Promise((r) => p.once('exit', r));
  const tree = [];
  try {
    // Long enough for start-up and paas-init's idle shrink (src/runtime/idle-memory.ts).
    await new Promise((r) => setTimeout(r, 4000));
    const pid = viaUnshare ? children(p.pid)[0] : p.pid;
    for (let next = [pid]; next.length > 0; next = next.flatMap(children)) tree.push(...next);
    return Number(/RssAnon:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } finally {
    for (const pid of [p.pid, ...tree]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  }
}

/** The median of three idle samples (one sample varies by about a tenth of a MiB). */
async function idleRssAnon(argv, options) {
  const xs = [];
  for (let i = 0; i < 3; i++) xs.push(await idleRssAnonOnce(argv, options));
  return median(xs);
}

const pid1 = ['unshare', '--pid', '--fork', '--mount-proc'];
const idle = {
  'paas-init run -- sleep 60, PID 1': await idleRssAnon([...pid1, binary, 'run', '--', 'sleep', '60'], { viaUnshare: true }),
  'paas-init run -- sleep 60, subreaper': await idleRssAnon([binary, 'run', '--', 'sleep', '60'], { viaUnshare: false }),
  'tini -- sleep 60, PID 1': await idleRssAnon([...pid1, '/usr/bin/tini', '--', 'sleep', '60'], { viaUnshare: true }),
  'node -e setTimeout (embedded Node, idle)': await idleRssAnon([embeddedNode, '-e', 'setTimeout(() => {}, 60000)'], { viaUnshare: false }),
};
const tiniIdle = idle['tini -- sleep 60, PID 1'];
for (const [label, kib] of Object.entries(idle)) {
  const target = label.startsWith('paas-init') ? '  (target <= 10 MiB)' : '';
  console.log(row(`${label} RssAnon`, kib / 1024, 'MiB', label.startsWith('paas-init') ? peer(tiniIdle / 1024, 'tini') : undefined) + target);
}
