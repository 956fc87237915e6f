import { randomHex } from "../crypto/digest.ts";
import type { Store } from "../db/store.ts";
import type { BallotSheet } from "../db/ticket-book.ts";
import { type Actor, SYSTEM_ACTOR } from "../domain/audit.ts";
import { encodeMarks } from "../domain/ballot.ts";
import { formatDate, isIsoDay, vietnamDate } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import {
  applyKioskAction,
  type BallotProgress,
  type KioskBallotAction,
  type KioskBallotError,
  startBallot,
} from "../domain/kiosk-ballot.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { type ballotFor, nextState, type Point } from "../domain/setup.ts";
import {
  type CanOpenError,
  checkBlanksConfirmed,
  checkCanOpen,
  checkVotingOpen,
  householdKey as householdKeyOf,
  type Kiosk,
  kioskStatus,
  nextPointStatus,
  type PointDayStatus,
  parseBallotForm,
  ticketRef,
} from "../domain/voting.ts";
import { record, type ServiceDeps, wakingPoint } from "./deps.ts";
import { kioskAt } from "./kiosks.ts";
import { rosterBallotsOf } from "./rosters.ts";
import { type MinutesSignatures, minutesSignatures } from "./signers.ts";

/**
 * The voting day's operations. Each runs in one IMMEDIATE transaction: the checks and the writes
 * see the same state, so two officer screens or two kiosk submissions cannot both win.
 */

/** "2026-10-27T08:00:00.000Z": the hour a check-in happened, no finer. */
export const hourOf = (d: Date): string => `${d.toISOString().slice(0, 13)}:00:00.000Z`;

export function pointDayStatus(store: Store, pointId: number, day: string): PointDayStatus {
  return store.voting.pointDayState(pointId, day) ?? "not_opened";
}

/** One of a point's days as its officers see it: its state, whether the board left it out, its minutes. */
export type PointDayStanding = {
  day: string;
  status: PointDayStatus;
  excused: boolean;
  /** Where its current minutes stand for `viewer` (null: none made). */
  minutes: MinutesSignatures | null;
};

/**
 * Each of the point's days, in order, as `viewer` (a login name) sees it: the one read behind the
 * console's earlier days and off-day card and the officer's home page. Read only.
 */
export function pointDayStandings(store: Store, point: Point, viewer: string): PointDayStanding[] {
  const excusals = store.results.excusals();
  return [...point.days].sort().map((day) => {
    const status = pointDayStatus(store, point.id, day);
    return {
      day,
      status,
      excused: excusals.has(`${point.id}:${day}`),
      minutes: status === "closed" ? minutesSignatures(store, point.id, day, viewer) : null,
    };
  });
}

export type OpenPointError = Refusal<
  | "gone"
  | "not_stamped"
  | "campaign_closed"
  | "not_today"
  | "already_open"
  | "paused"
  | "closed"
  | "not_empty"
  | "excused"
  | "stale"
>;

/**
 * A console's action confirmed for `shown` ("YYYY-MM-DD", the day its page was drawn for) arriving on
 * `today`: refused when they differ — "Mở điểm" confirmed a few seconds after midnight must not
 * open the next day, nor a pause or resume act on it (found by an attack, 2026-12-01).
 */
function sameDayAsShown(shown: string | undefined, today: string): Result<true, Refusal<"stale">> {
  if (shown === undefined || shown === today) return ok(true);
  return fail(
    "stale",
    `Trang này là của ngày ${isIsoDay(shown) ? formatDate(shown) : "khác"}; hôm nay là ${formatDate(today)}: chưa làm gì. Xin xem lại trang rồi làm lại.`,
  );
}

/**
 * Whether the point may open on `day` ("YYYY-MM-DD"): its day, stamped lists, not opened yet
 * (checkCanOpen, DESIGN §4), and not left out of the totals by the board for that day (an excused
 * point-day that opened would take ballots that then count, and the excusal would vanish). The
 * one rule the console's "Mở điểm lấy phiếu" button and openPoint share. Read only.
 */
export function canOpenPoint(
  store: Store,
  campaign: Campaign,
  point: Point,
  day: string,
): Result<true, Refusal<CanOpenError["code"] | "excused">> {
  const allowed = checkCanOpen(campaign, point, day, pointDayStatus(store, point.id, day));
  if (!allowed.ok) return allowed;
  const excusal = store.results.excusal(point.id, day);
  if (excusal) {
    return fail(
      "excused",
      `Ban Tổ chức đã quyết định không tính điểm này trong ngày hôm nay (lý do: “${excusal.reason}”), nên điểm không mở được. Xin liên hệ Ban Tổ chức.`,
    );
  }
  return ok(true);
}

/**
 * Whether the point takes no ballot on `day` and will not: not opened, and not to be opened that day
 * (`canOpenPoint`: not one of its days, a day the board left out, a campaign over) — what its idle
 * kiosks show as "Hôm nay không lấy phiếu". Its console then says so instead of "Chưa mở", shows no
 * day's counts and its kiosks at rest, not "Sẵn sàng" or out of touch. Lists not yet stamped on the
 * point's own day are not that: the board may still stamp them that morning. Read only.
 */
export function noVotingOn(store: Store, campaign: Campaign, point: Point, day: string): boolean {
  if (pointDayStatus(store, point.id, day) !== "not_opened") return false;
  const allowed = canOpenPoint(store, campaign, point, day);
  return !allowed.ok && (allowed.error.code !== "not_stamped" || !point.days.includes(day));
}

/**
 * Mở điểm: today's point-day opens with a zero report; the first point to open starts the voting.
 * A point-day the board has left out of the totals ("Không tính", once and never undone) does not
 * open: its votes would be counted against the board's written decision.
 */
export function openPoint(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; pointId: number; day?: string },
): Result<true, OpenPointError> {
  const { store, clock } = deps;
  const opened = store.withTransaction((): Result<true, OpenPointError> => {
    const campaign = store.campaigns.byId(input.campaignId);
    const point = campaign ? store.points.get(campaign.id, input.pointId) : null;
    if (!campaign || !point) return fail("gone", "Không tìm thấy điểm lấy phiếu.");
    const day = vietnamDate(clock.now());
    const shown = sameDayAsShown(input.day, day);
    if (!shown.ok) return shown;
    const allowed = canOpenPoint(store, campaign, point, day);
    if (!allowed.ok) return allowed;
    // Zero report (báo cáo số 0): counted, not assumed: the point-day must hold nothing yet.
    const contents = {
      ballots: store.ballots.collected(point.id, day),
      checkIns: store.voting.checkInCount(point.id, day),
      tickets: store.tickets.outstanding(point.id, day),
    };
    if (contents.ballots + contents.checkIns + contents.tickets > 0) {
      return fail(
        "not_empty",
        `Không mở được: dữ liệu của điểm trong ngày không trống (${contents.ballots} phiếu, ${contents.checkIns} lượt phát phiếu). Xin báo Ban Tổ chức.`,
      );
    }
    // The ballot file gets this day's empty slots now, one per resident on the list, at random
    // places (ballot-box.ts): a cast then only fills one in. Idempotent, so a refused opening leaves
    // only empty slots behind.
    const codes = store.campaigns.ballotOfficials(campaign.id, point).map((o) => o.code);
    store.ballots.ensureSlots(point.id, day, codes.length, store.rosters.count(point.id));
    store.voting.openPointDay(point.id, day, clock.now().toISOString(), actor.name);
    // The first point to open starts the voting for the whole campaign (stamped → voting).
    if (campaign.state === "stamped") {
      const next = nextState(campaign.state, "open");
      if (!next.ok || !store.campaigns.setState(campaign.id, campaign.state, next.value)) {
        throw new Error("campaign state changed during openPoint");
      }
      record(deps, actor, "campaign.voting", campaign.code, { firstPoint: point.code });
    }
    // Zero report (báo cáo số 0): nothing issued, nothing collected, at the moment of opening.
    record(deps, actor, "point.open", point.code, {
      day,
      zeroReport: { issued: 0, collected: 0, voided: 0, ballots: 0 },
      roster: rosterBallotsOf(store, campaign, point.id),
    });
    return ok(true);
  });
  return wakingPoint(store, input.pointId, opened);
}

export type PauseOrResumeError = Refusal<"not_open" | "not_paused" | "stale">;

export function pauseOrResume(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; action: "pause" | "resume"; day?: string },
): Result<PointDayStatus, PauseOrResumeError> {
  const { store, clock } = deps;
  const { point, action } = input;
  const changed = store.withTransaction((): Result<PointDayStatus, PauseOrResumeError> => {
    const day = vietnamDate(clock.now());
    const shown = sameDayAsShown(input.day, day);
    if (!shown.ok) return shown;
    const status = pointDayStatus(store, point.id, day);
    const next = nextPointStatus(status, action);
    if (!next.ok) return next;
    if (!store.voting.setPointDayState(point.id, day, status, next.value))
      throw new Error("point state changed");
    record(deps, actor, action === "pause" ? "point.pause" : "point.resume", point.code, { day });
    return ok(next.value);
  });
  return wakingPoint(store, point.id, changed);
}

export type IssueBallotError = Refusal<
  | "not_open"
  | "paused"
  | "closed"
  | "no_entry"
  | "already_issued"
  | "no_household"
  | "household_issued"
  | "no_kiosk"
  | "kiosk_busy"
  | "kiosk_offline"
>;

/**
 * Phát phiếu (DESIGN §4 step 2): the roster entry is marked issued — once, enforced by the database —
 * and one free kiosk of the point gets a single-use ticket that does not reference the entry.
 */
export function issueBallot(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaign: Campaign; point: Point; rosterEntryId: number; kioskId: string },
): Result<{ kioskLabel: string; kioskId: string }, IssueBallotError> {
  const { store, clock } = deps;
  const { campaign, point } = input;
  const checkedIn = store.withTransaction((): Result<{ kiosk: Kiosk; day: string }, IssueBallotError> => {
    const day = vietnamDate(clock.now());
    const open = checkVotingOpen(pointDayStatus(store, point.id, day));
    if (!open.ok) return open;
    const entry = store.rosters.entry(input.rosterEntryId);
    if (!entry || entry.pointId !== point.id)
      return fail("no_entry", "Người này không có trong danh sách của điểm.");
    if (store.voting.checkedIn(entry.id))
      return fail("already_issued", `${entry.fullName} đã nhận phiếu rồi.`);
    const household = campaign.onePer === "household" ? householdKeyOf(point.id, entry.householdCode) : null;
    if (campaign.onePer === "household" && !household) {
      return fail("no_household", "Người này không có mã hộ trong danh sách: không phát phiếu theo hộ được.");
    }
    if (household && store.voting.householdCheckedIn(household)) {
      return fail("household_issued", `Hộ ${entry.householdCode} đã nhận phiếu rồi (mỗi hộ một phiếu).`);
    }
    const found = freeKioskAt(deps, point, input.kioskId);
    if (!found.ok) return found;
    const kiosk = found.value;
    // Only the hour of the check-in is kept (turnout by hour): a precise time could be lined up
    // with the order of the ballots. The ticket carries no time at all. No audit entry either: its
    // time and order would link the resident to the next ballot (DESIGN §5).
    store.voting.insertCheckIn(entry.id, point.id, day, household, hourOf(clock.now()), actor.name);
    store.voting.addCounts(point.id, day, { issued: 1 });
    return ok({ kiosk, day });
  });
  if (!checkedIn.ok) return checkedIn;
  const { kiosk, day } = checkedIn.value;
  return ok(handOutTicket(deps, kiosk, point, day));
}

export type VoidTicketError = Refusal<"no_kiosk" | "no_ticket" | "changed">;

/**
 * Không thu về: the resident left without voting; the ballot counts as issued, not collected.
 * `ticketRef` (ticketRef of the ticket the officer saw at that kiosk): refused ("changed") when the
 * kiosk holds another ticket now — the next resident's, whose ballot must not be voided.
 */
export function voidTicket(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; kioskId: string; ticketRef: string },
): Result<Kiosk, VoidTicketError> {
  const { store } = deps;
  const { point } = input;
  const voided = store.withTransaction((): Result<Kiosk, VoidTicketError> => {
    const found = kioskAt(store, point, input.kioskId);
    if (!found.ok) return found;
    const kiosk = found.value;
    const ticket = store.tickets.forKiosk(kiosk.id);
    if (!ticket) return fail("no_ticket", "Máy này không có phiếu nào đang chờ.");
    if (ticketRef(ticket.id) !== input.ticketRef) {
      return fail(
        "changed",
        `${kiosk.label ?? "Máy này"} vừa nhận phiếu của một cử tri khác: chưa hủy phiếu nào. Xin xem lại máy rồi mới bấm “Không thu về”.`,
      );
    }
    store.voting.addCounts(ticket.pointId, ticket.day, { voided: 1 });
    record(deps, actor, "ticket.void", point.code, { kiosk: kiosk.label, day: ticket.day });
    return ok(kiosk);
  });
  if (!voided.ok) return voided;
  store.tickets.void(voided.value.id);
  // The kiosk, so that the officer is told which one's ballot was voided.
  return ok(voided.value);
}

/** A ticket this kiosk no longer holds: cast, voided, or never this kiosk's. */
const TICKET_GONE = "Phiếu này không còn hiệu lực (đã gửi, đã hủy, hoặc không phải của máy này).";

export type CastBallotError = Refusal<
  | "not_paired"
  | "no_ticket"
  | "old_ticket"
  | "not_open"
  | "paused"
  | "closed"
  | "gone"
  | "unknown_official"
  | "bad_level"
  | "blank_not_confirmed"
>;

/**
 * Casting (issue #5 §5): the ticket must be the one this kiosk holds (in memory) and the point must
 * be open; the ballot is stored in a random free slot of the ballot file (ballot-box.ts), durably,
 * and only then is the ticket consumed and the kiosk told "đã ghi nhận". The main database is not
 * written (but for the fast-cast alert below, at most once an hour per kiosk). A retry of the ticket
 * this kiosk cast last is answered as repeated, but only while no newer ticket was handed to the
 * kiosk: a replay of the previous resident's ballot must never tell the next resident that their vote
 * is recorded. Nothing of the cast itself is audited or logged, and the actor is not recorded: a
 * ballot is linked to no one (DESIGN §5).
 */
export function castBallot(
  deps: ServiceDeps,
  _actor: Actor,
  input: { kioskId: string; ticketId: string; form: Record<string, string> },
): Result<{ repeated: boolean }, CastBallotError> {
  const { store, clock } = deps;
  const { ticketId, form } = input;
  const kiosk = store.voting.kiosk(input.kioskId);
  if (!kiosk || kiosk.pointId === null)
    return fail("not_paired", "Máy này chưa được kết nối với điểm lấy phiếu.");
  const ticket = store.tickets.forKiosk(kiosk.id);
  if (!ticket || ticket.id !== ticketId) {
    // A double tap, or a retry after a lost answer, while the kiosk holds no newer ticket.
    if (!ticket && ticketId !== "" && store.tickets.lastCastBy(kiosk.id) === ticketId)
      return ok({ repeated: true });
    return fail("no_ticket", TICKET_GONE);
  }
  if (ticket.day !== vietnamDate(clock.now())) {
    return fail(
      "old_ticket",
      "Phiếu này được phát trong ngày khác nên không dùng được nữa. Xin báo tổ công tác.",
    );
  }
  const open = checkVotingOpen(pointDayStatus(store, ticket.pointId, ticket.day));
  if (!open.ok)
    return fail(open.error.code, `${open.error.message} Phiếu chưa được ghi nhận; xin báo tổ công tác.`);
  const campaign = store.campaigns.current();
  const point = campaign ? store.points.get(campaign.id, ticket.pointId) : null;
  if (!campaign || !point) return fail("gone", "Không tìm thấy điểm lấy phiếu.");
  const codes = store.campaigns.ballotOfficials(campaign.id, point).map((o) => o.code);
  const parsed = parseBallotForm(form, codes);
  if (!parsed.ok) return parsed;
  const confirmed = checkBlanksConfirmed(parsed.value.blanks, form["confirmBlank"] === "1");
  if (!confirmed.ok) return confirmed;
  // Durable when it returns (synchronous=FULL); bun:sqlite is synchronous, so no other request runs
  // between this and consuming the ticket.
  store.ballots.cast(ticket.pointId, ticket.day, encodeMarks(codes, parsed.value.marks));
  const now = clock.now().getTime();
  const pace = store.tickets.consume(ticket, now);
  // A kiosk casting faster than a person can (issue #9 §4): the alert shows on the console and the
  // board from memory; the audit log gets it once an hour per kiosk and whenever it worsens, with the counts only, as the
  // server's own finding. Its time is that of some cast at that kiosk, which links no ballot (ballots
  // keep no time or order) and no resident (check-ins keep the hour).
  if (pace.alert && store.tickets.alertDue(kiosk.id, ticket.day, now, pace.fast)) {
    try {
      store.withTransaction(() => {
        record(deps, SYSTEM_ACTOR, "kiosk.fast_cast", point.code, {
          // The day: the close writes the day's alerts into its minutes' incidents (close.ts).
          day: ticket.day,
          kiosk: kiosk.label,
          fast: pace.fast,
          of: pace.of,
        });
        return ok(true);
      });
    } catch {
      // The ballot is stored and the ticket consumed: the resident must hear "đã ghi nhận". The
      // alert still shows on the console and the board (from memory); only its audit entry is lost.
    }
  }
  return ok({ repeated: false });
}

export type BallotView = {
  ticketId: string;
  point: Point;
  officials: ReturnType<typeof ballotFor>;
  /** Where the resident is, what they chose so far, how they want the screen (memory only). */
  progress: BallotProgress;
};

/**
 * The ballot a kiosk should show now, if it holds a ticket: the point's officials and the ballot in
 * progress (started, in memory, the first time the ballot is shown); marks the ticket as opened.
 * The point and its officials are read from the files once per ticket and then kept with it
 * (TicketBook.keepSheet): every step, reload and held poll of the resident's ballot asks this, and
 * neither can change under a ticket — a campaign's points and officials are fixed from its stamp,
 * before any point opens (services/draft.ts), and there is only ever one campaign (saveCampaign).
 */
export function ballotForKiosk(deps: ServiceDeps, kioskId: string): BallotView | null {
  const { store, clock } = deps;
  // Read first: the idle poll runs every second per kiosk and must not take the write lock.
  const ticket = store.tickets.forKiosk(kioskId);
  // A ticket left over from another day cannot be cast; the officer voids it ("không thu về").
  if (!ticket || ticket.day !== vietnamDate(clock.now())) return null;
  let sheet = store.tickets.sheetOf(ticket);
  if (!sheet) {
    sheet = readSheet(store, ticket.pointId);
    if (!sheet) return null;
    store.tickets.keepSheet(ticket, sheet);
  }
  if (!ticket.opened) {
    store.tickets.markOpened(kioskId);
    // "Đang chờ cử tri" becomes "Cử tri đang ghi phiếu" on the point's consoles.
    store.pointChanged(ticket.pointId);
  }
  let progress = store.tickets.progressOf(kioskId, ticket.id);
  if (!progress) {
    progress = startBallot(ticket.id, clock.now().getTime());
    store.tickets.saveProgress(kioskId, progress);
  }
  return { ticketId: ticket.id, point: sheet.point, officials: sheet.officials, progress };
}

/** The point `pointId` of the current campaign and its ballot's officials; null when either is gone. */
function readSheet(store: Store, pointId: number): BallotSheet | null {
  const campaign = store.campaigns.current();
  const point = campaign ? store.points.get(campaign.id, pointId) : null;
  if (!campaign || !point) return null;
  return { point, officials: store.campaigns.ballotOfficials(campaign.id, point) };
}

export type KioskBallotActionError = Refusal<"no_ticket"> | KioskBallotError;

/**
 * One step of the resident's ballot on the kiosk — a choice, "Quay lại" / "Tiếp", "Sửa", the review,
 * the question about blank rows, the text size or contrast, or just "I am still here" — applied to
 * the ballot in progress held in memory under the kiosk's ticket (server/db/ticket-book.ts).
 * Deliberately no transaction and no audit entry: nothing here may reach a file, since the marks of
 * a resident still at the kiosk are a ballot that their check-in's hour could be lined up with
 * (DESIGN §5). Refused when the kiosk no longer holds `ticketId` (cast, voided, or another day's).
 */
export function actOnKioskBallot(
  deps: ServiceDeps,
  _actor: Actor,
  input: { kioskId: string; ticketId: string; action: KioskBallotAction },
): Result<BallotView, KioskBallotActionError> {
  const { store, clock } = deps;
  const view = ballotForKiosk(deps, input.kioskId);
  if (!view || view.ticketId !== input.ticketId) {
    return fail("no_ticket", TICKET_GONE);
  }
  const codes = view.officials.map((o) => o.code);
  const next = applyKioskAction(view.progress, codes, input.action, clock.now().getTime());
  if (!next.ok) return next;
  store.tickets.saveProgress(input.kioskId, next.value);
  return ok({ ...view, progress: next.value });
}

/**
 * Tickets a restart lost at a point-day: every ticket ever handed out (issued with a check-in, or
 * re-issued) ends as a ballot, a void, an outstanding ticket, or lost with the memory that held it:
 * lost = issued + reissued − collected − voided − outstanding. Counts only; no resident is named.
 */
export function lostTickets(store: Store, pointId: number, day: string): { lost: number; reissued: number } {
  const record = store.voting.pointDay(pointId, day);
  if (!record) return { lost: 0, reissued: 0 };
  const lost =
    record.issued +
    record.reissued -
    record.collected -
    record.voided -
    store.tickets.outstanding(pointId, day);
  return { lost: Math.max(0, lost), reissued: record.reissued };
}

export type ReissueTicketError = Refusal<
  "not_open" | "paused" | "closed" | "no_kiosk" | "kiosk_busy" | "kiosk_offline" | "none_lost"
>;

/**
 * Phát lại phiếu: after a restart lost tickets (lostTickets), the officer hands a checked-in resident
 * who is standing there, ballot not cast, a new ticket on a free kiosk. Recorded as an incident in
 * the audit log and counted (re-issued), never more often than tickets were lost. No check-in is
 * written: the resident was checked in already.
 */
export function reissueTicket(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; kioskId: string },
): Result<{ kioskLabel: string; kioskId: string }, ReissueTicketError> {
  const { store, clock } = deps;
  const { point } = input;
  const reissued = store.withTransaction((): Result<{ kiosk: Kiosk; day: string }, ReissueTicketError> => {
    const day = vietnamDate(clock.now());
    const open = checkVotingOpen(pointDayStatus(store, point.id, day));
    if (!open.ok) return open;
    const { lost, reissued } = lostTickets(store, point.id, day);
    if (reissued >= lost) {
      return fail("none_lost", "Không có phiếu nào bị mất cần phát lại.");
    }
    const found = freeKioskAt(deps, point, input.kioskId);
    if (!found.ok) return found;
    const kiosk = found.value;
    store.voting.addCounts(point.id, day, { reissued: 1 });
    record(deps, actor, "ticket.reissue", point.code, {
      day,
      kiosk: kiosk.label,
      lost,
      reissued: reissued + 1,
    });
    return ok({ kiosk, day });
  });
  if (!reissued.ok) return reissued;
  const { kiosk, day } = reissued.value;
  return ok(handOutTicket(deps, kiosk, point, day));
}

/**
 * A kiosk of the point that may take a ticket now: paired (and confirmed), holding none, and seen
 * in the last seconds. Shared by the first hand-out (phát phiếu) and a re-issue after a restart.
 */
function freeKioskAt(
  deps: ServiceDeps,
  point: Point,
  kioskId: string,
): Result<Kiosk, Refusal<"no_kiosk" | "kiosk_busy" | "kiosk_offline">> {
  const found = kioskAt(deps.store, point, kioskId);
  if (!found.ok) return found;
  const kiosk = found.value;
  if (deps.store.tickets.forKiosk(kiosk.id)) {
    return fail(
      "kiosk_busy",
      `${kiosk.label ?? "Máy này"} đang có phiếu chưa dùng. Chọn máy khác đang sẵn sàng.`,
    );
  }
  // A kiosk whose poll is held open right now is there, whatever its last-seen time says: on a busy
  // server the held poll's periodic touch can run late, and "Phát phiếu" must still reach it.
  const pollHeld = deps.store.kioskPollHeld(kiosk.id);
  if (kioskStatus(null, kiosk.lastSeenAt, deps.clock.now().getTime(), pollHeld) === "offline") {
    return fail(
      "kiosk_offline",
      `${kiosk.label ?? "Máy này"} đang mất kết nối. Chọn máy khác, hoặc kiểm tra máy rồi thử lại.`,
    );
  }
  return ok(kiosk);
}

/**
 * Hands the kiosk its ticket, in memory only (ticket-book.ts), after the write that allowed it: no
 * file holds both a check-in and the ticket the kiosk will cast with. Run as a change of a group
 * commit (the check-in route), the ticket is taken back if that commit fails, and the kiosk's long
 * poll only wakes after it (its continuation runs once the synchronous batch is over).
 */
function handOutTicket(
  deps: ServiceDeps,
  kiosk: Kiosk,
  point: Point,
  day: string,
): { kioskLabel: string; kioskId: string } {
  deps.store.tickets.issue(
    { id: randomHex(16), kioskId: kiosk.id, pointId: point.id, day, opened: false },
    deps.clock.now().getTime(),
  );
  return { kioskLabel: kiosk.label ?? "", kioskId: kiosk.id };
}
