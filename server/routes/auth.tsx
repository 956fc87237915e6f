/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import * as z from "zod";
import { ChangePasswordPage } from "../../views/change-password-page.tsx";
import { LoginPage } from "../../views/login-page.tsx";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../crypto/password.ts";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  formatWait,
  recordFailure,
  waitRemaining,
} from "../domain/login-throttle.ts";
import { PasswordSchema } from "../domain/users.ts";
import { audit, clientAddress } from "../http/audit.ts";
import { allow, endSession, startSession } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths, safeNext } from "../http/paths.ts";
import { page } from "../http/respond.tsx";
import { resealForPasswordChange } from "../services/officers.ts";

export const LoginFormSchema = z.object({
  username: z.string().trim().toLowerCase().max(100).default(""),
  password: z.string().max(200).default(""),
  next: z.string().max(500).optional(),
});

export const ChangePasswordFormSchema = z.object({
  current: z.string().max(200).default(""),
  next: z.string().max(1000).default(""),
  confirm: z.string().max(1000).default(""),
});

const loginQueue = new Map<string, Promise<void>>();

/** Runs fn after any earlier call with the same key has finished. */
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

const homeFor = (role: "board" | "officer") => (role === "board" ? paths.board.home : paths.officer.home);

export const authRoutes = new Hono<AppEnv>()
  .get(paths.login, allow("public"), (c) => {
    if (c.var.user) return c.redirect(homeFor(c.var.user.role), 303);
    const next = safeNext(c.req.query("next"));
    const notice = c.req.query("da-dang-xuat") !== undefined ? "Bạn đã đăng xuất." : undefined;
    return page(c, "Đăng nhập", <LoginPage csrfToken={c.var.csrfToken} state={{ next, notice }} />);
  })

  .post(paths.login, allow("public"), async (c) => {
    const { store, clock } = c.var.deps;
    const form = LoginFormSchema.safeParse(await readForm(c));
    const input = form.success ? form.data : { username: "", password: "", next: undefined };
    const next = safeNext(input.next);
    const again = (status: 400 | 401 | 429, error: string) =>
      page(
        c,
        "Đăng nhập",
        <LoginPage csrfToken={c.var.csrfToken} state={{ username: input.username, error, next }} />,
        status,
      );
    if (!input.username || !input.password) {
      return again(400, "Vui lòng nhập tên đăng nhập và mật khẩu.");
    }
    const accountKey = `account:${input.username}`;
    const addressKey = `address:${clientAddress(c)}`;
    // One attempt at a time per account and per address: parallel guesses would otherwise all pass
    // the check below before any of them is counted.
    // The address first, then the account: always in that order, so two waits never block each other.
    const outcome = await oneAtATime(addressKey, () =>
      oneAtATime(accountKey, async () => {
        const now = clock.now().getTime();
        const wait = Math.max(
          waitRemaining(store.throttle.get(accountKey), now),
          waitRemaining(store.throttle.get(addressKey), now),
        );
        if (wait > 0) return { kind: "wait" as const, wait };
        const found = store.users.credentials(input.username);
        const valid = await verifyPassword(
          input.password,
          found?.passwordHash ?? (await dummyPasswordHash()),
        );
        if (found && valid && !found.user.disabled) return { kind: "ok" as const, user: found.user };
        store.withTransaction(() => {
          const account = recordFailure(ACCOUNT_POLICY, store.throttle.get(accountKey), now);
          store.throttle.put(accountKey, account);
          store.throttle.put(addressKey, recordFailure(ADDRESS_POLICY, store.throttle.get(addressKey), now));
          // What was typed as a name is logged only when it is an account: a password typed into the
          // wrong field must not land in the permanent audit log.
          const subject = found ? input.username : "(không có tài khoản)";
          audit(c, "login.failure", subject, { address: clientAddress(c) }, found ? input.username : "khách");
          if (account.lockedUntil !== null) {
            audit(
              c,
              "login.locked",
              subject,
              { until: new Date(account.lockedUntil).toISOString() },
              "hệ thống",
            );
          }
        });
        return { kind: "wrong" as const };
      }),
    );
    if (outcome.kind === "wait") {
      c.header("Retry-After", String(Math.ceil(outcome.wait / 1000)));
      return again(429, `Đăng nhập sai nhiều lần. Vui lòng chờ ${formatWait(outcome.wait)} rồi thử lại.`);
    }
    if (outcome.kind === "wrong") return again(401, "Tên đăng nhập hoặc mật khẩu không đúng.");

    const user = outcome.user;
    store.withTransaction(() => {
      store.throttle.clear(accountKey);
      store.sessions.deleteExpired(clock.now().toISOString());
      audit(c, "login.success", user.username, { address: clientAddress(c) }, user.username);
    });
    startSession(c, user);
    const target = user.mustChangePassword ? paths.changePassword : (next ?? homeFor(user.role));
    return c.redirect(target, 303);
  })

  .post(paths.logout, allow("public"), (c) => {
    const user = c.var.user;
    if (user) audit(c, "logout", user.username);
    endSession(c);
    return c.redirect(`${paths.login}?da-dang-xuat`, 303);
  })

  .get(paths.changePassword, allow("user"), (c) => {
    const forced = c.var.user?.mustChangePassword ?? false;
    return page(c, "Đổi mật khẩu", <ChangePasswordPage csrfToken={c.var.csrfToken} state={{ forced }} />);
  })

  .post(paths.changePassword, allow("user"), async (c) => {
    const { store } = c.var.deps;
    const user = c.var.user;
    if (!user) throw new Error("allow('user') let an anonymous request through");
    const parsed = ChangePasswordFormSchema.safeParse(await readForm(c));
    const input = parsed.success ? parsed.data : { current: "", next: "", confirm: "" };
    const errors: Partial<Record<"current" | "next" | "confirm", string>> = {};
    const forced = user.mustChangePassword;
    const creds = store.users.credentials(user.username);
    if (!creds || !(await verifyPassword(input.current, creds.passwordHash))) {
      errors.current = "Mật khẩu hiện tại không đúng.";
    }
    const strength = PasswordSchema.safeParse(input.next);
    if (!strength.success) errors.next = strength.error.issues[0]?.message ?? "Mật khẩu mới không hợp lệ.";
    else if (input.next === input.current) errors.next = "Mật khẩu mới phải khác mật khẩu hiện tại.";
    if (input.confirm !== input.next) errors.confirm = "Hai lần nhập mật khẩu mới không giống nhau.";
    if (Object.keys(errors).length > 0) {
      return page(
        c,
        "Đổi mật khẩu",
        <ChangePasswordPage csrfToken={c.var.csrfToken} state={{ forced, errors }} />,
        400,
      );
    }
    // An officer's signing key is sealed under the password: re-seal it under the new one (same
    // key pair), or refuse the change rather than lose the key.
    const resealed = await resealForPasswordChange(store, user.id, input.current, input.next, {
      firstLogin: forced,
    });
    if (!resealed.ok) {
      return page(
        c,
        "Đổi mật khẩu",
        <ChangePasswordPage
          csrfToken={c.var.csrfToken}
          state={{ forced, errors: { current: resealed.error.message } }}
        />,
        409,
      );
    }
    const hash = await hashPassword(input.next);
    const written = store.withTransaction(() => {
      // Nothing changed the account while the keys were being sealed (a board reset, another tab).
      if (store.users.credentials(user.username)?.passwordHash !== creds?.passwordHash) return false;
      store.users.setPassword(user.id, hash, false);
      const key = resealed.value;
      if (key !== null) store.officers.setKey(user.id, key.publicKey, key.sealed);
      if (key?.rotated) audit(c, "officer.key.rotate", user.username, { publicKey: key.publicKey });
      // Every other login of this account ends; this one continues under a fresh token.
      store.sessions.deleteForUser(user.id);
      audit(c, "password.change", user.username, { keyResealed: key !== null && !key.rotated });
      return true;
    });
    if (!written) {
      const errors = {
        current: "Tài khoản vừa được thay đổi ở nơi khác. Vui lòng đăng nhập lại rồi đổi mật khẩu.",
      };
      return page(
        c,
        "Đổi mật khẩu",
        <ChangePasswordPage csrfToken={c.var.csrfToken} state={{ forced, errors }} />,
        409,
      );
    }
    startSession(c, user);
    if (forced) return c.redirect(homeFor(user.role), 303);
    return page(
      c,
      "Đổi mật khẩu",
      <ChangePasswordPage csrfToken={c.var.csrfToken} state={{ forced: false, done: true }} />,
    );
  });
