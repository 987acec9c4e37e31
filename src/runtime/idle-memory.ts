// A supervisor spends its life idle, and what it allocated while starting (parsing, planning,
// spawning) leaves its heaps larger than it needs: V8's young generation stays grown and
// old-space pages stay committed until V8 decides to shrink, which an idle process may never
// prompt; the bytecode of every function the code cache brought in (env, check, migrate paths
// included) stays until it has been unused for --bytecode-old-age major collections, and with it
// the baseline (Sparkplug) code V8 compiles as the bundle loads for the functions its code cache
// says were hot (yaml's, even in a run that reads no YAML), which V8 never flushes by default;
// the pages those leave half empty stay, as V8 compacts only the most fragmented ones; glibc
// keeps the C heap's freed pages. Once start-up is over, a few memory-reducing collections
// under flags that flush and compact all of that, and a malloc_trim, give those pages back
// (bench/runtime.mjs measures the private memory of an idle `run`). A function flushed and
// needed later is compiled again from its source, off the start-up path.
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';
import { builtin } from './builtin.js';

/** How long after the deferred start the collection runs (the status server's start is done by then). */
const afterStartMs = 1000;

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** Enough collections for bytecode unused since start-up to reach the lowered age and go. */
const collections = 3;

/**
 * V8 flags for the collections only, each with V8's default to put back after: V8 stamps code
 * caches with its flags, and a pg chunk loaded later reads its cache.
 */
const shrinkFlags: readonly (readonly [during: string, after: string])[] = [
  ['--bytecode-old-age=1', '--bytecode-old-age=6'],
  ['--flush-baseline-code', '--no-flush-baseline-code'],
  ['--compact-on-every-full-gc', '--no-compact-on-every-full-gc'],
];

/** Schedules the memory-reducing collections, then `trimMalloc`; it never keeps the process alive. */
export function shrinkHeapWhenIdle(trimMalloc: () => void): void {
  setTimeout(() => {
    const v8 = builtin<typeof V8>('node:v8');
    // The gc function exists only under --expose-gc, set for the moment and put back as well.
    v8.setFlagsFromString('--expose-gc');
    const gc = builtin<typeof Vm>('node:vm').runInNewContext('gc') as Gc;
    v8.setFlagsFromString('--no-expose-gc');
    for (const [during] of shrinkFlags) v8.setFlagsFromString(during);
    for (let i = 0; i < collections; i++) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    for (const [, after] of shrinkFlags) v8.setFlagsFromString(after);
    trimMalloc();
  }, afterStartMs).unref();
}
