// Large libraries that few runs need (mysql2 with its character sets, execa) are not in the main
// bundle, whose size every start pays for: they travel as separate bundles (SEA assets) and are
// compiled on first use. Outside the single binary they are plain imports from node_modules.
import type * as NodeModule from 'node:module';
import type * as Vm from 'node:vm';
import { builtin } from './builtin.js';
import { seaApi } from './sea.js';

/** The chunks build/build.mjs makes, each from build/chunks/<name>.js. */
export type ChunkName = 'mysql2' | 'execa';

/** Loads a chunk: from the binary's assets, or through `fallback` (a dynamic import) in development. */
export async function loadChunk<T>(name: ChunkName, fallback: () => Promise<T>): Promise<T> {
  const sea = seaApi();
  if (sea === undefined) return fallback();
  const { runInThisContext } = builtin<typeof Vm>('node:vm');
  const code = sea.getAsset(`chunk-${name}.cjs`, 'utf8');
  const module = { exports: {} as unknown };
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: `paas-init:chunk-${name}.cjs` }) as (...args: unknown[]) => void;
  wrapper(module.exports, builtin<typeof NodeModule>('node:module').createRequire(process.execPath), module, `chunk-${name}.cjs`, '/');
  return module.exports as T;
}
