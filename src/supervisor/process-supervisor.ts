// The shell around one process's state machine (the app's, or a worker's): carries out its
// effects with real processes and timers, and turns process exits, timers and signals into events.
import type { LogEvent } from '../log/events.js';
import type { Logger } from '../log/logger.js';
import { childEnv } from '../plan/render-env.js';
import type { Plan } from '../plan/plan.js';
import { desiredOf } from './desired.js';
import type { PolicySettings } from './exit-policy.js';
import { drainOrphans } from './orphans.js';
import { credentialsFor } from './run-as.js';
import type { Reaper } from './reaper.js';
import { sendSignal, spawnOwned, type OwnedProcess } from './spawn.js';
import { initialState, transition, type Effect, type MachineConfig, type SupervisorEvent, type SupervisorState, type Timer } from './state.js';

/** A migration under way, as the supervisor sees it. */
export interface MigrationHandle {
  abort(): void;
  readonly result: Promise<boolean>;
}

/** What the supervisor is given. */
export interface SupervisorOptions {
  readonly machine: MachineConfig;
  /** paas-init's defaults and flags around the policy the plan's layer gives */
  readonly policy: PolicySettings;
  readonly logger: Logger;
  readonly reaper: Reaper;
  readonly inheritedEnv: NodeJS.ProcessEnv;
  readonly startMigration: (plan: Plan, env: Record<string, string>) => MigrationHandle;
  /** the process's name in logs, for workers and schedulers (the app itself has none) */
  readonly name?: string;
  /** told after every transition (the app group uses it to start workers after the migration) */
  readonly onTransition?: (state: SupervisorState) => void;
  /** a rock service's end asks for everything to stop, then paas-init to exit with `code` */
  readonly onShutdownAll?: (code: number) => void;
}

/** Read-only view for status output. */
export interface SupervisorView {
  readonly state: SupervisorState;
  readonly plan: Plan | undefined;
}

/** Runs one process under the state machine until it exits; `done` gives its exit code. */
export class ProcessSupervisor {
  #state: SupervisorState = initialState;
  #plan: Plan | undefined;
  #app: OwnedProcess | undefined;
  #migration: MigrationHandle | undefined;
  readonly #timers = new Map<Timer, NodeJS.Timeout>();
  readonly #o: SupervisorOptions;
  #resolveDone!: (code: number) => void;
  /** paas-init's exit code, once everything has stopped */
  readonly done: Promise<number>;

  constructor(o: SupervisorOptions) {
    this.#o = o;
    this.done = new Promise((r) => (this.#resolveDone = r));
  }

  /** A new good plan (from the first read or a change of inputs). */
  offer(plan: Plan): void {
    this.#plan = plan;
    this.#dispatch({ type: 'plan', desired: desiredOf(plan, this.#o.policy) });
  }

  /** SIGTERM/SIGINT to paas-init: stop the app gracefully, then exit (with `code`, when given, rather than the app's). */
  shutdown(signal: string, code?: number): void {
    this.#dispatch({ type: 'shutdown', signal, now: Date.now(), ...(code === undefined ? {} : { code }) });
  }

  /** Any other signal: passed to the app. */
  forward(signal: string): void {
    this.#dispatch({ type: 'forward', signal });
  }

  /** A failed health check (see status/). */
  unhealthy(reason: string): void {
    this.#dispatch({ type: 'unhealthy', reason });
  }

  /** The current state, for status. */
  view(): SupervisorView {
    return { state: this.#state, plan: this.#plan };
  }

  #dispatch(e: SupervisorEvent): void {
    const step = transition(this.#state, e, this.#o.machine);
    this.#state = step.state;
    for (const effect of step.effects) this.#run(effect);
    this.#o.onTransition?.(this.#state);
  }

  #log(event: LogEvent): void {
    // Workers' and schedulers' events carry their name; the app's do not.
    this.#o.logger.log(this.#o.name !== undefined && event.event.startsWith('app.') ? Object.assign({}, event, { process: this.#o.name }) : event);
  }

  #run(effect: Effect): void {
    switch (effect.kind) {
      case 'log':
        this.#log(effect.event);
        return;
      case 'spawn':
        this.#spawn();
        return;
      case 'signal':
        this.#signal(effect);
        return;
      case 'start-timer': {
        this.#clear(effect.timer);
        this.#timers.set(effect.timer, setTimeout(() => {
          this.#timers.delete(effect.timer);
          this.#dispatch(effect.timer === 'backoff' ? { type: 'backoff-elapsed' } : { type: 'stop-elapsed', now: Date.now() });
        }, effect.ms));
        return;
      }
      case 'cancel-timer':
        this.#clear(effect.timer);
        return;
      case 'migrate':
        this.#migrate();
        return;
      case 'abort-migration':
        this.#migration?.abort();
        return;
      case 'exit':
        void this.#exit(effect.code, effect.orphansBy);
        return;
      case 'shutdown-all':
        this.#o.onShutdownAll?.(effect.code);
        return;
    }
  }

  #signal(effect: Extract<Effect, { kind: 'signal' }>): void {
    const pid = this.#app?.pid;
    if (pid === undefined) return;
    if (sendSignal(pid, effect.signal, effect.group) && effect.forwarded) this.#log({ event: 'signal.forwarded', signal: effect.signal, pid });
  }

  #spawn(): void {
    const plan = this.#plan;
    if (plan?.command === undefined || plan.command.length === 0) {
      this.#o.logger.log({ event: 'internal.error', msg: 'internal error: spawn without a command' });
      return;
    }
    const command = plan.command.join(' ');
    const credentials = credentialsFor(plan.runAs);
    const app = spawnOwned(this.#o.reaper, plan.command, { env: childEnv(plan, this.#o.inheritedEnv), cwd: plan.appDir, group: true, ...(credentials === undefined ? {} : { credentials }) });
    this.#app = app;
    const startedAt = Date.now();
    if (app.pid !== undefined) {
      this.#log({ event: 'app.started', pid: app.pid, command });
      this.#dispatch({ type: 'started', pid: app.pid, now: startedAt });
    }
    void app.ended.then((end) => {
      if (this.#app === app) this.#app = undefined;
      if (end.spawnError !== undefined) this.#log({ event: 'app.spawn-failed', command, error: end.spawnError });
      else this.#log({ event: 'app.exited', pid: app.pid ?? 0, code: end.code, ...(end.signal === undefined ? {} : { signal: end.signal }), uptimeMs: Date.now() - startedAt });
      this.#dispatch({ type: 'exited', pid: app.pid ?? 0, code: end.code, ...(end.signal === undefined ? {} : { signal: end.signal }), now: Date.now() });
    });
  }

  #migrate(): void {
    const plan = this.#plan;
    if (plan === undefined) return;
    const run = this.#o.startMigration(plan, childEnv(plan, this.#o.inheritedEnv));
    this.#migration = run;
    const relationKey = plan.relationKey;
    void run.result.then((ok) => {
      if (this.#migration === run) this.#migration = undefined;
      this.#dispatch({ type: 'migrated', ok, relationKey, now: Date.now() });
    });
  }

  async #exit(code: number, orphansBy: number): Promise<void> {
    for (const t of this.#timers.keys()) this.#clear(t);
    if (this.#o.name !== undefined) {
      // A worker's end is not paas-init's: the app's supervisor drains orphans and logs the exit.
      this.#resolveDone(code);
      return;
    }
    await drainOrphans(this.#o.reaper, this.#o.logger, orphansBy);
    this.#o.logger.log({ event: 'supervisor.exiting', code });
    this.#resolveDone(code);
  }

  #clear(timer: Timer): void {
    const t = this.#timers.get(timer);
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(timer);
  }
}
