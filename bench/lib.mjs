// Small helpers shared by the benchmarks: timing whole commands, peak RSS, medians and ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const binary = resolve('dist/paas-init');

/**
 * The Node the binary embeds (the pinned node-linux-<arch> that npm ci installed): the floor to
 * compare with is the same Node, not the machine's that runs the build tools and these scripts.
 */
export const embeddedNode = resolve(`node_modules/node-linux-${process.arch}/bin/node`);

/**
 * The environment every measured process gets: what a container starts with (Docker's default
 * PATH, HOME), not this shell's. On CI and dev machines NODE_EXTRA_CA_CERTS often points at the
 * whole system CA bundle, and then every Node process, paas-init included, parses ~200 KB of
 * certificates before running any JS (~55 ms of a ~85 ms start here): it would hide what
 * paas-init itself costs. Benchmarks print this machine's figure next to it (machineNodeFloor).
 */
export const containerEnv = Object.freeze({
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: process.env.HOME ?? '/root',
  LANG: 'C.UTF-8',
});

/** True when this shell's environment slows every Node start down (see containerEnv). */
export const machineEnvNote = process.env.NODE_EXTRA_CA_CERTS
  ? `# measured in a container-like environment (PATH, HOME, LANG); this shell also sets NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}, which adds its parsing to every Node start`
  : '# measured in a container-like environment (PATH, HOME, LANG)';

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The p-th percentile (0..100), nearest rank. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Round-by-round ratios (a peer measured in the same round shares its load): median and middle half. */
export function pairedRatio(xs, ys) {
  const r = xs.map((x, i) => x / ys[i]);
  return `${median(r).toFixed(2)}x (middle half ${percentile(r, 25).toFixed(2)}-${percentile(r, 75).toFixed(2)}x)`;
}

/** Runs a command `runs` times (after `warmup`), returning wall times (ms) and peak RSS (KiB) from GNU time. */
export function measure(argv, { runs = 30, warmup = 3, env = containerEnv, okCodes = [0] } = {}) {
  const wall = [];
  const rss = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { encoding: 'utf8', env, timeout: 30_000 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!okCodes.includes(r.status)) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i < warmup) continue;
    wall.push(ms);
    rss.push(Number(r.stderr.trim().split('\n').at(-1)));
  }
  return { wallMs: median(wall), rssKiB: median(rss), wall };
}

/**
 * Measures several commands taking turns (a, b, c, a, b, c, …), so that a change in the machine's
 * load during the run weighs on each alike and their ratios stay meaningful.
 */
export function measureInterleaved(argvs, { runs = 30, warmup = 3, env = containerEnv } = {}) {
  const wall = argvs.map(() => []);
  const rss = argvs.map(() => []);
  for (let i = 0; i < warmup + runs; i++) {
    argvs.forEach((argv, k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { encoding: 'utf8', env, timeout: 30_000 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i < warmup) return;
      wall[k].push(ms);
      rss[k].push(Number(r.stderr.trim().split('\n').at(-1)));
    });
  }
  return argvs.map((_, k) => ({ wallMs: median(wall[k]), rssKiB: median(rss[k]) }));
}

/** Median wall times (ms) of commands, from hyperfine (warm-up runs, shell-free, interleaved load). */
export function hyperfineMedians(argvs, { runs = 30, warmup = 5, env = containerEnv } = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'paas-init-hf-')), 'hf.json');
  const quote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const r = spawnSync('hyperfine', ['-N', '--warmup', String(warmup), '--runs', String(runs), '--export-json', out, ...argvs.map((a) => a.map(quote).join(' '))], { encoding: 'utf8', timeout: 600_000, env });
  if (r.status !== 0) throw new Error(`hyperfine failed: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')).results.map((x) => x.median * 1000);
}

/**
 * Drops executables from the page cache (GNU dd's nocache advice) so that each peer starts from
 * the state an installed binary is in: read from disk by faults and readahead. A binary written a
 * moment ago (a fresh build) is wholly cached, and the kernel then maps ~12 MiB more of it into
 * each process (fault-around), which would weigh on paas-init and not on /usr/bin/node.
 */
export function evictFromPageCache(paths) {
  for (const p of paths) {
    const r = spawnSync('dd', [`if=${p}`, 'iflag=nocache', 'count=0', 'status=none']);
    if (r.status !== 0) throw new Error(`dd could not drop ${p} from the page cache: ${r.stderr}`);
  }
}

/** A fresh temp folder for a benchmark's fixtures. */
export function benchDir(name) {
  return mkdtempSync(join(tmpdir(), `paas-init-bench-${name}-`));
}

/** One result line: name, value, and its ratio to a peer measured in the same run. */
export function row(label, value, unit, peer) {
  const ratio = peer === undefined ? '' : `  (${(value / peer.value).toFixed(2)}x ${peer.label})`;
  return `${label.padEnd(44)} ${value.toFixed(unit === 'MiB' ? 1 : 2).padStart(9)} ${unit}${ratio}`;
}
