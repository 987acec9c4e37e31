// The variable names other modules read back from a plan (the migration's database lock,
// --wait-for-relations) or set themselves (Spring Boot's), derived from the integration rows
// where they come from one, so that each is spelled once.
import { integrations } from './integrations.js';

function prefixOf(iface: string): string {
  const row = integrations.find((i) => i.interface === iface);
  if (row === undefined) throw new Error(`internal error: no integration row for ${iface}`);
  return row.envPrefix;
}

/** The variable that holds a database relation's URI: POSTGRESQL_DB_CONNECT_STRING, MYSQL_DB_CONNECT_STRING. */
export function connectStringVar(iface: 'postgresql_client' | 'mysql_client'): string {
  return `${prefixOf(iface)}_CONNECT_STRING`;
}

/** A relation whose server a plan names by host and port variables. */
export interface ServerAddressVars {
  /** the relation, as logs name it */
  readonly name: string;
  readonly hostVar: string;
  readonly portVar: string;
  /** the server's usual port, when the data gives none */
  readonly defaultPort: number;
}

const servers: readonly (readonly [name: string, iface: string, defaultPort: number])[] = [
  ['postgresql', 'postgresql_client', 5432], ['mysql', 'mysql_client', 3306], ['mongodb', 'mongodb_client', 27017],
  ['redis', 'redis', 6379], ['valkey', 'valkey_client', 6379], ['rabbitmq', 'rabbitmq', 5672],
];

/** The databases, caches and brokers a plan can name a server of, with their HOSTNAME/PORT variables. */
export const serverAddressVars: readonly ServerAddressVars[] = servers.map(([name, iface, defaultPort]) => ({
  name, hostVar: `${prefixOf(iface)}_HOSTNAME`, portVar: `${prefixOf(iface)}_PORT`, defaultPort,
}));

/** OpenTelemetry's exporter switches, which Spring Boot turns off without a tracing relation (springboot/charm.py). */
export const otelExporterVars: readonly string[] = ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER'];
