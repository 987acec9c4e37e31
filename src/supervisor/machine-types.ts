// The state machine's data (state.ts holds its rules): what it remembers, what it is told, what
// it asks the shell to do.
import type { LogEvent } from '../log/events.js';
import type { Secret } from '../log/secret.js';
import type { ExitPolicy, ProcessRole } from './exit-policy.js';

/** What should run, derived from the last good plan. */
export interface Desired {
  /** paas-charm's blocked message, when the app must not run */
  readonly blocked: string | undefined;
  /** env + command: when it changes, the app restarts */
  readonly envKey: Secret;
  /** relation data: when it changes, migrations run again */
  readonly relationKey: Secret;
  readonly hasMigration: boolean;
  /** what the process's own end leads to, its backoff and its stop grace */
  readonly policy: ExitPolicy;
}

/** The supervisor's phases. */
/** `inactive`: ended and left down, as its policy says (Pebble's `ignore`), until a changed plan. */
export type Phase = 'waiting' | 'blocked' | 'migrating' | 'starting' | 'running' | 'stopping' | 'backoff' | 'inactive' | 'exited';

/** Why a running app is being stopped. */
export type StopReason = 'restart' | 'blocked' | 'shutdown' | 'unhealthy';

/** Everything the machine remembers. */
export interface SupervisorState {
  readonly phase: Phase;
  readonly desired: Desired | undefined;
  readonly app: { readonly pid: number; readonly startedAt: number; readonly envKey: Secret } | undefined;
  /** the current restart delay before jitter; 0 when not backing off */
  readonly backoffMs: number;
  readonly restarts: number;
  /** the relation data the last successful migration ran for */
  readonly migratedFor: Secret | undefined;
  /** while stopping: why, with which signal, and how far the stop has got (a stop-steps.ts step) */
  readonly stopFor: StopReason | undefined;
  readonly stopSignal: string | undefined;
  readonly stopStep: number;
  /** an app given up after SIGKILL (stop-elapsed): its late end, if it comes, changes nothing */
  readonly givenUp: number | undefined;
  /** set once paas-init was asked to stop: the signal that arrived, and when */
  /** `code`: the exit code asked for with it (a service's shutdown action), over the app's */
  readonly shutdown: { readonly signal: string; readonly at: number; readonly code?: number } | undefined;
  readonly lastBlocked: string | undefined;
  readonly lastExit: { readonly code: number; readonly signal?: string } | undefined;
}

/** Inputs to the machine. */
export type SupervisorEvent =
  | { readonly type: 'plan'; readonly desired: Desired }
  | { readonly type: 'started'; readonly pid: number; readonly now: number }
  | { readonly type: 'exited'; readonly pid: number; readonly code: number; readonly signal?: string; readonly now: number }
  | { readonly type: 'backoff-elapsed' }
  | { readonly type: 'stop-elapsed'; readonly now: number }
  | { readonly type: 'shutdown'; readonly signal: string; readonly now: number; readonly code?: number }
  | { readonly type: 'forward'; readonly signal: string }
  | { readonly type: 'migrated'; readonly ok: boolean; readonly relationKey: Secret; readonly now: number }
  | { readonly type: 'unhealthy'; readonly reason: string };

/** The machine's timers. */
export type Timer = 'backoff' | 'stop';

/** Outputs of the machine, carried out in order by the shell. */
export type Effect =
  | { readonly kind: 'spawn' }
  /** `forwarded`: passed on for someone else (logged when delivered), not a stop of paas-init's */
  | { readonly kind: 'signal'; readonly signal: string; readonly group: boolean; readonly forwarded: boolean }
  | { readonly kind: 'start-timer'; readonly timer: Timer; readonly ms: number }
  | { readonly kind: 'cancel-timer'; readonly timer: Timer }
  | { readonly kind: 'migrate' }
  | { readonly kind: 'abort-migration' }
  | { readonly kind: 'log'; readonly event: LogEvent }
  /** `orphansBy`: until when processes the app left behind may take to stop (ms since epoch) */
  | { readonly kind: 'exit'; readonly code: number; readonly orphansBy: number }
  /** a service's end asks for paas-init's: everything stops, then paas-init exits with `code` */
  | { readonly kind: 'shutdown-all'; readonly code: number };

/** Fixed settings of one supervisor (what varies with the plan is in Desired's policy). */
export interface MachineConfig {
  readonly role: ProcessRole;
  /** from SIGKILL to giving the process up (stop-steps.ts) */
  readonly failMs: number;
  /** the stop signal and forwarded ones go to the app's whole process group */
  readonly signalGroup: boolean;
  /** a number in [0, 1) for jitter; injected so tests are deterministic */
  readonly random: () => number;
}

/** The state before any plan arrived. */
export const initialState: SupervisorState = {
  phase: 'waiting', desired: undefined, app: undefined, backoffMs: 0, restarts: 0, migratedFor: undefined,
  stopFor: undefined, stopSignal: undefined, stopStep: 0, givenUp: undefined, shutdown: undefined, lastBlocked: undefined, lastExit: undefined,
};

/** The result of one transition. */
export interface Step {
  readonly state: SupervisorState;
  readonly effects: readonly Effect[];
}

