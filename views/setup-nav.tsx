/** @jsxImportSource hono/jsx */
import { paths } from "../server/http/paths.ts";

const LINKS = [
  ["home", paths.board.home, "Tổng quan"],
  ["campaign", paths.board.campaign, "Đợt lấy phiếu"],
  ["communes", paths.board.communes, "Xã"],
  ["officials", paths.board.officials, "Người được lấy phiếu"],
  ["points", paths.board.points, "Điểm lấy phiếu"],
  ["officers", paths.board.officers, "Tổ công tác"],
  ["stamp", paths.board.stamp, "Đóng dấu"],
  ["progress", paths.board.progress, "Tiến độ"],
  ["results", paths.results.page, "Kết quả"],
  ["audit", paths.board.audit, "Nhật ký"],
] as const;

export type SetupSection = (typeof LINKS)[number][0] | "roster";

export function SetupNav({ current }: { current: SetupSection }) {
  return (
    <nav aria-label="Chuẩn bị đợt lấy phiếu">
      <ul class="setup-nav">
        {LINKS.map(([key, href, label]) => (
          <li>
            <a href={href} aria-current={key === current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
