import { describe, expect, it } from "vitest";
import { decodeMarks } from "../../server/domain/ballot.ts";
import { REGISTRATION_BURST, REGISTRATION_INTERVAL_MS } from "../../server/domain/pairing.ts";
import { paths } from "../../server/http/paths.ts";
import { Client, dataAttr, makeApp, type TestApp, unwrap } from "../helpers.ts";
import {
  ballotOnKiosk,
  confirmPairing,
  entryIdOf,
  heldTicket,
  htmx,
  kioskIdOf,
  openPairingWindow,
  pairedKiosk,
  votingDay,
} from "../voting-helpers.ts";

async function openDay(t: TestApp) {
  const day = await votingDay(t);
  const open = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
  if (open.status !== 200) throw new Error(`open failed ${open.status}`);
  const kiosk = await pairedKiosk(t, day.officer, day.point.id);
  return { ...day, kiosk };
}

const issue = (day: Awaited<ReturnType<typeof openDay>>, t: TestApp, name: string, kioskLabel = "Máy 1") =>
  day.officer.post(
    paths.officer.issue(day.point.id),
    { entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t, kioskLabel) },
    htmx,
  );

const counts = (t: TestApp, pointId: number) => t.store.voting.pointDay(pointId, "2026-10-27");
const ballotCount = (t: TestApp) => t.store.ballots.collectedTotal();
/** The stored ballots of the test point's day, decoded (the ballot file stores one letter per row). */
const storedBallots = (t: TestApp, pointId: number) =>
  t.store.ballots.ballots(pointId, "2026-10-27").map((b) => decodeMarks(["HQ-01", "HQ-02"], b));

describe("kiosk pairing", () => {
  it("pairing - while the point's window is open a new browser gets a device cookie and an 8-digit code; the officer's code pairs it", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = new Client(t, "192.0.2.50");
    const res = await kiosk.get(paths.kiosk.home);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(kiosk.cookies.has("tn_kiosk")).toBe(true);
    const html = await res.text();
    expect(html).toContain("Máy ghi phiếu chưa được kết nối");
    expect(html).toContain("Thôn 1, Xã Hương Quang");
    // Not paired yet: kiosk routes send it back to pairing.
    const early = await kiosk.get(paths.kiosk.wait, htmx);
    expect(early.status).toBe(401);
    expect(early.headers.get("HX-Redirect")).toBe(paths.kiosk.home);
    const code = dataAttr(html, "pairing-code") ?? "";
    expect(code).toMatch(/^\d{8}$/);
    expect((await kiosk.get(`${paths.kiosk.pairing}?s=code-${code}`, htmx)).status).toBe(204);

    const wrong = await day.officer.post(paths.officer.pair(day.point.id), { code: "00000000" }, htmx);
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Không có máy nào đang chờ kết nối với điểm này bằng mã này");

    // Shown in large type as two groups of four, and read aloud digit by digit.
    expect(html).toContain(`${code.slice(0, 4)} ${code.slice(4)}`);
    expect(html).toContain(`Mã kết nối: ${code.split("").join(" ")}`);
    const ok = await day.officer.post(
      paths.officer.pair(day.point.id),
      { code: `${code.slice(0, 4)} ${code.slice(4)}` },
      htmx,
    );
    expect(ok.status).toBe(200);
    // The words as read: the kiosk label is kept whole in a span of its own.
    expect((await ok.text()).replace(/<[^>]+>/g, "")).toContain("Đã kết nối Máy 1.");
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: "kiosk.pair", subject: "HQ-T1" });
    expect((await kiosk.get(`${paths.kiosk.pairing}?s=code-${code}`, htmx)).headers.get("HX-Redirect")).toBe(
      paths.kiosk.home,
    );
    // The second officer confirms (the campaign's default): then the kiosk is ready.
    expect(await (await kiosk.get(paths.kiosk.home)).text()).toContain("Chờ cán bộ thứ hai xác nhận");
    expect((await confirmPairing(t, day.point.id, kioskIdOf(t))).status).toBe(200);
    expect(await (await kiosk.get(paths.kiosk.home)).text()).toContain("Xin mời bà con đến bàn tổ công tác");
    expect(t.store.audit.list().at(-1)).toMatchObject({ action: "kiosk.pair.confirm", subject: "HQ-T1" });
  });

  it("pairing - an expired code no longer pairs; the kiosk shows a fresh one while the window is open", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = new Client(t, "192.0.2.50");
    const first = dataAttr(await (await kiosk.get(paths.kiosk.home)).text(), "pairing-code");
    t.clock.advance(4 * 60_000);
    await openPairingWindow(day.officer, day.point.id); // "Mở thêm 5 phút"
    t.clock.advance(2 * 60_000); // the code ran out after 5 minutes; the window is open until 9
    const refused = await day.officer.post(paths.officer.pair(day.point.id), { code: first ?? "" }, htmx);
    expect(refused.status).toBe(422);
    const second = dataAttr(await (await kiosk.get(paths.kiosk.home)).text(), "pairing-code");
    expect(second).toMatch(/^\d{8}$/);
    expect(second).not.toBe(first);
  });

  it("pairing - a paired kiosk reaches nothing but kiosk routes, even with an officer logged in on it", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    for (const path of [
      paths.board.home,
      paths.officer.home,
      paths.officer.point(day.point.id),
      paths.board.progress,
    ]) {
      const res = await kiosk.get(path);
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).toContain("Máy ghi phiếu chỉ dùng để ghi phiếu.");
    }
    await kiosk.login("hq-t1-2");
    expect((await kiosk.get(paths.officer.point(day.point.id))).status).toBe(403);
    expect((await kiosk.post(paths.officer.open(day.point.id), {}, htmx)).status).toBe(403);
  });

  it("unpair - one click for the officer; the kiosk is back at pairing", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    const res = await day.officer.post(paths.officer.unpair(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(res.status).toBe(200);
    expect((await kiosk.get(paths.kiosk.wait, htmx)).headers.get("HX-Redirect")).toBe(paths.kiosk.home);
    expect(await (await kiosk.get(paths.kiosk.home)).text()).toContain("chưa được kết nối");
  });
});

describe("point lifecycle", () => {
  it("open - on the point's day once stamped: zero report, campaign starts voting, audited", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const res = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Báo cáo số 0");
    expect(html).toContain("chưa phát phiếu nào, chưa thu về phiếu nào");
    expect(counts(t, day.point.id)).toMatchObject({ status: "open", issued: 0, collected: 0, voided: 0 });
    expect(t.store.campaigns.current()?.state).toBe("voting");
    const open = t.store.audit.list().find((e) => e.action === "point.open");
    expect(open?.details).toMatchObject({
      day: "2026-10-27",
      zeroReport: { issued: 0, collected: 0, ballots: 0 },
    });
    const again = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(again.status).toBe(409);
  });

  it("open, pause, resume - without script the browser is sent back to the console (a reload sends nothing again)", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const consoleUrl = paths.officer.point(day.point.id);
    for (const [action, status] of [
      [paths.officer.open(day.point.id), "open"],
      [paths.officer.pause(day.point.id), "paused"],
      [paths.officer.resume(day.point.id), "open"],
    ] as const) {
      const res = await day.officer.post(action, {});
      expect(res.status, action).toBe(303);
      expect(res.headers.get("location"), action).toBe(consoleUrl);
      expect(counts(t, day.point.id)?.status, action).toBe(status);
    }
    expect(t.store.audit.list().filter((e) => e.action === "point.open")).toHaveLength(1);
    // A refusal is still shown where the officer is, with its reason and nothing changed.
    const again = await day.officer.post(paths.officer.open(day.point.id), {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("<html");
    expect(t.store.audit.list().filter((e) => e.action === "point.open")).toHaveLength(1);
  });

  it("open - refused on another day, with the point's days named", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    t.clock.advance(24 * 3_600_000);
    await day.officer.login("hq-t1-1"); // a day later the login has expired
    const res = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(
      "Hôm nay không phải ngày lấy phiếu của điểm này (ngày của điểm: 27/10/2026)",
    );
    expect(counts(t, day.point.id.valueOf())).toBeNull();
  });

  it("open - refused before the stamp", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    t.store.db.run("UPDATE campaigns SET state = 'draft'");
    const res = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("chưa được Ban Tổ chức đóng dấu");
  });

  it("console - an officer of another point gets a 404, not the console", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const other = unwrap(
      t.store.points.create(day.campaign.id, {
        code: "HQ-T9",
        name: "Thôn 9",
        communeId: day.hq.id,
        days: ["2026-10-27"],
      }),
    );
    const res = await day.officer.get(paths.officer.point(other.id));
    expect(res.status).toBe(404);
    expect((await day.officer.post(paths.officer.open(other.id), {}, htmx)).status).toBe(404);
  });

  it("pause/resume - while paused nothing is issued or cast", async () => {
    const t = makeApp();
    const day = await openDay(t);
    expect((await issue(day, t, "Võ Văn Dũng")).status).toBe(200);
    const { ticket } = await ballotOnKiosk(day.kiosk);
    expect((await day.officer.post(paths.officer.pause(day.point.id), {}, htmx)).status).toBe(200);
    const refusedIssue = await issue(day, t, "Lê Diệu Lan");
    expect(refusedIssue.status).toBe(409);
    expect(await refusedIssue.text()).toContain("đang tạm dừng");
    const cast = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "low" },
      htmx,
    );
    expect(cast.status).toBe(409);
    expect(await cast.text()).toContain("Phiếu chưa được ghi nhận");
    expect(ballotCount(t)).toBe(0);
    expect((await day.officer.post(paths.officer.resume(day.point.id), {}, htmx)).status).toBe(200);
    const ok = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "low" },
      htmx,
    );
    expect(ok.status).toBe(200);
    expect(ballotCount(t)).toBe(1);
    expect(t.store.audit.list().map((e) => e.action)).toEqual(
      expect.arrayContaining(["point.pause", "point.resume"]),
    );
  });
});

describe("check-in", () => {
  it.each([
    ["huong", "Nguyễn Thị Hường"],
    ["HƯỜNG", "Nguyễn Thị Hường"],
    ["nguyen huong", "Nguyễn Thị Hường"],
    ["1955", "Bùi Thế Hùng"],
    ["6613", "Võ Văn Dũng"],
    ["h2", "Nguyễn Thị Hường"],
  ])("search - %s finds %s", async (q, name) => {
    const t = makeApp();
    const day = await openDay(t);
    const res = await day.officer.get(
      `${paths.officer.search(day.point.id)}?q=${encodeURIComponent(q)}`,
      htmx,
    );
    const html = await res.text();
    expect(html).toContain(name);
    expect(html).toContain("Phát phiếu");
  });

  it("issue - marks the entry once and gives the kiosk a ticket that does not name the resident", async () => {
    const t = makeApp();
    const day = await openDay(t);
    const res = await issue(day, t, "Võ Văn Dũng");
    expect(res.status).toBe(200);
    // The words as read: the kiosk label is kept whole in a span of its own.
    expect((await res.text()).replace(/<[^>]+>/g, "")).toContain(
      "Đã phát phiếu cho Võ Văn Dũng. Mời cử tri đến Máy 1.",
    );
    expect(counts(t, day.point.id)).toMatchObject({ issued: 1, collected: 0 });
    // The ticket is in memory only, and names the kiosk and the point-day, never the resident.
    const ticket = t.store.tickets.forKiosk(kioskIdOf(t));
    expect(Object.keys(ticket ?? {}).sort()).toEqual(["day", "id", "kioskId", "opened", "pointId"]);

    const again = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Võ Văn Dũng đã nhận phiếu rồi.");
    const search = await (await day.officer.get(`${paths.officer.search(day.point.id)}?q=dung`, htmx)).text();
    expect(search).toContain("Đã nhận phiếu");
  });

  it("issue - refused to a busy kiosk, before opening, and for another point's resident", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    void kiosk;
    const closed = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain("Điểm lấy phiếu chưa mở.");
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(
      (
        await day.officer.post(
          paths.officer.issue(day.point.id),
          { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
          htmx,
        )
      ).status,
    ).toBe(200);
    const busy = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Lê Diệu Lan")), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain("đang có phiếu chưa dùng");
    expect(counts(t, day.point.id)?.issued).toBe(1);
    const bad = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: "abc", kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(bad.status).toBe(422);
  });

  it("issue - per household: a second member of the household is refused", async () => {
    const t = makeApp();
    const day = await votingDay(t, { onePer: "household" });
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.51");
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.52");
    expect(
      (
        await day.officer.post(
          paths.officer.issue(day.point.id),
          { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 1") },
          htmx,
        )
      ).status,
    ).toBe(200);
    const spouse = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Lê Diệu Lan")), kioskId: kioskIdOf(t, "Máy 2") },
      htmx,
    );
    expect(spouse.status).toBe(409);
    expect(await spouse.text()).toContain("Hộ H1 đã nhận phiếu rồi (mỗi hộ một phiếu).");
  });
});

describe("ballot and casting", () => {
  it("kiosk - idle polls answer 204 until a ticket arrives, then the point's first official, alone on the screen", async () => {
    const t = makeApp();
    const day = await openDay(t);
    expect((await ballotOnKiosk(day.kiosk)).status).toBe(204);
    await issue(day, t, "Võ Văn Dũng");
    const { status, html, ticket } = await ballotOnKiosk(day.kiosk);
    expect(status).toBe(200);
    expect(ticket).toMatch(/^[0-9a-f]{32}$/);
    // Every form sends the ticket back in the field `t`.
    expect(html).toContain(`<input type="hidden" name="t" value="${ticket}"/>`);
    expect(html).toContain("Người thứ 1 / 2");
    expect(html).toContain("Đỗ Thanh Hường");
    expect(html).not.toContain("Đặng Quang Long"); // the second official has a screen of their own
    expect(html).not.toContain("Bùi Thu Mai"); // another commune's official
    for (const text of [
      "Tín nhiệm cao",
      "Tín nhiệm thấp",
      "Quay lại",
      "Để trống ▶",
      "Nghe hướng dẫn",
      "Cỡ chữ",
    ])
      expect(html).toContain(text);
  });

  it("review - lists every row with its choice and a 'Sửa', blank rows marked, from the marks the kiosk was given", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    const chosen = await day.kiosk.post(
      paths.kiosk.choose,
      { t: ticket ?? "", o: "HQ-01", level: "medium" },
      htmx,
    );
    expect(await chosen.text()).toContain("Người thứ 2 / 2");
    const res = await day.kiosk.post(paths.kiosk.review, { t: ticket ?? "" }, htmx);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Xem lại phiếu");
    expect(html).toContain("review-row chosen-medium");
    expect(html).toContain("review-row blank");
    expect(html.match(/Sửa<span class="sr-only">/g)).toHaveLength(2);
    expect(html).toContain('name="m.HQ-01" value="medium"');
    expect(html).not.toContain('name="m.HQ-02"');
    expect(ballotCount(t)).toBe(0);
  });

  it("cast - a blank row needs the resident's confirmation, asked on the page; then it is stored as blank and the kiosk thanks", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    await day.kiosk.post(paths.kiosk.choose, { t: ticket ?? "", o: "HQ-01", level: "low" }, htmx);
    const unconfirmed = await day.kiosk.post(paths.kiosk.cast, { t: ticket ?? "", "m.HQ-01": "low" }, htmx);
    // The question is the ballot's next screen, not a refusal (user trial: a 422 here was logged as
    // an error by the kiosk's browser on every ballot with a blank row).
    expect(unconfirmed.status).toBe(200);
    const question = await unconfirmed.text();
    expect(question).toContain('data-screen="blanks"');
    expect(question).toContain("Bà con còn để trống 1 người.");
    expect(question).toContain(
      "phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho người để trống.",
    );
    expect(question).toContain("Quay lại chọn");
    expect(question).toContain("Gửi phiếu, để trống người này");
    expect(question).not.toContain("required");
    expect(ballotCount(t)).toBe(0);
    // Without script (a plain form post) the whole kiosk page, with the same question, also 200.
    const plain = await day.kiosk.post(paths.kiosk.cast, { t: ticket ?? "", "m.HQ-01": "low" });
    expect(plain.status).toBe(200);
    const page = await plain.text();
    expect(page).toContain("<!doctype html>");
    expect(page).toContain("Bà con còn để trống 1 người.");
    expect(ballotCount(t)).toBe(0);
    const res = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "low", confirmBlank: "1" },
      htmx,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Phiếu của bà con đã được ghi nhận");
    expect(storedBallots(t, day.point.id)).toEqual([{ "HQ-01": "low", "HQ-02": null }]);
    expect(t.store.tickets.outstanding(day.point.id, "2026-10-27")).toBe(0);
    expect(counts(t, day.point.id)).toMatchObject({ issued: 1, collected: 1, voided: 0 });
    // Back to idle: nothing to show.
    expect((await ballotOnKiosk(day.kiosk)).status).toBe(204);
  });

  it("cast - a replay changes nothing: the same kiosk hears 'already recorded', another kiosk or a later replay is refused", async () => {
    const t = makeApp();
    const day = await openDay(t);
    const other = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.61");
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    const form = { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" };
    expect((await day.kiosk.post(paths.kiosk.cast, form, htmx)).status).toBe(200);
    // A double tap or a retry after a lost answer: the resident is told the truth, nothing changes.
    const again = await day.kiosk.post(paths.kiosk.cast, { ...form, "m.HQ-02": "low" }, htmx);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("đã được ghi nhận");
    expect(ballotCount(t)).toBe(1);
    expect(storedBallots(t, day.point.id)).toEqual([{ "HQ-01": "high", "HQ-02": "high" }]);
    const elsewhere = await other.post(paths.kiosk.cast, form, htmx);
    expect(elsewhere.status).toBe(409);
    expect(await elsewhere.text()).toContain("Phiếu không còn hiệu lực");
    // Once the kiosk has cast the next resident's ticket, the old one is refused outright.
    await issue(day, t, "Lê Diệu Lan");
    const next = await ballotOnKiosk(day.kiosk);
    expect(
      (
        await day.kiosk.post(
          paths.kiosk.cast,
          { t: next.ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "low" },
          htmx,
        )
      ).status,
    ).toBe(200);
    expect((await day.kiosk.post(paths.kiosk.cast, form, htmx)).status).toBe(409);
    expect(ballotCount(t)).toBe(2);
    expect(counts(t, day.point.id)?.collected).toBe(2);
  });

  it.each([
    [
      "a forged ticket id",
      { t: "f".repeat(32), "m.HQ-01": "high", "m.HQ-02": "high" },
      "Phiếu không còn hiệu lực",
    ],
    [
      "another point's official",
      { "m.HQ-01": "high", "m.HQ-02": "high", "m.HT-01": "low" },
      "không thuộc phiếu của điểm này",
    ],
    ["a level outside the three", { "m.HQ-01": "rat_thap", "m.HQ-02": "high" }, "ô đánh dấu không hợp lệ"],
  ])("cast - %s is refused with a kiosk message and changes nothing", async (_what, fields, message) => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    const res = await day.kiosk.post(paths.kiosk.cast, { t: ticket ?? "", ...fields }, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(message);
    expect(ballotCount(t)).toBe(0);
    expect(t.store.tickets.outstanding(day.point.id, "2026-10-27")).toBe(1);
    expect(counts(t, day.point.id)?.collected).toBe(0);
  });

  it("cast - another kiosk cannot use this kiosk's ticket", async () => {
    const t = makeApp();
    const day = await openDay(t);
    const other = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.60");
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    const res = await other.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" },
      htmx,
    );
    expect(res.status).toBe(409);
    expect(ballotCount(t)).toBe(0);
  });

  it("cast - after the point closed it is refused", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    t.store.db.run("UPDATE point_days_state SET state = 'closed'");
    const res = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" },
      htmx,
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Điểm lấy phiếu đã đóng.");
    expect(ballotCount(t)).toBe(0);
  });

  it("void - 'Không thu về' voids only the ticket its tile showed: the next resident's ballot at that kiosk is not voided by a question asked before it", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    // The officer's tile shows the first resident's ticket; the question is asked with it.
    const page = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const shown = page.match(/name="phieu" value="([0-9a-f]{16})"/)?.[1] ?? "";
    expect(shown).toEqual(heldTicket(t, kioskIdOf(t)).phieu);
    // Meanwhile the first resident votes and the next one is handed a ballot at the same kiosk.
    const { ticket } = await ballotOnKiosk(day.kiosk);
    await day.kiosk.post(paths.kiosk.cast, { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" }, htmx);
    await issue(day, t, "Lê Diệu Lan");
    const res = await day.officer.post(
      paths.officer.voidTicket(day.point.id, kioskIdOf(t)),
      { phieu: shown },
      htmx,
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("vừa nhận phiếu của một cử tri khác: chưa hủy phiếu nào");
    expect(counts(t, day.point.id)).toMatchObject({ issued: 2, collected: 1, voided: 0 });
    expect(t.store.tickets.forKiosk(kioskIdOf(t))).not.toBeNull();
    // A form without the reference (a page too old) voids nothing either.
    const bare = await day.officer.post(paths.officer.voidTicket(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(bare.status).toBe(409);
    expect(counts(t, day.point.id)).toMatchObject({ voided: 0 });
  });

  it("void - không thu về: counted as issued, not collected; the kiosk says so, then resets", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    expect((await day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx)).status).toBe(204);
    const res = await day.officer.post(
      paths.officer.voidTicket(day.point.id, kioskIdOf(t)),
      heldTicket(t, kioskIdOf(t)),
      htmx,
    );
    expect(res.status).toBe(200);
    // The officer is told which kiosk's ballot was voided, and what to do if the resident comes back
    // (a void is final: no new ballot, the resident stays checked in).
    const told = (await res.text()).replace(/<[^>]+>/g, "");
    expect(told).toContain("Đã hủy phiếu ở Máy 1: tính là phát ra nhưng không thu về.");
    expect(told).toContain("ghi việc này vào ô “Sự cố trong ngày” khi kết thúc và kiểm phiếu.");
    expect(counts(t, day.point.id)).toMatchObject({ issued: 1, collected: 0, voided: 1 });
    const after = await day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx);
    expect(after.status).toBe(200);
    const said = await after.text();
    expect(said).toContain("Phiếu này đã được tổ công tác hủy");
    // Truthful: the team cannot hand this resident another ballot, so none is promised.
    expect(said).toContain("xin báo với tổ công tác để tổ ghi việc này vào biên bản.");
    expect(said).not.toContain("để được giúp");
    expect(said).toContain('data-reset-after="12"');
    expect(t.store.tickets.currentProgress(kioskIdOf(t))).toBeNull();
    const late = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" },
      htmx,
    );
    expect(late.status).toBe(409);
    expect(ballotCount(t)).toBe(0);
    // The resident stays checked in: no second ballot for them.
    expect((await issue(day, t, "Võ Văn Dũng")).status).toBe(409);
    // The next resident's ticket clears the void's message on the console (it stayed over later
    // residents, read as news).
    const next = await issue(day, t, "Lê Diệu Lan");
    expect(next.status).toBe(200);
    expect(await next.text()).toContain('<div id="kiosk-message" hx-swap-oob="true"></div>');
  });

  it("live counts - the console and the board show counts, never results", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    await day.kiosk.post(paths.kiosk.cast, { t: ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "low" }, htmx);
    const live = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(live).toMatch(/<span class="stat">1<\/span> phiếu phát ra/);
    expect(live).toMatch(/<span class="stat">1<\/span> phiếu thu về/);
    expect(live.toLowerCase()).not.toContain("tín nhiệm thấp");
    const board = new Client(t, "192.0.2.90");
    const { addUser } = await import("../helpers.ts");
    await addUser(t, "bantochuc", "board");
    await board.login("bantochuc");
    const progress = await (await board.get(paths.board.progress)).text();
    expect(progress).toContain("Tiến độ lấy phiếu");
    expect(progress).toMatch(/<td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td>/);
    expect(progress.toLowerCase()).not.toContain("tín nhiệm thấp");
  });
});

describe("review round 2", () => {
  it("cast - a ticket of another day is refused; it can still be voided for its own day", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    t.clock.advance(24 * 3_600_000);
    const res = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" },
      htmx,
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Phiếu này được phát trong ngày khác");
    expect(ballotCount(t)).toBe(0);
    await day.officer.login("hq-t1-1");
    expect(
      (
        await day.officer.post(
          paths.officer.voidTicket(day.point.id, kioskIdOf(t)),
          heldTicket(t, kioskIdOf(t)),
          htmx,
        )
      ).status,
    ).toBe(200);
    expect(counts(t, day.point.id)).toMatchObject({ issued: 1, collected: 0, voided: 1 });
  });

  it("cast - two marks for one official are refused, nothing stored, the ballot stays", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    const res = await day.kiosk.request(paths.kiosk.cast, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRF-Token": await day.kiosk.csrf(),
        ...htmx,
      },
      body: `t=${ticket}&m.HQ-01=high&m.HQ-01=low&m.HQ-02=medium`,
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Có người được đánh dấu hai ô");
    expect(ballotCount(t)).toBe(0);
    expect(t.store.tickets.outstanding(day.point.id, "2026-10-27")).toBe(1);
  });

  it("cast - refused while paused, the resident keeps the marks on the review screen; once the team resumes, the kiosk's poll brings the review back without the pause message", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    await day.kiosk.post(paths.kiosk.choose, { t: ticket ?? "", o: "HQ-01", level: "low" }, htmx);
    await day.kiosk.post(paths.kiosk.choose, { t: ticket ?? "", o: "HQ-02", level: "medium" }, htmx);
    await day.officer.post(paths.officer.pause(day.point.id), {}, htmx);
    const res = await day.kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "medium" },
      htmx,
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("đang tạm dừng");
    expect(html).toContain('data-screen="review"');
    expect(html).toContain('name="m.HQ-01" value="low"');

    // The screen's poll says it shows the pause: nothing new while the point stays paused...
    const poll = html.match(/hx-get="([^"]*\/kiosk\/phieu\/con[^"]*)"/)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(poll).toContain("s=paused");
    expect((await day.kiosk.get(poll, htmx)).status).toBe(204);
    // ...and once the team resumes, the same review without the message (newcomer trial: it stayed).
    expect((await day.officer.post(paths.officer.resume(day.point.id), {}, htmx)).status).toBe(200);
    const resumed = await day.kiosk.get(poll, htmx);
    expect(resumed.status).toBe(200);
    const back = await resumed.text();
    expect(back).toContain('data-screen="review"');
    expect(back).toContain('name="m.HQ-01" value="low"');
    expect(back).not.toContain("đang tạm dừng");
    expect(back).not.toContain("s=paused");
    // The ordinary poll of that screen: nothing new.
    expect((await day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx)).status).toBe(204);
  });

  it("still poll - a cast whose answer was lost: the kiosk learns it was recorded and resets", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const { ticket } = await ballotOnKiosk(day.kiosk);
    await day.kiosk.post(paths.kiosk.cast, { t: ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "low" }, htmx);
    const still = await day.kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx);
    expect(still.status).toBe(200);
    const html = await still.text();
    expect(html).toContain("Phiếu của bà con đã được ghi nhận");
    expect(html).toContain("data-reset-after");
  });

  it("pairing - an officer cannot pair their own screen", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const html = await (await day.officer.get(paths.kiosk.home)).text();
    const code = dataAttr(html, "pairing-code") ?? "";
    const res = await day.officer.post(paths.officer.pair(day.point.id), { code }, htmx);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Mã này là của chính máy đang dùng");
    expect((await day.officer.get(paths.officer.point(day.point.id))).status).toBe(200);
  });

  it("registration - one address starts pairings at a bounded rate: past a burst of 20 it waits seconds (429, the kiosk retries by itself), never minutes", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const fromHall = () => new Client(t, "198.51.100.9").get(paths.kiosk.home);
    for (let i = 0; i < REGISTRATION_BURST; i++) expect((await fromHall()).status).toBe(200);
    const refused = await fromHall();
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("Retry-After"));
    expect(wait).toBeGreaterThanOrEqual(2);
    expect(wait).toBeLessThanOrEqual(Math.ceil(REGISTRATION_INTERVAL_MS / 1000));
    const html = await refused.text();
    expect(html).toContain("Có nhiều máy đang xin kết nối từ cùng mạng này");
    expect(html).toContain(`data-reset-after="${wait}"`);
    // Another address is not affected; this one gets a code again after one interval.
    expect((await new Client(t, "198.51.100.10").get(paths.kiosk.home)).status).toBe(200);
    t.clock.advance(REGISTRATION_INTERVAL_MS);
    const real = await fromHall();
    expect(real.status).toBe(200);
    expect(await real.text()).toMatch(/\d{4} \d{4}/);
    // A stranger keeping at it only ever takes one code per interval: never a 10-minute lockout.
    expect((await fromHall()).status).toBe(429);
    t.clock.advance(REGISTRATION_INTERVAL_MS);
    expect((await fromHall()).status).toBe(200);
  });

  it("kiosk errors - an error on a kiosk route is a kiosk screen that resets itself", async () => {
    const t = makeApp();
    const day = await openDay(t);
    const res = await day.kiosk.request(paths.kiosk.cast, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...htmx },
      body: "t=x",
    });
    expect(res.status).toBe(403); // no CSRF token
    const html = await res.text();
    expect(html).toContain("data-reset-after");
    expect(html).not.toContain("alert alert-error");
  });

  it("issue - refused to a kiosk that stopped answering", async () => {
    const t = makeApp();
    const day = await openDay(t);
    t.clock.advance(20_000); // the kiosk has not polled for 20 s
    await day.officer.login("hq-t1-1");
    const res = await issue(day, t, "Võ Văn Dũng");
    expect(res.status).toBe(409);
    expect((await res.text()).replace(/<[^>]+>/g, "")).toContain("Máy 1 đang mất kết nối");
    expect(counts(t, day.point.id)?.issued).toBe(0);
  });

  it("unpair - refused while the kiosk holds a resident's ticket", async () => {
    const t = makeApp();
    const day = await openDay(t);
    await issue(day, t, "Võ Văn Dũng");
    const res = await day.officer.post(paths.officer.unpair(day.point.id, kioskIdOf(t)), {}, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Máy đang có phiếu của cử tri");
  });

  it("kiosk numbers - unique at a point, never reused, shown on the kiosk", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const k1 = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.51");
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.52");
    await day.officer.post(paths.officer.unpair(day.point.id, kioskIdOf(t, "Máy 2")), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.53");
    const labels = t.store.voting.kiosksAt(day.point.id).map((k) => k.label);
    expect(labels).toEqual(["Máy 1", "Máy 3"]);
    expect(await (await k1.get(paths.kiosk.home)).text()).toContain(
      '<strong class="kiosk-label">Máy 1</strong>',
    );
  });

  it("pairing poll - an expired code sends the kiosk back for a fresh one", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = new Client(t, "192.0.2.50");
    const code = dataAttr(await (await kiosk.get(paths.kiosk.home)).text(), "pairing-code");
    const poll = () => kiosk.get(`${paths.kiosk.pairing}?s=code-${code}`, htmx);
    expect((await poll()).status).toBe(204);
    t.clock.advance(6 * 60_000);
    expect((await poll()).headers.get("HX-Redirect")).toBe(paths.kiosk.home);
  });

  it("open - refused when the point-day is not empty (the zero report is counted)", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    t.store.ballots.ensureSlots(day.point.id, "2026-10-27", 2, 4);
    t.store.ballots.cast(day.point.id, "2026-10-27", "L_");
    const res = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("dữ liệu của điểm trong ngày không trống (1 phiếu");
  });

  it("search - wildcards match themselves; too many matches say so", async () => {
    const t = makeApp();
    const day = await votingDay(t, { residents: 40 });
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    expect(
      await (await day.officer.get(`${paths.officer.search(day.point.id)}?q=%25`, htmx)).text(),
    ).toContain("Không tìm thấy ai");
    const many = await (await day.officer.get(`${paths.officer.search(day.point.id)}?q=cu+tri`, htmx)).text();
    expect(many).toContain("Còn nhiều người khớp hơn");
  });

  it("household - codes typed differently are one household; the search shows it received its ballot", async () => {
    const t = makeApp();
    const day = await votingDay(t, { onePer: "household" });
    t.store.db.run(
      "UPDATE roster_entries SET household_code = ' h1', household_folded = 'h1' WHERE full_name = 'Lê Diệu Lan'",
    );
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.51");
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.52");
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 1") },
      htmx,
    );
    const spouse = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Lê Diệu Lan")), kioskId: kioskIdOf(t, "Máy 2") },
      htmx,
    );
    expect(spouse.status).toBe(409);
    const search = await (await day.officer.get(`${paths.officer.search(day.point.id)}?q=lan`, htmx)).text();
    expect(search).toContain("Hộ đã nhận phiếu");
  });

  it("check-in - only the hour is kept", async () => {
    const t = makeApp();
    const day = await openDay(t);
    t.clock.advance(37 * 60_000 + 12_345);
    await day.kiosk.get(paths.kiosk.wait, htmx); // the kiosk is polling
    await day.officer.login("hq-t1-1");
    expect((await issue(day, t, "Võ Văn Dũng")).status).toBe(200);
    expect(t.store.db.query("SELECT at FROM check_ins").get()).toEqual({ at: "2026-10-27T01:00:00.000Z" });
  });
});

describe("board progress", () => {
  it("progress - a point voting on two days counts its roster once in the total", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, '2026-10-28')", [day.point.id]);
    const { addUser } = await import("../helpers.ts");
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.91");
    await board.login("bantochuc");
    const html = await (await board.get(paths.board.progress)).text();
    expect(html.match(/<td>27\/10\/2026<\/td>|<td>28\/10\/2026<\/td>/g)).toHaveLength(2);
    expect(html).toMatch(
      /<th scope="row">Cộng toàn đợt<\/th><td colspan="2" class="total-gap"><\/td><td class="num">4<\/td>/,
    );
  });
});

describe("final review", () => {
  it("registration - a registered kiosk reloading its page does not count against its address", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await openPairingWindow(day.officer, day.point.id);
    const kiosk = new Client(t, "198.51.100.20");
    for (let i = 0; i < REGISTRATION_BURST + 5; i++)
      expect((await kiosk.get(paths.kiosk.home)).status).toBe(200);
    expect((await new Client(t, "198.51.100.20").get(paths.kiosk.home)).status).toBe(200);
  });

  it("PUBLIC_URL - behind the proxy, kiosks are limited per forwarded address, not per proxy", async () => {
    const { createApp } = await import("../../server/app.ts");
    const { ConfigSchema } = await import("../../server/config.ts");
    const base = makeApp();
    const day = await votingDay(base);
    await openPairingWindow(day.officer, day.point.id);
    const t = {
      ...base,
      app: createApp({
        store: base.store,
        clock: base.clock,
        config: ConfigSchema.parse({ PUBLIC_URL: "https://tn.example.vn" }),
      }),
    };
    for (let i = 0; i < REGISTRATION_BURST; i++) {
      expect(
        (await new Client(t, "10.0.0.1").get(paths.kiosk.home, { "X-Forwarded-For": "203.0.113.5" })).status,
      ).toBe(200);
    }
    expect(
      (await new Client(t, "10.0.0.1").get(paths.kiosk.home, { "X-Forwarded-For": "203.0.113.5" })).status,
    ).toBe(429);
    expect(
      (await new Client(t, "10.0.0.1").get(paths.kiosk.home, { "X-Forwarded-For": "203.0.113.6" })).status,
    ).toBe(200);
  });

  it("household - a code typed with other case and spaces shows the household as issued in the search", async () => {
    const t = makeApp();
    const day = await votingDay(t, { onePer: "household" });
    t.store.db.run(
      "UPDATE roster_entries SET household_code = ' h1 ', household_folded = 'h1' WHERE full_name = 'Lê Diệu Lan'",
    );
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id);
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    const search = await (
      await day.officer.get(`${paths.officer.search(day.point.id)}?q=dieu+lan`, htmx)
    ).text();
    expect(search).toContain("Hộ đã nhận phiếu");
  });
});

describe("concurrent check-ins and casts (group commit, issue #12 §3)", () => {
  it("casts arriving together from several kiosks are each stored once; a doubled submission among them is told 'recorded' without a second ballot", async () => {
    const t = makeApp();
    const day = await openDay(t);
    const second = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.62");
    const third = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.63");
    const kiosks = [day.kiosk, second, third];
    const names = ["Võ Văn Dũng", "Lê Diệu Lan", "Nguyễn Thị Hường"];
    for (const [i, name] of names.entries()) {
      expect((await issue(day, t, name, `Máy ${i + 1}`)).status).toBe(200);
    }
    const tickets = await Promise.all(kiosks.map(async (k) => (await ballotOnKiosk(k)).ticket ?? ""));
    const marks = ["high", "medium", "low"];
    const answers = await Promise.all([
      ...kiosks.map((k, i) =>
        k.post(paths.kiosk.cast, { t: tickets[i] ?? "", "m.HQ-01": marks[i] ?? "", "m.HQ-02": "high" }, htmx),
      ),
      // The first kiosk's resident taps "Gửi phiếu" twice.
      day.kiosk.post(paths.kiosk.cast, { t: tickets[0] ?? "", "m.HQ-01": "high", "m.HQ-02": "high" }, htmx),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain("đã được ghi nhận");
    }
    expect(ballotCount(t)).toBe(3);
    expect(counts(t, day.point.id)).toMatchObject({ issued: 3, collected: 3 });
    expect(
      storedBallots(t, day.point.id)
        .map((b) => b?.["HQ-01"])
        .sort(),
    ).toEqual(["high", "low", "medium"]);
  });

  it("two consoles checking residents in at once: one resident gets one ticket, one kiosk holds one ticket", async () => {
    const t = makeApp();
    const day = await openDay(t);
    const colleague = new Client(t, "192.0.2.22");
    await colleague.login("hq-t1-2");
    const [a, b] = await Promise.all([issue(day, t, "Võ Văn Dũng"), issue(day, t, "Võ Văn Dũng")]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    // The same free kiosk chosen on two consoles for two residents: the second is refused.
    await day.kiosk.post(
      paths.kiosk.cast,
      { t: (await ballotOnKiosk(day.kiosk)).ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "high" },
      htmx,
    );
    const form = (name: string) => ({ entryId: String(entryIdOf(t, name)), kioskId: kioskIdOf(t) });
    const [c, d] = await Promise.all([
      day.officer.post(paths.officer.issue(day.point.id), form("Lê Diệu Lan"), htmx),
      colleague.post(paths.officer.issue(day.point.id), form("Nguyễn Thị Hường"), htmx),
    ]);
    expect([c.status, d.status].sort()).toEqual([200, 409]);
    expect(counts(t, day.point.id)).toMatchObject({ issued: 2, collected: 1 });
    expect(t.store.tickets.outstanding(day.point.id, "2026-10-27")).toBe(1);
  });
});
