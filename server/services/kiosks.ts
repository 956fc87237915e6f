import { randomHex, sha256Hex } from "../crypto/digest.ts";
import type { Store } from "../db/store.ts";
import type { Actor } from "../domain/audit.ts";
import { fail, type Ok, ok, type Refusal, type Result } from "../domain/result.ts";
import type { Point } from "../domain/setup.ts";
import type { Kiosk } from "../domain/voting.ts";
import { record, type ServiceDeps } from "./deps.ts";

/** A pairing code is read aloud or typed by the officer: six digits, valid for ten minutes. */
export const PAIRING_TTL_MS = 10 * 60_000;

function pairingCode(store: Store): string {
  for (;;) {
    const n = new Uint32Array(1);
    crypto.getRandomValues(n);
    const code = String((n[0] ?? 0) % 1_000_000).padStart(6, "0");
    if (!store.voting.kioskByCode(code)) return code;
  }
}

/**
 * Pairings waiting for an officer at any one time. Anyone can open /kiosk, so the number is capped:
 * otherwise a flood of pending codes would make an officer's mistyped code likely to pair a stranger.
 */
export const MAX_PENDING_PAIRINGS = 200;
export const MAX_PAIRINGS_PER_ADDRESS = 20;

export type RegisterKioskError = Refusal<"too_many_from_here" | "too_many_pairings">;

/**
 * A browser opening /kiosk for the first time becomes an unpaired kiosk with a device token. The
 * actor is that browser: its address is what the registration limit counts.
 */
export function registerKiosk(
  deps: ServiceDeps,
  actor: Actor,
): Result<{ token: string; kiosk: Kiosk }, RegisterKioskError> {
  const { store, clock } = deps;
  return store.withTransaction(() => {
    const now = clock.now();
    // One address may start only a few pairings in ten minutes (a polling point has a handful of
    // kiosks): one machine cannot fill the pending cap for everyone else. A fixed window from the
    // first pairing; refusals are not counted.
    const key = `kiosk-register:${actor.address ?? ""}`;
    const previous = store.throttle.get(key);
    const inWindow = previous !== null && now.getTime() - previous.lastFailureAt < PAIRING_TTL_MS;
    if (inWindow && previous.failures >= MAX_PAIRINGS_PER_ADDRESS) {
      return fail(
        "too_many_from_here",
        "Máy này đã xin kết nối quá nhiều lần. Xin đợi 10 phút rồi mở lại trang này.",
      );
    }
    if (store.voting.forgetExpiredPairings(now.toISOString()) >= MAX_PENDING_PAIRINGS) {
      return fail(
        "too_many_pairings",
        "Đang có quá nhiều máy chờ kết nối. Xin đợi vài phút rồi mở lại trang này.",
      );
    }
    const token = randomHex(32);
    const id = randomHex(8);
    store.voting.createKiosk(
      id,
      sha256Hex(token),
      pairingCode(store),
      new Date(now.getTime() + PAIRING_TTL_MS).toISOString(),
      now.toISOString(),
    );
    store.throttle.put(key, {
      failures: inWindow ? previous.failures + 1 : 1,
      lastFailureAt: inWindow ? previous.lastFailureAt : now.getTime(),
      lockedUntil: null,
    });
    const kiosk = store.voting.kiosk(id);
    if (!kiosk) throw new Error("kiosk vanished after insert");
    return ok({ token, kiosk });
  });
}

/** Whether an unpaired kiosk's code has run out (the pairing screen then reloads for a fresh one). */
export const pairingExpired = (kiosk: Kiosk, now: number): boolean =>
  kiosk.pointId === null && (!kiosk.pairingExpiresAt || Date.parse(kiosk.pairingExpiresAt) <= now);

/** An unpaired kiosk whose code expired shows a fresh one (the kiosk asks: nothing is audited). */
export function freshPairingCode(deps: ServiceDeps, _actor: Actor, kiosk: Kiosk): Ok<Kiosk> {
  const { store, clock } = deps;
  const now = clock.now().getTime();
  if (kiosk.pointId !== null) return ok(kiosk);
  if (kiosk.pairingCode && kiosk.pairingExpiresAt && Date.parse(kiosk.pairingExpiresAt) > now)
    return ok(kiosk);
  return store.withTransaction(() => {
    store.voting.renewPairingCode(kiosk.id, pairingCode(store), new Date(now + PAIRING_TTL_MS).toISOString());
    return ok(store.voting.kiosk(kiosk.id) ?? kiosk);
  });
}

export type PairKioskError = Refusal<"bad_code" | "unknown_code" | "own_screen">;

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
  return store.withTransaction(() => {
    const clean = input.code.replace(/\D/g, "");
    if (!/^\d{6}$/.test(clean))
      return fail("bad_code", "Mã kết nối gồm 6 chữ số, hiện trên màn hình máy ghi phiếu.");
    const kiosk = store.voting.kioskByCode(clean);
    const now = clock.now();
    if (
      !kiosk ||
      kiosk.pointId !== null ||
      !kiosk.pairingExpiresAt ||
      Date.parse(kiosk.pairingExpiresAt) <= now.getTime()
    ) {
      return fail(
        "unknown_code",
        "Không có máy nào đang chờ với mã này (hoặc mã đã hết hạn). Xem lại mã trên màn hình máy.",
      );
    }
    if (kiosk.id === (input.selfKioskId ?? null)) {
      return fail(
        "own_screen",
        "Mã này là của chính máy đang dùng. Hãy nhập mã hiện trên máy ghi phiếu, không phải máy của tổ.",
      );
    }
    const label = store.voting.pair(kiosk.id, point.id, now.toISOString(), actor.name);
    record(deps, actor, "kiosk.pair", point.code, { kiosk: label });
    return ok(store.voting.kiosk(kiosk.id) ?? kiosk);
  });
}

/** The kiosk, if it is paired with this point: every officer action on a kiosk checks this first. */
export function kioskAt(
  store: Store,
  point: Pick<Point, "id">,
  kioskId: string,
): Result<Kiosk, Refusal<"no_kiosk">> {
  const kiosk = store.voting.kiosk(kioskId);
  if (!kiosk || kiosk.pointId !== point.id)
    return fail("no_kiosk", "Máy này không thuộc điểm lấy phiếu này.");
  return ok(kiosk);
}

export type UnpairKioskError = Refusal<"no_kiosk" | "kiosk_has_ticket">;

export function unpairKiosk(
  deps: ServiceDeps,
  actor: Actor,
  input: { point: Point; kioskId: string },
): Result<true, UnpairKioskError> {
  const { store } = deps;
  const { point } = input;
  return store.withTransaction(() => {
    const found = kioskAt(store, point, input.kioskId);
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
}

/** Seen-at is written at most every few seconds: a kiosk polls every second and must not cost a write each time. */
export const KIOSK_TOUCH_EVERY_MS = 5_000;

/** The kiosk is alive (its polls); not audited: a poll every second is no event. */
export function touchKiosk(deps: ServiceDeps, _actor: Actor, kiosk: Kiosk): Ok<boolean> {
  const now = deps.clock.now().getTime();
  if (kiosk.lastSeenAt && now - Date.parse(kiosk.lastSeenAt) < KIOSK_TOUCH_EVERY_MS) return ok(false);
  deps.store.voting.touchKiosk(kiosk.id, new Date(now).toISOString());
  return ok(true);
}
