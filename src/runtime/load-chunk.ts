// Large libraries that only some runs need (pg and mysql2 for a migration's lock, execa for the
// actions) are not in the main bundle, whose size every start pays for: they travel as separate
// scripts (SEA assets) and are compiled on first use, with V8's code cache of their warm path
// where the build made one (build/sea/chunk-code-cache.mjs). Outside the single binary they are
// plain imports from node_modules.
import { writeSync } from 'node:fs';
import type * as Vm from 'node:vm';
import { builtin, requireBuiltin } from './builtin.js';
import { seaApi, type SeaApi } from './sea.js';

/** The chunks build/build.mjs makes, each from build/chunks/<name>.js. */
export type ChunkName = 'pg' | 'mysql2' | 'execa';

/**
 * Each chunk asset is a script whose value is a CommonJS wrapper function (the build wraps
 * esbuild's output), so that the same text is compiled here and when its code cache is made.
 */
export function chunkAsset(name: ChunkName): { script: string; codeCache: string; filename: string } {
  return { script: `chunk-${name}.js`, codeCache: `chunk-${name}.code-cache`, filename: `paas-init:chunk-${name}.js` };
}

const loaded = new Map<ChunkName, unknown>();

/**
 * Loads a chunk once per process (a migration retried every few seconds reuses it): from the
 * binary's assets, or through `fallback` (a dynamic import) in development.
 */
export async function loadChunk<T>(name: ChunkName, fallback: () => Promise<T>): Promise<T> {
  if (loaded.has(name)) return loaded.get(name) as T;
  const sea = seaApi();
  const exports = sea === undefined ? await fallback() : runChunk<T>(sea, name);
  loaded.set(name, exports);
  return exports;
}

function runChunk<T>(sea: SeaApi, name: ChunkName): T {
  const asset = chunkAsset(name);
  const { Script } = builtin<typeof Vm>('node:vm');
  const cachedData = codeCacheOf(sea, asset.codeCache);
  // ASCII (the build checks), so latin1 spares a UTF-8 decode.
  const source = Buffer.from(sea.getRawAsset(asset.script)).toString('latin1');
  const script = new Script(source, { filename: asset.filename, ...(cachedData === undefined ? {} : { cachedData }) });
  // For the build's check that the cache is used (a rejected cache costs only time).
  if (cachedData !== undefined && process.env.PAAS_INIT_REPORT_CODE_CACHE === '1') writeSync(2, `paas-init: code cache of chunk-${name} ${script.cachedDataRejected === true ? 'rejected' : 'accepted'}\n`);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  // Optional modules are stubs in the chunks, so built-ins are all they require (no createRequire:
  // loading node:module would slow the way to a migration).
  wrapper(module.exports, requireBuiltin, module, asset.script, '/');
  return module.exports as T;
}

function codeCacheOf(sea: SeaApi, key: string): Uint8Array | undefined {
  try {
    const raw = sea.getRawAsset(key);
    return raw.byteLength === 0 ? undefined : new Uint8Array(raw);
  } catch {
    return undefined; // this chunk has none
  }
}
