/** @jsxImportSource hono/jsx */
import { formatDate, formatDateTime, formatTime } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import type { PairingWindow } from "../server/domain/pairing.ts";
import type { StoredRosterEntry } from "../server/domain/roster.ts";
import type { Point } from "../server/domain/setup.ts";
import type { Kiosk, PointDayRecord } from "../server/domain/voting.ts";
import {
  KIOSK_STATUS_LABELS,
  type KioskPace,
  type KioskStatus,
  POINT_STATUS_LABELS,
  type PointDayStatus,
} from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import { ActionButton, FastCastAlert, HxForm, Notice } from "./components.tsx";

/**
 * A kiosk as the console lists it; `pace`: how fast its last ballots came (issue #9 §4);
 * `attention`: its resident is idle and did not answer the kiosk's question (issue #13 §7).
 */
export type KioskRow = Kiosk & {
  status: KioskStatus;
  hasTicket: boolean;
  pace: KioskPace;
  attention?: boolean;
};

export type LiveModel = {
  point: Point;
  status: PointDayStatus;
  record: PointDayRecord | null;
  /** Tickets a server restart lost (they were in memory only), and how many were handed out again. */
  lost: { lost: number; reissued: number };
  kiosks: KioskRow[];
  /** The officer looking: the one who paired a kiosk cannot confirm it (issue #9 §4). */
  me: string;
  csrfToken: string;
};

/**
 * Live counts and kiosks, refreshed every two seconds: issued, collected, not collected, kiosks
 * busy — never partial results before the point closes (DESIGN §4).
 */
export function LivePanel({ m, oob = false }: { m: LiveModel; oob?: boolean }) {
  const r = m.record;
  // A kiosk holding a ticket has a resident at it, whether or not it is answering right now.
  const busy = m.kiosks.filter((k) => k.hasTicket).length;
  const poll = m.status === "open" || m.status === "paused";
  return (
    <section
      id="live"
      class="card"
      aria-labelledby="live-title"
      hx-get={poll ? paths.officer.live(m.point.id) : undefined}
      hx-trigger={poll ? "every 2s" : undefined}
      hx-swap="outerHTML"
      hx-swap-oob={oob ? "true" : undefined}
    >
      <h2 id="live-title">Số liệu trong ngày</h2>
      {r && r.issued === 0 && r.collected === 0 && r.voided === 0 ? (
        <p class="alert alert-ok" role="status">
          Báo cáo số 0 lúc mở điểm ({formatDateTime(r.openedAt)}): chưa phát phiếu nào, chưa thu về phiếu nào,
          hòm phiếu điện tử trống.
        </p>
      ) : null}
      <div class="grid counts">
        <p>
          <span class="stat">{formatCount(r?.issued ?? 0)}</span> phiếu phát ra
        </p>
        <p>
          <span class="stat">{formatCount(r?.collected ?? 0)}</span> phiếu thu về
        </p>
        <p>
          <span class="stat">{formatCount(r?.voided ?? 0)}</span> không thu về
        </p>
        <p>
          <span class="stat">{formatCount(busy)}</span> máy đang có cử tri
        </p>
      </div>
      {m.lost.lost > m.lost.reissued ? (
        <p class="alert alert-error" role="alert">
          Máy chủ vừa khởi động lại: {formatCount(m.lost.lost)} phiếu đã phát nhưng chưa gửi đã bị mất (phiếu
          chưa được ghi). Nếu cử tri đã nhận phiếu đó còn đang chờ, bấm “Phát lại phiếu” ở một máy trống; còn
          được phát lại {formatCount(m.lost.lost - m.lost.reissued)} phiếu. Mỗi lần phát lại được ghi vào nhật
          ký.
        </p>
      ) : null}
      <FastCastAlert kiosks={m.kiosks}>
        Hãy đến xem máy đó ngay: ai đang đứng ở máy, máy có đúng là máy của điểm không. Nếu nghi ngờ, bấm “Tạm
        dừng” và báo Ban Tổ chức.
      </FastCastAlert>
      <h3>Máy ghi phiếu</h3>
      {m.kiosks.length === 0 ? <p class="muted">Chưa kết nối máy nào.</p> : null}
      <ul class="kiosks">
        {m.kiosks.map((k) =>
          k.status === "awaiting" ? (
            <AwaitingKiosk k={k} m={m} />
          ) : (
            <li class={`kiosk kiosk-${k.status}`}>
              <strong>{k.label}</strong> <span class="badge">{KIOSK_STATUS_LABELS[k.status]}</span>
              {k.status === "offline" ? <span class="badge badge-error">kiểm tra máy</span> : null}
              {k.pace.alert ? <span class="badge badge-error">gửi phiếu nhanh bất thường</span> : null}
              {k.attention ? (
                <span class="badge badge-error" data-attention role="status">
                  Cử tri không trả lời trên máy: cần cán bộ đến xem
                </span>
              ) : null}
              {k.hasTicket ? (
                <ActionButton
                  action={paths.officer.voidTicket(m.point.id, k.id)}
                  target="#kiosk-message"
                  csrfToken={m.csrfToken}
                  label="Không thu về"
                  quiet
                  confirm={`Cử tri đã rời đi mà không gửi phiếu ở ${k.label}? Phiếu này sẽ bị hủy và tính là không thu về.`}
                />
              ) : null}
              {!k.hasTicket && k.status !== "offline" && m.lost.lost > m.lost.reissued ? (
                <ActionButton
                  action={paths.officer.reissue(m.point.id, k.id)}
                  target="#kiosk-message"
                  csrfToken={m.csrfToken}
                  label="Phát lại phiếu"
                  quiet
                  confirm={`Phát lại phiếu ở ${k.label} cho một cử tri đã nhận phiếu trước khi máy chủ khởi động lại, chưa gửi phiếu và đang có mặt?`}
                />
              ) : null}
              <ActionButton
                action={paths.officer.unpair(m.point.id, k.id)}
                target="#kiosk-message"
                csrfToken={m.csrfToken}
                label="Ngắt kết nối"
                quiet
                confirm={`Ngắt kết nối ${k.label}?`}
              />
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

/**
 * A kiosk one officer paired, waiting for a second officer of the point (issue #9 §4): the others
 * see "Xác nhận"; the one who paired it is told that someone else must confirm.
 */
function AwaitingKiosk({ k, m }: { k: KioskRow; m: LiveModel }) {
  const mine = k.pairedBy === m.me;
  return (
    <li class="kiosk kiosk-awaiting" data-kiosk-id={k.id}>
      <strong>{k.label}</strong> <span class="badge">{KIOSK_STATUS_LABELS[k.status]}</span>{" "}
      <span class="muted">kết nối bởi {k.pairedBy ?? "—"}</span>
      {mine ? (
        <p class="hint">
          Cần một cán bộ khác của tổ xem {k.label} đang hiện “Chờ cán bộ thứ hai xác nhận” rồi bấm “Xác nhận”
          trên máy của mình.
        </p>
      ) : (
        <ActionButton
          action={paths.officer.confirmKiosk(m.point.id, k.id)}
          target="#kiosk-message"
          csrfToken={m.csrfToken}
          label="Xác nhận"
          confirm={`Bạn đã thấy ${k.label} của điểm mình đang hiện “Chờ cán bộ thứ hai xác nhận”? Xác nhận để máy bắt đầu nhận phiếu.`}
        />
      )}
      <ActionButton
        action={paths.officer.unpair(m.point.id, k.id)}
        target="#kiosk-message"
        csrfToken={m.csrfToken}
        label="Hủy kết nối"
        quiet
        confirm={`Hủy kết nối ${k.label}?`}
      />
    </li>
  );
}

/** Messages from kiosk actions, outside the refreshed panel so they stay until the next action. */
export function KioskMessage({ message }: { message?: { kind: "ok" | "error"; text: string } }) {
  return <div id="kiosk-message">{message ? <Notice kind={message.kind}>{message.text}</Notice> : null}</div>;
}

/**
 * Pairing a new kiosk, outside the refreshed panel so the code is not wiped while it is typed. First
 * "Kết nối máy mới" opens the point's pairing window for a few minutes (only then do new kiosks show a
 * code); then the officer types the 8-digit code the kiosk shows.
 */
export function PairForm(props: {
  pointId: number;
  csrfToken: string;
  /** The point's pairing window while it is open. */
  window: PairingWindow | null;
  message?: { kind: "ok" | "error"; text: string };
}) {
  const { window } = props;
  return (
    <div id="pair-form" data-window-open={window ? "1" : "0"}>
      <h2>Kết nối máy ghi phiếu</h2>
      {props.message ? <Notice kind={props.message.kind}>{props.message.text}</Notice> : null}
      {window ? (
        <>
          <p>
            Đang mở kết nối đến <strong>{formatTime(window.closesAt)}</strong>. Trên máy ghi phiếu, mở trang{" "}
            <code>/kiosk</code>: mã 8 số hiện ra sau vài giây.
          </p>
          <HxForm
            action={paths.officer.pair(props.pointId)}
            target="#pair-form"
            csrfToken={props.csrfToken}
            class="inline-form"
          >
            <label for="pair-code">Nhập mã 8 số hiện trên máy ghi phiếu</label>
            <input
              id="pair-code"
              name="code"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              maxlength={11}
              placeholder="1234 5678"
            />
            <button type="submit" class="btn">
              Kết nối máy
            </button>
          </HxForm>
        </>
      ) : (
        <p class="muted">
          Bấm “Kết nối máy mới” rồi mở trang <code>/kiosk</code> trên máy ghi phiếu: máy sẽ hiện mã 8 số để
          nhập vào đây. Kết nối mở trong 5 phút.
        </p>
      )}
      <ActionButton
        action={paths.officer.pairingWindow(props.pointId)}
        target="#pair-form"
        csrfToken={props.csrfToken}
        label={window ? "Mở thêm 5 phút" : "Kết nối máy mới"}
        quiet={window !== null}
      />
    </div>
  );
}

export type SearchModel = {
  point: Point;
  query: string;
  results: (StoredRosterEntry & { issued: boolean })[];
  /** More people match than are shown: the officer should type more. */
  more: boolean;
  idleKiosks: KioskRow[];
  open: boolean;
  onePer: "resident" | "household";
  csrfToken: string;
  message?: { kind: "ok" | "error"; text: string };
};

/** Roster search results at check-in, each with its status and the "Phát phiếu" action. */
export function SearchResults({ m }: { m: SearchModel }) {
  // While every kiosk is taken, the list looks again every few seconds, so "Phát phiếu" appears as
  // soon as a kiosk is free without the officer searching again.
  const waiting = m.open && m.idleKiosks.length === 0 && m.results.some((e) => !e.issued);
  const again = `${paths.officer.search(m.point.id)}?q=${encodeURIComponent(m.query)}`;
  return (
    <div
      id="results"
      hx-get={waiting ? again : undefined}
      hx-trigger={waiting ? "every 5s" : undefined}
      hx-swap={waiting ? "outerHTML" : undefined}
    >
      {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
      {m.query && m.results.length === 0 ? <p class="muted">Không tìm thấy ai với “{m.query}”.</p> : null}
      {m.more ? (
        <p class="muted">Còn nhiều người khớp hơn số đang hiện: xin gõ thêm họ tên, năm sinh hoặc số CCCD.</p>
      ) : null}
      {m.results.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Họ và tên</th>
              <th class="num">Năm sinh</th>
              <th>CCCD (4 số cuối)</th>
              <th>Mã hộ</th>
              <th>Phiếu</th>
            </tr>
          </thead>
          <tbody>
            {m.results.map((e) => (
              <tr>
                <td>
                  <strong>{e.fullName}</strong>
                  {e.relation ? <span class="muted"> ({e.relation})</span> : null}
                </td>
                <td class="num">{e.birthYear}</td>
                <td>{e.cccd ? `…${e.cccd.slice(-4)}` : "—"}</td>
                <td>{e.householdCode ?? "—"}</td>
                <td>
                  {e.issued ? (
                    <span class="badge badge-ok">
                      {m.onePer === "household" ? "Hộ đã nhận phiếu" : "Đã nhận phiếu"}
                    </span>
                  ) : !m.open ? (
                    <span class="muted">Điểm chưa mở</span>
                  ) : m.idleKiosks.length === 0 ? (
                    <span class="muted">Chưa có máy sẵn sàng</span>
                  ) : (
                    <HxForm
                      action={paths.officer.issue(m.point.id)}
                      target="#results"
                      csrfToken={m.csrfToken}
                      confirm={`Đã đối chiếu giấy tờ của ${e.fullName} (sinh năm ${e.birthYear})? Phát phiếu cho người này.`}
                      class="issue-form"
                    >
                      <input type="hidden" name="entryId" value={String(e.id)} />
                      <input type="hidden" name="q" value={m.query} />
                      <label class="sr-only" for={`kiosk-${e.id}`}>
                        Máy
                      </label>
                      <select id={`kiosk-${e.id}`} name="kioskId">
                        {m.idleKiosks.map((k) => (
                          <option value={k.id}>{k.label}</option>
                        ))}
                      </select>
                      <button type="submit" class="btn btn-small">
                        Phát phiếu
                      </button>
                    </HxForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export type ConsoleModel = {
  point: Point;
  today: string;
  status: PointDayStatus;
  openRefusal: string | null;
  live: LiveModel;
  search: SearchModel;
  /** The point's pairing window while it is open. */
  pairingWindow: PairingWindow | null;
  isSample: boolean;
  csrfToken: string;
  message?: { kind: "ok" | "error"; text: string };
};

export function PointConsole({ m }: { m: ConsoleModel }) {
  return (
    <div id="console">
      {m.isSample ? (
        <p class="alert alert-warn" role="status">
          Đây là dữ liệu mẫu để làm quen với hệ thống: mọi tên người đều là giả định.
        </p>
      ) : null}
      <section class="card" aria-labelledby="console-title">
        <h1 id="console-title">{m.point.name}</h1>
        {m.message ? <Notice kind={m.message.kind}>{m.message.text}</Notice> : null}
        <p>
          Hôm nay {formatDate(m.today)} · Ngày lấy phiếu của điểm: {m.point.days.map(formatDate).join(", ")} ·{" "}
          <strong>{POINT_STATUS_LABELS[m.status]}</strong>
        </p>
        <div class="form-actions">
          {m.status === "not_opened" && m.openRefusal === null ? (
            <ActionButton
              action={paths.officer.open(m.point.id)}
              target="#console"
              csrfToken={m.csrfToken}
              label="Mở điểm lấy phiếu"
              confirm="Mở điểm lấy phiếu? Hệ thống sẽ lập báo cáo số 0."
            />
          ) : null}
          {m.status === "open" ? (
            <ActionButton
              action={paths.officer.pause(m.point.id)}
              target="#console"
              csrfToken={m.csrfToken}
              label="Tạm dừng"
              quiet
            />
          ) : null}
          {m.status === "paused" ? (
            <ActionButton
              action={paths.officer.resume(m.point.id)}
              target="#console"
              csrfToken={m.csrfToken}
              label="Tiếp tục"
            />
          ) : null}
          {m.status === "open" || m.status === "paused" ? (
            <a class="btn btn-small btn-quiet" href={paths.officer.close(m.point.id)}>
              Kết thúc và kiểm phiếu
            </a>
          ) : null}
          {m.status === "closed" ? (
            <a class="btn btn-small" href={paths.officer.minutes(m.point.id, m.today)}>
              Biên bản kiểm phiếu
            </a>
          ) : null}
        </div>
        {m.status === "not_opened" && m.openRefusal ? <Notice kind="warn">{m.openRefusal}</Notice> : null}
      </section>
      <KioskMessage />
      <LivePanel m={m.live} />
      <section class="card" aria-label="Kết nối máy ghi phiếu">
        <PairForm pointId={m.point.id} csrfToken={m.csrfToken} window={m.pairingWindow} />
      </section>
      <section class="card" aria-labelledby="checkin-title">
        <h2 id="checkin-title">Phát phiếu</h2>
        <label for="q">
          Tìm trong danh sách: họ tên (có dấu hoặc không), năm sinh, mã hộ hoặc mấy số cuối CCCD
        </label>
        <input
          id="q"
          name="q"
          type="search"
          autocomplete="off"
          value={m.search.query}
          hx-get={paths.officer.search(m.point.id)}
          hx-trigger="input changed delay:300ms, search"
          hx-target="#results"
          hx-swap="outerHTML"
        />
        <SearchResults m={m.search} />
      </section>
    </div>
  );
}
