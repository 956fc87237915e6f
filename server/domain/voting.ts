import "./zod-vi.ts";
import { sha256Hex } from "../crypto/digest.ts";
import { LevelSchema, type Marks } from "./ballot.ts";
import { formatDate } from "./calendar.ts";
import type { Campaign } from "./campaign.ts";
import { fail, ok, type Refusal, type Result } from "./result.ts";
import type { Point } from "./setup.ts";

/**
 * The voting day at a point (DESIGN §4 step 2): opening, pausing, the ballot a kiosk submits, and
 * what the officer sees of each kiosk. Pure: the caller passes today's date and the stored state.
 */
export type PointDayStatus = "not_opened" | "open" | "paused" | "closed";

/**
 * What the console shows of the ticket a kiosk holds, so that "Không thu về" voids that ticket and
 * no other (a resident who finished meanwhile and the next one handed a ballot at the same kiosk):
 * 16 hex characters derived from the ticket's id, never the id itself, which lets a kiosk cast.
 */
export const ticketRef = (ticketId: string): string => sha256Hex(`tn-ticket-ref:${ticketId}`).slice(0, 16);

export const POINT_STATUS_LABELS: Record<PointDayStatus, string> = {
  not_opened: "Chưa mở",
  open: "Đang lấy phiếu",
  paused: "Tạm dừng",
  closed: "Đã đóng",
};

// ---------------------------------------------------------------------------------------------
// The entities of the voting day, as the store gives them
// ---------------------------------------------------------------------------------------------

/**
 * A kiosk device: showing a pairing code (pointId null, pairingPointId the point whose window the
 * code was issued under), paired by one officer and awaiting a second officer's confirmation
 * (awaitingPointId), or paired to one point (pointId).
 */
export type Kiosk = {
  id: string;
  pointId: number | null;
  /** The kiosk's number at its point ("Máy 3"): never reused, shown on the kiosk screen. */
  number: number | null;
  pairingCode: string | null;
  pairingPointId: number | null;
  pairingExpiresAt: string | null;
  awaitingPointId: number | null;
  label: string | null;
  lastSeenAt: string | null;
  pairedAt: string | null;
  pairedBy: string | null;
  /** Null when paired without a second officer (the campaign's setting off, or paired before it existed). */
  confirmedAt: string | null;
  confirmedBy: string | null;
};

/** What the console calls a kiosk: its label ("Máy 3"), or that it has none yet. */
export const kioskName = (kiosk: Pick<Kiosk, "label">): string => kiosk.label ?? "Máy chưa đánh số";

/**
 * A point's counts for one day: tickets issued (one per check-in), ballots collected, tickets voided
 * ("không thu về"), and tickets re-issued after a restart lost them (each an incident).
 */
export type PointDayCounts = { issued: number; collected: number; voided: number; reissued: number };

export type PointDayRecord = PointDayCounts & {
  pointId: number;
  day: string;
  status: PointDayStatus;
  openedAt: string;
  openedBy: string;
  /** When the point-day was closed ("Kết thúc và kiểm phiếu"), null while it is not. */
  closedAt: string | null;
};

/** A ballot ticket: the officer's hand-off of one ballot to one kiosk (never linked to a resident). */
export type Ticket = { id: string; kioskId: string; pointId: number; day: string; opened: boolean };

export type CanOpenError = Refusal<
  "not_stamped" | "campaign_closed" | "not_today" | "already_open" | "paused" | "closed"
>;

/** Opening: only on one of the point's own days, only once the lists are stamped (DESIGN §4). */
export function checkCanOpen(
  campaign: Campaign,
  point: Point,
  today: string,
  status: PointDayStatus,
): Result<true, CanOpenError> {
  if (campaign.state === "draft") {
    return fail("not_stamped", "Danh sách chưa được Ban Tổ chức đóng dấu: chưa mở điểm lấy phiếu được.");
  }
  if (campaign.state === "closed" || campaign.state === "certified") {
    return fail("campaign_closed", "Đợt lấy phiếu đã kết thúc.");
  }
  if (!point.days.includes(today)) {
    return fail(
      "not_today",
      `Hôm nay không phải ngày lấy phiếu của điểm này (ngày của điểm: ${point.days.map(formatDate).join(", ")}). Mỗi điểm chỉ lấy phiếu và kiểm phiếu trong ngày của mình.`,
    );
  }
  if (status === "open") return fail("already_open", "Điểm đang mở.");
  if (status === "paused") return fail("paused", "Điểm đang tạm dừng: bấm “Tiếp tục” để lấy phiếu tiếp.");
  if (status === "closed") return fail("closed", "Điểm đã đóng trong ngày hôm nay.");
  return ok(true);
}

/**
 * Whether a point has voting left from `today` on: today is one of its days and not closed yet, or
 * one of its days is still to come. Without it a tablet has nothing more to do there: pairing one
 * is refused, and a kiosk unpaired then is not paired again.
 */
export const hasVotingLeft = (days: readonly string[], today: string, todayStatus: PointDayStatus): boolean =>
  (days.includes(today) && todayStatus !== "closed") || days.some((d) => d > today);

export function nextPointStatus(
  status: PointDayStatus,
  action: "pause" | "resume",
): Result<PointDayStatus, Refusal<"not_open" | "not_paused">> {
  if (action === "pause" && status === "open") return ok("paused");
  if (action === "resume" && status === "paused") return ok("open");
  if (action === "pause") return fail("not_open", "Chỉ tạm dừng được khi điểm đang mở.");
  return fail("not_paused", "Chỉ tiếp tục được khi điểm đang tạm dừng.");
}

export type VotingClosedError = Refusal<"not_open" | "paused" | "closed">;

/** Why a ballot cannot be issued or cast right now, in words for the officer or the kiosk. */
export function checkVotingOpen(status: PointDayStatus): Result<true, VotingClosedError> {
  if (status === "open") return ok(true);
  if (status === "not_opened") return fail("not_open", "Điểm lấy phiếu chưa mở.");
  if (status === "paused") return fail("paused", "Điểm lấy phiếu đang tạm dừng.");
  return fail("closed", "Điểm lấy phiếu đã đóng.");
}

/**
 * One household, however its code was typed ("h01", " H01 "): the key under which a per-household
 * campaign marks it issued. Null when the entry has no household code.
 */
export function householdKey(pointId: number, code: string | null): string | null {
  const normal = code?.normalize("NFC").trim().toUpperCase() ?? "";
  return normal === "" ? null : `${pointId}:${normal}`;
}

/**
 * Households on a point's list: distinct `householdKey`s — the check-in's own test of "the same
 * household" — entries without a household code counting for none (they cannot receive a ballot
 * per household).
 */
export function householdsOn(pointId: number, codes: Iterable<string | null>): number {
  const seen = new Set<string>();
  for (const code of codes) {
    const key = householdKey(pointId, code);
    if (key !== null) seen.add(key);
  }
  return seen.size;
}

/** What a list's count counts, as printed: "người" (residents) or "hộ" (households). */
export type RosterUnit = "người" | "hộ";
/**
 * What a roster version's ballot count counts (`rosterBallots`): households when one ballot per
 * household and the version recorded them; people otherwise — a version from before households were
 * counted (migration 0018) gave its minutes the entries, and they must say so.
 */
export const rosterUnitOfVersion = (
  onePer: "resident" | "household",
  version: { readonly households: number | null } | undefined,
): RosterUnit => (onePer === "household" && version?.households != null ? "hộ" : "người");

/**
 * The ballots a point's stamped list allows (DESIGN §3: one per resident, or one per household
 * representative): the minutes' `counts.roster` — a roster-based rule set's denominator, the bound
 * of "issued ≤ roster", the base of turnout. Per household, the version's households; a version
 * recorded before households were counted (null) keeps the entries its minutes were made with.
 */
export function rosterBallots(
  onePer: "resident" | "household",
  version: { readonly entries: number; readonly households: number | null },
): number {
  return onePer === "household" && version.households !== null ? version.households : version.entries;
}

// ---------------------------------------------------------------------------------------------
// The ballot
// ---------------------------------------------------------------------------------------------

/**
 * The form a kiosk submits: `m.<official code>` = high | medium | low (absent = blank), and
 * `confirmBlank` when the resident confirmed leaving rows blank on the review screen.
 */
export function parseBallotForm(
  form: Record<string, string>,
  ballotCodes: readonly string[],
): Result<{ marks: Marks; blanks: string[] }, Refusal<"unknown_official" | "bad_level">> {
  const allowed = new Set(ballotCodes);
  for (const key of Object.keys(form)) {
    if (!key.startsWith("m.")) continue;
    if (!allowed.has(key.slice(2))) {
      return fail(
        "unknown_official",
        "Phiếu có tên người không thuộc phiếu của điểm này. Phiếu chưa được ghi nhận.",
      );
    }
  }
  const marks: Marks = {};
  const blanks: string[] = [];
  for (const code of ballotCodes) {
    const value = form[`m.${code}`];
    if (value === undefined || value === "") {
      marks[code] = null;
      blanks.push(code);
      continue;
    }
    const level = LevelSchema.safeParse(value);
    if (!level.success)
      return fail("bad_level", "Phiếu có ô đánh dấu không hợp lệ. Phiếu chưa được ghi nhận.");
    marks[code] = level.data;
  }
  return ok({ marks, blanks });
}

/**
 * A row with no box marked is invalid for that official only (QĐ 96; DESIGN §3); on a kiosk it is
 * allowed only after the resident confirms it on the review screen.
 */
export function checkBlanksConfirmed(
  blanks: readonly string[],
  confirmed: boolean,
): Result<true, Refusal<"blank_not_confirmed">> {
  if (blanks.length === 0 || confirmed) return ok(true);
  return fail(
    "blank_not_confirmed",
    "Còn người chưa được đánh giá. Xin xem lại phiếu và xác nhận nếu muốn để trống.",
  );
}

// ---------------------------------------------------------------------------------------------
// Kiosks as the officer sees them
// ---------------------------------------------------------------------------------------------

export type KioskStatus = "awaiting" | "idle" | "waiting" | "busy" | "offline";

export const KIOSK_STATUS_LABELS: Record<KioskStatus, string> = {
  awaiting: "Chờ cán bộ thứ hai xác nhận",
  idle: "Sẵn sàng",
  waiting: "Đang chờ cử tri",
  busy: "Cử tri đang ghi phiếu",
  offline: "Mất kết nối",
};

/** A kiosk polls about every second; silent for longer than this, the officer should go and look. */
export const KIOSK_OFFLINE_AFTER_MS = 15_000;

/**
 * A kiosk's state from its ticket (null: none) and its last-seen time (ISO; null: never), at `now`
 * (ms). `pollHeld`: one of the kiosk's requests is held open by the server right now, so the kiosk
 * is there whatever its last-seen time says. That time is written at most every few seconds, and on
 * a server busy for a while (a district's points closing together while others still vote, officers'
 * first logins) a kiosk waiting all along would otherwise be "Mất kết nối" and its point's search
 * "Chưa có máy sẵn sàng" until its next write — while "Phát phiếu" to it is accepted (issue #12:
 * the 200-point simulation stopped there). The console, the board's progress and "Phát phiếu" use
 * this one rule.
 */
export function kioskStatus(
  ticket: { opened: boolean } | null,
  lastSeenAt: string | null,
  now: number,
  pollHeld = false,
): KioskStatus {
  const silent = lastSeenAt === null || now - Date.parse(lastSeenAt) > KIOSK_OFFLINE_AFTER_MS;
  if (silent && !pollHeld) return "offline";
  if (!ticket) return "idle";
  return ticket.opened ? "busy" : "waiting";
}

/**
 * A kiosk as the console and the board list it: awaiting confirmation until a second officer
 * confirms; otherwise kioskStatus (`pollHeld` as there).
 */
export function kioskStatusOf(
  kiosk: Pick<Kiosk, "pointId" | "lastSeenAt">,
  ticket: { opened: boolean } | null,
  now: number,
  pollHeld = false,
): KioskStatus {
  if (kiosk.pointId === null) return "awaiting";
  return kioskStatus(ticket, kiosk.lastSeenAt, now, pollHeld);
}

// ---------------------------------------------------------------------------------------------
// A kiosk casting faster than a person can (issue #9 §4)
// ---------------------------------------------------------------------------------------------

/**
 * A resident walks to the kiosk, reads every official's name and position, chooses, reviews and
 * sends: a ballot cast sooner than `underMs` after its ticket was handed to the kiosk is faster than
 * that. One such ballot can happen (a resident who knew what to choose); `alertAt` of the kiosk's last
 * `recent` ballots is a script, or someone casting for absent residents. The alert is audited at most
 * once per kiosk every `auditEveryMs`, with the count only. The times themselves stay in memory
 * (server/db/ticket-book.ts): a cast time is never written anywhere.
 */
export const FAST_CAST = { underMs: 15_000, recent: 10, alertAt: 3, auditEveryMs: 60 * 60_000 } as const;

export const isFastCast = (handedAt: number, castAt: number): boolean =>
  castAt - handedAt < FAST_CAST.underMs;

/** A kiosk's last ballots: how many were fast, out of how many (at most FAST_CAST.recent), and the alert. */
export type KioskPace = { fast: number; of: number; alert: boolean };

/**
 * A kiosk the board should look at now (issue #9 §4): not yet confirmed by a second officer; out of
 * touch at a point voting today (`votingToday`: its day, not closed); casting faster than a person
 * can while its point's day is not closed (`onDuty`: today's, or an earlier day the team left
 * open — after midnight its kiosks take nothing more, so being out of touch is no news then, but
 * the team has still to account for that day). Once the point's day is closed its tablets are
 * switched off and its pace is the day's history (the progress page notes it), not an emergency.
 */
export const kioskNeedsBoard = (
  status: KioskStatus,
  pace: KioskPace,
  votingToday: boolean,
  onDuty: boolean = votingToday,
): boolean => status === "awaiting" || (votingToday && status === "offline") || (onDuty && pace.alert);

export function kioskPace(recent: readonly boolean[]): KioskPace {
  const last = recent.slice(-FAST_CAST.recent);
  const fast = last.filter(Boolean).length;
  return { fast, of: last.length, alert: fast >= FAST_CAST.alertAt };
}

/** What the console and the board say about a kiosk under the alert, for a tired officer. */
export function fastCastWarning(label: string, pace: KioskPace): string {
  return `${label}: ${pace.fast} trong ${pace.of} phiếu gần nhất được gửi chưa đầy ${FAST_CAST.underMs / 1000} giây sau khi phát phiếu, nhanh hơn một người kịp đọc và chọn.`;
}

/** The code of a kiosk's fast-cast finding among the minutes' incidents. */
export const FAST_CAST_INCIDENT = "kiosk.fast_cast";

/**
 * The day's fast-cast findings as the minutes' incidents (issue #9 §4): one per kiosk, with the
 * largest count the server found that day, in kiosk order, and no time. `found`: each finding as
 * audited (at most one an hour per kiosk), in any order. Neither their order nor their number
 * per kiosk reaches the minutes: they would sketch when a kiosk cast and how its pace went.
 */
export function fastCastIncidents(
  found: readonly { kiosk: string; fast: number; of: number }[],
): { code: string; message: string }[] {
  const worst = new Map<string, { fast: number; of: number }>();
  for (const f of found) {
    const before = worst.get(f.kiosk);
    if (!before || f.fast > before.fast || (f.fast === before.fast && f.of < before.of))
      worst.set(f.kiosk, f);
  }
  return [...worst.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "vi", { numeric: true }))
    .map(([kiosk, f]) => ({
      code: FAST_CAST_INCIDENT,
      message:
        `Hệ thống phát hiện ${kiosk} gửi phiếu nhanh bất thường: lúc phát hiện, ${f.fast} trong ${f.of} phiếu ` +
        `gần nhất của máy được gửi chưa đầy ${FAST_CAST.underMs / 1000} giây sau khi phát phiếu.`,
    }));
}
