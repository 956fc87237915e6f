import { describe, expect, it } from "vitest";
import type { Actor } from "../../server/domain/audit.ts";
import { formatDate } from "../../server/domain/calendar.ts";
import { MAX_PENDING_PER_WINDOW, PAIRING_WINDOW_MS } from "../../server/domain/pairing.ts";
import { buildScenario, byCode } from "../../server/scenario-builder.ts";
import {
  kioskPairingStep,
  openPairingWindow,
  pairKiosk,
  registerKiosk,
  requestPairingCode,
  touchKiosk,
} from "../../server/services/kiosks.ts";
import { excusePointDay } from "../../server/services/results.ts";
import { openPoint } from "../../server/services/voting.ts";
import {
  BOARD_ACTOR,
  CHEAP_SEAL,
  makeApp,
  PASSWORD,
  type TestApp,
  testPasswordHash,
  testScenario,
  unwrap,
} from "../helpers.ts";

const OFFICER: Actor = { name: "hq-t1-1", address: null };
const browser = (n: number): Actor => ({ name: "khách", address: `203.0.113.${n}` });

async function stamped() {
  const t = makeApp();
  const built = unwrap(
    await buildScenario(
      t,
      BOARD_ACTOR,
      testScenario({ officers: true, residents: [{ fullName: "Lê Văn An", birthYear: 1960 }] }),
      {
        officers: {
          password: PASSWORD,
          mustChangePassword: false,
          seal: CHEAP_SEAL,
          passwordHash: await testPasswordHash(PASSWORD),
        },
      },
    ),
  );
  return { t, point: byCode(built.points, "HQ-T1") };
}

const rows = (t: TestApp) => t.store.db.query<{ n: number }, []>("SELECT count(*) AS n FROM kiosks").get()?.n;

describe("registerKiosk", () => {
  it("registerKiosk - without an open window: refused, and nothing written (no device, no address count)", async () => {
    const { t, point } = await stamped();
    const before = t.store.audit.list().length;
    expect(registerKiosk(t, browser(1), { pointId: point.id })).toMatchObject({
      ok: false,
      error: { code: "no_window" },
    });
    expect(rows(t)).toBe(0);
    expect(t.store.throttle.get("kiosk-register:203.0.113.1")).toBeNull();
    expect(t.store.audit.list()).toHaveLength(before);
  });

  it("registerKiosk - a window keeps at most MAX_PENDING_PER_WINDOW codes: the least recently seen go first, the new one never", async () => {
    const { t, point } = await stamped();
    openPairingWindow(t, OFFICER, { point });
    const first = unwrap(registerKiosk(t, browser(200), { pointId: point.id }));
    const second = unwrap(registerKiosk(t, browser(201), { pointId: point.id }));
    for (let i = 0; i < MAX_PENDING_PER_WINDOW - 2; i++) {
      t.clock.advance(1_000);
      unwrap(registerKiosk(t, browser(i % 10), { pointId: point.id }));
    }
    expect(rows(t)).toBe(MAX_PENDING_PER_WINDOW);
    // The first kiosk polls (it is seen again); the second does not.
    touchKiosk(t, browser(200), first.kiosk);
    t.clock.advance(1_000);
    const newest = unwrap(registerKiosk(t, browser(100), { pointId: point.id }));
    expect(rows(t)).toBe(MAX_PENDING_PER_WINDOW);
    expect(t.store.voting.kiosk(second.kiosk.id)).toBeNull();
    expect(t.store.voting.kiosk(first.kiosk.id)).not.toBeNull();
    expect(t.store.voting.kiosk(newest.kiosk.id)).not.toBeNull();
  });

  it("registerKiosk - the address's future arrival time does not make others' login failures look older than they are: a failure 59 min 50 s old is still counted", async () => {
    const { t, point } = await stamped();
    openPairingWindow(t, OFFICER, { point });
    const now = t.clock.now().getTime();
    const nearlyStale = { failures: 4, lastFailureAt: now - 60 * 60_000 + 10_000, lockedUntil: null };
    t.store.throttle.put("pair:bantochuc 192.0.2.50", nearlyStale, "bantochuc");
    // A burst of 20 registrations puts the address's arrival time 60 s ahead of the clock.
    for (let i = 0; i < 20; i++) unwrap(registerKiosk(t, browser(7), { pointId: point.id }));
    expect(t.store.throttle.get("kiosk-register:203.0.113.7")?.lastFailureAt).toBe(now + 60_000);
    expect(t.store.throttle.get("pair:bantochuc 192.0.2.50")).toEqual(nearlyStale);
  });

  it("registerKiosk - codes that ran out are forgotten at the next registration", async () => {
    const { t, point } = await stamped();
    openPairingWindow(t, OFFICER, { point });
    for (let i = 0; i < 5; i++) unwrap(registerKiosk(t, browser(i), { pointId: point.id }));
    t.clock.advance(4 * 60_000);
    openPairingWindow(t, OFFICER, { point });
    t.clock.advance(60_000);
    unwrap(registerKiosk(t, browser(9), { pointId: point.id }));
    expect(rows(t)).toBe(1);
  });

  it("requestPairingCode - a device whose code ran out gets a fresh one under the open window, without a new row or cookie", async () => {
    const { t, point } = await stamped();
    openPairingWindow(t, OFFICER, { point });
    const { kiosk } = unwrap(registerKiosk(t, browser(1), { pointId: point.id }));
    t.clock.advance(4 * 60_000);
    openPairingWindow(t, OFFICER, { point });
    t.clock.advance(90_000);
    expect(kioskPairingStep(t.store, t.store.voting.kiosk(kiosk.id), t.clock.now().getTime())).toEqual({
      step: "register",
      pointId: point.id,
    });
    const renewed = unwrap(requestPairingCode(t, browser(1), { kiosk, pointId: point.id }));
    expect(renewed.token).toBeNull();
    expect(renewed.kiosk.id).toBe(kiosk.id);
    expect(renewed.kiosk.pairingCode).toMatch(/^\d{8}$/);
    expect(renewed.kiosk.pairingCode).not.toBe(kiosk.pairingCode);
    expect(rows(t)).toBe(1);
  });
});

describe("openPairingWindow", () => {
  it("openPairingWindow - pressed again while open it lasts longer and keeps its opening; after it closed it opens anew", async () => {
    const { t, point } = await stamped();
    const first = unwrap(openPairingWindow(t, OFFICER, { point }));
    t.clock.advance(60_000);
    const extended = unwrap(openPairingWindow(t, { name: "hq-t1-2", address: null }, { point }));
    expect(extended.openedAt).toBe(first.openedAt);
    expect(Date.parse(extended.closesAt) - Date.parse(first.closesAt)).toBe(60_000);
    t.clock.advance(PAIRING_WINDOW_MS);
    const again = unwrap(openPairingWindow(t, OFFICER, { point }));
    expect(again.openedAt).toBe(t.clock.now().toISOString());
    expect(t.store.audit.list().filter((e) => e.action === "kiosk.pair.window")).toHaveLength(3);
  });

  it("openPairingWindow - refused once the point has no voting left (its day closed, no day after); the day before one of its days it opens", async () => {
    const { t, point } = await stamped();
    // The evening before its day (point.days[0]): tablets may be set up ahead.
    const before = makeDayBefore(t, point.days[0] ?? "");
    expect(before.ok).toBe(true);
    // The day after its last day: nothing left to pair for.
    t.clock.set(new Date(`${point.days.at(-1)}T20:00:00.000Z`)); // 03:00 the next day in Vietnam
    const after = openPairingWindow(t, OFFICER, { point });
    expect(after.ok ? "opened" : after.error.code).toBe("day_over");
    expect(t.store.audit.list().filter((e) => e.action === "kiosk.pair.window")).toHaveLength(1);
  });

  it("openPairingWindow - refused on a day the board left out, with its reason; a day left open since yesterday is named, not called ended", async () => {
    const { t, point } = await stamped();
    const day = point.days[0] ?? "";
    const campaignId = t.store.campaigns.current()?.id ?? 0;
    t.clock.set(new Date(`${day}T02:00:00.000Z`)); // 09:00 in Vietnam: its hour has come
    unwrap(
      excusePointDay(t, BOARD_ACTOR, { pointId: point.id, day, reason: "Thôn bị ngập, không tổ chức được" }),
    );
    const excused = openPairingWindow(t, OFFICER, { point });
    expect(excused.ok ? "opened" : excused.error.message).toContain("Thôn bị ngập, không tổ chức được");
    // Another campaign: the point opened, its day left open, and the next morning.
    const other = await stamped();
    other.t.clock.set(new Date(`${day}T02:00:00.000Z`));
    unwrap(
      openPoint(other.t, OFFICER, {
        campaignId: other.t.store.campaigns.current()?.id ?? campaignId,
        pointId: other.point.id,
      }),
    );
    other.t.clock.advance(24 * 60 * 60_000);
    const leftOpen = openPairingWindow(other.t, OFFICER, { point: other.point });
    expect(leftOpen.ok ? "opened" : leftOpen.error.message).toContain(
      `Ngày ${formatDate(day)} chưa kết thúc: bấm “Kết thúc và kiểm phiếu” cho ngày đó.`,
    );
    expect(leftOpen.ok ? "" : leftOpen.error.message).not.toContain("đã kết thúc)");
  });
});

/** Opens the point's window at 19:00 (Vietnam) the day before `day`. */
function makeDayBefore(t: TestApp, day: string) {
  const d = new Date(`${day}T12:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  t.clock.set(d);
  const campaign = t.store.campaigns.current();
  const point = campaign ? t.store.points.list(campaign.id).find((p) => p.days.includes(day)) : undefined;
  if (!point) throw new Error("fixture: no point on that day");
  return openPairingWindow(t, OFFICER, { point });
}

describe("pairKiosk", () => {
  it("pairKiosk - a wrong code is refused, yet its count and audit entry are kept (the refusal commits its bookkeeping)", async () => {
    const { t, point } = await stamped();
    openPairingWindow(t, OFFICER, { point });
    const refused = pairKiosk(t, OFFICER, { point, code: "1111 2222" });
    expect(refused).toMatchObject({ ok: false, error: { code: "unknown_code" } });
    expect(t.store.throttle.get(`kiosk-pair:${point.id} hq-t1-1`)).toMatchObject({ failures: 1 });
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "kiosk.pair.failed",
      actor: "hq-t1-1",
      subject: "HQ-T1",
      details: { failures: 1, locked: false },
    });
  });

  it("pairKiosk - malformed codes and a closed window are not counted as guesses", async () => {
    const { t, point } = await stamped();
    for (let i = 0; i < 10; i++)
      expect(pairKiosk(t, OFFICER, { point, code: "12345678" })).toMatchObject({
        ok: false,
        error: { code: "no_window" },
      });
    openPairingWindow(t, OFFICER, { point });
    for (let i = 0; i < 10; i++)
      expect(pairKiosk(t, OFFICER, { point, code: "123" })).toMatchObject({ error: { code: "bad_code" } });
    expect(t.store.throttle.get(`kiosk-pair:${point.id} hq-t1-1`)).toBeNull();
    const { kiosk } = unwrap(registerKiosk(t, browser(1), { pointId: point.id }));
    expect(pairKiosk(t, OFFICER, { point, code: kiosk.pairingCode ?? "" })).toMatchObject({
      ok: true,
      // Paired by one officer, awaiting the second (the campaign's default, issue #9 §4).
      value: { label: "Máy 1", pointId: null, awaitingPointId: point.id, pairedBy: "hq-t1-1" },
    });
  });
});
