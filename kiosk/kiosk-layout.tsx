/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { BallotProgress } from "../server/domain/kiosk-ballot.ts";
import { paths } from "../server/http/paths.ts";

/** The classes on <html> for a ballot's text size and contrast (kiosk.js sets the same after a swap). */
export function displayClasses(display: Pick<BallotProgress, "textSize" | "highContrast"> | null): string {
  const size = display?.textSize ?? 0;
  return [`text-${size}`, display?.highContrast ? "contrast" : ""].filter(Boolean).join(" ");
}

/**
 * htmx's settings on the kiosk: no history (nothing of a ballot kept), a 10-s timeout, and no style
 * sheet built by htmx for its indicator class (`includeIndicatorCSS`): styles from no file of ours,
 * which the CSP keeps out, for a class no kiosk screen uses (see views/layout.tsx). Unlike the
 * officers' pages, the kiosk keeps htmx's settle step: the timing of its presses around a new
 * screen (kiosk.js, `settling`) was built and tested with it, and two of five whole-suite runs that
 * tried it without saw a kiosk press test fail; no kiosk element was seen carrying a `style`.
 */
const HTMX_CONFIG = JSON.stringify({ history: false, defaultTimeout: 10000, includeIndicatorCSS: false });

/**
 * The resident-facing frame: no navigation, no links out, large type. Every screen draws itself
 * whole inside #kiosk (its own buttons for text size and contrast, "Nghe hướng dẫn"), so the frame
 * only holds the connection banner. htmx history is off and every answer is no-store, so nothing of
 * a ballot survives in history or caches.
 */
export function KioskLayout({
  csrfToken,
  display = null,
  children,
}: {
  csrfToken: string;
  /** The text size and contrast of the ballot in progress; null: the defaults. */
  display?: Pick<BallotProgress, "textSize" | "highContrast"> | null;
  children?: Child;
}) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="vi" class={displayClasses(display)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>Phiếu lấy ý kiến tín nhiệm</title>
          <link rel="icon" href={paths.assets.icon} type="image/svg+xml" />
          <link rel="stylesheet" href={paths.assets.kioskCss} />
          <script src={paths.assets.htmx} defer />
          <script src={paths.assets.kioskJs} defer />
          <script src={paths.assets.speechJs} defer />
        </head>
        <body class="kiosk" hx-headers:inherited={JSON.stringify({ "X-CSRF-Token": csrfToken })}>
          <main class="kiosk-main">
            <p class="kiosk-alert offline-banner" role="alert" data-offline hidden>
              Mất kết nối với máy chủ. Phiếu chưa được gửi. Xin chờ giây lát rồi bấm lại, hoặc báo tổ công
              tác.
            </p>
            <div id="kiosk">{children}</div>
          </main>
        </body>
      </html>
    </>
  );
}
