import type { Problem } from '../errors.js';
import type { MaybeSecret, Secret } from '../log/secret.js';
import type { FrameworkName } from '../mapping/frameworks.js';
import type { LineChoice } from './paas-charm-line.js';
import type { PebbleCheck } from '../pebble/combine-checks.js';
import type { ServicePolicy } from '../pebble/layer.js';
import type { RunAs } from '../pebble/user-db.js';
import type { ExtraProcess } from './processes.js';

/** A file the shell writes before the app starts. */
export interface PlanFile {
  readonly path: string;
  readonly content: string;
}

/** Where a variable's value came from, for `check`. */
export type VarSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'config-file'; readonly path: string }
  | { readonly kind: 'config-yaml'; readonly path: string }
  | { readonly kind: 'set' }
  | { readonly kind: 'secret'; readonly path: string }
  | { readonly kind: 'binding'; readonly endpoint: string; readonly path: string }
  | { readonly kind: 'relation-flag'; readonly endpoint: string }
  | { readonly kind: 'framework' }
  | { readonly kind: 'paas-config'; readonly path: string }
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'generated'; readonly path?: string };

/** One variable the app gets. Sensitive values are Secrets and print as `<redacted>`. */
export interface PlanVar {
  readonly name: string;
  readonly value: MaybeSecret;
  readonly source: VarSource;
}

/** Why the app must not start, in paas-charm's words. */
export interface BlockedReason {
  readonly code: 'missing-integrations' | 'missing-options' | 'database-required' | 'invalid-relation' | 'invalid-webserver';
  readonly message: string;
}

/** What `check` says of one `requires` endpoint. */
export interface RelationStatus {
  readonly endpoint: string;
  readonly interface: string;
  readonly optional: boolean;
  /** bound: variables produced; missing: no data; not-ready: data without what is needed; unmapped: paas-charm does not wire it */
  readonly state: 'bound' | 'missing' | 'not-ready' | 'invalid' | 'unmapped';
  readonly from?: string;
  readonly note?: string;
  readonly vars: readonly string[];
}

/** The migration command paas-charm would run, and the file that chose it. */
export interface MigrationPlan {
  readonly file: string;
  readonly argv: readonly string[];
  /** the app service's user and group, which the migration runs as */
  readonly runAs?: RunAs;
}

/** The immutable result of the core: everything the shells need to carry out. */
export interface Plan {
  readonly appName: string | undefined;
  readonly framework: FrameworkName | undefined;
  readonly projectFile: string | undefined;
  readonly env: readonly PlanVar[];
  readonly blocked: readonly BlockedReason[];
  readonly problems: readonly Problem[];
  readonly relations: readonly RelationStatus[];
  readonly migration: MigrationPlan | undefined;
  /** the command to run: the user's, else the framework's default, else undefined */
  readonly command: readonly string[] | undefined;
  /** where the command came from, for `check` (`layer 001-rockcraft-x.yaml, service flask`) */
  readonly commandFrom: string | undefined;
  readonly appDir: string;
  /** why this app folder (`--app-dir`, `the rock layout (/flask/app)`, ...) */
  readonly appDirFrom: string;
  /** the rock's own environment for the app's service: under the mapped env, as paas-charm's layer overrides the rock's */
  readonly serviceEnv: Readonly<Record<string, string>>;
  /** the user and group the app's service names (applied when paas-init runs as root, as Pebble does) */
  readonly runAs: RunAs | undefined;
  /** what the app service's layers say of its end, backoff and kill delay, and which service that is (undefined without one) */
  readonly policy: { readonly fields: ServicePolicy; readonly from: string } | undefined;
  readonly port: number | undefined;
  /** the rock's layer checks paas-init runs, and the name of the app's service among those their on-check-failure names */
  readonly rockChecks?: { readonly checks: readonly PebbleCheck[]; readonly appService: string | undefined };
  /** workers and schedulers that run next to the app, with its environment */
  readonly processes: readonly ExtraProcess[];
  /** all relation-derived values joined: when it changes, migrations run again (paas-charm resets on relation change) */
  readonly relationKey: Secret;
  /** the generated secret key was used (replicas without a shared state dir would disagree) */
  readonly usesGeneratedSecretKey: boolean;
  /** the paas-charm line whose environment the app gets, and why (undefined without a project) */
  readonly paasCharm: LineChoice | undefined;
  /** things `check` should say that are neither problems nor blocks (options that have no effect) */
  readonly notices: readonly string[];
  /** files `run` writes before the app starts (FastAPI's JSON logging config) */
  readonly files: readonly PlanFile[];
  /** the variable the generated key goes in, when none is kept yet: left out until `run` generates it */
  readonly secretKeyNotGenerated?: string;
}

/** The blocked status, as paas-charm shows it: the first reason (config before integrations). */
export function blockedMessage(plan: Plan): string | undefined {
  return plan.blocked[0]?.message;
}
