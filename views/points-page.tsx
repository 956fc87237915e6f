/** @jsxImportSource hono/jsx */

import { byId, pointDayOrder } from "../server/domain/board-order.ts";
import { formatDate } from "../server/domain/calendar.ts";
import type { Commune, Official } from "../server/domain/campaign.ts";
import { formatCount } from "../server/domain/format.ts";
import {
  ballotFor,
  type FieldErrors,
  type FormValues,
  type Officer,
  type Point,
} from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import {
  ActionButton,
  Checkboxes,
  Field,
  HxForm,
  LockedNotice,
  Notice,
  SaveOrCancel,
  Select,
  TableScroll,
} from "./components.tsx";

type PointField = "code" | "name" | "communeId" | "days";

export type PointsModel = {
  campaignDays: string[];
  communes: Commune[];
  officials: Official[];
  points: Point[];
  officers: Officer[];
  rosterSizes: Map<number, number>;
  editable: boolean;
  csrfToken: string;
  editing: Point | null;
  values?: FormValues<PointField> & { dayList?: string[] };
  errors?: FieldErrors<PointField>;
  message?: { kind: "ok" | "error"; text: string };
};

/** A point as the one order of the board's pages reads it (domain/board-order.ts): commune, code. */
const pointOf = (p: Point) => ({ commune: p.communeId, code: p.code });

export function PointsSection({ m }: { m: PointsModel }) {
  const communeName = new Map(m.communes.map((c) => [c.id, c.name]));
  const v =
    m.values ??
    (m.editing
      ? {
          code: m.editing.code,
          name: m.editing.name,
          communeId: String(m.editing.communeId),
          dayList: m.editing.days,
        }
      : { dayList: m.campaignDays.slice(0, 1) });
  const e = m.errors ?? {};
  return (
    <section class="card" id="points" aria-labelledby="points-title">
      <h1 id="points-title">Điểm lấy phiếu</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      {/* Wider than an upright tablet: the table scrolls in its box, the code column stays in view. */}
      <TableScroll>
        <table class="points-table" data-points-list>
          <thead>
            <tr>
              <th>Mã</th>
              <th>Thôn / tổ dân phố</th>
              <th>Xã</th>
              <th>Ngày</th>
              <th>Phiếu</th>
              <th class="num">Danh sách</th>
              <th class="num">Tổ công tác</th>
              <th>Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {[...m.points].sort(pointDayOrder(byId(m.communes), pointOf)).map((p) => (
              <tr data-point={p.code}>
                <td class="code-cell">{p.code}</td>
                <td class="commune-cell">{p.name}</td>
                <td class="commune-cell">{communeName.get(p.communeId)}</td>
                <td>
                  {p.days.map((d, i) => (
                    <>
                      {i > 0 ? ", " : null}
                      <span class="nowrap">{formatDate(d)}</span>
                    </>
                  ))}
                </td>
                <td>
                  <span class="nowrap">{ballotFor(p, m.officials).length} người</span>
                  {p.customOfficialIds ? " (phiếu riêng)" : ""}
                </td>
                <td class="num">{formatCount(m.rosterSizes.get(p.id) ?? 0)}</td>
                <td class="num">{m.officers.filter((o) => o.pointIds.includes(p.id)).length}</td>
                <td class="row-actions">
                  <a class="btn btn-quiet btn-small" href={paths.board.roster(p.id)}>
                    Danh sách
                  </a>
                  <a class="btn btn-quiet btn-small" href={`${paths.board.point(p.id)}/phieu`}>
                    Phiếu
                  </a>
                  {m.editable ? (
                    <>
                      <a
                        class="btn btn-quiet btn-small"
                        href={`${paths.board.point(p.id)}/sua`}
                        hx-get={`${paths.board.point(p.id)}/sua`}
                        hx-target="#points"
                        hx-swap="outerHTML"
                      >
                        Sửa
                      </a>
                      <ActionButton
                        action={`${paths.board.point(p.id)}/xoa`}
                        target="#points"
                        csrfToken={m.csrfToken}
                        label="Xóa"
                        quiet
                        confirm={`Xóa điểm ${p.name} cùng danh sách cử tri của điểm?`}
                      />
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {m.editable ? (
        <HxForm
          action={m.editing ? paths.board.point(m.editing.id) : paths.board.points}
          target="#points"
          csrfToken={m.csrfToken}
        >
          <h2>{m.editing ? `Sửa điểm ${m.editing.name}` : "Thêm điểm lấy phiếu"}</h2>
          <div class="form-grid">
            <Field name="code" label="Mã điểm" value={v.code} error={e.code} hint="Ví dụ: HQ-T1" />
            <Field
              name="name"
              label="Tên thôn / tổ dân phố"
              value={v.name}
              error={e.name}
              hint="Ví dụ: Thôn 1, Xã Hương Quang"
            />
            <Select
              name="communeId"
              label="Thuộc xã (cũ)"
              value={v.communeId}
              error={e.communeId}
              placeholder="— Chọn xã —"
              options={m.communes.map((c) => ({ value: c.id, label: c.name }))}
            />
          </div>
          <Checkboxes
            name="days"
            legend="Ngày lấy phiếu của điểm"
            options={m.campaignDays.map((d) => ({ value: d, label: formatDate(d) }))}
            checked={v.dayList ?? []}
            error={e.days}
          />
          <SaveOrCancel
            editing={m.editing !== null}
            addLabel="Thêm điểm"
            listPath={paths.board.points}
            target="#points"
          />
        </HxForm>
      ) : (
        <LockedNotice />
      )}
    </section>
  );
}

export type BallotStyleModel = {
  point: Point;
  communes: Commune[];
  officials: Official[];
  editable: boolean;
  csrfToken: string;
  error?: string;
  message?: { kind: "ok" | "error"; text: string };
};

/** The point's ballot: by default every official of its own old commune; or a list the board sets. */
export function BallotStyleSection({ m }: { m: BallotStyleModel }) {
  const ballot = ballotFor(m.point, m.officials);
  const chosen = new Set(ballot.map((o) => o.id));
  return (
    <section class="card" id="ballot-style" aria-labelledby="ballot-title">
      <h1 id="ballot-title">Phiếu của điểm {m.point.name}</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      <p>
        {m.point.customOfficialIds
          ? "Điểm này dùng phiếu riêng do Ban Tổ chức chọn."
          : "Điểm này dùng phiếu mặc định: tất cả người được lấy phiếu của xã cũ của điểm."}
      </p>
      <ol>
        {ballot.map((o) => (
          <li>
            {o.name} — {o.position}
          </li>
        ))}
      </ol>
      {m.editable ? (
        <HxForm
          action={`${paths.board.point(m.point.id)}/phieu`}
          target="#ballot-style"
          csrfToken={m.csrfToken}
        >
          <Select
            name="mode"
            label="Loại phiếu"
            value={m.point.customOfficialIds ? "custom" : "default"}
            options={[
              { value: "default", label: "Mặc định: người được lấy phiếu của xã cũ" },
              { value: "custom", label: "Phiếu riêng: chọn trong danh sách dưới đây" },
            ]}
          />
          {m.communes.map((commune) => (
            <Checkboxes
              name="officialIds"
              legend={commune.name}
              options={m.officials
                .filter((o) => o.communeId === commune.id)
                .map((o) => ({ value: o.id, label: `${o.name} — ${o.position}` }))}
              checked={[...chosen]}
            />
          ))}
          {m.error ? <p class="field-error">{m.error}</p> : null}
          <div class="form-actions">
            <button type="submit" class="btn">
              Lưu phiếu của điểm
            </button>
            <a href={paths.board.points}>Về danh sách điểm</a>
          </div>
        </HxForm>
      ) : (
        <LockedNotice />
      )}
    </section>
  );
}
