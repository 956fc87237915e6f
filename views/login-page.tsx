/** @jsxImportSource hono/jsx */
import { paths } from "../server/http/paths.ts";
import { CsrfField } from "./layout.tsx";

export type LoginFormState = { username?: string; error?: string; next?: string | null; notice?: string };

export function LoginPage({ csrfToken, state }: { csrfToken: string; state: LoginFormState }) {
  return (
    <section class="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">Đăng nhập</h1>
      <p class="muted">Dành cho Ban Tổ chức và Tổ công tác tại các điểm lấy phiếu.</p>
      {state.notice ? (
        <p class="alert alert-ok" role="status">
          {state.notice}
        </p>
      ) : null}
      {state.error ? (
        <p class="alert alert-error" role="alert" id="login-error">
          {state.error}
        </p>
      ) : null}
      <form method="post" action={paths.login} novalidate>
        <CsrfField token={csrfToken} />
        {state.next ? <input type="hidden" name="next" value={state.next} /> : null}
        <label for="username">Tên đăng nhập</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          value={state.username ?? ""}
          aria-describedby={state.error ? "login-error" : undefined}
        />
        <label for="password">Mật khẩu</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" class="btn btn-block">
          Đăng nhập
        </button>
      </form>
    </section>
  );
}
