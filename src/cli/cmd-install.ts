import { chmodSync, copyFileSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { seaApi } from '../runtime/sea.js';
import { besideName, koffiAsset } from '../supervisor/libc.js';
import { parseVerbArgs } from './args.js';
import type { VerbContext } from './context.js';

/** One-line summary for `paas-init --help`. */
export const summary = 'copy this binary (and the library it reaps with) into a folder';

/**
 * `paas-init install DIR`: DIR/paas-init (mode 0755) and, beside it, koffi's library, so that
 * reaping works from a read-only root with a noexec /tmp (src/supervisor/libc.ts looks there
 * first). Each file lands atomically: written to a temporary name in DIR, then renamed.
 */
export function runInstall(argv: readonly string[], ctx: VerbContext): number {
  // The folder is the one word that is not a flag (the other verbs take none).
  const positionals = argv.filter((a) => !a.startsWith('-'));
  const { flags } = parseVerbArgs('install', argv.filter((a) => a.startsWith('-')), { help: { type: 'boolean', short: 'h' } });
  if (flags.help === true) return ctx.help('install');
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0) throw new UsageError('install: expected one folder, as in "paas-init install /usr/local/bin"');
  const sea = seaApi();
  if (sea === undefined) throw new UsageError('install: only the single binary (dist/paas-init) can install itself');
  const dir = resolve(ctx.cwd, target);
  const fail = (why: string): number => {
    ctx.stderr(`paas-init: install: ${dir}: ${why}\n`);
    return ExitCode.invalid;
  };
  try {
    if (!statSync(dir).isDirectory()) return fail('not a folder');
  } catch (e) {
    return fail(errnoOf(e) === 'ENOENT' ? 'no such folder' : `cannot be read (${errnoOf(e)})`);
  }
  let staging: string;
  try {
    staging = mkdtempSync(join(dir, '.paas-init-install-'));
  } catch (e) {
    return fail(`not writable (${errnoOf(e)})`);
  }
  try {
    const binary = join(staging, 'paas-init');
    copyFileSync(process.execPath, binary);
    chmodSync(binary, 0o755);
    const library = join(staging, besideName);
    writeFileSync(library, new Uint8Array(sea.getRawAsset(koffiAsset)), { mode: 0o644 });
    // The library first: a binary that is already in place never sees a half-installed pair.
    renameSync(library, join(dir, besideName));
    renameSync(binary, join(dir, 'paas-init'));
  } catch (e) {
    return fail(`cannot install (${errnoOf(e)})`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  ctx.stdout(`installed ${join(dir, 'paas-init')} and ${join(dir, besideName)}\n`);
  return ExitCode.ok;
}

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}
