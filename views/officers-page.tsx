/** @jsxImportSource hono/jsx */
import { publicKeyFingerprint } from "../server/crypto/keys.ts";
import {
  type FieldErrors,
  type FormValues,
  type Officer,
  type Point,
  TEAM_ROLES,
} from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import { ActionButton, Checkboxes, Field, HxForm, Notice, Select } from "./components.tsx";

type OfficerField = "username" | "displayName" | "teamRole" | "pointIds";

export type OfficersModel = {
  officers: Officer[];
  points: Point[];
  csrfToken: string;
  values?: FormValues<OfficerField> & { pointList?: string[] };
  errors?: FieldErrors<OfficerField>;
  /** Shown once, right after creation: the board hands it to the officer, who must change it. */
  created?: { username: string; displayName: string; password: string; fingerprint: string };
  message?: { kind: "ok" | "error"; text: string };
};

/** Tổ công tác: officer accounts, their points and their signing-key fingerprints. */
export function OfficersSection({ m }: { m: OfficersModel }) {
  const pointName = new Map(m.points.map((p) => [p.id, `${p.code}`]));
  const v = m.values ?? {};
  const e = m.errors ?? {};
  return (
    <section class="card" id="officers" aria-labelledby="officers-title">
      <h1 id="officers-title">Tổ công tác</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      {m.created ? (
        <div class="alert alert-ok" role="status">
          <p>
            Đã tạo tài khoản cho <strong>{m.created.displayName}</strong>. Trao cho cán bộ (chỉ hiện một lần):
          </p>
          <dl class="facts">
            <dt>Tên đăng nhập</dt>
            <dd>{m.created.username}</dd>
            <dt>Mật khẩu ban đầu</dt>
            <dd>
              <code>{m.created.password}</code>
            </dd>
            <dt>Dấu vân tay khóa ký</dt>
            <dd>
              <code>{m.created.fingerprint}</code>
            </dd>
          </dl>
          <p>Lần đăng nhập đầu tiên, cán bộ phải đặt mật khẩu riêng.</p>
        </div>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>Tên đăng nhập</th>
            <th>Họ và tên</th>
            <th>Vai trò</th>
            <th>Điểm</th>
            <th>Dấu vân tay khóa ký</th>
          </tr>
        </thead>
        <tbody>
          {m.officers.map((o) => (
            <tr>
              <td>
                <a href={paths.board.officer(o.userId)}>{o.username}</a>
              </td>
              <td>{o.displayName}</td>
              <td>{o.teamRole}</td>
              <td>{o.pointIds.map((id) => pointName.get(id)).join(", ")}</td>
              <td>
                <code>{publicKeyFingerprint(o.publicKey)}</code>
                {o.mustChangePassword ? <span class="badge"> chưa đổi mật khẩu</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <HxForm action={paths.board.officers} target="#officers" csrfToken={m.csrfToken}>
        <h2>Thêm cán bộ tổ công tác</h2>
        <div class="form-grid">
          <Field name="displayName" label="Họ và tên" value={v.displayName} error={e.displayName} />
          <Field
            name="username"
            label="Tên đăng nhập"
            value={v.username}
            error={e.username}
            hint="Chữ không dấu, số, dấu chấm hoặc gạch. Ví dụ: hq-t1-4"
          />
          <Select
            name="teamRole"
            label="Vai trò trong tổ"
            value={v.teamRole}
            error={e.teamRole}
            placeholder="— Chọn vai trò —"
            options={TEAM_ROLES.map((r) => ({ value: r, label: r }))}
          />
        </div>
        <Checkboxes
          name="pointIds"
          legend="Làm việc tại điểm"
          options={m.points.map((p) => ({ value: p.id, label: `${p.code} — ${p.name}` }))}
          checked={v.pointList ?? []}
          error={e.pointIds}
        />
        <div class="form-actions">
          <button type="submit" class="btn">
            Tạo tài khoản và khóa ký
          </button>
          <span class="hint">Khóa ký được tạo ngay và chỉ mở được bằng mật khẩu của cán bộ.</span>
        </div>
      </HxForm>
    </section>
  );
}

export type OfficerDetailModel = {
  officer: Officer;
  points: Point[];
  csrfToken: string;
  values?: FormValues<"displayName" | "teamRole" | "pointIds"> & { pointList?: string[] };
  errors?: FieldErrors<"displayName" | "teamRole" | "pointIds">;
  reset?: { password: string; fingerprint: string };
  message?: { kind: "ok" | "error"; text: string };
};

export function OfficerDetail({ m }: { m: OfficerDetailModel }) {
  const { officer, points } = m;
  const v = m.values ?? {
    displayName: officer.displayName,
    teamRole: officer.teamRole,
    pointList: officer.pointIds.map(String),
  };
  const e = m.errors ?? {};
  return (
    <section class="card" id="officer" aria-labelledby="officer-detail-title">
      <h1 id="officer-detail-title">{officer.displayName}</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      {m.reset ? (
        <div class="alert alert-ok" role="status">
          <p>Đã cấp lại. Trao cho cán bộ (chỉ hiện một lần):</p>
          <dl class="facts">
            <dt>Tên đăng nhập</dt>
            <dd>{officer.username}</dd>
            <dt>Mật khẩu ban đầu mới</dt>
            <dd>
              <code>{m.reset.password}</code>
            </dd>
            <dt>Dấu vân tay khóa ký mới</dt>
            <dd>
              <code>{m.reset.fingerprint}</code>
            </dd>
          </dl>
        </div>
      ) : null}
      <dl class="facts">
        <dt>Tên đăng nhập</dt>
        <dd>{officer.username}</dd>
        <dt>Dấu vân tay khóa ký</dt>
        <dd>
          <code>{publicKeyFingerprint(officer.publicKey)}</code>
        </dd>
        <dt>Khóa công khai</dt>
        <dd class="digest">{officer.publicKey}</dd>
      </dl>
      <p class="hint">
        Khóa bí mật được niêm phong bằng mật khẩu của cán bộ: Ban Tổ chức không đọc được. Khi cán bộ đặt mật
        khẩu riêng lần đầu, hệ thống tạo cặp khóa mới mà chỉ mật khẩu đó mở được. Dấu vân tay sẽ in trên biên
        bản cán bộ ký.
      </p>
      <HxForm action={paths.board.officer(officer.userId)} target="#officer" csrfToken={m.csrfToken}>
        <h2>Sửa thông tin</h2>
        <div class="form-grid">
          <Field name="displayName" label="Họ và tên" value={v.displayName} error={e.displayName} />
          <Select
            name="teamRole"
            label="Vai trò trong tổ"
            value={v.teamRole}
            error={e.teamRole}
            options={TEAM_ROLES.map((r) => ({ value: r, label: r }))}
          />
        </div>
        <Checkboxes
          name="pointIds"
          legend="Làm việc tại điểm"
          options={points.map((p) => ({ value: p.id, label: `${p.code} — ${p.name}` }))}
          checked={v.pointList ?? []}
          error={e.pointIds}
        />
        <div class="form-actions">
          <button type="submit" class="btn">
            Lưu thay đổi
          </button>
        </div>
      </HxForm>
      <h2>Quên mật khẩu</h2>
      <p class="hint">
        Khóa ký cũ không mở lại được khi cán bộ quên mật khẩu. Cấp lại sẽ tạo mật khẩu ban đầu mới và cặp khóa
        ký mới; các phiên đăng nhập đang mở của cán bộ bị đóng.
      </p>
      <ActionButton
        action={`${paths.board.officer(officer.userId)}/cap-lai`}
        target="#officer"
        csrfToken={m.csrfToken}
        label="Cấp lại mật khẩu và khóa ký"
        confirm={`Cấp lại mật khẩu và khóa ký cho ${officer.displayName}?`}
      />
      <p>
        <a href={paths.board.officers}>Về danh sách tổ công tác</a>
      </p>
    </section>
  );
}
