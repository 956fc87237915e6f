/** @jsxImportSource hono/jsx */

import { formatDateTime } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import type { RosterCommitmentRecord, RosterRowError, StoredRosterEntry } from "../server/domain/roster.ts";
import type { FieldErrors, FormValues, Point } from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import { Field, HxForm, Notice } from "./components.tsx";

/** One resident of a group of look-alikes, as shown for the board's decision. */
export type LookAlikeRow = {
  row: number;
  fullName: string;
  birth: string;
  gender: string | null;
  cccd: string | null;
  householdCode: string | null;
  relation: string | null;
};

/** A row converted from an old font encoding: what the file held and what was made of it. */
export type ConversionView = { row: number; encoding: string; before: string; after: string };

export type ImportJobView =
  | { state: "running"; id: string; checked: number; total: number; fileName: string }
  | {
      state: "review";
      id: string;
      fileName: string;
      sheet: string | null;
      total: number;
      groups: LookAlikeRow[][];
      conversions: ConversionView[];
      /** The board's choices so far (after a submission that left a group undecided). */
      chosen?: Record<string, string>;
      error?: string;
    }
  | {
      state: "done";
      imported: number;
      fileName: string;
      sheet?: string | null;
      dropped?: number[];
      conversions?: ConversionView[];
    }
  | { state: "rejected"; fileName: string; message: string; rows: RosterRowError[] };

const fromFile = (fileName: string, sheet: string | null | undefined) =>
  sheet ? (
    <>
      tệp <strong>{fileName}</strong>, trang “{sheet}”
    </>
  ) : (
    <>
      tệp <strong>{fileName}</strong>
    </>
  );

/**
 * Row errors shown on the page: a list whose every row is wrong (a wrong column, a filter that hid
 * most of the sheet) would otherwise be tens of thousands of lines, megabytes the board cannot read.
 */
const ROW_ERRORS_SHOWN = 200;

/** The rows converted from TCVN3/VNI, for the board to check by eye. */
function Conversions({ rows }: { rows: ConversionView[] }) {
  if (rows.length === 0) return null;
  return (
    <table>
      <caption>
        Các dòng gõ bằng bảng mã cũ, đã chuyển sang Unicode ({formatCount(rows.length)}): hãy đọc lại
      </caption>
      <thead>
        <tr>
          <th class="num">Dòng</th>
          <th>Bảng mã</th>
          <th>Trong tệp</th>
          <th>Sau khi chuyển</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td class="num">{r.row}</td>
            <td>{r.encoding}</td>
            <td>{r.before}</td>
            <td>{r.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Field name of a group's decision in the review form. */
export const lookAlikeField = (index: number) => `nhom-${index + 1}`;

/**
 * The in-page review of a file whose rows include possible duplicates (issue #14): each group shown
 * with its rows, and the board chooses "là những người khác nhau" or the one row to keep. Nothing is
 * imported until every group is decided.
 */
function LookAlikeReview({
  pointId,
  job,
  csrfToken,
}: {
  pointId: number;
  job: ImportJobView & { state: "review" };
  csrfToken: string;
}) {
  const action = paths.board.rosterJobConfirm(pointId, job.id);
  return (
    <div id="roster-import">
      <Notice kind="warn">
        Đã kiểm tra {fromFile(job.fileName, job.sheet)}: {formatCount(job.total)} người hợp lệ, trong đó có{" "}
        {formatCount(job.groups.length)} nhóm có thể là cùng một người (trùng họ tên, ngày hoặc năm sinh và mã
        hộ, không có số CCCD để phân biệt). Chưa nhập gì: hãy xem từng nhóm và chọn.
      </Notice>
      {job.error ? <Notice kind="error">{job.error}</Notice> : null}
      <form
        method="post"
        action={action}
        hx-post={action}
        hx-target="#roster-import"
        hx-swap="outerHTML"
        novalidate
      >
        <input type="hidden" name="_csrf" value={csrfToken} />
        {job.groups.map((group, i) => {
          const name = lookAlikeField(i);
          const chosen = job.chosen?.[name];
          const rows = group.map((r) => r.row);
          const missing = job.error !== undefined && chosen === undefined;
          return (
            <fieldset class={missing ? "checks lookalike has-error" : "checks lookalike"}>
              <legend>
                Nhóm {i + 1}: dòng {rows.join(", ")}
              </legend>
              <table>
                <thead>
                  <tr>
                    <th class="num">Dòng</th>
                    <th>Họ và tên</th>
                    <th>Ngày/năm sinh</th>
                    <th>Giới tính</th>
                    <th>Số CCCD</th>
                    <th>Mã hộ</th>
                    <th>Quan hệ với chủ hộ</th>
                  </tr>
                </thead>
                <tbody>
                  {group.map((r) => (
                    <tr>
                      <td class="num">{r.row}</td>
                      <td>{r.fullName}</td>
                      <td>{r.birth}</td>
                      <td>{r.gender ?? ""}</td>
                      <td>{r.cccd ?? <span class="muted">(không có)</span>}</td>
                      <td>{r.householdCode ?? ""}</td>
                      <td>{r.relation ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <label class="check">
                <input type="radio" name={name} value="all" checked={chosen === "all"} required />{" "}
                {group.length === 2
                  ? "Là hai người khác nhau: giữ cả hai dòng"
                  : `Là ${group.length} người khác nhau: giữ cả ${group.length} dòng`}
              </label>
              {rows.map((row) => (
                <label class="check">
                  <input type="radio" name={name} value={String(row)} checked={chosen === String(row)} /> Là
                  cùng một người: chỉ giữ dòng {row}, bỏ {rows.length === 2 ? "dòng" : "các dòng"}{" "}
                  {rows.filter((r) => r !== row).join(", ")}
                </label>
              ))}
              {missing ? <p class="field-error">Chưa chọn cho nhóm này.</p> : null}
            </fieldset>
          );
        })}
        <Conversions rows={job.conversions} />
        <div class="form-actions">
          <button type="submit" class="btn">
            Nhập danh sách
          </button>
          <a href={paths.board.roster(pointId)}>Thôi, không nhập tệp này</a>
        </div>
      </form>
    </div>
  );
}

/** Progress while a file is checked; it asks again every half second until the check is over. */
export function ImportStatus({
  pointId,
  job,
  csrfToken = "",
}: {
  pointId: number;
  job: ImportJobView;
  csrfToken?: string;
}) {
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
  if (job.state === "review") return <LookAlikeReview pointId={pointId} job={job} csrfToken={csrfToken} />;
  if (job.state === "done") {
    return (
      <div id="roster-import">
        <Notice kind="ok">
          Đã nhập {formatCount(job.imported)} người từ {fromFile(job.fileName, job.sheet)}.
          {job.dropped && job.dropped.length > 0
            ? ` Đã bỏ dòng ${job.dropped.join(", ")} (trùng người).`
            : ""}{" "}
          <a href={paths.board.roster(pointId)}>Xem danh sách</a>
        </Notice>
        <Conversions rows={job.conversions ?? []} />
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
            {job.rows.slice(0, ROW_ERRORS_SHOWN).map((r) => (
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
      {job.rows.length > ROW_ERRORS_SHOWN ? (
        <p class="muted" data-more-errors>
          Còn {formatCount(job.rows.length - ROW_ERRORS_SHOWN)} lỗi nữa ở các dòng sau. Thường là cùng một lỗi
          lặp lại: hãy sửa theo các dòng trên rồi nhập lại tệp để xem phần còn lại.
        </p>
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
  | "entryId"
  | "distinct";

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
          {e.distinct ? (
            <div class="field has-error">
              <p class="field-error" id="distinct-error">
                {e.distinct}
              </p>
              <label class="check">
                <input type="checkbox" name="distinct" value="1" aria-describedby="distinct-error" /> Là hai
                người khác nhau
              </label>
            </div>
          ) : null}
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
