import type { Request } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { serverAndBrowser, textNow } from "./harness.ts";
import { type KioskDay, kioskDay } from "./kiosk-harness.ts";

/**
 * A resident who reads each screen for a few seconds (the kiosk-press flake, found 2026-12-01):
 * every ballot screen asks "still valid?" 3 s after it shows, and the server holds that question open
 * while nothing changes (POLL_HOLD_SECONDS). htmx 4 does not end the request of an element a swap
 * removes, and sends the tick it queued meanwhile afterwards: each screen read for 3 s left a held
 * request behind, and Chromium opens only six connections to one server. With a dozen left behind
 * the resident's next press waited in the browser until a held poll ended: "Sửa" on the review did
 * nothing for 8 s, "Xem lại phiếu ▶" waited 30 s. Now the screen's poll ends with the screen
 * (kiosk/assets/kiosk.js) and the server keeps one held poll per kiosk, its newest
 * (server/routes/kiosk.tsx, `heldByKiosk`; test/http/long-poll.test.ts).
 */

const e2e = serverAndBrowser({ POLL_HOLD_SECONDS: "55" });
let day: KioskDay;
const STILL = "/kiosk/phieu/con";

beforeAll(async () => {
  day = await kioskDay(e2e.browser.browser, e2e.server);
}, 90_000);

afterAll(async () => {
  await day?.close();
});

it("screens read for a while - a screen's held 'still valid?' ends with the screen, and the tick it had queued is never sent: no request is left held behind a press", async () => {
  const { kiosk } = day;
  const held = new Set<Request>();
  const sent: number[] = [];
  kiosk.on("request", (r) => {
    if (!r.url().includes(STILL)) return;
    held.add(r);
    sent.push(Date.now());
  });
  kiosk.on("requestfinished", (r) => held.delete(r));
  kiosk.on("requestfailed", (r) => held.delete(r));
  const official = () => textNow(kiosk, "#kiosk h1 .step");

  await day.issue();
  // Read the first official long enough for its poll to go out and be held, and for its next tick
  // to queue behind it (every 3 s): the two requests htmx kept for a removed screen.
  await expect.poll(() => sent.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => held.size, { timeout: 5_000 }).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  const before = await official();
  const pressedAt = Date.now();
  await kiosk.locator("#kiosk .next-button").click();
  await expect.poll(official).not.toBe(before);
  // The old screen's poll ended with it (the server alone would hold it until the new screen's
  // first poll, 3 s or more after it came: the window here is shorter) ...
  await expect.poll(() => held.size, { timeout: 2_500 }).toBe(0);
  // ... and its queued tick never left: nothing asks before the new screen does, 3 s after it came.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, pressedAt + 2_000 - Date.now())));
  expect(sent.filter((at) => at >= pressedAt && at < pressedAt + 2_000)).toEqual([]);
  expect(day.errors).toEqual([]);
}, 90_000);
