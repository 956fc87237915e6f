/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import * as z from "zod";
import { ChangePasswordPage } from "../../views/change-password-page.tsx";
import { LoginPage } from "../../views/login-page.tsx";
import { isProduction } from "../config.ts";
import { LOGIN_LIMITS } from "../domain/login-throttle.ts";
import {
  allow,
  DEVICE_COOKIE,
  endSession,
  readCookie,
  sessionPolicy,
  setDeviceCookie,
  setSessionCookie,
} from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { readForm } from "../http/forms.ts";
import { paths, safeNext } from "../http/paths.ts";
import { page } from "../http/respond.tsx";
import { changePassword, logIn } from "../services/accounts.ts";

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
    const user = c.get("user");
    if (user) return c.redirect(homeFor(user.role), 303);
    const next = safeNext(c.req.query("next"));
    const notice = c.req.query("da-dang-xuat") !== undefined ? "Bạn đã đăng xuất." : undefined;
    return page(c, "Đăng nhập", <LoginPage csrfToken={c.get("csrfToken")} state={{ next, notice }} />);
  })

  .post(paths.login, allow("public"), async (c) => {
    const form = LoginFormSchema.safeParse(await readForm(c));
    const input = form.success ? form.data : { username: "", password: "", next: undefined };
    const next = safeNext(input.next);
    const loggedIn = await logIn(c.get("deps"), c.get("actor"), {
      ...input,
      session: sessionPolicy(c),
      replaces: c.get("session"),
      production: isProduction(c.get("deps").config),
      device: readCookie(c, DEVICE_COOKIE),
    });
    if (!loggedIn.ok) {
      const error = loggedIn.error;
      if (error.code === "wait") c.header("Retry-After", String(Math.ceil(error.waitMs / 1000)));
      const status = { wait: 429, missing: 400, wrong: 401, published_password: 403 } as const;
      return page(
        c,
        "Đăng nhập",
        <LoginPage
          csrfToken={c.get("csrfToken")}
          state={{ username: input.username, error: error.message, next }}
        />,
        status[error.code],
      );
    }
    const { user, token, device } = loggedIn.value;
    setSessionCookie(c, token);
    setDeviceCookie(c, device, Math.floor(LOGIN_LIMITS.knownForMs / 1000));
    const target = user.mustChangePassword ? paths.changePassword : (next ?? homeFor(user.role));
    return c.redirect(target, 303);
  })

  .post(paths.logout, allow("public"), (c) => {
    endSession(c);
    return c.redirect(`${paths.login}?da-dang-xuat`, 303);
  })

  .get(paths.changePassword, allow("user"), (c) => {
    const forced = c.get("user")?.mustChangePassword ?? false;
    return page(c, "Đổi mật khẩu", <ChangePasswordPage csrfToken={c.get("csrfToken")} state={{ forced }} />);
  })

  .post(paths.changePassword, allow("user"), async (c) => {
    const user = c.get("user");
    if (!user) throw new Error("allow('user') let an anonymous request through");
    const parsed = ChangePasswordFormSchema.safeParse(await readForm(c));
    const input = parsed.success ? parsed.data : { current: "", next: "", confirm: "" };
    const forced = user.mustChangePassword;
    const changed = await changePassword(c.get("deps"), c.get("actor"), {
      user,
      ...input,
      session: sessionPolicy(c),
      device: readCookie(c, DEVICE_COOKIE),
    });
    if (!changed.ok) {
      const error = changed.error;
      const errors = error.code === "invalid" ? error.fields : { current: error.message };
      if (error.code === "wait") c.header("Retry-After", String(Math.ceil(error.waitMs / 1000)));
      return page(
        c,
        "Đổi mật khẩu",
        <ChangePasswordPage csrfToken={c.get("csrfToken")} state={{ forced, errors }} />,
        error.code === "invalid" ? 400 : error.code === "wait" ? 429 : 409,
      );
    }
    setSessionCookie(c, changed.value.token);
    setDeviceCookie(c, changed.value.device, Math.floor(LOGIN_LIMITS.knownForMs / 1000));
    if (forced) return c.redirect(homeFor(user.role), 303);
    return page(
      c,
      "Đổi mật khẩu",
      <ChangePasswordPage
        csrfToken={c.get("csrfToken")}
        state={{ forced: false, done: { home: homeFor(user.role) } }}
      />,
    );
  });
