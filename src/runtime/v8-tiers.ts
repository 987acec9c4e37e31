// paas-init runs its code once (a CLI verb) or sits idle (a supervisor); V8's optimising compiler
// (TurboFan) never pays off here, yet on a 100-option project it would kick in during start-up
// and cost ~5 MiB of peak RSS (its code pages and compile zones) plus a background thread's CPU.
// The interpreter and the baseline compiler (Sparkplug) are kept. bench/env-startup.mjs shows
// the effect. Loading node:v8 loads Node's streams too (~2 ms): `run` turns TurboFan off only
// once the app is on its way, every other verb at once (main.ts).
import type * as V8 from 'node:v8';
import { builtin } from '../chunks/builtin.js';

let done = false;

/** Turns TurboFan off for the rest of this process (idempotent). */
export function interpreterAndBaselineOnly(): void {
  if (done) return;
  done = true;
  builtin<typeof V8>('node:v8').setFlagsFromString('--no-turbofan');
}
