import { randomHex, sha256Hex } from "../crypto/digest.ts";
import type { SessionRow } from "../db/session-repo.ts";
import type { Actor } from "../domain/audit.ts";
import type { User } from "../domain/users.ts";
import { record, type ServiceDeps } from "./deps.ts";

/** How long a login lasts: idle minutes (sliding) and an absolute maximum in hours. */
export type SessionPolicy = { readonly idleMinutes: number; readonly maxHours: number };

/**
 * Logins one account keeps at once: a board member's office, phone and a tab or two, an officer's
 * console and the team laptop. A new one beyond it ends the oldest, so logging in again and again
 * (the password is enough) cannot fill the table.
 */
export const SESSIONS_PER_ACCOUNT = 10;

/**
 * Writes a new login for user and returns its token (64 hex characters, for the cookie; only its
 * SHA-256 is stored, so a copy of the database cannot be used to log in); the account's oldest
 * logins beyond SESSIONS_PER_ACCOUNT end. Joins the caller's transaction.
 */
export function openSession(deps: ServiceDeps, user: Pick<User, "id">, policy: SessionPolicy): string {
  const token = randomHex(32);
  const tokenHash = sha256Hex(token);
  const now = deps.clock.now();
  deps.store.sessions.create({
    tokenHash,
    userId: user.id,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy.idleMinutes * 60_000).toISOString(),
  });
  deps.store.sessions.keepNewest(user.id, tokenHash, SESSIONS_PER_ACCOUNT);
  return token;
}

/**
 * The login behind a cookie's token, or null when it is unknown, expired (idle or past its maximum
 * age) or its account is disabled; a dead login is deleted. Activity pushes the idle deadline,
 * never past the maximum age, written at most once a minute (each write is a synced commit).
 */
export function resumeSession(
  deps: ServiceDeps,
  token: string,
  policy: SessionPolicy,
): { user: User; session: SessionRow } | null {
  const { store, clock } = deps;
  const tokenHash = sha256Hex(token);
  const session = store.sessions.get(tokenHash);
  if (!session) return null;
  const now = clock.now().getTime();
  const user = store.users.byId(session.userId);
  if (!user || !isLive(session, user, now, policy)) {
    store.sessions.delete(tokenHash);
    return null;
  }
  if (now - Date.parse(session.lastSeenAt) >= 60_000) {
    const idleEnd = Math.min(now + policy.idleMinutes * 60_000, maxAgeEndOf(session, policy));
    store.sessions.touch(tokenHash, new Date(now).toISOString(), new Date(idleEnd).toISOString());
  }
  return { user, session };
}

/**
 * Whether a login found valid at the start of a request still is: its row still there (not logged
 * out, not ended by a password change or the board), its account not disabled, not expired. Read
 * only, for requests held open (a console's live poll): nothing is touched or deleted here.
 */
export function sessionStillValid(deps: ServiceDeps, session: SessionRow, policy: SessionPolicy): boolean {
  const { store, clock } = deps;
  const row = store.sessions.get(session.tokenHash);
  const user = row ? store.users.byId(row.userId) : null;
  return !!row && !!user && isLive(row, user, clock.now().getTime(), policy);
}

/** When a login ends whatever its activity (ms): its maximum age from its creation. */
const maxAgeEndOf = (session: SessionRow, policy: SessionPolicy): number =>
  Date.parse(session.createdAt) + policy.maxHours * 3_600_000;

/** A login is live at `now` (ms) while its account is enabled and neither idle deadline nor maximum age has passed. */
const isLive = (session: SessionRow, user: User, now: number, policy: SessionPolicy): boolean =>
  !user.disabled && Date.parse(session.expiresAt) > now && maxAgeEndOf(session, policy) > now;

/** Ends one login (logging out); audited when it belonged to an account. */
export function closeSession(deps: ServiceDeps, actor: Actor, session: SessionRow | null): void {
  if (!session) return;
  deps.store.withTransaction(() => {
    deps.store.sessions.delete(session.tokenHash);
    record(deps, actor, "logout", actor.name);
  });
}
