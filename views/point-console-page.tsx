/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import { formatDate, formatDateTime, formatTime } from "../server/domain/calendar.ts";
import { formatCount } from "../server/domain/format.ts";
import { KIOSK_SILENT_MINUTES } from "../server/domain/kiosk-silence.ts";
import type { PairingWindow } from "../server/domain/pairing.ts";
import type { StoredRosterEntry } from "../server/domain/roster.ts";
import type { Point } from "../server/domain/setup.ts";
import {
  KIOSK_STATUS_LABELS,
  type Kiosk,
  type KioskPace,
  type KioskStatus,
  kioskName,
  POINT_STATUS_LABELS,
  type PointDayRecord,
  type PointDayStatus,
} from "../server/domain/voting.ts";
import { type KioskAddress, qrSvg } from "../server/http/kiosk-address.ts";
import { paths } from "../server/http/paths.ts";
import { HELD_POLL } from "../server/http/polls.ts";
import type { MinutesSignatures } from "../server/services/signers.ts";
import {
  ActionButton,
  FastCastAlert,
  HxForm,
  KioskLabelsWhole,
  Notice,
  signatureCount,
} from "./components.tsx";

/**
 * The point console (issue #14), built around the queue of residents: on a 1366×768 laptop the
 * search is the first thing under the point's name, focused on load and after every ticket; the
 * counts, the strip of kiosks and the pairing panel sit beside it. Until a kiosk is ready the
 * pairing card leads the page instead, and while a pairing window is open it stands under the
 * check-in (`pairingLead`): the next step is always on the first screen. While no ballot can be handed out
 * the search is shown out of use, with why (`searchUnavailable`). Every question is asked on the
 * page (popovers), never with the browser's confirm().
 */

/**
 * A kiosk as the console lists it; `pace`: how fast its last ballots came (issue #9 §4);
 * `attention`: its resident is idle and did not answer the kiosk's question (issue #13 §7).
 */
export type KioskRow = Kiosk & {
  status: KioskStatus;
  hasTicket: boolean;
  /** What "Không thu về" sends of the ticket shown (ticketRef), so that no later one is voided. */
  ticketRef: string | null;
  pace: KioskPace;
  /** Silent for more than KIOSK_SILENT_AFTER_MS without a ticket: folded away, offered for clean-up. */
  silent: boolean;
  attention?: boolean;
  /** Who paired it, by name ("Phan Xuân Kỷ"), for a kiosk awaiting a second officer. */
  pairedByName?: string | null;
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
  /**
   * Today the point takes no ballot and will not (services/voting.ts `noVotingOn`): the panel shows
   * no day's counts and its kiosks at rest, as the kiosks themselves say "Hôm nay không lấy phiếu".
   */
  noVotingToday: boolean;
  /** The point has voting left (`hasVotingLeft`): a kiosk unpaired now may be paired again. */
  votingLeft: boolean;
  /** The pairing card's changing part, while the page has that card (voting left, today not closed). */
  pairing: PairingModel | null;
  csrfToken: string;
};

/**
 * The point's pairing window while it is open, and the kiosks paired since it opened ("Máy 3"), each
 * with whether it still awaits a second officer's confirmation.
 */
export type PairingModel = {
  window: PairingWindow | null;
  /**
   * The kiosks paired since the window opened, in the order they were paired (the last: the one
   * just paired), while that is news (server/domain/pairing.ts `pairedNews`); else none. `byMe`:
   * paired by the officer looking, who cannot confirm it (the words differ).
   */
  paired: { label: string; awaiting: boolean; byMe: boolean }[];
  /** Every kiosk of the point ("Máy 1", "Máy 2"), as the strip lists them: the news says how many. */
  kiosks: string[];
  /** Where the card stands on the console now (`pairingLead`). */
  lead: PairingLead;
};

/**
 * Where the pairing card stands (user trial: once the point was open, the card fell below the fold
 * of a 1366×768 laptop although pairing the first kiosk was the next thing to do). "main": no
 * kiosk of the point is ready yet (none paired, or every one still awaiting its second officer) —
 * the card leads the page, above the check-in, whose search cannot lead to a ballot without a kiosk;
 * the live panel, where a second officer confirms a kiosk, keeps its place beside it. "side": kiosks
 * are ready and a pairing window is open — the card stands under the check-in, the search and the
 * live panel keep their places (trial: heading the side column, it pushed the counts and kiosks below
 * the fold). null: its place under the live panel. The page follows each redraw of the card (console.css,
 * `data-lead`), without a reload.
 */
export type PairingLead = "main" | "side" | null;
export const pairingLead = (kiosks: readonly { status: KioskStatus }[], windowOpen: boolean): PairingLead =>
  kiosks.every((k) => k.status === "awaiting") ? "main" : windowOpen ? "side" : null;

/**
 * What the live panel shows, as HTML, and its version: a hash of exactly those bytes. The panel's
 * poll sends the version it shows, so the server can hold the poll until what an officer would see
 * differs (server/routes/point-console.tsx), whatever the change was — a count, a kiosk's state, a
 * kiosk gone offline by the clock. Not a secret and not a proof: a wrong version only costs a redraw.
 */
export function renderLive(m: LiveModel): { body: string; version: string } {
  const rendered: unknown = (<LiveBody m={m} />).toString();
  // The panel's components are synchronous: a promise here would be a bug in one of them.
  if (rendered instanceof Promise) throw new Error("live panel rendered async");
  const body = String(rendered);
  // The pairing card's changing part goes with each redraw (`LiveRedraw`): what it says counts too.
  const pairing = m.pairing ? String(<PairStatus m={m} pairing={m.pairing} />) : "";
  // Whether the panel polls at all is drawn outside the body: a day closed elsewhere must redraw it.
  return { body, version: Bun.hash(`${livePolls(m)}\n${body}\n${pairing}`).toString(36) };
}

/**
 * Live counts and the kiosk strip, redrawn when what they show changes and at once after the
 * officer's own action (an out-of-band copy in the answer): issued, collected, not collected, kiosks
 * busy — never partial results before the point closes (DESIGN §4). The poll asks every two
 * seconds with the version it shows; a server that holds polls (POLL_HOLD_SECONDS) answers when
 * the version changes or with 204 after the hold, so the panel waits on one open request instead
 * of asking fifteen times (issue #12 §4). A tick while a request is in flight is dropped
 * (`hx-sync="drop"`): htmx's default would queue it, and the queued request, sent by the element the
 * answer replaces, would carry the old version and cost a second, discarded redraw per change.
 */
export function LivePanel({
  m,
  oob = false,
  rendered = renderLive(m),
}: {
  m: LiveModel;
  oob?: boolean;
  /** `renderLive(m)` when the caller has it already. */
  rendered?: { body: string; version: string };
}) {
  const poll = livePolls(m);
  return (
    <section
      id="live"
      class="card live"
      aria-labelledby="live-title"
      hx-get={poll ? `${paths.officer.live(m.point.id)}?v=${rendered.version}&s=${shownState(m)}` : undefined}
      hx-trigger={poll ? "every 2s" : undefined}
      hx-sync={poll ? "drop" : undefined}
      hx-config={poll ? HELD_POLL["hx-config"] : undefined}
      hx-swap="outerHTML"
      hx-swap-oob={oob ? "true" : undefined}
    >
      {raw(rendered.body)}
    </section>
  );
}

/**
 * What the page's head and middle show of today, as the live poll reports it back (`s=`): the day's
 * status, or "off" when the point takes no ballot today (the off-day card instead of the check-in).
 */
export type ShownState = PointDayStatus | "off";
export const shownState = (m: Pick<LiveModel, "status" | "noVotingToday">): ShownState =>
  m.status === "not_opened" && m.noVotingToday ? "off" : m.status;

/**
 * The panel keeps looking while the day is open or paused, and while kiosks can be paired (before
 * the point opens, or the day before one of its days): a kiosk paired or confirmed on another
 * officer's console, another officer opening the point, the pairing window closing, show without a
 * reload. A closed day's counts are final, and a point with no voting left has nothing coming.
 */
const livePolls = (m: LiveModel): boolean =>
  m.status === "open" || m.status === "paused" || m.pairing !== null;

/**
 * The live panel redrawn (a poll's answer, or out of band after an action), with the pairing card's
 * changing part out of band beside it while the page has that card: the card then says what
 * happened since it was drawn (a kiosk paired, the window closed) instead of the state of then.
 */
export function LiveRedraw({
  m,
  oob = false,
  rendered,
}: {
  m: LiveModel;
  oob?: boolean;
  rendered?: { body: string; version: string };
}) {
  return (
    <>
      <LivePanel m={m} oob={oob} rendered={rendered} />
      {m.pairing ? <PairStatus m={m} pairing={m.pairing} oob /> : null}
    </>
  );
}

/** The panel's content (inside #live): what its version is a hash of. */
function LiveBody({ m }: { m: LiveModel }) {
  const closed = m.status === "closed";
  // No voting today: no day's counts to show (a row of zeros would read as a day under way), only
  // the kiosks, at rest.
  if (m.noVotingToday) {
    return (
      <>
        <h2 id="live-title">Máy ghi phiếu</h2>
        <KioskStrip m={m} />
      </>
    );
  }
  return (
    <>
      <h2 id="live-title">
        {closed ? "Số liệu cuối ngày" : "Số liệu trong ngày"}
        {/* Another officer's pause shows here too: the panel is what every console redraws. */}
        {m.status === "paused" ? (
          <>
            {" "}
            <span class="badge" data-live-paused>
              đang tạm dừng
            </span>
          </>
        ) : null}
      </h2>
      <LiveCounts m={m} />
      {m.lost.lost > m.lost.reissued ? (
        closed ? (
          // "Phát lại phiếu" is refused once the day is closed: said as what happened, nothing to press.
          <p class="alert alert-warn compact" role="status">
            Trong ngày, máy chủ khởi động lại và {formatCount(m.lost.lost - m.lost.reissued)} phiếu đã phát bị
            mất, không được phát lại: các phiếu đó tính là phát ra nhưng không thu về, và đã ghi vào mục Sự cố
            của biên bản.
          </p>
        ) : (
          <p class="alert alert-error" role="alert">
            Máy chủ vừa khởi động lại: {formatCount(m.lost.lost)} phiếu đã phát nhưng chưa gửi đã bị mất
            (phiếu chưa được ghi). Nếu cử tri đã nhận phiếu đó còn đang chờ, bấm “Phát lại phiếu” ở một máy
            trống; còn được phát lại {formatCount(m.lost.lost - m.lost.reissued)} phiếu. Mỗi lần phát lại được
            ghi vào nhật ký.
          </p>
        )
      ) : null}
      {closed ? (
        <FastCastAlert kiosks={m.kiosks} dayOver>
          Ngày đã kết thúc nên không còn gì phải bấm trên máy. Hệ thống đã tự ghi việc này vào mục Sự cố của
          biên bản; tổ công tác báo thêm với Ban Tổ chức điều đã thấy ở máy.
        </FastCastAlert>
      ) : (
        <FastCastAlert kiosks={m.kiosks}>
          Hãy đến xem máy đó ngay: ai đang đứng ở máy, máy có đúng là máy của điểm không. Nếu nghi ngờ, bấm
          “Tạm dừng” và báo Ban Tổ chức.
        </FastCastAlert>
      )}
      <KioskStrip m={m} />
    </>
  );
}

/**
 * The day's counts and the zero report, in a block of their own: the answer to a check-in replaces
 * this block and the one kiosk's tile out of band (what a check-in changes), not the whole panel.
 */
export function LiveCounts({ m, oob = false }: { m: LiveModel; oob?: boolean }) {
  const r = m.record;
  // A kiosk holding a ticket has a resident at it, whether or not it is answering right now.
  const busy = m.kiosks.filter((k) => k.hasTicket).length;
  return (
    <div id="live-counts" hx-swap-oob={oob ? "true" : undefined}>
      <div class="counts">
        <p>
          <span class="stat">{formatCount(r?.issued ?? 0)}</span> phiếu phát ra
        </p>
        <p>
          <span class="stat">{formatCount(r?.collected ?? 0)}</span> phiếu thu về
        </p>
        <p>
          <span class="stat">{formatCount(r?.voided ?? 0)}</span> không thu về
        </p>
        {/* No kiosk holds a ticket once the day is closed (the close is refused while one does). */}
        {m.status === "closed" ? null : (
          <p>
            <span class="stat">{formatCount(busy)}</span> máy có cử tri
          </p>
        )}
      </div>
      {m.status !== "closed" && r && r.issued === 0 && r.collected === 0 && r.voided === 0 ? (
        <p class="alert alert-ok compact" role="status">
          Báo cáo số 0 lúc mở điểm ({formatDateTime(r.openedAt)}): chưa phát phiếu nào, chưa thu về phiếu nào,
          hòm phiếu điện tử trống.
        </p>
      ) : null}
    </div>
  );
}

/**
 * The strip of kiosks, one compact tile each (state at a glance: colour, words, actions), and the
 * kiosks silent for more than a few minutes folded into one line with a one-click clean-up. The one
 * place the console draws kiosks, so that other marks (e.g. a badge) have one place to go. Once the
 * day is closed, or on a day the point does not vote, every paired kiosk is one tile at rest whose
 * only action is "Ngắt": no ballot can be handed out or cast, and the tablets are switched off (a
 * silent one is no news then); a kiosk still awaiting a second officer keeps "Xác nhận" / "Hủy kết
 * nối".
 */
export function KioskStrip({ m }: { m: LiveModel }) {
  if (m.status === "closed" || m.noVotingToday) {
    return (
      <div class="kiosk-strip">
        {/* With no voting today the panel's own title is "Máy ghi phiếu". */}
        {m.noVotingToday ? null : <h3>Máy ghi phiếu</h3>}
        {m.kiosks.length === 0 ? (
          <p class="muted">
            {m.pairing
              ? "Chưa kết nối máy nào: xem ô “Kết nối máy ghi phiếu”."
              : "Không có máy nào đang kết nối với điểm."}
          </p>
        ) : (
          <ul class="kiosks">
            {m.kiosks.map((k) =>
              k.status === "awaiting" ? <AwaitingKiosk k={k} m={m} /> : <RestingKiosk k={k} m={m} />,
            )}
          </ul>
        )}
        {m.noVotingToday && m.kiosks.length > 0 ? (
          <p class="hint" data-rest-note>
            {m.votingLeft
              ? "Hôm nay các máy không nhận phiếu: tắt máy cũng không sao, máy vẫn giữ kết nối với điểm."
              : "Điểm đã hết ngày lấy phiếu: các máy không còn việc gì ở điểm, có thể ngắt kết nối và tắt máy."}
          </p>
        ) : null}
      </div>
    );
  }
  const shown = m.kiosks.filter((k) => !k.silent);
  const silent = m.kiosks.filter((k) => k.silent);
  return (
    <div class="kiosk-strip">
      <h3>Máy ghi phiếu</h3>
      {m.kiosks.length === 0 ? (
        <p class="muted">Chưa kết nối máy nào: xem ô “Kết nối máy ghi phiếu”.</p>
      ) : null}
      {shown.length > 0 ? (
        <ul class="kiosks">
          {shown.map((k) =>
            k.status === "awaiting" ? <AwaitingKiosk k={k} m={m} /> : <KioskTile k={k} m={m} />,
          )}
        </ul>
      ) : null}
      {silent.length > 0 ? (
        <div class="silent-kiosks" data-silent-kiosks={silent.map((k) => k.label ?? "").join(",")}>
          <p>
            <strong>
              <KioskLabelsWhole text={silent.map(kioskName).join(", ")} />
            </strong>{" "}
            không liên lạc quá {KIOSK_SILENT_MINUTES} phút (máy đã tắt hoặc đã được kết nối lại với số khác).
          </p>
          <ActionButton
            action={paths.officer.cleanUpKiosks(m.point.id)}
            target="#kiosk-message"
            csrfToken={m.csrfToken}
            fields={{ may: silent.map((k) => k.id).join(",") }}
            label={silent.length === 1 ? "Gỡ máy này" : `Gỡ ${silent.length} máy này`}
            quiet
          />
        </div>
      ) : null}
    </div>
  );
}

/**
 * A kiosk at rest: its day is closed, or its point takes no ballot today (not its day, a day the
 * board left out). Its number and what its screen says, not "Sẵn sàng" nor "Mất kết nối": it
 * takes no ballot, and its tablet may well be switched off (silence is no news then). The one mark
 * worth keeping is that it sent ballots too fast during the closed day (for the minutes and the
 * board). "Ngắt": a point that votes again on a later day keeps its kiosks paired overnight, and a
 * tablet that should not be (lost, left in the hall, the wrong one) must be unpairable from here.
 * A ticket still held from a day left open past midnight can be voided ("Không thu về"): that
 * day's close waits for it.
 */
function RestingKiosk({ k, m }: { k: KioskRow; m: LiveModel }) {
  const closed = m.status === "closed";
  return (
    <li
      id={`kiosk-tile-${k.id}`}
      class="kiosk kiosk-ended"
      data-kiosk-id={k.id}
      data-ticket-ref={k.ticketRef ?? undefined}
      data-kiosk-rest={closed ? "closed" : "no-voting"}
    >
      <span class="kiosk-name">
        <span class="dot" aria-hidden="true" /> <strong>{kioskName(k)}</strong>
      </span>
      <span class="kiosk-state">{closed ? "Đã kết thúc ngày" : "Hôm nay không lấy phiếu"}</span>
      {closed && k.pace.alert ? <span class="badge">trong ngày gửi phiếu nhanh bất thường</span> : null}
      {k.hasTicket ? <span class="badge">còn giữ một phiếu chưa gửi</span> : null}
      <span class="kiosk-actions">
        {k.hasTicket ? <VoidButton k={k} m={m} /> : null}
        <UnpairButton k={k} m={m} />
      </span>
    </li>
  );
}

/**
 * "Ngắt": the kiosk forgets its point (asked on the page first). Once the point has no voting left
 * the question does not send the officer to pair the tablet again: pairing is refused then.
 */
function UnpairButton({ k, m }: { k: KioskRow; m: LiveModel }) {
  return (
    <ActionButton
      action={paths.officer.unpair(m.point.id, k.id)}
      target="#kiosk-message"
      csrfToken={m.csrfToken}
      label="Ngắt"
      ariaLabel={`Ngắt kết nối ${k.label}`}
      quiet
      confirm={
        <KioskLabelsWhole
          text={
            m.votingLeft
              ? `Ngắt kết nối ${k.label}? Muốn dùng lại máy này phải kết nối lại.`
              : `Ngắt kết nối ${k.label}? Điểm đã hết ngày lấy phiếu nên máy này không cần kết nối lại: sau khi ngắt, máy không còn thuộc điểm.`
          }
        />
      }
    />
  );
}

/** "Không thu về": the resident left the kiosk without sending; the ticket is voided. */
function VoidButton({ k, m }: { k: KioskRow; m: LiveModel }) {
  return (
    <ActionButton
      action={paths.officer.voidTicket(m.point.id, k.id)}
      target="#kiosk-message"
      csrfToken={m.csrfToken}
      fields={{ phieu: k.ticketRef ?? "" }}
      label="Không thu về"
      quiet
      confirm={
        <KioskLabelsWhole
          text={`Cử tri đã rời ${k.label} mà không gửi phiếu? Phiếu này sẽ bị hủy và tính là không thu về.`}
        />
      }
    />
  );
}

/**
 * One kiosk's tile: number, state, the marks that need the officer, and what can be done to it. It
 * carries the reference of the ticket it holds (`data-ticket-ref`), which the check-in's "Mời cử
 * tri đến Máy 1" is true for only while it is there (`HandedNotice`).
 */
export function KioskTile({ k, m, oob = false }: { k: KioskRow; m: LiveModel; oob?: boolean }) {
  if (m.status === "closed" || m.noVotingToday) return <RestingKiosk k={k} m={m} />;
  return (
    <li
      id={`kiosk-tile-${k.id}`}
      class={`kiosk kiosk-${k.status}`}
      data-kiosk-id={k.id}
      data-ticket-ref={k.ticketRef ?? undefined}
      hx-swap-oob={oob ? "true" : undefined}
    >
      <span class="kiosk-name">
        <span class="dot" aria-hidden="true" /> <strong>{k.label}</strong>
      </span>
      <span class="kiosk-state">{KIOSK_STATUS_LABELS[k.status]}</span>
      {k.status === "offline" ? <span class="badge badge-error">kiểm tra máy</span> : null}
      {k.pace.alert ? <span class="badge badge-error">gửi phiếu nhanh bất thường</span> : null}
      {k.attention ? (
        <span class="badge badge-error" data-attention role="status">
          Cử tri không trả lời trên máy: cần cán bộ đến xem
        </span>
      ) : null}
      <span class="kiosk-actions">
        {k.hasTicket ? <VoidButton k={k} m={m} /> : null}
        {!k.hasTicket && k.status !== "offline" && m.lost.lost > m.lost.reissued ? (
          <ActionButton
            action={paths.officer.reissue(m.point.id, k.id)}
            target="#kiosk-message"
            csrfToken={m.csrfToken}
            label="Phát lại phiếu"
            quiet
            confirm={
              <KioskLabelsWhole
                text={`Phát lại phiếu ở ${k.label} cho một cử tri đã nhận phiếu trước khi máy chủ khởi động lại, chưa gửi phiếu và đang có mặt?`}
              />
            }
          />
        ) : null}
        <UnpairButton k={k} m={m} />
      </span>
    </li>
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
      <span class="kiosk-name">
        <span class="dot" aria-hidden="true" /> <strong>{k.label}</strong>
      </span>
      <span class="kiosk-state">{KIOSK_STATUS_LABELS[k.status]}</span>
      <span class="muted">kết nối bởi {k.pairedByName ?? k.pairedBy ?? "—"}</span>
      {mine ? (
        <p class="hint">
          Cần một cán bộ khác của tổ xem <span class="nowrap">{k.label}</span> đang hiện “Chờ cán bộ thứ hai
          xác nhận” rồi bấm “Xác nhận” trên máy của mình.
        </p>
      ) : null}
      <span class="kiosk-actions">
        {mine ? null : (
          <ActionButton
            action={paths.officer.confirmKiosk(m.point.id, k.id)}
            target="#kiosk-message"
            csrfToken={m.csrfToken}
            label="Xác nhận"
            confirm={
              <KioskLabelsWhole
                text={`Bạn đã thấy ${k.label} của điểm mình đang hiện “Chờ cán bộ thứ hai xác nhận”? Xác nhận để máy bắt đầu nhận phiếu.`}
              />
            }
          />
        )}
        <ActionButton
          action={paths.officer.unpair(m.point.id, k.id)}
          target="#kiosk-message"
          csrfToken={m.csrfToken}
          label="Hủy kết nối"
          quiet
          confirm={<KioskLabelsWhole text={`Hủy kết nối ${k.label}?`} />}
        />
      </span>
    </li>
  );
}

/**
 * Messages from kiosk actions, outside the refreshed panel so they stay until the next action (a
 * ticket handed out clears it, out of band: "Đã hủy phiếu ở Máy 1…" stayed over later residents).
 */
export function KioskMessage({
  message,
  oob = false,
}: {
  message?: { kind: "ok" | "error"; text: string };
  oob?: boolean;
}) {
  return (
    <div id="kiosk-message" hx-swap-oob={oob ? "true" : undefined}>
      {message ? (
        <Notice kind={message.kind}>
          <KioskLabelsWhole text={message.text} />
        </Notice>
      ) : null}
    </div>
  );
}

/**
 * Where the tablets must go, in words and as a QR code (issue #14): the server's LAN address, never
 * 0.0.0.0; when the server listens on this machine only, what to do about it.
 */
export function KioskAddressPanel({ address }: { address: KioskAddress }) {
  const first = address.urls[0];
  if (!first) {
    return (
      <div class="kiosk-address" data-kiosk-url="">
        <p class="alert alert-warn compact">
          Máy chủ đang chỉ nhận kết nối từ chính máy này, nên máy tính bảng chưa mở được trang ghi phiếu.
          Người quản trị khởi động lại máy chủ với <code>HOST=0.0.0.0</code> (mọi máy trong mạng của điểm) rồi
          tải lại trang này để thấy địa chỉ. Trên chính máy này:{" "}
          <code>
            <BreakableUrl url={address.local} />
          </code>
        </p>
      </div>
    );
  }
  return (
    <div class="kiosk-address" data-kiosk-url={first}>
      <figure class="qr" aria-hidden="true">
        {raw(qrSvg(first))}
      </figure>
      <div>
        <p class="kiosk-address-label">Trên máy tính bảng, mở trình duyệt và vào địa chỉ (hoặc quét mã):</p>
        <p class="kiosk-url">
          <code>
            <BreakableUrl url={first} />
          </code>
        </p>
        {address.urls.length > 1 ? (
          <p class="hint">
            Nếu không mở được, thử:{" "}
            {address.urls.slice(1).map((u, i) => (
              <>
                {i > 0 ? ", " : ""}
                <code>
                  <BreakableUrl url={u} />
                </code>
              </>
            ))}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * An address that may wrap only where a person copying it would expect, after "://", a ":" or a
 * "/" (`<wbr>`), never inside a word: "http://192.0.2.2:3591/kio" + "sk" on two lines was typed as
 * "kio" (newcomer trial). The text copied is the address, unchanged.
 */
function BreakableUrl({ url }: { url: string }) {
  const scheme = /^[a-z]+:\/\//i.exec(url)?.[0] ?? "";
  const parts = url.slice(scheme.length).split(/(?<=[:/])/);
  return (
    <>
      {scheme}
      {parts.map((part) => (
        <>
          <wbr />
          {part}
        </>
      ))}
    </>
  );
}

/**
 * The answer to the last pairing action when it was refused (the window not opened, a code
 * refused), always present (empty without one) so that a later answer can clear it out of band:
 * after the first "Phát phiếu" it is news the officer has moved past. The window opened and a kiosk
 * paired are said by `PairStatus` alone, which stays true.
 */
export function PairMessage(props: { message?: { kind: "ok" | "error"; text: string }; oob?: boolean }) {
  return (
    <div id="pair-message" hx-swap-oob={props.oob ? "true" : undefined}>
      {props.message ? (
        <Notice kind={props.message.kind}>
          <KioskLabelsWhole text={props.message.text} />
        </Notice>
      ) : null}
    </div>
  );
}

/**
 * Pairing a new kiosk, outside the refreshed panel: the kiosk address with its QR code, then
 * "Kết nối máy mới" opens the point's pairing window for a few minutes (only then do new kiosks
 * show a code), then the officer types the 8-digit code (`PairStatus`, which the live panel's
 * redraws bring up to date).
 */
export function PairForm(props: {
  m: Pick<LiveModel, "point" | "csrfToken">;
  pairing: PairingModel;
  address: KioskAddress;
  message?: { kind: "ok" | "error"; text: string };
}) {
  return (
    <div id="pair-form">
      <h2>Kết nối máy ghi phiếu</h2>
      <PairMessage message={props.message} />
      {/* Side by side where the card is wide (leading the page), one above the other beside the search. */}
      <div class="pair-body">
        <KioskAddressPanel address={props.address} />
        <PairStatus m={props.m} pairing={props.pairing} />
      </div>
    </div>
  );
}

/**
 * Where pairing stands: the window open until when, the kiosks paired since it opened and whether
 * they still await a second officer (so that a tablet just paired is not left looking as if it were
 * still to be paired, nor as awaiting once confirmed) while that is news (two minutes, or while one
 * awaits: `pairedNews`; then how to pair another tablet, again), the code form while the window is
 * open, and the button that opens it. Redrawn out of band with the live panel (`LiveRedraw`), where
 * the code box is kept as it is (`hx-preserve`: a redraw must not wipe digits being typed) and the
 * news is not announced again; the answer to a pairing brings the box empty.
 */
export function PairStatus({
  m,
  pairing,
  oob = false,
}: {
  m: Pick<LiveModel, "point" | "csrfToken">;
  pairing: PairingModel;
  oob?: boolean;
}) {
  const { window, paired } = pairing;
  return (
    <div
      id="pair-status"
      data-window-open={window ? "1" : "0"}
      data-lead={pairing.lead ?? "none"}
      hx-swap-oob={oob ? "true" : undefined}
    >
      {window === null ? (
        <p class="muted">
          Bấm “Kết nối máy mới” khi máy tính bảng đã mở địa chỉ này: máy sẽ hiện mã 8 số để nhập vào đây. Kết
          nối mở trong 5 phút.
        </p>
      ) : paired.length === 0 ? (
        // The one place that says the window is open (its answer adds nothing beside it), and what to
        // do now; announced when the officer opened or extended it, not at each redraw.
        <p role={oob ? undefined : "status"} data-window-news>
          Đang mở kết nối đến <strong>{formatTime(window.closesAt)}</strong>. Máy tính bảng đã mở địa chỉ này
          sẽ hiện mã 8 số sau vài giây: nhập mã đó vào ô dưới đây.
        </p>
      ) : (
        <p class="alert alert-ok" role={oob ? undefined : "status"} data-paired-now={paired.at(-1)?.label}>
          <KioskLabelsWhole text={pairedNews(paired, pairing.kiosks)} />
        </p>
      )}
      {window ? (
        <HxForm
          action={paths.officer.pair(m.point.id)}
          target="#pair-form"
          csrfToken={m.csrfToken}
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
            hx-preserve={oob ? "true" : undefined}
          />
          <button type="submit" class="btn">
            Kết nối máy
          </button>
        </HxForm>
      ) : null}
      {/* Once a kiosk is paired, how long more can be, beside the button that extends it (one line
          where it fits: the card must stay on a laptop's first screen while a window is open). */}
      <div class="pair-extend">
        <ActionButton
          action={paths.officer.pairingWindow(m.point.id)}
          target="#pair-form"
          csrfToken={m.csrfToken}
          label={window ? "Mở thêm 5 phút" : "Kết nối máy mới"}
          quiet={window !== null}
        />
        {window && paired.length > 0 ? (
          <span data-window-until>
            Còn mở đến <strong>{formatTime(window.closesAt)}</strong>.
          </span>
        ) : null}
      </div>
    </div>
  );
}

/**
 * "Đã kết nối Máy 2. Điểm có 2 máy: Máy 1, Máy 2. …": the kiosk just paired first, by itself
 * (newcomer trial: "Đã kết nối Máy 1, Máy 2." did not say which tablet was the new one), then the
 * point's kiosks when it has others, then those paired in this window still to confirm.
 */
function pairedNews(paired: PairingModel["paired"], kiosks: readonly string[]): string {
  const news = [`Đã kết nối ${paired.at(-1)?.label ?? "máy"}.`];
  if (kiosks.length > 1) news.push(`Điểm có ${kiosks.length} máy: ${kiosks.join(", ")}.`);
  const mine = paired.filter((k) => k.awaiting && k.byMe).map((k) => k.label);
  const theirs = paired.filter((k) => k.awaiting && !k.byMe).map((k) => k.label);
  // The point's one kiosk awaits, or all of them do: not named once more in the same news.
  if (mine.length > 0) {
    const which =
      kiosks.length === 1 ? "Máy" : mine.length === kiosks.length ? "Các máy này" : mine.join(", ");
    news.push(`${which} chỉ nhận phiếu sau khi một cán bộ khác của tổ xác nhận máy ở ô “Máy ghi phiếu”.`);
  }
  // To the officer who can confirm, the words are theirs to act on (newcomer trial: they read the
  // pairing officer's "một cán bộ khác" as if someone else still had to come).
  if (theirs.length > 0) news.push(`Mời bạn xác nhận ${theirs.join(", ")} ở ô “Máy ghi phiếu”.`);
  return news.join(" ");
}

export type SearchModel = {
  point: Point;
  query: string;
  results: (StoredRosterEntry & { issued: boolean })[];
  /** More people match than are shown: the officer should type more. */
  more: boolean;
  idleKiosks: KioskRow[];
  /** Today's state of the point-day: "Phát phiếu" only while it is open. */
  status: PointDayStatus;
  /**
   * Why no ballot can be handed out now (`searchUnavailable`), or null while the point is open: the
   * search box is then drawn unavailable with this reason, and the server searches nothing.
   */
  unavailable: string | null;
  /**
   * A whole CCCD searched (typed, or the card's QR code scanned: `wholeCccdOf`) that is on no entry
   * here. With a card, `results` are this list's people of the card's name and birth year (their
   * number left blank or written otherwise), and `elsewhere` the point whose list holds the card's
   * number under its name, when nobody here matches by name.
   */
  notHere?: { cccd: string; card: boolean; elsewhere: { code: string; name: string } | null } | undefined;
  onePer: "resident" | "household";
  csrfToken: string;
  message?: { kind: "ok" | "error"; text: string };
  /** The message is "Đã phát phiếu cho X. Mời cử tri đến Máy 1.": the ticket it is about. */
  handed?: Handed | undefined;
  /** That line once its kiosk no longer holds the ticket ("Lượt trước: …"), on a page without script. */
  pastNotice?: string | undefined;
};

/**
 * A ticket just handed out, as the check-in's message names it: the kiosk, the reference of its
 * ticket (ticketRef, as its tile carries it), and the same news in the past tense.
 */
export type Handed = { kioskId: string; ticketRef: string; past: string };

/**
 * "Đã phát phiếu cho X. Mời cử tri đến Máy 1." is true while Máy 1 holds that ticket. Once the
 * resident has voted or the ticket was voided, the kiosk's tile no longer carries it and console.js
 * puts the line in the past ("Lượt trước: …"), so a tired officer does not send the next person to
 * a kiosk on the strength of an old line (newcomer trial). Said again on each redraw of the tiles.
 */
function HandedNotice({ text, handed }: { text: string; handed: Handed }) {
  return (
    <p
      class="alert alert-ok"
      role="status"
      data-handed-kiosk={handed.kioskId}
      data-handed-ticket={handed.ticketRef}
      data-handed-past={handed.past}
    >
      <KioskLabelsWhole text={text} />
    </p>
  );
}

/**
 * Why the check-in cannot lead to a ballot now, in one short sentence, or null while the point is
 * open (user trial: before opening, the search box looked ready, and names typed there led
 * nowhere). Before opening it says what to do; a point that cannot be opened today says so here
 * and why in the notice above the card.
 */
export function searchUnavailable(status: PointDayStatus, canOpen: boolean): string | null {
  switch (status) {
    case "open":
      return null;
    case "not_opened":
      return canOpen
        ? "Mở điểm để bắt đầu tìm cử tri và phát phiếu."
        : "Điểm chưa mở nên chưa tìm cử tri và phát phiếu được.";
    case "paused":
      return "Điểm đang tạm dừng: bấm “Tiếp tục” để tìm cử tri và phát phiếu tiếp.";
    case "closed":
      return "Điểm đã kết thúc ngày lấy phiếu: không phát phiếu nữa.";
  }
}

/**
 * The check-in card: the search box and its results. The box is focused when the page loads and
 * after every ticket (`autofocus` on the fresh copy an answer brings), but not while the pairing
 * card leads the page (no kiosk ready: focusing a box below that card would scroll it away).
 * Without script, the box is a GET form to the console page.
 */
export function CheckIn({ m, focus = true }: { m: SearchModel; focus?: boolean }) {
  return (
    <section id="checkin" class="card checkin" aria-label="Phát phiếu">
      <SearchForm m={m} focus={focus} />
      {m.message && m.handed ? (
        <HandedNotice text={m.message.text} handed={m.handed} />
      ) : m.message ? (
        <Notice kind={m.message.kind}>
          <KioskLabelsWhole text={m.message.text} />
        </Notice>
      ) : m.pastNotice ? (
        // As console.js puts the line in the past on a page with script.
        <p class="muted handed-past">
          <KioskLabelsWhole text={m.pastNotice} />
        </p>
      ) : null}
      <SearchResults m={m} />
    </section>
  );
}

/**
 * The search box, or, while no ballot can be handed out, the same box disabled with the one reason
 * under it. Sent out of band with the live panel when another officer opens, pauses or resumes the
 * point (routes/point-console.tsx `holdLive`), never with `autofocus` then: the officer may be
 * typing elsewhere (a kiosk's code).
 */
export function SearchForm({
  m,
  focus = false,
  oob = false,
}: {
  m: Pick<SearchModel, "point" | "query" | "results" | "unavailable">;
  focus?: boolean;
  oob?: boolean;
}) {
  const off = m.unavailable;
  return (
    <form
      id="search-form"
      method="get"
      action={paths.officer.point(m.point.id)}
      class="search-form"
      hx-swap-oob={oob ? "true" : undefined}
    >
      <label for="q">Tìm trong danh sách cử tri để phát phiếu</label>
      <input
        id="q"
        name="q"
        type="search"
        autocomplete="off"
        spellcheck={false}
        autofocus={focus && !off}
        disabled={off !== null}
        value={off ? "" : m.query}
        role="combobox"
        aria-controls="results"
        aria-expanded={!off && m.results.length > 0 ? "true" : "false"}
        aria-autocomplete="list"
        aria-describedby="q-hint"
        placeholder={off ? undefined : "Ví dụ: thuy 1980"}
        hx-get={off ? undefined : paths.officer.search(m.point.id)}
        hx-trigger={off ? undefined : "input changed delay:300ms, search"}
        hx-target={off ? undefined : "#results"}
        hx-swap={off ? undefined : "outerHTML"}
      />
      {off ? (
        <p class="search-off-reason" id="q-hint">
          {off}
        </p>
      ) : (
        <p class="hint" id="q-hint">
          Gõ vài chữ của tên (có dấu hoặc không), năm sinh, mã hộ hay mấy số CCCD, cách nhau bằng dấu cách:
          mọi điều đã gõ đều phải khớp; hoặc quét mã QR trên thẻ CCCD.{" "}
          {/* The keys are console.js's: without script the page does not promise them (console.css). */}
          <span class="needs-script">Phím ↓ ↑ để chọn người, Enter để phát phiếu.</span>
        </p>
      )}
    </form>
  );
}

/**
 * Roster search results at check-in, each with its status and the "Phát phiếu" action; while no
 * ballot can be handed out, the reason instead (the server searched nothing).
 */
/**
 * What the officer reads when a whole CCCD is on nobody of this list: never "on no list" (lists
 * may hold a resident without their number, or with a typing mistake), but where to look next.
 */
function NotOnListByNumber({ n, sameName }: { n: NonNullable<SearchModel["notHere"]>; sameName: boolean }) {
  return (
    <div class="not-here" data-not-here={n.cccd}>
      <p>
        Không có ai mang số CCCD <strong>{n.cccd}</strong> trong danh sách cử tri của điểm này.
      </p>
      {sameName ? (
        <p>
          Danh sách có người cùng họ tên và năm sinh với thẻ, nhưng số CCCD để trống hoặc ghi khác: xin đối
          chiếu thẻ với người trước khi phát phiếu.
        </p>
      ) : n.elsewhere ? (
        <p>
          Người này có tên ở <strong>{n.elsewhere.name}</strong>{" "}
          {/* A point's code ("HT-T1") is one word: broken at its hyphen it reads as two. */}
          <span class="nowrap">({n.elsewhere.code}):</span> mời cử tri đến điểm đó để lấy phiếu.
        </p>
      ) : n.card ? (
        <p class="muted">
          Cũng không có ai cùng họ tên và năm sinh với thẻ. Nếu người này nói có tên ở điểm này, xin tìm theo
          tên hoặc mã hộ.
        </p>
      ) : (
        <p class="muted">
          Danh sách có thể để trống hoặc ghi sai số CCCD: xin tìm theo họ tên và năm sinh của người này.
        </p>
      )}
    </div>
  );
}

export function SearchResults({ m, oob = false }: { m: SearchModel; oob?: boolean }) {
  // While every kiosk is taken, the list looks again every few seconds, so "Phát phiếu" appears as
  // soon as a kiosk is free without the officer searching again.
  const open = m.status === "open";
  const waiting = open && m.idleKiosks.length === 0 && m.results.some((e) => !e.issued);
  const again = `${paths.officer.search(m.point.id)}?q=${encodeURIComponent(m.query)}`;
  return (
    <div
      id="results"
      hx-get={waiting ? again : undefined}
      hx-trigger={waiting ? "every 5s" : undefined}
      hx-swap={waiting ? "outerHTML" : undefined}
      hx-swap-oob={oob ? "true" : undefined}
    >
      {m.unavailable && m.query.trim() ? <p class="muted">{m.unavailable}</p> : null}
      {!m.unavailable && m.notHere ? (
        <NotOnListByNumber n={m.notHere} sameName={m.results.length > 0} />
      ) : null}
      {!m.unavailable && !m.notHere && m.query.trim() && m.results.length === 0 ? (
        <p class="muted">Không tìm thấy ai với “{m.query}”.</p>
      ) : null}
      {m.more ? (
        <p class="muted">Còn nhiều người khớp hơn số đang hiện: xin gõ thêm họ tên, năm sinh hoặc số CCCD.</p>
      ) : null}
      {m.results.length > 0 ? (
        <table class="search-results">
          <thead>
            <tr>
              <th>Họ và tên</th>
              <th class="num">Năm sinh</th>
              <th>CCCD</th>
              <th>Mã hộ</th>
              <th>Phiếu</th>
            </tr>
          </thead>
          <tbody>
            {m.results.map((e) => {
              const pickable = !e.issued && open && m.idleKiosks.length > 0;
              return (
                <tr id={`r-${e.id}`} class="result" data-pick={pickable ? "1" : undefined}>
                  <td>
                    <strong>{e.fullName}</strong>
                    {e.relation ? <span class="muted"> ({e.relation})</span> : null}
                  </td>
                  <td class="num">{e.birthYear}</td>
                  <td class="nowrap">{e.cccd ? `…${e.cccd.slice(-4)}` : "—"}</td>
                  <td>{e.householdCode ?? "—"}</td>
                  <td>
                    {e.issued ? (
                      <span class="badge badge-ok">
                        {m.onePer === "household" ? "Hộ đã nhận phiếu" : "Đã nhận phiếu"}
                      </span>
                    ) : m.idleKiosks.length === 0 ? (
                      <span class="muted">Chưa có máy sẵn sàng</span>
                    ) : (
                      <IssueForm e={e} m={m} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/**
 * "Phát phiếu" for one resident: the button asks on the page, naming the resident, their birth year
 * and the kiosk ("Máy 2") the ticket goes to; with several free kiosks each is a button, the first
 * (focused: Enter) the lowest-numbered. The answer replaces the whole check-in card.
 */
function IssueForm({ e, m }: { e: StoredRosterEntry; m: SearchModel }) {
  const id = `issue-${e.id}`;
  const [first, ...others] = m.idleKiosks;
  return (
    <HxForm
      action={paths.officer.issue(m.point.id)}
      target="#checkin"
      csrfToken={m.csrfToken}
      class="issue-form"
    >
      <input type="hidden" name="entryId" value={String(e.id)} />
      <input type="hidden" name="q" value={m.query} />
      <button type="button" class="btn btn-small" popovertarget={id} data-pick-button>
        Phát phiếu
      </button>
      <div id={id} popover="auto" class="confirm-pop" role="dialog" aria-labelledby={`${id}-q`}>
        <p id={`${id}-q`} class="confirm-question">
          Phát phiếu cho <strong>{e.fullName}</strong>, sinh năm <strong>{e.birthYear}</strong>
          {first && others.length === 0 ? (
            <>
              , ở <strong class="nowrap">{first.label}</strong>?
            </>
          ) : (
            ", ở máy nào?"
          )}
        </p>
        <p class="hint">
          Đã đối chiếu giấy tờ của cử tri
          {e.cccd ? (
            <>
              {" "}
              <span class="nowrap">(CCCD …{e.cccd.slice(-4)})</span>
            </>
          ) : null}
          {/* A household code ("HQ-T1-052") is one word: broken at a hyphen it reads as two. */}
          {e.householdCode ? (
            <>
              , mã hộ <span class="nowrap">{e.householdCode}</span>
            </>
          ) : null}
          . Sau khi phát, mời cử tri đến đúng máy.
        </p>
        <div class="confirm-actions">
          {first ? (
            <button type="submit" name="kioskId" value={first.id} class="btn" autofocus>
              Phát phiếu ở <span class="nowrap">{first.label}</span>
            </button>
          ) : null}
          {others.map((k) => (
            <button type="submit" name="kioskId" value={k.id} class="btn btn-quiet">
              <span class="nowrap">{k.label}</span>
            </button>
          ))}
          <button type="button" class="btn btn-quiet" popovertarget={id} popovertargetaction="hide">
            Thôi
          </button>
        </div>
      </div>
    </HxForm>
  );
}

export type ConsoleModel = {
  point: Point;
  today: string;
  status: PointDayStatus;
  openRefusal: string | null;
  /** Today the point takes no ballot and will not (`noVotingOn`): the head says so, not "Chưa mở". */
  noVotingToday: boolean;
  live: LiveModel;
  search: SearchModel;
  kioskAddress: KioskAddress;
  /** Today's day once it is closed: when, and where its minutes stand (what is left to do). */
  closedDay: ClosedDayModel | null;
  /** The point's earlier days that still need the team: left open, or minutes not yet signed. */
  earlierDays: EarlierDay[];
  /** Today is not one of the point's days: each of its days, and the minutes of those past. */
  offDay: OffDayModel | null;
  isSample: boolean;
  csrfToken: string;
  message?: { kind: "ok" | "error"; text: string };
};

/** A day that is not the point's: its days, past ones with their minutes (null: none made). */
export type OffDayModel = {
  /**
   * Null on a day that is not the point's; on one of its days that takes no ballots after all (the
   * board left it out, the campaign is over), why — the refusal "Mở điểm lấy phiếu" would get.
   */
  whyNot: string | null;
  days: {
    day: string;
    past: boolean;
    isToday: boolean;
    status: PointDayStatus;
    /** The board left this point-day out of the totals. */
    excused: boolean;
    minutes: MinutesSignatures | null;
    /** Still needs the team (left open, minutes not signed enough): the note above leads to it. */
    inEarlierDays: boolean;
  }[];
};

/** Where a point-day's minutes stand, as the console says it: signatures only, never the tally. */

export type ClosedDayModel = {
  day: string;
  /** When "Kết thúc và kiểm phiếu" was done (null for a record without it). */
  closedAt: string | null;
  /** Null when the close left no minutes (a crash before the close became one transaction). */
  minutes: MinutesSignatures | null;
  /** The point's next voting day, if it has one. */
  nextDay: string | null;
  /** The board left the day out of the totals ("Không tính") after the close. */
  excused: boolean;
};

export type EarlierDay =
  | { day: string; state: "open" }
  | {
      day: string;
      state: "unsigned";
      minutes: MinutesSignatures | null;
      /** The board left the day out of the totals since ("Không tính"): said beside the signatures. */
      excused: boolean;
    };

/**
 * The point's name, its state today and what can be done to it (open, pause, resume, close). Sent
 * again, out of band, with each redraw of the live panel: another officer's pause or resume shows
 * on every console of the point, with the button that now applies.
 */
export function ConsoleHead({
  m,
  oob = false,
}: {
  m: Pick<
    ConsoleModel,
    "point" | "status" | "today" | "isSample" | "openRefusal" | "noVotingToday" | "csrfToken"
  >;
  oob?: boolean;
}) {
  return (
    <header class="console-head" id="console-head" hx-swap-oob={oob ? "true" : undefined}>
      <div>
        {/* With its code, as the officer's home and the board name it (HQ-T1 — Thôn 1, …). */}
        <h1 id="console-title">
          <span class="nowrap">{m.point.code}</span> — {m.point.name}
        </h1>
        <p class="console-status">
          {m.noVotingToday ? (
            // Not "Chưa mở": there is nothing to open today.
            <strong data-point-status={m.status} data-no-voting-today>
              Hôm nay ({formatDate(m.today)}) không lấy phiếu
            </strong>
          ) : (
            <>
              <strong data-point-status={m.status}>{POINT_STATUS_LABELS[m.status]}</strong> · Hôm nay{" "}
              {formatDate(m.today)}
            </>
          )}{" "}
          · Ngày lấy phiếu: {m.point.days.map(formatDate).join(", ")}
          {m.isSample ? <span class="badge"> dữ liệu mẫu, tên người giả định</span> : null}
        </p>
      </div>
      <div class="console-actions">
        {m.status === "not_opened" && m.openRefusal === null ? (
          <ActionButton
            action={paths.officer.open(m.point.id)}
            target="#console"
            csrfToken={m.csrfToken}
            fields={{ day: m.today }}
            label="Mở điểm lấy phiếu"
            confirm="Mở điểm lấy phiếu? Hệ thống sẽ lập báo cáo số 0: ghi nhận lúc mở, hòm phiếu điện tử còn trống, chưa phát phiếu nào."
          />
        ) : null}
        {m.status === "open" ? (
          <ActionButton
            action={paths.officer.pause(m.point.id)}
            target="#console"
            csrfToken={m.csrfToken}
            fields={{ day: m.today }}
            label="Tạm dừng"
            quiet
          />
        ) : null}
        {m.status === "paused" ? (
          <ActionButton
            action={paths.officer.resume(m.point.id)}
            target="#console"
            csrfToken={m.csrfToken}
            fields={{ day: m.today }}
            label="Tiếp tục"
          />
        ) : null}
        {m.status === "open" || m.status === "paused" ? (
          <a class="btn btn-small btn-quiet" href={paths.officer.close(m.point.id)}>
            Kết thúc và kiểm phiếu
          </a>
        ) : null}
      </div>
    </header>
  );
}

/**
 * What the console shows once today's day is closed, in place of the check-in and the pairing
 * (both useless now: "Phát phiếu" is refused, and no tablet has a ballot to take): that the day has
 * ended and when, and the one thing left, said plainly — the minutes to check and sign, or that they
 * are signed. The final counts stay on the page, in the live panel.
 */
export function ClosedDayCard({ m, pointId }: { m: ClosedDayModel; pointId: number }) {
  const minutesUrl = paths.officer.minutes(pointId, m.day);
  const s = m.minutes;
  return (
    <section id="day-closed" class="card day-closed" aria-labelledby="day-closed-title">
      <h2 id="day-closed-title">Đã kết thúc ngày lấy phiếu</h2>
      <p>
        {m.closedAt ? (
          <>
            Tổ công tác đã kết thúc và kiểm phiếu lúc <strong>{formatDateTime(m.closedAt)}</strong>.
          </>
        ) : (
          <>Tổ công tác đã kết thúc và kiểm phiếu ngày {formatDate(m.day)}.</>
        )}{" "}
        Từ đó không phát phiếu và không nhận phiếu nữa.
      </p>
      {m.excused ? (
        <p class="alert alert-warn" role="status" data-excused>
          Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp; lý do ghi ở trang biên bản.
        </p>
      ) : null}
      {s === null ? (
        <div class="next-step" data-next-step="make">
          <p>
            <strong>Việc còn lại: lập biên bản kiểm phiếu.</strong> Việc lập biên bản bị gián đoạn; mở biên
            bản và bấm “Lập biên bản”.
          </p>
          <p>
            <a class="btn" href={minutesUrl}>
              Mở biên bản kiểm phiếu
            </a>
          </p>
        </div>
      ) : s.complete ? (
        <div class="next-step next-step-done" data-next-step="done">
          <p>
            <strong>{signatureCount(s)}.</strong> Biên bản đã chuyển về Ban Tổ chức. Trong ngày không còn việc
            gì phải làm trên máy này; nếu cần, tải bản PDF để in và lưu hồ sơ.
          </p>
          <p class="form-actions">
            <a class="btn btn-quiet" href={minutesUrl}>
              Xem biên bản
            </a>
            <a class="btn btn-quiet" href={paths.officer.minutesPdf(pointId, m.day)}>
              Tải bản PDF
            </a>
          </p>
        </div>
      ) : (
        <div class="next-step" data-next-step="sign">
          <p>
            <strong>
              {!s.viewerInTeam
                ? "Việc còn lại: các thành viên tổ công tác ký biên bản."
                : s.viewerSigned
                  ? "Việc còn lại: các thành viên khác của tổ ký biên bản."
                  : "Việc còn lại: xem lại và ký biên bản kiểm phiếu."}
            </strong>{" "}
            <SignaturesLeft s={s} />
          </p>
          <p>
            <a class="btn" href={minutesUrl}>
              {s.canSign ? "Xem lại và ký biên bản" : "Xem biên bản"}
            </a>
          </p>
        </div>
      )}
      {m.nextDay ? <p class="muted">Ngày lấy phiếu tiếp theo của điểm: {formatDate(m.nextDay)}.</p> : null}
    </section>
  );
}

/**
 * Who still has to sign, in one sentence (the minutes page has the full list and the form), with
 * the count in the minutes page's words (`signatureCount`).
 */
function SignaturesLeft({ s }: { s: MinutesSignatures }) {
  return (
    <>
      {signatureCount(s)}.{" "}
      {!s.viewerInTeam
        ? "Bạn không có tên trong tổ công tác ghi ở biên bản này nên không ký biên bản này."
        : s.viewerSigned
          ? `Bạn đã ký; chưa ký: ${s.unsigned.join(", ")}.`
          : s.canSign
            ? "Bạn chưa ký: mỗi người ký bằng tài khoản và mật khẩu của mình."
            : // In the team, not signed, not complete, yet not to sign: the campaign is certified.
              "Kết quả đợt lấy phiếu đã được xác nhận: biên bản không ký thêm được."}
    </>
  );
}

/**
 * An earlier day of the point that still needs its team (a morning after): a day left open past
 * midnight ("Kết thúc và kiểm phiếu" closes it, late rather than never), minutes not yet signed by
 * enough officers. Without this the console of a new day gave no way back to them.
 */
function EarlierDays({ days, pointId }: { days: readonly EarlierDay[]; pointId: number }) {
  if (days.length === 0) return null;
  return (
    <div class="alert alert-warn" role="status" data-earlier-days>
      {days.map((d) =>
        d.state === "open" ? (
          <p>
            <strong>Ngày {formatDate(d.day)} chưa kết thúc.</strong> Kết thúc và kiểm phiếu ngày đó trước khi
            làm việc khác.{" "}
            <a class="btn btn-small" href={paths.officer.close(pointId)}>
              Kết thúc và kiểm phiếu
            </a>
          </p>
        ) : (
          <p>
            <strong>Biên bản kiểm phiếu ngày {formatDate(d.day)} chưa đủ chữ ký.</strong>{" "}
            {d.excused ? "Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp. " : null}
            {d.minutes ? <SignaturesLeft s={d.minutes} /> : "Biên bản chưa được lập."}{" "}
            <a class="btn btn-small" href={paths.officer.minutes(pointId, d.day)}>
              {d.minutes === null ? "Mở biên bản" : d.minutes.canSign ? "Xem lại và ký" : "Xem biên bản"}
            </a>
          </p>
        ),
      )}
    </div>
  );
}

/**
 * A day that is not the point's (the morning after its last day, or before its first): no check-in
 * (nobody can be handed a ballot), the point's days, and the minutes of the days past, each with
 * the way to it — but for a day that still needs the team, whose way is the note above the card
 * (`EarlierDays`, with who has still to sign): the page offers each thing to do once. Kiosks can
 * still be paired ahead of a day to come.
 */
function OffDayCard({ m, pointId }: { m: OffDayModel; pointId: number }) {
  return (
    <section class="card day-off" id="day-off" aria-labelledby="day-off-title">
      <h2 id="day-off-title">
        {m.whyNot
          ? "Hôm nay điểm không lấy phiếu"
          : m.days.every((d) => d.past)
            ? // Its last day is behind it: "not today" would suggest a day to come.
              "Điểm đã hết các ngày lấy phiếu"
            : "Hôm nay không phải ngày lấy phiếu của điểm"}
      </h2>
      {m.whyNot ? <p>{m.whyNot}</p> : null}
      <p>Không phát phiếu và không nhận phiếu trong ngày hôm nay. Các ngày lấy phiếu của điểm:</p>
      <ul>
        {m.days.map((d) => (
          <li
            data-off-day={d.day}
            data-excused={d.excused && d.past && d.status === "closed" ? "" : undefined}
          >
            Ngày {formatDate(d.day)}:{" "}
            {!d.past ? (
              // Today's own line (a day the board left out, shown on its morning) or a day to come.
              `${d.isToday ? "hôm nay" : "sắp tới"}${d.excused ? "; Ban Tổ chức đã quyết định không tính ngày này." : "."}`
            ) : d.status === "open" || d.status === "paused" ? (
              d.inEarlierDays ? (
                "chưa kết thúc."
              ) : (
                <>
                  chưa kết thúc: <a href={paths.officer.close(pointId)}>Kết thúc và kiểm phiếu</a>.
                </>
              )
            ) : d.status === "not_opened" ? (
              d.excused ? (
                "điểm không mở; Ban Tổ chức đã quyết định không tính ngày này."
              ) : (
                "điểm không mở."
              )
            ) : d.minutes === null ? (
              d.inEarlierDays ? (
                "đã kết thúc, chưa có biên bản."
              ) : (
                <>
                  đã kết thúc, chưa có biên bản:{" "}
                  <a href={paths.officer.minutes(pointId, d.day)}>Mở biên bản</a>.
                </>
              )
            ) : d.inEarlierDays ? (
              d.minutes.canSign ? (
                "biên bản chờ bạn ký."
              ) : (
                "biên bản chưa đủ chữ ký."
              )
            ) : (
              <>
                {d.minutes.complete
                  ? "biên bản đã đủ chữ ký. "
                  : d.minutes.canSign
                    ? "biên bản chờ bạn ký. "
                    : "biên bản chưa đủ chữ ký. "}
                <a href={paths.officer.minutes(pointId, d.day)}>
                  {d.minutes.canSign ? "Xem lại và ký biên bản" : "Xem biên bản"}
                </a>
              </>
            )}
            {d.excused && d.past && d.status === "closed"
              ? " Ban Tổ chức đã quyết định không tính ngày này."
              : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PointConsole({ m }: { m: ConsoleModel }) {
  return (
    <div id="console" class="console">
      <link rel="stylesheet" href={paths.assets.consoleCss} />
      <ConsoleHead m={m} />
      {m.message ? (
        <Notice kind={m.message.kind}>
          <KioskLabelsWhole text={m.message.text} />
        </Notice>
      ) : null}
      <EarlierDays days={m.earlierDays} pointId={m.point.id} />
      {m.status === "not_opened" && m.openRefusal && !m.offDay ? (
        <Notice kind="warn">{m.openRefusal}</Notice>
      ) : null}
      {/* Three areas (console.css): the day's main card, the side column (kiosk messages, live
          panel), and the pairing card, which the page places by its `data-lead` (`pairingLead`). */}
      <div class="console-grid">
        <div class="console-main">
          {m.closedDay ? (
            <ClosedDayCard m={m.closedDay} pointId={m.point.id} />
          ) : m.offDay ? (
            <OffDayCard m={m.offDay} pointId={m.point.id} />
          ) : (
            <CheckIn m={m.search} focus={m.live.pairing?.lead !== "main"} />
          )}
        </div>
        <div class="console-side">
          <KioskMessage />
          <LivePanel m={m.live} />
        </div>
        {m.live.pairing ? (
          <section class="card pair-card" aria-label="Kết nối máy ghi phiếu">
            <PairForm m={m.live} pairing={m.live.pairing} address={m.kioskAddress} />
          </section>
        ) : null}
      </div>
      <script src={paths.assets.consoleJs} defer />
    </div>
  );
}
