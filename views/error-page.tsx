/** @jsxImportSource hono/jsx */
import { paths } from "../server/http/paths.ts";

export function ErrorPage({
  status,
  message,
  requestId,
}: {
  status: number;
  message: string;
  requestId?: string;
}) {
  return (
    <section class="card narrow" aria-labelledby="error-title">
      <h1 id="error-title">{status >= 500 ? "Có lỗi xảy ra" : "Không thực hiện được"}</h1>
      <p class="alert alert-error" role="alert">
        {message}
      </p>
      {requestId ? (
        <p class="muted">
          Mã tra cứu lỗi: <code data-request-id={requestId}>{requestId}</code>. Khi gọi hỗ trợ, xin đọc mã
          này.
        </p>
      ) : null}
      <p>
        <a class="btn" href={paths.home}>
          Về trang chính
        </a>
      </p>
    </section>
  );
}
