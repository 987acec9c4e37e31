// Imported first by main.ts, for its side effect. paas-init runs its code once (a CLI verb) or
// sits idle (a supervisor); V8's optimising compiler (TurboFan) never pays off here, yet on a
// 100-option project it would kick in during start-up and cost ~5 MiB of peak RSS (its code
// pages and compile zones) plus a background thread's CPU. The interpreter and the baseline
// compiler (Sparkplug) are kept. bench/env-startup.mjs shows the effect.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-turbofan');
