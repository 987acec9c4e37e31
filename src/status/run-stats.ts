/** Counters the status server and metrics report, kept by the shells as things happen. */
export interface RunStats {
  readonly startedAt: number;
  migrationAttempts: number;
  migrationLastCode: number | undefined;
  migrationLastDurationMs: number | undefined;
  migrationDurationsMsTotal: number;
  lastInputReloadAt: number;
  checkFailures: number;
  checkDown: string | undefined;
  /** each of the rock's layer checks that runs, by name (kept by health/rock-checks.ts) */
  readonly rockChecks: Map<string, { readonly name: string; readonly level: string | null; readonly threshold: number; failures: number; down: string | undefined }>;
}

/** Fresh counters. */
export function newRunStats(now: number): RunStats {
  return {
    startedAt: now, migrationAttempts: 0, migrationLastCode: undefined, migrationLastDurationMs: undefined, migrationDurationsMsTotal: 0,
    lastInputReloadAt: 0, checkFailures: 0, checkDown: undefined, rockChecks: new Map(),
  };
}
