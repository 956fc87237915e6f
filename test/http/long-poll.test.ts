import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ManualClock } from "../../server/clock.ts";
import { defaultConfig } from "../../server/config.ts";
import { Store } from "../../server/db/store.ts";
import { paths } from "../../server/http/paths.ts";
import { type Client, dataAttr, T0, type TestApp } from "../helpers.ts";
import { entryIdOf, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

/** An app whose kiosk polls are held `seconds` (as the server started by main.ts holds them). */
function holdingApp(seconds: number, store = Store.memory(), clock = new ManualClock(T0)): TestApp {
  return {
    store,
    clock,
    app: createApp({ store, clock, config: { ...defaultConfig(), POLL_HOLD_SECONDS: seconds } }),
  };
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
      {},
      htmx,
    );
    expect(voided.status).toBe(200);
    const idle = await still;
    expect(idle.status).toBe(200);
    // The resident is told (issue #13 §7); the kiosk returns to its idle screen after it.
    expect(await idle.text()).toContain("Phiếu này đã được tổ công tác hủy");
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
