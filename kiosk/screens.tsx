/** @jsxImportSource hono/jsx */

import { LEVEL_ICONS, LEVEL_TITLES, LEVELS, type Marks } from "../server/domain/ballot.ts";
import type { Official } from "../server/domain/campaign.ts";
import { displayPairingCode } from "../server/domain/pairing.ts";
import { paths } from "../server/http/paths.ts";

/** htmx 4: a 5xx answer to a background poll is not swapped in (the attribute name is no JSX name). */
const NO_SWAP_ON_SERVER_ERROR = { "hx-status:5xx": "swap:none" };

/** Asks every few seconds whether this ticket still stands: if the officer voided it (the resident
 * left), the answer is the idle screen and the kiosk resets. */
function StillValid({ ticketId }: { ticketId: string }) {
  // A server error on this background check must not replace the ballot the resident is filling in.
  return (
    <div
      hx-get={`${paths.kiosk.still}?t=${ticketId}`}
      hx-trigger="every 3s"
      hx-target="#kiosk"
      {...NO_SWAP_ON_SERVER_ERROR}
    />
  );
}

/** A message the resident must see, in large type; nothing when there is none. */
function KioskAlert({ text }: { text?: string | undefined }) {
  return text ? (
    <p class="kiosk-alert" role="alert">
      {text}
    </p>
  ) : null;
}

/**
 * Asks every two seconds whether what this screen shows still holds (`key`, server/domain/pairing.ts
 * `pairingStepKey`): 204 while it does; otherwise the server sends the kiosk back to /kiosk.
 */
function PairingPoll({ stepKey }: { stepKey: string }) {
  return (
    <div
      hx-get={`${paths.kiosk.pairing}?s=${encodeURIComponent(stepKey)}`}
      hx-trigger="every 2s"
      hx-swap="none"
      {...NO_SWAP_ON_SERVER_ERROR}
    />
  );
}

/** No pairing window is open: nothing is created, the kiosk waits for an officer. */
export function WaitForWindowScreen() {
  return (
    <section class="screen center" data-pairing-step="wait">
      <PairingPoll stepKey="wait" />
      <h1>Chờ tổ công tác mở kết nối</h1>
      <p class="lead">
        Máy ghi phiếu chưa được kết nối. Cán bộ tổ công tác bấm <strong>“Kết nối máy mới”</strong> trên máy
        của tổ; mã kết nối sẽ hiện ở đây sau vài giây.
      </p>
    </section>
  );
}

/** Several points are pairing at once: the officer setting this kiosk up picks their own point. */
export function ChoosePointScreen({
  stepKey,
  points,
}: {
  stepKey: string;
  points: { id: number; code: string; name: string }[];
}) {
  return (
    <section class="screen center" data-pairing-step="choose">
      <PairingPoll stepKey={stepKey} />
      <h1>Máy này đặt ở điểm nào?</h1>
      <p class="lead">Cán bộ tổ công tác chọn đúng điểm lấy phiếu của mình để nhận mã kết nối:</p>
      <ul class="point-choices">
        {points.map((p) => (
          <li>
            <a
              class="big-button primary"
              href={`${paths.kiosk.home}?diem=${p.id}`}
              data-point-id={String(p.id)}
            >
              {p.name} ({p.code})
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Shown until an officer of the point types this code on the point console. When other points are
 * pairing too, the kiosk may have been given the wrong one: it can choose again (`choice`).
 */
export function PairingScreen({
  stepKey,
  code,
  pointName,
  choice,
}: {
  stepKey: string;
  code: string;
  pointName: string;
  choice: boolean;
}) {
  const shown = displayPairingCode(code);
  return (
    <section class="screen center" data-pairing-step="code">
      <PairingPoll stepKey={stepKey} />
      <h1>Máy ghi phiếu chưa được kết nối</h1>
      <p class="lead">
        Cán bộ tổ công tác của <strong>{pointName}</strong> nhập mã này trên máy của tổ:
      </p>
      <p class="pairing-code" data-pairing-code={code}>
        <span aria-hidden="true">{shown}</span>
        <span class="sr-only">Mã kết nối: {code.split("").join(" ")}</span>
      </p>
      <p class="muted">Mã có hiệu lực trong 5 phút; hết hạn thì máy tự hiện mã mới.</p>
      {choice ? (
        <p>
          <a class="big-button quiet choose-again" href={`${paths.kiosk.home}?chon=1`}>
            Máy không đặt ở {pointName}? Chọn lại điểm
          </a>
        </p>
      ) : null}
    </section>
  );
}

/**
 * Paired by one officer; a second officer of the point must confirm on their own screen (issue #9
 * §4). The label is large so that the second officer can see which kiosk they are confirming.
 */
export function AwaitingConfirmationScreen({ label, pointName }: { label: string; pointName: string }) {
  return (
    <section class="screen center" data-pairing-step="confirm">
      <PairingPoll stepKey="confirm" />
      <h1>Chờ cán bộ thứ hai xác nhận</h1>
      <p class="pairing-label kiosk-label">{label}</p>
      <p class="lead">
        Máy đã được kết nối với <strong>{pointName}</strong>. Một cán bộ khác của tổ công tác bấm{" "}
        <strong>“Xác nhận”</strong> cho {label} trên máy của mình; sau đó máy mới nhận phiếu.
      </p>
    </section>
  );
}

/** Idle: waits for the officer's "Phát phiếu"; asks the server about once a second. */
export function IdleScreen({
  pointName,
  kioskLabel,
  closed = false,
}: {
  pointName: string;
  kioskLabel: string;
  /** Today's voting at this point has ended: no more invitation to come and vote. */
  closed?: boolean;
}) {
  return (
    <section
      class="screen center idle"
      data-closed={closed ? "1" : undefined}
      hx-get={paths.kiosk.wait}
      hx-trigger={closed ? "every 10s" : "every 1s"}
      hx-target="#kiosk"
      {...NO_SWAP_ON_SERVER_ERROR}
    >
      <p class="idle-mark" aria-hidden="true">
        ☑
      </p>
      <h1 tabindex={-1}>{closed ? "Đã kết thúc lấy phiếu" : "Xin chào"}</h1>
      <p class="lead">
        {closed
          ? "Điểm đã kết thúc lấy phiếu hôm nay. Cảm ơn bà con."
          : "Xin mời bà con đến bàn tổ công tác để nhận phiếu."}
      </p>
      <p class="muted">
        {pointName} · <strong class="kiosk-label">{kioskLabel}</strong>
      </p>
    </section>
  );
}

type BallotProps = {
  ticketId: string;
  officials: Official[];
  marks?: Marks;
  error?: string;
  kioskLabel?: string;
};

/** The ballot: each official's name and position, three large choices, progress, review. */
export function BallotScreen({ ticketId, officials, marks = {}, error, kioskLabel }: BallotProps) {
  const total = officials.length;
  const done = officials.filter((o) => marks[o.code]).length;
  return (
    <section class="screen ballot">
      <StillValid ticketId={ticketId} />
      <h1 tabindex={-1}>Phiếu lấy ý kiến tín nhiệm</h1>
      {kioskLabel ? <p class="muted kiosk-label">{kioskLabel}</p> : null}
      <p class="lead">
        Với mỗi người dưới đây, xin chọn <strong>một</strong> trong ba ô. Phiếu kín: không ghi tên người ghi
        phiếu.
      </p>
      <KioskAlert text={error} />
      <form
        method="post"
        action={paths.kiosk.review}
        hx-post={paths.kiosk.review}
        hx-target="#kiosk"
        hx-sync="this:drop"
        autocomplete="off"
        class="ballot-form"
        data-ballot
        data-total={String(total)}
        data-ticket-id={ticketId}
      >
        <input type="hidden" name="t" value={ticketId} />
        {officials.map((o, i) => (
          <fieldset class="official" id={`o-${o.code}`}>
            <legend>
              <span class="number">{i + 1}.</span> <span class="name">{o.name}</span>
              <span class="position">{o.position}</span>
            </legend>
            <div class="choices">
              {LEVELS.map((level) => (
                <label class={`choice choice-${level}`}>
                  <input type="radio" name={`m.${o.code}`} value={level} checked={marks[o.code] === level} />
                  <span class="icon" aria-hidden="true">
                    {LEVEL_ICONS[level]}
                  </span>
                  <span class="text">{LEVEL_TITLES[level]}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div class="ballot-footer">
          <p class="progress" data-progress aria-live="polite">
            Đã đánh giá {done}/{total}
          </p>
          <button type="submit" class="big-button primary">
            Xem lại phiếu
          </button>
          <button type="button" class="big-button quiet" data-ask-restart aria-controls="restart-confirm">
            Làm lại
          </button>
        </div>
        {/* Asked on the page in large type, not in the browser's small dialog. */}
        <div
          class="restart-confirm"
          id="restart-confirm"
          role="alertdialog"
          aria-labelledby="restart-q"
          hidden
        >
          <p id="restart-q">Xóa hết lựa chọn và làm lại từ đầu?</p>
          <button type="button" class="big-button primary" hx-get={paths.kiosk.restart} hx-target="#kiosk">
            Có, làm lại
          </button>
          <button type="button" class="big-button quiet" data-keep-ballot>
            Không, giữ phiếu
          </button>
        </div>
      </form>
    </section>
  );
}

/** Every choice once more; blank rows highlighted, and leaving them blank must be confirmed. */
export function ReviewScreen({ ticketId, officials, marks, error }: BallotProps & { marks: Marks }) {
  const blanks = officials.filter((o) => !marks[o.code]);
  return (
    <section class="screen review">
      <StillValid ticketId={ticketId} />
      <h1 tabindex={-1}>Xem lại phiếu trước khi gửi</h1>
      <KioskAlert text={error} />
      <form
        method="post"
        action={paths.kiosk.cast}
        hx-post={paths.kiosk.cast}
        hx-target="#kiosk"
        hx-sync="this:drop"
        autocomplete="off"
        data-ticket-id={ticketId}
      >
        <input type="hidden" name="t" value={ticketId} />
        <ol class="review-list">
          {officials.map((o) => {
            const level = marks[o.code];
            return (
              <li class={level ? `review-row chosen-${level}` : "review-row blank"}>
                <span class="name">
                  {o.name} <span class="position">{o.position}</span>
                </span>
                <span class="chosen">
                  {level ? (
                    <>
                      <span aria-hidden="true">{LEVEL_ICONS[level]}</span> {LEVEL_TITLES[level]}
                    </>
                  ) : (
                    "Chưa chọn"
                  )}
                </span>
                {level ? <input type="hidden" name={`m.${o.code}`} value={level} /> : null}
              </li>
            );
          })}
        </ol>
        {blanks.length > 0 ? (
          <div class="blank-warning" role="alert">
            <p>
              Còn <strong>{blanks.length}</strong> người chưa được chọn. Dòng để trống được tính là{" "}
              <strong>không hợp lệ đối với người đó</strong> (các dòng khác vẫn được tính).
            </p>
            <label class="confirm">
              <input type="checkbox" name="confirmBlank" value="1" required /> Tôi muốn để trống những dòng
              này
            </label>
          </div>
        ) : null}
        <div class="ballot-footer">
          <button type="submit" class="big-button primary">
            Gửi phiếu
          </button>
          <button
            type="submit"
            class="big-button quiet"
            formaction={paths.kiosk.edit}
            hx-post={paths.kiosk.edit}
            hx-target="#kiosk"
            hx-sync="closest form:drop"
            formnovalidate
          >
            Sửa lại
          </button>
        </div>
      </form>
    </section>
  );
}

/** After the commit only: the ballot is recorded; back to idle after a few seconds (kiosk.js). */
export function ThanksScreen() {
  return (
    <section class="screen center thanks" data-reset-after="6">
      <p class="idle-mark" aria-hidden="true">
        ✓
      </p>
      <h1 tabindex={-1}>Phiếu của bà con đã được ghi nhận</h1>
      <p class="lead">Xin cảm ơn bà con.</p>
    </section>
  );
}

/** A refusal the resident can understand, and what to do. */
export function KioskMessage({ title, message }: { title: string; message: string }) {
  return (
    <section class="screen center" data-reset-after="10">
      <h1>{title}</h1>
      <p class="kiosk-alert" role="alert">
        {message}
      </p>
    </section>
  );
}
