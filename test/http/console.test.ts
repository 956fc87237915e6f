import { describe, expect, it } from "vitest";
import { signedDocument } from "../../server/db/minutes-repo.ts";
import { AUDIT_ACTION_LABELS } from "../../server/domain/audit.ts";
import { KIOSK_SILENT_AFTER_MS } from "../../server/domain/kiosk-silence.ts";
import { PAIRED_NEWS_MS, PAIRING_WINDOW_MS } from "../../server/domain/pairing.ts";
import { paths } from "../../server/http/paths.ts";
import { excusePointDay } from "../../server/services/results.ts";
import { requiredSigners } from "../../server/services/signers.ts";
import { confirmId } from "../../views/components.tsx";
import {
  addUser,
  BOARD_ACTOR,
  Client,
  dataAttr,
  makeApp,
  PASSWORD,
  type TestApp,
  unwrap,
} from "../helpers.ts";
import {
  castEach,
  castHeld,
  deviceOf,
  entryIdOf,
  heldTicket,
  htmx,
  kioskIdOf,
  openPairingWindow,
  pairedKiosk,
  votingDay,
} from "../voting-helpers.ts";

/** A point open for the day with `kiosks` paired and confirmed kiosks polling. */
async function openWithKiosks(t: TestApp, kiosks = 1) {
  const day = await votingDay(t);
  await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
  const devices: Client[] = [];
  for (let i = 0; i < kiosks; i++)
    devices.push(await pairedKiosk(t, day.officer, day.point.id, `192.0.2.${60 + i}`));
  for (const d of devices) await d.get(paths.kiosk.wait, htmx);
  return { ...day, devices };
}

/** Visible text of a page: tags and attributes gone, entities of quotes back. */
const visible = (html: string) =>
  html
    .replace(/<details class="raw-details">[\s\S]*?<\/details>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");

describe("the console around the queue (issue #14)", () => {
  it("issue - the answer brings a fresh, empty, autofocused search box and the live counts at once", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t);
    const res = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t), q: "dung 1952" },
      htmx,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(visible(html)).toContain("Đã phát phiếu cho Võ Văn Dũng. Mời cử tri đến Máy 1.");
    // The line names the kiosk and the ticket its tile (sent with it) now carries, and says what it
    // will say once that ticket is gone (console.js puts it in the past then).
    const notice = /<p [^>]*data-handed-kiosk[^>]*>/.exec(html)?.[0] ?? "";
    expect(dataAttr(notice, "handed-kiosk")).toBe(kioskIdOf(t));
    const tile = /<li id="kiosk-tile-[^>]*>/.exec(html)?.[0] ?? "";
    expect(dataAttr(tile, "ticket-ref")).toMatch(/^[0-9a-f]{16}$/);
    expect(dataAttr(notice, "handed-ticket")).toBe(dataAttr(tile, "ticket-ref"));
    expect(dataAttr(notice, "handed-past")).toBe("Lượt trước: đã phát phiếu cho Võ Văn Dũng ở Máy 1.");
    // The search box comes back cleared (no value) and with autofocus: htmx focuses it.
    const box = /<input[^>]*id="q"[^>]*>/.exec(html)?.[0] ?? "";
    expect(box).toContain("autofocus");
    expect(box).toContain('value=""');
    // The counts and the tile of the kiosk that got the ticket are swapped out of band, nothing
    // else of the live panel (a point with many kiosks would re-draw every tile per resident).
    expect(html).not.toContain('<section id="live"');
    expect(html).toMatch(/<div id="live-counts" hx-swap-oob="true">/);
    expect(html).toMatch(/<span class="stat">1<\/span> phiếu phát ra/);
    expect(html).toMatch(/<span class="stat">1<\/span> máy có cử tri/);
    const tiles = [...html.matchAll(/<li id="kiosk-tile-([0-9a-f]+)"[^>]*hx-swap-oob="true"/g)];
    expect(tiles.map((m) => m[1])).toEqual([kioskIdOf(t)]);
    // That tile now offers "Không thu về" for the ticket it holds.
    expect(html).toContain("Không thu về");
    // The last pairing's message is past news: emptied out of band.
    expect(html).toContain('<div id="pair-message" hx-swap-oob="true"></div>');
  });

  it("issue - a refused check-in brings the whole live panel back (whatever changed meanwhile)", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t);
    const entryId = String(entryIdOf(t, "Võ Văn Dũng"));
    await day.officer.post(paths.officer.issue(day.point.id), { entryId, kioskId: kioskIdOf(t) }, htmx);
    const res = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId, kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Võ Văn Dũng đã nhận phiếu rồi.");
    expect(html).toMatch(/<section id="live"[^>]*hx-swap-oob="true"/);
  });

  it("issue - the confirmation is on the page: it names the resident, the birth year and the kiosk; no hx-confirm anywhere", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t, 2);
    const html = await (
      await day.officer.get(
        `${paths.officer.search(day.point.id)}?q=${encodeURIComponent("hường 1980")}`,
        htmx,
      )
    ).text();
    const pop = /<div id="issue-\d+" popover="auto"[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? "";
    expect(visible(pop)).toContain("Phát phiếu cho Nguyễn Thị Hường , sinh năm 1980 , ở máy nào?");
    expect(visible(pop)).toContain("Phát phiếu ở Máy 1");
    expect(visible(pop)).toContain("Máy 2");
    const page = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    expect(page).not.toContain("hx-confirm");
    expect(html).not.toContain("hx-confirm");
  });

  it("console - the page shows the kiosk address the officer's browser used, with its QR code", async () => {
    const t = makeApp();
    const { ConfigSchema } = await import("../../server/config.ts");
    const { createApp } = await import("../../server/app.ts");
    const app = createApp({
      store: t.store,
      clock: t.clock,
      config: ConfigSchema.parse({ HOST: "0.0.0.0", ALLOWED_HOSTS: "192.168.1.20,localhost" }),
    });
    const lan = { ...t, app };
    const day = await votingDay(lan);
    const html = await (
      await day.officer.get(`http://192.168.1.20:3000${paths.officer.point(day.point.id)}`)
    ).text();
    expect(dataAttr(html, "kiosk-url")).toBe("http://192.168.1.20:3000/kiosk");
    // Shown so that it wraps only after "://", ":" or "/", never inside a word (newcomer trial).
    expect(html).toContain(
      '<p class="kiosk-url"><code>http://<wbr/>192.168.1.20:<wbr/>3000/<wbr/>kiosk</code></p>',
    );
    expect(html).toMatch(/<figure class="qr"[^>]*><svg/);
    // Listening on loopback only (the default HOST), the officer is told why tablets cannot connect.
    const officer = new Client(t, "192.0.2.22");
    await officer.login("hq-t1-1");
    const loopback = await (await officer.get(paths.officer.point(day.point.id))).text();
    expect(dataAttr(loopback, "kiosk-url")).toBe("");
    expect(loopback).toContain("Máy chủ đang chỉ nhận kết nối từ chính máy này");
    expect(loopback).toContain("HOST=0.0.0.0");
  });

  it("clean-up - kiosks silent for minutes fold into one line; one click removes those the page named, audited; the busy one stays, and one silent since is not removed unseen", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t, 3);
    // Máy 2 holds a ticket (a resident at it); then every kiosk falls silent.
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 2") },
      htmx,
    );
    t.clock.advance(KIOSK_SILENT_AFTER_MS + 1_000);
    // Máy 3 is still polling.
    await day.devices[2]?.get(paths.kiosk.wait, htmx);
    await day.officer.login("hq-t1-1");
    const live = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(dataAttr(live, "silent-kiosks")).toBe("Máy 1");
    expect(live).toContain("Gỡ máy này");
    // The busy kiosk stays in the strip, the polling one too.
    expect(live).toMatch(
      /<li id="kiosk-tile-[0-9a-f]+" class="kiosk kiosk-offline" data-kiosk-id="[^"]+"[^>]*><span class="kiosk-name">.*?Máy 2/,
    );

    // The form names the kiosks the page showed. Máy 3 falls silent after the page was drawn: the
    // click removes what the officer saw, not Máy 3 unseen.
    const shown = { may: live.match(/name="may" value="([^"]*)"/)?.[1] ?? "" };
    expect(shown.may).toBe(kioskIdOf(t, "Máy 1"));
    t.clock.advance(KIOSK_SILENT_AFTER_MS + 1_000);
    const res = await day.officer.post(paths.officer.cleanUpKiosks(day.point.id), shown, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(visible(html)).toContain("Đã gỡ Máy 1.");
    // Máy 3, silent since, is now offered on its own.
    expect(dataAttr(html, "silent-kiosks")).toBe("Máy 3");
    const left = t.store.db.query<{ label: string }, []>("SELECT label FROM kiosks ORDER BY number").all();
    expect(left.map((k) => k.label)).toEqual(["Máy 2", "Máy 3"]);
    const entry = t.store.audit.recent(1)[0];
    expect(entry).toMatchObject({
      action: "kiosk.cleanup",
      actor: "hq-t1-1",
      details: { kiosks: ["Máy 1"] },
    });

    // Nothing silent any more among those shown: a second click is refused with words, and changes nothing.
    const again = await day.officer.post(paths.officer.cleanUpKiosks(day.point.id), shown, htmx);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Không còn máy nào im lặng quá 3 phút");
    expect(t.store.audit.recent(1)[0]?.seq).toBe(entry?.seq);
  });
});

const DAY = "2026-10-27";

/** Every state-changing address the page offers: form actions and htmx posts. */
const postsOffered = (html: string): string[] =>
  [
    ...[...html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"/g)].map((m) => m[1] ?? ""),
    ...[...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*method="post"/g)].map((m) => m[1] ?? ""),
    ...[...html.matchAll(/hx-post="([^"]+)"/g)].map((m) => m[1] ?? ""),
  ].filter((a) => a !== paths.logout);

/**
 * Open with one kiosk, three residents each handed a ballot that the kiosk casts at once: faster
 * than a person can, so the fast-cast alert holds.
 */
async function castAtOnce(t: TestApp) {
  const day = await openWithKiosks(t);
  const kiosk = day.devices[0];
  if (!kiosk) throw new Error("fixture: no kiosk");
  await castEach(t, day.officer, day.point.id, kiosk, ["Võ Văn Dũng", "Lê Diệu Lan", "Nguyễn Thị Hường"]);
  expect(t.store.tickets.paceOf(kioskIdOf(t), DAY).alert).toBe(true);
  return day;
}

/** `castAtOnce`, then "Kết thúc và kiểm phiếu". */
async function closedDay(t: TestApp) {
  const day = await castAtOnce(t);
  t.clock.advance(60_000);
  const closed = await day.officer.post(paths.officer.close(day.point.id), { day: DAY, incidents: "" }, htmx);
  expect(closed.status).toBe(204);
  return day;
}

/** The console's head (the point's name, its state today, its buttons). */
const headOf = (html: string) => /<header class="console-head"[\s\S]*?<\/header>/.exec(html)?.[0] ?? "";

/** The live panel (counts and kiosks). */
const liveOf = (html: string) => /<section id="live"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

/** The live panel's poll address as the page has it (null: the panel does not poll). */
const livePollOf = (html: string) =>
  /<section id="live"[^>]*hx-get="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;

/** The question a button asks on the page before `action` is posted. */
const questionOf = (html: string, action: string) =>
  visible(
    new RegExp(
      `<div id="${confirmId(action)}"[^>]*>\\s*<p[^>]*class="confirm-question"[^>]*>([\\s\\S]*?)</p>`,
    ).exec(html)?.[1] ?? "",
  ).trim();

/** A kiosk's tile in the strip. */
const tileOf = (html: string, kioskId: string) =>
  new RegExp(`<li id="kiosk-tile-${kioskId}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? "";

const ONE_DAY_MS = 24 * 60 * 60_000;

describe("the console once the day is closed", () => {
  it("closed - no check-in, no pairing, no kiosk action but 'Ngắt': the day's end and its time, the final counts, the minutes to sign, then that they are signed", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const html = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const text = visible(html);
    // What the officer would otherwise be offered, and the server would refuse or that leads nowhere.
    expect(html).not.toContain('id="checkin"');
    expect(html).not.toContain('id="q"');
    expect(html).not.toContain('id="pair-form"');
    expect(text).not.toContain("Kết nối máy mới");
    expect(text).not.toContain("Sẵn sàng");
    expect(text).not.toContain("Tạm dừng");
    // The one state-changing thing on the page, besides logging out, is unpairing a kiosk (a point
    // voting again another day keeps its kiosks overnight; a lost tablet must be unpairable).
    const unpairOnly = [paths.officer.unpair(day.point.id, kioskIdOf(t))];
    expect([...new Set(postsOffered(html))]).toEqual(unpairOnly);
    // The day's end and its time, the final counts, the kiosk finished.
    expect(text).toContain("Đã kết thúc ngày lấy phiếu");
    expect(text).toContain("Tổ công tác đã kết thúc và kiểm phiếu lúc");
    expect(text).toContain("Số liệu cuối ngày");
    expect(html).toMatch(/<span class="stat">3<\/span> phiếu phát ra/);
    expect(html).toMatch(/<span class="stat">3<\/span> phiếu thu về/);
    expect(text).not.toContain("máy có cử tri");
    expect(html).toMatch(/<li id="kiosk-tile-[0-9a-f]+" class="kiosk kiosk-ended"/);
    expect(text).toContain("Máy 1 Đã kết thúc ngày");
    // The one thing left is said, with the way to it.
    expect(dataAttr(html, "next-step")).toBe("sign");
    expect(text).toContain("Việc còn lại: xem lại và ký biên bản kiểm phiếu.");
    expect(text).toContain("Đã ký: 0 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng.");
    expect(text).toContain("Xem lại và ký biên bản");
    // The fast casts of the day: a note of what happened, no button to press that is gone.
    expect(html).not.toContain("data-fast-cast-alert");
    expect(html).toContain("data-fast-cast-note");
    expect(text).toContain("Trong ngày, máy đã gửi phiếu nhanh bất thường.");
    expect(text).toContain("Hệ thống đã tự ghi việc này vào mục Sự cố của biên bản");
    expect(html).not.toContain('role="alert"');
    // ... and the minutes carry it as an incident, the server's own finding, with no time of a cast.
    const minutes = t.store.minutes.current(day.point.id, DAY);
    const fastCast = minutes
      ? signedDocument(minutes).incidents.filter((i) => i.code === "kiosk.fast_cast")
      : [];
    expect(fastCast).toEqual([
      {
        code: "kiosk.fast_cast",
        message:
          "Hệ thống phát hiện Máy 1 gửi phiếu nhanh bất thường: lúc phát hiện, 3 trong 3 phiếu gần nhất của máy được gửi chưa đầy 15 giây sau khi phát phiếu.",
      },
    ]);

    // What the page no longer offers is refused by the server, or says why (a console left open).
    const issue = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Bùi Thế Hùng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    expect(issue.status).toBe(409);
    const search = await (
      await day.officer.get(`${paths.officer.search(day.point.id)}?q=${encodeURIComponent("hùng")}`, htmx)
    ).text();
    expect(visible(search)).toContain("Điểm đã kết thúc ngày");
    expect(search).not.toContain("Điểm chưa mở");

    // One signature: still the minutes to sign, and who has not.
    await day.officer.post(
      paths.officer.minutesSign(day.point.id, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    const one = visible(await (await day.officer.get(paths.officer.point(day.point.id))).text());
    expect(one).toContain("Việc còn lại: các thành viên khác của tổ ký biên bản.");
    expect(one).toContain("Đã ký: 1 chữ ký (cần 2), đã có chữ ký của Tổ trưởng.");
    expect(one).toContain("Bạn đã ký; chưa ký:");
    expect(one).toContain("Xem biên bản");
    expect(one).not.toContain("Xem lại và ký biên bản");
    // Enough signatures: said so, nothing left to do.
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    await second.post(
      paths.officer.minutesSign(day.point.id, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    const signed = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    expect(dataAttr(signed, "next-step")).toBe("done");
    expect(visible(signed)).toContain("Đủ chữ ký: 2 chữ ký (cần 2), đã có chữ ký của Tổ trưởng.");
    expect(visible(signed)).toContain("không còn việc gì phải làm");
    expect([...new Set(postsOffered(signed))]).toEqual(unpairOnly);
    // The pairing window ended with the day: no tablet registers with this point afterwards.
    expect(t.store.voting.openPairingWindows(t.clock.now().toISOString())).toEqual([]);
  });

  it("closed - the minutes are offered once, in the card that says what is left to do (not again in the head), unsigned, signed by some, and complete", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const minutesHref = `href="${paths.officer.minutes(day.point.id, DAY)}"`;
    const offers = (html: string) => html.split(minutesHref).length - 1;
    const consoleHtml = async (client: Client) =>
      (await client.get(paths.officer.point(day.point.id))).text();
    const unsigned = await consoleHtml(day.officer);
    expect(offers(unsigned)).toBe(1);
    expect(headOf(unsigned)).not.toContain(minutesHref);
    expect(/<section id="day-closed"[\s\S]*?<\/section>/.exec(unsigned)?.[0]).toContain(minutesHref);
    // Each member signs in turn; after each signature the console still offers the minutes once.
    for (const o of day.officers.slice(0, requiredSigners(t.store))) {
      const member = new Client(t, "192.0.2.31");
      await member.login(o.username);
      await member.post(
        paths.officer.minutesSign(day.point.id, DAY),
        { version: "1", password: PASSWORD },
        htmx,
      );
      const after = await consoleHtml(member);
      expect(offers(after)).toBe(1);
      expect(headOf(after)).not.toContain(minutesHref);
    }
    expect(dataAttr(await consoleHtml(day.officer), "next-step")).toBe("done");
  });

  it("closed - a console left open on the check-in reloads once when another officer closes the day (its held poll answers with HX-Refresh)", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t);
    const page = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const poll = (/<section id="live"[^>]*hx-get="([^"]+)"/.exec(page)?.[1] ?? "").replaceAll("&amp;", "&");
    expect(poll).toContain("&s=open");
    const other = new Client(t, "192.0.2.22");
    await other.login("hq-t1-2");
    expect(
      (await other.post(paths.officer.close(day.point.id), { day: DAY, incidents: "" }, htmx)).status,
    ).toBe(204);
    const answer = await day.officer.get(poll, htmx);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("HX-Refresh")).toBe("true");
    // A pause is not a reload: the head comes out of band, as before.
    const t2 = makeApp();
    const day2 = await openWithKiosks(t2);
    const page2 = await (await day2.officer.get(paths.officer.point(day2.point.id))).text();
    const poll2 = (/<section id="live"[^>]*hx-get="([^"]+)"/.exec(page2)?.[1] ?? "").replaceAll("&amp;", "&");
    await day2.officer.post(paths.officer.pause(day2.point.id), {}, htmx);
    const paused = await day2.officer.get(poll2, htmx);
    expect(paused.headers.get("HX-Refresh")).toBeNull();
    const pausedHtml = await paused.text();
    expect(pausedHtml).toContain('id="console-head" hx-swap-oob="true"');
    // A search on a paused point says so (it used to say "Điểm chưa mở").
    const search = await (
      await day2.officer.get(`${paths.officer.search(day2.point.id)}?q=${encodeURIComponent("hùng")}`, htmx)
    ).text();
    expect(visible(search)).toContain("Điểm đang tạm dừng");
  });

  it("excused - the board's progress page raises no alarm for the kiosks of a point-day it left out: they take no ballot", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.90");
    await board.login("bantochuc");
    unwrap(
      excusePointDay(t, BOARD_ACTOR, {
        pointId: day.point.id,
        day: DAY,
        reason: "Thôn 1 bị ngập, không tổ chức được",
      }),
    );
    // The tablet is switched off: out of touch is no news at a point that takes no ballot today.
    t.clock.advance(5 * 60_000);
    const page = await (await board.get(paths.board.progress)).text();
    expect(page).not.toContain("Máy cần chú ý");
    // Its state: it will not open today ("Chưa mở" would promise it might), as the console says.
    const dayRow = /<tr data-point-day="HQ-T1 2026-10-27"[^>]*>[\s\S]*?<\/tr>/.exec(page)?.[0] ?? "";
    expect(dayRow).toContain('data-state-badge="not_opened">Không lấy phiếu<');
    const results = await (await board.get(paths.results.page)).text();
    const missingRow = /<tr data-missing-point="HQ-T1">[\s\S]*?<\/tr>/.exec(results)?.[0] ?? "";
    expect(missingRow).toContain("Không lấy phiếu");
    const list = await (await board.get(paths.board.progressKiosks, htmx)).text();
    const row = /<tr data-kiosk="HQ-T1 Máy 1">[\s\S]*?<\/tr>/.exec(list)?.[0] ?? "";
    expect(visible(row)).toContain("Điểm không lấy phiếu lúc này");
    expect(visible(row)).not.toContain("Mất kết nối");
    // Who paired it, by name as the console says it, with the login beside it.
    t.store.db.run("UPDATE users SET display_name = 'Phan Xuân Kỷ' WHERE username = 'hq-t1-1'");
    const named = await (await board.get(paths.board.progressKiosks, htmx)).text();
    const namedRow = /<tr data-kiosk="HQ-T1 Máy 1">[\s\S]*?<\/tr>/.exec(named)?.[0] ?? "";
    expect(visible(namedRow)).toContain("Phan Xuân Kỷ (hq-t1-1), ");
    // The tablet says so in words true of that day (it is the point's day, left out).
    const screen = visible(await (await kiosk.get(paths.kiosk.home)).text());
    expect(screen).toContain("Hôm nay không lấy phiếu");
    expect(screen).toContain("Hôm nay điểm này không lấy phiếu.");
    expect(screen).not.toContain("không phải ngày lấy phiếu");
  });

  it("closed - the board's progress page keeps no alarm for a point whose day is over: a calm note, the kiosk not among those to look at", async () => {
    const t = makeApp();
    const day = await castAtOnce(t);
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.90");
    await board.login("bantochuc");
    const during = await (await board.get(paths.board.progress)).text();
    expect(during).toContain("data-fast-cast-alert");
    expect(during).toContain('<h3 id="progress-kiosks-look">Máy cần chú ý</h3>');

    await day.officer.post(paths.officer.close(day.point.id), { day: DAY, incidents: "" }, htmx);
    // The tablets are switched off after the close: out of touch is no news then either.
    t.clock.advance(5 * 60_000);
    const after = await (await board.get(paths.board.progress)).text();
    expect(after).not.toContain("data-fast-cast-alert");
    expect(after).toContain("data-fast-cast-note");
    expect(visible(after)).toContain("Điểm HQ-T1, Máy 1: 3 trong 3 phiếu gần nhất");
    expect(visible(after)).toContain("đã kết thúc ngày lấy phiếu");
    expect(after).not.toContain("Máy cần chú ý");
    // Its kiosk is neither "Sẵn sàng" nor "Mất kết nối": its point takes no ballot now.
    const list = await (await board.get(paths.board.progressKiosks, htmx)).text();
    const row = /<tr data-kiosk="HQ-T1 Máy 1">[\s\S]*?<\/tr>/.exec(list)?.[0] ?? "";
    expect(visible(row)).toContain("Điểm không lấy phiếu lúc này");
    expect(visible(/<p data-kiosk-counts[^>]*>[\s\S]*?<\/p>/.exec(after)?.[0] ?? "").trim()).toBe(
      "1 máy. Ở điểm không lấy phiếu lúc này: 1.",
    );
    expect(visible(/<p data-kiosk-counts[^>]*>[\s\S]*?<\/p>/.exec(during)?.[0] ?? "")).toContain(
      "Sẵn sàng: 1",
    );
  });

  it("next day - the console of a new day leads back to the earlier day's minutes still to sign", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    t.clock.advance(24 * 60 * 60_000);
    await day.officer.login("hq-t1-1");
    const html = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const note = /<div class="alert alert-warn" role="status" data-earlier-days[^>]*>[\s\S]*?<\/div>/.exec(
      html,
    )?.[0];
    expect(visible(note ?? "")).toContain("Biên bản kiểm phiếu ngày 27/10/2026 chưa đủ chữ ký.");
    expect(note).toContain(`href="${paths.officer.minutes(day.point.id, DAY)}"`);
    // Not this point's day: nothing to open, no closed-day card for today, no check-in (nobody can
    // be handed a ballot) and no pairing (the point has no day to come); its days and their minutes.
    // Its only day is behind it: said so, not "not today" (which suggests a day to come).
    expect(html).toContain("Điểm đã hết các ngày lấy phiếu");
    expect(html).not.toContain("Hôm nay không phải ngày lấy phiếu của điểm");
    expect(html).not.toContain("Mở điểm lấy phiếu");
    expect(html).not.toContain('id="day-closed"');
    expect(html).not.toContain('id="checkin"');
    expect(html).not.toContain('id="pair-form"');
    const offDay = /<li data-off-day="2026-10-27">[\s\S]*?<\/li>/.exec(html)?.[0] ?? "";
    expect(visible(offDay)).toContain("Ngày 27/10/2026: biên bản chờ bạn ký.");
    // The way to those minutes is offered once: in the note above, which says who has still to sign.
    const minutesHref = `href="${paths.officer.minutes(day.point.id, DAY)}"`;
    expect(offDay).not.toContain(minutesHref);
    expect(html.split(minutesHref).length - 1).toBe(1);
    // The kiosk is still paired; the day before's fast casts are that day's (on its minutes), not today's.
    expect(html).not.toContain("data-fast-cast");
  });
});

describe("a day the point does not vote", () => {
  it("no voting today - the morning after its only day: the head says so (not 'Chưa mở'), no day's counts, its kiosk at rest (not 'Sẵn sàng', no 'không liên lạc … Gỡ máy này'), as the kiosk and the board's Tiến độ say", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const kiosk = day.devices[0];
    if (!kiosk) throw new Error("fixture: no kiosk");
    t.clock.advance(ONE_DAY_MS);
    await day.officer.login("hq-t1-1");
    const html = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const head = visible(headOf(html));
    expect(head).toContain("Hôm nay (28/10/2026) không lấy phiếu");
    expect(head).not.toContain("Chưa mở");
    expect(headOf(html)).toContain("data-no-voting-today");
    // No day's counts: a row of zeros would read as a day under way.
    const live = liveOf(html);
    expect(live).not.toContain('id="live-counts"');
    expect(visible(live)).not.toContain("Số liệu trong ngày");
    expect(visible(live)).not.toContain("phiếu phát ra");
    // The kiosk, silent since yesterday, is at rest: not ready, not lost, not to be cleaned up.
    const tile = tileOf(live, kioskIdOf(t));
    expect(dataAttr(tile, "kiosk-rest")).toBe("no-voting");
    expect(visible(tile)).toContain("Máy 1 Hôm nay không lấy phiếu");
    for (const alarm of ["Sẵn sàng", "Mất kết nối", "kiểm tra máy", "không liên lạc", "Gỡ máy này"]) {
      expect(visible(live)).not.toContain(alarm);
    }
    expect(dataAttr(live, "silent-kiosks")).toBeNull();
    expect(visible(live)).toContain("Điểm đã hết ngày lấy phiếu");
    // Nothing is coming at a point with no voting left: the panel does not poll.
    expect(livePollOf(html)).toBeNull();
    // What the kiosk itself and the board say.
    expect(dataAttr(await (await kiosk.get(paths.kiosk.home)).text(), "idle-state")).toBe("off");
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.90");
    await board.login("bantochuc");
    const list = await (await board.get(paths.board.progressKiosks, htmx)).text();
    const row = /<tr data-kiosk="HQ-T1 Máy 1">[\s\S]*?<\/tr>/.exec(list)?.[0] ?? "";
    expect(visible(row)).toContain("Điểm không lấy phiếu lúc này");
  });

  it("no voting today - before its day: a kiosk paired the evening before rests ('Hôm nay không lấy phiếu', no counts, no clean-up after minutes of silence); on its day the console is the day's again", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    // Test set-up: the point votes tomorrow instead.
    t.store.db.run("UPDATE point_days SET day = ? WHERE point_id = ?", ["2026-10-28", day.point.id]);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    await kiosk.get(paths.kiosk.wait, htmx);
    const page = async () => (await day.officer.get(paths.officer.point(day.point.id))).text();
    const evening = await page();
    expect(visible(headOf(evening))).toContain("Hôm nay (27/10/2026) không lấy phiếu");
    expect(visible(headOf(evening))).not.toContain("Chưa mở");
    // A day to come: "not today", not "no days left".
    expect(visible(evening)).toContain("Hôm nay không phải ngày lấy phiếu của điểm");
    expect(visible(evening)).not.toContain("Điểm đã hết các ngày lấy phiếu");
    expect(liveOf(evening)).not.toContain('id="live-counts"');
    expect(visible(tileOf(liveOf(evening), kioskIdOf(t)))).toContain("Máy 1 Hôm nay không lấy phiếu");
    expect(visible(liveOf(evening))).not.toContain("Sẵn sàng");
    expect(visible(liveOf(evening))).toContain("tắt máy cũng không sao");
    // Kiosks may still be paired for the day to come: the card stays, and the panel keeps looking.
    expect(evening).toContain('id="pair-form"');
    expect(livePollOf(evening)).not.toBeNull();
    // The tablet switched off for the night: its silence is no news.
    t.clock.advance(KIOSK_SILENT_AFTER_MS + 60_000);
    await day.officer.login("hq-t1-1");
    const later = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(dataAttr(later, "silent-kiosks")).toBeNull();
    expect(visible(later)).not.toContain("Gỡ máy này");
    expect(visible(later)).not.toContain("Mất kết nối");
    // Its day: "Chưa mở" with the button, the day's counts, and a tablet still off is news again.
    t.clock.advance(ONE_DAY_MS);
    await day.officer.login("hq-t1-1");
    const morning = await page();
    expect(visible(headOf(morning))).toContain("Chưa mở");
    expect(headOf(morning)).not.toContain("data-no-voting-today");
    expect(headOf(morning)).toContain(`hx-post="${paths.officer.open(day.point.id)}"`);
    expect(liveOf(morning)).toContain('id="live-counts"');
    expect(dataAttr(liveOf(morning), "silent-kiosks")).toBe("Máy 1");
  });
});

describe("unpairing once the point has no voting left", () => {
  it("unpair - after the point's last day the 'Ngắt' question does not send the officer to pair the tablet again (pairing is refused then); while a day is left it does", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const unpair = paths.officer.unpair(day.point.id, kioskIdOf(t));
    const question = async () =>
      questionOf(await (await day.officer.get(paths.officer.point(day.point.id))).text(), unpair);
    const refusedPairing = async () =>
      (await day.officer.post(paths.officer.pairingWindow(day.point.id), {}, htmx)).status === 409;
    // Its only day, closed: no voting left.
    const last = await question();
    expect(last).toContain("Ngắt kết nối Máy 1?");
    expect(last).toContain("Điểm đã hết ngày lấy phiếu");
    expect(last).not.toContain("phải kết nối lại");
    expect(await refusedPairing()).toBe(true);
    // The morning after: the same.
    t.clock.advance(ONE_DAY_MS);
    await day.officer.login("hq-t1-1");
    expect(await question()).toBe(last);
    expect(await refusedPairing()).toBe(true);
    // A point that votes again the day after (test set-up: a second day added): pairing again is the way.
    t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, ?)", [day.point.id, "2026-10-29"]);
    expect(await question()).toBe("Ngắt kết nối Máy 1? Muốn dùng lại máy này phải kết nối lại.");
    expect(await refusedPairing()).toBe(false);
  });
});

describe("the pairing card", () => {
  it("pairing - a kiosk paired shows in the card of every console of the point at its next live refresh, before the point opens too; the window closing shows as well; a redraw keeps the code being typed", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const other = new Client(t, "192.0.2.22");
    await other.login("hq-t1-2");
    await openPairingWindow(day.officer, day.point.id);
    const theirs = await (await other.get(paths.officer.point(day.point.id))).text();
    expect(visible(theirs)).toContain("Đang mở kết nối đến");
    // No kiosk ready yet: the card leads the page (console.css places it by `data-lead`).
    expect(dataAttr(/<div id="pair-status"[^>]*>/.exec(theirs)?.[0] ?? "", "lead")).toBe("main");
    // The point is not open yet, and still its panel keeps looking while kiosks are being paired.
    const poll = livePollOf(theirs);
    expect(poll).not.toBeNull();
    expect((await other.get(poll ?? "", htmx)).status).toBe(204);

    // The first officer pairs the tablet with the code it shows: their card says it is paired.
    const kiosk = new Client(t, "192.0.2.50");
    const code = dataAttr(await (await kiosk.get(paths.kiosk.home)).text(), "pairing-code") ?? "";
    const paired = await (await day.officer.post(paths.officer.pair(day.point.id), { code }, htmx)).text();
    const status = /<div id="pair-status"[\s\S]*?<\/form>/.exec(paired)?.[0] ?? "";
    expect(dataAttr(status, "paired-now")).toBe("Máy 1");
    // Paired but awaiting its second officer: not ready yet, the card still leads.
    expect(dataAttr(status, "lead")).toBe("main");
    expect(visible(status)).toContain(
      "Đã kết nối Máy 1. Máy chỉ nhận phiếu sau khi một cán bộ khác của tổ xác nhận máy ở ô “Máy ghi phiếu”.",
    );
    expect(visible(status)).not.toContain("Đang mở kết nối đến");
    // The code box comes back empty (not kept from before the answer).
    expect(paired).toMatch(/<input id="pair-code"(?![^>]*hx-preserve)[^>]*>/);

    // The other console's next refresh brings the card's news with the panel.
    const refreshed = await other.get(poll ?? "", htmx);
    expect(refreshed.status).toBe(200);
    const redraw = await refreshed.text();
    const oob = /<div id="pair-status"[^>]*hx-swap-oob="true"[\s\S]*$/.exec(redraw)?.[0] ?? "";
    expect(dataAttr(oob, "paired-now")).toBe("Máy 1");
    // To the officer who can confirm it, words of their own (not "một cán bộ khác").
    expect(visible(oob)).toContain("Đã kết nối Máy 1. Mời bạn xác nhận Máy 1 ở ô “Máy ghi phiếu”.");
    expect(visible(oob)).not.toContain("một cán bộ khác");
    expect(visible(oob)).not.toContain("Đang mở kết nối đến");
    // A redraw while the officer types a code keeps the box as it is.
    expect(oob).toMatch(/<input id="pair-code"[^>]*hx-preserve="true"/);
    // The second officer confirms it: the first one's panel shows it ready.
    const device = deviceOf(t, kiosk);
    expect(
      (await other.post(paths.officer.confirmKiosk(day.point.id, device?.id ?? ""), {}, htmx)).status,
    ).toBe(200);
    await kiosk.get(paths.kiosk.wait, htmx);
    const mine = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(visible(tileOf(mine, device?.id ?? ""))).toContain("Sẵn sàng");
    // ... and its card no longer says that Máy 1 awaits a second officer.
    const news = /<p class="alert alert-ok"[^>]*data-paired-now="Máy 1">([\s\S]*?)<\/p>/.exec(mine)?.[1];
    expect(visible(news ?? "").trim()).toBe("Đã kết nối Máy 1.");
    // A kiosk ready and the window still open: the card stands under the search, which leads.
    expect(dataAttr(/<div id="pair-status"[^>]*>/.exec(mine)?.[0] ?? "", "lead")).toBe("side");

    // The window closes by itself: the next refresh says so and offers to open it again.
    const before = livePollOf(redraw) ?? "";
    t.clock.advance(PAIRING_WINDOW_MS + 1_000);
    await kiosk.get(paths.kiosk.wait, htmx);
    const closed = await (await other.get(before, htmx)).text();
    const card = /<div id="pair-status"[^>]*hx-swap-oob="true"[\s\S]*$/.exec(closed)?.[0] ?? "";
    expect(dataAttr(card, "window-open")).toBe("0");
    // Kiosks ready, no window: the card goes back to its place under the live panel.
    expect(dataAttr(card, "lead")).toBe("none");
    expect(card).not.toContain('id="pair-code"');
    expect(visible(card)).toContain("Kết nối máy mới");
  });
});

/** The pairing card's news of a kiosk paired, as read: which kiosk it is about and its words (null: none). */
const pairedNewsOf = (html: string) => {
  const news = /<p class="alert alert-ok"[^>]*data-paired-now="([^"]*)"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return news ? { kiosk: news[1], words: visible(news[2] ?? "").trim() } : null;
};

describe("the pairing card's news", () => {
  it("pairing news - a second kiosk paired: the card names it first and alone, then the point's kiosks, then who must confirm it in each officer's own words; the news stays two minutes after the pairing, longer while a kiosk paired in the window awaits its second officer, then the card says again how to pair a tablet", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const id = day.point.id;
    const other = new Client(t, "192.0.2.22");
    await other.login("hq-t1-2");
    // Máy 1 paired and confirmed, in the window it opened; then the first officer pairs another tablet.
    await pairedKiosk(t, day.officer, id, "192.0.2.50");
    const tablet = new Client(t, "192.0.2.51");
    const code = dataAttr(await (await tablet.get(paths.kiosk.home)).text(), "pairing-code") ?? "";
    const paired = await (await day.officer.post(paths.officer.pair(id), { code }, htmx)).text();
    expect(pairedNewsOf(paired)).toEqual({
      kiosk: "Máy 2",
      words:
        "Đã kết nối Máy 2. Điểm có 2 máy: Máy 1, Máy 2. Máy 2 chỉ nhận phiếu sau khi một cán bộ khác của tổ xác nhận máy ở ô “Máy ghi phiếu”.",
    });
    // The other officer's console, at its next refresh: the same news, the confirmation theirs to do.
    const theirs = async () => (await other.get(paths.officer.live(id), htmx)).text();
    expect(pairedNewsOf(await theirs())).toEqual({
      kiosk: "Máy 2",
      words: "Đã kết nối Máy 2. Điểm có 2 máy: Máy 1, Máy 2. Mời bạn xác nhận Máy 2 ở ô “Máy ghi phiếu”.",
    });
    // Two minutes on, Máy 2 still awaits: still news, as what to do next is in it.
    t.clock.advance(PAIRED_NEWS_MS + 1_000);
    expect(pairedNewsOf(await theirs())?.kiosk).toBe("Máy 2");
    // Confirmed, the pairing two minutes old: no news now. The window is still open, and the card
    // says so again, with what to do for another tablet.
    const may2 = kioskIdOf(t, "Máy 2");
    expect((await other.post(paths.officer.confirmKiosk(id, may2), {}, htmx)).status).toBe(200);
    const later = await theirs();
    expect(pairedNewsOf(later)).toBeNull();
    const card = /<div id="pair-status"[^>]*hx-swap-oob="true"[\s\S]*$/.exec(later)?.[0] ?? "";
    expect(dataAttr(card, "window-open")).toBe("1");
    expect(visible(card)).toContain("Đang mở kết nối đến");
    expect(visible(card)).toContain("nhập mã đó vào ô dưới đây");

    // A kiosk paired and confirmed at once is news for two minutes, then not.
    const third = new Client(t, "192.0.2.52");
    const code3 = dataAttr(await (await third.get(paths.kiosk.home)).text(), "pairing-code") ?? "";
    expect((await day.officer.post(paths.officer.pair(id), { code: code3 }, htmx)).status).toBe(200);
    expect((await other.post(paths.officer.confirmKiosk(id, kioskIdOf(t, "Máy 3")), {}, htmx)).status).toBe(
      200,
    );
    expect(pairedNewsOf(await theirs())).toEqual({
      kiosk: "Máy 3",
      words: "Đã kết nối Máy 3. Điểm có 3 máy: Máy 1, Máy 2, Máy 3.",
    });
    t.clock.advance(PAIRED_NEWS_MS - 2_000);
    expect(pairedNewsOf(await theirs())?.kiosk).toBe("Máy 3");
    t.clock.advance(3_000);
    expect(pairedNewsOf(await theirs())).toBeNull();

    // Máy 4 paired and left awaiting, Máy 5 paired and confirmed after it: two minutes on, only Máy 4
    // keeps the news, and the news leads with it, not with Máy 5, long confirmed. (The window is
    // extended first: "Mở thêm 5 phút".)
    expect((await day.officer.post(paths.officer.pairingWindow(id), {}, htmx)).status).toBe(200);
    for (const [ip, confirm] of [
      ["192.0.2.53", false],
      ["192.0.2.54", true],
    ] as const) {
      const device = new Client(t, ip);
      const c = dataAttr(await (await device.get(paths.kiosk.home)).text(), "pairing-code") ?? "";
      expect((await day.officer.post(paths.officer.pair(id), { code: c }, htmx)).status).toBe(200);
      if (confirm) {
        const may5 = kioskIdOf(t, "Máy 5");
        expect((await other.post(paths.officer.confirmKiosk(id, may5), {}, htmx)).status).toBe(200);
      }
    }
    expect(pairedNewsOf(await theirs())?.kiosk).toBe("Máy 5");
    t.clock.advance(PAIRED_NEWS_MS + 1_000);
    const stale = pairedNewsOf(await theirs());
    expect(stale?.kiosk).toBe("Máy 4");
    expect(stale?.words.startsWith("Đã kết nối Máy 4.")).toBe(true);
    expect(stale?.words).toContain("Mời bạn xác nhận Máy 4");
  });
});

/** The search box as the page draws it, and the reason under it when it is out of use. */
const searchBoxOf = (html: string) => /<input[^>]*id="q"[^>]*>/.exec(html)?.[0] ?? "";
const searchOffReasonOf = (html: string) =>
  visible(/<p class="search-off-reason"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "").trim();

describe("the search while no ballot can be handed out", () => {
  it("search - before the point opens and while it is paused the box is out of use with one reason, the server searches nothing; open, it works; another officer's console follows at its next live refresh", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const id = day.point.id;
    const search = (client: Client) => client.get(`${paths.officer.search(id)}?q=dung`, htmx);
    // A kiosk paired the evening before: only the point's state stands in the way.
    await pairedKiosk(t, day.officer, id);
    const before = await (await day.officer.get(paths.officer.point(id))).text();
    expect(searchBoxOf(before)).toContain("disabled");
    expect(searchBoxOf(before)).not.toContain("autofocus");
    expect(searchBoxOf(before)).not.toContain("hx-get");
    expect(searchOffReasonOf(before)).toBe("Mở điểm để bắt đầu tìm cử tri và phát phiếu.");
    // The server refuses on its own: no names, the reason instead.
    const early = await search(day.officer);
    expect(early.status).toBe(409);
    const earlyHtml = await early.text();
    expect(earlyHtml).not.toContain("Võ Văn Dũng");
    expect(visible(earlyHtml)).toContain("Mở điểm để bắt đầu tìm cử tri và phát phiếu.");
    // Without script the box is a GET form to the page: it lists nobody either.
    expect(await (await day.officer.get(`${paths.officer.point(id)}?q=dung`)).text()).not.toContain(
      "Võ Văn Dũng",
    );

    // Another officer's console, drawn before the point opened.
    const other = new Client(t, "192.0.2.22");
    await other.login("hq-t1-2");
    const poll = livePollOf(await (await other.get(paths.officer.point(id))).text()) ?? "";
    expect(poll).toContain("s=not_opened");

    await day.officer.post(paths.officer.open(id), {}, htmx);
    const opened = await (await day.officer.get(paths.officer.point(id))).text();
    expect(searchBoxOf(opened)).not.toContain("disabled");
    expect(searchBoxOf(opened)).toContain("autofocus");
    expect(opened).not.toContain("search-off-reason");
    const found = await search(day.officer);
    expect(found.status).toBe(200);
    expect(await found.text()).toContain("Võ Văn Dũng");
    // The other console's refresh brings the search box in use, without taking the keyboard.
    const answer = await (await other.get(poll, htmx)).text();
    const form = /<form id="search-form"[^>]*hx-swap-oob="true"[\s\S]*?<\/form>/.exec(answer)?.[0] ?? "";
    expect(searchBoxOf(form)).not.toBe("");
    expect(searchBoxOf(form)).not.toContain("disabled");
    expect(searchBoxOf(form)).not.toContain("autofocus");

    // Paused: out of use again, with why and what to do.
    await day.officer.post(paths.officer.pause(id), {}, htmx);
    const paused = await (await day.officer.get(paths.officer.point(id))).text();
    expect(searchBoxOf(paused)).toContain("disabled");
    const pausedReason = "Điểm đang tạm dừng: bấm “Tiếp tục” để tìm cử tri và phát phiếu tiếp.";
    expect(searchOffReasonOf(paused)).toBe(pausedReason);
    const refused = await search(day.officer);
    expect(refused.status).toBe(409);
    expect(await refused.text()).not.toContain("Võ Văn Dũng");
    // The other console: the box out of use, and the results it showed (leading nowhere now) gone.
    const pausedAnswer = await (await other.get(livePollOf(answer) ?? "", htmx)).text();
    const pausedForm =
      /<form id="search-form"[^>]*hx-swap-oob="true"[\s\S]*?<\/form>/.exec(pausedAnswer)?.[0] ?? "";
    expect(searchBoxOf(pausedForm)).toContain("disabled");
    expect(searchOffReasonOf(pausedForm)).toBe(pausedReason);
    expect(pausedAnswer).toMatch(/<div id="results"[^>]*hx-swap-oob="true"/);
    // Resumed: in use again.
    await day.officer.post(paths.officer.resume(id), {}, htmx);
    expect(searchBoxOf(await (await day.officer.get(paths.officer.point(id))).text())).not.toContain(
      "disabled",
    );
  });
});

describe("the console's search by a whole CCCD", () => {
  it("search - a scanned card (its QR code) or twelve digits typed find that resident only; a number on nobody here never says 'on no list': the card's name finds them here without their number, or names the point whose list holds them", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t);
    const id = day.point.id;
    const resident = (fullName: string, birthYear: number, cccd: string | null) => ({
      fullName,
      birthYear,
      birthDate: null,
      gender: null,
      cccd,
      householdCode: null,
      relation: null,
      sourceRow: null,
      village: null,
    });
    // Another point of the campaign, whose list holds one person (written to the repos directly:
    // the campaign is stamped already, and only the lookups are under test).
    const other = unwrap(
      t.store.points.create(day.campaign.id, {
        communeId: day.ht.id,
        code: "HT-T1",
        name: "Thôn 1, Xã Hương Thọ",
        days: ["2026-10-27"],
      }),
    );
    unwrap(
      t.store.rosters.add(day.campaign.id, other.id, resident("Ngô Văn Khác", 1970, "001170099999"), false),
    );
    // Someone on this list whose number the commune left blank.
    unwrap(t.store.rosters.add(day.campaign.id, id, resident("Trần Văn Không Số", 1948, null), true));
    const search = async (q: string) => {
      const res = await day.officer.get(`${paths.officer.search(id)}?q=${encodeURIComponent(q)}`, htmx);
      expect(res.status).toBe(200);
      const html = await res.text();
      return { html, text: visible(html) };
    };
    // Võ Văn Dũng's card, as a scanner types its QR code; and his number typed.
    const card = "059083016613|123456789|Võ Văn Dũng|01011952|Nam|Thôn 1, Xã Hương Quang|15082021";
    for (const q of [card, "059083016613"]) {
      const found = await search(q);
      expect(found.text).toContain("Võ Văn Dũng");
      expect(found.text).not.toContain("Lê Diệu Lan");
      expect(found.text).not.toContain("Không có ai mang số CCCD");
    }
    // The card's address, sex, old CMND and issue date go no further: not into the next request's
    // address (the list's re-poll), nor the box.
    const scanned = await search(card);
    expect(scanned.html).not.toContain("123456789");
    expect(scanned.html).not.toContain("15082021");

    // On this list without a number: the card's name and birth year find him, with a word to compare.
    const blank = await search("046048001234|191234567|Trần Văn Không Số|05061948|Nam|Thôn 1|01012022");
    expect(blank.text).toContain(
      "Không có ai mang số CCCD 046048001234 trong danh sách cử tri của điểm này.",
    );
    expect(blank.text).toContain(
      "Danh sách có người cùng họ tên và năm sinh với thẻ, nhưng số CCCD để trống hoặc ghi khác: xin đối chiếu thẻ với người trước khi phát phiếu.",
    );
    expect(blank.text).toContain("Trần Văn Không Số");
    expect(blank.html).toContain("Phát phiếu");

    // On another point's list under the card's name: where to send them, never the card echoed back.
    const elsewhere = await search("001170099999|987654321|Ngô Văn Khác|01011970|Nam|Thôn 1|15082021");
    expect(elsewhere.text).toContain(
      "Người này có tên ở Thôn 1, Xã Hương Thọ (HT-T1): mời cử tri đến điểm đó để lấy phiếu.",
    );
    expect(elsewhere.text).not.toContain("987654321");
    expect(elsewhere.text).not.toContain("Không tìm thấy ai");
    // The number typed alone names no other point (trying numbers would map them to villages), and
    // a card under another name neither.
    for (const q of ["001170099999", "001170099999||Ngô Văn Khoa|01011970"]) {
      const alone = await search(q);
      expect(alone.text).toContain(
        "Không có ai mang số CCCD 001170099999 trong danh sách cử tri của điểm này.",
      );
      expect(alone.text).not.toContain("HT-T1");
    }
    expect((await search("001170099999")).text).toContain(
      "Danh sách có thể để trống hoặc ghi sai số CCCD: xin tìm theo họ tên và năm sinh của người này.",
    );
    expect((await search("009999999999||Lý Thị Lạ|01011990")).text).toContain(
      "Cũng không có ai cùng họ tên và năm sinh với thẻ. Nếu người này nói có tên ở điểm này, xin tìm theo tên hoặc mã hộ.",
    );
    // Anything else that finds nobody still says so in the officer's own words.
    expect((await search("khong co ai")).text).toContain("Không tìm thấy ai với “khong co ai”.");
  });
});

describe("the console without script", () => {
  it("no script - after 'Phát phiếu' the page says 'Mời cử tri đến Máy 1' while Máy 1 holds that ticket, 'Lượt trước: …' once the resident has voted (never for a made-up reference); the address names no resident; a refusal is a whole page", async () => {
    const t = makeApp();
    const day = await openWithKiosks(t);
    const id = day.point.id;
    const entryId = String(entryIdOf(t, "Võ Văn Dũng"));
    // A plain form post (no HX-Request): post, redirect, get.
    const res = await day.officer.post(paths.officer.issue(id), { entryId, kioskId: kioskIdOf(t), q: "" });
    expect(res.status).toBe(303);
    const where = res.headers.get("Location") ?? "";
    const url = new URL(where, "http://localhost");
    expect(url.pathname).toBe(paths.officer.point(id));
    expect([...url.searchParams.keys()]).toEqual(["may", "phieu"]);
    expect(url.searchParams.get("may")).toBe(kioskIdOf(t));
    const handed = visible(await (await day.officer.get(where)).text());
    expect(handed).toContain("Đã phát phiếu. Mời cử tri đến Máy 1.");

    // The resident votes: the same page, loaded again, no longer sends anyone to Máy 1.
    const [kiosk] = day.devices;
    if (!kiosk) throw new Error("no kiosk");
    await castHeld(kiosk);
    const after = visible(await (await day.officer.get(where)).text());
    expect(after).not.toContain("Mời cử tri đến");
    expect(after).toContain("Lượt trước: đã phát phiếu ở Máy 1.");
    // A made-up reference for the same kiosk (a link sent to an officer): nothing is said.
    const forged = new URL(url);
    forged.searchParams.set("phieu", "0123456789abcdef");
    const made = visible(await (await day.officer.get(`${forged.pathname}${forged.search}`)).text());
    expect(made).not.toContain("Lượt trước");
    expect(made).not.toContain("Mời cử tri đến");

    // A refused "Phát phiếu" without script: the console page with the reason, not a fragment.
    const again = await day.officer.post(paths.officer.issue(id), { entryId, kioskId: kioskIdOf(t), q: "" });
    expect(again.status).toBe(409);
    const page = await again.text();
    expect(page).toMatch(/^<!doctype html>/i);
    expect(visible(page)).toContain("Võ Văn Dũng đã nhận phiếu rồi.");
  });
});

describe("a point-day the board left out", () => {
  it("open - 'Mở điểm lấy phiếu' confirmed just after midnight on the page of the day before opens nothing; pause and resume likewise", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const NEXT = "2026-10-28";
    t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, ?)", [day.point.id, NEXT]);
    // 23:59:50 on DAY: the page is drawn for DAY; the confirmation arrives at 00:00:10.
    t.clock.advance((15 * 60 + 59) * 60_000 + 50_000);
    await day.officer.login("hq-t1-1");
    const page = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const shown = page.match(/name="day" value="(\d{4}-\d{2}-\d{2})"/)?.[1] ?? "";
    expect(shown).toBe(DAY);
    // Not opened on DAY (the team never did): the open form is what the page offers.
    t.clock.advance(20_000);
    const late = await day.officer.post(paths.officer.open(day.point.id), { day: shown }, htmx);
    expect(late.status).toBe(409);
    expect(visible(await late.text())).toContain(
      "Trang này là của ngày 27/10/2026; hôm nay là 28/10/2026: chưa làm gì.",
    );
    expect(t.store.voting.pointDay(day.point.id, NEXT)).toBeNull();
    // Opened on today's page, a pause from yesterday's page does nothing either.
    expect((await day.officer.post(paths.officer.open(day.point.id), { day: NEXT }, htmx)).status).toBe(200);
    expect((await day.officer.post(paths.officer.pause(day.point.id), { day: shown }, htmx)).status).toBe(
      409,
    );
    expect(t.store.voting.pointDay(day.point.id, NEXT)?.status).toBe("open");
  });

  it("a console left open when today stops or starts taking ballots reloads once: the board leaves the day out; midnight on a page drawn the evening before", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    // 09:00 on its day, not opened yet: the panel keeps looking (kiosks may be paired).
    t.clock.advance(60 * 60_000);
    await day.officer.login("hq-t1-1");
    const poll = livePollOf(await (await day.officer.get(paths.officer.point(day.point.id))).text());
    expect(poll).toContain("s=not_opened");
    unwrap(
      excusePointDay(t, BOARD_ACTOR, {
        pointId: day.point.id,
        day: DAY,
        reason: "Thôn 1 bị ngập, không tổ chức được",
      }),
    );
    const answer = await day.officer.get(poll ?? "", htmx);
    expect(answer.headers.get("HX-Refresh")).toBe("true");
    // The evening before a point's day: the page is drawn as "off"; at midnight its day begins.
    const u = makeApp();
    const other = await votingDay(u);
    u.store.db.run("UPDATE point_days SET day = ? WHERE point_id = ?", ["2026-10-28", other.point.id]);
    u.clock.advance(12 * 60 * 60_000); // 20:00 on 27/10
    await other.officer.login("hq-t1-1");
    const evening = livePollOf(await (await other.officer.get(paths.officer.point(other.point.id))).text());
    expect(evening).toContain("s=off");
    u.clock.advance(5 * 60 * 60_000); // 01:00 on 28/10
    await other.officer.login("hq-t1-1");
    const morning = await other.officer.get(evening ?? "", htmx);
    expect(morning.headers.get("HX-Refresh")).toBe("true");
  });

  it("closed, then left out by the board, then the campaign certified: the console says the board's decision, and stops asking to sign", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    // Not on the day it voted (the server refuses that): the next morning.
    t.clock.advance(24 * 60 * 60_000);
    await day.officer.login("hq-t1-1");
    unwrap(
      excusePointDay(t, BOARD_ACTOR, { pointId: day.point.id, day: DAY, reason: "Hòm phiếu bị nghi ngờ" }),
    );
    const html = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    // The note of days still waiting for the team, and the day's own line, both say the decision.
    const note =
      /<div class="alert alert-warn" role="status" data-earlier-days[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
    expect(visible(note)).toContain(
      "Biên bản kiểm phiếu ngày 27/10/2026 chưa đủ chữ ký. Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp.",
    );
    expect(visible(note)).toContain("Bạn chưa ký: mỗi người ký bằng tài khoản và mật khẩu của mình.");
    const line = /<li data-off-day="2026-10-27"[^>]*>[\s\S]*?<\/li>/.exec(html)?.[0] ?? "";
    expect(line).toContain("data-excused");
    expect(visible(line)).toContain("Ban Tổ chức đã quyết định không tính ngày này.");
    // Certified (the board signs the aggregate): nobody is asked to sign any more, as the minutes page says.
    t.store.db.run("UPDATE campaigns SET state = 'certified'");
    const after = visible(await (await day.officer.get(paths.officer.point(day.point.id))).text());
    expect(after).not.toContain("Bạn chưa ký");
    expect(after).toContain("Kết quả đợt lấy phiếu đã được xác nhận: biên bản không ký thêm được.");
  });

  it("excused - the console offers no 'Mở điểm lấy phiếu' and says why (the server refuses it)", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    const before = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    expect(before).toContain("Mở điểm lấy phiếu");
    expect(
      excusePointDay(t, BOARD_ACTOR, {
        pointId: day.point.id,
        day: DAY,
        reason: "Thôn 1 bị ngập, không tổ chức được",
      }).ok,
    ).toBe(true);
    const html = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    expect(html).not.toContain(`action="${paths.officer.open(day.point.id)}"`);
    expect(visible(html)).toContain("Ban Tổ chức đã quyết định không tính điểm này trong ngày hôm nay");
    expect(visible(html)).toContain("Thôn 1 bị ngập, không tổ chức được");
    // Nothing will be opened today: the head says so, and no day's counts are shown.
    expect(visible(headOf(html))).toContain("Hôm nay (27/10/2026) không lấy phiếu");
    // The point by its code and name, as the officer's home and the board name it.
    expect(visible(headOf(html))).toContain(`${day.point.code} — ${day.point.name}`);
    expect(liveOf(html)).not.toContain('id="live-counts"');
    // No check-in and no tablet to pair for a day that takes no ballots (attack 3): the server
    // refuses both, so the page does not offer them.
    expect(html).not.toContain('id="q"');
    expect(visible(html)).not.toContain("Kết nối máy mới");
    expect((await day.officer.post(paths.officer.pairingWindow(day.point.id), {}, htmx)).status).toBe(409);
    expect((await day.officer.post(paths.officer.open(day.point.id), {}, htmx)).status).toBe(409);
    // Its own line in the card's list of days: today, left out — not "sắp tới".
    const todayLine = /<li data-off-day="2026-10-27">[\s\S]*?<\/li>/.exec(html)?.[0] ?? "";
    expect(visible(todayLine)).toContain(
      "Ngày 27/10/2026: hôm nay; Ban Tổ chức đã quyết định không tính ngày này.",
    );
    // The card says why, once (not again above it); the officer's home says the board's decision too.
    expect(visible(html).split("Ban Tổ chức đã quyết định không tính điểm này").length - 1).toBe(1);
    expect(visible(html)).toContain("Hôm nay điểm không lấy phiếu");
    const home = visible(await (await day.officer.get(paths.officer.home)).text());
    expect(home).toContain(
      "Hôm nay (27/10/2026): điểm không lấy phiếu. Ban Tổ chức đã quyết định không tính ngày này vào số liệu tổng hợp.",
    );
    // The next day (not the point's): the day is listed as not opened and left out, no minutes sought.
    t.clock.advance(24 * 60 * 60_000);
    await day.officer.login("hq-t1-1");
    const next = await (await day.officer.get(paths.officer.point(day.point.id))).text();
    const line = /<li data-off-day="2026-10-27">[\s\S]*?<\/li>/.exec(next)?.[0] ?? "";
    expect(visible(line)).toContain(
      "Ngày 27/10/2026: điểm không mở; Ban Tổ chức đã quyết định không tính ngày này.",
    );
    expect(line).not.toContain("biên bản");
  });
});

describe("the kiosk when its point does not vote", () => {
  it("idle kiosk - invites residents only while its point votes: 'Đã kết thúc lấy phiếu' after the close, 'Hôm nay không lấy phiếu' on a day it does not vote, the invitation again on its next day; a poll showing what still holds is held, not redrawn", async () => {
    const t = makeApp();
    const day = await castAtOnce(t);
    const kiosk = day.devices[0];
    if (!kiosk) throw new Error("fixture: no kiosk");
    const screen = async (path: string) => {
      const res = await kiosk.get(path, htmx);
      const html = await res.text();
      return { status: res.status, state: dataAttr(html, "idle-state"), text: visible(html), html };
    };
    const wait = (shown?: "closed" | "off") =>
      screen(shown ? `${paths.kiosk.wait}?s=${shown}` : paths.kiosk.wait);
    expect((await screen(paths.kiosk.home)).state).toBe("voting");
    // While the point votes, an inviting kiosk's poll has nothing to say (204); one showing that the
    // point does not vote is answered with the invitation at once.
    expect((await wait()).status).toBe(204);
    const back = await wait("off");
    expect(back.state).toBe("voting");
    expect(back.text).toContain("Xin mời bà con đến bàn tổ công tác để nhận phiếu.");
    t.clock.advance(60_000);
    await day.officer.post(paths.officer.close(day.point.id), { day: DAY, incidents: "" }, htmx);
    const closed = await wait();
    expect(closed.state).toBe("closed");
    expect(closed.text).toContain("Đã kết thúc lấy phiếu");
    expect(closed.html).toContain(`hx-get="${paths.kiosk.wait}?s=closed"`);
    expect((await wait("closed")).status).toBe(204); // still closed: held, not redrawn every 10 s
    expect((await screen(paths.kiosk.home)).state).toBe("closed");
    // The next morning the kiosk is still paired; the point has no vote that day.
    t.clock.advance(24 * 60 * 60_000);
    const off = await screen(paths.kiosk.home);
    expect(off.state).toBe("off");
    expect(off.text).toContain("Hôm nay không lấy phiếu");
    expect(off.text).not.toContain("Xin mời bà con");
    expect((await wait("closed")).state).toBe("off");
    expect((await wait("off")).status).toBe(204);
    // A point that votes again the day after (test set-up: a second day added): the invitation returns.
    t.store.db.run("INSERT INTO point_days (point_id, day) VALUES (?, ?)", [day.point.id, "2026-10-29"]);
    t.clock.advance(24 * 60 * 60_000);
    expect((await wait("off")).state).toBe("voting");
    // A day the board left out is not one to invite residents to.
    t.clock.advance(60 * 60_000);
    expect(
      excusePointDay(t, BOARD_ACTOR, {
        pointId: day.point.id,
        day: "2026-10-29",
        reason: "Thôn 1 bị ngập, không tổ chức được",
      }).ok,
    ).toBe(true);
    expect((await wait()).state).toBe("off");
  });
});

describe("the officer's home page", () => {
  it("home - each of the point's days so far, and minutes waiting for this officer's signature with the way to them, also on a later day", async () => {
    const t = makeApp();
    const day = await closedDay(t);
    const dayLine = async (client: Client) => {
      const html = await (await client.get(paths.officer.home)).text();
      return /<li data-officer-day="2026-10-27">[\s\S]*?<\/li>/.exec(html)?.[0] ?? "";
    };
    const minutesLink = `href="${paths.officer.minutes(day.point.id, DAY)}"`;
    // Visible text with the spaces left by tags before punctuation gone.
    const said = (html: string) => visible(html).replace(/ ([.,:;])/g, "$1");
    const first = await dayLine(day.officer);
    expect(said(first)).toContain(
      "Hôm nay (27/10/2026): đã kết thúc; biên bản chờ bạn ký: Xem lại và ký biên bản. Đã ký: 0 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng.",
    );
    expect(first).toContain(minutesLink);
    await day.officer.post(
      paths.officer.minutesSign(day.point.id, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    expect(said(await dayLine(day.officer))).toContain(
      "đã kết thúc; bạn đã ký biên bản. Đã ký: 1 chữ ký (cần 2), đã có chữ ký của Tổ trưởng.",
    );
    // The other member, logging in the next morning, lands here and finds the minutes to sign.
    t.clock.advance(24 * 60 * 60_000);
    const second = new Client(t, "192.0.2.23");
    await second.login("hq-t1-2");
    const next = await dayLine(second);
    expect(said(next)).toContain(
      "Ngày 27/10/2026: đã kết thúc; biên bản chờ bạn ký: Xem lại và ký biên bản. Đã ký: 1 chữ ký (cần 2), đã có chữ ký của Tổ trưởng.",
    );
    expect(next).toContain(minutesLink);
    await second.post(
      paths.officer.minutesSign(day.point.id, DAY),
      { version: "1", password: PASSWORD },
      htmx,
    );
    expect(said(await dayLine(second))).toContain(
      "đã kết thúc; biên bản đã chuyển về Ban Tổ chức. Đủ chữ ký: 2 chữ ký (cần 2), đã có chữ ký của Tổ trưởng.",
    );
  });
});

describe("the board's audit log (issue #14)", () => {
  async function logWithKiosks(t: TestApp) {
    const day = await openWithKiosks(t, 1);
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, kioskIdOf(t)),
      heldTicket(t, kioskIdOf(t)),
      htmx,
    );
    await addUser(t, "bantochuc", "board");
    const board = new Client(t, "192.0.2.91");
    await board.login("bantochuc");
    return { ...day, board };
  }

  const rows = (html: string) => [...html.matchAll(/<tr data-seq="(\d+)" data-action="([^"]+)">/g)];

  it("audit - every action in words, the kiosk named, no action code on the page", async () => {
    const t = makeApp();
    const { board } = await logWithKiosks(t);
    const html = await (await board.get(paths.board.audit)).text();
    const text = visible(html);
    for (const [, , action] of rows(html)) {
      expect(text).toContain(AUDIT_ACTION_LABELS[action as keyof typeof AUDIT_ACTION_LABELS]);
    }
    for (const code of Object.keys(AUDIT_ACTION_LABELS).filter((a) => a.includes("."))) {
      expect(text).not.toContain(code);
    }
    expect(text).toMatch(
      /Kết nối máy ghi phiếu HQ-T1 \(Thôn 1, Xã Hương Quang\) Máy 1 · chờ cán bộ thứ hai xác nhận/,
    );
    expect(text).toMatch(/Hủy lượt phát phiếu HQ-T1 \(Thôn 1, Xã Hương Quang\) Máy 1 · ngày 27\/10\/2026/);
  });

  it("audit - filters by action, actor and point, alone and together", async () => {
    const t = makeApp();
    const { board, point } = await logWithKiosks(t);
    const all = rows(await (await board.get(paths.board.audit)).text());
    const byAction = rows(await (await board.get(`${paths.board.audit}?thao-tac=ticket.void`)).text());
    expect(byAction.map((r) => r[2])).toEqual(["ticket.void"]);
    const byActor = rows(await (await board.get(`${paths.board.audit}?nguoi=hq-t1-2`)).text());
    expect(byActor.length).toBeGreaterThan(0);
    expect(new Set(byActor.map((r) => r[2]))).toEqual(new Set(["login.success", "kiosk.pair.confirm"]));
    const byPoint = rows(await (await board.get(`${paths.board.audit}?diem=${point.id}`)).text());
    const pointActions = new Set(byPoint.map((r) => r[2]));
    expect(pointActions.has("point.open")).toBe(true);
    expect(pointActions.has("kiosk.pair")).toBe(true);
    expect(pointActions.has("login.success")).toBe(false);
    expect(byPoint.length).toBeLessThan(all.length);
    const together = rows(
      await (
        await board.get(`${paths.board.audit}?diem=${point.id}&nguoi=hq-t1-1&thao-tac=kiosk.pair`)
      ).text(),
    );
    expect(together.map((r) => r[2])).toEqual(["kiosk.pair"]);
    // Nonsense in the query is read as no filter, never an error page.
    const odd = await board.get(`${paths.board.audit}?diem=abc&trang=-4&den=x`);
    expect(odd.status).toBe(200);
    expect(rows(await odd.text())).toHaveLength(all.length);
  });

  it("audit - pages of 50, newest first; pages stay put while new entries arrive", async () => {
    const t = makeApp();
    const { board } = await logWithKiosks(t);
    for (let i = 0; i < 70; i++) {
      t.store.audit.append({
        at: t.clock.now().toISOString(),
        actor: "hệ thống",
        action: "kiosk.pair.window",
        subject: "HQ-T1",
        details: { until: t.clock.now().toISOString() },
      });
    }
    const head = t.store.audit.head();
    const first = await (await board.get(paths.board.audit)).text();
    const firstRows = rows(first).map((r) => Number(r[1]));
    expect(firstRows).toHaveLength(50);
    expect(firstRows[0]).toBeGreaterThanOrEqual(head);
    expect([...firstRows].sort((a, b) => b - a)).toEqual(firstRows);
    const next = /href="([^"]*trang=2[^"]*)"/.exec(first)?.[1]?.replace(/&amp;/g, "&") ?? "";
    expect(next).toContain(`den=${firstRows[0]}`);
    // New entries arrive meanwhile (the board member's own page loads are logged too).
    await board.get(paths.board.home);
    const second = rows(await (await board.get(next)).text()).map((r) => Number(r[1]));
    expect(second[0]).toBe((firstRows.at(-1) ?? 0) - 1);
    expect(second).toHaveLength(Math.min(50, (firstRows.at(-1) ?? 1) - 1));
  });
});
