/** @jsxImportSource hono/jsx */
import { paths } from "../server/http/paths.ts";
import { CsrfField } from "./layout.tsx";

export type ChangePasswordState = {
  forced: boolean;
  errors?: Partial<Record<"current" | "next" | "confirm", string>>;
  /** The password was changed: say so and lead back to the account's home page (`home`). */
  done?: { home: string };
};

export function ChangePasswordPage({ csrfToken, state }: { csrfToken: string; state: ChangePasswordState }) {
  const e = state.errors ?? {};
  if (state.done) {
    // Done: no empty form to fill in again, the way back instead.
    return (
      <section class="card narrow" aria-labelledby="pw-title" data-password-changed>
        <h1 id="pw-title">Đổi mật khẩu</h1>
        <p class="alert alert-ok" role="status">
          Đã đổi mật khẩu. Từ nay hãy dùng mật khẩu mới để đăng nhập và để ký.
        </p>
        <p class="form-actions">
          <a class="btn" href={state.done.home}>
            Về trang chính
          </a>
        </p>
      </section>
    );
  }
  return (
    <section class="card narrow" aria-labelledby="pw-title">
      <h1 id="pw-title">Đổi mật khẩu</h1>
      {state.forced ? (
        <p class="alert alert-warn" role="status">
          Đây là lần đăng nhập đầu tiên. Vui lòng đặt mật khẩu riêng của bạn trước khi làm việc.
        </p>
      ) : null}
      <form method="post" action={paths.changePassword} novalidate>
        <CsrfField token={csrfToken} />
        <label for="current">Mật khẩu hiện tại</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        {e.current ? <p class="field-error">{e.current}</p> : null}
        <label for="next">Mật khẩu mới</label>
        <input id="next" name="next" type="password" autocomplete="new-password" required minlength={8} />
        <p class="hint">Ít nhất 8 ký tự. Nên dùng một câu ngắn dễ nhớ.</p>
        {e.next ? <p class="field-error">{e.next}</p> : null}
        <label for="confirm">Nhập lại mật khẩu mới</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
        {e.confirm ? <p class="field-error">{e.confirm}</p> : null}
        <button type="submit" class="btn btn-block">
          Lưu mật khẩu mới
        </button>
      </form>
    </section>
  );
}
