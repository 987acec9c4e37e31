// The parts of a Pebble layer paas-init carries out (canonical/pebble internals/plan/plan.go):
// services, with what decides how, as whom and in which order they run, and what their end
// leads to. A field left out of a layer is undefined here, so that merging can tell "unset"
// from "empty", and defaults are applied only where the policy is resolved (supervisor/).

/** Pebble's actions for a service's end (plan.go ServiceAction). */
export type ServiceAction = 'restart' | 'shutdown' | 'failure-shutdown' | 'success-shutdown' | 'ignore';

/** What a service's end leads to, its restart backoff and its stop grace, as the layers set them. */
export interface ServicePolicy {
  /** after exit code 0: restart, shutdown, failure-shutdown or ignore */
  readonly onSuccess?: ServiceAction;
  /** after any other end: restart, shutdown, success-shutdown or ignore */
  readonly onFailure?: ServiceAction;
  /** per Pebble check of the layers: what its going down does to this service */
  readonly onCheckFailure?: Readonly<Record<string, ServiceAction>>;
  readonly backoffDelayMs?: number;
  readonly backoffFactor?: number;
  readonly backoffLimitMs?: number;
  /** from SIGTERM to SIGKILL when the service is stopped */
  readonly killDelayMs?: number;
}

/** How a process runs: what a service and an exec check both set. */
export interface ProcessFields {
  readonly environment?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly userId?: number;
  readonly group?: string;
  readonly groupId?: number;
  readonly workingDir?: string;
}

/** One service as one layer declares it. */
export interface LayerService extends ServicePolicy, ProcessFields {
  readonly name: string;
  readonly override?: string;
  readonly summary?: string;
  readonly startup?: 'enabled' | 'disabled';
  readonly command?: string;
  readonly after?: readonly string[];
  readonly before?: readonly string[];
  readonly requires?: readonly string[];
}

/** One layer file: its path, its name (as `check` shows it), its services and checks in file order, and the names of its log targets (which paas-init does not use). */
export interface Layer {
  readonly path: string;
  readonly name: string;
  readonly services: readonly LayerService[];
  readonly checks: readonly LayerCheck[];
  readonly logTargets: readonly string[];
}

/** One check as one layer declares it (plan.go Check): unset fields are undefined, for merging. */
export interface LayerCheck {
  readonly name: string;
  readonly override?: string;
  readonly level?: 'alive' | 'ready';
  readonly startup?: 'enabled' | 'disabled';
  readonly periodMs?: number;
  readonly timeoutMs?: number;
  readonly threshold?: number;
  readonly http?: { readonly url?: string; readonly headers?: Readonly<Record<string, string>> };
  readonly tcp?: { readonly port?: number; readonly host?: string };
  readonly exec?: ExecCheckFields;
}

/** An exec check's fields (plan.go ExecCheck). */
export interface ExecCheckFields extends ProcessFields {
  readonly command?: string;
  readonly serviceContext?: string;
}

/** A service of the combined plan, with the layers that shaped it (for `check`). */
export interface PlanService extends LayerService {
  /** names of the layer files that defined or merged into it, in order */
  readonly layers: readonly string[];
  /** the path of the last of them, for problems */
  readonly file: string;
}

/** The services of all layers combined, by name. */
export type RockServices = ReadonlyMap<string, PlanService>;

/** Where a service came from, in `check`'s words: `layer 001-rockcraft-x.yaml, service flask`. */
export function serviceOrigin(s: PlanService): string {
  return `${s.layers.length === 1 ? 'layer' : 'layers'} ${s.layers.join(', ')}, service ${s.name}`;
}

/** The policy fields of a service, alone (for the plan: what its end leads to). */
export function policyOf(s: ServicePolicy): ServicePolicy {
  const keys = ['onSuccess', 'onFailure', 'onCheckFailure', 'backoffDelayMs', 'backoffFactor', 'backoffLimitMs', 'killDelayMs'] as const;
  return Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]])) as ServicePolicy;
}
