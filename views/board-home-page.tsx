/** @jsxImportSource hono/jsx */
import {
  CAMPAIGN_STATE_LABELS,
  type Campaign,
  type Commune,
  type Official,
} from "../server/domain/campaign.ts";
import { citeRuleSet, ruleSetById } from "../server/domain/threshold.ts";
import { paths } from "../server/http/paths.ts";
import { formatDate } from "./format.ts";

const ruleSetName = (id: string): string => {
  const found = ruleSetById(id);
  return found.ok ? citeRuleSet(found.value) : id;
};

export type BoardHomeModel = { campaign: Campaign | null; communes: Commune[]; officials: Official[] };

export function BoardHomePage({ model }: { model: BoardHomeModel }) {
  const { campaign, communes, officials } = model;
  if (!campaign) {
    return (
      <section class="card">
        <h1>Ban Tổ chức</h1>
        <p class="muted">Chưa có đợt lấy phiếu nào.</p>
      </section>
    );
  }
  return (
    <>
      {campaign.isSample ? (
        <p class="alert alert-warn" role="status">
          Đây là dữ liệu mẫu để làm quen với hệ thống: mọi tên người đều là giả định.
        </p>
      ) : null}
      <section class="card" aria-labelledby="campaign-title">
        <h1 id="campaign-title">{campaign.name}</h1>
        <dl class="facts">
          <dt>Mã đợt</dt>
          <dd>{campaign.code}</dd>
          <dt>Trạng thái</dt>
          <dd>{CAMPAIGN_STATE_LABELS[campaign.state]}</dd>
          <dt>Cơ quan tổng hợp</dt>
          <dd>{campaign.aggregator}</dd>
          <dt>Địa bàn</dt>
          <dd>{campaign.district}</dd>
          <dt>Ngày lấy phiếu</dt>
          <dd>{campaign.days.map(formatDate).join(", ")}</dd>
          <dt>Mỗi phiếu cho</dt>
          <dd>
            {campaign.onePer === "resident"
              ? "mỗi cử tri một phiếu"
              : "mỗi hộ gia đình một phiếu (người đại diện hộ)"}
          </dd>
          <dt>Quy định áp dụng</dt>
          <dd>{ruleSetName(campaign.ruleSetId)}</dd>
        </dl>
        <p>
          <a href={paths.board.audit}>Xem nhật ký thao tác</a>
        </p>
      </section>
      <section class="card" aria-labelledby="communes-title">
        <h2 id="communes-title">Các xã và người được lấy phiếu</h2>
        {communes.map((commune) => {
          const list = officials.filter((o) => o.communeId === commune.id);
          return (
            <>
              <h3>
                {commune.name} <span class="muted">→ {commune.mergedInto}</span>
              </h3>
              <table>
                <thead>
                  <tr>
                    <th class="num">STT</th>
                    <th>Mã</th>
                    <th>Họ và tên</th>
                    <th>Chức vụ</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((o, i) => (
                    <tr>
                      <td class="num">{i + 1}</td>
                      <td>{o.code}</td>
                      <td>{o.name}</td>
                      <td>{o.position}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        })}
      </section>
    </>
  );
}
