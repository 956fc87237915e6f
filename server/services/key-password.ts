import { throttleKeys } from "../db/throttle-repo.ts";
import {
  failureNotice,
  formatWait,
  recordFailure,
  SIGN_POLICY,
  waitRemaining,
} from "../domain/login-throttle.ts";
import type { Refusal } from "../domain/result.ts";
import type { ServiceDeps } from "./deps.ts";
import { oneAtATime } from "./one-at-a-time.ts";

/**
 * The password that opens a logged-in user's signing key, re-entered to sign minutes, to certify
 * results, to make a board member's key ("Tạo khóa ký") or to change the password. The four share
 * one limit per user (SIGN_POLICY: the third wrong password starts a 30-s wait, doubling up to
 * 15 min) and one queue: attempts run one at a time per user, so parallel guesses cannot all pass
 * the wait check before the first wrong password is counted, and a guesser does not get three free
 * tries on each route.
 */
export function withKeyPassword<T>(userId: number, attempt: () => Promise<T>): Promise<T> {
  return oneAtATime(throttleKeys.keyPassword(userId), attempt);
}

/** A refusal while the user must still wait after wrong passwords. */
export type KeyPasswordWait = Refusal<"wait"> & { readonly waitMs: number };

/**
 * The refusal to give while the user must still wait after wrong passwords, or null when they may
 * try. Its message is the same on every form, since mistakes on any of them count (the wait may
 * come from a wrong password typed at signing, not on this page). Call inside withKeyPassword.
 */
export function keyPasswordWait(deps: ServiceDeps, userId: number): KeyPasswordWait | null {
  const waitMs = waitRemaining(
    deps.store.throttle.get(throttleKeys.keyPassword(userId)),
    deps.clock.now().getTime(),
  );
  if (waitMs <= 0) return null;
  // Named as this user meets them: an officer signs minutes, a board member certifies.
  const where =
    deps.store.users.byId(userId)?.role === "board"
      ? "khi xác nhận kết quả, tạo khóa ký hoặc đổi mật khẩu"
      : "khi ký biên bản hoặc đổi mật khẩu";
  return {
    code: "wait",
    waitMs,
    message: `Mật khẩu đã bị nhập sai nhiều lần (${where}). Vui lòng chờ ${formatWait(waitMs)} rồi thử lại.`,
  };
}

/**
 * Counts one wrong password for the user and runs `audit` (the caller's audit entry) in the same
 * transaction. Returns what to tell the person about waiting (failureNotice; "" when nothing).
 */
export function recordWrongKeyPassword(deps: ServiceDeps, userId: number, audit: () => void): string {
  const { store, clock } = deps;
  const key = throttleKeys.keyPassword(userId);
  const now = clock.now().getTime();
  return store.withTransaction(() => {
    const after = recordFailure(SIGN_POLICY, store.throttle.get(key), now);
    store.throttle.put(key, after);
    audit();
    return failureNotice(SIGN_POLICY, after, now);
  });
}

/** Forgets the user's wrong passwords; inside the transaction of the successful change. */
export function clearKeyPassword(deps: ServiceDeps, userId: number): void {
  deps.store.throttle.clear(throttleKeys.keyPassword(userId));
}
