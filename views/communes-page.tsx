/** @jsxImportSource hono/jsx */
import type { Commune } from "../server/domain/campaign.ts";
import type { FieldErrors, FormValues } from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import { ActionButton, Field, HxForm, LockedNotice, Notice, SaveOrCancel } from "./components.tsx";

type CommuneField = "code" | "name" | "mergedInto";

export type CommunesModel = {
  communes: (Commune & { officials: number; points: number })[];
  editable: boolean;
  csrfToken: string;
  /** The commune being edited, or null for the "add" form. */
  editing: Commune | null;
  values?: FormValues<CommuneField>;
  errors?: FieldErrors<CommuneField>;
  message?: { kind: "ok" | "error"; text: string };
};

/** The communes of the merger: each old commune and the new commune it became part of. */
export function CommunesSection({ m }: { m: CommunesModel }) {
  const v: FormValues<CommuneField> =
    m.values ??
    (m.editing ? { code: m.editing.code, name: m.editing.name, mergedInto: m.editing.mergedInto } : {});
  const e = m.errors ?? {};
  return (
    <section class="card" id="communes" aria-labelledby="communes-title">
      <h1 id="communes-title">Các xã (trước và sau sáp nhập)</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      <table>
        <thead>
          <tr>
            <th>Mã</th>
            <th>Xã cũ</th>
            <th>Xã mới (sau sáp nhập)</th>
            <th class="num">Người được lấy phiếu</th>
            <th class="num">Điểm</th>
            {m.editable ? <th>Thao tác</th> : null}
          </tr>
        </thead>
        <tbody>
          {m.communes.map((c) => (
            <tr>
              <td>{c.code}</td>
              <td>{c.name}</td>
              <td>{c.mergedInto}</td>
              <td class="num">{c.officials}</td>
              <td class="num">{c.points}</td>
              {m.editable ? (
                <td class="row-actions">
                  <a
                    class="btn btn-quiet btn-small"
                    href={`${paths.board.commune(c.id)}/sua`}
                    hx-get={`${paths.board.commune(c.id)}/sua`}
                    hx-target="#communes"
                    hx-swap="outerHTML"
                  >
                    Sửa
                  </a>
                  <ActionButton
                    action={`${paths.board.commune(c.id)}/xoa`}
                    target="#communes"
                    csrfToken={m.csrfToken}
                    label="Xóa"
                    quiet
                    confirm={`Xóa xã ${c.name}?`}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {m.editable ? (
        <HxForm
          action={m.editing ? paths.board.commune(m.editing.id) : paths.board.communes}
          target="#communes"
          csrfToken={m.csrfToken}
        >
          <h2>{m.editing ? `Sửa xã ${m.editing.name}` : "Thêm xã"}</h2>
          <div class="form-grid">
            <Field name="code" label="Mã xã" value={v.code} error={e.code} hint="Ví dụ: HQ" />
            <Field name="name" label="Tên xã cũ" value={v.name} error={e.name} hint="Ví dụ: Xã Hương Quang" />
            <Field
              name="mergedInto"
              label="Thuộc xã mới"
              value={v.mergedInto}
              error={e.mergedInto}
              hint="Ví dụ: Xã Quang Thọ"
            />
          </div>
          <SaveOrCancel
            editing={m.editing !== null}
            addLabel="Thêm xã"
            listPath={paths.board.communes}
            target="#communes"
          />
        </HxForm>
      ) : (
        <LockedNotice />
      )}
    </section>
  );
}
