import { timingSafeEqual } from "node:crypto";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { randomHex } from "../crypto/digest.ts";
import { isHttps, publicOrigin } from "./auth.ts";
import type { AppEnv } from "./context.ts";
import { renderError } from "./respond.tsx";

export const CSRF_COOKIE = "tn_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
export const CSRF_FIELD = "_csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const CSRF_MESSAGE =
  "Yêu cầu không hợp lệ hoặc trang đã mở quá lâu. Vui lòng tải lại trang rồi thử lại; chưa có gì thay đổi.";

/**
 * CSRF protection on every state-changing request (issue #2 §5): a double-submit token (random
 * value in an HttpOnly SameSite=Lax cookie, echoed by the page in a header or form field) plus a
 * same-origin check on the Origin header when the browser sends one. A request that fails is refused
 * before any handler runs, so it changes nothing.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  let token = getCookie(c, CSRF_COOKIE);
  if (!token || !/^[0-9a-f]{64}$/.test(token)) {
    token = randomHex(32);
    // Lax, not Strict: an officer arriving from a link in another app must not get a new token that
    // breaks the forms already open in other tabs. The double submit does not rely on SameSite.
    setCookie(c, CSRF_COOKIE, token, { path: "/", httpOnly: true, sameSite: "Lax", secure: isHttps(c) });
    // A request without the cookie cannot carry a matching token: fresh token for the page, refusal
    // for a state change below.
    c.set("csrfToken", token);
    if (!SAFE_METHODS.has(c.req.method)) return renderError(c, 403, CSRF_MESSAGE);
    return next();
  }
  c.set("csrfToken", token);
  if (SAFE_METHODS.has(c.req.method)) return next();

  const origin = c.req.header("Origin");
  if (origin && origin !== "null" && origin !== publicOrigin(c)) {
    return renderError(c, 403, CSRF_MESSAGE);
  }
  let sent = c.req.header(CSRF_HEADER);
  if (!sent) {
    const type = c.req.header("Content-Type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      try {
        const body = await c.req.parseBody();
        const field = body[CSRF_FIELD];
        if (typeof field === "string") sent = field;
      } catch {
        return renderError(c, 400, "Dữ liệu gửi lên không đọc được. Vui lòng thử lại.");
      }
    }
  }
  if (!sent || !sameToken(sent, token)) return renderError(c, 403, CSRF_MESSAGE);
  return next();
});

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
