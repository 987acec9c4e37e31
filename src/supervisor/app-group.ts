// The app and its workers and schedulers, each under its own state machine. The migration runs
// once, in the app's supervisor; the others get the plan (the same environment) only once the
// migration has succeeded for its relation data, as paas-charm migrates before it replans every
// service. A rock's own services that the app is ordered after (statsd-exporter) start with
// the app, with their own environment only. Each follows its own layer's policy; paas-init's
// --on-exit and --grace are the app's. paas-init exits with the app's code, after stopping the
// others, unless a service's shutdown action stopped everything: then with the code it gave.
import type { Plan } from '../plan/plan.js';
import type { ExtraProcess } from '../plan/processes.js';
import { ProcessSupervisor, type SupervisorOptions, type SupervisorView } from './process-supervisor.js';
import { serviceSettings } from './exit-policy.js';
import type { SupervisorState } from './state.js';

/** What the group needs: what each process's supervisor needs, less its own name and hook. */
export type AppGroupOptions = Omit<SupervisorOptions, 'name' | 'onTransition'> & {
  /** told of each of the app's transitions (after the group has acted on it) */
  readonly onAppTransition?: (state: SupervisorState) => void;
};

/** The app plus extra processes. */
export class AppGroup {
  readonly #o: AppGroupOptions;
  readonly #app: ProcessSupervisor;
  readonly #extras = new Map<string, ProcessSupervisor>();
  #plan: Plan | undefined;
  #pendingExtras: Plan | undefined;
  #stopping = false;
  /** paas-init's exit code: the app's, or the one a service's shutdown action gave */
  readonly done: Promise<number>;

  constructor(o: AppGroupOptions) {
    this.#o = o;
    this.#app = new ProcessSupervisor({
      ...o,
      onTransition: (s) => {
        this.#afterAppTransition(s);
        o.onAppTransition?.(s);
      },
    });
    this.done = this.#app.done.then(async (code) => {
      this.#stopping = true;
      for (const s of this.#extras.values()) s.shutdown('SIGTERM');
      await Promise.all([...this.#extras.values()].map((s) => s.done));
      return code;
    });
  }

  /** A new good plan for every process. */
  offer(plan: Plan): void {
    this.#plan = plan;
    // Pebble's order: what the app is after starts first.
    for (const p of plan.processes) if (p.beforeApp) this.#offerExtra(p, plan);
    this.#app.offer(plan);
    this.#pendingExtras = plan;
    this.#afterAppTransition(this.#app.view().state);
  }

  /** Stops everything gracefully; paas-init then exits with the app's code. */
  shutdown(signal: string): void {
    this.#stop(signal, undefined);
  }

  /**
   * A service's or a rock check's shutdown action: everything stops, then paas-init exits with
   * `code`. The first such ask wins, and none counts once paas-init is stopping (a check failing
   * because its app is being stopped must not send a second signal nor change the exit code).
   */
  shutdownWith(code: number): void {
    if (!this.#stopping) this.#stop('SIGTERM', code);
  }

  #stop(signal: string, code: number | undefined): void {
    this.#stopping = true;
    this.#app.shutdown(signal, code);
    for (const s of this.#extras.values()) s.shutdown(signal);
  }

  /** A health check is down: the app is restarted. */
  unhealthy(reason: string): void {
    this.#app.unhealthy(reason);
  }

  /** A rock check is down and `name`'s on-check-failure says restart (a service not running is left to its own course). */
  restartService(name: string, reason: string): void {
    this.#extras.get(name)?.unhealthy(reason);
  }

  /** Passes a signal to the app (not to workers: they are the app's helpers, not its face). */
  forward(signal: string): void {
    this.#app.forward(signal);
  }

  /** The app's supervisor view, for status. */
  view(): SupervisorView {
    return this.#app.view();
  }

  /** Workers and schedulers: name and phase. */
  extras(): { name: string; phase: string; restarts: number }[] {
    return [...this.#extras].map(([name, s]) => ({ name, phase: s.view().state.phase, restarts: s.view().state.restarts }));
  }

  #afterAppTransition(state: SupervisorState): void {
    const plan = this.#pendingExtras;
    if (plan === undefined || this.#stopping) return;
    // Extras wait for the app's migration; while the app is blocked they are blocked too.
    const migrated = plan.migration === undefined || (state.migratedFor !== undefined && state.migratedFor.equals(plan.relationKey));
    if (!migrated && state.phase !== 'blocked') return;
    this.#pendingExtras = undefined;
    for (const p of plan.processes) if (!p.beforeApp) this.#offerExtra(p, plan);
    // A process gone from the declarations is stopped.
    for (const [name, s] of this.#extras) {
      if (!plan.processes.some((p) => p.name === name && p.enabled)) {
        s.shutdown('SIGTERM');
        this.#extras.delete(name);
      }
    }
  }

  /** Starts (or hands a new plan to) one extra process, with the plan cut to what it gets. */
  #offerExtra(p: ExtraProcess, plan: Plan): void {
    if (!p.enabled) return;
    let s = this.#extras.get(p.name);
    if (s === undefined) {
      s = new ProcessSupervisor({
        ...this.#o, name: p.name, machine: { ...this.#o.machine, role: 'service' },
        policy: serviceSettings(this.#o.policy),
        onShutdownAll: (code) => this.shutdownWith(code),
      });
      this.#extras.set(p.name, s);
    }
    s.offer({
      ...plan,
      command: p.argv,
      migration: undefined,
      processes: [],
      appDir: p.workingDir ?? plan.appDir,
      serviceEnv: p.env ?? {},
      runAs: p.runAs,
      policy: p.policy === undefined ? undefined : { fields: p.policy, from: p.from },
      // A rock service that is not a worker runs as Pebble runs it: its own env, never blocked by the app's inputs.
      ...(p.appEnv ? {} : { env: [], blocked: [] }),
    });
  }

  /** the last plan offered */
  get plan(): Plan | undefined {
    return this.#plan;
  }
}
