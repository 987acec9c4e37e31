import type { BackoffPolicy } from '../supervisor/backoff.js';

/** Migration retries: 1 s doubling to 60 s with 10 % jitter (paas-charm waits for the next update-status). */
export const migrationBackoff: BackoffPolicy = { delayMs: 1000, factor: 2, limitMs: 60_000, jitter: 0.1 };

/** Default per-attempt timeout: after it the script's process group is killed. */
export const defaultMigrationTimeoutMs = 10 * 60_000;
