import { randomHex, sha256Hex } from "../crypto/digest.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../crypto/password.ts";
import type { SessionRow } from "../db/session-repo.ts";
import { throttleKeys } from "../db/throttle-repo.ts";
import { type Actor, SYSTEM_ACTOR } from "../domain/audit.ts";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  attackToReport,
  auditWindow,
  formatWait,
  LOGIN_LIMITS,
  lockStarted,
  loginWait,
  PAIR_POLICY,
  recordFailure,
  waitRemaining,
} from "../domain/login-throttle.ts";
import { err, fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { PasswordSchema, type User } from "../domain/users.ts";
import { DEMO_PASSWORD } from "../seed.ts";
import { resealBoardKey } from "./board-keys.ts";
import { record, type ServiceDeps } from "./deps.ts";
import {
  clearKeyPassword,
  type KeyPasswordWait,
  keyPasswordWait,
  recordWrongKeyPassword,
  withKeyPassword,
} from "./key-password.ts";
import { resealForPasswordChange } from "./officers.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import { openSession, type SessionPolicy } from "./sessions.ts";

/** The audit subject of a failure on a name that is no account (the name may be a password). */
const NO_ACCOUNT = "(không có tài khoản)";

export type LogInError =
  | (Refusal<"wait"> & { readonly waitMs: number })
  | Refusal<"wrong" | "missing" | "published_password">;

/**
 * Logs in with a username (already trimmed and lower-cased) and password from actor.address.
 * Success opens a session and returns its token; `replaces`, the login the browser already had,
 * ends. Refused: a field left empty ("missing"), a wrong name or password ("wrong", the same
 * answer for both, taking the same time), too many recent failures ("wait", with waitMs; see
 * server/domain/login-throttle.ts: an address the account logged in from recently is slowed only
 * by its own failures; from a browser logged in as the same account, the wait after wrong passwords
 * at signing or the password change too, and its failures count there), or, in production, the
 * published demo password ("published_password",
 * checked before anything else, so it reveals nothing). Failures are counted and audited in
 * bounded amounts: the name typed is logged only when it is an account (a password typed into the
 * wrong field must not land in the permanent log), and nothing is stored per unknown name.
 */
export async function logIn(
  deps: ServiceDeps,
  actor: Actor,
  input: {
    username: string;
    password: string;
    session: SessionPolicy;
    replaces?: SessionRow | null;
    production?: boolean;
    /** The browser's device cookie, if any (login-throttle.ts: device cookies). */
    device?: string | undefined;
  },
): Promise<Result<{ user: User; token: string; device: string }, LogInError>> {
  const { store, clock } = deps;
  const { username, password } = input;
  if (!username || !password) return fail("missing", "Vui lòng nhập tên đăng nhập và mật khẩu.");
  if (input.production && password === DEMO_PASSWORD) {
    return fail(
      "published_password",
      "Mật khẩu này là mật khẩu mẫu đã công bố nên không được dùng khi chạy thật. Hãy đổi mật khẩu: " +
        "tổ công tác nhờ Ban Tổ chức cấp lại mật khẩu; Ban Tổ chức đổi mật khẩu trên máy chạy thử " +
        "hoặc tạo tài khoản mới bằng scripts/add-board.ts.",
    );
  }
  const address = actor.address ?? "không rõ";
  const attempt = async (): Promise<Result<{ user: User; token: string; device: string }, LogInError>> => {
    const now = clock.now().getTime();
    const found = store.users.credentials(username);
    const since = now - LOGIN_LIMITS.knownForMs;
    const known = found ? store.throttle.isKnown(found.user.id, address, since) : false;
    // A browser this account logged in from: slowed only by its own failures, never by a
    // stranger's at the same address (the device's key is known only to that browser). The
    // cookie holds one token per account that logged in on the browser (a team laptop).
    const tokens = deviceTokens(input.device);
    const mine =
      found === null
        ? undefined
        : tokens.find((t) => store.throttle.isKnown(found.user.id, deviceEntry(t), since));
    const deviceKey = mine === undefined ? null : deviceEntry(mine);
    const knownDevice = deviceKey !== null;
    // Logging in again as the account this browser is logged in as (an unattended console):
    // the password typed is the one that opens the key, and its guesses share that count
    // (services/key-password.ts) — the login form is not a second, separate oracle for it.
    const sameAccount = found !== null && input.replaces?.userId === found.user.id;
    const keyWaiting = sameAccount ? keyPasswordWait(deps, found.user.id) : null;
    const wait = Math.max(
      keyWaiting?.waitMs ?? 0,
      knownDevice
        ? waitRemaining(store.throttle.get(throttleKeys.device(username, deviceKey ?? "")), now)
        : loginWait(
            {
              pair: found ? store.throttle.get(throttleKeys.pair(username, address)) : null,
              address: store.throttle.get(throttleKeys.address(address)),
              account: found ? store.throttle.get(throttleKeys.account(username)) : null,
            },
            known,
            now,
          ),
    );
    if (wait > 0) {
      // A refusal writes nothing of its own; only the summaries of finished minutes, if due.
      if (store.throttle.finishedTallies(auditWindow(now)).length > 0) {
        store.withTransaction(() => summariseFailures(deps, now));
      }
      // The key-password wait says where its mistakes were made (signing, the password form).
      return err(
        keyWaiting !== null && keyWaiting.waitMs >= wait
          ? keyWaiting
          : {
              code: "wait",
              waitMs: wait,
              message: `Đăng nhập sai nhiều lần. Vui lòng chờ ${formatWait(wait)} rồi thử lại.`,
            },
      );
    }
    const valid = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
    if (found && valid && !found.user.disabled) {
      const user = found.user;
      // A new device token for this account at every login, the one it showed forgotten: a copy
      // of an old cookie stops counting as the owner's browser the next time the owner logs in.
      // Other accounts' tokens in the same cookie stay as they are.
      const browser = randomHex(32);
      const token = store.withTransaction((): string | null => {
        // The password may have been changed (or the account reset or disabled) while this one
        // was being checked: what was right a moment ago opens nothing now.
        const still = store.users.credentials(username);
        if (still?.passwordHash !== found.passwordHash || still.user.disabled) return null;
        summariseFailures(deps, now);
        // Through its own browser the owner clears only that browser's failures: the address's
        // back-off belongs to whoever else guesses from there, and stays.
        if (knownDevice && deviceKey !== null) {
          store.throttle.clear(throttleKeys.device(username, deviceKey));
          store.throttle.forget(user.id, deviceKey);
        } else store.throttle.clear(throttleKeys.pair(username, address));
        store.throttle.remember(user.id, address, now);
        store.throttle.remember(user.id, deviceEntry(browser), now);
        store.sessions.deleteExpired(clock.now().toISOString());
        // Logging in again from a logged-in browser: the earlier login ends here, not just its cookie.
        if (input.replaces) store.sessions.delete(input.replaces.tokenHash);
        record(deps, { name: user.username, address }, "login.success", user.username, {
          address,
          ...(input.replaces ? { replacedSession: true } : {}),
        });
        return openSession(deps, user, input.session);
      });
      if (token !== null) {
        const kept = tokens.filter((t) => t !== mine);
        return ok({ user, token, device: [browser, ...kept].slice(0, DEVICE_TOKENS_MAX).join(".") });
      }
    }
    if (sameAccount) recordWrongKeyPassword(deps, found.user.id, () => {});
    store.withTransaction(() =>
      knownDevice && deviceKey !== null
        ? countDeviceFailure(deps, actor, {
            account: username,
            userId: found?.user.id ?? null,
            deviceKey,
            address,
            now,
          })
        : countFailure(deps, actor, { account: found ? username : null, address, now }),
    );
    return fail("wrong", "Tên đăng nhập hoặc mật khẩu không đúng.");
  };
  // One attempt at a time per address and per name: parallel guesses would otherwise all pass the
  // wait check before any of them is counted. The address first, then the name: always in that
  // order, so two waits never block each other.
  return oneAtATime(`address:${address}`, () =>
    oneAtATime(`account:${username}`, () => {
      // From a browser logged in as this very account the attempt also takes the account's
      // key-password turn (services/key-password.ts), as signing and the password change do.
      const owner = store.users.credentials(username);
      return owner !== null && input.replaces?.userId === owner.user.id
        ? withKeyPassword(owner.user.id, attempt)
        : attempt();
    }),
  );
}

/** A device token as we issue it: 32 random bytes, hex. Anything else is no device. */
const DEVICE_TOKEN = /^[0-9a-f]{64}$/;

/**
 * The device cookie holds a token for each of the last few accounts that logged in on the browser,
 * newest first, separated by dots: a team laptop on which every officer of the point signs keeps
 * each one's standing, instead of the last login replacing the others'.
 */
const DEVICE_TOKENS_MAX = 6;

/** The well-formed tokens of a device cookie, at most DEVICE_TOKENS_MAX; none for anything else. */
export function deviceTokens(cookie: string | undefined): string[] {
  if (cookie === undefined || cookie.length > DEVICE_TOKENS_MAX * 65) return [];
  return [...new Set(cookie.split(".").filter((t) => DEVICE_TOKEN.test(t)))].slice(0, DEVICE_TOKENS_MAX);
}

/** How a device is remembered beside the account's addresses (login_known): its cookie's hash. */
export const deviceEntry = (token: string): string => `device:${sha256Hex(`tn-device:${token}`)}`;

/**
 * One failed login from a browser the account knows by its device cookie: slowed on that device
 * alone (PAIR_POLICY's back-off) and audited like any failure; the address's back-off, which
 * strangers share, is left alone. It still counts towards the account's failures, so guessing with
 * a copied cookie raises the board's warning (login.attack) as guessing from an address does.
 */
function countDeviceFailure(
  deps: ServiceDeps,
  actor: Actor,
  {
    account,
    userId,
    deviceKey,
    address,
    now,
  }: { account: string; userId: number | null; deviceKey: string; address: string; now: number },
): void {
  const { store } = deps;
  summariseFailures(deps, now);
  const key = throttleKeys.device(account, deviceKey);
  const before = store.throttle.get(key);
  const after = recordFailure(PAIR_POLICY, before, now);
  store.throttle.put(key, after, account);
  if (userId !== null) store.throttle.forgetUnknownDevices(account, userId);
  countAccountFailure(deps, account, now);
  tallyFailure(deps, actor, {
    account,
    address,
    now,
    lockedUntil: lockStarted(before, after, now) ? after.lockedUntil : null,
  });
}

/**
 * One failed login: the back-offs, the attack warning and the audit trail, all bounded. Unknown
 * names write only the address's row; the audit gets at most the first failure and the first lock
 * of a few addresses a minute, the rest go into that minute's summary (issue #9 §2).
 */
function countFailure(
  deps: ServiceDeps,
  actor: Actor,
  { account, address, now }: { account: string | null; address: string; now: number },
): void {
  const { store } = deps;
  summariseFailures(deps, now);
  let lockedUntil: number | null = null;
  const addressKey = throttleKeys.address(address);
  const addressBefore = store.throttle.get(addressKey);
  const addressAfter = recordFailure(ADDRESS_POLICY, addressBefore, now);
  store.throttle.put(addressKey, addressAfter);
  if (lockStarted(addressBefore, addressAfter, now)) lockedUntil = addressAfter.lockedUntil;
  if (account !== null) {
    const pairKey = throttleKeys.pair(account, address);
    const pairBefore = store.throttle.get(pairKey);
    const pairAfter = recordFailure(PAIR_POLICY, pairBefore, now);
    store.throttle.put(pairKey, pairAfter, account);
    if (lockStarted(pairBefore, pairAfter, now)) lockedUntil = pairAfter.lockedUntil;
    countAccountFailure(deps, account, now);
  }
  tallyFailure(deps, actor, { account, address, now, lockedUntil });
}

/**
 * The account-wide count of a failure on an existing account (ACCOUNT_POLICY, for unknown
 * addresses) and the board's warning when the account is under attack (login.attack, once an hour).
 */
function countAccountFailure(deps: ServiceDeps, account: string, now: number): void {
  const { store } = deps;
  const accountState = recordFailure(ACCOUNT_POLICY, store.throttle.get(throttleKeys.account(account)), now);
  store.throttle.put(throttleKeys.account(account), accountState);
  const addresses = store.throttle.failingAddresses(account, now - LOGIN_LIMITS.attackWindowMs);
  if (attackToReport(accountState, addresses, store.throttle.alertedAt(account), now)) {
    store.throttle.markAlerted(account, now);
    record(deps, SYSTEM_ACTOR, "login.attack", account, {
      failures: accountState.failures,
      addresses,
      ...(accountState.lockedUntil !== null
        ? { unknownAddressesWaitUntil: new Date(accountState.lockedUntil).toISOString() }
        : {}),
    });
  }
}

function tallyFailure(
  deps: ServiceDeps,
  actor: Actor,
  input: { account: string | null; address: string; now: number; lockedUntil: number | null },
): void {
  const { store } = deps;
  const { account, address, now, lockedUntil } = input;
  const windowStart = auditWindow(now);
  const who = account ? { name: account, address } : actor;
  const subject = account ?? NO_ACCOUNT;
  let tally = store.throttle.tally(address);
  if (!tally && store.throttle.talliedAddresses() < LOGIN_LIMITS.auditAddressesPerWindow) {
    record(deps, who, "login.failure", subject, { address });
    tally = { address, windowStart, failures: 0, lockLogged: false, accounts: [] };
  }
  // Past the per-minute limit of addresses: counted with every other address, never one by one.
  tally ??= store.throttle.tally("") ?? {
    address: "",
    windowStart,
    failures: 0,
    lockLogged: true,
    accounts: [],
  };
  const accounts =
    account && !tally.accounts.includes(account) && tally.accounts.length < 5
      ? [...tally.accounts, account]
      : tally.accounts;
  let lockLogged = tally.lockLogged;
  if (lockedUntil !== null && !lockLogged) {
    record(deps, who, "login.locked", subject, { address, until: new Date(lockedUntil).toISOString() });
    lockLogged = true;
  }
  store.throttle.putTally({ ...tally, failures: tally.failures + 1, accounts, lockLogged });
}

/**
 * Writes the audit summary of every finished minute: per address, its failures when there was more
 * than the one written on its own; for the addresses past the limit, one entry for all of them.
 */
function summariseFailures(deps: ServiceDeps, now: number): void {
  const { store } = deps;
  const windowStart = auditWindow(now);
  const finished = store.throttle.finishedTallies(windowStart);
  if (finished.length === 0) return;
  for (const tally of finished) {
    if (tally.address !== "" && tally.failures <= 1) continue;
    record(deps, SYSTEM_ACTOR, "login.failure.summary", tally.address || "(các địa chỉ khác)", {
      ...(tally.address ? { address: tally.address } : {}),
      failures: tally.failures,
      accounts: tally.accounts,
      from: new Date(tally.windowStart).toISOString(),
      to: new Date(tally.windowStart + LOGIN_LIMITS.auditWindowMs).toISOString(),
    });
  }
  store.throttle.deleteTallies(windowStart);
}

export type PasswordFields = "current" | "next" | "confirm";

export type ChangePasswordError =
  | (Refusal<"invalid"> & { readonly fields: Partial<Record<PasswordFields, string>> })
  | KeyPasswordWait
  | Refusal<"reseal_failed" | "changed_elsewhere">;

/**
 * Changes the logged-in account's password. An officer's signing key is sealed under the password:
 * it is re-sealed under the new one (same key pair), or the change is refused rather than lose the
 * key. Every other login of the account ends; the returned token continues this one. Every address
 * and browser the account was known from is forgotten but this one: the browser gets a new device
 * cookie (`device`), so whoever knew the old password is a stranger again. Refused:
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
    /** The browser's device cookie: other accounts' tokens in it are kept. */
    device?: string | undefined;
  },
): Promise<Result<{ token: string; device: string }, ChangePasswordError>> {
  // The current password also opens the signing key: guessing it here (an unattended console) is
  // slowed as signing is, on the same limit, one attempt at a time (services/key-password.ts).
  return withKeyPassword(input.user.id, () => changePasswordNow(deps, actor, input));
}

async function changePasswordNow(
  deps: ServiceDeps,
  actor: Actor,
  input: Parameters<typeof changePassword>[2],
): Promise<Result<{ token: string; device: string }, ChangePasswordError>> {
  const { store, clock } = deps;
  const { user, current, next, confirm } = input;
  const waiting = keyPasswordWait(deps, user.id);
  if (waiting !== null) return err(waiting);
  const fields: Partial<Record<PasswordFields, string>> = {};
  const creds = store.users.credentials(user.username);
  if (!creds || !(await verifyPassword(current, creds.passwordHash))) {
    const notice = recordWrongKeyPassword(deps, user.id, () =>
      record(deps, actor, "password.change.failed", user.username),
    );
    fields.current = `Mật khẩu hiện tại không đúng. ${notice}`.trim();
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
  // A board member's signing key (issue #11), if any, follows the password the same way.
  const boardKey = user.role === "board" ? await resealBoardKey(store, user.id, current, next) : ok(null);
  if (!boardKey.ok) return fail("reseal_failed", boardKey.error.message);
  const hash = await hashPassword(next);
  const browser = randomHex(32);
  return store.withTransaction((): Result<{ token: string; device: string }, ChangePasswordError> => {
    // Nothing changed the account while the keys were being sealed (a board reset, another tab).
    if (store.users.credentials(user.username)?.passwordHash !== creds?.passwordHash) {
      return fail(
        "changed_elsewhere",
        "Tài khoản vừa được thay đổi ở nơi khác. Vui lòng đăng nhập lại rồi đổi mật khẩu.",
      );
    }
    store.users.setPassword(user.id, hash, false);
    clearKeyPassword(deps, user.id);
    const key = resealed.value;
    if (key !== null) store.officers.setKey(user.id, key.publicKey, key.sealed);
    if (key?.rotated) record(deps, actor, "officer.key.rotate", user.username, { publicKey: key.publicKey });
    if (boardKey.value !== null) {
      store.boardKeys.reseal(user.id, boardKey.value);
      record(deps, actor, "board.key.reseal", user.username);
    }
    store.sessions.deleteForUser(user.id);
    const now = clock.now().getTime();
    const others = deviceTokens(input.device).filter(
      (t) => !store.throttle.isKnown(user.id, deviceEntry(t), 0),
    );
    store.throttle.forgetAll(user.id);
    if (actor.address !== null) store.throttle.remember(user.id, actor.address, now);
    store.throttle.remember(user.id, deviceEntry(browser), now);
    record(deps, actor, "password.change", user.username, { keyResealed: key !== null && !key.rotated });
    return ok({
      token: openSession(deps, user, input.session),
      device: [browser, ...others].slice(0, DEVICE_TOKENS_MAX).join("."),
    });
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
