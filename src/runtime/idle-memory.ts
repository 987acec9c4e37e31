// A supervisor spends its life idle, and what it allocated while starting (parsing, planning,
// spawning) leaves its heaps larger than it needs: V8's young generation stays grown and
// old-space pages stay committed until V8 decides to shrink, which an idle process may never
// prompt; the bytecode of every function the code cache brought in (env, check, migrate paths
// included) stays until it has been unused for --bytecode-old-age major collections; glibc keeps
// the C heap's freed pages. Once start-up is over, a few memory-reducing collections with that
// age lowered to one, and a malloc_trim, give those pages back (bench/runtime.mjs measures the
// private memory of an idle `run`). A function flushed and needed later is compiled again from
// its source, off the start-up path.
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';
import { builtin } from './builtin.js';

/** How long after the deferred start the collection runs (the status server's start is done by then). */
const afterStartMs = 1000;

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** Enough collections for bytecode unused since start-up to reach the lowered age and go. */
const collections = 3;

/** Schedules the memory-reducing collections, then `trimMalloc`; it never keeps the process alive. */
export function shrinkHeapWhenIdle(trimMalloc: () => void): void {
  setTimeout(() => {
    const v8 = builtin<typeof V8>('node:v8');
    // The gc function exists only under --expose-gc, and the age is V8's default (6) after:
    // flags are set for the moment and put back, so that they (which V8 stamps code caches
    // with, as a pg chunk loaded later reads its cache) are as they were.
    v8.setFlagsFromString('--expose-gc');
    const gc = builtin<typeof Vm>('node:vm').runInNewContext('gc') as Gc;
    v8.setFlagsFromString('--no-expose-gc');
    v8.setFlagsFromString('--bytecode-old-age=1');
    for (let i = 0; i < collections; i++) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    v8.setFlagsFromString('--bytecode-old-age=6');
    trimMalloc();
  }, afterStartMs).unref();
}
