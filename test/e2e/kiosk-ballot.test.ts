import { Database } from "bun:sqlite";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { answerOnPage, serverAndBrowser } from "./harness.ts";
import {
  axeViolations,
  fullyInView,
  type KioskDay,
  kioskDay,
  officialPosition,
  onScreen,
  setDisplay,
  shot,
} from "./kiosk-harness.ts";

/**
 * The kiosk as a first-time elderly resident meets it (issue #13), in a real browser against the
 * real server: one official per screen, the review, the in-page question about blank rows, text
 * sizes and contrast, keyboard and two-key (switch) use, a reload mid-ballot, a voided ticket, and
 * axe-core on every screen in every mode. Screenshots go to test-results/screenshots/kiosk-*.png.
 */

const e2e = serverAndBrowser();
let day: KioskDay;

beforeAll(async () => {
  day = await kioskDay(e2e.browser.browser, e2e.server);
}, 90_000);

afterAll(async () => {
  await day?.close();
});

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
  { width: 1920, height: 1080 },
] as const;
/** The smallest screens the kiosk supports, both ways: checked too, not photographed. */
const SMALL = [
  { width: 800, height: 600 },
  { width: 600, height: 800 },
] as const;
const SIZES = ["Vừa", "Lớn", "Rất lớn"] as const;
const OFFICIALS = 6; // HQ-T1's ballot in the demo campaign

/** The ballots stored so far, as their one-letter-per-official text (H, M, L, _ for blank). */
function storedBallots(): string[] {
  const db = new Database(BallotBox.pathBeside(e2e.server.databasePath), { readonly: true });
  try {
    return db
      .query<{ marks: string }, []>("SELECT marks FROM slots WHERE filled = 1")
      .all()
      .map((r) => r.marks)
      .sort();
  } finally {
    db.close();
  }
}

/** Moves the ballot to official `position` (1-based; OFFICIALS + 1 is the review) the way "Quay lại"/"Tiếp" do. */
async function goTo(kiosk: Page, position: number): Promise<void> {
  const screen = kiosk.locator("#kiosk [data-screen]").first();
  if (
    (await screen.getAttribute("data-screen")) === "official" &&
    (await officialPosition(kiosk)) === position
  )
    return;
  await kiosk.evaluate(async (den) => {
    const ticket = document.querySelector("[data-ticket-id]")?.getAttribute("data-ticket-id") ?? "";
    const headers = JSON.parse(document.body.getAttribute("hx-headers:inherited") ?? "{}");
    await fetch("/kiosk/buoc", {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true" },
      body: new URLSearchParams({ t: ticket, den: String(den) }),
    });
  }, position);
  // A reload shows where the ballot is now (the ballot in progress is the server's).
  await kiosk.reload();
  await onScreen(kiosk, position > OFFICIALS ? "review" : "official");
}

describe("kiosk screens", () => {
  it("fit and accessibility - at 1280×800, 800×1280 and 1920×1080 (and 800×600 both ways), at every text size and in both contrasts, each official's choices and buttons and the review's 'Gửi phiếu' are fully on screen; nothing scrolls at the default size on 1280×800; axe-core finds nothing", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await shot(kiosk, "kiosk-idle");
    expect(await axeViolations(kiosk)).toEqual([]);
    await day.issue();
    const problems: string[] = [];
    for (const contrast of ["Thường", "Cao"] as const) {
      for (const [sizeIndex, size] of SIZES.entries()) {
        await goTo(kiosk, 1);
        await setDisplay(kiosk, "Cỡ chữ", size);
        await setDisplay(kiosk, "Tương phản", contrast);
        const mode = `${sizeIndex}${contrast === "Cao" ? "-contrast" : ""}`;
        for (let position = 1; position <= OFFICIALS + 1; position++) {
          await goTo(kiosk, position);
          const review = position > OFFICIALS;
          const name = review ? "review" : `official-${position}`;
          const main = review ? "button.send" : ".screen-nav .next-button";
          for (const viewport of [...VIEWPORTS, ...SMALL]) {
            await kiosk.setViewportSize(viewport);
            const where = `${name} ${viewport.width}×${viewport.height} size ${size} contrast ${contrast}`;
            for (const selector of review
              ? [main, ".review-row:first-child .edit-button"]
              : [".choice", main]) {
              const seen = await fullyInView(kiosk, selector);
              if (!seen.ok) problems.push(`${where}: ${seen.detail}`);
            }
            if (viewport.width === 1280 && sizeIndex === 0 && !review) {
              // Nothing of an official's screen needs scrolling at the default size on the usual tablet.
              const overflow = await kiosk.evaluate(() =>
                Array.from(document.querySelectorAll("#kiosk *"))
                  .filter(
                    (el) =>
                      el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== "visible",
                  )
                  .map((el) => el.className),
              );
              if (overflow.length > 0) problems.push(`${where}: scrolls in ${overflow.join(", ")}`);
              const page = await kiosk.evaluate(
                () => document.documentElement.scrollHeight - window.innerHeight,
              );
              if (page > 0) problems.push(`${where}: the page scrolls by ${page}px`);
            }
            if (SMALL.some((v) => v === viewport)) continue;
            if (position <= 2 || review || viewport.width === 1280)
              await shot(kiosk, `kiosk-${name}-${viewport.width}x${viewport.height}-text${mode}`);
          }
          await kiosk.setViewportSize(VIEWPORTS[0]);
          const violations = await axeViolations(kiosk);
          if (violations.length > 0)
            problems.push(`${name} size ${size} contrast ${contrast}: ${violations.join("; ")}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Back to the defaults for the tests below.
    await setDisplay(kiosk, "Cỡ chữ", "Vừa");
    await setDisplay(kiosk, "Tương phản", "Thường");
    expect(day.errors).toEqual([]);
  }, 600_000);

  it("blank rows - 'Gửi phiếu' with blank rows asks on the page in plain words (how many, who, what sending means for them); 'Quay lại chọn' goes to the first blank one and back to the review; 'Gửi phiếu, để trống những người này' casts them blank", async () => {
    const { kiosk } = day;
    await kiosk.setViewportSize(VIEWPORTS[0]);
    if ((await kiosk.locator("#kiosk [data-screen]").count()) === 0) await day.issue();
    await goTo(kiosk, 1);
    // Official 1 and 2 chosen, 3 to 6 left blank by "Tiếp".
    await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(2);
    await kiosk.getByRole("button", { name: "Tín nhiệm", exact: true }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(3);
    for (let p = 3; p <= OFFICIALS; p++) {
      await kiosk.getByRole("button", { name: /Tiếp|Để trống|Xem lại phiếu/ }).click();
      await expect
        .poll(async () => (await kiosk.locator("#kiosk h1").textContent()) ?? "")
        .not.toContain(`${p} /`);
    }
    await onScreen(kiosk, "review");
    expect(await kiosk.locator(".review-row.blank").count()).toBe(4);
    // No browser-native validation anywhere: every form says novalidate, nothing is `required`.
    expect(await kiosk.locator("form:not([novalidate])").count()).toBe(0);
    expect(await kiosk.locator("[required]").count()).toBe(0);
    const errorsBefore = day.errors.length;
    await kiosk.getByRole("button", { name: "Gửi phiếu" }).click();
    await onScreen(kiosk, "blanks");
    expect(await kiosk.locator("[data-blank-question]").textContent()).toBe("Bà con còn để trống 4 người.");
    // The question is a screen like any other: answered 200, so the browser logs no error (user
    // trial: a 422 here showed "Failed to load resource" in the console on every such ballot).
    expect(day.errors.slice(errorsBefore)).toEqual([]);
    // "Nghe hướng dẫn" says the same number ("bốn", clip blank-count-4), and fetches every count's
    // clip with it, so the requests do not tell how many were left blank.
    const speak = kiosk.locator("#kiosk button.speak");
    expect(await speak.getAttribute("data-speak")).toBe("blank-count-4 blank-meaning-many");
    expect(await speak.getAttribute("data-speak-together")).toBe(
      "blank-count-1 blank-count-2 blank-count-3 blank-count-4 blank-count-5 blank-count-6 blank-meaning-one blank-meaning-many",
    );
    expect(await kiosk.locator("[data-blank-meaning]").textContent()).toBe(
      "Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho những người để trống.",
    );
    await shot(kiosk, "kiosk-blank-question");
    expect(await axeViolations(kiosk)).toEqual([]);
    await setDisplay(kiosk, "Tương phản", "Cao");
    await shot(kiosk, "kiosk-blank-question-contrast");
    expect(await axeViolations(kiosk)).toEqual([]);
    await setDisplay(kiosk, "Cỡ chữ", "Rất lớn");
    await shot(kiosk, "kiosk-blank-question-text2-contrast");
    for (const viewport of VIEWPORTS) {
      await kiosk.setViewportSize(viewport);
      expect((await fullyInView(kiosk, ".question-answers button")).detail).toBe("");
    }
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await setDisplay(kiosk, "Tương phản", "Thường");
    await setDisplay(kiosk, "Cỡ chữ", "Vừa");
    // "Quay lại chọn": the first blank official; choosing there returns to the review.
    await kiosk.getByRole("button", { name: "Quay lại chọn" }).click();
    await onScreen(kiosk, "official");
    expect(await officialPosition(kiosk)).toBe(3);
    await kiosk.getByRole("button", { name: "Tín nhiệm thấp" }).click();
    await onScreen(kiosk, "review");
    expect(await kiosk.locator(".review-row.blank").count()).toBe(3);
    await kiosk.getByRole("button", { name: "Gửi phiếu" }).click();
    await onScreen(kiosk, "blanks");
    expect(await kiosk.locator("[data-blank-question]").textContent()).toContain(
      "Bà con còn để trống 3 người.",
    );
    const before = storedBallots().length;
    await kiosk.getByRole("button", { name: "Gửi phiếu, để trống những người này" }).click();
    await expect
      .poll(() => kiosk.locator("#kiosk").textContent())
      .toContain("Phiếu của bà con đã được ghi nhận");
    await shot(kiosk, "kiosk-thanks");
    expect(await axeViolations(kiosk)).toEqual([]);
    expect(storedBallots()).toHaveLength(before + 1);
    expect(storedBallots()).toContain("HML___");
    expect(day.errors).toEqual([]);
  }, 120_000);

  it("reload - a reload mid-ballot shows the official the resident was on, with the marks and text size kept; the next resident starts afresh", async () => {
    const { kiosk } = day;
    await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 }).toContain("Xin chào");
    await day.issue();
    // The new resident starts at the default size, whatever the last one chose.
    expect(await kiosk.getByRole("button", { name: /^Cỡ chữ:/ }).textContent()).toContain("Vừa");
    await setDisplay(kiosk, "Cỡ chữ", "Lớn");
    await kiosk.getByRole("button", { name: "Tín nhiệm thấp" }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(2);
    await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(3);
    await kiosk.reload();
    await onScreen(kiosk, "official");
    expect(await officialPosition(kiosk)).toBe(3);
    expect(await kiosk.evaluate(() => document.documentElement.className)).toContain("text-1");
    expect(await kiosk.getByRole("button", { name: /^Cỡ chữ:/ }).textContent()).toContain("Lớn");
    // Nothing of it in the browser's storage: it is the server's, under the ticket.
    expect(await kiosk.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await kiosk.getByRole("button", { name: /Quay lại/ }).click();
    await expect.poll(() => officialPosition(kiosk)).toBe(2);
    expect(await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await shot(kiosk, "kiosk-after-reload-back");
    await goTo(kiosk, OFFICIALS + 1);
    expect(await kiosk.locator(".review-row").first().textContent()).toContain("Tín nhiệm thấp");
    expect(await kiosk.locator(".review-row").nth(1).textContent()).toContain("Tín nhiệm cao");
    // Six rows at the larger size do not all fit on 1280×800: the screen says more are below, until
    // the list is scrolled to its end.
    const more = kiosk.locator("[data-more-below]");
    await expect.poll(() => more.isVisible()).toBe(true);
    expect(await more.textContent()).toContain("Còn người ở dưới");
    await kiosk.locator(".review-scroll").evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => more.isVisible()).toBe(false);
  }, 120_000);

  it("voided - a ticket the officer voids shows the resident a clear message, then the idle screen; nothing is cast", async () => {
    const { kiosk, officer } = day;
    const before = storedBallots().length;
    await officer.bringToFront();
    await officer.locator("#live").getByRole("button", { name: "Không thu về" }).click();
    await answerOnPage(officer, "Không thu về");
    await expect.poll(() => officer.locator("#kiosk-message").textContent()).toContain("Đã hủy phiếu");
    await kiosk.bringToFront();
    await expect
      .poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 })
      .toContain("Phiếu này đã được tổ công tác hủy");
    // The message is shown at the default size: the voided ballot's choices are gone with it.
    expect(await kiosk.evaluate(() => document.documentElement.className)).toContain("text-0");
    await shot(kiosk, "kiosk-voided");
    expect(await axeViolations(kiosk)).toEqual([]);
    await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 20_000 }).toContain("Xin chào");
    expect(storedBallots()).toHaveLength(before);
  }, 60_000);
});

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

  it("keyboard only - Tab, Shift+Tab, Enter and Space: a whole ballot, going back to change a choice, with the focus always in view and its ring at least 3:1 against what is behind it", async () => {
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
    await tabTo(kiosk, /^Gửi phiếu$/);
    await kiosk.keyboard.press("Enter");
    await expect
      .poll(() => kiosk.locator("#kiosk").textContent())
      .toContain("Phiếu của bà con đã được ghi nhận");
    // 1: "Tín nhiệm"; 2: "thấp", changed to "cao"; then cao, tín nhiệm, thấp, cao.
    expect(storedBallots()).toContain("MHHMLH");
  }, 120_000);

  it("focus ring - on every official screen, in both contrasts, each button's ring is at least 3:1 against what is behind it and in view when focused", async () => {
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
    await tabTo(kiosk, /^Gửi phiếu$/);
    await kiosk.keyboard.press("Enter");
    await expect
      .poll(() => kiosk.locator("#kiosk").textContent())
      .toContain("Phiếu của bà con đã được ghi nhận");
    expect(storedBallots()).toContain("LLHLLL");
    expect(day.errors).toEqual([]);
  }, 120_000);
});

/**
 * Focuses every button of the screen in turn and measures its focus ring: the outline's colour
 * against the background behind the button (WCAG 1.4.11: at least 3:1), and whether the focused
 * button is wholly in the viewport.
 */
async function ringReport(
  kiosk: Page,
): Promise<{ what: string; ratio: number; inView: boolean; ok: boolean }[]> {
  return kiosk.evaluate(() => {
    const rgb = (css: string): [number, number, number, number] => {
      const m = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const c = [r, g, b].map((v) => {
        const s = (v ?? 0) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
    };
    const contrast = (a: number[], b: number[]) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return ((x ?? 0) + 0.05) / ((y ?? 0) + 0.05);
    };
    const behind = (el: Element): number[] => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c[3] > 0) return c;
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor);
    };
    const out: { what: string; ratio: number; inView: boolean; ok: boolean }[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("#kiosk button:not([disabled])"))) {
      el.focus({ focusVisible: true } as FocusOptions);
      const style = getComputedStyle(el);
      const ratio = Math.round(contrast(rgb(style.outlineColor), behind(el)) * 10) / 10;
      const r = el.getBoundingClientRect();
      const inView =
        r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
      const ring = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 3;
      out.push({ what: (el.textContent ?? "").trim(), ratio, inView, ok: ring && ratio >= 3 && inView });
    }
    return out;
  });
}
