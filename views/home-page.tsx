/** @jsxImportSource hono/jsx */
import type { Campaign } from "../server/domain/campaign.ts";
import { paths } from "../server/http/paths.ts";

/** The landing page for someone not logged in: what this is and where to go. */
export function HomePage({ campaign }: { campaign: Campaign | null }) {
  return (
    <section class="card narrow" aria-labelledby="home-title">
      <h1 id="home-title">Lấy phiếu tín nhiệm cán bộ, công chức xã</h1>
      {campaign ? (
        <p>
          Đợt đang làm việc: <strong>{campaign.name}</strong>
          {campaign.isSample ? <span class="badge"> Dữ liệu mẫu</span> : null}
        </p>
      ) : (
        <p class="muted">Chưa có đợt lấy phiếu nào.</p>
      )}
      <p>Ban Tổ chức và Tổ công tác tại các điểm lấy phiếu đăng nhập để làm việc.</p>
      <p>
        <a class="btn" href={paths.login}>
          Đăng nhập
        </a>
      </p>
    </section>
  );
}
