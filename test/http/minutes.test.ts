import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyMinutes } from "../../server/crypto/verify-minutes.ts";
import { paths } from "../../server/http/paths.ts";
import { reopenMinutes } from "../../server/services/close.ts";
import { createOfficer } from "../../server/services/officers.ts";
import { requiredSigners } from "../../server/services/signers.ts";
import { addUser, BOARD_ACTOR, CHEAP_SEAL, Client, dataAttr, makeApp, PASSWORD, unwrap } from "../helpers.ts";
import {
  castEach,
  entryIdOf,
  heldTicket,
  htmx,
  kioskIdOf,
  pairedKiosk,
  votingDay,
} from "../voting-helpers.ts";

const DAY = "2026-10-27";

describe("close of day over HTTP (issue #10)", () => {
  it("close - a confirmation closes only the day its page showed: a second one (another officer, or the form sent twice) changes nothing and never ends today's voting; today's resident does not hold up yesterday's close", async () => {
    const t = makeApp();
    const day = await votingDay(t, { residents: 8 });
    const point = day.point.id;
    await day.officer.post(paths.officer.open(point), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, point);
    await castEach(t, day.officer, point, kiosk, ["Võ Văn Dũng"]);
    // The point votes the next day too; the team left the first day open and opens the second.
    const NEXT = "2026-10-28";
    t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, ?)", [point, NEXT]);
    t.clock.advance(24 * 60 * 60_000);
    await day.officer.login("hq-t1-1");
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    expect((await day.officer.post(paths.officer.open(point), {}, htmx)).status).toBe(200);
    // A resident of today is at the kiosk (which has been on all night: it shows itself).
    await kiosk.get(paths.kiosk.home);
    const issued = await day.officer.post(
      paths.officer.issue(point),
      { entryId: String(entryIdOf(t, "Cử Tri Số 1")), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(await issued.text()).toContain("Đã phát phiếu");
    // Both officers open the close page: it is for the day left open, not held up by today's ticket.
    for (const officer of [day.officer, second]) {
      const page = await (await officer.get(paths.officer.close(point))).text();
      expect(page).toContain("ngày 27/10/2026");
      expect(page).toContain('name="day" value="2026-10-27"');
      expect(page).not.toContain("đang có phiếu của cử tri");
    }
    const first = await day.officer.post(paths.officer.close(point), { day: DAY, incidents: "" }, htmx);
    expect(first.status).toBe(204);
    expect(first.headers.get("HX-Redirect")).toBe(paths.officer.minutes(point, DAY));
    const audit = t.store.audit.head();
    // The second confirmation, for the same day: refused, today still voting, its ticket kept.
    const late = await second.post(
      paths.officer.close(point),
      { day: DAY, incidents: "Sự cố ngày 27" },
      htmx,
    );
    expect(late.status).toBe(409);
    const lateHtml = await late.text();
    expect(lateHtml).toContain("Ngày 27/10/2026 đã được kết thúc và kiểm phiếu rồi");
    // No close form for another day in the answer (one more click would end today's voting), and
    // the incidents typed for the day refused are not carried anywhere: the ways back instead.
    expect(lateHtml).not.toContain('name="day"');
    expect(lateHtml).not.toContain("Sự cố ngày 27");
    expect(lateHtml).toContain(`href="${paths.officer.minutes(point, DAY)}"`);
    expect(lateHtml).toContain(`href="${paths.officer.point(point)}"`);
    // A form without its day (a page from before) closes nothing either.
    const bare = await second.post(paths.officer.close(point), { incidents: "" }, htmx);
    expect(bare.status).toBe(409);
    expect(await bare.text()).toContain("Trang này đã cũ");
    expect(t.store.voting.pointDay(point, NEXT)?.status).toBe("open");
    expect(t.store.tickets.forKiosk(kioskIdOf(t))?.day).toBe(NEXT);
    expect(t.store.minutes.current(point, NEXT)).toBeNull();
    expect(t.store.audit.head()).toBe(audit);
  });

  it("close - incidents typed before a refused close (a kiosk took a ticket meanwhile) come back on the page and through 'Xem lại' into the form", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const point = day.point.id;
    await day.officer.post(paths.officer.open(point), {}, htmx);
    await pairedKiosk(t, day.officer, point);
    await day.officer.post(
      paths.officer.issue(point),
      { entryId: String(entryIdOf(t, "Bùi Thế Hùng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    // Two incidents, one per line, as the form asks.
    const typed = "Máy 2 hỏng màn hình <lúc 9 giờ> & thay máy khác\nMất điện 15 phút";
    const escaped = "Máy 2 hỏng màn hình &lt;lúc 9 giờ&gt; &amp; thay máy khác\nMất điện 15 phút";
    const refused = await day.officer.post(paths.officer.close(point), { day: DAY, incidents: typed }, htmx);
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toContain("Máy 1 đang có phiếu của cử tri");
    // Said once, by the panel that replaces the button (no red alert repeating it above).
    expect(page.split("đang có phiếu của cử tri").length - 1).toBe(1);
    expect(page).toMatch(new RegExp(`<textarea id="incidents-kept"[^>]*readonly[^>]*>${escaped}</textarea>`));
    expect(page).toContain(`<input type="hidden" name="su-co" value="${escaped}"/>`);
    const tag = /<input type="hidden" name="ma" value="([0-9a-f]{64})"\/>/.exec(page)?.[1] ?? "";
    expect(tag).not.toBe("");
    expect(t.store.voting.pointDay(point, DAY)?.status).toBe("open");

    // "Xem lại" once the kiosk is free: the form, with the text in it.
    await day.officer.post(paths.officer.voidTicket(point, kioskIdOf(t)), heldTicket(t, kioskIdOf(t)), htmx);
    const back = (text: string, ma: string) =>
      day.officer
        .get(`${paths.officer.close(point)}?su-co=${encodeURIComponent(text)}&ma=${ma}`)
        .then((r) => r.text());
    const box = (html: string) =>
      /<textarea id="incidents" name="incidents"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1];
    expect(box(await back(typed, tag))).toBe(escaped);
    // A browser's GET form sends the line break as CR LF: the same text, the same tag.
    expect(box(await back(typed.replace("\n", "\r\n"), tag))).toBe(escaped);
    // Text a link from elsewhere put in the address (no tag, another text's tag, another login's)
    // never reaches the box that goes into the signed minutes.
    expect(box(await back("Không có sự cố gì", ""))).toBe("");
    expect(box(await back("Không có sự cố gì", tag))).toBe("");
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    const theirs = await (
      await second.get(`${paths.officer.close(point)}?su-co=${encodeURIComponent(typed)}&ma=${tag}`)
    ).text();
    expect(box(theirs)).toBe("");
    expect(box(await (await day.officer.get(paths.officer.close(point))).text())).toBe("");
    const long = await day.officer.get(`${paths.officer.close(point)}?su-co=${"x".repeat(9000)}&ma=${tag}`);
    expect(long.status).toBe(200);
    // Incidents longer than the minutes hold: refused, said, the text kept in the form to shorten.
    const tooLong = `Máy 1 hết pin\n${"Dài quá ".repeat(80)}`;
    const refusedLong = await day.officer.post(
      paths.officer.close(point),
      { day: DAY, incidents: tooLong },
      htmx,
    );
    expect(refusedLong.status).toBe(409);
    const longPage = await refusedLong.text();
    expect(longPage).toContain("Sự cố thứ 2 dài 639 ký tự; mỗi sự cố tối đa 500 ký tự.");
    expect(box(longPage)).toBe(tooLong);
    expect(t.store.voting.pointDay(point, DAY)?.status).toBe("open");
  });

  it("close - the confirmation shows the counts, a held ticket blocks it, then two officers sign and the JSON and PDF come out", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const point = day.point.id;
    await day.officer.post(paths.officer.open(point), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, point);
    await castEach(t, day.officer, point, kiosk, ["Võ Văn Dũng", "Lê Diệu Lan"]);
    await day.officer.post(
      paths.officer.issue(point),
      { entryId: String(entryIdOf(t, "Bùi Thế Hùng")), kioskId: kioskIdOf(t) },
      htmx,
    );

    const confirm = await (await day.officer.get(paths.officer.close(point))).text();
    expect(confirm).toContain("Máy 1 đang có phiếu của cử tri");
    const refused = await day.officer.post(paths.officer.close(point), { day: DAY }, htmx);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Không thu về");

    await day.officer.post(paths.officer.voidTicket(point, kioskIdOf(t)), heldTicket(t, kioskIdOf(t)), htmx);
    const closed = await day.officer.post(
      paths.officer.close(point),
      { day: DAY, incidents: "Máy 1 mất điện 10 phút lúc 9 giờ\n\n" },
      htmx,
    );
    expect(closed.status).toBe(204);
    expect(closed.headers.get("HX-Redirect")).toBe(paths.officer.minutes(point, DAY));

    // The tablet stops inviting residents once the point has closed.
    const idle = await kiosk.get(paths.kiosk.wait, htmx);
    expect(idle.status).toBe(200);
    expect(await idle.text()).toContain("Điểm đã kết thúc lấy phiếu hôm nay");
    const view = await (await day.officer.get(paths.officer.minutes(point, DAY))).text();
    expect(view).toContain("Đã ký: 0 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng");
    expect(view).toContain("Đối chiếu số liệu");
    expect(view).toContain('name="version" value="1"');
    // A form without the version it was read at (a page too old) signs nothing.
    const bare = await day.officer.post(paths.officer.minutesSign(point, DAY), { password: PASSWORD }, htmx);
    expect(bare.status).toBe(409);
    expect(await bare.text()).toContain("Trang này đã cũ");
    expect(t.store.minutes.current(point, DAY)?.signatures).toHaveLength(0);
    const wrong = await day.officer.post(
      paths.officer.minutesSign(point, DAY),
      { version: "1", password: "sai" },
      htmx,
    );
    expect(wrong.status).toBe(409);
    expect(await wrong.text()).toContain("Mật khẩu không đúng");
    const first = await day.officer.post(
      paths.officer.minutesSign(point, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    expect(await first.text()).toContain("cần thêm chữ ký");
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    const done = await second.post(
      paths.officer.minutesSign(point, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    expect(await done.text()).toContain("đã đủ chữ ký");

    const json = await day.officer.get(paths.officer.minutesJson(point, DAY));
    expect(json.headers.get("Content-Type")).toContain("application/json");
    const text = await json.text();
    const keys = new Map(day.officers.map((o) => [o.username, o.publicKey]));
    const verified = await verifyMinutes(JSON.parse(text), { registeredKeys: keys });
    expect(verified.ok).toBe(true);
    expect(JSON.parse(text).counts).toEqual({ roster: 4, issued: 3, collected: 2, notCollected: 1 });
    expect(JSON.parse(text).incidents).toContainEqual(
      expect.objectContaining({ code: "point.incident", message: "Máy 1 mất điện 10 phút lúc 9 giờ" }),
    );
    const minutesView = await (await day.officer.get(paths.officer.minutes(point, DAY))).text();
    expect(minutesView.replace(/<[^>]+>/g, "").replace(/\s+/g, " ")).toMatch(
      /Ghi khi kết thúc, \d\d:\d\d · Máy 1 mất điện 10 phút lúc 9 giờ/,
    );

    // The independent verifier, as another tool would run it, on the downloaded file.
    const dir = mkdtempSync(join(tmpdir(), "tn-minutes-"));
    try {
      writeFileSync(join(dir, "m.json"), text);
      writeFileSync(
        join(dir, "keys.json"),
        JSON.stringify(day.officers.map((o) => ({ code: o.username, publicKey: o.publicKey }))),
      );
      const out = execFileSync(
        process.execPath,
        ["scripts/verify.ts", join(dir, "m.json"), "--keys", join(dir, "keys.json")],
        {
          encoding: "utf8",
        },
      );
      expect(out).toContain("✓");
      const pdf = await day.officer.get(paths.officer.minutesPdf(point, DAY));
      expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
      writeFileSync(join(dir, "m.pdf"), new Uint8Array(await pdf.arrayBuffer()));
      // The PDF carries the same digest as the JSON: the verifier checks both together.
      const both = execFileSync(
        process.execPath,
        [
          "scripts/verify.ts",
          join(dir, "m.json"),
          "--keys",
          join(dir, "keys.json"),
          "--pdf",
          join(dir, "m.pdf"),
        ],
        { encoding: "utf8" },
      );
      expect(both).toContain("✓ Mã xác thực in trên PDF khớp");
      expect(both).toContain("KẾT LUẬN: BIÊN BẢN HỢP LỆ.");
      const pdfText = execFileSync("pdftotext", ["-raw", join(dir, "m.pdf"), "-"], { encoding: "utf8" });
      expect(pdfText).toContain("MÃ BĂM CAM KẾT DỮ LIỆU");
      const ballotsCommitment: string = JSON.parse(text).commitments.ballots;
      expect(pdfText.replace(/\s+/g, "")).toContain(ballotsCommitment);
      expect(pdfText).toContain("BIÊN BẢN KIỂM PHIẾU");
      // The typed incident's time is when it was written at the close, and says so.
      expect(pdfText.replace(/\s+/g, " ")).toMatch(
        /- Ghi khi kết thúc \(\d\d:\d\d\): Máy 1 mất điện 10 phút lúc 9 giờ/,
      );
      for (const official of day.officials.filter((o) => o.code.startsWith("HQ"))) {
        expect(pdfText).toContain(official.name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The board reads the same minutes, and may reopen them with a reason: version 2, to sign again.
    await addUser(t, "bt-kiemtra", "board");
    const board = new Client(t, "192.0.2.30");
    await board.login("bt-kiemtra");
    expect(await (await board.get(paths.boardMinutes.json(point, DAY))).text()).toBe(text);
    // The board's minutes page offers the keys file the verifier reads (officers' pages do not).
    const boardPage = await (await board.get(paths.boardMinutes.view(point, DAY))).text();
    expect(boardPage).toContain(`href="${paths.boardMinutes.keys}"`);
    // The board reads whether the server's check held, not that the minutes came to itself.
    expect(boardPage).toContain("Đã kiểm tra tự động: khớp với khóa đã đăng ký và dữ liệu lưu trữ.");
    expect(boardPage).not.toContain("đã chuyển về Ban Tổ chức");
    // Under the board's own tabs, Tiến độ current.
    expect(boardPage).toMatch(/<a[^>]*href="\/ban-to-chuc\/tien-do"[^>]*aria-current="page"/);
    // The registered keys as the board exports them are what the verifier trusts with --keys.
    const exported = await (await board.get(paths.boardMinutes.keys)).json();
    expect(exported).toEqual(
      expect.arrayContaining(
        day.officers.map((o) => expect.objectContaining({ code: o.username, publicKey: o.publicKey })),
      ),
    );
    expect(boardPage).toContain('name="version" value="1"');
    const noReason = await board.post(
      paths.boardMinutes.reopen(point, DAY),
      { version: "1", reason: "" },
      htmx,
    );
    expect(noReason.status).toBe(409);
    // A page that showed fewer signatures than the minutes have now: not reopened.
    const unsignedPage = { version: "1", ky: "0", reason: "Ghi nhầm người ký biên bản" };
    const stale = await board.post(paths.boardMinutes.reopen(point, DAY), unsignedPage, htmx);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Biên bản vừa được ký thêm (nay có 2 chữ ký): chưa mở lại.");
    const reason = { version: "1", ky: "2", reason: "Ghi nhầm người ký biên bản" };
    const reopened = await board.post(paths.boardMinutes.reopen(point, DAY), reason, htmx);
    expect(reopened.status).toBe(200);
    expect(await reopened.text()).toContain("phiên bản 2");
    const v2 = JSON.parse(await (await board.get(paths.boardMinutes.json(point, DAY))).text());
    expect(v2.signatures).toEqual([]);
    // The same form again (another member's page, or sent twice): version 2 is not set aside.
    const again = await board.post(paths.boardMinutes.reopen(point, DAY), reason, htmx);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Biên bản đã được mở lại rồi (nay là phiên bản 2)");
    const noVersion = await board.post(
      paths.boardMinutes.reopen(point, DAY),
      { reason: reason.reason },
      htmx,
    );
    expect(noVersion.status).toBe(409);
    expect(await noVersion.text()).toContain("Trang này đã cũ");
    expect(t.store.minutes.current(point, DAY)?.version).toBe(2);
    // An officer cannot reach the board's routes.
    expect(
      (await day.officer.post(paths.boardMinutes.reopen(point, DAY), { reason: "x".repeat(20) }, htmx))
        .status,
    ).toBe(403);
  }, 60_000);

  it("sign - a click given on the minutes as read does not sign the version a reopen made meanwhile", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const point = day.point.id;
    await day.officer.post(paths.officer.open(point), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, point);
    await castEach(t, day.officer, point, kiosk, ["Võ Văn Dũng"]);
    expect((await day.officer.post(paths.officer.close(point), { day: DAY }, htmx)).status).toBe(204);
    const read = await (await day.officer.get(paths.officer.minutes(point, DAY))).text();
    const version = read.match(/name="version" value="(\d+)"/)?.[1] ?? "";
    expect(version).toBe("1");
    // The board reopens while the officer reads version 1.
    const reopened = reopenMinutes(t, BOARD_ACTOR, {
      campaignId: day.campaign.id,
      pointId: point,
      day: DAY,
      reason: "Sai số phiếu phát ra, cần lập lại",
    });
    expect(reopened.ok).toBe(true);
    const stale = await day.officer.post(
      paths.officer.minutesSign(point, DAY),
      { version, password: PASSWORD },
      htmx,
    );
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Biên bản vừa được mở lại (nay là phiên bản 2): chưa ký gì");
    expect(t.store.minutes.current(point, DAY)?.signatures).toHaveLength(0);
    // Read again (the answer shows version 2 and its form): the signature goes on version 2.
    const again = await day.officer.post(
      paths.officer.minutesSign(point, DAY),
      { version: "2", password: PASSWORD },
      htmx,
    );
    expect(await again.text()).toContain("Bạn đã ký biên bản");
    expect(t.store.minutes.current(point, DAY)?.signatures).toHaveLength(1);
  });

  it("sign - a member of the team who has not signed, once the minutes have all the signatures they need, is told on the page why there is no form (as a direct POST is refused); so is an officer not in the team", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const point = day.point.id;
    const officer = (username: string, displayName: string) =>
      createOfficer(
        t,
        BOARD_ACTOR,
        { username, displayName, teamRole: "Thành viên", pointIds: [point] },
        { password: PASSWORD, mustChangePassword: false, seal: CHEAP_SEAL },
      ).then(unwrap);
    // A third member of the team, assigned before the close: the minutes list them.
    await officer("hq-t1-3", "Bùi Thế Hùng");
    await day.officer.post(paths.officer.open(point), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, point);
    await castEach(t, day.officer, point, kiosk, ["Võ Văn Dũng"]);
    expect(
      (await day.officer.post(paths.officer.close(point), { day: DAY, incidents: "" }, htmx)).status,
    ).toBe(204);
    const third = new Client(t, "192.0.2.23");
    await third.login("hq-t1-3");
    const minutesPage = async (client: Client) =>
      (await client.get(paths.officer.minutes(point, DAY))).text();
    // While signatures are still needed, the third member has the form.
    expect(await minutesPage(third)).toContain('id="sign-password"');

    const needed = requiredSigners(t.store);
    const signers = day.officers.slice(0, needed);
    for (const o of signers) {
      const member = new Client(t, "192.0.2.24");
      await member.login(o.username);
      await member.post(paths.officer.minutesSign(point, DAY), { version: "1", password: PASSWORD }, htmx);
    }
    const members = t.store.officers.list().filter((o) => o.pointIds.includes(point)).length;
    const page = await minutesPage(third);
    expect(page).not.toContain('id="sign-password"');
    expect(dataAttr(page, "no-sign")).toBe("complete");
    const note = /<div class="panel" id="sign" data-no-sign="complete">[\s\S]*?<\/div>/.exec(page)?.[0] ?? "";
    const said = note.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
    expect(said).toContain("Bạn không cần ký biên bản này.");
    // Over the signatures needed, as every page says it: never over the team's size.
    expect(said).toContain(
      `Đủ chữ ký: ${signers.length} chữ ký (cần ${needed}), đã có chữ ký của Tổ trưởng. Biên bản đã chuyển về Ban Tổ chức`,
    );
    expect(said).not.toContain(`/${members}`);
    expect(said).toContain("không ký thêm được");
    // Said calmly: not an error.
    expect(note).not.toContain('role="alert"');
    // A direct POST is refused in the same terms, said once (the refusal, not the note as well).
    const refused = await third.post(
      paths.officer.minutesSign(point, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    expect(refused.status).toBe(409);
    const answer = await refused.text();
    expect(answer).toContain("Biên bản đã đủ chữ ký và đã chuyển về Ban Tổ chức: không ký thêm được");
    expect(dataAttr(answer, "no-sign")).toBeNull();
    // Those who signed are told they did, not why they cannot.
    const signer = new Client(t, "192.0.2.25");
    await signer.login(signers[0]?.username ?? "");
    expect(dataAttr(await minutesPage(signer), "no-sign")).toBeNull();

    // An officer assigned to the point after the close is not in the team the minutes list.
    await officer("hq-t1-4", "Lê Văn Bốn");
    const late = new Client(t, "192.0.2.26");
    await late.login("hq-t1-4");
    const latePage = await minutesPage(late);
    expect(dataAttr(latePage, "no-sign")).toBe("not_in_team");
    expect(latePage).toContain("Bạn không có tên trong tổ công tác ghi ở biên bản này");
  });

  it("signatures - the console, the minutes page and the officer's home say where the signatures stand in the same words, over those needed (a team of three: never '2/3'), the Tổ trưởng's named, at every step", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const point = day.point.id;
    // A third member, assigned before the close: the minutes list three, two signatures are needed.
    await createOfficer(
      t,
      BOARD_ACTOR,
      { username: "hq-t1-3", displayName: "Bùi Thế Hùng", teamRole: "Thành viên", pointIds: [point] },
      { password: PASSWORD, mustChangePassword: false, seal: CHEAP_SEAL },
    ).then(unwrap);
    await day.officer.post(paths.officer.open(point), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, point);
    await castEach(t, day.officer, point, kiosk, ["Võ Văn Dũng"]);
    expect(
      (await day.officer.post(paths.officer.close(point), { day: DAY, incidents: "" }, htmx)).status,
    ).toBe(204);
    const text = (html: string) =>
      html
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .replace(/ ([.,:;])/g, "$1");
    /** What the Tổ trưởng reads on each of the three pages. */
    const pages = async () => ({
      console: text(await (await day.officer.get(paths.officer.point(point))).text()),
      minutes: text(await (await day.officer.get(paths.officer.minutes(point, DAY))).text()),
      home: text(await (await day.officer.get(paths.officer.home)).text()),
    });
    const sign = async (username: string) => {
      const member = new Client(t, "192.0.2.27");
      await member.login(username);
      await member.post(paths.officer.minutesSign(point, DAY), { version: "1", password: PASSWORD }, htmx);
    };
    const expectEverywhere = async (sentence: string) => {
      for (const [where, said] of Object.entries(await pages())) {
        expect(said, where).toContain(sentence);
        // No other count of signatures beside it: not over the team's size, not "cần thiết".
        expect(said, where).not.toMatch(/\b\d+\/[23]\b/);
        expect(said, where).not.toContain("thành viên đã ký");
        expect(said, where).not.toContain("chữ ký cần thiết");
      }
    };
    await expectEverywhere("Đã ký: 0 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng");
    await sign("hq-t1-2");
    await expectEverywhere("Đã ký: 1 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng");
    // Enough signatures, but not the Tổ trưởng's: not yet complete, and said so.
    await sign("hq-t1-3");
    await expectEverywhere("Đã ký: 2 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng");
    await sign("hq-t1-1");
    await expectEverywhere("Đủ chữ ký: 3 chữ ký (cần 2), đã có chữ ký của Tổ trưởng");
  });

  it("minutes - a closed day whose minutes were never made (a crash between the steps) offers to make them", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    // The close committed, then the server stopped before the minutes.
    t.store.voting.closePointDay(day.point.id, DAY, "open", t.clock.now().toISOString());
    const page = await (await day.officer.get(paths.officer.minutes(day.point.id, DAY))).text();
    expect(page).toContain("Lập biên bản kiểm phiếu");
    const made = await day.officer.post(paths.officer.minutesMake(day.point.id, DAY), {}, htmx);
    expect(made.status).toBe(200);
    expect(t.store.minutes.current(day.point.id, DAY)?.version).toBe(1);
  });
});
