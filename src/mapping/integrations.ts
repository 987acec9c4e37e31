// Integration facts from paas-charm (../shared/reference/paas-charm.md sections 3 and 4).
// Data only: one row per integration; the family module in plan/integrations/ reads the row.

/** The code family that turns a binding into variables; one module each in plan/integrations/. */
export type IntegrationFamily = 'database-uri';

/** One integration paas-charm wires, and how paas-init reads it from a binding. */
export interface IntegrationSpec {
  /** the `requires` interface in charmcraft.yaml */
  readonly interface: string;
  /** paas-charm only wires this exact endpoint name */
  readonly endpoint: string;
  readonly family: IntegrationFamily;
  /** name used in `missing integrations: …` */
  readonly missingName: string;
  /** position in paas-charm's missing-integrations message (databases keep metadata order) */
  readonly checkOrder: number;
  /** paas-charm checks it in is_ready; a missing unchecked endpoint never blocks */
  readonly checked: boolean;
  /** env name prefix, e.g. POSTGRESQL_DB */
  readonly envPrefix: string;
  /** URI scheme paas-charm builds */
  readonly scheme: string;
  /** emit <prefix>_NAME from the URI path (database-style splitter) */
  readonly emitsName: boolean;
  /** username and password must both be present when the URI is built from parts */
  readonly needsCredentials: boolean;
  /** Service Binding `type` values that commonly name it (for `check` hints only) */
  readonly bindingTypes: readonly string[];
}

/** Every integration row, in paas-charm's check order. */
export const integrations: readonly IntegrationSpec[] = [
  { interface: 'postgresql_client', endpoint: 'postgresql', family: 'database-uri', missingName: 'postgresql', checkOrder: 0, checked: true, envPrefix: 'POSTGRESQL_DB', scheme: 'postgresql', emitsName: true, needsCredentials: true, bindingTypes: ['postgresql', 'postgres'] },
  { interface: 'mysql_client', endpoint: 'mysql', family: 'database-uri', missingName: 'mysql', checkOrder: 0, checked: true, envPrefix: 'MYSQL_DB', scheme: 'mysql', emitsName: true, needsCredentials: true, bindingTypes: ['mysql', 'mariadb'] },
  { interface: 'mongodb_client', endpoint: 'mongodb', family: 'database-uri', missingName: 'mongodb', checkOrder: 0, checked: true, envPrefix: 'MONGODB_DB', scheme: 'mongodb', emitsName: true, needsCredentials: true, bindingTypes: ['mongodb'] },
  { interface: 'redis', endpoint: 'redis', family: 'database-uri', missingName: 'redis', checkOrder: 2, checked: true, envPrefix: 'REDIS_DB', scheme: 'redis', emitsName: true, needsCredentials: false, bindingTypes: ['redis'] },
];

/** The row paas-charm would wire for this endpoint, if any: name and interface must both match. */
export function integrationFor(endpoint: string, iface: string): IntegrationSpec | undefined {
  return integrations.find((i) => i.endpoint === endpoint && i.interface === iface);
}

/** Interfaces whose data is a database (Django blocks without one of these bound). */
export const databaseInterfaces: readonly string[] = ['postgresql_client', 'mysql_client', 'mongodb_client'];
