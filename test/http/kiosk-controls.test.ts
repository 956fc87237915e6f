import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, dataAttr, makeApp, type TestApp, unwrap } from "../helpers.ts";
import {
  castHeld,
  deviceOf,
  entryIdOf,
  htmx,
  kioskIdOf,
  openPairingWindow,
  pairedKiosk,
  votingDay,
} from "../voting-helpers.ts";

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
    // The words as read: the kiosk label is kept whole in a span of its own.
    expect((await paired.text()).replace(/<[^>]+>/g, "")).toContain(
      "Đã kết nối Máy 1. Máy chỉ nhận phiếu sau khi một cán bộ khác của tổ xác nhận máy ở ô “Máy ghi phiếu”.",
    );
    // The kiosk says what it waits for, and is no kiosk yet.
    const screen = await (await day.kiosk.get(paths.kiosk.home)).text();
    expect(screen).toContain("Chờ cán bộ thứ hai xác nhận");
    expect(screen).toContain('<p class="pairing-label kiosk-label">Máy 1</p>');
    expect((await day.kiosk.get(paths.kiosk.wait, htmx)).status).toBe(401);
    expect((await day.kiosk.get(`${paths.kiosk.pairing}?s=confirm`, htmx)).status).toBe(204);
    const refused = await issueTo(day, t, "Võ Văn Dũng");
    expect(refused.status).toBe(409);
    expect((await refused.text()).replace(/<[^>]+>/g, "")).toContain(
      "Máy 1 chưa được cán bộ thứ hai của tổ xác nhận",
    );
    expect(t.store.voting.pointDay(day.point.id, "2026-10-27")?.issued).toBe(0);

    // The officer who paired it sees who must act; the second officer sees "Xác nhận".
    const mine = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(mine).toContain("Chờ cán bộ thứ hai xác nhận");
    // Named as people know each other (the account's name; the e2e voting test's is a person's).
    const name = t.store.users.displayName("hq-t1-1") ?? "";
    expect(name).not.toBe("");
    expect(mine).toContain(`kết nối bởi ${name}`);
    expect(mine).not.toContain(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)));
    const second = await secondOfficer(t);
    const theirs = await (await second.get(paths.officer.live(day.point.id), htmx)).text();
    expect(theirs).toContain(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)));

    const confirmed = await second.post(paths.officer.confirmKiosk(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(confirmed.status).toBe(200);
    expect((await confirmed.text()).replace(/<[^>]+>/g, "")).toContain(
      "Đã xác nhận Máy 1: máy đã sẵn sàng nhận phiếu.",
    );
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
    expect((await self.text()).replace(/<[^>]+>/g, "")).toContain(
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

async function boardClient(t: TestApp) {
  await addUser(t, "bantochuc", "board");
  const board = new Client(t, "192.0.2.90");
  await board.login("bantochuc");
  return board;
}

describe("the board sees every kiosk (issue #9 §4)", () => {
  it("progress - counts the kiosks by state and lists those to look at; every kiosk with its status, who paired and who confirmed it is one click away", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const first = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.51");
    t.clock.advance(60_000);
    await first.get(paths.kiosk.wait, htmx); // Máy 1 is polling
    const second = new Client(t, "192.0.2.52");
    const code = dataAttr(await (await second.get(paths.kiosk.home)).text(), "pairing-code") ?? "";
    await day.officer.post(paths.officer.pair(day.point.id), { code }, htmx);
    const board = await boardClient(t);
    const row = (html: string, label: string) =>
      new RegExp(`<tr data-kiosk="HQ-T1 ${label}">(.*?)</tr>`).exec(html)?.[1]?.replace(/<[^>]+>/g, "|");
    const MAY_1 = "|HQ-T1||Máy 1||Sẵn sàng||hq-t1-1, 08:00 27/10/2026||hq-t1-2, 08:00 27/10/2026||0/0|";
    const MAY_2 =
      "|HQ-T1||Máy 2||Chờ cán bộ thứ hai xác nhận||hq-t1-1, 08:01 27/10/2026|||chưa xác nhận|||0/0|";

    const html = await (await board.get(paths.board.progress)).text();
    expect(html).toContain('<h2 id="progress-kiosks">Máy ghi phiếu</h2>');
    expect(html).toContain("2 máy. Chờ cán bộ thứ hai xác nhận: 1; Sẵn sàng: 1.");
    // Only the kiosk awaiting its second officer is listed on the page that redraws every 5 s.
    expect(row(html, "Máy 2")).toBe(MAY_2);
    expect(row(html, "Máy 1")).toBeUndefined();
    expect(html).toMatch(/<div id="progress-kiosk-list" hx-preserve="true">/);
    expect(html).toContain(`href="${paths.board.progressKiosks}"`);

    // On demand: every kiosk, as the fragment htmx loads into the kept block, or as a page.
    const fragment = await (await board.get(paths.board.progressKiosks, htmx)).text();
    expect(fragment).not.toContain("<html");
    expect(row(fragment, "Máy 1")).toBe(MAY_1);
    expect(row(fragment, "Máy 2")).toBe(MAY_2);
    const page = await (await board.get(paths.board.progressKiosks)).text();
    expect(page).toContain("<title>Máy ghi phiếu");
    expect(row(page, "Máy 1")).toBe(MAY_1);
    expect(page).toMatch(/<div id="progress-kiosk-list">[\s\S]*Tất cả máy ghi phiếu/);
  });
});

describe("a kiosk casting faster than a person can (issue #9 §4)", () => {
  /**
   * One resident at a time on Máy 1: the officer hands the ticket over, `ms` later the kiosk casts.
   * The test clock moves; nothing waits.
   */
  async function voteAfter(
    t: TestApp,
    day: Awaited<ReturnType<typeof votingDay>>,
    kiosk: Client,
    ms: number,
  ) {
    const free = t.store.rosters.list(day.point.id).find((e) => !t.store.voting.checkedIn(e.id));
    if (!free) throw new Error("fixture: roster used up");
    await kiosk.get(paths.kiosk.wait, htmx); // the idle kiosk is polling
    const issued = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(free.id), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(issued.status).toBe(200);
    t.clock.advance(ms);
    await castHeld(kiosk, { "HQ-01": "high", "HQ-02": "low" });
  }

  const fastAudits = (t: TestApp) => t.store.audit.list().filter((e) => e.action === "kiosk.fast_cast");
  const ALERT = "Cảnh báo: máy gửi phiếu nhanh bất thường.";

  it("fast casts - 3 of a kiosk's last 10 ballots in under 15 s raise the alert on the console and the board; audited with the counts only, once an hour and whenever it worsens", async () => {
    const t = makeApp();
    const day = await votingDay(t, { residents: 30 });
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    const board = await boardClient(t);
    const console = () => day.officer.get(paths.officer.live(day.point.id), htmx).then((r) => r.text());
    const progress = () => board.get(paths.board.progress).then((r) => r.text());

    // Residents who take a minute, and two quick ones (a resident who knew what to choose): no alert.
    for (let i = 0; i < 7; i++) await voteAfter(t, day, kiosk, 60_000);
    await voteAfter(t, day, kiosk, 5_000);
    await voteAfter(t, day, kiosk, 14_999);
    expect(await console()).not.toContain(ALERT);
    expect(await progress()).not.toContain(ALERT);
    expect(fastAudits(t)).toEqual([]);

    // A third within the last ten: the alert, on both screens, and one audit entry.
    await voteAfter(t, day, kiosk, 2_000);
    const live = await console();
    expect(live).toContain(ALERT);
    expect(live).toContain("Máy 1: 3 trong 10 phiếu gần nhất được gửi chưa đầy 15 giây sau khi phát phiếu");
    expect(live).toContain("gửi phiếu nhanh bất thường</span>");
    const page = await progress();
    expect(page).toContain(ALERT);
    expect(page).toContain("Điểm HQ-T1, Máy 1: 3 trong 10 phiếu gần nhất");
    expect(page).toMatch(/3\/10 <span class="badge badge-error">nhanh bất thường<\/span>/);
    expect(fastAudits(t)).toMatchObject([
      {
        actor: "hệ thống",
        subject: "HQ-T1",
        details: { day: "2026-10-27", kiosk: "Máy 1", fast: 3, of: 10 },
      },
    ]);
    // The counts and the voting day only (the close puts it in that day's minutes): no time, no
    // ticket, nothing of a ballot.
    expect(Object.keys(fastAudits(t)[0]?.details ?? {}).sort()).toEqual(["day", "fast", "kiosk", "of"]);

    // Worse within the hour: audited at once (the minutes carry the day's worst) …
    await voteAfter(t, day, kiosk, 1_000);
    expect(await console()).toContain("Máy 1: 4 trong 10 phiếu gần nhất");
    expect(fastAudits(t)).toMatchObject([{ details: { fast: 3 } }, { details: { fast: 4, of: 10 } }]);
    // … but not again while it is no worse within the hour (a slow ballot pushes out a slow one).
    await voteAfter(t, day, kiosk, 45_000);
    expect(await console()).toContain("Máy 1: 4 trong 10 phiếu gần nhất");
    expect(fastAudits(t)).toHaveLength(2);
    // An hour later, a fast ballot under the alert is audited once more.
    t.clock.advance(61 * 60_000);
    await day.officer.login("hq-t1-1");
    await voteAfter(t, day, kiosk, 1_000);
    expect(fastAudits(t)).toMatchObject([
      { details: { fast: 3 } },
      { details: { fast: 4 } },
      { details: { kiosk: "Máy 1", fast: 5, of: 10 } },
    ]);

    // Ballots at a person's pace push the fast ones out of the last ten: the alert ends by itself.
    for (let i = 0; i < 7; i++) await voteAfter(t, day, kiosk, 45_000);
    expect(t.store.tickets.paceOf(kioskIdOf(t), "2026-10-27")).toEqual({ fast: 2, of: 10, alert: false });
    expect(await console()).not.toContain(ALERT);
    expect(await progress()).not.toContain(ALERT);
    expect(fastAudits(t)).toHaveLength(3);
  });
});
