/** @jsxImportSource hono/jsx */
import { LEVEL_TITLES, LEVELS } from "../server/domain/ballot.ts";
import { formatDate, formatDateTime } from "../server/domain/calendar.ts";
import { bandLabel, formatCount, formatPercent, isFlaggedBand } from "../server/domain/format.ts";
import { TYPED_AT_CLOSE } from "../server/domain/minutes.ts";
import type { MinutesDocument } from "../server/domain/minutes-document.ts";
import type { Check } from "../server/domain/tally.ts";
import type { RuleSet } from "../server/domain/threshold.ts";
import type { RosterUnit } from "../server/domain/voting.ts";
import { paths } from "../server/http/paths.ts";
import type { MinutesSignatures } from "../server/services/signers.ts";
import { ConfirmSubmit, confirmId, HxForm, Notice, signatureCount } from "./components.tsx";

export type CloseModel = {
  pointId: number;
  pointName: string;
  day: string;
  counts: {
    roster: number;
    /** What `roster` counts: residents, or households when one ballot per household. */
    rosterUnit: RosterUnit;
    issued: number;
    collected: number;
    voided: number;
    reissued: number;
    lost: number;
  };
  busyKiosks: string[];
  /** How many officers must sign (the campaign's setting), the Tổ trưởng among them. */
  requiredSigners: number;
  csrfToken: string;
  /** The incidents typed before a refused close (or brought back by "Xem lại"): shown, not retyped. */
  incidents: string;
  /** Binds `incidents` to this login for "Xem lại" (CLOSE_INCIDENTS_TAG_QUERY). */
  incidentsTag: string;
  error?: string;
};

/** The longest incidents text the close form takes (characters). */
export const INCIDENTS_MAX_CHARS = 5000;

/** The close page's query parameter that carries incidents typed before a refusal back to the form. */
export const CLOSE_INCIDENTS_QUERY = "su-co";

/**
 * Beside it, the server's tag of that text for this login: only text this officer typed comes back,
 * never text a link from elsewhere put in the address (it would go into the signed minutes).
 */
export const CLOSE_INCIDENTS_TAG_QUERY = "ma";

/** A figure with its caption, large enough to read across a desk. */
function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div class="stat-tile">
      <dt>{label}</dt>
      <dd class="stat">{value}</dd>
    </div>
  );
}

/**
 * A close refused because its page is stale (the day it showed was closed meanwhile, or is no longer
 * the day to close): what happened, and the ways back — never a close form for another day, which
 * one more click would confirm (a review found today's voting closed that way).
 */
export function CloseStale({
  pointId,
  message,
  minutesDay,
}: {
  pointId: number;
  message: string;
  /** The day the page showed, when it has minutes now (closed by another member). */
  minutesDay: string | null;
}) {
  return (
    <section class="card" id="close" aria-labelledby="close-title">
      <h1 id="close-title">Kết thúc và kiểm phiếu</h1>
      <Notice kind="error">{message}</Notice>
      <p class="form-actions">
        {minutesDay ? (
          <a class="btn" href={paths.officer.minutes(pointId, minutesDay)}>
            Xem biên bản ngày {formatDate(minutesDay)}
          </a>
        ) : null}
        <a class={minutesDay ? "btn btn-quiet" : "btn"} href={paths.officer.point(pointId)}>
          Về trang điểm
        </a>
      </p>
    </section>
  );
}

/**
 * "Kết thúc và kiểm phiếu": the day's counts and one large confirmation. While a kiosk holds a
 * ticket the button is replaced by what to do first (DESIGN §4 step 3).
 */
export function CloseConfirm({ m }: { m: CloseModel }) {
  const c = m.counts;
  const blocked = m.busyKiosks.length > 0;
  return (
    <section class="card" id="close" aria-labelledby="close-title">
      <h1 id="close-title">Kết thúc và kiểm phiếu</h1>
      <p class="lead">
        {m.pointName} · ngày {formatDate(m.day)}
      </p>
      {m.error ? <Notice kind="error">{m.error}</Notice> : null}
      <h2 class="sr-only">Số liệu trong ngày</h2>
      <dl class="stat-grid" data-counts>
        <Stat label={ROSTER_LABEL[c.rosterUnit]} value={formatCount(c.roster)} />
        <Stat label="Phiếu phát ra" value={formatCount(c.issued)} />
        <Stat label="Phiếu thu về" value={formatCount(c.collected)} />
        <Stat label="Phát ra nhưng không thu về" value={formatCount(c.voided)} />
        {c.lost > 0 || c.reissued > 0 ? (
          <>
            <Stat label="Phiếu bị mất khi máy chủ khởi động lại" value={formatCount(c.lost)} />
            <Stat label="Phiếu đã phát lại" value={formatCount(c.reissued)} />
          </>
        ) : null}
      </dl>
      {blocked ? (
        <div class="panel panel-warn" role="status">
          <h2>Chưa kết thúc được</h2>
          <p>
            <strong>{m.busyKiosks.join(", ")} đang có phiếu của cử tri.</strong> Hãy chờ cử tri gửi phiếu
            xong. Nếu cử tri đã rời đi, về trang điểm và bấm “Không thu về” ở máy đó, rồi quay lại đây.
          </p>
          {m.incidents ? (
            <>
              <label for="incidents-kept">
                Sự cố bạn đã gõ, chưa ghi vào biên bản. Khi máy đã trống, bấm “Xem lại”: sự cố vẫn còn trong
                ô.
              </label>
              <textarea id="incidents-kept" rows={2} readonly>
                {m.incidents}
              </textarea>
            </>
          ) : null}
          <form method="get" action={paths.officer.close(m.pointId)} class="form-actions">
            {m.incidents ? (
              <>
                <input type="hidden" name={CLOSE_INCIDENTS_QUERY} value={m.incidents} />
                <input type="hidden" name={CLOSE_INCIDENTS_TAG_QUERY} value={m.incidentsTag} />
              </>
            ) : null}
            <a class="btn" href={paths.officer.point(m.pointId)}>
              Về trang điểm
            </a>
            <button type="submit" class="btn btn-quiet">
              Xem lại
            </button>
          </form>
        </div>
      ) : (
        <div class="panel">
          <h2>Khi bấm “Kết thúc và kiểm phiếu”</h2>
          <ul class="steps">
            <li>
              Điểm <strong>ngừng phát phiếu và ngừng nhận phiếu</strong> trong ngày. Việc này không làm lại
              được.
            </li>
            <li>Hệ thống kiểm phiếu và lập biên bản kiểm phiếu.</li>
            <li>
              Sau đó ít nhất {m.requiredSigners} thành viên tổ công tác, trong đó có Tổ trưởng, ký biên bản
              bằng mật khẩu của mình.
            </li>
          </ul>
          <HxForm action={paths.officer.close(m.pointId)} target="#close" csrfToken={m.csrfToken}>
            {/* The day shown above: the server closes only that day (a stale page closes nothing). */}
            <input type="hidden" name="day" value={m.day} />
            <label for="incidents">Sự cố trong ngày (nếu có; mỗi sự cố một dòng, sẽ ghi vào biên bản)</label>
            <p class="hint" id="incidents-hint">
              Ghi việc đã xảy ra (máy nào, lúc nào), không ghi tên cử tri: biên bản có thể được công bố.
            </p>
            <textarea
              id="incidents"
              name="incidents"
              rows={2}
              maxlength={INCIDENTS_MAX_CHARS}
              aria-describedby="incidents-hint"
            >
              {m.incidents}
            </textarea>
            <div class="form-actions">
              <button type="submit" class="btn btn-large">
                Kết thúc và kiểm phiếu
              </button>
              <a class="btn btn-quiet" href={paths.officer.point(m.pointId)}>
                Chưa, quay lại trang điểm
              </a>
            </div>
          </HxForm>
        </div>
      )}
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
  /** Signatures the minutes need, one of them the Tổ trưởng's (services/minutes.ts). */
  requiredSigners: number;
  /** What the document's `counts.roster` counts (default "người"). */
  rosterUnit?: RosterUnit;
  /** The rule set's thresholds, so a campaign's own fractions are never captioned "quá nửa". */
  thresholds?: RuleSet["thresholds"];
  /** What the percentages are of, e.g. "tổng số phiếu thu về". */
  denominatorLabel?: string;
  /** The viewer's login when they are an officer of the point (their line says "bạn"). */
  viewer?: string;
  /** False when the viewer is not an officer of the point or has signed already. */
  canSign: boolean;
  /**
   * Where the minutes stand for the officer looking (services/signers.ts): why a member of the team
   * who has not signed is offered no form is said on the page, not only to a direct POST.
   */
  signatures?: MinutesSignatures | null;
  /** Where the downloads and the way back lead (officer or board pages). */
  links: { json: string; pdf: string; back: string; backLabel: string };
  /** The board's "Mở lại biên bản" form target, when the viewer is the board. */
  reopen?: string;
  /** The board left this point-day out of the totals ("Không tính"): its reason. */
  excusedReason?: string;
  /** The server's check over the signatures these minutes have now (board's view); null: none yet. */
  checked?: "verified" | "discrepant" | null;
  csrfToken: string;
  /** The answer to the last action, shown where it was done (the sign or the reopen form). */
  message?: { kind: "ok" | "error"; text: string; at: "sign" | "reopen" };
};

const LEADER = "Tổ trưởng";

/** "Trần Xuân Nam (Thư ký), Bùi Thế Hùng (Thành viên)". */
const namesOf = (officers: readonly { name: string; role: string }[]): string =>
  officers.map((o) => `${o.name} (${o.role})`).join(", ");

/** The count of the list, as its unit says (one ballot per resident, or per household). */
const ROSTER_LABEL: Readonly<Record<RosterUnit, string>> = {
  người: "Người trong danh sách",
  hộ: "Hộ trong danh sách",
};

function warningText(
  w: NonNullable<MinutesDocument["warnings"]>[number],
  d: MinutesDocument,
  unit: RosterUnit,
): string {
  if (w.kind === "small_point") {
    return `Điểm chỉ thu về ${formatCount(d.counts.collected)} phiếu, ít hơn ${formatCount(w.threshold)} phiếu: kết quả riêng của điểm có thể cho biết lựa chọn của từng người ghi phiếu. Cần cân nhắc khi công bố kết quả theo từng điểm.`;
  }
  const turnout = d.counts.roster > 0 ? `${formatPercent(d.counts.collected, d.counts.roster)}%` : "0%";
  return `Số phiếu thu về bằng ${turnout} số ${unit} trong danh sách, thấp hơn mức tối thiểu ${formatCount(w.minimumPercent)}% của đợt lấy phiếu. Đây là cảnh báo, không làm thay đổi kết quả kiểm phiếu.`;
}

/** The reconciliation at close (DESIGN §4 step 3): each check with a mark and a word, not colour alone. */
function CheckList({ checks }: { checks: readonly Check[] }) {
  return (
    <ul class="checks">
      {checks.map((c) => (
        <li class={c.ok ? "check-ok" : "check-failed"} data-check={c.id}>
          <span class="check-icon" aria-hidden="true">
            {c.ok ? "✓" : "✗"}
          </span>
          <div>
            <p class="check-label">
              <span class="check-verdict">{c.ok ? "Khớp" : "Không khớp"}:</span> {c.label}
            </p>
            <p class="check-detail">{c.detail}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Biên bản kiểm phiếu on screen: the same figures as the PDF, failed checks in red, signatures. */
export function MinutesView({ m }: { m: MinutesModel }) {
  const d = m.doc;
  const signed = new Set(d.signatures.map((s) => s.officer));
  const signedCount = d.officers.filter((o) => signed.has(o.code)).length;
  const leaderSigned = d.officers.some((o) => o.role === LEADER && signed.has(o.code));
  const unsigned = d.officers.filter((o) => !signed.has(o.code));
  const failed = m.checks.filter((c) => !c.ok);
  const viewerSigned = m.viewer !== undefined && signed.has(m.viewer);
  const isBoard = m.reopen !== undefined;
  const signMessage = m.message?.at === "sign" ? m.message : undefined;
  const reopenMessage = m.message?.at === "reopen" ? m.message : undefined;

  return (
    <section class="card" id="minutes" aria-labelledby="minutes-title" data-minutes-version={m.version}>
      <h1 id="minutes-title">Biên bản kiểm phiếu</h1>
      <p class="lead">
        {m.pointName} · ngày {formatDate(m.day)}
        {m.version > 1 ? ` · phiên bản ${m.version}` : ""}
      </p>

      {m.excusedReason !== undefined ? (
        <p class="alert alert-warn" role="status" data-excused>
          Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp (lý do: “{m.excusedReason}”).
          Biên bản vẫn được giữ; chữ ký của tổ công tác không đưa ngày này trở lại tổng hợp.
        </p>
      ) : null}

      {failed.length > 0 ? (
        <div class="status-line status-failed" role="alert">
          <span class="status-icon" aria-hidden="true">
            ✗
          </span>
          <div>
            <p class="status-title">{formatCount(failed.length)} nội dung đối chiếu không khớp</p>
            <p>
              Các số liệu không khớp được tô đỏ ở mục <a href="#checks">Đối chiếu số liệu</a> và đã ghi vào
              mục Sự cố của biên bản. Tổ công tác báo cáo {d.campaign.aggregator} để xem xét.
            </p>
          </div>
        </div>
      ) : null}

      <div
        class={m.complete ? "status-line status-ok" : "status-line status-wait"}
        role="status"
        data-signatures={signedCount}
      >
        <span class="status-icon" aria-hidden="true">
          {m.complete ? "✓" : "✎"}
        </span>
        <div>
          <p class="status-title">
            {/* The console and the officer's home say it in the same words (components.tsx). */}
            {signatureCount({ signed: signedCount, required: m.requiredSigners, leaderSigned })}
          </p>
          <p>
            {m.complete
              ? isBoard
                ? // The board reads its own copy: whether the server's check over these signatures held.
                  `Biên bản đã được ký số, không sửa được nữa. ${m.checked === "verified" ? "Đã kiểm tra tự động: khớp với khóa đã đăng ký và dữ liệu lưu trữ." : m.checked === "discrepant" ? "Kiểm tra tự động: CÓ SAI LỆCH (xem trang Kết quả)." : "Chưa kiểm tra với chữ ký hiện có: bấm “Kiểm tra tất cả” ở trang Kết quả."}`
                : "Biên bản đã được ký số, không sửa được nữa, và đã chuyển về Ban Tổ chức."
              : `Biên bản cần ${formatCount(m.requiredSigners)} chữ ký của thành viên tổ công tác, trong đó có chữ ký của Tổ trưởng.`}
          </p>
          {m.canSign ? (
            <p class="status-action">
              <a class="btn" href="#sign">
                Xem lại rồi ký biên bản ↓
              </a>
            </p>
          ) : null}
        </div>
      </div>
      <h2>Số phiếu</h2>
      <dl class="stat-grid">
        <Stat label={ROSTER_LABEL[m.rosterUnit ?? "người"]} value={formatCount(d.counts.roster)} />
        <Stat label="Phiếu phát ra" value={formatCount(d.counts.issued)} />
        <Stat label="Phiếu thu về" value={formatCount(d.counts.collected)} />
        <Stat label="Phát ra nhưng không thu về" value={formatCount(d.counts.notCollected)} />
      </dl>
      <p class="hint">
        Mở điểm lúc {formatDateTime(d.openedAt)} · kết thúc lúc {formatDateTime(d.closedAt)}
      </p>

      <h2>Kết quả kiểm phiếu</h2>
      <p class="hint">
        Tỉ lệ phần trăm tính trên {m.denominatorLabel ?? "tổng số phiếu thu về"}. Dòng không đánh dấu ô nào là
        phiếu không hợp lệ đối với người đó.
      </p>
      <div class="table-wrap">
        <table class="results">
          <thead>
            <tr>
              <th scope="col">Họ tên, chức vụ</th>
              {LEVELS.map((level) => (
                <th scope="col" class="num">
                  {LEVEL_TITLES[level]}
                </th>
              ))}
              <th scope="col" class="num">
                Không đánh dấu
              </th>
              <th scope="col">Mức phiếu tín nhiệm thấp</th>
            </tr>
          </thead>
          <tbody>
            {d.officials.map((o) => {
              const flagged = isFlaggedBand(o.band);
              return (
                <tr data-official={o.code} class={flagged ? "flagged" : undefined}>
                  <th scope="row">
                    {o.name}
                    <span class="position">{o.position}</span>
                  </th>
                  {LEVELS.map((level) => (
                    <td class="num">
                      {formatCount(o[level])}
                      <span class="percent">
                        {o.denominator > 0 ? `${formatPercent(o[level], o.denominator)}%` : "—"}
                      </span>
                    </td>
                  ))}
                  <td class="num">{formatCount(o.blank)}</td>
                  <td class={flagged ? "band band-flagged" : "band"}>
                    {flagged ? (
                      <span class="band-icon" aria-hidden="true">
                        ⚠{" "}
                      </span>
                    ) : null}
                    {bandLabel(o.band, m.thresholds)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">
        Kết quả tại điểm được cộng với các điểm khác trong biên bản tổng hợp; hệ quả theo quy định chỉ xác
        định trên kết quả tổng hợp.
      </p>

      <h2 id="checks">Đối chiếu số liệu</h2>
      {failed.length === 0 ? (
        <>
          <p class="check-summary check-summary-ok">
            <span class="check-icon" aria-hidden="true">
              ✓
            </span>
            Cả {formatCount(m.checks.length)} nội dung đối chiếu đều khớp.
          </p>
          <details class="more">
            <summary>Xem từng nội dung đối chiếu</summary>
            <CheckList checks={m.checks} />
          </details>
        </>
      ) : (
        <>
          <p class="check-summary check-summary-failed">
            <span class="check-icon" aria-hidden="true">
              ✗
            </span>
            {formatCount(failed.length)} trong {formatCount(m.checks.length)} nội dung đối chiếu không khớp.
          </p>
          <CheckList checks={m.checks} />
        </>
      )}
      {(d.warnings ?? []).map((w) => (
        <Notice kind="warn">
          <strong>Lưu ý: </strong>
          {warningText(w, d, m.rosterUnit ?? "người")}
        </Notice>
      ))}

      <h2>Sự cố</h2>
      {d.incidents.length > 0 ? (
        <ul class="incidents">
          {d.incidents.map((i) => (
            <li>
              {i.at ? (
                <span class="muted">
                  {/* Typed on the close page: the time it was written, not when it happened. */}
                  {i.code === TYPED_AT_CLOSE ? "Ghi khi kết thúc, " : ""}
                  {formatDateTime(i.at).slice(0, 5)} ·{" "}
                </span>
              ) : null}
              {i.message}
            </li>
          ))}
        </ul>
      ) : (
        <p>Không có sự cố.</p>
      )}

      <h2 id="signers">Chữ ký của tổ công tác</h2>
      <ul class="signers" data-signers>
        {d.officers.map((o) => {
          const has = signed.has(o.code);
          return (
            <li class={has ? "signer signer-done" : "signer"}>
              <span class="signer-name">
                {o.name}
                {o.code === m.viewer ? " (bạn)" : ""}
                <span class="position">{o.role}</span>
              </span>
              <span class={has ? "badge badge-ok" : "badge badge-plain"}>
                {has ? (
                  <>
                    <span aria-hidden="true">✓ </span>Đã ký
                  </>
                ) : (
                  "Chưa ký"
                )}
              </span>
            </li>
          );
        })}
      </ul>

      {signMessage?.kind === "error" && !m.canSign ? (
        // A refusal with no form to show it by (signed meanwhile on another device, say).
        <Notice kind="error">{signMessage.text}</Notice>
      ) : (
        <NoSignNote m={m} />
      )}
      {m.canSign ? (
        <div class="panel panel-sign" id="sign">
          <h2>Ký biên bản</h2>
          <p>
            Khi ký, bạn xác nhận các số liệu trên đúng với việc kiểm phiếu tại điểm. Hệ thống ký bằng khóa
            riêng của bạn; đã ký thì không rút lại được.
          </p>
          <HxForm
            action={paths.officer.minutesSign(m.pointId, m.day)}
            target="#minutes"
            csrfToken={m.csrfToken}
            class={signMessage?.kind === "error" ? "sign-form has-error" : "sign-form"}
          >
            {/* The version read: minutes reopened since are not signed on this click. */}
            <input type="hidden" name="version" value={String(m.version)} />
            <label for="sign-password">Mật khẩu của bạn</label>
            <p class="hint" id="sign-password-hint">
              Mật khẩu bạn dùng để đăng nhập.
            </p>
            {signMessage?.kind === "error" ? (
              <p class="field-error" id="sign-password-error" role="alert">
                <span aria-hidden="true">✗ </span>
                {signMessage.text}
              </p>
            ) : null}
            <div class="form-actions">
              <input
                id="sign-password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                autofocus={signMessage?.kind === "error"}
                aria-invalid={signMessage?.kind === "error" ? "true" : undefined}
                aria-describedby={
                  signMessage?.kind === "error"
                    ? "sign-password-hint sign-password-error"
                    : "sign-password-hint"
                }
              />
              <button type="submit" class="btn btn-large">
                Ký biên bản
              </button>
            </div>
          </HxForm>
        </div>
      ) : null}
      {signMessage?.kind === "ok" || (viewerSigned && !isBoard) ? (
        <div
          class={m.complete ? "panel panel-ok" : "panel"}
          id="next"
          tabindex={-1}
          autofocus={signMessage?.kind === "ok"}
          role={signMessage ? "status" : undefined}
        >
          <h2>
            <span aria-hidden="true">✓ </span>
            {signMessage?.kind === "ok" ? signMessage.text : "Bạn đã ký biên bản này."}
          </h2>
          {m.complete ? (
            <p>
              <strong>Biên bản đã đủ chữ ký.</strong> Việc còn lại: tải bản PDF để in và lưu hồ sơ.
            </p>
          ) : (
            <p>
              <strong>Biên bản cần thêm chữ ký.</strong> Việc tiếp theo:{" "}
              {leaderSigned ? "một thành viên khác" : "Tổ trưởng"} đăng nhập bằng tài khoản của mình (trên máy
              này sau khi bạn đăng xuất, hoặc trên máy khác), mở biên bản này và ký. Chưa ký:{" "}
              {namesOf(unsigned)}.
            </p>
          )}
        </div>
      ) : null}
      {!m.complete && !m.canSign && !viewerSigned && isBoard ? (
        <p class="hint">Biên bản đang chờ tổ công tác ký. Chưa ký: {namesOf(unsigned)}.</p>
      ) : null}

      <h2>Tải về</h2>
      <p class="form-actions">
        <a class="btn btn-quiet" href={m.links.pdf}>
          Tải bản PDF (để in)
        </a>
        <a class="btn btn-quiet" href={m.links.json}>
          Tải bản JSON (để kiểm tra độc lập)
        </a>
        {isBoard ? (
          // What `scripts/verify.ts --keys` reads: the officers' registered public keys.
          <a class="btn btn-quiet" href={paths.boardMinutes.keys}>
            Tải khóa công khai của cán bộ (JSON)
          </a>
        ) : null}
      </p>

      {m.reopen ? (
        <div class="panel panel-reopen" id="reopen">
          <h2>Mở lại biên bản</h2>
          {reopenMessage?.kind === "ok" ? (
            <p class="alert alert-ok" role="status" tabindex={-1} autofocus>
              {reopenMessage.text}
            </p>
          ) : null}
          <p>
            Chỉ mở lại khi biên bản có sai sót cần tổ công tác ký lại. Hệ thống lập phiên bản {m.version + 1}{" "}
            từ cùng các phiếu đã thu; phiên bản {m.version} được giữ nguyên, không bị xóa. Tổ công tác phải ký
            lại phiên bản mới.
          </p>
          <HxForm
            action={m.reopen}
            target="#minutes"
            csrfToken={m.csrfToken}
            class={reopenMessage?.kind === "error" ? "has-error" : undefined}
          >
            {/* What the page showed: the version and its signatures (minutes signed since are news). */}
            <input type="hidden" name="version" value={String(m.version)} />
            <input type="hidden" name="ky" value={String(d.signatures.length)} />
            <label for="reopen-reason">Lý do mở lại</label>
            <p class="hint" id="reopen-reason-hint">
              Ít nhất 10 ký tự. Lý do được ghi vào nhật ký hệ thống.
            </p>
            {reopenMessage?.kind === "error" ? (
              <p class="field-error" id="reopen-reason-error" role="alert">
                <span aria-hidden="true">✗ </span>
                {reopenMessage.text}
              </p>
            ) : null}
            <textarea
              id="reopen-reason"
              name="reason"
              rows={3}
              maxlength={2000}
              autofocus={reopenMessage?.kind === "error"}
              aria-invalid={reopenMessage?.kind === "error" ? "true" : undefined}
              aria-describedby={
                reopenMessage?.kind === "error"
                  ? "reopen-reason-hint reopen-reason-error"
                  : "reopen-reason-hint"
              }
            />
            <div class="form-actions">
              <ConfirmSubmit
                id={confirmId(m.reopen)}
                label="Mở lại biên bản"
                quiet
                question={`Mở lại biên bản? Phiên bản ${m.version} được giữ nguyên; tổ công tác phải ký lại phiên bản ${m.version + 1}.`}
              />
            </div>
          </HxForm>
        </div>
      ) : null}

      <p class="back-link">
        <a href={m.links.back}>← {m.links.backLabel}</a>
      </p>
    </section>
  );
}

/**
 * Why an officer of the point who has not signed is offered no sign form, said calmly where the form
 * would be, in the words signMinutes refuses with: the minutes have all the signatures they need
 * (complete minutes are final), the campaign's results are certified, or the officer is not in the
 * team the minutes list (assigned after the close).
 */
function NoSignNote({ m }: { m: MinutesModel }) {
  const s = m.signatures;
  if (!s || s.canSign || s.viewerSigned) return null;
  const why = !s.viewerInTeam ? "not_in_team" : s.complete ? "complete" : "certified";
  return (
    <div class="panel" id="sign" data-no-sign={why}>
      <h2>Ký biên bản</h2>
      {why === "complete" ? (
        <p>
          <strong>Bạn không cần ký biên bản này.</strong> {signatureCount(s)}. Biên bản đã chuyển về Ban Tổ
          chức nên không ký thêm được: mỗi chữ ký thêm sẽ làm đổi mã xác thực đã in trên biên bản.
        </p>
      ) : why === "certified" ? (
        <p>Kết quả đợt lấy phiếu đã được xác nhận: biên bản không ký thêm được.</p>
      ) : (
        <p>Bạn không có tên trong tổ công tác ghi ở biên bản này nên không ký biên bản này.</p>
      )}
    </div>
  );
}

/** A closed day whose minutes were not made (the server stopped between the two steps). */
export function MinutesMissing(props: { pointId: number; day: string; csrfToken: string }) {
  return (
    <section class="card" id="minutes" aria-labelledby="minutes-title">
      <h1 id="minutes-title">Biên bản kiểm phiếu ngày {formatDate(props.day)}</h1>
      <p>
        Điểm đã kết thúc ngày này nhưng biên bản chưa được lập (máy chủ dừng giữa chừng). Bấm để lập biên bản.
      </p>
      <HxForm
        action={paths.officer.minutesMake(props.pointId, props.day)}
        target="#minutes"
        csrfToken={props.csrfToken}
      >
        <button type="submit" class="btn">
          Lập biên bản kiểm phiếu
        </button>
      </HxForm>
    </section>
  );
}
