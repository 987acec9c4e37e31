// What one health check does, as Pebble's checkers do it (checkstate/checkers.go): an HTTP GET
// that must answer 2xx, a TCP connect, or a command that must exit 0. Both paas-init's
// `--check-*` flags and a rock's layer checks come down to this; src/health/ runs it.
import type { RunAs } from './user-db.js';

/** One check; a rock's exec check adds its environment, folder and user to the checker's. */
export type CheckSpec =
  | { readonly kind: 'http'; readonly url: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'exec'; readonly argv: readonly string[]; readonly env?: Readonly<Record<string, string>>; readonly cwd?: string; readonly runAs?: RunAs };
