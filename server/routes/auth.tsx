/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import * as z from "zod";
import { ChangePasswordPage } from "../../views/change-password-page.tsx";
import { LoginPage } from "../../views/login-page.tsx";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  formatWait,
  recordFailure,
  waitRemaining,
} from "../domain/login-throttle.ts";
import { PasswordSchema } from "../domain/users.ts";
import { audit, clientAddress } from "../http/audit.ts";
import {
  allow,
  dummyPasswordHash,
  endSession,
  hashPassword,
  startSession,
  verifyPassword,
} from "../http/auth.ts";
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
    const now = clock.now().getTime();
    const accountKey = `account:${input.username}`;
    const addressKey = `address:${clientAddress(c)}`;
    const wait = Math.max(
      waitRemaining(store.throttle.get(accountKey), now),
      waitRemaining(store.throttle.get(addressKey), now),
    );
    if (wait > 0) {
      audit(c, "login.throttled", input.username, { address: clientAddress(c) }, input.username);
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      return again(429, `Đăng nhập sai nhiều lần. Vui lòng chờ ${formatWait(wait)} rồi thử lại.`);
    }

    const found = store.users.credentials(input.username);
    const valid = await verifyPassword(input.password, found?.passwordHash ?? (await dummyPasswordHash()));
    if (!found || !valid || found.user.disabled) {
      store.withTransaction(() => {
        store.throttle.put(accountKey, recordFailure(ACCOUNT_POLICY, store.throttle.get(accountKey), now));
        store.throttle.put(addressKey, recordFailure(ADDRESS_POLICY, store.throttle.get(addressKey), now));
        audit(c, "login.failure", input.username, { address: clientAddress(c) }, input.username);
      });
      return again(401, "Tên đăng nhập hoặc mật khẩu không đúng.");
    }

    const user = found.user;
    store.withTransaction(() => {
      store.throttle.clear(accountKey);
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
    const resealed = await resealForPasswordChange(store, user.id, input.current, input.next);
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
    store.withTransaction(() => {
      store.users.setPassword(user.id, hash, false);
      if (resealed.value !== null) store.officers.setSealedKey(user.id, resealed.value);
      audit(c, "password.change", user.username, { keyResealed: resealed.value !== null });
    });
    if (forced) return c.redirect(homeFor(user.role), 303);
    return page(
      c,
      "Đổi mật khẩu",
      <ChangePasswordPage csrfToken={c.var.csrfToken} state={{ forced: false, done: true }} />,
    );
  });
