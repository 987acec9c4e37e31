// The single binary's entry point (its SEA "main"). Node's own SEA code cache (useCodeCache) holds
// only what V8 compiles before the script runs, the top level; every function paas-init calls
// is still parsed and compiled on first use, ~3-4 ms on each start (as the README says). build/sea/code-cache.mjs
// runs the bundle once through its common paths and keeps V8's cache of everything compiled;
// this loader compiles the bundle with that cache.
'use strict';
const sea = require('node:sea');
const { Script } = require('node:vm');

// V8 accepts a code cache only under the flags it was made with: both the cache and this compile
// use V8's defaults. A cache is made by the Node it runs in (the build's x64 Node for x64; an
// empty one elsewhere: V8 rejects an x64 cache on arm64).
const cache = sea.getRawAsset('paas-init.code-cache');
// The bundle is ASCII (esbuild escapes the rest; the build checks): read as latin1 it is copied
// into a one-byte string without a UTF-8 decode.
const source = Buffer.from(sea.getRawAsset('paas-init.cjs')).toString('latin1');
const script = new Script(source, { filename: 'paas-init.cjs', cachedData: cache.byteLength === 0 ? undefined : new Uint8Array(cache) });
// For the build's and the tests' check that the cache is used (a rejected cache costs only time).
if (process.env.PAAS_INIT_REPORT_CODE_CACHE === '1') process._rawDebug(`paas-init: code cache ${script.cachedDataRejected ? 'rejected' : 'accepted'}`);
// The bundle is an IIFE whose only free name is `require`, for Node's built-ins.
globalThis.require = require;
script.runInThisContext();
