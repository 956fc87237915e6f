/**
 * Login rate limiting (issue #9 §2). Three back-offs, none of which can lock an account for its
 * owner because of someone else's failures:
 *  - per (account, address): guessing one officer's password from one place is slowed quickly;
 *  - per address: one place trying many accounts (credential stuffing) is slowed, with more room,
 *    since a whole polling point may share one commune network address;
 *  - per account, for addresses the account has not logged in from recently: guessing spread over
 *    many addresses is slowed too, but an address that logged in successfully to the account
 *    before ("known") is never slowed by it, nor by the per-address back-off.
 * And a browser that logged in to the account before carries a device cookie (OWASP's "device
 * cookies"): with it, an attempt is slowed only by the failures made with that same cookie, so a
 * stranger behind the same address (one NAT for a whole commune office) cannot lock the owner out by
 * guessing at their account — the (account, address) back-off they trip is not the owner's.
 * Failures older than an hour are forgotten.
 */
export type ThrottlePolicy = {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  resetAfterMs: number;
};

const HOUR = 60 * 60_000;

export const PAIR_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: HOUR,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: HOUR,
};

/**
 * The account-wide guard, for unknown addresses only. Its lock is short: it may hold up an owner at
 * a new address (a phone, another office) while an attack lasts, so it stays at minutes.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 10,
  baseLockMs: 30_000,
  maxLockMs: 5 * 60_000,
  resetAfterMs: HOUR,
};

/**
 * Wrong passwords of a logged-in user where the password opens a signing key — signing minutes,
 * certifying, "Tạo khóa ký", changing the password, one count for the four: three free mistakes, then a doubling wait from 30 s up to
 * 15 min. Keyed by the user, not the address: only that logged-in user reaches these.
 */
export const SIGN_POLICY: ThrottlePolicy = {
  freeFailures: 3,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: HOUR,
};

/** Bounds on what anonymous failures can make the server write, and when the board is warned. */
export const LOGIN_LIMITS = {
  /** Per-address and per-(account, address) rows kept at most; the least recently failed go first. */
  maxThrottleRows: 1_000,
  /** Failures older than this (and not locked) are deleted. */
  forgetAfterMs: HOUR,
  /** A successful (account, address) pair stays "known" this long after its last success… */
  knownForMs: 30 * 24 * HOUR,
  /** …and an account keeps at most this many known addresses, and as many known browsers (the most recent). */
  knownPerAccount: 10,
  /** Failed logins are audited per window of this length… */
  auditWindowMs: 60_000,
  /**
   * …the first failure (and the first lock) of at most this many addresses one by one, then one
   * summary per address, plus one for every other address together.
   */
  auditAddressesPerWindow: 10,
  /** An account is under attack when it sees failures from this many addresses… */
  attackAddresses: 3,
  /** …or this many failures, within the hour; the board is warned and it is audited once an hour. */
  attackFailures: 10,
  attackWindowMs: HOUR,
} as const;

export type ThrottleState = { failures: number; lastFailureAt: number; lockedUntil: number | null };

/** An account reported under attack, for the board's warning. */
export type LoginAttack = {
  account: string;
  failures: number;
  /** Distinct addresses that failed on it within the hour. */
  addresses: number;
  lastFailureAt: number;
  lockedUntil: number | null;
};

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

/** Doubling from the base lock, capped: 30 s, 1 min, 2 min, … up to the policy's maximum. */
export function lockDuration(policy: ThrottlePolicy, over: number): number {
  const factor = 2 ** Math.min(over, 20);
  return Math.min(policy.baseLockMs * factor, policy.maxLockMs);
}

/** Milliseconds the key must still wait, or 0 when it may try. */
export function waitRemaining(state: ThrottleState | null, now: number): number {
  if (state?.lockedUntil == null) return 0;
  return Math.max(0, state.lockedUntil - now);
}

/**
 * How long a login attempt must wait. The (account, address) back-off always applies; the
 * per-address and per-account ones never to an address the account logged in from recently.
 */
export function loginWait(
  states: { pair: ThrottleState | null; address: ThrottleState | null; account: ThrottleState | null },
  known: boolean,
  now: number,
): number {
  const own = waitRemaining(states.pair, now);
  if (known) return own;
  return Math.max(own, waitRemaining(states.address, now), waitRemaining(states.account, now));
}

/** True when a lock was set by this failure (none before, or the earlier one had run out). */
export const lockStarted = (before: ThrottleState | null, after: ThrottleState, now: number): boolean =>
  after.lockedUntil !== null && waitRemaining(before, now) === 0;

/**
 * Whether this failure makes the account "under attack" and it was not reported in the last hour.
 * `addresses`: distinct addresses that failed on it within the hour.
 */
export function attackToReport(
  account: ThrottleState,
  addresses: number,
  alertedAt: number | null,
  now: number,
): boolean {
  const attacked =
    account.failures >= LOGIN_LIMITS.attackFailures || addresses >= LOGIN_LIMITS.attackAddresses;
  return attacked && (alertedAt === null || now - alertedAt >= LOGIN_LIMITS.attackWindowMs);
}

/** The start of the audit window `now` falls in. */
export const auditWindow = (now: number): number => now - (now % LOGIN_LIMITS.auditWindowMs);

/** "45 giây", "2 phút": how long to wait, rounded up, as an officer reads it. */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} giây`;
  return `${Math.ceil(seconds / 60)} phút`;
}

/**
 * What to tell a person right after a wrong password left `state` (SIGN_POLICY-like policies): the
 * wait it started ("Vui lòng chờ 30 giây…"), a warning when one more mistake would start one, or
 * nothing while several tries remain. Without the warning, the third mistake locks without notice.
 */
export function failureNotice(policy: ThrottlePolicy, state: ThrottleState, now: number): string {
  const wait = waitRemaining(state, now);
  if (wait > 0) return `Nhập sai nhiều lần: vui lòng chờ ${formatWait(wait)} rồi thử lại.`;
  const left = policy.freeFailures - state.failures;
  if (left === 1)
    return `Nếu nhập sai thêm 1 lần, phải chờ ${formatWait(lockDuration(policy, 0))} mới thử lại được.`;
  return "";
}
