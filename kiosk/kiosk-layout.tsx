/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { paths } from "../server/http/paths.ts";

/**
 * The resident-facing frame: no navigation, no links out, large type, high contrast. htmx history
 * is off and every answer is no-store, so nothing of a ballot survives in history or caches.
 */
export function KioskLayout({ csrfToken, children }: { csrfToken: string; children?: Child }) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"history": false, "defaultTimeout": 10000}' />
          <title>Phiếu lấy ý kiến tín nhiệm</title>
          <link rel="icon" href={paths.assets.icon} type="image/svg+xml" />
          <link rel="stylesheet" href={paths.assets.kioskCss} />
          <script src={paths.assets.htmx} defer />
          <script src={paths.assets.kioskJs} defer />
          <script src={paths.assets.speechJs} defer />
        </head>
        <body class="kiosk" hx-headers:inherited={JSON.stringify({ "X-CSRF-Token": csrfToken })}>
          <div class="kiosk-bar">
            <span class="kiosk-title">Lấy phiếu tín nhiệm</span>
            <button type="button" class="text-size" data-text-size aria-pressed="false">
              A+ Chữ to hơn
            </button>
          </div>
          <p class="kiosk-alert offline-banner" role="alert" data-offline hidden>
            Mất kết nối với máy chủ. Phiếu chưa được gửi. Xin chờ giây lát rồi bấm lại, hoặc báo tổ công tác.
          </p>
          <main id="kiosk">{children}</main>
        </body>
      </html>
    </>
  );
}
