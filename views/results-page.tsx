/** @jsxImportSource hono/jsx */

import {
  type Aggregate,
  type AggregateInput,
  type AggregateOfficial,
  type AggregatePointDay,
  type PointDayState,
  resultsStatusLabel,
} from "../server/domain/aggregate.ts";
import { LEVEL_TITLES, LEVELS } from "../server/domain/ballot.ts";
import { byCode, inOfficialOrder, pointDayOrder } from "../server/domain/board-order.ts";
import { formatDate, formatDateTime } from "../server/domain/calendar.ts";
import type { CampaignState } from "../server/domain/campaign.ts";
import { type Band, bandLabel, formatCount, isFlaggedBand } from "../server/domain/format.ts";
import {
  EXCUSED_TEXT,
  excuseBlockedBy,
  OPEN_EXPECTED_BY,
  pointDayStateText,
} from "../server/domain/progress.ts";
import {
  type MissingOfOfficial,
  type NoteRuleSet,
  PROVISIONAL_MARK,
  PROVISIONAL_TEXT,
  pendingOf,
  pendingPhrase,
  resultNote,
} from "../server/domain/provisional.ts";
import { citeRuleSet, DENOMINATOR_LABELS, type RuleSet } from "../server/domain/threshold.ts";
import type { PointDayStatus } from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import {
  CheckedStateNote,
  ConfirmSubmit,
  confirmId,
  HxForm,
  Notice,
  PointDayStateBadge,
  TableScroll,
} from "./components.tsx";

export type ResultsFilter = { newCommune?: string | undefined; commune?: string | undefined };

export type ResultsModel = {
  campaign: { code: string; name: string; state: CampaignState };
  aggregate: Aggregate;
  communes: AggregateInput["communes"];
  filter: ResultsFilter;
  shown: {
    officials: readonly AggregateOfficial[];
    pointDays: readonly AggregatePointDay[];
    missing: readonly AggregatePointDay[];
  };
  /**
   * Per official (by code), the missing point-days that rate them (services/results.ts
   * `missingOfficials`, through provisional.ts `pendingUntilCertified`: nothing pending once
   * certified): a result is "Tạm tính" while any is pending.
   */
  missingOf: ReadonlyMap<string, MissingOfOfficial>;
  /** Null before certification. `matches`: the results now are still the ones certified. */
  certification: { member: string; at: string; digest: string; matches: boolean } | null;
  /** Why certification is not possible yet (null: it is). */
  notReady: string | null;
  /** The logged-in board member's key fingerprint, or null if they have none yet. */
  keyFingerprint: string | null;
  /** SHA-256 of results.json as it is now. */
  digest: string;
  /** Today and now in Vietnam ("YYYY-MM-DD", "HH:MM"): a point-day not yet due cannot be left out. */
  today: string;
  time: string;
  csrfToken: string;
  /**
   * What the last action said; `near: "certify"` shows it in the "Xác nhận kết quả" section, under
   * the password the member just typed, and `near: excuseAt(…)` under the row whose "Không tính"
   * was pressed (`reason`: what was typed there, kept after a refusal), rather than at the top of a
   * long page.
   */
  message?: {
    kind: "ok" | "error" | "warn";
    text: string;
    near?: "certify" | ExcuseAt;
    reason?: string;
  };
};

/** Where a "Không tính" answer is shown: under the row of that point-day. */
export type ExcuseAt = `excuse:${number}:${string}`;
export const excuseAt = (pointId: number, day: string): ExcuseAt => `excuse:${pointId}:${day}`;

/** "Chưa đến ngày" for a point-day not opened whose day has not come (as "Tiến độ" says it). */
/** The state in the board's words on the day read ("Chưa đến ngày", "Không mở", …). */
const stateLabel = (m: ResultsModel, p: { state: PointDayState; day: string; excusal?: unknown }): string =>
  pointDayStateText(p.state, p.day, m.today, p.excusal !== null && p.excusal !== undefined);

/** Why the row cannot be left out of the totals now (`excuseBlockedBy`, the service's own rule). */
const excuseBlocked = (m: ResultsModel, p: { status: PointDayStatus; day: string }) =>
  excuseBlockedBy(p.status, p.day, m.today, m.time);

/**
 * Whether a missing point-day's row offers the "Không tính" form (its reason's field): never where
 * the server would refuse it (certified, already left out, or `excuseBlocked`: open or paused, not
 * yet due, or voted today — its ballots are not set aside on the day they were cast).
 */
const offersExcuse = (m: ResultsModel, p: AggregatePointDay): boolean =>
  m.campaign.state !== "certified" && p.excusal === null && excuseBlocked(m, p) === null;

/**
 * Its own day, not opened yet: leaving it out means it does not vote today — its team can no longer
 * open it (services/voting.ts refuses "excused"). Legitimate (a storm, a flood) but final, and the
 * point may simply open later in the day: the row and the question say so.
 */
const closesToday = (m: ResultsModel, p: { status: string; day: string }): boolean =>
  p.day === m.today && p.status === "not_opened";

/** What pressing "Không tính" does to this point-day, asked before anything is written. */
function excuseQuestion(m: ResultsModel, p: AggregatePointDay): string | null {
  const which = `Không tính điểm ${p.code} ngày ${formatDate(p.day)} vào số liệu tổng hợp?`;
  if (closesToday(m, p)) {
    return `${which} Điểm chưa mở: sau khi ghi, tổ công tác không mở được điểm nữa và cử tri của điểm không lấy phiếu hôm nay. Chỉ làm khi điểm không thể lấy phiếu hôm nay (bão, lũ…).`;
  }
  if (p.collected > 0) {
    return `${which} ${formatCount(p.collected)} phiếu đã thu về của điểm sẽ không được tính; quyết định này không làm lại được.`;
  }
  return null;
}

/**
 * The last action's message where it belongs (`at`: the top of the section, "certify", or a
 * missing point-day's row). An answer for a row the page does not show (a filter, a point gone)
 * is said at the top rather than not at all.
 */
function MessageAt({ m, at }: { m: ResultsModel; at: "top" | "certify" }) {
  if (!m.message) return null;
  const near = m.message.near ?? "top";
  const rowShown = (key: string) => m.shown.missing.some((p) => excuseAt(p.pointId, p.day) === key);
  const moved = at === "top" && near.startsWith("excuse:") && !rowShown(near);
  if (near !== at && !moved) return null;
  if (moved) {
    // The row that was pressed is gone from the list (checked meanwhile, or filtered out): the
    // answer is focused here instead, else the redrawn section leaves the page at its end.
    const { kind, text } = m.message;
    return (
      <p class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"} tabindex={-1} autofocus>
        {text}
      </p>
    );
  }
  return <Notice kind={m.message.kind}>{m.message.text}</Notice>;
}

/**
 * The answer to "Không tính" under the row that was pressed, as wide as the table's box. `field`:
 * the row still offers the form, whose reason's field a refusal focuses.
 */
function ExcuseAnswer({
  m,
  at,
  columns,
  field,
}: {
  m: ResultsModel;
  at: ExcuseAt;
  columns: number;
  field: boolean;
}) {
  if (m.message?.near !== at) return null;
  const { kind, text } = m.message;
  return (
    <tr class="excuse-answer" data-excuse-answer={at}>
      <td colspan={columns}>
        {/* Focused after the swap (htmx honours autofocus), which also scrolls it into view: the
            whole section is redrawn and the browser would otherwise keep no place on the page. A
            refusal focuses the reason's field above it instead, to be corrected — when the row
            still has one (not once another member has left the point out, nor while it is open). */}
        <p
          class={`alert alert-${kind} row-note`}
          role={kind === "error" ? "alert" : "status"}
          tabindex={-1}
          autofocus={kind === "ok" || !field ? true : undefined}
        >
          {text}
        </p>
      </td>
    </tr>
  );
}

/** Point-days in the one order of the board's pages and documents (domain/board-order.ts). */
const inPageOrder = <T extends { commune: string; day: string }>(
  communes: AggregateInput["communes"],
  items: readonly T[],
  code: (item: T) => string,
): T[] =>
  [...items].sort(
    pointDayOrder(byCode(communes), (p: T) => ({ commune: p.commune, code: code(p), day: p.day })),
  );

const isFiltered = (f: ResultsFilter): boolean => f.newCommune !== undefined || f.commune !== undefined;

/**
 * A form's action on this page, carrying the filter in its query: the section the POST answers
 * with is drawn under the same filter ("Kiểm tra tất cả" or "Không tính" must not drop it).
 */
function keepFilter(action: string, filter: ResultsFilter): string {
  const query = new URLSearchParams();
  if (filter.newCommune !== undefined) query.set("xa-moi", filter.newCommune);
  if (filter.commune !== undefined) query.set("xa", filter.commune);
  const text = query.toString();
  return text === "" ? action : `${action}?${text}`;
}

/** The old communes the filter keeps (none when its two choices contradict each other). */
const communesKept = (m: ResultsModel): AggregateInput["communes"] =>
  m.communes.filter(
    (c) =>
      (m.filter.newCommune === undefined || c.mergedInto === m.filter.newCommune) &&
      (m.filter.commune === undefined || c.code === m.filter.commune),
  );

/** What the filter chose, in words: "Xã Hương Quang (trước sáp nhập)" or "Xã Quang Thọ". */
function filterScope(m: ResultsModel): string {
  const old = m.communes.find((c) => c.code === m.filter.commune);
  if (old) return `${old.name} (trước sáp nhập)`;
  return m.filter.newCommune ?? "toàn đợt";
}

/** A table with nothing to list, said in words: under a filter, or for the whole campaign. */
const noPoints = (m: ResultsModel): string =>
  isFiltered(m.filter)
    ? `Không có điểm lấy phiếu nào thuộc ${filterScope(m)}.`
    : "Đợt lấy phiếu chưa có điểm lấy phiếu nào.";

const pct = (value: string | null): string => (value === null ? "—" : `${value}%`);

function Filters({ m }: { m: ResultsModel }) {
  // As the campaign lists its communes (the "Xã" page, "Tiến độ"): each new commune, its old ones.
  const newCommunes = [...new Set(m.communes.map((c) => c.mergedInto))];
  return (
    <form method="get" action={paths.results.page} class="inline-form" aria-label="Lọc theo xã">
      <label for="xa-moi">Xã mới</label>
      <select id="xa-moi" name="xa-moi">
        <option value="">Tất cả</option>
        {newCommunes.map((name) => (
          <option value={name} selected={m.filter.newCommune === name}>
            {name}
          </option>
        ))}
      </select>
      <label for="xa">Xã (trước sáp nhập)</label>
      <select id="xa" name="xa">
        <option value="">Tất cả</option>
        {newCommunes.map((name) => (
          <optgroup label={name}>
            {m.communes
              .filter((c) => c.mergedInto === name)
              .map((c) => (
                <option value={c.code} selected={m.filter.commune === c.code}>
                  {c.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <button type="submit" class="btn btn-small">
        Lọc
      </button>
      {isFiltered(m.filter) ? <a href={paths.results.page}>Bỏ lọc</a> : null}
    </form>
  );
}

/**
 * Under the filter: what it shows, and that the status line, the downloads and the SHA-256 above
 * and below stay those of the whole campaign; or, when its two choices contradict each other, that
 * it selects nothing and how to choose again.
 */
function FilterScope({ m }: { m: ResultsModel }) {
  if (!isFiltered(m.filter)) return null;
  if (communesKept(m).length === 0) {
    const old = m.communes.find((c) => c.code === m.filter.commune);
    const newCommune = m.filter.newCommune ?? "";
    return (
      <div class="alert alert-warn" role="status" data-filter-empty>
        <p>
          <strong>Bộ lọc không chọn được xã nào, nên không có kết quả nào để hiện.</strong>{" "}
          {old
            ? `${old.name} (trước sáp nhập) thuộc ${old.mergedInto}, không thuộc ${newCommune}.`
            : "Hai ô lọc mâu thuẫn nhau."}{" "}
          Hãy chọn lại một trong hai ô, hoặc:
        </p>
        <ul>
          {old ? (
            <li>
              <a href={`${paths.results.page}?xa=${encodeURIComponent(old.code)}`}>Xem riêng {old.name}</a>
            </li>
          ) : null}
          <li>
            <a href={`${paths.results.page}?xa-moi=${encodeURIComponent(newCommune)}`}>
              Xem riêng {newCommune}
            </a>
          </li>
          <li>
            <a href={paths.results.page}>Bỏ lọc, xem toàn đợt</a>
          </li>
        </ul>
      </div>
    );
  }
  return (
    <p class="filter-scope" data-filter-scope>
      Đang lọc: <strong>{filterScope(m)}</strong>. Các bảng dưới đây chỉ gồm xã đã chọn; dòng trạng thái ở
      trên, các tệp tải về và mã số liệu SHA-256 vẫn tính cho toàn đợt.
    </p>
  );
}

/** The rule set as the notes under results print it (domain/provisional.ts `resultNote`). */
const noteRuleSet = (rs: RuleSet): NoteRuleSet => ({
  source: citeRuleSet(rs),
  denominator: rs.denominator,
  thresholds: rs.thresholds,
});

/**
 * An official's band: while points that rate them are still to come, "Tạm tính" in an outlined
 * neutral badge over the band's words and how many are missing — never the red of a final band,
 * which a board member read as a verdict on one ballot in trials; red once every point is in.
 */
function BandCell({ band, label, pending }: { band: Band; label: string; pending: number }) {
  if (pending > 0) {
    return (
      <>
        <span class="badge badge-provisional" data-provisional>
          {PROVISIONAL_TEXT}
        </span>
        <br />
        {label}
        <br />
        <small class="muted">{pendingPhrase(pending)}</small>
      </>
    );
  }
  return isFlaggedBand(band) ? <strong class="badge badge-error">{label}</strong> : label;
}

/** The rule quoted under a result: red once final, a neutral conditional while provisional. */
function RuleNote({ rs, o, pending }: { rs: RuleSet; o: AggregateOfficial; pending: number }) {
  return (
    <p class={`alert ${pending > 0 ? "alert-provisional" : "alert-error"} row-note`} role="note">
      {resultNote(noteRuleSet(rs), o, pending)}
    </p>
  );
}

function OfficialsTable({ m }: { m: ResultsModel }) {
  const rs = m.aggregate.ruleSet;
  const communeName = new Map(m.communes.map((c) => [c.code, c.name]));
  if (m.shown.officials.length === 0 && isFiltered(m.filter)) {
    return <p data-officials="0">Không có người được lấy phiếu nào thuộc {filterScope(m)}.</p>;
  }
  const pending = (code: string) => pendingOf(m.missingOf, code);
  return (
    <>
      {m.shown.officials.some((o) => pending(o.code) > 0) ? (
        <p class="hint" data-provisional-note>
          “{PROVISIONAL_TEXT}”: còn điểm lấy phiếu có người đó trên phiếu chưa vào số liệu tổng hợp, nên số
          phiếu, mức phiếu tín nhiệm thấp và hệ quả theo quy định còn có thể thay đổi. Mức chỉ tô đỏ khi đã đủ
          các điểm lấy phiếu của người đó.
        </p>
      ) : null}
      <TableScroll>
        <table data-officials>
          <thead>
            <tr>
              <th class="num">STT</th>
              <th>Họ và tên, chức vụ, xã</th>
              <th class="num">Số điểm</th>
              <th class="num">Thu về</th>
              <th class="num">Hợp lệ</th>
              <th class="num">Không hợp lệ</th>
              {LEVELS.map((level) => (
                <th class="num">{LEVEL_TITLES[level]}</th>
              ))}
              <th class="num">Mẫu số</th>
              <th>Mức phiếu tín nhiệm thấp</th>
            </tr>
          </thead>
          <tbody>
            {inOfficialOrder(byCode(m.communes), m.shown.officials, (o) => o.commune).map((o, i) => {
              const flagged = isFlaggedBand(o.band);
              const left = pending(o.code);
              return (
                <>
                  <tr
                    data-official={o.code}
                    data-band={o.band}
                    class={flagged && left === 0 ? "flagged" : undefined}
                  >
                    <td class="num">{i + 1}</td>
                    <td class="official-cell">
                      <a href={paths.results.official(o.code)}>
                        <strong>{o.name}</strong>
                      </a>
                      <br />
                      {o.position}
                      <br />
                      <span class="muted">{communeName.get(o.commune) ?? o.commune}</span>
                    </td>
                    <td class="num">{formatCount(o.points)}</td>
                    <td class="num">{formatCount(o.collected)}</td>
                    <td class="num">{formatCount(o.valid)}</td>
                    <td class="num">{formatCount(o.blank)}</td>
                    {LEVELS.map((level) => (
                      <td class="num">
                        {formatCount(o[level])}
                        <br />
                        <span class="muted">{pct(o.percent[level])}</span>
                      </td>
                    ))}
                    <td class="num">{formatCount(o.denominator)}</td>
                    <td class="band-cell">
                      <BandCell band={o.band} label={bandLabel(o.band, rs.thresholds)} pending={left} />
                    </td>
                  </tr>
                  {flagged ? (
                    <tr class="flagged-rule" data-rule-for={o.code}>
                      <td colspan={11}>
                        <RuleNote rs={rs} o={o} pending={left} />
                      </td>
                    </tr>
                  ) : null}
                </>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function PointLink({ p }: { p: AggregatePointDay }) {
  const label = `${p.code} — ${p.name}`;
  return p.minutesDigest === null ? (
    <span>{label}</span>
  ) : (
    <a href={`${paths.boardMinutes.view(p.pointId, p.day)}?tu=ket-qua`}>{label}</a>
  );
}

/**
 * "Không tính": asks first, on the page, where it stops a point voting today or sets ballots aside.
 * ConfirmSubmit without `autofocus` (many rows each hold one). Tab from the button reaches the
 * question's buttons (a popover follows its button in the focus order); Escape or "Thôi" closes it
 * with nothing sent.
 */
function ExcuseButton({ m, p }: { m: ResultsModel; p: AggregatePointDay }) {
  const question = excuseQuestion(m, p);
  if (question === null) {
    return (
      <button type="submit" class="btn btn-small btn-quiet">
        Không tính
      </button>
    );
  }
  return (
    <ConfirmSubmit
      id={confirmId(paths.results.excuse(p.pointId, p.day))}
      label="Không tính"
      question={question}
      yes={closesToday(m, p) ? "Không tính, điểm không lấy phiếu hôm nay" : "Không tính"}
      quiet
      small
      autofocus={false}
    />
  );
}

function MissingList({ m }: { m: ResultsModel }) {
  if (m.shown.missing.length === 0) {
    return (
      <p data-missing="0">
        {m.shown.pointDays.length === 0
          ? noPoints(m)
          : isFiltered(m.filter)
            ? `Tất cả các điểm lấy phiếu của ${filterScope(m)} đều có trong số liệu tổng hợp.`
            : "Tất cả các điểm lấy phiếu đều có trong số liệu tổng hợp."}
      </p>
    );
  }
  const canExcuse = m.campaign.state !== "certified";
  return (
    <>
      <Notice kind="warn">
        {formatCount(m.shown.missing.length)} điểm lấy phiếu chưa có trong số liệu tổng hợp: kết quả ở trên
        chưa gồm các điểm này.
      </Notice>
      <TableScroll>
        <table data-missing={m.shown.missing.length}>
          <thead>
            <tr>
              <th>Điểm</th>
              <th>Ngày</th>
              <th>Tình trạng</th>
              <th>Lý do</th>
              {canExcuse ? <th>Không tính điểm này</th> : null}
            </tr>
          </thead>
          <tbody>
            {inPageOrder(m.communes, m.shown.missing, (p) => p.code).map((p) => (
              <>
                <tr data-missing-point={p.code}>
                  <td class="point-cell">
                    <PointLink p={p} />
                  </td>
                  <td>{formatDate(p.day)}</td>
                  <td>
                    <PointDayStateBadge state={p.state} label={stateLabel(m, p)} />
                    {p.excusal ? <span class="muted"> · {EXCUSED_TEXT}</span> : null}
                  </td>
                  <td class="reason-cell">
                    {p.reason}
                    {p.excusal ? (
                      <small class="muted">
                        {" "}
                        ({p.excusal.by}, {formatDateTime(p.excusal.at)})
                      </small>
                    ) : null}
                  </td>
                  {canExcuse ? (
                    <td class="excuse-cell">
                      {offersExcuse(m, p) ? (
                        <HxForm
                          action={keepFilter(paths.results.excuse(p.pointId, p.day), m.filter)}
                          target="#results"
                          csrfToken={m.csrfToken}
                        >
                          <input type="hidden" name="tinh-trang" value={p.state} />
                          <label class="sr-only" for={`reason-${p.pointId}-${p.day}`}>
                            Lý do không tính điểm {p.code} ngày {formatDate(p.day)}
                          </label>
                          <input
                            id={`reason-${p.pointId}-${p.day}`}
                            name="reason"
                            type="text"
                            maxlength={500}
                            placeholder="Lý do (bắt buộc)"
                            value={
                              m.message?.near === excuseAt(p.pointId, p.day) ? m.message.reason : undefined
                            }
                            autofocus={
                              m.message?.near === excuseAt(p.pointId, p.day) && m.message.kind === "error"
                                ? true
                                : undefined
                            }
                            required
                          />
                          {closesToday(m, p) ? (
                            <p class="hint excuse-warning" data-closes-today>
                              Nếu không tính, điểm không lấy phiếu hôm nay.
                            </p>
                          ) : null}
                          <ExcuseButton m={m} p={p} />
                        </HxForm>
                      ) : p.excusal === null && excuseBlocked(m, p) === "today" ? (
                        "Điểm đã lấy phiếu hôm nay: chờ biên bản của tổ công tác. Không tính được từ ngày mai, nếu cần."
                      ) : p.excusal === null && excuseBlocked(m, p) === "future" ? (
                        p.day > m.today ? (
                          "Chưa đến ngày lấy phiếu"
                        ) : (
                          `Chưa đến ${OPEN_EXPECTED_BY}`
                        )
                      ) : (
                        "—"
                      )}
                    </td>
                  ) : null}
                </tr>
                <ExcuseAnswer
                  m={m}
                  at={excuseAt(p.pointId, p.day)}
                  columns={canExcuse ? 5 : 4}
                  field={offersExcuse(m, p)}
                />
              </>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function PointsTable({ m }: { m: ResultsModel }) {
  const communeName = new Map(m.communes.map((c) => [c.code, c.name]));
  if (m.shown.pointDays.length === 0) {
    return <p data-points="0">{noPoints(m)}</p>;
  }
  return (
    <>
      <TableScroll>
        <table data-points>
          <thead>
            <tr>
              <th>Điểm</th>
              <th>Xã</th>
              <th>Ngày</th>
              <th>Tình trạng</th>
              <th class="num">Danh sách</th>
              <th class="num">Phát ra</th>
              <th class="num">Thu về</th>
              <th>Mã biên bản</th>
            </tr>
          </thead>
          <tbody>
            {inPageOrder(m.communes, m.shown.pointDays, (p) => p.code).map((p) => (
              <tr data-point={p.code} data-state={p.state}>
                <td class="point-cell">
                  <PointLink p={p} />
                </td>
                <td class="commune-cell">{communeName.get(p.commune) ?? p.commune}</td>
                <td>{formatDate(p.day)}</td>
                <td>
                  <PointDayStateBadge state={p.state} label={stateLabel(m, p)} />
                </td>
                <td class="num">{formatCount(p.roster)}</td>
                <td class="num">{formatCount(p.issued)}</td>
                <td class="num">{formatCount(p.collected)}</td>
                <td>
                  <code class="digest nowrap">
                    {p.minutesDigest ? `${p.minutesDigest.slice(0, 16)}…` : "—"}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <CheckedStateNote states={m.shown.pointDays.map((p) => p.state)} onResultsPage />
    </>
  );
}

function Certification({ m }: { m: ResultsModel }) {
  const c = m.certification;
  if (c) {
    return (
      <section aria-labelledby="certify-title">
        <h2 id="certify-title">Xác nhận kết quả</h2>
        <MessageAt m={m} at="certify" />
        <Notice kind={c.matches ? "ok" : "error"}>
          Kết quả đã được {c.member} xác nhận lúc {formatDateTime(c.at)} (mã số liệu{" "}
          <code>{c.digest.slice(0, 16)}…</code>
          ).{" "}
          {c.matches
            ? "Đợt lấy phiếu chỉ còn để xem."
            : "Số liệu hiện tại KHÁC bản đã xác nhận: một biên bản đã không còn khớp khi kiểm tra lại."}
        </Notice>
        <p>
          <a href={paths.results.signed}>Tải kết quả đã ký (JSON)</a> ·{" "}
          <a href={paths.results.boardKeys}>Khóa công khai của Ban Tổ chức</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="certify-title">
      <h2 id="certify-title">Xác nhận kết quả</h2>
      <MessageAt m={m} at="certify" />
      {m.keyFingerprint === null ? (
        <>
          <p>
            Để ký xác nhận kết quả, bạn cần một khóa ký riêng, niêm phong bằng mật khẩu của bạn (như khóa của
            cán bộ tổ công tác). Khóa chỉ tạo một lần; khi đổi mật khẩu, khóa được niêm phong lại.
          </p>
          <HxForm
            action={keepFilter(paths.results.makeKey, m.filter)}
            target="#results"
            csrfToken={m.csrfToken}
          >
            <label for="key-password">Nhập lại mật khẩu của bạn</label>
            <input
              id="key-password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
            <button type="submit" class="btn">
              Tạo khóa ký
            </button>
          </HxForm>
        </>
      ) : m.notReady ? (
        <>
          <p class="muted">Khóa ký của bạn: {m.keyFingerprint}.</p>
          <Notice kind="warn">{m.notReady}</Notice>
        </>
      ) : (
        <>
          <p>
            Mọi điểm lấy phiếu đã được kiểm tra khớp hoặc được Ban Tổ chức cho phép không tính (có ghi lý do).
            Sau khi xác nhận, đợt lấy phiếu chỉ còn để xem. Khóa ký của bạn: {m.keyFingerprint}.
          </p>
          <HxForm
            action={keepFilter(paths.results.certify, m.filter)}
            target="#results"
            csrfToken={m.csrfToken}
          >
            {/* The figures shown (SHA-256 of results.json): the server certifies these or nothing. */}
            <input type="hidden" name="digest" value={m.digest} />
            <label for="certify-password">Nhập lại mật khẩu để ký bằng khóa của bạn</label>
            <input
              id="certify-password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
            <ConfirmSubmit
              id={confirmId(paths.results.certify)}
              label="Xác nhận kết quả"
              question="Xác nhận kết quả tổng hợp? Sau bước này không thay đổi được nữa."
            />
          </HxForm>
        </>
      )}
    </section>
  );
}

/** Kết quả tổng hợp: the board's page (issue #11 §3). One URL serves the page and, to htmx, this section. */
export function ResultsSection({ m }: { m: ResultsModel }) {
  const a = m.aggregate;
  const rs = a.ruleSet;
  const verified = a.pointDays.filter((p) => p.verified).length;
  const filtered = isFiltered(m.filter);
  const selectsNothing = filtered && communesKept(m).length === 0;
  return (
    <section class="card" id="results" aria-labelledby="results-title">
      <h1 id="results-title">Kết quả tổng hợp — {m.campaign.name}</h1>
      <p>
        Trạng thái: <strong>{resultsStatusLabel(m.campaign.state, a.pointDays)}</strong>. Căn cứ{" "}
        {citeRuleSet(rs)}
        {"; "}tỉ lệ tính trên {DENOMINATOR_LABELS[rs.denominator]}. Chỉ tính các biên bản đã đủ chữ ký và đã
        kiểm tra khớp với dữ liệu lưu trữ: {formatCount(verified)}/{formatCount(a.pointDays.length)} điểm lấy
        phiếu (theo ngày){" "}
        <span data-whole-campaign>{filtered ? "của toàn đợt, không theo bộ lọc" : "của toàn đợt"}</span>. Mức
        của tổng hợp có thể khác mức ở từng điểm.
      </p>
      <MessageAt m={m} at="top" />
      <div class="actions-bar">
        <HxForm
          action={keepFilter(paths.results.verifyAll, m.filter)}
          target="#results"
          csrfToken={m.csrfToken}
          class="inline"
        >
          <button type="submit" class="btn">
            Kiểm tra tất cả
          </button>
        </HxForm>
        <a class="btn btn-quiet btn-small" href={paths.results.pdf}>
          Biên bản tổng hợp (PDF)
        </a>
        <a class="btn btn-quiet btn-small" href={paths.results.xlsx}>
          Tải Excel
        </a>
        <a class="btn btn-quiet btn-small" href={paths.results.csv}>
          Tải CSV
        </a>
        <a class="btn btn-quiet btn-small" href={paths.results.json}>
          Tải kết quả (JSON)
        </a>
      </div>
      {filtered ? (
        <p class="hint" data-whole-campaign>
          Các tệp tải về (PDF, Excel, CSV, JSON) luôn gồm toàn đợt, không theo bộ lọc bên dưới.
        </p>
      ) : null}
      <Filters m={m} />
      <FilterScope m={m} />
      {selectsNothing ? null : (
        <>
          <h2>Kết quả theo từng người được lấy phiếu</h2>
          <OfficialsTable m={m} />
          <h2>Điểm chưa có trong số liệu tổng hợp</h2>
          <MissingList m={m} />
          <h2>Các điểm lấy phiếu</h2>
          <PointsTable m={m} />
        </>
      )}
      <Certification m={m} />
      <p class="muted">
        Mã số liệu {filtered ? <span data-whole-campaign>của toàn đợt, không theo bộ lọc </span> : null}
        (SHA-256 của results.json): <code class="digest">{m.digest}</code>
      </p>
    </section>
  );
}

export type OfficialResultModel = {
  official: AggregateOfficial;
  ruleSet: RuleSet;
  communeName: string;
  communes: AggregateInput["communes"];
  /**
   * Missing point-days whose ballot holds this official (missingOfficials, through
   * `pendingUntilCertified`: nothing pending once the campaign is certified).
   */
  missing: MissingOfOfficial;
};

/** One official's result and each point's contribution to it (drill-down). */
export function OfficialResultSection({ m }: { m: OfficialResultModel }) {
  const o = m.official;
  const rs = m.ruleSet;
  const pending = m.missing.pending;
  const communeName = new Map(m.communes.map((c) => [c.code, c.name]));
  return (
    <section class="card" id="official-result" aria-labelledby="official-title">
      <h1 id="official-title">
        {o.name} — {o.position}
      </h1>
      <p>
        {m.communeName}. Tổng hợp từ biên bản đã kiểm tra của {formatCount(o.points)} điểm lấy phiếu. Căn cứ{" "}
        {citeRuleSet(rs)}; tỉ lệ tính trên {DENOMINATOR_LABELS[rs.denominator]}.
      </p>
      {pending > 0 ? (
        <Notice kind="warn">
          Kết quả dưới đây không gồm {formatCount(pending)} điểm lấy phiếu (theo ngày) có người này trên
          phiếu, vì biên bản của các điểm đó chưa vào số liệu tổng hợp (xem trang kết quả): kết quả và mức
          phiếu tín nhiệm thấp còn có thể thay đổi.
        </Notice>
      ) : null}
      {m.missing.excused > 0 ? (
        <p class="muted">
          Không tính {formatCount(m.missing.excused)} điểm lấy phiếu (theo ngày) có người này trên phiếu, theo
          quyết định của Ban Tổ chức (lý do ở trang kết quả).
        </p>
      ) : null}
      <dl class="facts" data-result={o.band}>
        <dt>Phiếu thu về</dt>
        <dd>{formatCount(o.collected)}</dd>
        {LEVELS.map((level) => (
          <>
            <dt>{LEVEL_TITLES[level]}</dt>
            <dd>
              {formatCount(o[level])} ({pct(o.percent[level])})
            </dd>
          </>
        ))}
        <dt>Không hợp lệ (không đánh dấu)</dt>
        <dd>{formatCount(o.blank)}</dd>
        <dt>Mẫu số</dt>
        <dd>{formatCount(o.denominator)}</dd>
        <dt>Mức phiếu tín nhiệm thấp</dt>
        <dd>
          {pending > 0 ? (
            <>
              <span class="badge badge-provisional" data-provisional>
                {PROVISIONAL_TEXT}
              </span>{" "}
              {bandLabel(o.band, rs.thresholds)}
            </>
          ) : (
            <strong>{bandLabel(o.band, rs.thresholds)}</strong>
          )}
        </dd>
      </dl>
      {isFlaggedBand(o.band) ? (
        <RuleNote rs={rs} o={o} pending={pending} />
      ) : (
        <p class={pending > 0 ? "alert alert-provisional" : undefined}>
          {resultNote(noteRuleSet(rs), o, pending)}
        </p>
      )}
      <h2>Từng điểm lấy phiếu</h2>
      <p class="muted">Mức ở từng điểm tính trên số phiếu của điểm đó; mức của tổng hợp có thể khác.</p>
      <TableScroll>
        <table data-contributions>
          <thead>
            <tr>
              <th>Điểm</th>
              <th>Xã</th>
              <th>Ngày</th>
              <th class="num">Thu về</th>
              {LEVELS.map((level) => (
                <th class="num">{LEVEL_TITLES[level]}</th>
              ))}
              <th class="num">Không đánh dấu</th>
              <th class="num">Mẫu số</th>
              <th>Mức tại điểm</th>
            </tr>
          </thead>
          <tbody>
            {inPageOrder(m.communes, o.contributions, (c) => c.point).map((c) => (
              <tr data-contribution={c.point}>
                <td class="point-cell">
                  <a href={`${paths.boardMinutes.view(c.pointId, c.day)}?tu=ket-qua`}>
                    {c.point} — {c.pointName}
                  </a>
                </td>
                <td class="commune-cell">{communeName.get(c.commune) ?? c.commune}</td>
                <td>{formatDate(c.day)}</td>
                <td class="num">{formatCount(c.collected)}</td>
                {LEVELS.map((level) => (
                  <td class="num">{formatCount(c[level])}</td>
                ))}
                <td class="num">{formatCount(c.blank)}</td>
                <td class="num">{formatCount(c.denominator)}</td>
                <td>{bandLabel(c.band, rs.thresholds)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Tổng hợp</th>
              <td colspan={2} class="total-gap" />
              <th class="num">{formatCount(o.collected)}</th>
              {LEVELS.map((level) => (
                <th class="num">{formatCount(o[level])}</th>
              ))}
              <th class="num">{formatCount(o.blank)}</th>
              <th class="num">{formatCount(o.denominator)}</th>
              <th>
                {bandLabel(o.band, rs.thresholds)}
                {pending > 0 ? ` ${PROVISIONAL_MARK}` : null}
              </th>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <p>
        <a href={paths.results.page}>Quay lại kết quả tổng hợp</a>
      </p>
    </section>
  );
}
