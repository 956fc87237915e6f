/** @jsxImportSource hono/jsx */
import { formatDate, formatDateTime } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import type { Point } from "../server/domain/setup.ts";
import {
  KIOSK_STATUS_LABELS,
  type Kiosk,
  type KioskPace,
  type KioskStatus,
  POINT_STATUS_LABELS,
  type PointDayRecord,
} from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import { FastCastAlert } from "./components.tsx";

export type ProgressRow = {
  point: Point;
  day: string;
  roster: number;
  record: PointDayRecord | null;
  busyKiosks: number;
};

/** A kiosk of a point as the board sees it (issue #9 §4): who paired it, who confirmed it, its pace. */
export type ProgressKiosk = {
  point: Pick<Point, "code" | "name">;
  kiosk: Kiosk;
  status: KioskStatus;
  pace: KioskPace;
};

/** A point voting on two days has one roster: count it once. */
const rosterTotal = (rows: ProgressRow[]) =>
  [...new Map(rows.map((r) => [r.point.id, r.roster])).values()].reduce((a, b) => a + b, 0);

/**
 * Tiến độ: every point-day with its live counts, refreshed every five seconds; never results. Then
 * every kiosk of every point, with who paired and who confirmed it, and the fast-cast alert.
 */
export function ProgressSection({ rows, kiosks }: { rows: ProgressRow[]; kiosks: ProgressKiosk[] }) {
  const total = (f: (r: ProgressRow) => number) => rows.reduce((sum, r) => sum + f(r), 0);
  return (
    <section
      class="card"
      id="progress"
      aria-labelledby="progress-title"
      hx-get={paths.board.progress}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <h1 id="progress-title">Tiến độ lấy phiếu</h1>
      <p class="muted">
        Chỉ có số phiếu phát ra và thu về; kết quả của từng điểm chỉ có sau khi điểm kiểm phiếu và ký biên
        bản.
      </p>
      <FastCastAlert
        kiosks={kiosks.map((k) => ({
          label: `Điểm ${k.point.code}, ${k.kiosk.label ?? "máy"}`,
          pace: k.pace,
        }))}
      >
        Hãy gọi ngay tổ công tác của điểm đó để xem máy; nếu cần, yêu cầu tạm dừng điểm.
      </FastCastAlert>
      <table>
        <thead>
          <tr>
            <th>Điểm</th>
            <th>Ngày</th>
            <th>Trạng thái</th>
            <th class="num">Danh sách</th>
            <th class="num">Phát ra</th>
            <th class="num">Thu về</th>
            <th class="num">Không thu về</th>
            <th class="num">Máy đang có cử tri</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                {r.point.code} — {r.point.name}
              </td>
              <td>{formatDate(r.day)}</td>
              <td>{POINT_STATUS_LABELS[r.record?.status ?? "not_opened"]}</td>
              <td class="num">{formatCount(r.roster)}</td>
              <td class="num">{formatCount(r.record?.issued ?? 0)}</td>
              <td class="num">{formatCount(r.record?.collected ?? 0)}</td>
              <td class="num">{formatCount(r.record?.voided ?? 0)}</td>
              <td class="num">{formatCount(r.busyKiosks)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colspan={3}>Cộng</th>
            <th class="num">{formatCount(rosterTotal(rows))}</th>
            <th class="num">{formatCount(total((r) => r.record?.issued ?? 0))}</th>
            <th class="num">{formatCount(total((r) => r.record?.collected ?? 0))}</th>
            <th class="num">{formatCount(total((r) => r.record?.voided ?? 0))}</th>
            <th class="num">{formatCount(total((r) => r.busyKiosks))}</th>
          </tr>
        </tfoot>
      </table>
      <KioskTable kiosks={kiosks} />
    </section>
  );
}

const who = (name: string | null, at: string | null) =>
  name ? `${name}${at ? ` (${formatDateTime(at)})` : ""}` : "—";

/** Every kiosk of every point: the board sees which devices take ballots and who let each one in. */
function KioskTable({ kiosks }: { kiosks: ProgressKiosk[] }) {
  return (
    <>
      <h2 id="progress-kiosks">Máy ghi phiếu</h2>
      {kiosks.length === 0 ? (
        <p class="muted">Chưa có máy nào được kết nối.</p>
      ) : (
        <table aria-labelledby="progress-kiosks">
          <thead>
            <tr>
              <th>Điểm</th>
              <th>Máy</th>
              <th>Trạng thái</th>
              <th>Kết nối bởi</th>
              <th>Xác nhận bởi</th>
              <th class="num">Phiếu nhanh / gần nhất</th>
            </tr>
          </thead>
          <tbody>
            {kiosks.map((k) => (
              <tr data-kiosk={`${k.point.code} ${k.kiosk.label ?? ""}`}>
                <td>{k.point.code}</td>
                <td>{k.kiosk.label}</td>
                <td>{KIOSK_STATUS_LABELS[k.status]}</td>
                <td>{who(k.kiosk.pairedBy, k.kiosk.pairedAt)}</td>
                <td>
                  {k.status === "awaiting" ? (
                    <span class="badge">chưa xác nhận</span>
                  ) : (
                    who(k.kiosk.confirmedBy, k.kiosk.confirmedAt)
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
      )}
    </>
  );
}
