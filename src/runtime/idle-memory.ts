// A supervisor spends its life idle, and what it allocated while starting (parsing, planning,
// spawning) leaves its heaps larger than it needs: V8's young generation stays grown and
// old-space pages stay committed until V8 decides to shrink, which an idle process may never
// prompt, and glibc keeps the C heap's freed pages. Once start-up is over, one memory-reducing
// collection and a malloc_trim give those pages back (bench/runtime.mjs measures the private
// memory of an idle `run`).
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';
import { builtin } from './builtin.js';

/** How long after the deferred start the collection runs (the status server's start is done by then). */
const afterStartMs = 1000;

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** Schedules one memory-reducing garbage collection, then `trimMalloc`; it never keeps the process alive. */
export function shrinkHeapWhenIdle(trimMalloc: () => void): void {
  setTimeout(() => {
    const v8 = builtin<typeof V8>('node:v8');
    // The gc function exists only under --expose-gc: turned on for the one lookup, then off
    // again, so that the flags (which V8 stamps code caches with) are as they were.
    v8.setFlagsFromString('--expose-gc');
    const gc = builtin<typeof Vm>('node:vm').runInNewContext('gc') as Gc;
    v8.setFlagsFromString('--no-expose-gc');
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    trimMalloc();
  }, afterStartMs).unref();
}
