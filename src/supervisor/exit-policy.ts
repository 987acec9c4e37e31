// What a process's own end leads to, as Pebble decides it (servstate/handlers.go exited,
// getAction, calculateNextBackoff, killDelay), with paas-init's flags and defaults around the
// layer's say. Pure. Pebble's shutdown actions end the daemon with 0 (success) or 10 (service
// failure, cmd_run.go); for the app paas-init's own rule stands: its exit code passes through.
import { ExitCode } from '../errors.js';
import type { ServiceAction, ServicePolicy } from '../pebble/layer.js';
import { pebbleBackoff, type BackoffPolicy } from './backoff.js';

/** A process's resolved policy: every field set. */
export interface ExitPolicy {
  readonly onSuccess: ServiceAction;
  readonly onFailure: ServiceAction;
  readonly backoff: BackoffPolicy;
  /** from the stop signal to SIGKILL (a layer's kill-delay) */
  readonly graceMs: number;
}

/** paas-init's say around a layer's policy: its defaults under it, flags given on the command line over it. */
export interface PolicySettings {
  readonly defaults: { readonly onExit: 'restart' | 'shutdown'; readonly graceMs: number };
  readonly flags: { readonly onExit?: 'restart' | 'shutdown'; readonly graceMs?: number };
}

/** A rock service's or a worker's settings, from the app's: one without a policy of its own restarts; run's --grace, when given, is its default grace. */
export function serviceSettings(app: PolicySettings): PolicySettings {
  return { defaults: { onExit: 'restart', graceMs: app.flags.graceMs ?? app.defaults.graceMs }, flags: {} };
}

/** Which process a machine runs: the app's end is paas-init's; a service's shutdown asks for everyone's. */
export type ProcessRole = 'app' | 'service';

/** The layer's policy (undefined: no layer names the process) with `settings` applied. */
export function resolvePolicy(layer: ServicePolicy | undefined, settings: PolicySettings): ExitPolicy {
  const { defaults, flags } = settings;
  return {
    onSuccess: flags.onExit ?? layer?.onSuccess ?? defaults.onExit,
    onFailure: flags.onExit ?? layer?.onFailure ?? defaults.onExit,
    backoff: {
      delayMs: layer?.backoffDelayMs ?? pebbleBackoff.delayMs,
      factor: layer?.backoffFactor ?? pebbleBackoff.factor,
      limitMs: layer?.backoffLimitMs ?? pebbleBackoff.limitMs,
      jitter: pebbleBackoff.jitter,
    },
    graceMs: flags.graceMs ?? layer?.killDelayMs ?? defaults.graceMs,
  };
}

/** What an end that nobody asked for leads to. */
export type ExitDecision =
  | { readonly kind: 'restart' }
  /** Pebble's `ignore`: the process stays down (until a new plan for it) */
  | { readonly kind: 'leave' }
  | { readonly kind: 'shutdown'; readonly code: number };

/** Pebble's getAction and its switch: exit code 0 takes on-success, any other on-failure. */
export function exitDecision(code: number, policy: ExitPolicy, role: ProcessRole): ExitDecision {
  const action = code === 0 ? policy.onSuccess : policy.onFailure;
  switch (action) {
    case 'restart': return { kind: 'restart' };
    case 'ignore': return { kind: 'leave' };
    case 'success-shutdown': return { kind: 'shutdown', code: ExitCode.ok };
    case 'failure-shutdown': return { kind: 'shutdown', code: ExitCode.serviceFailure };
    case 'shutdown': return { kind: 'shutdown', code: code === 0 ? ExitCode.ok : role === 'app' ? code : ExitCode.serviceFailure };
  }
}

/** Which of the two fields decided, for logs: Pebble's words. */
export function actionField(code: number): 'on-success' | 'on-failure' {
  return code === 0 ? 'on-success' : 'on-failure';
}
