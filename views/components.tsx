/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { PointDayState } from "../server/domain/aggregate.ts";
import { formatCount } from "../server/domain/format.ts";
import { POINT_DAY_STATE_TEXT } from "../server/domain/progress.ts";
import { FAST_CAST, fastCastWarning, type KioskPace } from "../server/domain/voting.ts";
import { CsrfField } from "./layout.tsx";

type FieldProps = {
  name: string;
  label: string;
  value?: string | number | null;
  error?: string | undefined;
  hint?: string;
  type?: "text" | "number" | "date" | "password";
  required?: boolean;
  autocomplete?: string;
};

/**
 * Where minutes' signatures stand, in the one wording the console, the minutes page and the
 * officer's home page use (a sentence without its full stop): the members who signed, over the
 * signatures the campaign needs (never over the team's size, which differs: a tired officer read
 * "0/2 cần thiết" on one page and "2/3 thành viên đã ký" on the next), and whether the Tổ trưởng's
 * is among them. "Đủ chữ ký" only when the minutes are complete (`minutesComplete`: enough members,
 * the Tổ trưởng among them).
 */
export function signatureCount(s: { signed: number; required: number; leaderSigned: boolean }): string {
  const count = `${formatCount(s.signed)} chữ ký (cần ${formatCount(s.required)})`;
  return s.signed >= s.required && s.leaderSigned
    ? `Đủ chữ ký: ${count}, đã có chữ ký của Tổ trưởng`
    : `Đã ký: ${count}, ${s.leaderSigned ? "đã có" : "chưa có"} chữ ký của Tổ trưởng`;
}

/** A labelled input with its hint and its Vietnamese error right below it. */
export function Field({
  name,
  label,
  value,
  error,
  hint,
  type = "text",
  required,
  autocomplete,
}: FieldProps) {
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={value ?? ""}
        required={required}
        autocomplete={autocomplete ?? "off"}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Option = { value: string | number; label: string };

export function Select(props: {
  name: string;
  label: string;
  options: Option[];
  value?: string | number | null;
  error?: string | undefined;
  placeholder?: string;
}) {
  const { name, label, options, value, error, placeholder } = props;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={name}>{label}</label>
      <select id={name} name={name} aria-invalid={error ? "true" : undefined}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === String(value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? <p class="field-error">{error}</p> : null}
    </div>
  );
}

export function Checkboxes(props: {
  name: string;
  legend: string;
  options: Option[];
  checked: (string | number)[];
  error?: string | undefined;
}) {
  const checked = new Set(props.checked.map(String));
  return (
    <fieldset class={props.error ? "checks has-error" : "checks"}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label class="check">
          <input
            type="checkbox"
            name={props.name}
            value={String(o.value)}
            checked={checked.has(String(o.value))}
          />{" "}
          {o.label}
        </label>
      ))}
      {props.error ? <p class="field-error">{props.error}</p> : null}
    </fieldset>
  );
}

/**
 * A form that posts with htmx and swaps the answer into `target` (htmx 4: 4xx answers are swapped
 * too, so validation errors land in place), and still works as a plain form without JavaScript.
 */
export function HxForm(props: {
  action: string;
  target: string;
  csrfToken: string;
  children?: Child;
  multipart?: boolean;
  class?: string;
}) {
  return (
    <form
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target={props.target}
      hx-swap="outerHTML"
      enctype={props.multipart ? "multipart/form-data" : undefined}
      class={props.class}
      novalidate
    >
      <CsrfField token={props.csrfToken} />
      {props.children}
    </form>
  );
}

/**
 * A kiosk's label in running text ("Máy 12"), with the punctuation that follows or precedes it: one
 * unit, never split across lines. The capture group keeps it when a sentence is split on it.
 */
const KIOSK_LABEL_IN_TEXT = /(\S*Máy \d+\S*)/u;

/**
 * A sentence that names kiosks, each label kept on one line (newcomer trial: "Phát phiếu … ở Máy /
 * 1?" was read as two things). Only spans around the labels: the words, as text, are unchanged.
 * console.js draws a sentence the same way when it puts "Mời cử tri đến Máy 1" in the past.
 */
export function KioskLabelsWhole({ text }: { text: string }) {
  return (
    <>
      {text
        .split(KIOSK_LABEL_IN_TEXT)
        .map((part, i) => (i % 2 === 1 ? <span class="nowrap">{part}</span> : part))}
    </>
  );
}

/** The id of a confirmation popover, from the action it confirms (unique on a page: one button per action). */
export const confirmId = (action: string): string => `confirm${action.replace(/[^a-zA-Z0-9]+/g, "-")}`;

/**
 * A submit button that first asks on the page (issue #14: no browser `confirm()` anywhere): the
 * button opens a popover naming what is about to happen, whose own button submits the form. The
 * Popover API works without script (Chromium 114, Safari 17, Firefox 125); Escape or "Thôi" closes
 * it with nothing sent, and focus lands on the "yes" button so Enter confirms.
 */
export function ConfirmSubmit(props: {
  /** Unique on the page (confirmId(action)). */
  id: string;
  label: string;
  question: Child;
  /** The confirming button's words; the trigger's label when absent. */
  yes?: string;
  quiet?: boolean;
  small?: boolean;
  ariaLabel?: string;
  /**
   * Whether the question's first button takes the focus when it opens (default). Off where a
   * section holds many such questions: htmx focuses the first `[autofocus]` of what it swaps in, and
   * a hidden question in a row above would take the focus meant for the answer under the row pressed.
   */
  autofocus?: boolean;
}) {
  const { id } = props;
  const size = props.small ? " btn-small" : "";
  return (
    <>
      <button
        type="button"
        class={`${props.quiet ? "btn btn-quiet" : "btn"}${size}`}
        popovertarget={id}
        aria-label={props.ariaLabel}
      >
        {props.label}
      </button>
      <div id={id} popover="auto" class="confirm-pop" role="dialog" aria-labelledby={`${id}-q`}>
        <p id={`${id}-q`} class="confirm-question">
          {props.question}
        </p>
        <div class="confirm-actions">
          <button type="submit" class="btn" autofocus={props.autofocus ?? true}>
            {props.yes ?? props.label}
          </button>
          <button type="button" class="btn btn-quiet" popovertarget={id} popovertargetaction="hide">
            Thôi
          </button>
        </div>
      </div>
    </>
  );
}

/** A one-button form (delete, move up/down), with an in-page confirmation when `confirm` is given. */
export function ActionButton(props: {
  action: string;
  target: string;
  csrfToken: string;
  label: string;
  /** The question asked on the page: words, or words with marks (`KioskLabelsWhole`). */
  confirm?: Child;
  quiet?: boolean;
  ariaLabel?: string;
  /** Hidden fields: what the page showed that the action is about (e.g. the ticket at a kiosk). */
  fields?: Record<string, string>;
}) {
  return (
    <HxForm action={props.action} target={props.target} csrfToken={props.csrfToken} class="inline">
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.confirm ? (
        <ConfirmSubmit
          id={confirmId(props.action)}
          label={props.label}
          question={props.confirm}
          quiet={props.quiet}
          small
          ariaLabel={props.ariaLabel}
        />
      ) : (
        <button
          type="submit"
          class={props.quiet ? "btn btn-quiet btn-small" : "btn btn-small"}
          aria-label={props.ariaLabel}
        >
          {props.label}
        </button>
      )}
    </HxForm>
  );
}

export function Notice({ kind, children }: { kind: "ok" | "error" | "warn"; children?: Child }) {
  return (
    <p class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}

/** Why a set-up form is not offered after the stamp: refused with an explanation, not hidden. */
export function LockedNotice() {
  return (
    <Notice kind="warn">
      Danh sách đã được đóng dấu: không sửa trực tiếp được nữa. Người bị sót hoặc lỗi đánh máy trong danh sách
      cử tri được điều chỉnh ở trang danh sách của từng điểm, có ghi lý do.
    </Notice>
  );
}

/** The buttons under an add-or-edit form: save, and when editing, a way back without saving. */
export function SaveOrCancel(props: {
  editing: boolean;
  addLabel: string;
  listPath: string;
  target: string;
}) {
  return (
    <div class="form-actions">
      <button type="submit" class="btn">
        {props.editing ? "Lưu thay đổi" : props.addLabel}
      </button>
      {props.editing ? (
        <a href={props.listPath} hx-get={props.listPath} hx-target={props.target} hx-swap="outerHTML">
          Thôi, không sửa
        </a>
      ) : null}
    </div>
  );
}

/**
 * Kiosks casting faster than a person can (issue #9 §4), on the point console and the board's
 * progress page: said once, in words, with what to do (`children`). Shown while the alert holds (the
 * kiosk's last ballots); nothing of any single ballot is named. Once the kiosks' day is over
 * (`dayOver`: the point closed its day) there is nobody to send to the kiosk and no "Tạm dừng" to
 * press: the same facts become a calm note of what happened during the day, for the minutes and the
 * board, instead of an alarm.
 */
export function FastCastAlert(props: {
  kiosks: readonly { label: string | null; pace: KioskPace }[];
  dayOver?: boolean;
  children?: Child;
}) {
  const fast = props.kiosks.filter((k) => k.pace.alert);
  if (fast.length === 0) return null;
  const list = (
    <ul>
      {fast.map((k) => (
        <li>{fastCastWarning(k.label ?? "Máy", k.pace)}</li>
      ))}
    </ul>
  );
  if (props.dayOver) {
    return (
      <div class="alert alert-warn" role="status" data-fast-cast-note>
        <p>
          <strong>Trong ngày, máy đã gửi phiếu nhanh bất thường.</strong> Có thể máy đã bị dùng để ghi phiếu
          thay người vắng mặt.
        </p>
        {list}
        <p>{props.children}</p>
      </div>
    );
  }
  return (
    <div class="alert alert-error" role="alert" data-fast-cast-alert>
      <p>
        <strong>Cảnh báo: máy gửi phiếu nhanh bất thường.</strong> Có thể máy đang bị dùng để ghi phiếu thay
        người vắng mặt.
      </p>
      {list}
      <p>
        {props.children} Cảnh báo tự hết khi dưới {FAST_CAST.alertAt} trong {FAST_CAST.recent} phiếu gần nhất
        của máy là phiếu nhanh.
      </p>
    </div>
  );
}

/**
 * One colour per point-day state on every page that shows one (progress, results): grey before
 * anything happens, blue while voting, amber while it waits for a step, green once checked, red on
 * a discrepancy. The words always say the state; the colour only repeats it.
 */
export const POINT_DAY_STATE_BADGE: Readonly<Record<PointDayState, string>> = {
  not_opened: "badge badge-muted",
  open: "badge badge-info",
  paused: "badge",
  closed: "badge",
  unsigned: "badge",
  signed: "badge",
  verified: "badge badge-ok",
  discrepant: "badge badge-error",
};

/** A point-day's state badge; `label` says it more precisely where the page knows more ("Chưa đến ngày"). */
export function PointDayStateBadge({ state, label }: { state: PointDayState; label?: string | undefined }) {
  return (
    <span class={POINT_DAY_STATE_BADGE[state]} data-state-badge={state}>
      {label ?? POINT_DAY_STATE_TEXT[state]}
    </span>
  );
}

/**
 * A wide table in a box of its own that scrolls sideways (the page does not), with a line saying so
 * that shows while the table is wider than the box, and a fade at the cut edge (app.css).
 */
export function TableScroll({ children }: { children?: Child }) {
  return (
    <div class="table-box">
      <p class="scroll-hint">
        <span aria-hidden="true">↔ </span>Bảng rộng hơn màn hình: vuốt hoặc kéo bảng sang ngang để xem các cột
        bên phải.
      </p>
      <div class="table-scroll">{children}</div>
    </div>
  );
}

/**
 * What "Đã kiểm tra tự động" means, under a list of point-day states that has one: the server's own
 * check when the minutes got their signatures, not a step the board took.
 */
export function CheckedStateNote({
  states,
  onResultsPage = false,
}: {
  states: readonly PointDayState[];
  onResultsPage?: boolean;
}) {
  if (!states.some((s) => s === "verified" || s === "discrepant")) return null;
  return (
    <p class="hint" data-state-note>
      “{POINT_DAY_STATE_TEXT.verified}”: ngay khi biên bản đủ chữ ký, máy chủ tự đối chiếu chữ ký với khóa đã
      đăng ký của cán bộ, và số liệu của biên bản với danh sách và phiếu đã lưu; Ban Tổ chức không phải thao
      tác gì. Nút “Kiểm tra tất cả” {onResultsPage ? "ở đầu trang" : "ở trang Kết quả"} chạy lại việc đối
      chiếu này cho mọi biên bản.
    </p>
  );
}
