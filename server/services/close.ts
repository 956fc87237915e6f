import { sha256Hex } from "../crypto/digest.ts";
import type { StoredMinutes } from "../db/minutes-repo.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import { formatDate, vietnamDate } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import {
  type BuildMinutesErrorCode,
  buildMinutes,
  incidentLines,
  minutesSigningBytes,
} from "../domain/minutes.ts";
import { fail, ok, type Refusal, type Result } from "../domain/result.ts";
import { type Point, resolveRuleSet } from "../domain/setup.ts";
import { pageTooOld } from "../domain/text.ts";
import { fastCastIncidents, rosterBallots } from "../domain/voting.ts";
import { record, type ServiceDeps } from "./deps.ts";
import { lostTickets, pointDayStatus } from "./voting.ts";

export type ClosePointError =
  | Refusal<"gone" | "not_open" | "closed" | "stale" | "tickets_outstanding" | "incidents_too_long">
  | MinutesBuildError;

/**
 * Kết thúc và kiểm phiếu (DESIGN §4 step 3; "lấy phiếu ngày nào thì làm ngày đó"): today's point-day
 * closes — nothing more can be issued or cast — and its minutes are built from the ballot file and
 * stored, unsigned, version 1, in the same transaction: a crash leaves the day either open or closed
 * with its minutes, never closed without them (issue #12 §5). Then the secrecy sweep runs at once.
 * `day` is the day the officer confirmed (the close page shows it): when the day to close is no
 * longer that one ("stale": another member closed it meanwhile, or the page was sent twice), nothing
 * is closed — today's voting must never end on a confirmation given for a day left open before it.
 * Without `day`, the day to close now (`dayToClose`).
 * Refused while a kiosk holds a ticket of that day (the officer lets the resident finish, or voids it:
 * "Không thu về"; a resident voting today does not hold up closing a day left open before), unless
 * the point-day is open or paused, and when the incidents typed exceed what the minutes
 * hold (INCIDENT_LIMITS): never cut short in a document the officers sign. A failed reconciliation never stops the close: it
 * is in the minutes, in red, as an incident. A day closed without minutes (a database from before
 * this change) is repaired by `ensureMinutes` ("Lập biên bản").
 */
export function closePointDay(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; pointId: number; day?: string; incidents?: readonly string[] },
): Result<{ minutes: StoredMinutes; swept: boolean }, ClosePointError> {
  const { store, clock } = deps;
  const incidents = incidentLines(input.incidents ?? []);
  if (!incidents.ok) return incidents;
  const closed = store.withTransaction((): Result<StoredMinutes, ClosePointError> => {
    const campaign = store.campaigns.byId(input.campaignId);
    const point = campaign ? store.points.get(campaign.id, input.pointId) : null;
    if (!campaign || !point) return fail("gone", "Không tìm thấy điểm lấy phiếu.");
    const today = vietnamDate(clock.now());
    const day = dayToClose(store, point.id, today);
    if (input.day !== undefined && input.day !== day) {
      const asked = formatDate(input.day);
      return pointDayStatus(store, point.id, input.day) === "closed"
        ? fail(
            "stale",
            `Ngày ${asked} đã được kết thúc và kiểm phiếu rồi (có thể do thành viên khác của tổ). Không có gì thay đổi thêm.`,
          )
        : fail(
            "stale",
            pageTooOld(
              `ngày cần kết thúc bây giờ là ${formatDate(day)}, không phải ${asked}; chưa có gì thay đổi`,
              "Xin xem lại trước khi kết thúc.",
            ),
          );
    }
    const on = day === today ? "hôm nay" : `ngày ${formatDate(day)}`;
    const status = pointDayStatus(store, point.id, day);
    if (status === "closed") return fail("closed", `Điểm đã kết thúc và kiểm phiếu ${on}.`);
    if (status === "not_opened") return fail("not_open", `Điểm chưa mở ${on}: không có gì để kiểm phiếu.`);
    const busy = store.voting.kiosksAt(point.id).filter((k) => store.tickets.forKiosk(k.id)?.day === day);
    if (busy.length > 0) {
      return fail(
        "tickets_outstanding",
        `${busy.map((k) => k.label ?? "Một máy").join(", ")} đang có phiếu của cử tri. Hãy chờ cử tri gửi phiếu, hoặc bấm “Không thu về” nếu cử tri đã rời đi, rồi kết thúc.`,
      );
    }
    const closedAt = clock.now().toISOString();
    if (!store.voting.closePointDay(point.id, day, status, closedAt)) {
      throw new Error("point-day state changed during close");
    }
    // No kiosk pairs with a point whose day is over: a window opened just before the close would
    // otherwise let a tablet register for minutes after it. Only today's close: closing a day left
    // open since yesterday must not cut a window the team opened this morning.
    if (day === vietnamDate(clock.now())) store.voting.endPairingWindow(point.id, closedAt);
    // Sự cố typed by the officers at close: part of the minutes they are about to sign.
    for (const message of incidents.value) {
      record(deps, actor, "point.incident", point.code, { day, message });
    }
    const counts = store.voting.pointDay(point.id, day);
    record(deps, actor, "point.close", point.code, {
      day,
      issued: counts?.issued ?? 0,
      collected: counts?.collected ?? 0,
      voided: counts?.voided ?? 0,
      reissued: counts?.reissued ?? 0,
    });
    // Inside the close's transaction: a minutes build that fails leaves the day open, as it was.
    return ensureMinutes(deps, actor, { campaignId: input.campaignId, pointId: point.id, day });
  });
  if (!closed.ok) return closed;
  store.pointDayClosed(input.pointId);
  // At once: whatever order the main database's files still keep of the day's check-ins is gone.
  const swept = store.sweep().ok;
  return ok({ minutes: closed.value, swept });
}

/**
 * The day a close applies to: a day left open before today comes first (officers who forgot, or
 * counting that ran past midnight: "lấy phiếu ngày nào thì làm ngày đó", late rather than never),
 * else today.
 */
export function dayToClose(store: Store, pointId: number, today: string): string {
  return store.voting.unclosedDays(pointId).find((d) => d < today) ?? today;
}

export type MinutesBuildError = Refusal<
  "gone" | "not_closed" | "not_stamped" | "certified" | BuildMinutesErrorCode
>;

/** A certified campaign is read-only (issue #11 §5): no minutes are made or reopened any more. */
const CERTIFIED = "Kết quả đợt lấy phiếu đã được xác nhận: biên bản không thay đổi được nữa.";

/**
 * The current minutes of a closed point-day, building and storing version 1 if none exists yet
 * (idempotent: after a crash between the close and the minutes, calling it again finishes the job).
 */
export function ensureMinutes(
  deps: ServiceDeps,
  actor: Actor,
  input: { campaignId: number; pointId: number; day: string },
): Result<StoredMinutes, MinutesBuildError> {
  const { store, clock } = deps;
  return store.withTransaction((): Result<StoredMinutes, MinutesBuildError> => {
    const existing = store.minutes.current(input.pointId, input.day);
    if (existing) return ok(existing);
    const campaign = store.campaigns.byId(input.campaignId);
    const point = campaign ? store.points.get(campaign.id, input.pointId) : null;
    if (!campaign || !point) return fail("gone", "Không tìm thấy điểm lấy phiếu.");
    if (campaign.state === "certified") return fail("certified", CERTIFIED);
    const previous = store.minutes.previous(point.id, input.day);
    const built = buildDocument(
      store,
      campaign,
      point,
      input.day,
      previous ? digestOfStored(previous) : null,
    );
    if (!built.ok) return built;
    const id = store.minutes.insert({
      pointId: point.id,
      day: input.day,
      version: 1,
      document: built.value.text,
      signingDigest: sha256Hex(built.value.text),
      checks: built.value.checks,
      at: clock.now().toISOString(),
    });
    const stored = store.minutes.byId(id);
    if (!stored) throw new Error("minutes vanished inside their own transaction");
    void actor;
    return ok(stored);
  });
}

/** The unsigned minutes of a closed point-day as canonical JSON, with the reconciliation. */
function buildDocument(store: Store, campaign: Campaign, point: Point, day: string, previous: string | null) {
  const record = store.voting.pointDay(point.id, day);
  if (!record?.closedAt) return fail("not_closed", "Điểm chưa kết thúc ngày này.");
  if (!campaign.configDigest) return fail("not_stamped", "Đợt lấy phiếu chưa được đóng dấu.");
  const ruleSet = resolveRuleSet(campaign.ruleSet);
  if (!ruleSet.ok) return ruleSet;
  const commune = store.campaigns.commune(campaign.id, point.communeId);
  const rosterVersion = store.rosters.commitments(point.id).at(-1);
  if (!rosterVersion) return fail("not_stamped", "Danh sách của điểm chưa được đóng dấu.");
  const rosterCommitment = rosterVersion.digest;
  const ballot = store.campaigns.ballotOfficials(campaign.id, point).map((o) => ({
    code: o.code,
    name: o.name,
    position: o.position,
  }));
  const officers = store.officers
    .list()
    .filter((o) => o.pointIds.includes(point.id))
    .map((o) => ({ code: o.username, name: o.displayName, role: o.teamRole }));
  // The day's incidents so far, as audited when they happened: re-issued tickets and the sự cố the
  // officers typed at close; then the server's own findings about the day, a kiosk's fast casts
  // (issue #9 §4: the board must see them on the minutes, not only on a console that calms down
  // after the close), one per kiosk and without a time (fastCastIncidents).
  const ofDay = (actions: Parameters<typeof store.audit.about>[1]) =>
    store.audit.about(point.code, actions).filter((e) => e.details["day"] === day);
  const incidents = [
    ...ofDay(["ticket.reissue", "point.incident"]).map((e) => ({
      code: e.action,
      message:
        e.action === "ticket.reissue"
          ? `Phát lại phiếu bị mất sau khi máy chủ khởi động lại (${String(e.details["kiosk"] ?? "")}).`
          : String(e.details["message"] ?? ""),
      at: e.at,
    })),
    ...fastCastIncidents(
      ofDay(["kiosk.fast_cast"]).map((e) => ({
        kiosk: String(e.details["kiosk"] ?? "Máy"),
        fast: Number(e.details["fast"] ?? 0),
        of: Number(e.details["of"] ?? 0),
      })),
    ),
  ];
  const built = buildMinutes({
    campaign: { code: campaign.code, name: campaign.name, aggregator: campaign.aggregator },
    point: { code: point.code, name: point.name, commune: commune?.code ?? "" },
    day,
    ballot,
    ballots: store.ballots.ballots(point.id, day),
    counts: {
      // The ballots the list allows: its entries, or its households when one ballot per household.
      roster: rosterBallots(campaign.onePer, rosterVersion),
      checkIns: store.voting.checkInCount(point.id, day),
      issued: record.issued,
      reissued: record.reissued,
      collected: record.collected,
      voided: record.voided,
      lost: lostTickets(store, point.id, day).lost,
    },
    ruleSet: ruleSet.value,
    settings: {
      smallPointThreshold: campaign.smallPointThreshold,
      minTurnoutPercent: campaign.minTurnoutPercent,
    },
    commitments: {
      config: campaign.configDigest,
      roster: rosterCommitment,
      previous,
    },
    officers,
    incidents,
    openedAt: record.openedAt,
    closedAt: record.closedAt,
  });
  if (!built.ok) return built;
  const text = new TextDecoder().decode(minutesSigningBytes(built.value.document));
  return ok({ text, checks: built.value.checks });
}

/**
 * What the next day's minutes, or a reopened version, chain to (`commitments.previous`): the SHA-256
 * of the previous minutes' canonical JSON without signatures — exactly what its officers sign. Not
 * the digest of the signed document: that changes with every signature added, and the Tổ trưởng may
 * well sign day D after day D+1 has closed.
 */
export const digestOfStored = (m: StoredMinutes): string => m.signingDigest;

export type ReopenMinutesError = Refusal<"gone" | "no_minutes" | "no_reason" | "stale"> | MinutesBuildError;

/**
 * Mở lại biên bản (the board): the current minutes of a point-day are superseded — kept, never
 * edited — and a new version is built from the same ballots and counts, chained to the old one
 * (commitments.previous = its digest), to be signed again. Refused without a reason (at least a few
 * words: it is printed in the audit log), when there are no minutes, or when they are no longer the
 * `version` the board member read (when given: "stale" — another member reopened them meanwhile, or
 * the form was sent twice; a second reopen would set aside a version the team may have signed since).
 */
export function reopenMinutes(
  deps: ServiceDeps,
  actor: Actor,
  input: {
    campaignId: number;
    pointId: number;
    day: string;
    reason: string;
    version?: number;
    /** The signatures the page showed: minutes signed since (complete, checked, counted) are not set aside. */
    signatures?: number;
  },
): Result<StoredMinutes, ReopenMinutesError> {
  const { store, clock } = deps;
  const reason = input.reason.normalize("NFC").trim();
  if (reason.length < 10) return fail("no_reason", "Ghi rõ lý do mở lại biên bản (ít nhất 10 ký tự).");
  return store.withTransaction((): Result<StoredMinutes, ReopenMinutesError> => {
    const campaign = store.campaigns.byId(input.campaignId);
    const point = campaign ? store.points.get(campaign.id, input.pointId) : null;
    if (!campaign || !point) return fail("gone", "Không tìm thấy điểm lấy phiếu.");
    if (campaign.state === "certified") return fail("certified", CERTIFIED);
    const current = store.minutes.current(point.id, input.day);
    if (!current) return fail("no_minutes", "Chưa có biên bản kiểm phiếu của điểm trong ngày này.");
    if (input.version !== undefined && input.version !== current.version) {
      return fail(
        "stale",
        `Biên bản đã được mở lại rồi (nay là phiên bản ${current.version}): không mở lại thêm. Xin xem phiên bản hiện tại dưới đây.`,
      );
    }
    if (input.signatures !== undefined && input.signatures !== current.signatures.length) {
      return fail(
        "stale",
        `Biên bản vừa được ký thêm (nay có ${current.signatures.length} chữ ký): chưa mở lại. Xin xem lại biên bản dưới đây rồi mới quyết định.`,
      );
    }
    const at = clock.now().toISOString();
    if (!store.minutes.supersede(current.id, at, reason)) throw new Error("minutes superseded meanwhile");
    const built = buildDocument(store, campaign, point, input.day, digestOfStored(current));
    if (!built.ok) return built;
    const id = store.minutes.insert({
      pointId: point.id,
      day: input.day,
      version: current.version + 1,
      document: built.value.text,
      signingDigest: sha256Hex(built.value.text),
      checks: built.value.checks,
      at,
    });
    record(deps, actor, "minutes.reopen", point.code, {
      day: input.day,
      reason,
      superseded: current.version,
      version: current.version + 1,
    });
    const stored = store.minutes.byId(id);
    if (!stored) throw new Error("minutes vanished inside their own transaction");
    return ok(stored);
  });
}
