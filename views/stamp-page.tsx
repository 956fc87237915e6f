/** @jsxImportSource hono/jsx */

import { formatDateTime } from "../server/domain/calendar.ts";
import type { Campaign } from "../server/domain/campaign.ts";
import { CAMPAIGN_STATE_LABELS } from "../server/domain/campaign.ts";
import { formatCount } from "../server/domain/format.ts";
import type { RosterCommitmentRecord } from "../server/domain/roster.ts";
import type { Point } from "../server/domain/setup.ts";
import { paths } from "../server/http/paths.ts";
import { ConfirmSubmit, confirmId, HxForm, Notice } from "./components.tsx";

export type StampModel = {
  campaign: Campaign;
  problems: string[];
  /** What stamping would freeze now (stampPreviewDigest): the form sends it back. */
  seen: string;
  points: (Point & { rosterSize: number; latest: RosterCommitmentRecord | null })[];
  csrfToken: string;
  message?: { kind: "ok" | "error"; text: string };
};

/** Đóng dấu: the checklist, the button, and afterwards the commitments that were recorded. */
export function StampSection({ m }: { m: StampModel }) {
  const stamped = m.campaign.state !== "draft";
  return (
    <section class="card" id="stamp" aria-labelledby="stamp-title">
      <h1 id="stamp-title">Đóng dấu danh sách</h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      <p>
        Trạng thái: <strong>{CAMPAIGN_STATE_LABELS[m.campaign.state]}</strong>
      </p>
      {stamped ? (
        <>
          <p>
            Đã đóng dấu lúc {m.campaign.stampedAt ? formatDateTime(m.campaign.stampedAt) : ""}. Mã băm SHA-256
            của cấu hình (đợt, các xã, người được lấy phiếu, phiếu của từng điểm, quy định áp dụng):
          </p>
          <p class="digest">{m.campaign.configDigest}</p>
        </>
      ) : (
        <>
          <p>
            Đóng dấu sẽ khóa danh sách người được lấy phiếu, các điểm, phiếu của từng điểm và danh sách người
            ghi phiếu. Sau đó chỉ điều chỉnh được danh sách người ghi phiếu bằng phiếu điều chỉnh có ghi lý
            do.
          </p>
          {m.problems.length > 0 ? (
            <div class="alert alert-warn" role="status">
              <p>Chưa đóng dấu được vì còn những việc sau:</p>
              <ul class="problems">
                {m.problems.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            </div>
          ) : (
            <HxForm action={paths.board.stamp} target="#stamp" csrfToken={m.csrfToken}>
              <input type="hidden" name="ban-xem" value={m.seen} />
              <ConfirmSubmit
                id={confirmId(paths.board.stamp)}
                label="Đóng dấu danh sách"
                question="Đóng dấu danh sách? Sau khi đóng dấu không sửa trực tiếp được nữa."
              />
            </HxForm>
          )}
        </>
      )}
      <h2>Các điểm</h2>
      <table>
        <thead>
          <tr>
            <th>Điểm</th>
            <th class="num">Số người trong danh sách</th>
            <th>Mã băm danh sách (lần gần nhất)</th>
          </tr>
        </thead>
        <tbody>
          {m.points.map((p) => (
            <tr>
              <td>
                <a href={paths.board.roster(p.id)}>
                  {p.code} — {p.name}
                </a>
              </td>
              <td class="num">{formatCount(p.rosterSize)}</td>
              <td class="digest">{p.latest ? `${p.latest.digest} (lần ${p.latest.version})` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
