/** @jsxImportSource hono/jsx */
import { publicKeyFingerprint } from "../server/crypto/keys.ts";
import { formatDate } from "../server/domain/calendar.ts";
import type { Campaign } from "../server/domain/campaign.ts";
import type { Officer, Point } from "../server/domain/setup.ts";
import type { User } from "../server/domain/users.ts";
import { paths } from "../server/http/paths.ts";

export function OfficerHomePage(props: {
  user: User;
  officer: Officer | null;
  points: Point[];
  campaign: Campaign | null;
}) {
  const { user, officer, points, campaign } = props;
  const mine = officer ? points.filter((p) => officer.pointIds.includes(p.id)) : [];
  return (
    <section class="card" aria-labelledby="officer-title">
      {campaign?.isSample ? (
        <p class="alert alert-warn" role="status">
          Đây là dữ liệu mẫu để làm quen với hệ thống: mọi tên người đều là giả định.
        </p>
      ) : null}
      <h1 id="officer-title">Tổ công tác</h1>
      <p>
        Xin chào {user.displayName}
        {officer ? ` — ${officer.teamRole}` : ""}.
      </p>
      {campaign ? (
        <p>
          Đợt lấy phiếu: <strong>{campaign.name}</strong>.
        </p>
      ) : (
        <p class="muted">Chưa có đợt lấy phiếu nào.</p>
      )}
      {mine.length > 0 ? (
        <>
          <h2>Điểm lấy phiếu của bạn</h2>
          <ul>
            {mine.map((p) => (
              <li>
                <a href={paths.officer.point(p.id)}>
                  {p.code} — {p.name}
                </a>
                , ngày {p.days.map(formatDate).join(", ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {officer ? (
        <p>
          Dấu vân tay khóa ký của bạn: <code>{publicKeyFingerprint(officer.publicKey)}</code>. Dấu này sẽ in
          trên biên bản bạn ký; hãy so với bản Ban Tổ chức giữ.
        </p>
      ) : null}
    </section>
  );
}
