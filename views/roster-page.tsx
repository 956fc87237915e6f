/** @jsxImportSource hono/jsx */

import { formatDateTime } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import type { RosterCommitmentRecord, RosterRowError, StoredRosterEntry } from "../server/domain/roster.ts";
import type { FieldErrors, FormValues, Point } from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import { Field, HxForm, Notice } from "./components.tsx";

export type ImportJobView =
  | { state: "running"; id: string; checked: number; total: number; fileName: string }
  | { state: "done"; imported: number; fileName: string }
  | { state: "rejected"; fileName: string; message: string; rows: RosterRowError[] };

/** Progress while a file is checked; it asks again every half second until the check is over. */
export function ImportStatus({ pointId, job }: { pointId: number; job: ImportJobView }) {
  if (job.state === "running") {
    return (
      <div
        id="roster-import"
        hx-get={paths.board.rosterJob(pointId, job.id)}
        hx-trigger="load delay:500ms"
        hx-swap="outerHTML"
        role="status"
        data-job-id={job.id}
      >
        <p>
          Đang kiểm tra tệp <strong>{job.fileName}</strong>: đã kiểm tra {formatCount(job.checked)}/
          {formatCount(job.total)} dòng…
        </p>
        <progress max={Math.max(job.total, 1)} value={job.checked} />
      </div>
    );
  }
  if (job.state === "done") {
    return (
      <div id="roster-import">
        <Notice kind="ok">
          Đã nhập {formatCount(job.imported)} người từ tệp {job.fileName}.{" "}
          <a href={paths.board.roster(pointId)}>Xem danh sách</a>
        </Notice>
      </div>
    );
  }
  return (
    <div id="roster-import">
      <Notice kind="error">
        Không nhập tệp {job.fileName}: {job.message} Chưa có gì được lưu; hãy sửa tệp rồi nhập lại.
      </Notice>
      {job.rows.length > 0 ? (
        <table>
          <caption>Các dòng có lỗi ({formatCount(job.rows.length)})</caption>
          <thead>
            <tr>
              <th class="num">Dòng</th>
              <th>Cột</th>
              <th>Giá trị</th>
              <th>Lý do</th>
            </tr>
          </thead>
          <tbody>
            {job.rows.map((r) => (
              <tr>
                <td class="num">{r.row}</td>
                <td>{r.column}</td>
                <td>{r.value === "" ? <span class="muted">(trống)</span> : r.value}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

type AmendField =
  | "fullName"
  | "birthYear"
  | "gender"
  | "cccd"
  | "householdCode"
  | "relation"
  | "reason"
  | "entryId";

export type RosterPageModel = {
  point: Point;
  entries: StoredRosterEntry[];
  /** The search that selected `entries`, or "" for the first rows of the list. */
  query: string;
  total: number;
  commitments: RosterCommitmentRecord[];
  importable: boolean;
  amendable: boolean;
  lockedReason: string | null;
  csrfToken: string;
  onePer: "resident" | "household";
  /** The entry being corrected by the amendment form, or null to add a missed resident. */
  correcting: StoredRosterEntry | null;
  amendValues?: FormValues<AmendField>;
  amendErrors?: FieldErrors<AmendField>;
  message?: { kind: "ok" | "error"; text: string };
};

export const ROSTER_PAGE_ROWS = 200;

export function RosterSection({ m }: { m: RosterPageModel }) {
  const v = m.amendValues ?? {};
  const e = m.amendErrors ?? {};
  return (
    <section class="card" id="roster" aria-labelledby="roster-title">
      <h1 id="roster-title">Danh sách người ghi phiếu — {m.point.name}</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      <p>
        {formatCount(m.total)} người{m.onePer === "household" ? " (mỗi hộ một phiếu)" : ""}.{" "}
        <a href={paths.board.points}>Về danh sách điểm</a>
      </p>
      {m.importable ? (
        <>
          <h2>Nhập danh sách từ tệp Excel (.xlsx) hoặc CSV</h2>
          <p class="hint">
            Tệp có thể có dòng tiêu đề phía trên; cần các cột “Họ và tên” và “Năm sinh” (thêm “Giới tính”, “Số
            CCCD”, “Mã hộ”, “Quan hệ với chủ hộ” nếu có). Nhập lại sẽ thay toàn bộ danh sách của điểm. Tệp có
            dòng lỗi sẽ không được nhập dòng nào. Tối đa 10 MB.
          </p>
          <form
            method="post"
            action={paths.board.rosterImport(m.point.id)}
            hx-post={paths.board.rosterImport(m.point.id)}
            hx-target="#roster-import"
            hx-swap="outerHTML"
            enctype="multipart/form-data"
          >
            <input type="hidden" name="_csrf" value={m.csrfToken} />
            <label for="file">Tệp danh sách</label>
            <input id="file" name="file" type="file" accept=".xlsx,.csv" required />
            <div class="form-actions">
              <button type="submit" class="btn">
                Kiểm tra và nhập
              </button>
            </div>
          </form>
          <div id="roster-import" />
        </>
      ) : m.lockedReason ? (
        <Notice kind="warn">{m.lockedReason}</Notice>
      ) : null}

      {m.commitments.length > 0 ? (
        <>
          <h2>Các lần đóng dấu và điều chỉnh</h2>
          <table>
            <thead>
              <tr>
                <th class="num">Lần</th>
                <th>Thời điểm</th>
                <th>Người thực hiện</th>
                <th>Lý do</th>
                <th class="num">Số người</th>
                <th>Mã băm SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {m.commitments.map((c) => (
                <tr>
                  <td class="num">{c.version}</td>
                  <td>{formatDateTime(c.createdAt)}</td>
                  <td>{c.createdBy}</td>
                  <td>{c.reason}</td>
                  <td class="num">{formatCount(c.entries)}</td>
                  <td class="digest">{c.digest}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {m.amendable ? (
        <HxForm action={paths.board.rosterAmend(m.point.id)} target="#roster" csrfToken={m.csrfToken}>
          <h2>Điều chỉnh danh sách đã đóng dấu</h2>
          <p class="hint">
            Bổ sung người bị sót, hoặc sửa lỗi đánh máy của một người (chọn người cần sửa). Mỗi lần điều chỉnh
            đều ghi lý do, được ghi vào nhật ký và tạo mã băm mới cho danh sách; mã băm cũ vẫn được giữ.
          </p>
          {m.correcting ? (
            <>
              <input type="hidden" name="entryId" value={String(m.correcting.id)} />
              <p>
                <strong>Sửa thông tin của {m.correcting.fullName}</strong> ({m.correcting.birthYear}).{" "}
                <a href={paths.board.roster(m.point.id)}>Thôi, bổ sung người mới</a>
              </p>
            </>
          ) : (
            <p>
              <strong>Bổ sung người bị sót.</strong> Muốn sửa lỗi của một người, bấm “Sửa” ở dòng của người
              đó.
            </p>
          )}
          {e.entryId ? <p class="field-error">{e.entryId}</p> : null}
          <div class="form-grid">
            <Field name="fullName" label="Họ và tên" value={v.fullName} error={e.fullName} />
            <Field name="birthYear" label="Năm sinh" value={v.birthYear} error={e.birthYear} />
            <Field name="gender" label="Giới tính (Nam/Nữ)" value={v.gender} error={e.gender} />
            <Field name="cccd" label="Số CCCD" value={v.cccd} error={e.cccd} />
            <Field name="householdCode" label="Mã hộ" value={v.householdCode} error={e.householdCode} />
            <Field name="relation" label="Quan hệ với chủ hộ" value={v.relation} error={e.relation} />
          </div>
          <Field name="reason" label="Lý do điều chỉnh" value={v.reason} error={e.reason} />
          <div class="form-actions">
            <button type="submit" class="btn">
              Ghi điều chỉnh
            </button>
          </div>
        </HxForm>
      ) : null}

      <h2>Danh sách</h2>
      <form method="get" action={paths.board.roster(m.point.id)} class="inline-form">
        <label for="roster-q">
          Tìm người trong danh sách: họ tên (có dấu hoặc không), năm sinh, mã hộ, số cuối CCCD
        </label>
        <input id="roster-q" name="q" type="search" value={m.query} />
        <button type="submit" class="btn btn-small">
          Tìm
        </button>
        {m.query ? <a href={paths.board.roster(m.point.id)}>Bỏ tìm</a> : null}
      </form>
      {m.total === 0 ? (
        <p class="muted">Chưa có ai trong danh sách.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th class="num">Dòng</th>
              <th>Họ và tên</th>
              <th class="num">Năm sinh</th>
              <th>Giới tính</th>
              <th>Số CCCD</th>
              <th>Mã hộ</th>
              <th>Quan hệ với chủ hộ</th>
              {m.amendable ? <th>Điều chỉnh</th> : null}
            </tr>
          </thead>
          <tbody>
            {m.entries.map((x) => (
              <tr>
                <td class="num">{x.sourceRow ?? <span class="badge">bổ sung</span>}</td>
                <td>{x.fullName}</td>
                <td class="num">{x.birthYear}</td>
                <td>{x.gender ?? ""}</td>
                <td>{x.cccd ?? ""}</td>
                <td>{x.householdCode ?? ""}</td>
                <td>{x.relation ?? ""}</td>
                {m.amendable ? (
                  <td>
                    <a href={`${paths.board.roster(m.point.id)}?sua=${x.id}#roster`}>Sửa</a>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.query ? (
        <p class="muted">
          {formatCount(m.entries.length)} người khớp với “{m.query}”.
        </p>
      ) : m.total > m.entries.length ? (
        <p class="muted">
          Đang hiện {formatCount(m.entries.length)} người đầu tiên trên tổng số {formatCount(m.total)}.
        </p>
      ) : null}
    </section>
  );
}
