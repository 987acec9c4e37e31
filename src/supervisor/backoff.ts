/** Restart backoff policy; Pebble's defaults (internals/plan/plan.go). */
export interface BackoffPolicy {
  readonly delayMs: number;
  readonly factor: number;
  readonly limitMs: number;
  /** up to this fraction of the delay is added at random (Pebble: 10 %) */
  readonly jitter: number;
}

/** 500 ms doubling to 30 s, with up to 10 % jitter; reset once the app stays up 30 s. */
export const pebbleBackoff: BackoffPolicy = { delayMs: 500, factor: 2, limitMs: 30_000, jitter: 0.1 };

/**
 * The next delay, before jitter: the first is `delayMs`, then each is multiplied by `factor`,
 * capped at `limitMs`. `current` is 0 when no backoff is under way.
 */
export function nextBackoff(current: number, policy: BackoffPolicy): number {
  if (current <= 0) return policy.delayMs;
  return Math.min(policy.limitMs, current * policy.factor);
}

/** Jitter is kept apart so that nextBackoff stays deterministic; `random` is in [0, 1). */
export function withJitter(delayMs: number, policy: BackoffPolicy, random: number): number {
  return Math.round(delayMs * (1 + policy.jitter * random));
}

/** An app that stayed up for the backoff limit has recovered: the next crash starts from the first delay. */
export function shouldResetBackoff(uptimeMs: number, policy: BackoffPolicy): boolean {
  return uptimeMs >= policy.limitMs;
}
