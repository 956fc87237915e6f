import { randomHex, sha256Hex } from "../crypto/digest.ts";
import type { Store } from "../db/store.ts";
import { throttleKeys } from "../db/throttle-repo.ts";
import type { Actor } from "../domain/audit.ts";
import { formatDate, vietnamDate } from "../domain/calendar.ts";
import type { Campaign } from "../domain/campaign.ts";
import { DEFAULT_KIOSK_IDLE_SECONDS, idleState } from "../domain/kiosk-ballot.ts";
import { formatWait } from "../domain/login-throttle.ts";
import {
  checkPairingAttempt,
  isWindowOpen,
  MAX_PENDING_PER_WINDOW,
  nextPairingFailure,
  PAIRING_CODE_TTL_MS,
  PAIRING_FAILURES,
  PAIRING_WINDOW_MS,
  type PairingFailures,
  type PairingStep,
  type PairingWindow,
  pairingStep,
  parsePairingCode,
  randomPairingCode,
  registrationAllowance,
} from "../domain/pairing.ts";
import { err, fail, mapOk, type Ok, ok, type Refusal, type Result } from "../domain/result.ts";
import type { Point } from "../domain/setup.ts";
import { hasVotingLeft, type Kiosk } from "../domain/voting.ts";
import { record, type ServiceDeps, wakingPoint } from "./deps.ts";

/** A fresh code, unused by any device (10⁸ values, a few hundred pending at most: rarely a second try). */
function newPairingCode(store: Store): string {
  const word = () => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  for (;;) {
    const code = randomPairingCode(word);
    if (!store.voting.kioskByCode(code)) return code;
  }
}

const codeUnder = (store: Store, pointId: number, now: number) => ({
  code: newPairingCode(store),
  pointId,
  expiresAt: new Date(now + PAIRING_CODE_TTL_MS).toISOString(),
});

/** What a browser at /kiosk should see now (read only: nothing is written). */
export function kioskPairingStep(store: Store, kiosk: Kiosk | null, now: number): PairingStep {
  // A paired kiosk (or one awaiting its second officer) does not depend on the open windows: every
  // ballot screen and wait poll of a paired kiosk asks this, so the windows are not read for it.
  const settled = kiosk?.pointId != null || kiosk?.awaitingPointId != null;
  return pairingStep(kiosk, settled ? [] : store.voting.openPairingWindows(new Date(now).toISOString()), now);
}

/** The points whose pairing window is open now, by id (read only). */
export const openWindowPointIds = (store: Store, now: number): number[] =>
  store.voting.openPairingWindows(new Date(now).toISOString()).map((w) => w.pointId);

export type OpenPairingWindowError = Refusal<"day_over">;

/**
 * Whether the point has voting left from `today` on (hasVotingLeft), a day the board left out
 * ("Không tính") not counting: it takes no ballots. Pairing a tablet is refused without it, and the
 * console's "Ngắt" question does not then promise to pair it again. Read only.
 */
export function pointHasVotingLeft(store: Store, point: Point, today: string): boolean {
  // Only today and the days to come matter, each one primary-key read (the live panel asks this).
  const days = point.days.filter((d) => d >= today && store.results.excusal(point.id, d) === null);
  return hasVotingLeft(days, today, store.voting.pointDay(point.id, today)?.status ?? "not_opened");
}

/**
 * Kết nối máy mới: the point's pairing window opens (or stays open) for PAIRING_WINDOW_MS from now.
 * Only while it is open do new kiosk browsers get a code for this point. Refused ("day_over") when
 * the point has no voting left: today's day closed (its close ended the window) or excused by the
 * board, and no day after that is not excused; the refusal names a day still left open.
 * On a day before one of its days it opens: tablets may be set up the evening before.
 */
export function openPairingWindow(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point },
): Result<PairingWindow, OpenPairingWindowError> {
  const { store, clock } = deps;
  const { point } = input;
  return store.withTransaction((): Result<PairingWindow, OpenPairingWindowError> => {
    const now = clock.now().getTime();
    const today = vietnamDate(clock.now());
    if (!pointHasVotingLeft(store, point, today)) {
      const leftOpen = store.voting.unclosedDays(point.id).find((d) => d < today);
      const todayExcused = store.results.excusal(point.id, today);
      return fail(
        "day_over",
        leftOpen
          ? `Hôm nay điểm không lấy phiếu nữa, nên không cần kết nối thêm máy ghi phiếu. Ngày ${formatDate(leftOpen)} chưa kết thúc: bấm “Kết thúc và kiểm phiếu” cho ngày đó.`
          : todayExcused
            ? `Ban Tổ chức đã quyết định không tính điểm này hôm nay (lý do: “${todayExcused.reason}”): điểm không lấy phiếu, không cần kết nối máy ghi phiếu.`
            : "Điểm không còn ngày lấy phiếu nào (ngày lấy phiếu đã kết thúc): không cần kết nối thêm máy ghi phiếu.",
      );
    }
    const current = store.voting.pairingWindow(point.id);
    const window: PairingWindow = {
      pointId: point.id,
      // Pressed again while open: the codes already shown stay valid, the window lasts longer.
      openedAt: isWindowOpen(current, now) ? current.openedAt : new Date(now).toISOString(),
      openedBy: actor.name,
      closesAt: new Date(now + PAIRING_WINDOW_MS).toISOString(),
    };
    store.voting.putPairingWindow(window);
    record(deps, actor, "kiosk.pair.window", point.code, { until: window.closesAt });
    return ok(window);
  });
}

export type RegisterKioskError =
  | Refusal<"no_window">
  | (Refusal<"too_many_from_here"> & { readonly waitMs: number });

const NO_WINDOW = "Chờ tổ công tác mở kết nối: cán bộ bấm “Kết nối máy mới” trên máy của tổ.";

/**
 * A browser with no device row asks for a code under the open window of `pointId`: it becomes an
 * unpaired kiosk with a device token (its cookie). Nothing is written unless that window is open,
 * so a flood outside windows creates no row. One address starts registrations at a bounded rate
 * (`registrationAllowance`: a burst of 20, then one per 3 s; refusals not counted, and they say how
 * many seconds to wait), and a window keeps at most MAX_PENDING_PER_WINDOW codes, the least recently
 * seen forgotten first: a flood cannot refuse a real kiosk its code for more than seconds.
 */
export function registerKiosk(
  deps: ServiceDeps,
  actor: Actor,
  input: { pointId: number },
): Result<{ token: string; kiosk: Kiosk }, RegisterKioskError> {
  const { store, clock } = deps;
  return store.withTransaction(() => {
    const now = clock.now().getTime();
    const at = new Date(now).toISOString();
    if (!isWindowOpen(store.voting.pairingWindow(input.pointId), now)) return fail("no_window", NO_WINDOW);
    const key = `kiosk-register:${actor.address ?? ""}`;
    // The address's theoretical arrival time rides in the throttle row's lastFailureAt.
    const allowance = registrationAllowance(store.throttle.get(key)?.lastFailureAt ?? null, now);
    if (!allowance.ok) {
      return err({
        code: "too_many_from_here",
        waitMs: allowance.waitMs,
        message: `Có nhiều máy đang xin kết nối từ cùng mạng này. Trang sẽ tự thử lại sau ${formatWait(allowance.waitMs)}.`,
      });
    }
    store.voting.forgetExpiredPairings(at);
    const token = randomHex(32);
    const id = randomHex(8);
    store.voting.createKiosk(id, sha256Hex(token), codeUnder(store, input.pointId, now), at);
    store.voting.trimPendingPairings(input.pointId, MAX_PENDING_PER_WINDOW, id);
    store.throttle.put(key, { failures: 0, lastFailureAt: allowance.tat, lockedUntil: null }, null, now);
    const kiosk = store.voting.kiosk(id);
    if (!kiosk) throw new Error("kiosk vanished after insert");
    return ok({ token, kiosk });
  });
}

/**
 * The code a browser at /kiosk shows, under the open window of `pointId`: a device whose code ran
 * out or whose window closed gets a fresh one (its row is already counted: no address limit), a
 * browser without a row registers. `token` is set when a new device cookie must be handed out.
 * Not audited: anonymous browsers ask, nothing is decided.
 */
export function requestPairingCode(
  deps: ServiceDeps,
  actor: Actor,
  input: { kiosk: Kiosk | null; pointId: number },
): Result<{ kiosk: Kiosk; token: string | null }, RegisterKioskError> {
  const { store, clock } = deps;
  const { kiosk } = input;
  if (!kiosk) return mapOk(registerKiosk(deps, actor, { pointId: input.pointId }), (r) => ({ ...r }));
  if (kiosk.pointId !== null || kiosk.awaitingPointId !== null) return ok({ kiosk, token: null });
  return store.withTransaction(() => {
    const now = clock.now().getTime();
    if (!isWindowOpen(store.voting.pairingWindow(input.pointId), now)) return fail("no_window", NO_WINDOW);
    store.voting.renewPairingCode(kiosk.id, codeUnder(store, input.pointId, now));
    store.voting.touchKiosk(kiosk.id, new Date(now).toISOString());
    store.voting.trimPendingPairings(input.pointId, MAX_PENDING_PER_WINDOW, kiosk.id);
    return ok({ kiosk: store.voting.kiosk(kiosk.id) ?? kiosk, token: null });
  });
}

export type PairKioskError = Refusal<
  "bad_code" | "no_window" | "too_many_attempts" | "unknown_code" | "own_screen"
>;

const toFailures = (s: { failures: number; lastFailureAt: number } | null): PairingFailures | null =>
  s ? { failures: s.failures, periodStart: s.lastFailureAt } : null;

/**
 * The officer types the code shown on a kiosk. It pairs only while the point's window is open and
 * only a code issued under that window (no capture of another point's kiosk). Wrong codes are
 * limited per officer and point (PAIRING_FAILURES) and audited as `kiosk.pair.failed`: the first of
 * each minute and the one that uses the minute up, with the count; refused attempts are not checked.
 */
export function pairKiosk(
  deps: ServiceDeps,
  actor: Actor,
  input: {
    point: Point;
    code: string;
    /** The kiosk device of the browser asking, if any: an officer's own screen is never a kiosk. */
    selfKioskId?: string | null;
  },
): Result<Kiosk, PairKioskError> {
  const { store, clock } = deps;
  const { point } = input;
  // A wrong code must leave its trace (the count, the audit entry) although the pairing is refused:
  // the transaction returns the refusal as a value, and it becomes the failed Result only after the commit.
  const outcome = store.withTransaction((): Result<Result<Kiosk, PairKioskError>, PairKioskError> => {
    const now = clock.now().getTime();
    const code = parsePairingCode(input.code);
    if (!code)
      return fail("bad_code", "Mã kết nối gồm 8 chữ số (hai nhóm bốn số), hiện trên màn hình máy ghi phiếu.");
    if (!isWindowOpen(store.voting.pairingWindow(point.id), now)) {
      return fail(
        "no_window",
        "Chưa mở kết nối hoặc đã hết 5 phút: bấm “Kết nối máy mới”, chờ mã hiện trên máy ghi phiếu rồi nhập lại.",
      );
    }
    const key = throttleKeys.pairing(point.id, actor.name);
    const failures = toFailures(store.throttle.get(key));
    const allowed = checkPairingAttempt(failures, now);
    if (!allowed.ok) return allowed;
    const kiosk = store.voting.kioskByCode(code);
    if (
      !kiosk ||
      kiosk.pointId !== null ||
      kiosk.pairingPointId !== point.id ||
      !kiosk.pairingExpiresAt ||
      Date.parse(kiosk.pairingExpiresAt) <= now
    ) {
      const next = nextPairingFailure(failures, now);
      store.throttle.put(
        key,
        {
          failures: next.state.failures,
          lastFailureAt: next.state.periodStart,
          lockedUntil: next.locked ? next.state.periodStart + PAIRING_FAILURES.periodMs : null,
        },
        null,
        now,
      );
      if (next.audit) {
        record(deps, actor, "kiosk.pair.failed", point.code, {
          failures: next.state.failures,
          locked: next.locked,
        });
      }
      const left = Math.max(0, PAIRING_FAILURES.max - next.state.failures);
      return ok(
        fail(
          "unknown_code",
          `Không có máy nào đang chờ kết nối với điểm này bằng mã này (hoặc mã đã hết hạn). Xem lại mã trên màn hình máy ghi phiếu. ${
            left > 0
              ? `Còn được nhập sai ${left} lần trong phút này.`
              : `Đã nhập sai ${PAIRING_FAILURES.max} lần: xin đợi một phút rồi nhập lại.`
          }`,
        ),
      );
    }
    if (kiosk.id === (input.selfKioskId ?? null)) {
      return fail(
        "own_screen",
        "Mã này là của chính máy đang dùng. Hãy nhập mã hiện trên máy ghi phiếu, không phải máy của tổ.",
      );
    }
    // One officer alone may not bring a kiosk into service when the campaign asks for two (§4).
    const awaiting = store.campaigns.current()?.twoOfficerPairing ?? true;
    const label = store.voting.pair(kiosk.id, point.id, new Date(now).toISOString(), actor.name, awaiting);
    record(deps, actor, "kiosk.pair", point.code, { kiosk: label, awaitingConfirmation: awaiting });
    return ok(ok(store.voting.kiosk(kiosk.id) ?? kiosk));
  });
  return wakingPoint(store, point.id, outcome.ok ? outcome.value : outcome);
}

export type ConfirmKioskError = Refusal<"no_kiosk" | "own_pairing">;

/**
 * A second officer of the point confirms, on their own screen, a kiosk another officer paired (issue
 * #9 §4): only then does it reach kiosk routes and receive tickets. The officer who paired it cannot
 * confirm it. Audited as `kiosk.pair.confirm` with both names.
 */
export function confirmKioskPairing(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; kioskId: string },
): Result<Kiosk, ConfirmKioskError> {
  const { store, clock } = deps;
  const { point } = input;
  const confirmed = store.withTransaction((): Result<Kiosk, ConfirmKioskError> => {
    const kiosk = store.voting.kiosk(input.kioskId);
    if (!kiosk || kiosk.awaitingPointId !== point.id) {
      return fail("no_kiosk", "Máy này không còn chờ xác nhận ở điểm này (đã được xác nhận hoặc đã bị hủy).");
    }
    if (kiosk.pairedBy === actor.name) {
      return fail(
        "own_pairing",
        `Bạn là người đã kết nối ${kiosk.label ?? "máy này"}: cần một cán bộ khác của tổ xác nhận trên máy của mình.`,
      );
    }
    if (!store.voting.confirmPairing(kiosk.id, point.id, clock.now().toISOString(), actor.name))
      throw new Error("awaiting pairing changed inside its own transaction");
    record(deps, actor, "kiosk.pair.confirm", point.code, { kiosk: kiosk.label, pairedBy: kiosk.pairedBy });
    return ok(store.voting.kiosk(kiosk.id) ?? kiosk);
  });
  return wakingPoint(store, point.id, confirmed);
}

/** The kiosk, if it is paired with this point: every officer action on a kiosk checks this first. */
export function kioskAt(
  store: Store,
  point: Pick<Point, "id">,
  kioskId: string,
): Result<Kiosk, Refusal<"no_kiosk">> {
  const kiosk = store.voting.kiosk(kioskId);
  if (kiosk && kiosk.awaitingPointId === point.id) {
    return fail(
      "no_kiosk",
      `${kiosk.label ?? "Máy này"} chưa được cán bộ thứ hai của tổ xác nhận nên chưa nhận phiếu được.`,
    );
  }
  if (!kiosk || kiosk.pointId !== point.id)
    return fail("no_kiosk", "Máy này không thuộc điểm lấy phiếu này.");
  return ok(kiosk);
}

export type UnpairKioskError = Refusal<"no_kiosk" | "kiosk_has_ticket">;

/** Ngắt kết nối: a paired kiosk, or one still awaiting confirmation (the pairing is cancelled). */
export function unpairKiosk(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; kioskId: string },
): Result<true, UnpairKioskError> {
  const { store } = deps;
  const { point } = input;
  const unpaired = store.withTransaction((): Result<true, UnpairKioskError> => {
    const awaiting = store.voting.kiosk(input.kioskId);
    const found =
      awaiting?.awaitingPointId === point.id ? ok(awaiting) : kioskAt(store, point, input.kioskId);
    if (!found.ok) return found;
    const kiosk = found.value;
    if (store.tickets.forKiosk(kiosk.id)) {
      return fail(
        "kiosk_has_ticket",
        "Máy đang có phiếu của cử tri: hãy chờ cử tri gửi phiếu, hoặc bấm “Không thu về” trước.",
      );
    }
    store.voting.deleteKiosk(kiosk.id);
    record(deps, actor, "kiosk.unpair", point.code, { kiosk: kiosk.label });
    store.tickets.forget(kiosk.id);
    return ok(true);
  });
  return wakingPoint(store, point.id, unpaired);
}

/** Seen-at is written at most every few seconds: a kiosk polls every second and must not cost a write each time. */
export const KIOSK_TOUCH_EVERY_MS = 5_000;

/** Whether a kiosk last seen as `kiosk.lastSeenAt` is due for a new last-seen write at `now` (ms). */
export const kioskTouchDue = (kiosk: Pick<Kiosk, "lastSeenAt">, now: number): boolean =>
  !kiosk.lastSeenAt || now - Date.parse(kiosk.lastSeenAt) >= KIOSK_TOUCH_EVERY_MS;

/**
 * The kiosk is alive (its polls); not audited: a poll every second is no event. A device waiting
 * with a code is touched too: the least recently seen codes are the first forgotten in a flood.
 */
export function touchKiosk(deps: ServiceDeps, _actor: Actor, kiosk: Kiosk): Ok<boolean> {
  const now = deps.clock.now().getTime();
  if (!kioskTouchDue(kiosk, now)) return ok(false);
  deps.store.voting.touchKiosk(kiosk.id, new Date(now).toISOString());
  return ok(true);
}

/**
 * How long a ballot may stand untouched before the kiosk asks whether the resident is still voting
 * (ms): `overrideSeconds` (the KIOSK_IDLE_SECONDS setting of the server, for tests and trials) when
 * given, else the campaign's `kioskIdleMinutes` (issue #13 §7), else two minutes.
 */
export function kioskIdleMs(
  campaign: Pick<Campaign, "kioskIdleMinutes"> | null,
  overrideSeconds?: number,
): number {
  if (overrideSeconds !== undefined) return overrideSeconds * 1000;
  return campaign ? campaign.kioskIdleMinutes * 60_000 : DEFAULT_KIOSK_IDLE_SECONDS * 1000;
}

/**
 * Whether the resident at this kiosk has neither touched it for the idle time nor answered the
 * question since (read from memory only; issue #13 §7): the console asks an officer to go and look.
 */
export function kioskNeedsAttention(store: Store, kioskId: string, now: number, idleMs: number): boolean {
  const progress = store.tickets.currentProgress(kioskId);
  return progress !== null && idleState(progress.lastActivityAt, now, idleMs) === "attention";
}
