/** @jsxImportSource hono/jsx */
import { LEVEL_TITLES } from "../server/domain/ballot.ts";
import { formatDate, formatDateTime } from "../server/domain/calendar.ts";
import { bandLabel, formatCount } from "../server/domain/format.ts";
import type { MinutesDocument } from "../server/domain/minutes-document.ts";
import type { Check } from "../server/domain/tally.ts";
import { paths } from "../server/http/paths.ts";
import { HxForm, Notice } from "./components.tsx";

export type CloseModel = {
  pointId: number;
  pointName: string;
  day: string;
  counts: {
    roster: number;
    issued: number;
    collected: number;
    voided: number;
    reissued: number;
    lost: number;
  };
  busyKiosks: string[];
  csrfToken: string;
  error?: string;
};

/**
 * "Kết thúc và kiểm phiếu": the day's counts and one large confirmation. While a kiosk holds a
 * ticket the button is replaced by what to do first (DESIGN §4 step 3).
 */
export function CloseConfirm({ m }: { m: CloseModel }) {
  const c = m.counts;
  return (
    <section class="card" id="close" aria-labelledby="close-title">
      <h1 id="close-title">Kết thúc và kiểm phiếu — {m.pointName}</h1>
      <p>
        Ngày {formatDate(m.day)}. Sau khi kết thúc, không phát phiếu và không nhận phiếu nào nữa trong ngày.
      </p>
      {m.error ? <Notice kind="error">{m.error}</Notice> : null}
      <dl class="grid counts" data-counts>
        <div>
          <dt>Người trong danh sách</dt>
          <dd class="stat">{formatCount(c.roster)}</dd>
        </div>
        <div>
          <dt>Phiếu phát ra</dt>
          <dd class="stat">{formatCount(c.issued)}</dd>
        </div>
        <div>
          <dt>Phiếu thu về</dt>
          <dd class="stat">{formatCount(c.collected)}</dd>
        </div>
        <div>
          <dt>Không thu về</dt>
          <dd class="stat">{formatCount(c.voided)}</dd>
        </div>
        {c.lost > 0 || c.reissued > 0 ? (
          <div>
            <dt>Phiếu bị mất khi máy chủ khởi động lại / đã phát lại</dt>
            <dd class="stat">
              {formatCount(c.lost)} / {formatCount(c.reissued)}
            </dd>
          </div>
        ) : null}
      </dl>
      {m.busyKiosks.length > 0 ? (
        <Notice kind="warn">
          {m.busyKiosks.join(", ")} đang có phiếu của cử tri. Hãy chờ cử tri gửi phiếu, hoặc bấm “Không thu
          về” ở trang điểm nếu cử tri đã rời đi; sau đó kết thúc.
        </Notice>
      ) : (
        <HxForm action={paths.officer.close(m.pointId)} target="#close" csrfToken={m.csrfToken}>
          <label for="incidents">Sự cố trong ngày (nếu có, mỗi sự cố một dòng; sẽ ghi vào biên bản)</label>
          <textarea id="incidents" name="incidents" rows={3} maxlength={5000} />
          <button type="submit" class="btn">
            Kết thúc và kiểm phiếu
          </button>
        </HxForm>
      )}
      <p>
        <a href={paths.officer.point(m.pointId)}>Quay lại trang điểm</a>
      </p>
    </section>
  );
}

export type MinutesModel = {
  pointId: number;
  pointName: string;
  day: string;
  doc: MinutesDocument;
  checks: readonly Check[];
  version: number;
  complete: boolean;
  /** Null when the viewer is not an officer of the point or has signed already. */
  canSign: boolean;
  /** Where the downloads and the way back lead (officer or board pages). */
  links: { json: string; pdf: string; back: string; backLabel: string };
  /** The board's "Mở lại biên bản" form target, when the viewer is the board. */
  reopen?: string;
  csrfToken: string;
  message?: { kind: "ok" | "error"; text: string };
};

/** Biên bản kiểm phiếu on screen: the same figures as the PDF, failed checks in red, signatures. */
export function MinutesView({ m }: { m: MinutesModel }) {
  const d = m.doc;
  const signed = new Set(d.signatures.map((s) => s.officer));
  return (
    <section class="card" id="minutes" aria-labelledby="minutes-title" data-minutes-version={m.version}>
      <h1 id="minutes-title">
        Biên bản kiểm phiếu — {m.pointName}, ngày {formatDate(m.day)}
      </h1>
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      <p>
        {m.complete ? (
          <strong>Đã ký đủ.</strong>
        ) : (
          <strong>Chờ ký: cần ít nhất hai cán bộ, trong đó có Tổ trưởng.</strong>
        )}{" "}
        Mở điểm {formatDateTime(d.openedAt)} · kết thúc {formatDateTime(d.closedAt)} · phiên bản {m.version}
      </p>
      <p>
        Trong danh sách {formatCount(d.counts.roster)} · phát ra {formatCount(d.counts.issued)} · thu về{" "}
        {formatCount(d.counts.collected)} · không thu về {formatCount(d.counts.notCollected)}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Họ tên</th>
              <th>Chức vụ</th>
              <th class="num">{LEVEL_TITLES.high}</th>
              <th class="num">{LEVEL_TITLES.medium}</th>
              <th class="num">{LEVEL_TITLES.low}</th>
              <th class="num">Không đánh dấu</th>
              <th>Mức tín nhiệm thấp</th>
            </tr>
          </thead>
          <tbody>
            {d.officials.map((o) => (
              <tr data-official={o.code}>
                <td>{o.name}</td>
                <td>{o.position}</td>
                <td class="num">{formatCount(o.high)}</td>
                <td class="num">{formatCount(o.medium)}</td>
                <td class="num">{formatCount(o.low)}</td>
                <td class="num">{formatCount(o.blank)}</td>
                <td>{bandLabel(o.band)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Đối chiếu số liệu</h2>
      <ul class="checks">
        {m.checks.map((c) => (
          <li class={c.ok ? "check-ok" : "check-failed alert alert-error"} data-check={c.id}>
            {c.ok ? "✓" : "✗"} {c.label}: {c.detail}
          </li>
        ))}
      </ul>
      {(d.warnings ?? []).map((w) => (
        <Notice kind="warn">
          {w.kind === "small_point"
            ? `Điểm thu về ít hơn ${formatCount(w.threshold)} phiếu: kết quả riêng của điểm có thể làm lộ phiếu của từng người.`
            : `Tỉ lệ phiếu thu về thấp hơn mức tối thiểu ${formatCount(w.minimumPercent)}%.`}
        </Notice>
      ))}
      {d.incidents.length > 0 ? (
        <>
          <h2>Sự cố</h2>
          <ul>
            {d.incidents.map((i) => (
              <li>{i.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Tổ công tác ký</h2>
      <ul>
        {d.officers.map((o) => (
          <li>
            {o.name} ({o.role}): {signed.has(o.code) ? "đã ký" : "chưa ký"}
          </li>
        ))}
      </ul>
      {m.canSign ? (
        <HxForm
          action={paths.officer.minutesSign(m.pointId, m.day)}
          target="#minutes"
          csrfToken={m.csrfToken}
        >
          <label for="sign-password">Nhập lại mật khẩu của bạn để ký bằng khóa của mình</label>
          <input
            id="sign-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
          <button type="submit" class="btn">
            Ký biên bản
          </button>
        </HxForm>
      ) : null}
      {m.reopen ? (
        <HxForm action={m.reopen} target="#minutes" csrfToken={m.csrfToken}>
          <label for="reopen-reason">
            Mở lại biên bản (lập phiên bản mới, tổ công tác ký lại; phiên bản cũ được giữ nguyên). Lý do:
          </label>
          <textarea id="reopen-reason" name="reason" rows={2} maxlength={2000} />
          <button type="submit" class="btn btn-quiet">
            Mở lại biên bản
          </button>
        </HxForm>
      ) : null}
      <p>
        <a href={m.links.pdf}>Tải bản PDF</a> · <a href={m.links.json}>Tải bản JSON (để kiểm tra độc lập)</a>{" "}
        · <a href={m.links.back}>{m.links.backLabel}</a>
      </p>
    </section>
  );
}
