import { dummyPasswordHash, hashPassword, verifyPassword } from "../crypto/password.ts";
import { type Actor, SYSTEM_ACTOR } from "../domain/audit.ts";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  formatWait,
  recordFailure,
  waitRemaining,
} from "../domain/login-throttle.ts";
import { err, fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { PasswordSchema, type User } from "../domain/users.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { resealForPasswordChange } from "./officers.ts";
import { openSession, type SessionPolicy } from "./sessions.ts";

const loginQueue = new Map<string, Promise<void>>();

/** Runs fn after any earlier call with the same key has finished (in this process). */
async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = loginQueue.get(key) ?? Promise.resolve();
  let release: () => void = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  loginQueue.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (loginQueue.get(key) === tail) loginQueue.delete(key);
  }
}

export type LogInError = (Refusal<"wait"> & { readonly waitMs: number }) | Refusal<"wrong" | "missing">;

/**
 * Logs in with a username (already trimmed and lower-cased) and password from actor.address.
 * Success opens a session and returns its token. Refused: a field left empty ("missing"), a wrong
 * name or password ("wrong", the same answer for both, taking the same time), too many recent
 * failures for the account or the address ("wait", with waitMs). Each failure is counted and
 * audited; the name typed is logged only when it is an account (a password typed into the wrong
 * field must not land in the permanent log).
 */
export async function logIn(
  deps: ServiceDeps,
  actor: Actor,
  input: { username: string; password: string; session: SessionPolicy },
): Promise<Result<{ user: User; token: string }, LogInError>> {
  const { store, clock } = deps;
  const { username, password } = input;
  if (!username || !password) return fail("missing", "Vui lòng nhập tên đăng nhập và mật khẩu.");
  const address = actor.address ?? "không rõ";
  const accountKey = `account:${username}`;
  const addressKey = `address:${address}`;
  // One attempt at a time per account and per address: parallel guesses would otherwise all pass
  // the check below before any of them is counted. The address first, then the account: always in
  // that order, so two waits never block each other.
  return oneAtATime(addressKey, () =>
    oneAtATime(accountKey, async (): Promise<Result<{ user: User; token: string }, LogInError>> => {
      const now = clock.now().getTime();
      const wait = Math.max(
        waitRemaining(store.throttle.get(accountKey), now),
        waitRemaining(store.throttle.get(addressKey), now),
      );
      if (wait > 0) {
        return err({
          code: "wait",
          waitMs: wait,
          message: `Đăng nhập sai nhiều lần. Vui lòng chờ ${formatWait(wait)} rồi thử lại.`,
        });
      }
      const found = store.users.credentials(username);
      const valid = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
      if (found && valid && !found.user.disabled) {
        const user = found.user;
        const token = store.withTransaction(() => {
          store.throttle.clear(accountKey);
          store.sessions.deleteExpired(clock.now().toISOString());
          record(deps, { name: user.username, address }, "login.success", user.username, { address });
          return openSession(deps, user, input.session);
        });
        return ok({ user, token });
      }
      store.withTransaction(() => {
        const account = recordFailure(ACCOUNT_POLICY, store.throttle.get(accountKey), now);
        store.throttle.put(accountKey, account);
        store.throttle.put(addressKey, recordFailure(ADDRESS_POLICY, store.throttle.get(addressKey), now));
        const subject = found ? username : "(không có tài khoản)";
        record(deps, found ? { name: username, address } : actor, "login.failure", subject, { address });
        if (account.lockedUntil !== null) {
          record(deps, SYSTEM_ACTOR, "login.locked", subject, {
            until: new Date(account.lockedUntil).toISOString(),
          });
        }
      });
      return fail("wrong", "Tên đăng nhập hoặc mật khẩu không đúng.");
    }),
  );
}

export type PasswordFields = "current" | "next" | "confirm";

export type ChangePasswordError =
  | (Refusal<"invalid"> & { readonly fields: Partial<Record<PasswordFields, string>> })
  | Refusal<"reseal_failed" | "changed_elsewhere">;

/**
 * Changes the logged-in account's password. An officer's signing key is sealed under the password:
 * it is re-sealed under the new one (same key pair), or the change is refused rather than lose the
 * key. Every other login of the account ends; the returned token continues this one. Refused:
 * wrong current password, weak or unchanged new password, confirmation differs ("invalid", with
 * each field's message), the key could not be re-sealed, or the account changed meanwhile.
 */
export async function changePassword(
  deps: ServiceDeps,
  actor: Actor,
  input: {
    user: User;
    current: string;
    next: string;
    confirm: string;
    session: SessionPolicy;
  },
): Promise<Result<{ token: string }, ChangePasswordError>> {
  const { store } = deps;
  const { user, current, next, confirm } = input;
  const fields: Partial<Record<PasswordFields, string>> = {};
  const creds = store.users.credentials(user.username);
  if (!creds || !(await verifyPassword(current, creds.passwordHash))) {
    fields.current = "Mật khẩu hiện tại không đúng.";
  }
  const strength = PasswordSchema.safeParse(next);
  if (!strength.success) fields.next = strength.error.issues[0]?.message ?? "Mật khẩu mới không hợp lệ.";
  else if (next === current) fields.next = "Mật khẩu mới phải khác mật khẩu hiện tại.";
  if (confirm !== next) fields.confirm = "Hai lần nhập mật khẩu mới không giống nhau.";
  if (Object.keys(fields).length > 0) {
    return err({ code: "invalid", message: "Chưa đổi được mật khẩu.", fields });
  }
  const resealed = await resealForPasswordChange(store, user.id, current, next, {
    firstLogin: user.mustChangePassword,
  });
  if (!resealed.ok) return fail("reseal_failed", resealed.error.message);
  const hash = await hashPassword(next);
  return store.withTransaction((): Result<{ token: string }, ChangePasswordError> => {
    // Nothing changed the account while the keys were being sealed (a board reset, another tab).
    if (store.users.credentials(user.username)?.passwordHash !== creds?.passwordHash) {
      return fail(
        "changed_elsewhere",
        "Tài khoản vừa được thay đổi ở nơi khác. Vui lòng đăng nhập lại rồi đổi mật khẩu.",
      );
    }
    store.users.setPassword(user.id, hash, false);
    const key = resealed.value;
    if (key !== null) store.officers.setKey(user.id, key.publicKey, key.sealed);
    if (key?.rotated) record(deps, actor, "officer.key.rotate", user.username, { publicKey: key.publicKey });
    store.sessions.deleteForUser(user.id);
    record(deps, actor, "password.change", user.username, { keyResealed: key !== null && !key.rotated });
    return ok({ token: openSession(deps, user, input.session) });
  });
}

export type CreateBoardAccountError = Refusal<"duplicate">;

/**
 * Creates a board (Ban Tổ chức) account that must change its first password at first login — how
 * a real district starts, since the app offers no public sign-up. Refused: the username is taken.
 */
export async function createBoardAccount(
  deps: ServiceDeps,
  actor: Actor,
  input: { username: string; displayName: string; password: string },
): Promise<Result<User, CreateBoardAccountError>> {
  const { store, clock } = deps;
  const passwordHash = await hashPassword(input.password);
  return store.withTransaction((): Result<User, CreateBoardAccountError> => {
    const created = store.users.create({
      username: input.username,
      displayName: input.displayName.normalize("NFC"),
      role: "board",
      passwordHash,
      mustChangePassword: true,
      createdAt: clock.now().toISOString(),
    });
    if (!created.ok) return fail("duplicate", `Đã có tài khoản ${input.username}.`, "username");
    record(deps, actor, "board.create", input.username);
    return created;
  });
}
