import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ManualClock } from "../../server/clock.ts";
import { defaultConfig } from "../../server/config.ts";
import { Store } from "../../server/db/store.ts";
import { KIOSK_SILENT_AFTER_MS } from "../../server/domain/kiosk-silence.ts";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, dataAttr, T0, type TestApp } from "../helpers.ts";
import {
  ballotOnKiosk,
  entryIdOf,
  heldTicket,
  htmx,
  kioskIdOf,
  pairedKiosk,
  votingDay,
} from "../voting-helpers.ts";

/** An app whose kiosk polls are held `seconds` (as the server started by main.ts holds them). */
function holdingApp(seconds: number, store = Store.memory(), clock = new ManualClock(T0)): TestApp {
  return {
    store,
    clock,
    app: createApp({ store, clock, config: { ...defaultConfig(), POLL_HOLD_SECONDS: seconds } }),
  };
}

/**
 * The live panel's held polls wake only by notification: their look every few seconds (which would
 * answer a missed notification a little later) is stretched past the test's timeout, so a missing
 * notification fails the test instead of slowing it.
 */
function onlyNotified(t: TestApp): void {
  const wait = t.store.changes.wait.bind(t.store.changes);
  t.store.changes.wait = (topic, ms, signal) =>
    wait(topic, topic.startsWith("point:") ? Math.max(ms, 60_000) : ms, signal);
}

/** Until the server holds `n` polls open (each await lets the held request reach its wait). */
async function untilHeld(t: TestApp, n: number): Promise<void> {
  for (let i = 0; i < 1000 && t.store.changes.waiting() < n; i++) await Bun.sleep(5);
  expect(t.store.changes.waiting()).toBe(n);
}

describe("kiosk long polls (issue #12 §4)", () => {
  it("long poll - a held idle poll is answered with the ballot as soon as the officer hands the kiosk a ticket, and a held 'still valid?' with the voided message as soon as it is voided", async () => {
    // Held for 30 s: were the wake-up missing, the test's 5 s timeout would end it.
    const t = holdingApp(30);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.81");
    const waiting = kiosk.get(paths.kiosk.wait, htmx);
    await untilHeld(t, 1);
    const issued = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 1") },
      htmx,
    );
    expect(issued.status).toBe(200);
    const ballot = await waiting;
    expect(ballot.status).toBe(200);
    const ticket = dataAttr(await ballot.text(), "ticket-id");
    expect(ticket).toMatch(/^[0-9a-f]+$/);
    expect(t.store.changes.waiting()).toBe(0);

    const still = kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx);
    await untilHeld(t, 1);
    const voided = await day.officer.post(
      paths.officer.voidTicket(day.point.id, kioskIdOf(t, "Máy 1")),
      heldTicket(t, kioskIdOf(t, "Máy 1")),
      htmx,
    );
    expect(voided.status).toBe(200);
    const idle = await still;
    expect(idle.status).toBe(200);
    // The resident is told (issue #13 §7); the kiosk returns to its idle screen after it.
    expect(await idle.text()).toContain("Phiếu này đã được tổ công tác hủy");
  });

  it("long poll - a kiosk holds one poll, its newest: the next poll of the same kiosk (a screen that replaced the one still asking) ends the older at once with 204, leaving another kiosk's held", async () => {
    // Held for 30 s: an older poll left held would outlast the test's 5 s timeout.
    const t = holdingApp(30);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.81");
    const other = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.82");
    const theirs = other.get(paths.kiosk.wait, htmx);
    await untilHeld(t, 1);
    const older = kiosk.get(paths.kiosk.wait, htmx);
    await untilHeld(t, 2);
    const newer = kiosk.get(paths.kiosk.wait, htmx);
    const ended = await older;
    expect(ended.status).toBe(204);
    expect(await ended.text()).toBe("");
    await untilHeld(t, 2);
    // The newest is the one held: the ticket reaches it.
    const issued = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 1") },
      htmx,
    );
    expect(issued.status).toBe(200);
    const ballot = await newer;
    expect(ballot.status).toBe(200);
    const ticket = dataAttr(await ballot.text(), "ticket-id");
    // Six screens in a row, each asking "still valid?" before the next came: one held at the end.
    const asks = [];
    for (let i = 0; i < 6; i++) {
      asks.push(kiosk.get(`${paths.kiosk.still}?t=${ticket}`, htmx));
      // Each ask, once held, ends the one before it (in turn, not by the order of arrival alone).
      const before = asks[i - 1];
      if (before) expect((await before).status).toBe(204);
      await untilHeld(t, 2);
    }
    expect(t.store.changes.waiting()).toBe(2);
    expect(t.store.kioskPollHeld(kioskIdOf(t, "Máy 1"))).toBe(true);
    // The other kiosk's poll was never touched: still held until its own change.
    await day.officer.post(
      paths.officer.voidTicket(day.point.id, kioskIdOf(t, "Máy 1")),
      heldTicket(t, kioskIdOf(t, "Máy 1")),
      htmx,
    );
    expect((await asks[5])?.status).toBe(200);
    expect(t.store.changes.waiting()).toBe(1);
    const theirTicket = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Lê Diệu Lan")), kioskId: kioskIdOf(t, "Máy 2") },
      htmx,
    );
    expect(theirTicket.status).toBe(200);
    expect((await theirs).status).toBe(200);
  });

  it("long poll - a kiosk whose poll is held right now takes a ticket even when its last-seen time is stale (a late touch on a busy server)", async () => {
    const t = holdingApp(30);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.83");
    const waiting = kiosk.get(paths.kiosk.wait, htmx);
    await untilHeld(t, 1);
    // A minute passes on the app's clock without the held poll's touch running.
    t.clock.advance(60_000);
    const issued = await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 1") },
      htmx,
    );
    expect(issued.status).toBe(200);
    expect((await waiting).status).toBe(200);
  });

  it("long poll - a kiosk waiting with a held poll is ready on the console, in the search and on the board's progress however stale its last-seen time; once it stops waiting it is 'Mất kết nối', and silent", async () => {
    const t = holdingApp(30);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.86");
    const board = new Client(t, "192.0.2.87");
    await addUser(t, "bantochuc", "board");
    await board.login("bantochuc");
    const stop = new AbortController();
    const waiting = kiosk.request(paths.kiosk.wait, { headers: htmx, signal: stop.signal });
    await untilHeld(t, 1);
    // Four minutes on the app's clock with no write of the kiosk's last-seen time (a server busy
    // with a district's closes, or that write failing): past both the offline (15 s) and the silent
    // (3 min) thresholds, yet it has been waiting all along, and "Phát phiếu" to it is accepted.
    t.clock.advance(KIOSK_SILENT_AFTER_MS + 60_000);
    const seen = async () => ({
      live: await (await day.officer.get(paths.officer.point(day.point.id))).text(),
      search: await (
        await day.officer.get(
          `${paths.officer.search(day.point.id)}?q=${encodeURIComponent("Võ Văn Dũng")}`,
          htmx,
        )
      ).text(),
      // The board's list of kiosks (progress page), this kiosk's row.
      progress:
        /<tr data-kiosk="HQ-T1 Máy 1">[\s\S]*?<\/tr>/.exec(
          await (await board.get(paths.board.progressKiosks, htmx)).text(),
        )?.[0] ?? "",
    });
    const held = await seen();
    expect(held.live).toContain("Sẵn sàng");
    expect(held.live).not.toContain("Mất kết nối");
    expect(held.search).toContain("Phát phiếu");
    expect(held.search).not.toContain("Chưa có máy sẵn sàng");
    expect(held.progress).toContain("Sẵn sàng");
    expect(held.progress).not.toContain("Mất kết nối");
    // Not folded away as silent, and the clean-up does not remove it.
    expect(dataAttr(held.live, "silent-kiosks")).toBeNull();
    const cleanUp = await day.officer.post(
      paths.officer.cleanUpKiosks(day.point.id),
      { may: kioskIdOf(t, "Máy 1") },
      htmx,
    );
    expect(cleanUp.status).toBe(409);
    expect(t.store.voting.kiosksAt(day.point.id)).toHaveLength(1);
    // The kiosk stops waiting (the tablet went away): by its last-seen time it is silent.
    stop.abort();
    expect((await waiting).status).toBe(204);
    expect(t.store.changes.waiting()).toBe(0);
    const gone = await seen();
    // Silent past 3 minutes: folded away with "Gỡ máy này" rather than a "Mất kết nối" tile.
    expect(gone.search).toContain("Chưa có máy sẵn sàng");
    expect(gone.progress).toContain("Mất kết nối");
    expect(dataAttr(gone.live, "silent-kiosks")).toBe("Máy 1");
    expect(gone.live).toContain("Gỡ máy này");
  });

  it("long poll - an idle kiosk's held poll is answered as soon as its point's day closes, with 'Đã kết thúc lấy phiếu' (not at its next look); a pause leaves it held", async () => {
    const t = holdingApp(30);
    // Its look every few seconds stretched past the test's timeout: only the close's wake-up answers.
    const wait = t.store.changes.wait.bind(t.store.changes);
    t.store.changes.wait = (topic, _ms, signal) => wait(topic, 60_000, signal);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.86");
    const waiting = kiosk.get(paths.kiosk.wait, htmx);
    await untilHeld(t, 1);
    // A pause changes nothing on the kiosk's screen: its held poll stays held (were it ended, the
    // consoles' redraw in that moment would see no kiosk waiting, and call it "Mất kết nối").
    await day.officer.post(paths.officer.pause(day.point.id), {}, htmx);
    expect(t.store.changes.waiting()).toBe(1);
    const closed = await day.officer.post(
      paths.officer.close(day.point.id),
      { day: "2026-10-27", incidents: "" },
      htmx,
    );
    expect(closed.status).toBeLessThan(400);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Đã kết thúc lấy phiếu");
    expect(t.store.changes.waiting()).toBe(0);
  });

  it("long poll - with nothing to say the poll ends with 204 after the hold, leaving no waiter behind", async () => {
    const t = holdingApp(1);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk: Client = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.82");
    const res = await kiosk.get(paths.kiosk.wait, htmx);
    expect(res.status).toBe(204);
    expect(t.store.changes.waiting()).toBe(0);
  });

  it("long poll - an app made in-process answers at once (POLL_HOLD_SECONDS 0; main.ts holds 25 s by default)", () => {
    expect(defaultConfig().POLL_HOLD_SECONDS).toBe(0);
  });
});

/** The live panel's own poll address, as the page (or the last answer) carries it. */
const livePollOf = (html: string): string => {
  const url =
    /id="live"[^>]*hx-get="([^"]+)"/.exec(html)?.[1] ?? /hx-get="([^"]+)"[^>]*id="live"/.exec(html)?.[1];
  if (!url) throw new Error("no live poll in the answer");
  return url.replaceAll("&amp;", "&");
};

/**
 * An app holding polls 30 s that wake only by notification, the test point open, and the address
 * of its officer's live panel as the page carries it (the version it shows).
 */
async function openConsole() {
  const t = holdingApp(30);
  onlyNotified(t);
  const day = await votingDay(t);
  await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
  const poll = livePollOf(await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text());
  return { t, day, poll };
}

describe("console live panel long polls (issue #12 §4)", () => {
  it("live panel - a held poll is answered as soon as another officer hands out a ticket at the point (new count, new version), as soon as the ballot opens on the kiosk, and as soon as it is cast; a change at another point leaves it held", async () => {
    const t = holdingApp(30);
    onlyNotified(t);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id, "192.0.2.84");
    const first = await day.officer.get(paths.officer.live(day.point.id), htmx);
    expect(first.status).toBe(200);
    const poll = livePollOf(await first.text());
    expect(poll).toMatch(/\?v=[0-9a-z]+&s=open$/);

    const held = day.officer.get(poll, htmx);
    await untilHeld(t, 1);
    t.store.pointChanged(day.point.id + 1000);
    await Bun.sleep(20);
    expect(t.store.changes.waiting()).toBe(1);

    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    const issued = await second.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t, "Máy 1") },
      htmx,
    );
    expect(issued.status).toBe(200);
    const answer = await held;
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toMatch(/<span class="stat">1<\/span> phiếu phát ra/);
    // The point-day's state did not change: the console's head is not drawn again (its buttons
    // keep the keyboard focus).
    expect(html).not.toContain('id="console-head"');
    expect(livePollOf(html)).not.toBe(poll);
    expect(t.store.changes.waiting()).toBe(0);

    const opened = day.officer.get(livePollOf(html), htmx);
    await untilHeld(t, 1);
    const { ticket } = await ballotOnKiosk(kiosk);
    const busy = await (await opened).text();
    expect(busy).toContain("Cử tri đang ghi phiếu");

    const cast = day.officer.get(livePollOf(busy), htmx);
    await untilHeld(t, 1);
    const stored = await kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "high" },
      htmx,
    );
    expect(stored.status).toBe(200);
    expect(await (await cast).text()).toMatch(/<span class="stat">1<\/span> phiếu thu về/);
  });

  it("live panel - another officer's pause wakes a held poll: the panel says so and the console's head has 'Tiếp tục'", async () => {
    const { t, day, poll } = await openConsole();
    const held = day.officer.get(poll, htmx);
    await untilHeld(t, 1);
    const second = new Client(t, "192.0.2.23");
    await second.login("hq-t1-2");
    expect((await second.post(paths.officer.pause(day.point.id), {}, htmx)).status).toBe(200);
    const answer = await held;
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain("data-live-paused");
    expect(html).toContain('data-point-status="paused"');
    expect(html).toMatch(/<header class="console-head" id="console-head" hx-swap-oob="true">[\s\S]*Tiếp tục/);
    expect(livePollOf(html)).toMatch(/&s=paused$/);
  });

  it("live panel - a held poll whose login ended meanwhile (the board reset the officer) answers nothing more: 204 at the next change", async () => {
    const { t, day, poll } = await openConsole();
    const held = day.officer.get(poll, htmx);
    await untilHeld(t, 1);
    const officer = t.store.users.credentials("hq-t1-1")?.user;
    if (!officer) throw new Error("no officer hq-t1-1");
    t.store.sessions.deleteForUser(officer.id);
    const second = new Client(t, "192.0.2.25");
    await second.login("hq-t1-2");
    await second.post(paths.officer.pause(day.point.id), {}, htmx);
    const answer = await held;
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe("");
  });

  it("live panel - one login holds at most two polls (a browser has six connections to share between its tabs): a third tab's poll is answered at once", async () => {
    const { t, day, poll } = await openConsole();
    const tabs = [day.officer.get(poll, htmx), day.officer.get(poll, htmx)];
    await untilHeld(t, 2);
    const third = await day.officer.get(poll, htmx);
    expect(third.status).toBe(204);
    expect(t.store.changes.waiting()).toBe(2);
    // Another officer's login has its own two.
    const second = new Client(t, "192.0.2.24");
    await second.login("hq-t1-2");
    const theirs = second.get(poll.replace(/\?v=.*$/, ""), htmx);
    expect((await theirs).status).toBe(200);
    // A change answers both held tabs; the count of held polls goes back to none.
    await second.post(paths.officer.pause(day.point.id), {}, htmx);
    for (const tab of tabs) expect((await tab).status).toBe(200);
    expect(t.store.changes.waiting()).toBe(0);
    const held = day.officer.get(
      livePollOf(await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text()),
      htmx,
    );
    await untilHeld(t, 1);
    await second.post(paths.officer.resume(day.point.id), {}, htmx);
    expect((await held).status).toBe(200);
  });

  it("live panel - the officer's own answers carry the version they show, so the next poll waits instead of redrawing; a closed day's panel stops polling", async () => {
    const t = holdingApp(0);
    const day = await votingDay(t);
    const opened = await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const poll = livePollOf(await opened.text());
    expect((await day.officer.get(poll, htmx)).status).toBe(204);
    // Twice the same state, twice the same version (nothing in the panel follows the request).
    expect(livePollOf(await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text())).toBe(
      poll,
    );
    // A version the server never made (or a hostile one) is simply not what is shown: the panel.
    for (const v of ["zzz", "<script>", "x".repeat(500)]) {
      const res = await day.officer.get(
        `${paths.officer.live(day.point.id)}?v=${encodeURIComponent(v)}`,
        htmx,
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Số liệu trong ngày");
    }
    await day.officer.post(paths.officer.pause(day.point.id), {}, htmx);
    const closed = await day.officer.post(
      paths.officer.close(day.point.id),
      { day: "2026-10-27", incidents: "" },
      htmx,
    );
    expect(closed.status).toBeLessThan(400);
    const last = await day.officer.get(poll, htmx);
    expect(last.status).toBe(200);
    const html = await last.text();
    expect(html).toContain('id="live"');
    expect(html).not.toContain("hx-get=");
  });

  it("live panel - a kiosk falling silent by the clock alone (no change notified) shows at the held poll's next look, a few seconds later, well before its hold ends", async () => {
    // Held 30 s: only the look every few seconds (LIVE_RECHECK_MS) can answer within the test's time.
    const t = holdingApp(30);
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.85");
    const before = await (await day.officer.get(paths.officer.live(day.point.id), htmx)).text();
    expect(before).not.toContain("Mất kết nối");
    const held = day.officer.get(livePollOf(before), htmx);
    await untilHeld(t, 1);
    t.clock.advance(60_000);
    const answer = await held;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Mất kết nối");
  });
});
