/** @jsxImportSource hono/jsx */

import { formatDate, formatDateTime } from "../server/domain/calendar.ts";
import {
  CAMPAIGN_STATE_LABELS,
  type Campaign,
  type Commune,
  type Official,
} from "../server/domain/campaign.ts";
import { formatCount } from "../server/domain/format.ts";
import type { LoginAttack } from "../server/domain/login-throttle.ts";
import { type Point, type RuleSetRef, resolveRuleSet } from "../server/domain/setup.ts";
import { citeRuleSet } from "../server/domain/threshold.ts";
import { paths } from "../server/http/paths.ts";

const ruleSetName = (ref: RuleSetRef): string => {
  const found = resolveRuleSet(ref);
  return found.ok ? citeRuleSet(found.value) : String(ref);
};

export type BoardHomeModel = {
  campaign: Campaign | null;
  communes: Commune[];
  officials: Official[];
  points: Point[];
  rosterSizes: Map<number, number>;
  officers: number;
  /** Accounts whose passwords are being guessed (failures from many addresses) in the last hour. */
  loginAttacks: LoginAttack[];
};

/**
 * The board's warning that someone is guessing passwords (issue #9 §2): which account, how often,
 * from how many addresses, and what the board can do about it.
 */
export function LoginAttackAlert({ attacks }: { attacks: LoginAttack[] }) {
  if (attacks.length === 0) return null;
  return (
    <section class="alert alert-error" role="alert" aria-labelledby="login-attack-title">
      <p id="login-attack-title">
        <strong>Cảnh báo: có người đang dò mật khẩu</strong>
      </p>
      <ul>
        {attacks.map((a) => (
          <li>
            Tài khoản <strong>{a.account}</strong>: {formatCount(a.failures)} lần đăng nhập sai từ{" "}
            {formatCount(a.addresses)} địa chỉ, lần gần nhất lúc{" "}
            {formatDateTime(new Date(a.lastFailureAt).toISOString())}.
          </li>
        ))}
      </ul>
      <p>
        Người dùng vẫn đăng nhập được từ máy đã đăng nhập trước đây; máy mới có thể phải chờ vài phút. Nếu mật
        khẩu có thể đã lộ, hãy đổi mật khẩu (cán bộ tổ công tác: cấp lại mật khẩu). Chi tiết trong{" "}
        <a href={paths.board.audit}>nhật ký thao tác</a>.
      </p>
    </section>
  );
}

export function BoardHomePage({ model }: { model: BoardHomeModel }) {
  const { campaign, communes, officials } = model;
  if (!campaign) {
    return (
      <>
        <LoginAttackAlert attacks={model.loginAttacks} />
        <section class="card">
          <h1>Ban Tổ chức</h1>
          <p class="muted">Chưa có đợt lấy phiếu nào.</p>
          <p>
            <a class="btn" href={paths.board.campaign}>
              Tạo đợt lấy phiếu
            </a>
          </p>
        </section>
      </>
    );
  }
  return (
    <>
      <LoginAttackAlert attacks={model.loginAttacks} />
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
          <dd>{ruleSetName(campaign.ruleSet)}</dd>
        </dl>
        <p>
          <a href={paths.board.audit}>Xem nhật ký thao tác</a> ·{" "}
          <a href={paths.results.page}>Kết quả tổng hợp</a>
        </p>
      </section>
      <section class="grid" aria-label="Tình hình chuẩn bị">
        <a class="card stat-card" href={paths.board.points}>
          <span class="stat">{formatCount(model.points.length)}</span> điểm lấy phiếu
        </a>
        <a class="card stat-card" href={paths.board.officials}>
          <span class="stat">{formatCount(officials.length)}</span> người được lấy phiếu
        </a>
        <a class="card stat-card" href={paths.board.points}>
          <span class="stat">{formatCount([...model.rosterSizes.values()].reduce((a, b) => a + b, 0))}</span>{" "}
          người ghi phiếu trong danh sách
        </a>
        <a class="card stat-card" href={paths.board.officers}>
          <span class="stat">{formatCount(model.officers)}</span> cán bộ tổ công tác
        </a>
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
