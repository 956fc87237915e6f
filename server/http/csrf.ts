import { createMiddleware } from "hono/factory";
import { randomHex, sameSecret } from "../crypto/digest.ts";
import { CSRF_COOKIE, csrfTokenFor, publicOrigin, readCookie, sessionToken, setCsrfCookie } from "./auth.ts";
import type { AppEnv } from "./context.ts";
import { renderError } from "./respond.tsx";

export const CSRF_HEADER = "X-CSRF-Token";
export const CSRF_FIELD = "_csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const CSRF_MESSAGE =
  "Yêu cầu không hợp lệ hoặc trang đã mở quá lâu. Vui lòng tải lại trang rồi thử lại; chưa có gì thay đổi.";

/**
 * CSRF protection on every state-changing request (issue #2 §5, issue #9 §3), refused before any
 * handler runs, so it changes nothing:
 *  - a logged-in request must carry the token derived from its session (bound to the login, new at
 *    each login; see csrfTokenFor), whatever cookie the browser holds;
 *  - a logged-out one (the login form, kiosks) a double-submit token: a random value in an HttpOnly
 *    cookie, echoed by the page in a header or form field;
 *  - both: a browser's Origin must be ours — "null" (sandboxed frames, some redirects, file: pages)
 *    counts as foreign — and Sec-Fetch-Site, when sent, must not say another site.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  const session = sessionToken(c);
  let expected: string;
  if (session) {
    expected = csrfTokenFor(session);
    // The cookie is only a copy for the pages (and clients that read it): keep it current.
    if (readCookie(c, CSRF_COOKIE) !== expected) setCsrfCookie(c, expected);
    else c.set("csrfToken", expected);
  } else {
    const cookie = readCookie(c, CSRF_COOKIE);
    if (!cookie || !/^[0-9a-f]{64}$/.test(cookie)) {
      // A request without the cookie cannot carry a matching token: fresh token for the page,
      // refusal for a state change.
      setCsrfCookie(c, randomHex(32));
      if (!SAFE_METHODS.has(c.req.method)) return renderError(c, 403, CSRF_MESSAGE);
      return next();
    }
    expected = cookie;
    c.set("csrfToken", expected);
  }
  if (SAFE_METHODS.has(c.req.method)) return next();

  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== publicOrigin(c)) return renderError(c, 403, CSRF_MESSAGE);
  const site = c.req.header("Sec-Fetch-Site");
  if (site !== undefined && site !== "same-origin" && site !== "none") {
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
  if (!sent || !sameSecret(sent, expected)) return renderError(c, 403, CSRF_MESSAGE);
  return next();
});
