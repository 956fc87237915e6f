/** @jsxImportSource hono/jsx */

import type { PointDayState } from "../server/domain/aggregate.ts";
import { byId, communeRank, pointDayOrder } from "../server/domain/board-order.ts";
import { formatDate, formatDateTime } from "../server/domain/calendar.ts";
import type { Commune } from "../server/domain/campaign.ts";
import { formatCount, formatPercent } from "../server/domain/format.ts";
import { EXCUSED_TEXT, type ProgressAlert, type ProgressMinutes } from "../server/domain/progress.ts";
import type { Point } from "../server/domain/setup.ts";
import {
  KIOSK_STATUS_LABELS,
  type Kiosk,
  type KioskPace,
  type KioskStatus,
  kioskNeedsBoard,
  type PointDayRecord,
} from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import { CheckedStateNote, FastCastAlert, PointDayStateBadge, TableScroll } from "./components.tsx";

export type ProgressRow = {
  point: Point;
  day: string;
  roster: number;
  record: PointDayRecord | null;
  busyKiosks: number;
  /** Counts, checks and warnings of the current minutes: never their tallies. */
  minutes: ProgressMinutes | null;
  state: PointDayState;
  /** The board left it out of the totals, with a reason ("Không tính"). */
  excused?: boolean;
  /** Its state in the board's words on the day read (pointDayStateText: "Chưa đến ngày", "Không mở"…). */
  stateText: string;
  alerts: ProgressAlert[];
};

/** A kiosk of a point as the board sees it (issue #9 §4): who paired it, who confirmed it, its pace. */
export type ProgressKiosk = {
  point: Pick<Point, "code" | "name">;
  kiosk: Kiosk;
  /** Display names of the officers who paired and confirmed it, by login name. */
  names: ReadonlyMap<string, string>;
  status: KioskStatus;
  pace: KioskPace;
  /**
   * Its point is on duty: it votes today and has not closed the day, or an earlier day of it is
   * still open or paused (left open past midnight). Only then is its trouble urgent.
   */
  votingToday: boolean;
  /**
   * Its point's day is not closed: today's, or an earlier day left open past midnight (its kiosks
   * take nothing more then, but a fast pace that day is still for the team to account for now).
   */
  onDuty: boolean;
};

/** The kiosks as the fast-cast alert names them: point and kiosk. */
const fastLabels = (kiosks: readonly ProgressKiosk[]) =>
  kiosks.map((k) => ({ label: `Điểm ${k.point.code}, ${k.kiosk.label ?? "máy"}`, pace: k.pace }));

/** A point voting on two days has one roster: count it once. */
const rosterTotal = (rows: readonly ProgressRow[]) =>
  [...new Map(rows.map((r) => [r.point.id, r.roster])).values()].reduce((a, b) => a + b, 0);

type CommuneGroup = { name: string; rows: ProgressRow[] };
type NewCommuneGroup = { name: string; communes: CommuneGroup[]; rows: ProgressRow[] };

/**
 * New commune → old commune → point → day, in the one order of the board's pages and documents
 * (domain/board-order.ts), as the results page, the aggregate PDF and the downloads list them.
 */
function groupRows(rows: readonly ProgressRow[], communes: readonly Commune[]): NewCommuneGroup[] {
  const keyed = byId(communes);
  const order = pointDayOrder(keyed, (r: ProgressRow) => ({
    commune: r.point.communeId,
    code: r.point.code,
    day: r.day,
  }));
  const rank = communeRank(keyed);
  const groups: NewCommuneGroup[] = [];
  for (const c of [...communes].sort((a, b) => rank(a.id) - rank(b.id))) {
    const own = rows.filter((r) => r.point.communeId === c.id).sort(order);
    if (own.length === 0) continue;
    let group = groups.find((g) => g.name === c.mergedInto);
    if (!group) {
      group = { name: c.mergedInto, communes: [], rows: [] };
      groups.push(group);
    }
    group.communes.push({ name: c.name, rows: own });
    group.rows.push(...own);
  }
  return groups;
}

const sum = (rows: readonly ProgressRow[], f: (r: ProgressRow) => number) =>
  rows.reduce((total, r) => total + f(r), 0);

/** Thu về over the roster, as a server-drawn bar with its percentage in words too (not colour alone). */
export function TurnoutBar({ collected, roster }: { collected: number; roster: number }) {
  const percent = roster > 0 ? formatPercent(Math.min(collected, roster), roster) : "0,00";
  const width = roster > 0 ? Math.round((Math.min(collected, roster) / roster) * 1000) / 10 : 0;
  return (
    <span class="turnout">
      <svg
        role="img"
        aria-label={`Tỉ lệ thu về ${percent}% (${formatCount(collected)}/${formatCount(roster)})`}
        viewBox="0 0 100 10"
        width="100"
        height="10"
        preserveAspectRatio="none"
      >
        <rect class="turnout-track" x="0" y="0" width="100" height="10" rx="2" />
        <rect class="turnout-fill" x="0" y="0" width={String(width)} height="10" rx="2" />
      </svg>
      <span class="turnout-text" aria-hidden="true">
        {percent}%
      </span>
    </span>
  );
}

const COLUMNS = 9;

function CountCells({ rows }: { rows: readonly ProgressRow[] }) {
  const collected = sum(rows, (r) => r.record?.collected ?? 0);
  const roster = rosterTotal(rows);
  return (
    <>
      <td class="num">{formatCount(roster)}</td>
      <td class="num">{formatCount(sum(rows, (r) => r.record?.issued ?? 0))}</td>
      <td class="num">{formatCount(collected)}</td>
      <td class="num">{formatCount(sum(rows, (r) => r.record?.voided ?? 0))}</td>
      <td class="num">{formatCount(sum(rows, (r) => r.busyKiosks))}</td>
      <td>
        <TurnoutBar collected={collected} roster={roster} />
      </td>
    </>
  );
}

/** The id of a point-day's row with alerts, which the "Cần chú ý" list links to. */
const alertsId = (r: ProgressRow): string =>
  `canh-bao-${r.point.code}-${r.day}`.replace(/[^A-Za-z0-9-]/g, "-");

/** "1 lỗi, 2 lưu ý": what waits on a point-day's row, by kind, as its row labels them. */
const alertCounts = (alerts: readonly ProgressAlert[]): string => {
  const errors = alerts.filter((a) => a.level === "error").length;
  const notes = alerts.length - errors;
  return [errors > 0 ? `${formatCount(errors)} lỗi` : null, notes > 0 ? `${formatCount(notes)} lưu ý` : null]
    .filter((part) => part !== null)
    .join(", ");
};

/** A point-day's row, then its alerts on a full-width row of their own (words, not colour alone). */
function PointDayRow({ r }: { r: ProgressRow }) {
  return (
    <>
      <tr
        data-point-day={`${r.point.code} ${r.day}`}
        data-state={r.state}
        id={r.alerts.length > 0 ? alertsId(r) : undefined}
      >
        <td class="point-cell">
          <strong class="nowrap">{r.point.code}</strong> {r.point.name}
        </td>
        <td>{formatDate(r.day)}</td>
        <td>
          <PointDayStateBadge state={r.state} label={r.stateText} />
          {r.excused ? <span class="muted"> · {EXCUSED_TEXT}</span> : null}
          {r.minutes ? (
            <>
              {" "}
              <a href={paths.boardMinutes.view(r.point.id, r.day)}>Biên bản</a>
            </>
          ) : null}
        </td>
        <CountCells rows={[r]} />
      </tr>
      {r.alerts.length === 0 ? null : (
        <tr class="progress-alert-row" data-alerts-of={`${r.point.code} ${r.day}`}>
          <td colspan={COLUMNS}>
            <ul class="progress-alerts row-note">
              {r.alerts.map((a) => (
                <li class={a.level === "error" ? "progress-alert-error" : "progress-alert-warn"}>
                  <strong>{a.level === "error" ? "Lỗi:" : "Lưu ý:"}</strong> {a.text}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * Tiến độ: every point-day grouped by new commune then old commune, with its state, live counts,
 * turnout bar and alerts, refreshed every five seconds; never results (issue #11 §1). Then the
 * kiosks: how many in each state, those to look at now in full, and every kiosk on demand.
 */
export function ProgressSection({
  rows,
  communes,
  kiosks,
}: {
  rows: readonly ProgressRow[];
  communes: readonly Commune[];
  kiosks: readonly ProgressKiosk[];
}) {
  const groups = groupRows(rows, communes);
  const alerted = groups.flatMap((g) => g.rows).filter((r) => r.alerts.length > 0);
  return (
    <section
      class="card"
      id="progress"
      aria-labelledby="progress-title"
      hx-get={paths.board.progress}
      hx-trigger="every 5s"
      hx-swap="outerMorph"
    >
      <h1 id="progress-title">Tiến độ lấy phiếu</h1>
      <p class="muted">
        Chỉ có số phiếu phát ra và thu về; kết quả của từng điểm chỉ có sau khi điểm kiểm phiếu và ký biên
        bản.
      </p>
      <FastCastAlert kiosks={fastLabels(kiosks.filter((k) => k.onDuty))}>
        Hãy gọi ngay tổ công tác của điểm đó để xem máy; nếu cần, yêu cầu tạm dừng điểm.
      </FastCastAlert>
      {/* A point that closed its day keeps no alarm: what its kiosk did is a note for its minutes. */}
      <FastCastAlert kiosks={fastLabels(kiosks.filter((k) => !k.onDuty))} dayOver>
        Các điểm này đã kết thúc ngày lấy phiếu; việc này đã ghi vào nhật ký và vào mục Sự cố của biên bản.
        Hỏi tổ công tác về máy đó.
      </FastCastAlert>
      {alerted.length === 0 ? null : (
        <div class="alert alert-warn" data-progress-alerts>
          {/* An index, not a copy: each alert is said once, in full, on its point-day's own row
              (trials read every alert twice, here and there). Each entry leads to that row. */}
          <p>
            <strong>Cần chú ý: {formatCount(alerted.length)} điểm (tính theo từng ngày lấy phiếu).</strong>{" "}
            Nội dung ghi ngay dưới dòng của từng điểm trong bảng; bấm tên điểm để tới dòng đó.
          </p>
          <ul class="alert-index">
            {alerted.map((r) => (
              <li>
                <a href={`#${alertsId(r)}`}>
                  Điểm {r.point.code} ({r.point.name}), {formatDate(r.day)}
                </a>
                : {alertCounts(r.alerts)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <TableScroll>
        <table class="progress-table">
          <thead>
            <tr>
              <th>Điểm</th>
              <th>Ngày</th>
              <th>Trạng thái</th>
              <th class="num">Danh sách</th>
              <th class="num">Phát ra</th>
              <th class="num">Thu về</th>
              <th class="num">Không thu về</th>
              <th class="num">Máy có cử tri</th>
              <th>Tỉ lệ thu về</th>
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody data-new-commune={g.name}>
              <tr class="group-new">
                <th colspan={COLUMNS} scope="colgroup">
                  <span class="row-note">{g.name}</span>
                </th>
              </tr>
              {g.communes.map((c) => (
                <>
                  <tr class="group-old">
                    <th colspan={COLUMNS} scope="colgroup">
                      <span class="row-note">{c.name} (xã cũ)</span>
                    </th>
                  </tr>
                  {c.rows.map((r) => (
                    <PointDayRow r={r} />
                  ))}
                </>
              ))}
              <tr class="group-total" data-total={g.name}>
                <th scope="row">Cộng {g.name}</th>
                <td colspan={2} class="total-gap" />
                <CountCells rows={g.rows} />
              </tr>
            </tbody>
          ))}
          <tfoot>
            <tr data-total="campaign">
              <th scope="row">Cộng toàn đợt</th>
              <td colspan={2} class="total-gap" />
              <CountCells rows={groups.flatMap((g) => g.rows)} />
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <CheckedStateNote states={rows.map((r) => r.state)} />
      <KioskOverview kiosks={kiosks} />
    </section>
  );
}

/** "Phan Xuân Kỷ (hq-t1-1), 17:33 01/12/2026": the officer by name, as the console names them. */
const who = (username: string | null, names: ReadonlyMap<string, string>, at: string | null) =>
  username ? `${nameOf(username, names)}${at ? `, ${formatDateTime(at)}` : ""}` : "—";

/** "Phan Xuân Kỷ (hq-t1-1)"; the login alone when the account has no other name. */
const nameOf = (username: string, names: ReadonlyMap<string, string>): string => {
  const name = names.get(username);
  return name && name !== username ? `${name} (${username})` : username;
};

/** The order the kiosk counts are given in: what needs the board first. */
const STATUS_ORDER: readonly KioskStatus[] = ["awaiting", "offline", "busy", "waiting", "idle"];

/**
 * A paired kiosk whose point does not vote now (its day closed, not its day, or a day left open past
 * midnight) is not "Sẵn sàng" or "Mất kết nối": it takes no ballot until its point opens again, and
 * its tablet may well be off.
 */
const OFF_DUTY = "Điểm không lấy phiếu lúc này";
const kioskStateText = (k: ProgressKiosk): string =>
  k.votingToday || k.status === "awaiting" ? KIOSK_STATUS_LABELS[k.status] : OFF_DUTY;

/** Kiosks listed in full on the refreshing page: a district's trouble, not its thousands of devices. */
export const KIOSKS_TO_LOOK_AT_SHOWN = 50;

/**
 * The kiosks on the progress page, which redraws every five seconds: how many in each state, the
 * ones to look at now (awaiting a second officer; at a point voting today, out of touch or casting
 * too fast) with who paired
 * and who confirmed them, and every kiosk on demand (issue #9 §4). The list on demand is loaded
 * into a block htmx keeps across the redraws (`hx-preserve`): a district of 1,600 points has
 * 4,800 kiosks, whose table redrawn every five seconds was two thirds of a 2 MB page (issue #12 §4).
 */
function KioskOverview({ kiosks }: { kiosks: readonly ProgressKiosk[] }) {
  const look = kiosks.filter((k) => kioskNeedsBoard(k.status, k.pace, k.votingToday, k.onDuty));
  const onDuty = kiosks.filter((k) => kioskStateText(k) !== OFF_DUTY);
  const count = (s: KioskStatus) => onDuty.filter((k) => k.status === s).length;
  const offDuty = kiosks.length - onDuty.length;
  return (
    <>
      <h2 id="progress-kiosks">Máy ghi phiếu</h2>
      {kiosks.length === 0 ? (
        <p class="muted">Chưa có máy nào được kết nối.</p>
      ) : (
        <p data-kiosk-counts>
          {formatCount(kiosks.length)} máy.{" "}
          {[
            ...STATUS_ORDER.filter((s) => count(s) > 0).map(
              (s) => `${KIOSK_STATUS_LABELS[s]}: ${formatCount(count(s))}`,
            ),
            ...(offDuty > 0 ? [`Ở điểm không lấy phiếu lúc này: ${formatCount(offDuty)}`] : []),
          ].join("; ")}
          .
        </p>
      )}
      {look.length > 0 ? (
        <>
          <h3 id="progress-kiosks-look">Máy cần chú ý</h3>
          <KioskTable kiosks={look.slice(0, KIOSKS_TO_LOOK_AT_SHOWN)} labelledBy="progress-kiosks-look" />
          {look.length > KIOSKS_TO_LOOK_AT_SHOWN ? (
            <p class="muted">
              Và {formatCount(look.length - KIOSKS_TO_LOOK_AT_SHOWN)} máy khác cần chú ý: xem danh sách từng
              máy.
            </p>
          ) : null}
        </>
      ) : null}
      {kiosks.length === 0 ? null : (
        <div id="progress-kiosk-list" hx-preserve="true">
          <p>
            <a
              href={paths.board.progressKiosks}
              hx-get={paths.board.progressKiosks}
              hx-target="#progress-kiosk-list"
              hx-swap="innerHTML"
            >
              Xem danh sách từng máy (ai kết nối, ai xác nhận)
            </a>
          </p>
        </div>
      )}
    </>
  );
}

/**
 * Every kiosk of every point, on demand: which devices take ballots and who let each one in. Not
 * redrawn by itself; "Làm mới" reads it again.
 */
export function KioskList({ kiosks, at }: { kiosks: readonly ProgressKiosk[]; at: string }) {
  return (
    <section aria-labelledby="progress-kiosks-all" data-kiosk-list>
      <h3 id="progress-kiosks-all">Tất cả máy ghi phiếu</h3>
      <p class="muted">
        Danh sách lúc {formatDateTime(at)}; danh sách này không tự cập nhật.{" "}
        <a
          href={paths.board.progressKiosks}
          hx-get={paths.board.progressKiosks}
          hx-target="#progress-kiosk-list"
          hx-swap="innerHTML"
        >
          Làm mới
        </a>
      </p>
      {kiosks.length === 0 ? (
        <p class="muted">Chưa có máy nào được kết nối.</p>
      ) : (
        <KioskTable kiosks={kiosks} labelledBy="progress-kiosks-all" />
      )}
    </section>
  );
}

/** Kiosks with who paired and who confirmed each one, and its pace. */
function KioskTable({ kiosks, labelledBy }: { kiosks: readonly ProgressKiosk[]; labelledBy: string }) {
  return (
    <TableScroll>
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th>Điểm</th>
            <th>Máy</th>
            <th>Trạng thái</th>
            <th>Kết nối bởi</th>
            <th>Xác nhận bởi</th>
            <th class="num">Phiếu gửi quá nhanh / 10 phiếu gần nhất</th>
          </tr>
        </thead>
        <tbody>
          {kiosks.map((k) => (
            <tr data-kiosk={`${k.point.code} ${k.kiosk.label ?? ""}`}>
              <td class="nowrap">{k.point.code}</td>
              <td class="nowrap">{k.kiosk.label}</td>
              <td>{kioskStateText(k)}</td>
              <td>{who(k.kiosk.pairedBy, k.names, k.kiosk.pairedAt)}</td>
              <td>
                {k.status === "awaiting" ? (
                  <span class="badge">chưa xác nhận</span>
                ) : (
                  who(k.kiosk.confirmedBy, k.names, k.kiosk.confirmedAt)
                )}
              </td>
              <td class="num">
                {k.pace.fast}/{k.pace.of}
                {k.pace.alert ? (
                  <>
                    {" "}
                    <span class="badge badge-error">nhanh bất thường</span>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
