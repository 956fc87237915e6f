import { POINT_DAY_STATE_LABELS, type PointDayState, pointDayState } from "./aggregate.ts";
import { formatDate } from "./calendar.ts";
import type { CampaignState } from "./campaign.ts";
import { formatCount } from "./format.ts";
import type { MinutesWarning } from "./minutes-document.ts";
import type { Check } from "./tally.ts";
import type { PointDayRecord, PointDayStatus } from "./voting.ts";

/**
 * The progress page's model (issue #11 §1): counts only. What it keeps of a point-day's minutes is
 * whether they are complete, their reconciliation checks and warnings, and the latest check's
 * outcome — never a tally, so no result of a point can leak before its minutes are signed.
 */
export type ProgressMinutes = {
  readonly complete: boolean;
  readonly checks: readonly Check[];
  readonly warnings: readonly MinutesWarning[];
  readonly collected: number;
  /** Null: never checked over the signatures the minutes have now. */
  readonly verification: { readonly outcome: "verified" | "discrepant"; readonly detail: string } | null;
};

export type ProgressAlert = { readonly level: "error" | "warn"; readonly text: string };

export type ProgressAlertInput = {
  readonly day: string;
  /** The board left it out of the totals with a reason: not opening is then no longer news. */
  readonly excused?: boolean;
  readonly record: Pick<PointDayRecord, "status"> | null;
  readonly minutes: ProgressMinutes | null;
};

export const progressStateOf = (r: ProgressAlertInput): PointDayState =>
  pointDayState(r.record?.status ?? "not_opened", r.minutes);

/**
 * When a point not yet open on its day starts to be worth a warning ("HH:MM", Vietnam). Points open
 * in the morning at the hour their commune announced, which the campaign does not record; before
 * this, "Chưa mở" is only a state, not something for the board to act on.
 */
export const OPEN_EXPECTED_BY = "08:00";

/**
 * Whether a point-day should have opened by now (`today` "YYYY-MM-DD" and `time` "HH:MM", Vietnam):
 * its day has passed, or it is its day from OPEN_EXPECTED_BY on. Before that, a point that has not
 * opened is not late — it is not to be warned about, nor left out of the totals.
 */
export const openingDue = (day: string, today: string, time: string): boolean =>
  today > day || (today === day && time >= OPEN_EXPECTED_BY);

/**
 * Why a point-day cannot be left out of the totals ("Không tính") now, by its state and the clock
 * alone, or null: "open" (open or paused: its team closes first), "future" (not opened and not yet
 * due, `openingDue`: certifying without it would end the campaign before its team could open),
 * "today" (it opened today: its ballots are not set aside on the day they were cast; from the next
 * day they may be). `status` of the point-day on `day`; `today`/`time` as for openingDue. The
 * service refuses on it and the results page offers the form only where it is null: one rule.
 */
export function excuseBlockedBy(
  status: PointDayStatus,
  day: string,
  today: string,
  time: string,
): "open" | "future" | "today" | null {
  if (status === "open" || status === "paused") return "open";
  if (status === "not_opened") return openingDue(day, today, time) ? null : "future";
  return day === today ? "today" : null;
}

/**
 * A point-day's state in the board's words, as "Tiến độ" and "Kết quả" show it and the aggregate PDF
 * prints it: a point not opened whose day has not come is "Chưa đến ngày" (nothing is wrong with
 * it yet), one whose day has passed "Không mở" (it never will: "Chưa mở", not yet, read wrong the
 * morning after, beside the note that it did not open); an automatic check is said to be one. `today`: "YYYY-MM-DD" in Vietnam
 * (for the PDF, the day its figures were drawn up, so the same data prints the same words).
 */
export function pointDayStateText(state: PointDayState, day: string, today: string, excused = false): string {
  // Its day, left out by the board before it opened: it will not open ("Chưa mở" promised it would).
  if (state === "not_opened" && day === today && excused) return NO_VOTING_TEXT;
  if (state === "not_opened" && day > today) return UPCOMING_TEXT;
  if (state === "not_opened" && day < today) return MISSED_TEXT;
  // Left open past its day: nothing more can be cast (the console and kiosk say the point does not
  // vote today), the team still has to close it — not "Đang lấy phiếu".
  if ((state === "open" || state === "paused") && day < today) return LEFT_OPEN_TEXT;
  return POINT_DAY_STATE_TEXT[state];
}

/**
 * A point-day's state as the board's pages and the aggregate PDF say it. "verified" is the check the
 * server runs by itself as soon as the minutes have their signatures (and again at "Kiểm tra tất
 * cả"): said as the system's check, so that it does not read as the board having checked. Downloads
 * keep the domain's labels (POINT_DAY_STATE_LABELS).
 */
export const POINT_DAY_STATE_TEXT: Readonly<Record<PointDayState, string>> = {
  ...POINT_DAY_STATE_LABELS,
  verified: "Đã kiểm tra tự động",
};

/** A point-day not opened whose day has not come. */
export const UPCOMING_TEXT = "Chưa đến ngày";

/** A point-day left out by the board on its own day, before it opened: it takes no ballot. */
export const NO_VOTING_TEXT = "Không lấy phiếu";

/** A point-day not opened whose day has passed: it never opened. */
export const MISSED_TEXT = "Không mở";

/** A point-day still open or paused after its day: no more ballots, not yet closed by its team. */
export const LEFT_OPEN_TEXT = "Quá ngày, chưa kết thúc";

/** Beside the state of a point-day the board left out of the totals with a written reason. */
export const EXCUSED_TEXT = "Không tính (có lý do)";

/**
 * What the board must act on at a point-day: a reconciliation that failed at close, minutes still
 * unsigned after the close, a point not opened on its day while the campaign votes or may start to (from
 * OPEN_EXPECTED_BY that day; an error once the day has passed), a discrepant check, and the
 * minutes' own warnings (a small point, a low turnout). `time`: now, "HH:MM" in Vietnam.
 */
export function progressAlerts(
  r: ProgressAlertInput,
  ctx: {
    readonly today: string;
    readonly time: string;
    readonly campaignState: CampaignState;
    readonly requiredSigners: number;
  },
): ProgressAlert[] {
  const alerts: ProgressAlert[] = [];
  const late = openingDue(r.day, ctx.today, ctx.time);
  // Stamped counts as voting here: the first point to open starts the voting, so a day on which no
  // point has opened yet is exactly when the board must hear of it (a newcomer saw no warning at
  // 17:27 with five points due, and four warnings once one of them opened).
  const canVote = ctx.campaignState === "stamped" || ctx.campaignState === "voting";
  if (!r.record && !r.excused && canVote && late) {
    alerts.push({
      level: ctx.today === r.day ? "warn" : "error",
      text:
        ctx.today === r.day
          ? "Điểm chưa mở trong ngày lấy phiếu hôm nay."
          : `Điểm không mở trong ngày lấy phiếu ${formatDate(r.day)}.`,
    });
  }
  for (const c of r.minutes?.checks ?? []) {
    if (!c.ok) alerts.push({ level: "error", text: `Đối chiếu không khớp: ${c.label}. ${c.detail}` });
  }
  if (r.record?.status === "closed" && !r.minutes?.complete) {
    alerts.push({
      level: "warn",
      text: r.minutes
        ? `Đã kết thúc nhưng biên bản chưa đủ chữ ký (ít nhất ${ctx.requiredSigners} cán bộ, trong đó có Tổ trưởng).`
        : "Đã kết thúc nhưng chưa lập biên bản kiểm phiếu.",
    });
  }
  if (r.minutes?.verification?.outcome === "discrepant") {
    alerts.push({ level: "error", text: `Kiểm tra phát hiện sai lệch: ${r.minutes.verification.detail}` });
  }
  for (const w of r.minutes?.warnings ?? []) {
    alerts.push({
      level: "warn",
      text:
        w.kind === "small_point"
          ? `Điểm nhỏ: thu về ${formatCount(r.minutes?.collected ?? 0)} phiếu, ít hơn ${formatCount(w.threshold)}; cân nhắc khi công bố kết quả riêng của điểm.`
          : `Tỉ lệ thu về thấp hơn mức tối thiểu ${formatCount(w.minimumPercent)}% của đợt.`,
    });
  }
  return alerts;
}

/** Why a point-day not yet in the totals holds certification up, by what the board can do about it. */
export type WaitingGroup =
  /** Not opened, its day still to come: it will vote, close and sign. */
  | "upcoming"
  /** Not opened, its day is today but before OPEN_EXPECTED_BY: its team opens this morning. */
  | "opens_today"
  /** Not opened on its day, from OPEN_EXPECTED_BY on: it may still open today, or could not vote. */
  | "not_opened_today"
  /** Its day passed without opening: it can never open now (voting.ts `checkCanOpen`). */
  | "never_opened"
  /** Closed, minutes not made or not signed by enough officers yet. */
  | "unsigned"
  /** Minutes signed, not checked over their signatures yet. */
  | "unchecked"
  /** Minutes checked and found discrepant: they must be reopened and signed again. */
  | "discrepant";

/**
 * What the board is told about the point-days that keep the aggregate from being certified
 * (`today`/`time` Vietnam's "YYYY-MM-DD" and "HH:MM"; none open or paused, none excused), one
 * sentence per group: first what only the board can settle, then what waits on a team, then what
 * is still to come. "Không tính" is advised only where it is the
 * way forward (a day passed without opening) or the fallback (a point not opened on its day,
 * minutes whose discrepancy cannot be repaired); it is never offered for a point-day not yet due,
 * which excusePointDay refuses.
 */
export function waitingAdvice(
  waiting: readonly { code: string; day: string; state: PointDayState }[],
  today: string,
  time: string,
): { group: WaitingGroup; text: string }[] {
  const groupOf = (p: { day: string; state: PointDayState }): WaitingGroup => {
    switch (p.state) {
      case "not_opened":
        if (p.day > today) return "upcoming";
        if (p.day < today) return "never_opened";
        return openingDue(p.day, today, time) ? "not_opened_today" : "opens_today";
      case "discrepant":
        return "discrepant";
      case "signed":
      case "verified":
        return "unchecked";
      default:
        // closed (no minutes yet), unsigned; open and paused are refused before ("still_open").
        return "unsigned";
    }
  };
  const advice: Record<WaitingGroup, (n: number, list: string) => string> = {
    upcoming: (n, list) =>
      `${n} điểm chưa đến ngày lấy phiếu (${list}): chờ các điểm này lấy phiếu, kết thúc và ký biên bản rồi mới xác nhận.`,
    opens_today: (n, list) =>
      `${n} điểm lấy phiếu hôm nay, từ 08:00 (${list}): chờ các điểm này mở, lấy phiếu, kết thúc và ký biên bản rồi mới xác nhận.`,
    not_opened_today: (n, list) =>
      `${n} điểm chưa mở trong ngày lấy phiếu hôm nay (${list}): chờ tổ công tác mở điểm, lấy phiếu, kết thúc và ký biên bản; nếu điểm không thể lấy phiếu hôm nay, bấm “Không tính” ở dòng của điểm và ghi lý do.`,
    never_opened: (n, list) =>
      `${n} điểm đã qua ngày lấy phiếu mà không mở (${list}), nay không mở được nữa: bấm “Không tính” ở dòng của điểm và ghi lý do.`,
    unsigned: (n, list) =>
      `${n} điểm đã kết thúc nhưng biên bản chưa lập hoặc chưa đủ chữ ký (${list}): chờ tổ công tác lập và ký đủ biên bản, rồi bấm “Kiểm tra tất cả”.`,
    unchecked: (n, list) =>
      `${n} điểm có biên bản đủ chữ ký nhưng chưa được kiểm tra (${list}): bấm “Kiểm tra tất cả”.`,
    discrepant: (n, list) =>
      `${n} điểm có biên bản sai lệch khi kiểm tra (${list}): mở biên bản của điểm (bấm tên điểm), bấm “Mở lại biên bản” và ghi lý do; tổ công tác ký lại phiên bản mới, rồi bấm “Kiểm tra tất cả”. Nếu sai lệch không thể khắc phục, bấm “Không tính” ở dòng của điểm và ghi lý do.`,
  };
  const order: readonly WaitingGroup[] = [
    "never_opened",
    "discrepant",
    "unsigned",
    "unchecked",
    "not_opened_today",
    "opens_today",
    "upcoming",
  ];
  return order.flatMap((group) => {
    const items = waiting.filter((p) => groupOf(p) === group);
    return items.length === 0 ? [] : [{ group, text: advice[group](items.length, listPointDays(items)) }];
  });
}

/** "HQ-T1 ngày 27/10/2026, …", at most eight named, then how many more. */
export const listPointDays = (items: readonly { code: string; day: string }[]): string => {
  const shown = items.slice(0, 8).map((p) => `${p.code} ngày ${formatDate(p.day)}`);
  return items.length > 8 ? `${shown.join(", ")} và ${items.length - 8} điểm khác` : shown.join(", ");
};
