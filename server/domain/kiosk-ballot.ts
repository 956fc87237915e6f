import type { Level, Marks } from "./ballot.ts";
import { fail, ok, type Refusal, type Result } from "./result.ts";

/**
 * The ballot a resident is filling in on a kiosk (issue #13): which screen they are on, what they
 * chose so far, and how they want the screen shown. Pure: the caller passes the time and keeps the
 * value — in the server's memory only, under the ticket (server/db/ticket-book.ts), never in a file,
 * a log or the audit: written anywhere durable, the marks of a resident still at the kiosk would be
 * a ballot linked to a check-in (DESIGN §5).
 */

/**
 * Where the resident is: one official per screen (`index` in the ballot's order, 0-based), the
 * review of every row, or the in-page question about rows left blank.
 */
export type BallotStep =
  | { readonly kind: "official"; readonly index: number }
  | { readonly kind: "review" }
  | { readonly kind: "blanks" };

/** The text sizes a resident can choose, smallest first; the label says the current state. */
export const TEXT_SIZES = ["Vừa", "Lớn", "Rất lớn"] as const;

export type BallotProgress = {
  readonly ticketId: string;
  readonly step: BallotStep;
  /** Only the rows chosen so far; a row not here is blank. */
  readonly marks: Readonly<Record<string, Level>>;
  /**
   * The resident came to this official from the review ("Sửa"): choosing returns to the review
   * instead of walking through the officials after it.
   */
  readonly editing: boolean;
  /** Index into TEXT_SIZES. */
  readonly textSize: number;
  readonly highContrast: boolean;
  /** The last touch, key or answer of the resident (ms since the epoch, the server's clock). */
  readonly lastActivityAt: number;
};

/** A fresh ballot: the first official, nothing chosen, default display. */
export function startBallot(ticketId: string, now: number): BallotProgress {
  return {
    ticketId,
    step: { kind: "official", index: 0 },
    marks: {},
    editing: false,
    textSize: 0,
    highContrast: false,
    lastActivityAt: now,
  };
}

export type KioskBallotError = Refusal<"unknown_official" | "no_step">;

const UNKNOWN = "Người này không có trên phiếu của điểm. Xin chọn lại trên màn hình.";

/**
 * Where a choice on the official at `index` (of `count`) takes the resident: on to the next
 * official; to the review after the last one; back to the review when they came from it ("Sửa").
 * The kiosk's screen and spoken guidance say it (server/speech/clips.ts `choiceHint`).
 */
export type AfterChoice = "next" | "review" | "back";

export function afterChoice(p: BallotProgress, index: number, count: number): AfterChoice {
  if (p.editing) return "back";
  return index === count - 1 ? "review" : "next";
}

/**
 * The resident chose `level` for the official `code`: the mark replaces any earlier one for that row
 * (a kiosk cannot mark two boxes, QĐ 96), and the screen moves on — to the next official, or to
 * the review after the last one or when the resident came from the review to change this row.
 */
export function chooseLevel(
  p: BallotProgress,
  codes: readonly string[],
  code: string,
  level: Level,
  now: number,
): Result<BallotProgress, KioskBallotError> {
  const index = codes.indexOf(code);
  if (index < 0) return fail("unknown_official", UNKNOWN);
  const marks = { ...p.marks, [code]: level };
  const step: BallotStep =
    afterChoice(p, index, codes.length) === "next"
      ? { kind: "official", index: index + 1 }
      : { kind: "review" };
  return ok({ ...p, marks, step, editing: false, lastActivityAt: now });
}

/**
 * "Quay lại" / "Tiếp" (position: 1-based, as shown "Người thứ 2 / 6"), or "Sửa" from the review
 * (`editing`: the choice then returns to the review). Past the last official is the review.
 */
export function goToOfficial(
  p: BallotProgress,
  codes: readonly string[],
  position: number,
  editing: boolean,
  now: number,
): Result<BallotProgress, KioskBallotError> {
  if (!Number.isSafeInteger(position) || position < 1 || position > codes.length + 1) {
    return fail("no_step", "Không có trang này trên phiếu.");
  }
  if (position === codes.length + 1) return ok(goToReview(p, now));
  return ok({ ...p, step: { kind: "official", index: position - 1 }, editing, lastActivityAt: now });
}

/** "Sửa" next to one row of the review: back to that official, then back to the review. */
export function editOfficial(
  p: BallotProgress,
  codes: readonly string[],
  code: string,
  now: number,
): Result<BallotProgress, KioskBallotError> {
  const index = codes.indexOf(code);
  if (index < 0) return fail("unknown_official", UNKNOWN);
  return goToOfficial(p, codes, index + 1, true, now);
}

export function goToReview(p: BallotProgress, now: number): BallotProgress {
  return { ...p, step: { kind: "review" }, editing: false, lastActivityAt: now };
}

/** "Gửi phiếu" with blank rows: the question is asked on the page (issue #13 §3). */
export function askAboutBlanks(p: BallotProgress, now: number): BallotProgress {
  return { ...p, step: { kind: "blanks" }, editing: false, lastActivityAt: now };
}

/** The next text size, back to the first after the largest. */
export function nextTextSize(p: BallotProgress, now: number): BallotProgress {
  return { ...p, textSize: (p.textSize + 1) % TEXT_SIZES.length, lastActivityAt: now };
}

export function toggleContrast(p: BallotProgress, now: number): BallotProgress {
  return { ...p, highContrast: !p.highContrast, lastActivityAt: now };
}

/** The resident touched the screen or pressed a key (or answered "còn đang ghi phiếu"). */
export function touched(p: BallotProgress, now: number): BallotProgress {
  return { ...p, lastActivityAt: now };
}

/** The marks as the cast expects them: every official of the ballot, null for a blank row. */
export function marksOf(p: BallotProgress, codes: readonly string[]): Marks {
  return Object.fromEntries(codes.map((code) => [code, p.marks[code] ?? null]));
}

/** The officials left blank, in ballot order. */
export const blankCodes = (p: BallotProgress, codes: readonly string[]): string[] =>
  codes.filter((code) => !p.marks[code]);

/** What a resident did on the kiosk, before casting. */
export type KioskBallotAction =
  | { readonly kind: "choose"; readonly code: string; readonly level: Level }
  | { readonly kind: "go"; readonly position: number }
  | { readonly kind: "edit"; readonly code: string }
  | { readonly kind: "review" }
  | { readonly kind: "blanks" }
  | { readonly kind: "text-size" }
  | { readonly kind: "contrast" }
  | { readonly kind: "present" };

/** The ballot in progress after one action of the resident at `now` (every action counts as a touch). */
export function applyKioskAction(
  p: BallotProgress,
  codes: readonly string[],
  action: KioskBallotAction,
  now: number,
): Result<BallotProgress, KioskBallotError> {
  switch (action.kind) {
    case "choose":
      return chooseLevel(p, codes, action.code, action.level, now);
    case "go":
      return goToOfficial(p, codes, action.position, false, now);
    case "edit":
      return editOfficial(p, codes, action.code, now);
    case "review":
      return ok(goToReview(p, now));
    case "blanks":
      return ok(askAboutBlanks(p, now));
    case "text-size":
      return ok(nextTextSize(p, now));
    case "contrast":
      return ok(toggleContrast(p, now));
    case "present":
      return ok(touched(p, now));
  }
}

// ---------------------------------------------------------------------------------------------
// An idle ballot (issue #13 §7)
// ---------------------------------------------------------------------------------------------

/** The campaign's default: no touch for two minutes and the kiosk asks "Bạn còn đang ghi phiếu không?". */
export const DEFAULT_KIOSK_IDLE_SECONDS = 120;

/**
 * How long the question stands unanswered before the officer console is told: a quarter of the idle
 * time, at most 30 s (30 s with the default two minutes).
 */
export const answerWindowMs = (idleMs: number): number => Math.min(30_000, Math.round(idleMs / 4));

/**
 * `active` while the resident touched the kiosk within `idleMs`; then `asking` (the kiosk asks on
 * screen whether they are still voting); then `attention` once the question has stood unanswered
 * for answerWindowMs: the console shows that the kiosk needs an officer. Nothing is ever cast or
 * voided by itself — the officer decides.
 */
export function idleState(
  lastActivityAt: number,
  now: number,
  idleMs: number,
): "active" | "asking" | "attention" {
  const quiet = now - lastActivityAt;
  if (quiet < idleMs) return "active";
  return quiet < idleMs + answerWindowMs(idleMs) ? "asking" : "attention";
}
