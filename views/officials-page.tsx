/** @jsxImportSource hono/jsx */
import type { Commune, Official } from "../server/domain/campaign.ts";
import type { FieldErrors, FormValues } from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import { ActionButton, Field, HxForm, LockedNotice, Notice, SaveOrCancel, Select } from "./components.tsx";

type OfficialField = "code" | "name" | "position" | "communeId";

export type OfficialsModel = {
  communes: Commune[];
  officials: Official[];
  editable: boolean;
  csrfToken: string;
  editing: Official | null;
  values?: FormValues<OfficialField>;
  errors?: FieldErrors<OfficialField>;
  message?: { kind: "ok" | "error"; text: string };
};

/** Người được lấy phiếu: per old commune, in the order they appear on the ballot. */
export function OfficialsSection({ m }: { m: OfficialsModel }) {
  const v: FormValues<OfficialField> =
    m.values ??
    (m.editing
      ? {
          code: m.editing.code,
          name: m.editing.name,
          position: m.editing.position,
          communeId: String(m.editing.communeId),
        }
      : {});
  const e = m.errors ?? {};
  return (
    <section class="card" id="officials" aria-labelledby="officials-title">
      <h1 id="officials-title">Người được lấy phiếu</h1>
      <p class="muted">
        Thứ tự trong bảng là thứ tự in trên phiếu của điểm (khi điểm dùng phiếu mặc định của xã).
      </p>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      {m.communes.map((commune) => {
        const list = m.officials.filter((o) => o.communeId === commune.id);
        return (
          <>
            <h2>
              {commune.name} <span class="muted">→ {commune.mergedInto}</span>
            </h2>
            {list.length === 0 ? (
              <p class="muted">Chưa có ai.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th class="num">STT</th>
                    <th>Mã</th>
                    <th>Họ và tên</th>
                    <th>Chức vụ</th>
                    {m.editable ? <th>Thao tác</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((o, i) => (
                    <tr>
                      <td class="num">{i + 1}</td>
                      <td>{o.code}</td>
                      <td>{o.name}</td>
                      <td>{o.position}</td>
                      {m.editable ? (
                        <td class="row-actions">
                          <ActionButton
                            action={`${paths.board.official(o.id)}/len`}
                            target="#officials"
                            csrfToken={m.csrfToken}
                            label="↑"
                            ariaLabel={`Đưa ${o.name} lên trên`}
                            quiet
                          />
                          <ActionButton
                            action={`${paths.board.official(o.id)}/xuong`}
                            target="#officials"
                            csrfToken={m.csrfToken}
                            label="↓"
                            ariaLabel={`Đưa ${o.name} xuống dưới`}
                            quiet
                          />
                          <a
                            class="btn btn-quiet btn-small"
                            href={`${paths.board.official(o.id)}/sua`}
                            hx-get={`${paths.board.official(o.id)}/sua`}
                            hx-target="#officials"
                            hx-swap="outerHTML"
                          >
                            Sửa
                          </a>
                          <ActionButton
                            action={`${paths.board.official(o.id)}/xoa`}
                            target="#officials"
                            csrfToken={m.csrfToken}
                            label="Xóa"
                            quiet
                            confirm={`Xóa ${o.name} khỏi danh sách người được lấy phiếu?`}
                          />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        );
      })}
      {m.editable ? (
        <HxForm
          action={m.editing ? paths.board.official(m.editing.id) : paths.board.officials}
          target="#officials"
          csrfToken={m.csrfToken}
        >
          <h2>{m.editing ? `Sửa thông tin ${m.editing.name}` : "Thêm người được lấy phiếu"}</h2>
          <div class="form-grid">
            <Field name="code" label="Mã" value={v.code} error={e.code} hint="Ví dụ: HQ-07" />
            <Field name="name" label="Họ và tên" value={v.name} error={e.name} />
            <Field
              name="position"
              label="Chức vụ"
              value={v.position}
              error={e.position}
              hint="Ví dụ: Chủ tịch UBND xã"
            />
            <Select
              name="communeId"
              label="Xã"
              value={v.communeId}
              error={e.communeId}
              placeholder="— Chọn xã —"
              options={m.communes.map((c) => ({ value: c.id, label: c.name }))}
            />
          </div>
          <SaveOrCancel
            editing={m.editing !== null}
            addLabel="Thêm"
            listPath={paths.board.officials}
            target="#officials"
          />
        </HxForm>
      ) : (
        <LockedNotice />
      )}
    </section>
  );
}
