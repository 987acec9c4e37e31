// Makes a chunk's code cache (see src/runtime/load-chunk.ts): compiles the chunk's script as the
// binary does, takes it through the path a start uses, and keeps V8's cache of what compiled.
// Run by build/build.mjs with the embedded Node as `node build/sea/chunk-code-cache.mjs NAME
// CHUNK_FILE OUT`, without NODE_OPTIONS: V8 takes a cache only under the flags it was made with.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';

const [name, file, out] = process.argv.slice(2);

/** What each chunk does on the way to an app's start; none needs a server to run against. */
const warmUps = {
  // As src/migrate/postgres-lock.ts: a Client with its options, connecting (port 1 refuses).
  pg: async (pg) => {
    const client = new pg.Client({ connectionString: 'postgresql://warm-up@127.0.0.1:1/warm-up', application_name: 'paas-init warm-up', keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    const refused = await client.connect().then(() => false, (e) => e.code === 'ECONNREFUSED');
    if (!refused) throw new Error('chunk-code-cache: the pg warm-up expected its connection to port 1 to be refused');
  },
};

const warmUp = warmUps[name];
if (warmUp === undefined) throw new Error(`chunk-code-cache: no warm-up for chunk ${name}`);
// The same text and file name as load-chunk.ts compiles.
const script = new Script(readFileSync(file, 'utf8'), { filename: `paas-init:chunk-${name}.js` });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(import.meta.url), module, `chunk-${name}.js`, '/');
await warmUp(module.exports);
writeFileSync(out, script.createCachedData());
