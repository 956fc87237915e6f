/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { ROLE_LABELS, type User } from "../server/domain/users.ts";
import { paths } from "../server/http/paths.ts";

type LayoutProps = { title: string; user: User | null; csrfToken: string; children?: Child };

/**
 * htmx's settings for these pages. `includeIndicatorCSS: false`: htmx 4 otherwise builds a style
 * sheet of its own in the page for its `htmx-indicator` class — styles that come from no file of
 * ours, which the CSP (`style-src 'self'`, no 'unsafe-inline') is there to keep out (user trial: a
 * CSP error in the console of every page). No page uses that class; one that does styles it in its
 * own CSS file.
 *
 * `defaultSettleDelay: 0`: no "settle" step. With it, htmx copies an element's old `class` and
 * `style` attributes onto its redrawn twin (same id) for a moment, to let CSS transitions run; no
 * style of ours transitions that way, and copying a `style` attribute is an inline style the CSP
 * refuses. Anything may leave an empty `style=""` on the search box or the pairing code's field
 * (a browser extension, a screenshot tool hiding the caret: the newcomer's and the walkthrough's
 * CSP errors after pairing, "Phát phiếu" and each live redraw), and every redraw then logged an error.
 */
const HTMX_CONFIG = JSON.stringify({
  defaultTimeout: 15000,
  includeIndicatorCSS: false,
  defaultSettleDelay: 0,
});

/**
 * The board and officer pages' frame. The CSRF token rides on every htmx request through an
 * inherited hx-headers (htmx 4 makes inheritance explicit) and on plain forms as a hidden field.
 */
export function Layout({ title, user, csrfToken, children }: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${title} · Tín Nhiệm`}</title>
          <link rel="icon" href={paths.assets.icon} type="image/svg+xml" />
          <link rel="stylesheet" href={paths.assets.css} />
          <script src={paths.assets.htmx} defer />
        </head>
        <body hx-headers:inherited={JSON.stringify({ "X-CSRF-Token": csrfToken })}>
          <header class="site-header">
            <a class="brand" href={paths.home}>
              Tín Nhiệm
            </a>
            {user ? (
              <nav class="account" aria-label="Tài khoản">
                <span>
                  {user.displayName} · {ROLE_LABELS[user.role]}
                </span>
                <a href={paths.changePassword}>Đổi mật khẩu</a>
                <form method="post" action={paths.logout}>
                  <CsrfField token={csrfToken} />
                  <button type="submit" class="btn btn-quiet">
                    Đăng xuất
                  </button>
                </form>
              </nav>
            ) : null}
          </header>
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}

/** Hidden CSRF field for forms that also work without JavaScript. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
