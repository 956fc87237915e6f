/** @jsxImportSource hono/jsx */
import type { Campaign } from "../server/domain/campaign.ts";
import type { User } from "../server/domain/users.ts";
import { formatDate } from "./format.ts";

export function OfficerHomePage({ user, campaign }: { user: User; campaign: Campaign | null }) {
  return (
    <section class="card" aria-labelledby="officer-title">
      <h1 id="officer-title">Tổ công tác</h1>
      <p>Xin chào {user.displayName}.</p>
      {campaign ? (
        <p>
          Đợt lấy phiếu: <strong>{campaign.name}</strong>, ngày {campaign.days.map(formatDate).join(", ")}.
        </p>
      ) : (
        <p class="muted">Chưa có đợt lấy phiếu nào.</p>
      )}
    </section>
  );
}
