import { fail, ok, type Refusal, type Result } from "./result.ts";

/**
 * Pairing a kiosk with a point (issue #9 §2). Anyone can open /kiosk, so what an anonymous browser
 * can make the server hold is bounded, and what an officer's session can guess is hopeless:
 *  - a code is shown only while an officer has opened the point's pairing window ("Kết nối máy mới"),
 *    and it pairs only with that point;
 *  - pending codes are bounded per open window, the least recently seen pushed out first, so a
 *    flood churns only its own codes: a real kiosk keeps polling and shows a fresh code if its own
 *    was pushed out, and the officer types what is on that screen;
 *  - codes have 8 digits (10⁸ values, at most MAX_PENDING_PER_WINDOW of them live at a point), and
 *    an officer may mistype only PAIRING_FAILURES.max codes a minute at a point.
 * Pure: the caller passes the time.
 */

/** Digits of a pairing code, shown as two groups of four ("1234 5678"). */
export const PAIRING_CODE_DIGITS = 8;

/** How long a pairing window stays open after the officer presses "Kết nối máy mới" (again). */
export const PAIRING_WINDOW_MS = 5 * 60_000;

/** How long one code is shown before the kiosk shows a fresh one (while its window stays open). */
export const PAIRING_CODE_TTL_MS = 5 * 60_000;

/**
 * Codes waiting at one open window. A point pairs a handful of kiosks; the bound only keeps a flood
 * from filling the table. Beyond it the least recently seen code of that window is forgotten.
 */
export const MAX_PENDING_PER_WINDOW = 100;

/**
 * Registrations one address may start (created rows only): a burst of REGISTRATION_BURST, then one
 * per REGISTRATION_INTERVAL_MS. A rate, not a quota: past it the wait is seconds, so a stranger
 * behind the same address (the hall's NAT) cannot shut real kiosks out for minutes, while one
 * address still churns a window's 100 codes too slowly to push out a kiosk that polls every 5 s.
 */
export const REGISTRATION_BURST = 20;
export const REGISTRATION_INTERVAL_MS = 3_000;

/**
 * One more registration from an address at `now` (ms), under the generic cell rate algorithm: `tat`
 * is the address's theoretical arrival time so far (null: none). Allowed while the new arrival time
 * is at most REGISTRATION_BURST intervals ahead of now; else refused with the wait until it is.
 */
export function registrationAllowance(
  tat: number | null,
  now: number,
): { readonly ok: true; readonly tat: number } | { readonly ok: false; readonly waitMs: number } {
  const next = Math.max(now, tat ?? now) + REGISTRATION_INTERVAL_MS;
  const ahead = next - now - REGISTRATION_BURST * REGISTRATION_INTERVAL_MS;
  return ahead <= 0 ? { ok: true, tat: next } : { ok: false, waitMs: ahead };
}

/**
 * Wrong codes typed by one officer at one point: at most `max` in `periodMs` (a fixed window from the
 * first failure); past that, codes are not even looked up until the period ends. A tired officer
 * mistypes a few times; a script guessing 10⁸ codes five at a time gets nowhere.
 */
export const PAIRING_FAILURES = { max: 5, periodMs: 60_000 } as const;

/** The digits the officer typed, spaces and dashes ignored; null unless exactly 8 digits. */
export function parsePairingCode(typed: string): string | null {
  const clean = typed.replace(/[\s\-.]/g, "");
  return new RegExp(`^\\d{${PAIRING_CODE_DIGITS}}$`).test(clean) ? clean : null;
}

/** "1234 5678": two groups of four, as the kiosk shows it and the officer types it. */
export const displayPairingCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

/** A uniformly random code from random 32-bit words (rejection sampling: no modulo bias). */
export function randomPairingCode(words: () => number): string {
  const range = 10 ** PAIRING_CODE_DIGITS;
  const limit = Math.floor(2 ** 32 / range) * range;
  for (;;) {
    const n = words();
    if (n < limit) return String(n % range).padStart(PAIRING_CODE_DIGITS, "0");
  }
}

/** A point's pairing window, as the store gives it. */
export type PairingWindow = { pointId: number; openedAt: string; openedBy: string; closesAt: string };

export const isWindowOpen = (window: PairingWindow | null, now: number): window is PairingWindow =>
  window !== null && Date.parse(window.closesAt) > now;

/**
 * How long the console's pairing card says "Đã kết nối Máy 2" after the officer paired it (newcomer
 * trial: the news of every kiosk paired stayed until the window closed, extended or not, and read
 * as if something had just happened). Long enough for an officer who walked to the tablet and back,
 * or is reading the code of the next one; then the card says again how to pair another tablet.
 */
export const PAIRED_NEWS_MS = 2 * 60_000;

/**
 * The kiosks paired since the point's window opened that the console's card still tells as news at
 * `now` (ms), the one it leads with last; none when nothing is news. News while the last was paired
 * less than PAIRED_NEWS_MS ago, or one of them still awaits its second officer (the news says who
 * must confirm it, the next thing to do). Kept as news only by such a kiosk, that kiosk leads, not
 * the last one paired, which may be long confirmed (review, 2026-12-02). Only while the window is
 * open: the caller asks. `paired` in the order of pairing.
 */
export function pairedNews<K extends { pairedAt: string; awaiting: boolean }>(
  paired: readonly K[],
  now: number,
): K[] {
  const recent = paired.some((k) => now - Date.parse(k.pairedAt) < PAIRED_NEWS_MS);
  if (recent) return [...paired];
  const awaiting = paired.filter((k) => k.awaiting);
  return awaiting.length === 0 ? [] : [...paired.filter((k) => !k.awaiting), ...awaiting];
}

/** Failed pairings of one officer at one point in the current period. */
export type PairingFailures = { failures: number; periodStart: number };

export type PairingAttemptRefusal = Refusal<"too_many_attempts">;

/** Whether the officer may try a code now: refused while the period's failures are used up. */
export function checkPairingAttempt(
  state: PairingFailures | null,
  now: number,
): Result<true, PairingAttemptRefusal> {
  if (!state || now - state.periodStart >= PAIRING_FAILURES.periodMs) return ok(true);
  if (state.failures < PAIRING_FAILURES.max) return ok(true);
  const seconds = Math.max(1, Math.ceil((state.periodStart + PAIRING_FAILURES.periodMs - now) / 1000));
  return fail(
    "too_many_attempts",
    `Đã nhập sai mã kết nối ${PAIRING_FAILURES.max} lần trong một phút. Xin đợi ${seconds} giây rồi nhập lại; đọc kỹ từng số trên màn hình máy ghi phiếu.`,
  );
}

/**
 * The state after one more failure, and which failures the audit log records one by one: the first
 * of a period and the one that uses the period up. At most two entries per officer, point and
 * minute, whatever a script sends (refused attempts are not checked, so they write nothing).
 */
export function nextPairingFailure(
  state: PairingFailures | null,
  now: number,
): { state: PairingFailures; audit: boolean; locked: boolean } {
  const inPeriod = state !== null && now - state.periodStart < PAIRING_FAILURES.periodMs;
  const next = inPeriod
    ? { failures: state.failures + 1, periodStart: state.periodStart }
    : { failures: 1, periodStart: now };
  const locked = next.failures >= PAIRING_FAILURES.max;
  return { state: next, audit: next.failures === 1 || next.failures === PAIRING_FAILURES.max, locked };
}

/** The pairing side of a kiosk device row (server/domain/voting.ts `Kiosk`). */
export type PairingDevice = {
  pointId: number | null;
  awaitingPointId: number | null;
  pairingCode: string | null;
  pairingPointId: number | null;
  pairingExpiresAt: string | null;
};

/**
 * What a browser at /kiosk should see, from its device row (null: none yet) and the open windows:
 *  - paired: the kiosk's own screens; confirm: waiting for a second officer (§4);
 *  - code: its code, still valid (not expired, its window still open);
 *  - otherwise: no window open → wait ("Chờ tổ công tác mở kết nối"), one → register under it,
 *    several → choose the point it stands at (a code pairs with one point only).
 */
export type PairingStep =
  | { step: "paired" }
  | { step: "confirm" }
  /** `choice`: other windows are open too, so the kiosk may be at another point (it can choose again). */
  | { step: "code"; code: string; pointId: number; choice: boolean }
  | { step: "wait" }
  | { step: "register"; pointId: number }
  | { step: "choose"; pointIds: number[] };

export function pairingStep(
  device: PairingDevice | null,
  openWindows: readonly Pick<PairingWindow, "pointId">[],
  now: number,
): PairingStep {
  if (device?.pointId != null) return { step: "paired" };
  if (device?.awaitingPointId != null) return { step: "confirm" };
  if (
    device?.pairingCode &&
    device.pairingExpiresAt &&
    Date.parse(device.pairingExpiresAt) > now &&
    openWindows.some((w) => w.pointId === device.pairingPointId)
  ) {
    return {
      step: "code",
      code: device.pairingCode,
      pointId: device.pairingPointId ?? 0,
      choice: openWindows.length > 1,
    };
  }
  const [only, ...more] = openWindows;
  if (!only) return { step: "wait" };
  if (more.length === 0) return { step: "register", pointId: only.pointId };
  return { step: "choose", pointIds: openWindows.map((w) => w.pointId).sort((a, b) => a - b) };
}

/**
 * A short name for what the kiosk shows, sent back by its pairing poll: when the server's answer
 * differs (a window opened, the code changed, an officer paired or confirmed it), the kiosk reloads.
 * "register" has no screen of its own, so a poll seeing it always reloads.
 */
export function pairingStepKey(step: PairingStep): string {
  if (step.step === "code") return `code-${step.code}${step.choice ? "-choice" : ""}`;
  if (step.step === "choose") return `choose-${step.pointIds.join("-")}`;
  return step.step;
}
