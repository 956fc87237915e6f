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
import { Checkboxes, Field, HxForm, Notice, Select } from "./components.tsx";

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

export function OfficerDetail({ officer, points }: { officer: Officer; points: Point[] }) {
  return (
    <section class="card" aria-labelledby="officer-detail-title">
      <h1 id="officer-detail-title">{officer.displayName}</h1>
      <dl class="facts">
        <dt>Tên đăng nhập</dt>
        <dd>{officer.username}</dd>
        <dt>Vai trò</dt>
        <dd>{officer.teamRole}</dd>
        <dt>Điểm lấy phiếu</dt>
        <dd>
          {points
            .filter((p) => officer.pointIds.includes(p.id))
            .map((p) => `${p.code} — ${p.name}`)
            .join("; ")}
        </dd>
        <dt>Dấu vân tay khóa ký</dt>
        <dd>
          <code>{publicKeyFingerprint(officer.publicKey)}</code>
        </dd>
        <dt>Khóa công khai</dt>
        <dd class="digest">{officer.publicKey}</dd>
      </dl>
      <p class="hint">
        Khóa bí mật được niêm phong bằng mật khẩu của cán bộ: Ban Tổ chức không đọc được. Dấu vân tay này sẽ
        in trên biên bản mà cán bộ ký.
      </p>
      <p>
        <a href={paths.board.officers}>Về danh sách tổ công tác</a>
      </p>
    </section>
  );
}
