// The JavaScript inside the binary, the same for every architecture: esbuild bundles src/main.ts
// into one script (dist/paas-init.cjs), and pg, mysql2 and execa into chunks of their own
// (dist/chunk-<name>.js, loaded by src/runtime/load-chunk.ts only by the runs that need them).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Optional modules that libraries try to load inside try/catch (pg's native binding and its
// Cloudflare socket, mysql2's SQL highlighter). A SEA's require reaches only built-ins and
// prints a warning on every other attempt, so they become stubs that throw "not found".
const optionalModulesAsStubs = {
  name: 'optional-modules-as-stubs',
  setup(b) {
    b.onResolve({ filter: /^(pg-native|pg-cloudflare|cardinal.*)$/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
      contents: `const e = new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}); e.code = 'MODULE_NOT_FOUND'; throw e;`,
      loader: 'js',
    }));
  },
};

// proper-lockfile's exit hook through an exit-only stand-in for signal-exit (see the shim for why).
const signalExitShim = (root) => ({
  name: 'signal-exit-shim',
  setup(b) {
    b.onResolve({ filter: /^signal-exit$/ }, (args) => {
      if (!/[\\/]proper-lockfile[\\/]/.test(args.importer)) throw new Error(`build: ${args.importer} uses signal-exit; build/shims/signal-exit.cjs stands in only for proper-lockfile's`);
      return { path: join(root, 'build/shims/signal-exit.cjs') };
    });
  },
});

// The yaml package is evaluated on its first use, not at start: a bundled ES module runs its top
// level when the bundle starts, and yaml's (its classes, schemas and tags: the largest share of
// the functions an idle `run` held) stayed in the heap of every run, though plain init mode never
// reads YAML (bench/runtime.mjs measures that heap). It becomes a CommonJS module (esbuild runs
// those when first required) behind a stand-in whose every export is a getter that requires it;
// it stays in the bundle and in its code cache.
const yamlOnFirstUse = (root) => ({
  name: 'yaml-on-first-use',
  setup(b) {
    const names = Object.keys(createRequire(join(root, 'package.json'))('yaml'));
    b.onResolve({ filter: /^yaml$/ }, (args) => (args.namespace === 'yaml-on-first-use' ? undefined : { path: 'yaml', namespace: 'yaml-on-first-use' }));
    b.onLoad({ filter: /.*/, namespace: 'yaml-on-first-use' }, () => ({
      contents: `let yaml;\nfor (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => (yaml ??= require('yaml'))[name] });\n`,
      loader: 'js',
      resolveDir: root,
    }));
  },
});

/** The chunks: name and entry file under build/chunks/. */
export const chunkEntries = [['pg', 'pg.cjs'], ['mysql2', 'mysql2.cjs'], ['execa', 'execa.js']];

/** esbuild's options for the main bundle (bench/deferred-loads.mjs adds plugins of its own). */
export function mainBundleOptions(root, outfile, version, plugins = []) {
  return {
    entryPoints: [join(root, 'src/main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    // An IIFE, not a CommonJS module: build/sea/main.cjs compiles it as a script as it is (no
    // function wrapper pasted around a copy of it); its free `require` is the loader's.
    format: 'iife',
    outfile,
    legalComments: 'none',
    minify: process.env.PAAS_INIT_MINIFY !== '0',
    define: { PAAS_INIT_VERSION: JSON.stringify(version) },
    logLevel: 'warning',
    plugins: [...plugins, optionalModulesAsStubs, signalExitShim(root), yamlOnFirstUse(root)],
    // Separate chunks (see src/runtime/load-chunk.ts), not part of the main bundle.
    external: ['pg', 'mysql2', 'mysql2/promise', 'execa'],
  };
}

/** Bundles src/main.ts and the chunks into dist; returns the bundle's path and each chunk's. */
export async function bundleAll(root, dist, version) {
  const bundle = join(dist, 'paas-init.cjs');
  await build(mainBundleOptions(root, bundle, version));
  const bundleText = readFileSync(bundle, 'latin1');
  // Inside a single executable a dynamic import() of a built-in fails at run time
  // (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): src/runtime/builtin.ts is the way to load one late.
  if (/\bimport\(\s*["']node:/.test(bundleText)) {
    throw new Error('build: the bundle has a dynamic import() of a node: built-in; use builtin() from src/runtime/builtin.ts');
  }
  // build/sea/main.cjs reads the bundle as latin1, which is right only for ASCII (esbuild's
  // default charset escapes everything else).
  if (/[^\x00-\x7f]/.test(bundleText)) throw new Error('build: the bundle is not ASCII; build/sea/main.cjs reads it as latin1');

  // Each chunk is esbuild's CommonJS output wrapped into a script whose value is the module
  // function, as src/runtime/load-chunk.ts compiles it (the same text gets its code cache).
  const chunks = {};
  for (const [name, entry] of chunkEntries) {
    const r = await build({
      entryPoints: [join(root, 'build/chunks', entry)], bundle: true, platform: 'node', target: 'node24', format: 'cjs',
      write: false, legalComments: 'none', minify: true, logLevel: 'warning', plugins: [optionalModulesAsStubs],
    });
    const text = r.outputFiles[0].text;
    if (/[^\x00-\x7f]/.test(text)) throw new Error(`build: chunk ${name} is not ASCII; src/runtime/load-chunk.ts reads it as latin1`);
    const out = join(dist, `chunk-${name}.js`);
    writeFileSync(out, `(function (exports, require, module, __filename, __dirname) {${text}\n})`);
    chunks[name] = out;
  }
  return { bundle, chunks };
}
