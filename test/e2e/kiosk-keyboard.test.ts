import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { serverAndBrowser } from "./harness.ts";
import {
  goTo,
  kioskDayOf,
  OFFICIALS,
  officialPosition,
  onScreen,
  ringReport,
  setDisplay,
  shot,
  storedBallots as storedIn,
} from "./kiosk-harness.ts";

/**
 * The kiosk without touch (issue #13), in a real browser against the real server: a whole ballot by
 * keyboard alone, the focus ring on every screen in both contrasts, and a switch user's two keys.
 * Apart from kiosk-ballot.test.ts so that the two run side by side (each has its own server and
 * kiosk day).
 */

const e2e = serverAndBrowser();
const days = kioskDayOf(e2e);
const storedBallots = () => storedIn(e2e.server.databasePath);

describe("kiosk by keyboard", () => {
  /** The visible text of the focused element, or its class when it has none. */
  const focused = (kiosk: Page) =>
    kiosk.evaluate(() => {
      const el = document.activeElement;
      return (el instanceof HTMLElement ? el.textContent || el.className : "").trim();
    });

  /** Presses `key` until the focused element's text matches `label` (at most `limit` presses). */
  async function tabTo(kiosk: Page, label: RegExp, key = "Tab", limit = 20): Promise<number> {
    for (let n = 0; n <= limit; n++) {
      if (label.test(await focused(kiosk))) return n;
      await kiosk.keyboard.press(key);
    }
    throw new Error(`no ${label} within ${limit} presses of ${key}; focused: ${await focused(kiosk)}`);
  }

  /** Tab to "Gửi phiếu", press Enter, and wait for the thank-you screen. */
  async function sendByKeyboard(kiosk: Page): Promise<void> {
    await tabTo(kiosk, /^Gửi phiếu$/);
    await kiosk.keyboard.press("Enter");
    await expect
      .poll(() => kiosk.locator("#kiosk").textContent())
      .toContain("Phiếu của bà con đã được ghi nhận");
  }

  it("keyboard only - Tab, Shift+Tab, Enter and Space: a whole ballot, going back to change a choice, with the focus always in view and its ring at least 3:1 against what is behind it", async () => {
    const { day } = days;
    const { kiosk } = day;
    await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 }).toContain("Xin chào");
    await day.issue();
    const levels = ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"];
    for (let p = 1; p <= OFFICIALS; p++) {
      await expect.poll(() => officialPosition(kiosk)).toBe(p);
      const want = new RegExp(`^[▲●▼]\\s*${levels[p % 3]}\\s*(✓ Đã chọn)?$`);
      await tabTo(kiosk, want);
      await kiosk.keyboard.press(p % 2 === 0 ? "Space" : "Enter");
      if (p === 2) {
        // Shift+Tab backwards from the choice to "Nghe hướng dẫn", then forwards again.
        await expect.poll(() => officialPosition(kiosk)).toBe(3);
        await tabTo(kiosk, /Quay lại/);
        await kiosk.keyboard.press("Enter");
        await expect.poll(() => officialPosition(kiosk)).toBe(2);
        await tabTo(kiosk, /^Nghe hướng dẫn$/);
        // The resident changes their mind: "Tín nhiệm cao" instead, reached backwards.
        await tabTo(kiosk, /^▲\s*Tín nhiệm cao/, "Shift+Tab");
        await kiosk.keyboard.press("Enter");
        await expect.poll(() => officialPosition(kiosk)).toBe(3);
      }
    }
    await onScreen(kiosk, "review");
    // Every focusable element of the review, in both contrasts: in view when focused, ring ≥ 3:1.
    for (const contrast of ["Thường", "Cao"]) {
      await setDisplay(kiosk, "Tương phản", contrast);
      const rings = await ringReport(kiosk);
      expect(rings.filter((r) => !r.ok)).toEqual([]);
    }
    await setDisplay(kiosk, "Tương phản", "Thường");
    await kiosk.locator("#kiosk h1").focus();
    await sendByKeyboard(kiosk);
    // 1: "Tín nhiệm"; 2: "thấp", changed to "cao"; then cao, tín nhiệm, thấp, cao.
    expect(storedBallots()).toContain("MHHMLH");
  }, 120_000);

  it("focus ring - on every official screen, in both contrasts, each button's ring is at least 3:1 against what is behind it and in view when focused", async () => {
    const { day } = days;
    const { kiosk } = day;
    await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 }).toContain("Xin chào");
    await day.issue();
    for (const contrast of ["Thường", "Cao"]) {
      await setDisplay(kiosk, "Tương phản", contrast);
      const rings = await ringReport(kiosk);
      expect(rings.length).toBeGreaterThan(6);
      expect(rings.filter((r) => !r.ok)).toEqual([]);
      // Reached by the keyboard, as a switch user would: the ring shows (:focus-visible).
      await kiosk.locator("button.speak").focus();
      await kiosk.keyboard.press("Tab");
      await shot(kiosk, `kiosk-focus-${contrast === "Cao" ? "contrast" : "normal"}`);
    }
    await setDisplay(kiosk, "Tương phản", "Thường");
  }, 60_000);

  it("two keys - a switch user with only Tab (next) and Enter (press) votes the whole ballot, going back once; focus wraps from the last button to the first", async () => {
    const { day } = days;
    const { kiosk } = day;
    await goTo(kiosk, 1);
    // Tab from the last button wraps to the first: focus never leaves the page.
    await kiosk.locator(".mode-button").last().focus();
    await kiosk.keyboard.press("Tab");
    expect(await focused(kiosk)).toBe("Nghe hướng dẫn");
    // Each new screen has the focus on its heading the moment it is on the page: a switch user
    // who presses "next" at once must not have the focus taken back afterwards (their press lost).
    await kiosk.evaluate(() => {
      const seen: boolean[] = [];
      (window as unknown as { headingFocus: boolean[] }).headingFocus = seen;
      let last = document.querySelector("#kiosk h1");
      new MutationObserver(() => {
        const heading = document.querySelector("#kiosk h1");
        if (!heading || heading === last) return;
        last = heading;
        seen.push(document.activeElement === heading);
      }).observe(document.body, { childList: true, subtree: true });
    });
    for (let p = 1; p <= OFFICIALS; p++) {
      await expect.poll(() => officialPosition(kiosk)).toBe(p);
      await tabTo(kiosk, /Tín nhiệm thấp/);
      await kiosk.keyboard.press("Enter");
      if (p === 3) {
        // Going back with "next" only: round past the end of the page to "Quay lại".
        await expect.poll(() => officialPosition(kiosk)).toBe(4);
        await tabTo(kiosk, /Quay lại/);
        await kiosk.keyboard.press("Enter");
        await expect.poll(() => officialPosition(kiosk)).toBe(3);
        await tabTo(kiosk, /^▲\s*Tín nhiệm cao/);
        await kiosk.keyboard.press("Enter");
      }
    }
    await onScreen(kiosk, "review");
    // Officials 2–6, back to 3, on to 4, then the review: each focused on arrival.
    expect(
      await kiosk.evaluate(() => (window as unknown as { headingFocus: boolean[] }).headingFocus),
    ).toEqual(Array(OFFICIALS + 2).fill(true));
    await sendByKeyboard(kiosk);
    expect(storedBallots()).toContain("LLHLLL");
    expect(day.errors).toEqual([]);
  }, 120_000);
});
