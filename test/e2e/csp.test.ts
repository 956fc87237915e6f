import type { BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { answerOnPage, serverAndBrowser } from "./harness.ts";

/**
 * The Content-Security-Policy (`style-src 'self'`, `script-src 'self'`, no 'unsafe-inline') against
 * what the pages really load, in Chromium: an officer's console and a kiosk. User trial: htmx 4
 * built a style sheet of its own for its indicator class on every page, which the CSP is there to
 * keep out, and the console showed a CSP error on each. Nothing may be refused, logged as an error
 * or thrown, and no style may come from anywhere but our CSS files.
 */
const e2e = serverAndBrowser();

type Seen = {
  violations: string[];
  adoptedSheets: number;
  styleElements: number;
  htmxTimeout: unknown;
  settleDelay: unknown;
};

/** A browser context that records every CSP violation a page of it reports. */
async function watchedContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await e2e.browser.browser.newContext({ viewport, locale: "vi-VN" });
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return context;
}

/** Console errors and page errors of `page`, from now on. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.text().includes("Content-Security-Policy")) {
      errors.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  return errors;
}

/** What the page holds once htmx has started: CSP reports, style sheets outside our files. */
async function looked(page: Page): Promise<Seen> {
  await page.waitForFunction(() => typeof (window as unknown as { htmx?: unknown }).htmx === "object");
  // htmx initializes on DOMContentLoaded; give its first requests (the console's live panel, the
  // kiosk's poll) a moment to run and swap.
  await page.waitForTimeout(1_500);
  return page.evaluate(() => ({
    violations: (window as unknown as { cspViolations: string[] }).cspViolations,
    adoptedSheets: document.adoptedStyleSheets.length,
    styleElements: document.querySelectorAll("style").length,
    htmxTimeout: (window as unknown as { htmx: { config: { defaultTimeout: unknown } } }).htmx.config
      .defaultTimeout,
    settleDelay: (window as unknown as { htmx: { config: { defaultSettleDelay: unknown } } }).htmx.config
      .defaultSettleDelay,
  }));
}

it("csp - the officer's console and the kiosk load with no CSP violation, no console error and no style sheet htmx made itself (includeIndicatorCSS off)", async () => {
  const { url } = e2e.server;

  const officerContext = await watchedContext({ width: 1280, height: 900 });
  const officer = await officerContext.newPage();
  const officerErrors = errorsOf(officer);
  await officer.goto(`${url}/dang-nhap`);
  const login = await looked(officer);
  await officer.getByLabel("Tên đăng nhập").fill("hq-t1-1");
  await officer.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await officer.getByRole("button", { name: "Đăng nhập" }).click();
  await officer.waitForURL((u) => !u.pathname.startsWith("/dang-nhap"));
  await officer.getByRole("link", { name: /HQ-T1/ }).click();
  await officer.waitForURL(/\/to-cong-tac\/diem\//);
  const pointConsole = await looked(officer);
  // Elements left with an empty `style=""` (a browser extension, a screenshot tool hiding the caret:
  // the newcomer's and the walkthrough's errors) are redrawn without an error: htmx's settle step,
  // which copied an old `style` attribute onto the redrawn element (an inline style the CSP
  // refuses), is off. Set through the CSSOM, which the CSP allows, as those tools do; opening the
  // point redraws the search form (and its box) out of band.
  await officer.evaluate(() => {
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("[id]"))) {
      element.style.caretColor = "transparent";
      element.style.caretColor = "";
    }
    if (document.getElementById("q")?.getAttribute("style") !== "") throw new Error("#q has no style=''");
  });
  // Opened: the live panel's answers now redraw the head, the search form and the results out of
  // band (a trial saw a CSP report on each such redraw); a search is typed meanwhile.
  await officer.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(officer, "Mở điểm lấy phiếu");
  await expect.poll(() => officer.locator("#q").isDisabled()).toBe(false);
  await officer.locator("#q").fill("nguyen");
  await expect.poll(() => officer.locator("#results tr").count()).toBeGreaterThan(0);
  const opened = await looked(officer);

  const kioskContext = await watchedContext({ width: 1280, height: 800 });
  const kiosk = await kioskContext.newPage();
  const kioskErrors = errorsOf(kiosk);
  await kiosk.goto(`${url}/kiosk`);
  await expect.poll(() => kiosk.locator("#kiosk h1").textContent()).toBeTruthy();
  const kioskSeen = await looked(kiosk);

  for (const [page, seen, timeout] of [
    ["login", login, 15_000],
    ["console", pointConsole, 15_000],
    ["console opened", opened, 15_000],
    ["kiosk", kioskSeen, 10_000],
  ] as const) {
    expect(seen.violations, page).toEqual([]);
    // Chromium lets a constructed sheet past `style-src` without a report; a browser that applies
    // the policy to it refuses it and logs the error the trial saw. Either way: none is made.
    expect(seen.adoptedSheets, page).toBe(0);
    expect(seen.styleElements, page).toBe(0);
    // The page's htmx-config was read (a config htmx could not parse would leave its 60-s default).
    expect(seen.htmxTimeout, page).toBe(timeout);
    // The officers' pages drop htmx's settle step; the kiosk keeps it (kiosk/kiosk-layout.tsx).
    expect(seen.settleDelay, page).toBe(page === "kiosk" ? 1 : 0);
  }
  expect(officerErrors).toEqual([]);
  expect(kioskErrors).toEqual([]);
  await officerContext.close();
  await kioskContext.close();
}, 60_000);
