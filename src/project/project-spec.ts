import type { FrameworkSpec } from '../mapping/frameworks.js';

/** The type of a config option, as charmcraft.yaml declares it. */
export type OptionType = 'string' | 'int' | 'float' | 'boolean' | 'secret';

/** A typed config value: ints are bigint so that large values keep every digit. */
export type ConfigValue = string | bigint | number | boolean;

/** One entry of `config.options`. */
export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  readonly default?: ConfigValue;
  readonly description?: string;
  /** paas-charm: only `optional: false` makes an option required */
  readonly required: boolean;
  /** declared by the framework extension rather than the project file */
  readonly fromExtension: boolean;
}

/** One entry of `requires`. */
export interface EndpointSpec {
  readonly name: string;
  readonly interface: string;
  /** Juju: an endpoint is required unless it says `optional: true` */
  readonly optional: boolean;
  readonly limit?: number;
}

/** What paas-init takes from a charmcraft.yaml. */
export interface ProjectSpec {
  readonly file: string;
  readonly name: string;
  readonly framework: FrameworkSpec | undefined;
  readonly options: ReadonlyMap<string, OptionSpec>;
  readonly requires: readonly EndpointSpec[];
  /** the bases it is packed for (`ubuntu@24.04`): they choose the paas-charm line */
  readonly bases: readonly string[];
}
