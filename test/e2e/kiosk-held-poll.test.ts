import { expect, it } from "vitest";
import { serverAndBrowser } from "./harness.ts";
import { kioskDay } from "./kiosk-harness.ts";

/**
 * Held polls (issue #12 §4) as a real browser makes them: the server holds the kiosk's "a ticket for
 * me yet?" and the console's live panel for POLL_HOLD_SECONDS (17 here, beyond the kiosk's 10-s and
 * the console's 15-s htmx request timeouts, which must not apply to them), and a kiosk left alone
 * on "Xin chào" must not say "Mất kết nối" over a working connection. Before the fix the kiosk's
 * poll was aborted at 10 s and the banner stayed up for good.
 */

const e2e = serverAndBrowser({ POLL_HOLD_SECONDS: "17" });

it("held polls - a kiosk idle on 'Xin chào' and an officer's console past a whole hold: no request cut off, no 'Mất kết nối', and a ticket still reaches the kiosk at once", async () => {
  const day = await kioskDay(e2e.browser.browser, e2e.server);
  const { kiosk, officer } = day;
  const failed: string[] = [];
  for (const page of [kiosk, officer]) {
    page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  }
  const banner = kiosk.locator("[data-offline]");
  // Longer than both pages' request timeouts and than one whole 17-s hold, read every second: no
  // poll of the kiosk or of the officer's live panel may be cut off by the browser.
  for (let s = 0; s < 20; s++) {
    await kiosk.waitForTimeout(1_000);
    expect(await banner.isHidden()).toBe(true);
  }
  expect(failed).toEqual([]);
  await day.issue();
  expect(await banner.isHidden()).toBe(true);
  expect(day.errors).toEqual([]);
  await day.close();
}, 120_000);
