import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { randomHex, sha256Hex } from "../crypto/digest.ts";
import { ANONYMOUS_NAME } from "../domain/audit.ts";
import { closeSession, resumeSession, type SessionPolicy } from "../services/sessions.ts";
import { clientAddress } from "./client-address.ts";
import type { AppEnv } from "./context.ts";
import { isHtmx } from "./htmx.ts";
import { paths } from "./paths.ts";
import { renderError } from "./respond.tsx";

export const SESSION_COOKIE = "tn_session";
export const CSRF_COOKIE = "tn_csrf";
export const KIOSK_COOKIE = "tn_kiosk";
/** A browser that logged in before (login-throttle.ts: device cookies); no session, no user in it. */
export const DEVICE_COOKIE = "tn_device";

/** The origin users see: PUBLIC_URL behind a proxy, else the request's own. */
export const publicOrigin = (c: Context<AppEnv>): string =>
  c.get("deps")?.config.PUBLIC_URL ?? new URL(c.req.url).origin;

/**
 * Whether users reach us over HTTPS: the scheme of `publicOrigin`, read without parsing a URL (it is
 * asked for every cookie read or written).
 */
export const isHttps = (c: Context<AppEnv>): boolean =>
  (c.get("deps")?.config.PUBLIC_URL ?? c.req.url).startsWith("https:");

type CookieName = typeof SESSION_COOKIE | typeof CSRF_COOKIE | typeof KIOSK_COOKIE | typeof DEVICE_COOKIE;

/**
 * Under HTTPS every cookie of ours is a `__Host-` cookie: the browser keeps it only when it is
 * Secure, for Path=/ and without Domain, so no other host (a sibling subdomain, a plain-HTTP page on
 * the network) can plant or overwrite it, and a cookie without the prefix is not read at all. Plain
 * HTTP (a LAN without TLS) keeps the plain names: browsers refuse `__Host-` there.
 */
const cookiePrefix = (c: Context<AppEnv>) => (isHttps(c) ? ("host" as const) : undefined);

/**
 * A cookie of this request, under its `__Host-` name over HTTPS. The Cookie header is parsed once
 * per request (a request reads three or four of ours): as Hono's `getCookie` would for each name, the
 * first well-formed occurrence of a name wins.
 */
export const readCookie = (c: Context<AppEnv>, name: CookieName): string | undefined => {
  let cookies = c.get("cookies");
  if (!cookies) {
    cookies = getCookie(c);
    c.set("cookies", cookies);
  }
  return cookies[isHttps(c) ? `__Host-${name}` : name];
};

function writeCookie(
  c: Context<AppEnv>,
  name: CookieName,
  value: string,
  options: { sameSite: "Lax" | "Strict"; maxAge?: number },
): void {
  setCookie(c, name, value, {
    ...options,
    path: "/",
    httpOnly: true,
    secure: isHttps(c),
    prefix: cookiePrefix(c),
  });
}

const clearCookie = (c: Context<AppEnv>, name: CookieName): void => {
  deleteCookie(c, name, { path: "/", secure: isHttps(c), prefix: cookiePrefix(c) });
};

/**
 * The CSRF token of a login: derived from its session token, so it is bound to that login and
 * changes with it (at login, at a password change; logging out ends it). Only the session token's
 * hash is stored, so a copy of the database does not give the token either.
 */
export const csrfTokenFor = (sessionToken: string): string => sha256Hex(`tn-csrf:${sessionToken}`);

/**
 * Hands the page's CSRF token to the browser too (HttpOnly; the pages embed it). For a login it is
 * only a copy: the check compares with the token derived from the session, never with this cookie.
 */
export function setCsrfCookie(c: Context<AppEnv>, token: string): void {
  // Lax, not Strict: an officer arriving from a link in another app must not get a new token that
  // breaks the forms already open in other tabs. The check does not rely on SameSite.
  writeCookie(c, CSRF_COOKIE, token, { sameSite: "Lax" });
  c.set("csrfToken", token);
}

/**
 * Marks this browser as one that logged in (login-throttle.ts): kept as long as the account
 * remembers it (LOGIN_LIMITS.knownForMs), renewed at every login, kept at logout.
 */
export function setDeviceCookie(c: Context<AppEnv>, token: string, maxAgeSeconds: number): void {
  writeCookie(c, DEVICE_COOKIE, token, { sameSite: "Lax", maxAge: maxAgeSeconds });
}

/** The session policy the configuration sets (idle minutes, maximum hours). */
export const sessionPolicy = (c: Context<AppEnv>): SessionPolicy => ({
  idleMinutes: c.get("deps").config.SESSION_IDLE_MINUTES,
  maxHours: c.get("deps").config.SESSION_MAX_HOURS,
});

/**
 * Loads the login from its cookie (expired or unknown tokens count as logged out) and sets, once
 * per request, the actor every service call of this request is attributed to.
 */
export const loadSession: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  c.set("session", null);
  const token = readCookie(c, SESSION_COOKIE);
  if (token) {
    const resumed = resumeSession(c.get("deps"), token, sessionPolicy(c));
    if (resumed) {
      c.set("user", resumed.user);
      c.set("session", resumed.session);
    } else {
      clearCookie(c, SESSION_COOKIE);
    }
  }
  c.set("actor", { name: c.get("user")?.username ?? ANONYMOUS_NAME, address: clientAddress(c) });
  await next();
});

/** The session token of this request's login (null when logged out). */
export const sessionToken = (c: Context<AppEnv>): string | null =>
  c.get("session") ? (readCookie(c, SESSION_COOKIE) ?? null) : null;

/** Loads the kiosk device from its cookie (a token whose hash is stored, like a session's). */
export const loadKiosk: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  const token = readCookie(c, KIOSK_COOKIE);
  c.set("kiosk", token ? c.get("deps").store.voting.kioskByToken(sha256Hex(token)) : null);
  await next();
});

export function setKioskCookie(c: Context<AppEnv>, token: string): void {
  // Thirty days: a paired kiosk keeps its pairing through the voting days until the officer unpairs
  // it; Strict because a kiosk never arrives from another site.
  writeCookie(c, KIOSK_COOKIE, token, { sameSite: "Strict", maxAge: 60 * 60 * 24 * 30 });
}

/**
 * Hands a login's token to the browser (HttpOnly, SameSite=Lax; only its hash is stored) with the
 * CSRF token bound to it: the pages rendered from here on carry the new token.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  // Lax, not Strict: an officer opening a link to the console from a message (Zalo, e-mail) stays
  // logged in instead of landing on the login page. Lax still keeps the cookie off cross-site POSTs,
  // and every state change is protected by the CSRF token and the Origin check, not by SameSite.
  writeCookie(c, SESSION_COOKIE, token, {
    sameSite: "Lax",
    maxAge: c.get("deps").config.SESSION_MAX_HOURS * 3600,
  });
  setCsrfCookie(c, csrfTokenFor(token));
}

/** Ends this request's login (logging out), clears its cookie and starts a fresh anonymous token. */
export function endSession(c: Context<AppEnv>): void {
  closeSession(c.get("deps"), c.get("actor"), c.get("session"));
  clearCookie(c, SESSION_COOKIE);
  setCsrfCookie(c, randomHex(32));
}

/**
 * Route access rules. Every route declares one with `allow(...)` right after its path; a test walks
 * the registered routes and fails on any route without one (issue #2 §6).
 *  - public: anyone, logged in or not
 *  - user: any logged-in account (e.g. changing one's own password)
 *  - board / officer: that role only
 *  - kiosk: a paired kiosk device (issue #5)
 */
export type AccessRule = "public" | "user" | "board" | "officer" | "kiosk";

const declaredRules = new WeakMap<object, readonly AccessRule[]>();

/** The rules a registered handler declares, or undefined when it is not a guard. */
export const rulesOf = (handler: unknown): readonly AccessRule[] | undefined =>
  typeof handler === "function" ? declaredRules.get(handler) : undefined;

export function allow(...rules: [AccessRule, ...AccessRule[]]): MiddlewareHandler<AppEnv> {
  const guard = createMiddleware<AppEnv>(async (c, next) => {
    if (rules.includes("public")) return next();
    // A paired kiosk device can do nothing but what "kiosk" routes allow (issue #5 §1), even if
    // someone logged in on its browser.
    if (c.get("kiosk")?.pointId != null) {
      if (rules.includes("kiosk")) return next();
      return renderError(c, 403, "Máy ghi phiếu chỉ dùng để ghi phiếu. Xin dùng máy của tổ công tác.");
    }
    const user = c.get("user");
    if (!user && rules.includes("kiosk")) return kioskNotPaired(c);
    if (!user) return notLoggedIn(c);
    // First login: the account must set its own password before anything else (issue #4 §3).
    if (user.mustChangePassword && !rules.includes("user")) {
      return redirect(c, paths.changePassword);
    }
    if (rules.includes("user")) return next();
    if (
      (user.role === "board" && rules.includes("board")) ||
      (user.role === "officer" && rules.includes("officer"))
    ) {
      return next();
    }
    return renderError(c, 403, "Tài khoản của bạn không có quyền làm việc này.");
  });
  declaredRules.set(guard, rules);
  return guard;
}

function notLoggedIn(c: Context<AppEnv>): Response | Promise<Response> {
  const target = `${paths.login}?next=${encodeURIComponent(new URL(c.req.url).pathname)}`;
  if (c.req.method === "GET" && !isHtmx(c)) return c.redirect(target, 302);
  c.header("HX-Redirect", target);
  return renderError(c, 401, "Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết. Vui lòng đăng nhập lại.");
}

/** A kiosk route reached by a browser that is not (or no longer) a paired kiosk: back to pairing. */
function kioskNotPaired(c: Context<AppEnv>): Response | Promise<Response> {
  if (c.req.method === "GET" && !isHtmx(c)) return c.redirect(paths.kiosk.home, 302);
  c.header("HX-Redirect", paths.kiosk.home);
  return renderError(c, 401, "Máy này chưa được kết nối với điểm lấy phiếu. Xin báo tổ công tác.");
}

function redirect(c: Context<AppEnv>, to: string): Response {
  if (isHtmx(c)) {
    c.header("HX-Redirect", to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}
