import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { Client, dataAttr, makeApp, type TestApp, unwrap } from "../helpers.ts";
import { deviceOf, entryIdOf, htmx, kioskIdOf, openPairingWindow, votingDay } from "../voting-helpers.ts";

/**
 * Issue #9 §4: one officer cannot stuff the box unseen. Process controls the board can see: a second
 * officer confirms every pairing, the board lists every kiosk with who paired and confirmed it, and
 * a kiosk casting faster than a person can raises an alert.
 */

/** An open point-day, and a kiosk browser showing a code under the point's window (not paired yet). */
async function kioskWithCode(t: TestApp) {
  const day = await votingDay(t);
  expect((await day.officer.post(paths.officer.open(day.point.id), {}, htmx)).status).toBe(200);
  await openPairingWindow(day.officer, day.point.id);
  const kiosk = new Client(t, "192.0.2.50");
  const code = dataAttr(await (await kiosk.get(paths.kiosk.home)).text(), "pairing-code") ?? "";
  return { ...day, kiosk, code };
}

async function secondOfficer(t: TestApp) {
  const second = new Client(t, "192.0.2.22");
  await second.login("hq-t1-2");
  return second;
}

const issueTo = (day: { officer: Client; point: { id: number } }, t: TestApp, name: string) =>
  day.officer.post(
    paths.officer.issue(day.point.id),
    { entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t) },
    htmx,
  );

describe("a second officer confirms every pairing (issue #9 §4)", () => {
  it("confirm - with the setting on (the default), a kiosk one officer paired reaches no kiosk route and gets no ticket until a second officer of the point confirms it on their own screen", async () => {
    const t = makeApp();
    const day = await kioskWithCode(t);
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: day.code }, htmx);
    expect(paired.status).toBe(200);
    expect(await paired.text()).toContain(
      "Đã kết nối Máy 1. Cần một cán bộ khác của tổ bấm “Xác nhận” cho Máy 1 trên máy của mình",
    );
    // The kiosk says what it waits for, and is no kiosk yet.
    const screen = await (await day.kiosk.get(paths.kiosk.home)).text();
    expect(screen).toContain("Chờ cán bộ thứ hai xác nhận");
    expect(screen).toContain('<p class="pairing-label kiosk-label">Máy 1</p>');
    expect((await day.kiosk.get(paths.kiosk.wait, htmx)).status).toBe(401);
    expect((await day.kiosk.get(`${paths.kiosk.pairing}?s=confirm`, htmx)).status).toBe(204);
    const refused = await issueTo(day, t, "Võ Văn Dũng");
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Máy 1 chưa được cán bộ thứ hai của tổ xác nhận");
    expect(t.store.voting.pointDay(day.point.id, "2026-10-27")?.issued).toBe(0);

    // The officer who paired it sees who must act; the second officer sees "Xác nhận".
    const mine = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(mine).toContain("Chờ cán bộ thứ hai xác nhận");
    expect(mine).toContain("kết nối bởi hq-t1-1");
    expect(mine).not.toContain(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)));
    const second = await secondOfficer(t);
    const theirs = await (await second.get(paths.officer.live(day.point.id), htmx)).text();
    expect(theirs).toContain(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)));

    const confirmed = await second.post(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Đã xác nhận Máy 1: máy đã sẵn sàng nhận phiếu.");
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "kiosk.pair.confirm",
      actor: "hq-t1-2",
      subject: "HQ-T1",
      details: { kiosk: "Máy 1", pairedBy: "hq-t1-1" },
    });
    expect((await day.kiosk.get(`${paths.kiosk.pairing}?s=confirm`, htmx)).headers.get("HX-Redirect")).toBe(
      paths.kiosk.home,
    );
    expect(await (await day.kiosk.get(paths.kiosk.home)).text()).toContain(
      "Xin mời bà con đến bàn tổ công tác",
    );
    expect((await issueTo(day, t, "Võ Văn Dũng")).status).toBe(200);
  });

  it("confirm - the officer who paired a kiosk cannot confirm it", async () => {
    const t = makeApp();
    const day = await kioskWithCode(t);
    await day.officer.post(paths.officer.pair(day.point.id), { code: day.code }, htmx);
    const self = await day.officer.post(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(self.status).toBe(409);
    expect(await self.text()).toContain(
      "Bạn là người đã kết nối Máy 1: cần một cán bộ khác của tổ xác nhận trên máy của mình.",
    );
    expect(deviceOf(t, day.kiosk)).toMatchObject({ pointId: null, awaitingPointId: day.point.id });
    expect(t.store.audit.list().some((e) => e.action === "kiosk.pair.confirm")).toBe(false);
  });

  it("confirm - an officer of another point cannot confirm it, there or at their own point", async () => {
    const t = makeApp();
    const day = await kioskWithCode(t);
    await day.officer.post(paths.officer.pair(day.point.id), { code: day.code }, htmx);
    const other = unwrap(
      t.store.points.create(day.campaign.id, {
        code: "HQ-T2",
        name: "Thôn 2, Xã Hương Quang",
        communeId: day.hq.id,
        days: ["2026-10-27"],
      }),
    );
    const moved = day.officers.find((o) => o.username === "hq-t1-2");
    if (!moved) throw new Error("fixture");
    t.store.officers.update(moved.userId, moved.displayName, moved.teamRole, [other.id]);
    const stranger = await secondOfficer(t);
    expect(
      (await stranger.post(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)), {}, htmx)).status,
    ).toBe(404);
    const there = await stranger.post(paths.officer.confirmKiosk(other.id, kioskIdOf(t)), {}, htmx);
    expect(there.status).toBe(409);
    expect(await there.text()).toContain("Máy này không còn chờ xác nhận ở điểm này");
    expect(deviceOf(t, day.kiosk)).toMatchObject({ pointId: null, awaitingPointId: day.point.id });
  });

  it("confirm - a pairing awaiting confirmation can be cancelled; the kiosk then shows a fresh code", async () => {
    const t = makeApp();
    const day = await kioskWithCode(t);
    await day.officer.post(paths.officer.pair(day.point.id), { code: day.code }, htmx);
    const cancelled = await day.officer.post(paths.officer.unpair(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(cancelled.status).toBe(200);
    expect(t.store.voting.kiosksAt(day.point.id)).toEqual([]);
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "kiosk.unpair",
      details: { kiosk: "Máy 1" },
    });
    const again = await (await day.kiosk.get(paths.kiosk.home)).text();
    expect(dataAttr(again, "pairing-code")).toMatch(/^\d{8}$/);
  });

  it("setting off - one officer pairs a kiosk and it is ready at once", async () => {
    const t = makeApp();
    const day = await kioskWithCode(t);
    t.store.db.run("UPDATE campaigns SET two_officer_pairing = 0");
    const paired = await day.officer.post(paths.officer.pair(day.point.id), { code: day.code }, htmx);
    expect(paired.status).toBe(200);
    expect(await paired.text()).not.toContain("Xác nhận");
    expect(t.store.audit.list().at(-1)).toMatchObject({
      action: "kiosk.pair",
      details: { kiosk: "Máy 1", awaitingConfirmation: false },
    });
    expect(await (await day.kiosk.get(paths.kiosk.home)).text()).toContain(
      "Xin mời bà con đến bàn tổ công tác",
    );
    expect((await issueTo(day, t, "Võ Văn Dũng")).status).toBe(200);
  });
});
