/** @jsxImportSource hono/jsx */

import type { Child } from "hono/jsx";
import { LEVEL_ICONS, LEVEL_TITLES, LEVELS, type Level } from "../server/domain/ballot.ts";
import type { Official } from "../server/domain/campaign.ts";
import { afterChoice, type BallotProgress, blankCodes, TEXT_SIZES } from "../server/domain/kiosk-ballot.ts";
import { displayPairingCode } from "../server/domain/pairing.ts";
import { paths } from "../server/http/paths.ts";
import { HELD_POLL } from "../server/http/polls.ts";
import {
  blankRowsGroup,
  blankRowsKeys,
  blankRowsWords,
  CHOSEN_WORDS,
  choiceHint,
  choiceHintKey,
  REVIEW_WORDS,
  SCREEN_WORDS,
} from "../server/speech/clips.ts";

/** htmx 4: a 5xx answer to a background poll is not swapped in (the attribute name is no JSX name). */
const NO_SWAP_ON_SERVER_ERROR = { "hx-status:5xx": "swap:none" };

/**
 * Asks every few seconds whether this ticket still stands: if the officer voided it, the answer is
 * the "phiếu đã bị hủy" screen; after a long quiet spell, the question "Bà con còn đang ghi phiếu
 * không?" (`asking`: this screen is that question, so it is not asked again).
 */
function StillValid({
  ticketId,
  asking = false,
  whilePaused = false,
}: {
  ticketId: string;
  asking?: boolean;
  /** The screen says the point is paused (a refused "Gửi phiếu"): redrawn without that once it resumes. */
  whilePaused?: boolean;
}) {
  // A server error on this background check must not replace the ballot the resident is filling in.
  return (
    <div
      hx-get={`${paths.kiosk.still}?t=${ticketId}${asking ? "&q=1" : ""}${whilePaused ? "&s=paused" : ""}`}
      hx-trigger="every 3s"
      hx-target="#kiosk"
      {...HELD_POLL}
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

/**
 * "Nghe hướng dẫn": plays the clips named by `keys` in order (space-separated clip keys; the player
 * is kiosk/assets/speech.js, the clips are made when the campaign is stamped). Same markup on every
 * resident screen, so the player needs nothing else from the page. `together`: clips the player
 * fetches with these whenever it fetches them, so the requests do not tell which of the set this
 * screen plays (the blank-row question's number, whose set depends on the ballot's length).
 */
export function SpeakButton({ keys, together }: { keys: string[]; together?: string[] }) {
  return (
    <button
      type="button"
      class="speak"
      data-speak={keys.join(" ")}
      data-speak-together={together ? together.join(" ") : undefined}
    >
      Nghe hướng dẫn
    </button>
  );
}

/** The clip key of one choice word ("level-high") or of a blank row ("level-blank"). */
const levelKey = (level: Level | undefined): string => `level-${level ?? "blank"}`;

/**
 * A form that changes the ballot in progress: htmx swaps the answer into the screen; without
 * script the browser posts and is sent back to /kiosk, which shows the same screen. `novalidate`:
 * no browser-native validation bubble anywhere on the kiosk (issue #13 §3).
 */
function BallotForm({
  action,
  ticketId,
  csrfToken,
  class: className,
  swapDelay,
  children,
}: {
  action: string;
  ticketId: string;
  /** Sent as a field too: without script the browser posts the form itself, with no htmx header. */
  csrfToken: string;
  class?: string;
  /** ms the chosen answer stays visible before the next screen replaces it. */
  swapDelay?: number;
  children?: Child;
}) {
  return (
    <form
      method="post"
      action={action}
      hx-post={action}
      hx-target="#kiosk"
      hx-swap={swapDelay ? `innerHTML swap:${swapDelay}ms` : undefined}
      hx-sync="this:drop"
      autocomplete="off"
      novalidate
      class={className}
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="t" value={ticketId} />
      {children}
    </form>
  );
}

/** How the resident sees the screen; carried by every ballot screen so kiosk.js can apply it to <html>. */
function displayAttributes(p: BallotProgress | null) {
  return { "data-text-size": String(p?.textSize ?? 0), "data-contrast": p?.highContrast ? "1" : "0" };
}

/**
 * Text size and contrast (issue #13 §4): large buttons whose label says the current state; each
 * press changes it for the rest of this ballot only (kept with the ballot in progress, so the
 * next resident starts with the default).
 */
function DisplayBar({
  ticketId,
  csrfToken,
  progress,
  kioskLabel,
}: {
  ticketId: string;
  csrfToken: string;
  progress: BallotProgress;
  kioskLabel: string;
}) {
  return (
    <div class="display-bar">
      <BallotForm action={paths.kiosk.display} ticketId={ticketId} csrfToken={csrfToken}>
        <button type="submit" name="doi" value="chu" class="mode-button">
          Cỡ chữ: <strong>{TEXT_SIZES[progress.textSize] ?? TEXT_SIZES[0]}</strong>
        </button>
      </BallotForm>
      <BallotForm action={paths.kiosk.display} ticketId={ticketId} csrfToken={csrfToken}>
        <button type="submit" name="doi" value="tuong-phan" class="mode-button">
          Tương phản: <strong>{progress.highContrast ? "Cao" : "Thường"}</strong>
        </button>
      </BallotForm>
      {kioskLabel ? <span class="bar-label kiosk-label">{kioskLabel}</span> : null}
    </div>
  );
}

/**
 * Where a paired kiosk's point stands today, for its idle screen: `voting` (its day, not yet
 * closed: residents are invited), `closed` (today's voting ended), `off` (not one of its days).
 */
export type IdleState = "voting" | "closed" | "off";

/** Idle: waits for the officer's "Phát phiếu"; asks the server about once a second. */
export function IdleScreen({
  pointName,
  kioskLabel,
  state = "voting",
}: {
  pointName: string;
  kioskLabel: string;
  /** Only while the point votes today does the screen invite residents to come and vote. */
  state?: IdleState;
}) {
  const voting = state === "voting";
  return (
    <section
      class="screen center idle"
      data-closed={state === "closed" ? "1" : undefined}
      data-idle-state={state}
      {...displayAttributes(null)}
      hx-get={voting ? paths.kiosk.wait : `${paths.kiosk.wait}?s=${state}`}
      hx-trigger={voting ? "every 1s" : "every 10s"}
      hx-target="#kiosk"
      {...HELD_POLL}
      {...NO_SWAP_ON_SERVER_ERROR}
    >
      <p class="idle-mark" aria-hidden="true">
        ☑
      </p>
      <h1 tabindex={-1}>
        {state === "closed"
          ? "Đã kết thúc lấy phiếu"
          : state === "off"
            ? "Hôm nay không lấy phiếu"
            : SCREEN_WORDS.waiting.heading}
      </h1>
      <p class="lead">
        {state === "closed"
          ? "Điểm đã kết thúc lấy phiếu hôm nay. Cảm ơn bà con."
          : state === "off"
            ? // True of every such day: not its day, a day the board left out, a campaign over.
              "Hôm nay điểm này không lấy phiếu. Cảm ơn bà con."
            : SCREEN_WORDS.waiting.lead}
      </p>
      {voting ? <SpeakButton keys={["waiting"]} /> : null}
      <p class="muted">
        {pointName} · <strong class="kiosk-label">{kioskLabel}</strong>
      </p>
    </section>
  );
}

export type BallotScreenProps = {
  ticketId: string;
  /** The page's CSRF token, in every form (a kiosk without script posts the forms themselves). */
  csrfToken: string;
  officials: Official[];
  progress: BallotProgress;
  kioskLabel: string;
  error?: string | undefined;
  /** `error` says the point is paused: the screen asks to be redrawn once it is not. */
  whilePaused?: boolean | undefined;
};

/** The ballot screen the resident is on: one official, the review, or the question about blank rows. */
export function CurrentBallotScreen(props: BallotScreenProps) {
  const step = props.progress.step;
  if (step.kind === "review") return <ReviewScreen {...props} />;
  if (step.kind === "blanks") return <BlankRowsScreen {...props} />;
  return <OfficialScreen {...props} index={step.index} />;
}

/**
 * One official per screen (issue #13 §1): "Người thứ 2 / 6", the name, the position, the three
 * choices as large buttons (colour, shape and text), "Quay lại" / "Tiếp" ("Để trống" before a
 * choice, "Xem lại phiếu" where a choice goes to the review). A choice is sent at once (kept in
 * memory under the ticket) and stays visibly chosen for a moment before the next screen.
 * Buttons rather than radio buttons: arrow keys on a radio group would choose while moving.
 */
export function OfficialScreen({ index, ...props }: BallotScreenProps & { index: number }) {
  const { ticketId, csrfToken, officials, progress, kioskLabel, error, whilePaused } = props;
  const official = officials[index];
  if (!official) return <ReviewScreen {...props} />;
  const total = officials.length;
  const position = index + 1;
  const chosen = progress.marks[official.code];
  // Where a choice goes from here: the line under the choices and the spoken guidance say it, and
  // "Tiếp" becomes "Xem lại phiếu" where it goes to the review.
  const after = afterChoice(progress, index, total);
  const toReview = after !== "next";
  const speak = [
    ...(index === 0 ? ["instruction"] : []),
    `official-${official.code}`,
    "choices",
    ...(chosen ? ["chosen", levelKey(chosen)] : []),
    choiceHintKey(after, chosen !== undefined),
  ];
  // Quiet before a choice (moving on leaves the official blank), the main button after one; kiosk.js
  // makes it the main button, with `data-chosen-label`, the moment a choice is pressed.
  const nextClass = `big-button next-button ${chosen ? "primary" : "quiet"}`;
  return (
    <section
      class="screen ballot-screen"
      data-screen="official"
      data-ticket-id={ticketId}
      {...displayAttributes(progress)}
    >
      <StillValid ticketId={ticketId} whilePaused={whilePaused === true} />
      <div class="screen-main">
        <div class="screen-head">
          <h1 tabindex={-1} id="official-title">
            <span class="step">
              Người thứ {position} / {total}
            </span>
            <span class="name">{official.name}</span>
          </h1>
          <SpeakButton keys={speak} />
        </div>
        <p class="position">{official.position}</p>
        <KioskAlert text={error} />
        <BallotForm
          action={paths.kiosk.choose}
          ticketId={ticketId}
          csrfToken={csrfToken}
          class="choices-form"
          swapDelay={700}
        >
          <input type="hidden" name="o" value={official.code} />
          <fieldset class="choices" aria-labelledby="official-title">
            {LEVELS.map((level) => (
              <button
                type="submit"
                name="level"
                value={level}
                class={`choice choice-${level}`}
                aria-pressed={chosen === level ? "true" : "false"}
              >
                <span class="icon" aria-hidden="true">
                  {LEVEL_ICONS[level]}
                </span>
                <span class="text">{LEVEL_TITLES[level]}</span>
                <span class="chosen-mark" aria-hidden="true">
                  ✓ Đã chọn
                </span>
              </button>
            ))}
          </fieldset>
        </BallotForm>
        <p class="choice-hint">
          {/* What is chosen, in words (the clips `chosen` and the level's say the same); kiosk.js
              writes the new choice here the moment one is pressed. */}
          {chosen ? (
            <>
              {CHOSEN_WORDS} <strong data-chosen-word>{LEVEL_TITLES[chosen]}</strong>.{" "}
            </>
          ) : null}
          {choiceHint(after, chosen !== undefined)}
          <span class="keys-only">
            {" "}
            Bàn phím: <kbd>Tab</kbd> chuyển nút, <kbd>Enter</kbd> bấm nút.
          </span>
        </p>
      </div>
      <nav class="screen-nav" aria-label="Chuyển người">
        <BallotForm action={paths.kiosk.go} ticketId={ticketId} csrfToken={csrfToken}>
          <button
            type="submit"
            name="den"
            value={String(position - 1)}
            class="big-button quiet"
            disabled={position === 1}
          >
            ◀ Quay lại
          </button>
        </BallotForm>
        {toReview ? (
          <BallotForm action={paths.kiosk.review} ticketId={ticketId} csrfToken={csrfToken}>
            <button type="submit" class={nextClass} data-chosen-label="Xem lại phiếu ▶">
              Xem lại phiếu ▶
            </button>
          </BallotForm>
        ) : (
          <BallotForm action={paths.kiosk.go} ticketId={ticketId} csrfToken={csrfToken}>
            {/* Nothing chosen yet: moving on leaves this official blank, and the button says so (a
                resident who chose, saw the next official come by itself and pressed a big "Tiếp"
                skipped that one without knowing; newcomer trial). */}
            <button
              type="submit"
              name="den"
              value={String(position + 1)}
              class={nextClass}
              data-chosen-label="Tiếp ▶"
            >
              {chosen ? "Tiếp ▶" : "Để trống ▶"}
            </button>
          </BallotForm>
        )}
      </nav>
      <DisplayBar ticketId={ticketId} csrfToken={csrfToken} progress={progress} kioskLabel={kioskLabel} />
    </section>
  );
}

/** The marks as hidden fields of the cast form: what is cast is exactly what the review showed. */
function MarkFields({ officials, progress }: { officials: Official[]; progress: BallotProgress }) {
  return (
    <>
      {officials.map((o) => {
        const level = progress.marks[o.code];
        return level ? <input type="hidden" name={`m.${o.code}`} value={level} /> : null;
      })}
    </>
  );
}

/**
 * Every row once more (issue #13 §2), each with a large "Sửa" back to that official; rows left blank
 * stand out. The list scrolls; "Gửi phiếu" stays in view below it.
 */
export function ReviewScreen({
  ticketId,
  csrfToken,
  officials,
  progress,
  kioskLabel,
  error,
  whilePaused,
}: BallotScreenProps) {
  const blanks = blankCodes(
    progress,
    officials.map((o) => o.code),
  );
  const speak = [
    "review",
    ...officials.flatMap((o) => [`name-${o.code}`, levelKey(progress.marks[o.code])]),
    "review-send",
  ];
  return (
    <section
      class="screen review-screen"
      data-screen="review"
      data-ticket-id={ticketId}
      {...displayAttributes(progress)}
    >
      <StillValid ticketId={ticketId} whilePaused={whilePaused === true} />
      <div class="screen-head">
        <h1 tabindex={-1}>{REVIEW_WORDS.heading}</h1>
        <SpeakButton keys={speak} />
      </div>
      <p class="lead review-lead">
        {REVIEW_WORDS.change} {REVIEW_WORDS.send}
      </p>
      <KioskAlert text={error} />
      <div class="review-frame">
        <div class="review-scroll">
          <ol class="review-list">
            {officials.map((o, i) => {
              const level = progress.marks[o.code];
              return (
                <li class={level ? `review-row chosen-${level}` : "review-row blank"} data-official={o.code}>
                  <span class="row-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span class="who">
                    <span class="name">{o.name}</span>
                    <span class="position">{o.position}</span>
                  </span>
                  <span class="chosen">
                    {level ? (
                      <>
                        <span aria-hidden="true">{LEVEL_ICONS[level]}</span> {LEVEL_TITLES[level]}
                      </>
                    ) : (
                      <>
                        <span aria-hidden="true">⚠</span> Để trống
                      </>
                    )}
                  </span>
                  <BallotForm
                    action={paths.kiosk.edit}
                    ticketId={ticketId}
                    csrfToken={csrfToken}
                    class="edit-form"
                  >
                    <input type="hidden" name="o" value={o.code} />
                    <button type="submit" class="big-button quiet edit-button">
                      Sửa<span class="sr-only"> {o.name}</span>
                    </button>
                  </BallotForm>
                </li>
              );
            })}
          </ol>
        </div>
        {/* Shown by kiosk.js while rows are hidden below the list's edge (a resident must not send
            without knowing there are more names to check). It lies over the list's bottom edge,
            outside what scrolls: showing or hiding it moves no row. Inside the list, it left the
            layout when the list reached its end and the last "Sửa" jumped 59 px under the finger. */}
        <p class="more-below" data-more-below hidden>
          <span aria-hidden="true">▼</span> Còn người ở dưới: kéo danh sách lên để xem hết
        </p>
      </div>
      <BallotForm
        action={paths.kiosk.cast}
        ticketId={ticketId}
        csrfToken={csrfToken}
        class="screen-nav send-form"
      >
        <MarkFields officials={officials} progress={progress} />
        <p class="summary" data-summary>
          {/* The count is one piece, "Đã chọn 5/6 người": broken after "Đã chọn" on an upright tablet
              it left "5/6 người" on a line of its own (newcomer trial). The space before "· để trống
              1", outside both pieces, is where the line breaks when it must. */}
          <span class="keep">
            Đã chọn {officials.length - blanks.length}/{officials.length} người
          </span>
          {blanks.length > 0 ? (
            <>
              {" "}
              <strong class="blank-count keep">· để trống {blanks.length}</strong>
            </>
          ) : null}
          <span class="final-note">{REVIEW_WORDS.final}</span>
        </p>
        <button type="submit" class="big-button primary send">
          Gửi phiếu
        </button>
      </BallotForm>
      <DisplayBar ticketId={ticketId} csrfToken={csrfToken} progress={progress} kioskLabel={kioskLabel} />
    </section>
  );
}

/**
 * "Gửi phiếu" with rows left blank: asked on the page in large type (issue #13 §3), never a browser
 * bubble: how many, who, and what sending now means for them (a blank row is invalid for that
 * official only, QĐ 96), in the words of `blankRowsWords`, one or several, which its clips read
 * with the same number (in words). The button names every count's clip as fetched together.
 */
export function BlankRowsScreen(props: BallotScreenProps) {
  const { ticketId, csrfToken, officials, progress, kioskLabel, error, whilePaused } = props;
  const blanks = blankCodes(
    progress,
    officials.map((o) => o.code),
  );
  if (blanks.length === 0) return <ReviewScreen {...props} />;
  const names = officials.filter((o) => blanks.includes(o.code));
  const words = blankRowsWords(blanks.length);
  return (
    <section
      class="screen blanks-screen"
      data-screen="blanks"
      data-ticket-id={ticketId}
      {...displayAttributes(progress)}
    >
      <StillValid ticketId={ticketId} whilePaused={whilePaused === true} />
      <div class="screen-main">
        <div class="screen-head">
          <h1 tabindex={-1} class="question" data-blank-question>
            {words.question}
          </h1>
          <SpeakButton keys={blankRowsKeys(blanks.length)} together={blankRowsGroup(officials.length)} />
        </div>
        <ul class="blank-names">
          {names.map((o) => (
            <li>
              <span aria-hidden="true">⚠</span> {o.name}
            </li>
          ))}
        </ul>
        <p class="lead" data-blank-meaning>
          {words.meaning}
        </p>
        <KioskAlert text={error} />
      </div>
      <div class="screen-nav question-answers">
        <BallotForm action={paths.kiosk.edit} ticketId={ticketId} csrfToken={csrfToken}>
          <input type="hidden" name="o" value={blanks[0] ?? ""} />
          <button type="submit" class="big-button quiet">
            {words.back}
          </button>
        </BallotForm>
        <BallotForm action={paths.kiosk.cast} ticketId={ticketId} csrfToken={csrfToken}>
          <MarkFields officials={officials} progress={progress} />
          <input type="hidden" name="confirmBlank" value="1" />
          <button type="submit" class="big-button primary">
            {words.send}
          </button>
        </BallotForm>
      </div>
      <DisplayBar ticketId={ticketId} csrfToken={csrfToken} progress={progress} kioskLabel={kioskLabel} />
    </section>
  );
}

/**
 * No touch for the campaign's idle time (issue #13 §7): the kiosk asks. Answering brings back the
 * screen the resident was on; with no answer the officer console shows that the kiosk needs an
 * officer. Nothing is cast or voided by itself.
 */
export function StillVotingScreen({
  ticketId,
  csrfToken,
  progress,
}: {
  ticketId: string;
  csrfToken: string;
  progress: BallotProgress;
}) {
  return (
    <section
      class="screen center still-voting"
      data-screen="idle-question"
      data-ticket-id={ticketId}
      {...displayAttributes(progress)}
    >
      <StillValid ticketId={ticketId} asking />
      <h1 tabindex={-1}>{SCREEN_WORDS.idle.heading}</h1>
      <p class="lead">{SCREEN_WORDS.idle.lead}</p>
      <BallotForm
        action={paths.kiosk.present}
        ticketId={ticketId}
        csrfToken={csrfToken}
        class="question-answers"
      >
        <button type="submit" class="big-button primary">
          {SCREEN_WORDS.idle.answer}
        </button>
      </BallotForm>
      <SpeakButton keys={["idle"]} />
    </section>
  );
}

/** After the commit only: the ballot is recorded; back to idle after a few seconds (kiosk.js). */
export function ThanksScreen() {
  return (
    <section class="screen center thanks" data-reset-after="6" {...displayAttributes(null)}>
      <p class="idle-mark" aria-hidden="true">
        ✓
      </p>
      <h1 tabindex={-1}>{SCREEN_WORDS.done.heading}</h1>
      <p class="lead">{SCREEN_WORDS.done.lead}</p>
      <SpeakButton keys={["done"]} />
    </section>
  );
}

/**
 * The officer voided the ticket ("không thu về"): said plainly, then back to the idle screen. A void
 * is final (issued, not collected; the resident stays checked in), so no new ballot is promised:
 * a resident who had not finished asks the team to write it into the minutes' incidents.
 */
export function VoidedScreen() {
  return (
    <section
      class="screen center voided"
      data-reset-after="12"
      data-screen="voided"
      {...displayAttributes(null)}
    >
      <p class="idle-mark" aria-hidden="true">
        ✕
      </p>
      <h1 tabindex={-1}>{SCREEN_WORDS.voided.heading}</h1>
      <p class="lead">{SCREEN_WORDS.voided.lead}</p>
      <SpeakButton keys={["voided"]} />
    </section>
  );
}

/** A refusal the resident can understand, and what to do. */
export function KioskMessage({
  title,
  message,
  resetAfter = 10,
}: {
  title: string;
  message: string;
  /** Seconds before the kiosk goes back to a fresh /kiosk by itself (kiosk.js). */
  resetAfter?: number;
}) {
  return (
    <section class="screen center" data-reset-after={String(resetAfter)} {...displayAttributes(null)}>
      <h1 tabindex={-1}>{title}</h1>
      <p class="kiosk-alert" role="alert">
        {message}
      </p>
    </section>
  );
}
