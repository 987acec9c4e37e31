// What nobody waits for at start-up (the status server: loading node:http and listening; the
// health checks) waits until the app has had a moment: started alongside gunicorn's boot, its
// CPU slowed that boot on a 2-vCPU machine (bench/example-startup.mjs). It begins a moment after
// the last spawn (a migration's, then the app's right after it), at once when the app is blocked
// or has stopped, and after a fallback delay if nothing has happened by then (invalid input, a
// lock another replica holds).

/** How long the deferred start waits for the first child before starting anyway. */
const fallbackMs = 250;
/** How long after a child's spawn (if no other follows) the deferred start happens. */
const afterSpawnMs = 300;

/** Starts `start` once, at the moment the app's spawns say; `cancel` makes sure it never does. */
export class DeferredStart {
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #start: () => void;

  constructor(start: () => void) {
    this.#start = start;
    this.#in(fallbackMs);
  }

  /** A child was just spawned: start a moment later, unless another spawn follows. */
  afterSpawn(): void {
    this.#in(afterSpawnMs);
  }

  /** Follows the app's phase: a moment after it runs, at once when it is blocked or has stopped. */
  followApp(phase: string): void {
    if (phase === 'running') this.#in(afterSpawnMs);
    else if (phase === 'blocked' || phase === 'backoff' || phase === 'inactive' || phase === 'exited') this.#in(0);
  }

  /** paas-init is exiting: a late timer must not start anything now. */
  cancel(): void {
    this.#started = true;
    clearTimeout(this.#timer);
  }

  /** (Re)schedules the start `ms` from now, replacing any earlier schedule. */
  #in(ms: number): void {
    if (this.#started) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fire(), ms);
  }

  #fire(): void {
    if (this.#started) return;
    this.#started = true;
    clearTimeout(this.#timer);
    this.#start();
  }
}
