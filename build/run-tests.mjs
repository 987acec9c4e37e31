// Node's test runner does not expand globs nor pick up .ts files on every version: list them here.
// Then, as a step of its own, the secret scan reads the output of every test that ran
// (test/secret-scan.ts), whatever the order of the files.
// Usage: node build/run-tests.mjs [folder-or-file ...] [--node-test-flags] (default: test/)
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (path.endsWith('.test.ts')) out.push(path);
  return out;
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = (roots.length === 0 ? ['test'] : roots).flatMap((r) => collect(r, []));
// A fresh record of paas-init's output for the secret scan (test/helpers/output-record.ts).
rmSync('.test-output', { recursive: true, force: true });
const tests = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...flags, ...files], { stdio: 'inherit' });
const scan = spawnSync(process.execPath, ['--import', 'tsx', 'test/secret-scan.ts', ...(roots.length === 0 ? ['--whole-suite'] : [])], { stdio: 'inherit' });
process.exit(tests.status !== 0 ? (tests.status ?? 1) : (scan.status ?? 1));
