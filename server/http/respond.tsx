/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { KioskLayout } from "../../kiosk/kiosk-layout.tsx";
import { KioskMessage } from "../../kiosk/screens.tsx";
import { ErrorPage } from "../../views/error-page.tsx";
import { Layout } from "../../views/layout.tsx";
import type { AppEnv } from "./context.ts";
import { isHtmx } from "./htmx.ts";

/** A full page in the layout, for the logged-in user (or nobody) on this request. */
export function page(c: Context<AppEnv>, title: string, body: Child, status: ContentfulStatusCode = 200) {
  return c.html(
    <Layout title={title} user={c.get("user") ?? null} csrfToken={c.get("csrfToken") ?? ""}>
      {body}
    </Layout>,
    status,
  );
}

/**
 * One answer for every expected failure: a Vietnamese page, or just the message when htmx asked
 * (htmx 4 swaps 4xx/5xx answers into the target, so the officer sees it where they acted).
 */
export function renderError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  message: string,
  requestId?: string,
): Response | Promise<Response> {
  // On a kiosk device the resident sees a kiosk screen that resets itself, never an officer-style alert.
  if (c.req.path.startsWith("/kiosk") && c.get("kiosk")) {
    const text = requestId ? `${message} Mã tra cứu: ${requestId}.` : message;
    const screen = <KioskMessage title="Chưa thực hiện được" message={text} />;
    return c.html(
      isHtmx(c) ? screen : <KioskLayout csrfToken={c.get("csrfToken") ?? ""}>{screen}</KioskLayout>,
      status,
    );
  }
  if (isHtmx(c)) {
    return c.html(
      <div class="alert alert-error" role="alert">
        {message}
        {requestId ? <small> Mã tra cứu: {requestId}</small> : null}
      </div>,
      status,
    );
  }
  return page(
    c,
    titleFor(status),
    <ErrorPage status={status} message={message} requestId={requestId} />,
    status,
  );
}

function titleFor(status: number): string {
  if (status === 404) return "Không tìm thấy trang";
  if (status === 401) return "Cần đăng nhập";
  if (status === 403) return "Không có quyền";
  if (status === 413) return "Dữ liệu gửi lên quá lớn";
  if (status === 429) return "Vui lòng chờ";
  // A refusal by the state of things (already stamped, already closed), not a malformed request.
  if (status === 409) return "Không thực hiện được";
  if (status >= 500) return "Có lỗi xảy ra";
  return "Yêu cầu không hợp lệ";
}
