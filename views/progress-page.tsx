/** @jsxImportSource hono/jsx */
import { formatDate } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import type { Point } from "../server/domain/setup.ts";
import type { PointDayRecord } from "../server/domain/voting.ts";
import { POINT_STATUS_LABELS } from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";

export type ProgressRow = {
  point: Point;
  day: string;
  roster: number;
  record: PointDayRecord | null;
  busyKiosks: number;
};

/** A point voting on two days has one roster: count it once. */
const rosterTotal = (rows: ProgressRow[]) =>
  [...new Map(rows.map((r) => [r.point.id, r.roster])).values()].reduce((a, b) => a + b, 0);

/** Tiến độ: every point-day with its live counts, refreshed every five seconds; never results. */
export function ProgressSection({ rows }: { rows: ProgressRow[] }) {
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
    </section>
  );
}
