/**
 * Login rate limiting with growing back-off, per account and per address. A guessing attack on one
 * officer's account is slowed down quickly; a whole polling point behind one address (officers
 * sharing a commune network) gets more room before it is slowed.
 */
export type ThrottlePolicy = {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  resetAfterMs: number;
};

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: 60 * 60_000,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: 60 * 60_000,
};

export type ThrottleState = { failures: number; lastFailureAt: number; lockedUntil: number | null };

/** The state after one more failure at `now` (ms since epoch). */
export function recordFailure(
  policy: ThrottlePolicy,
  state: ThrottleState | null,
  now: number,
): ThrottleState {
  const stale = state === null || now - state.lastFailureAt > policy.resetAfterMs;
  const failures = stale ? 1 : state.failures + 1;
  const over = failures - policy.freeFailures;
  const lockedUntil = over >= 0 ? now + lockDuration(policy, over) : null;
  return { failures, lastFailureAt: now, lockedUntil };
}

/** Doubling from the base lock, capped: 30 s, 1 min, 2 min, … 15 min. */
export function lockDuration(policy: ThrottlePolicy, over: number): number {
  const factor = 2 ** Math.min(over, 20);
  return Math.min(policy.baseLockMs * factor, policy.maxLockMs);
}

/** Milliseconds the key must still wait, or 0 when it may try. */
export function waitRemaining(state: ThrottleState | null, now: number): number {
  if (state?.lockedUntil == null) return 0;
  return Math.max(0, state.lockedUntil - now);
}

/** "45 giây", "2 phút": how long to wait, rounded up, as an officer reads it. */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} giây`;
  return `${Math.ceil(seconds / 60)} phút`;
}
