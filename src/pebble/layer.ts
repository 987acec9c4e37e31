// The parts of a Pebble layer paas-init carries out (canonical/pebble internals/plan/plan.go):
// services, with what decides how, as whom and in which order they run. A field left out of
// a layer is undefined here, so that merging can tell "unset" from "empty".

/** One service as one layer declares it. */
export interface LayerService {
  readonly name: string;
  readonly override?: string;
  readonly summary?: string;
  readonly startup?: 'enabled' | 'disabled';
  readonly command?: string;
  readonly after?: readonly string[];
  readonly before?: readonly string[];
  readonly requires?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly userId?: number;
  readonly group?: string;
  readonly groupId?: number;
  readonly workingDir?: string;
}

/** One layer file: its path, its name (as `check` shows it) and its services, in file order. */
export interface Layer {
  readonly path: string;
  readonly name: string;
  readonly services: readonly LayerService[];
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
