import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { KioskAddressPanel } from "../../views/point-console-page.tsx";
import { answerOnPage, SCREENSHOTS, screenshot, serverAndBrowser, textNow } from "./harness.ts";

/**
 * The officer console as a new user meets it on a 1366×768 laptop (issue #14): the search on the
 * first screen and focused, the result list with ↓ ↑ and Enter, the in-page confirmation naming
 * the resident, the birth year and the kiosk, the search cleared and focused after each ticket; and
 * the start-up output a person reads before any of it.
 */
// Listening on every interface, as at a polling point, so the kiosk address is the LAN one.
const e2e = serverAndBrowser({ HOST: "0.0.0.0" }, undefined, { freshSample: true });

const LAPTOP = { width: 1366, height: 768 };

type Device = { context: BrowserContext; page: Page; problems: string[] };

async function device(b: Browser, viewport: { width: number; height: number }): Promise<Device> {
  const context = await b.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  // No browser dialog anywhere (issue #14): one appearing is a failure.
  page.on("dialog", (d) => {
    problems.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, problems };
}

async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${e2e.server.url}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/** The first screen only (what the officer sees without scrolling). */
const screen = (page: Page, name: string) =>
  screenshot(page, { path: join(SCREENSHOTS, `console-${name}.png`), fullPage: false });

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

it("e2e start-up - human text on stdout (today's points, their accounts, the kiosk address), JSON lines on stderr", async () => {
  const out = e2e.server.output();
  expect(out).toMatch(/Hôm nay \(\d{2}\/\d{2}\/\d{4}\) lấy phiếu ở \d+ điểm; tài khoản tổ công tác:/);
  expect(out).toMatch(/HQ-T1\s+Thôn 1, Xã Hương Quang: hq-t1-1, hq-t1-2, hq-t1-3/);
  expect(out).toMatch(/\(mã VQ-(\d{4})-SN\), ngày \d{2}\/\d{2}\/\1/);
  const kiosk = /Máy ghi phiếu \(máy tính bảng của cử tri\) mở: (\S+)/.exec(out)?.[1] ?? "";
  expect(kiosk).toMatch(/^http:\/\/[\d.]+:\d+\/kiosk$/);
  expect(kiosk).not.toContain("0.0.0.0");
  expect(kiosk).not.toContain("127.0.0.1");
  await fetch(`${e2e.server.url}/healthz`);
  await fetch(`${e2e.server.url}/dang-nhap`);
  await expect.poll(() => e2e.server.log()).toContain('"path":"/dang-nhap"');
  expect(e2e.server.output()).not.toContain('{"level"');
  const lines = e2e.server.log().trim().split("\n");
  // A clock the harness moved past Vietnam's midnight is announced first, in plain words; then JSON.
  const json =
    e2e.server.clockOffsetSeconds === 0 ? lines : lines.slice(lines.findIndex((l) => l.startsWith("{")));
  expect(json.length).toBeGreaterThan(1);
  for (const line of json) expect(() => JSON.parse(line)).not.toThrow();
});

it("e2e console - search first and focused at 1366×768; ↓ ↑ Enter; the question names resident, year and kiosk; cleared and focused after the ticket", async () => {
  const officer = await device(e2e.browser.browser, LAPTOP);
  const { page } = officer;
  // The live panel's polls in flight (those carrying a version), by address.
  const livePolls = new Set<string>();
  page.on("request", (r) => {
    if (/\/so-lieu\?v=/.test(r.url())) livePolls.add(r.url());
  });
  page.on("requestfinished", (r) => livePolls.delete(r.url()));
  page.on("requestfailed", (r) => livePolls.delete(r.url()));
  await login(page, "hq-t1-1");
  await page.waitForURL(/to-cong-tac$/);
  await page.getByRole("link", { name: /HQ-T1/ }).click();
  await page.waitForURL(/to-cong-tac\/diem\/\d+$/);

  // Before the point opens the search is out of use, and says why (the pairing card leads: no kiosk).
  expect(await page.locator("#q").isDisabled()).toBe(true);
  expect(await page.locator("#search-form").textContent()).toContain(
    "Mở điểm để bắt đầu tìm cử tri và phát phiếu.",
  );
  // The kiosk address is on the pairing panel, with its QR code.
  const kioskUrl = (await page.locator("[data-kiosk-url]").getAttribute("data-kiosk-url")) ?? "";
  expect(kioskUrl).toMatch(/^http:\/\/[\d.]+:\d+\/kiosk$/);
  expect(await page.locator(".kiosk-address .qr svg").count()).toBe(1);
  await screen(page, "not-opened-1366");

  await page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(page, "Mở điểm lấy phiếu");
  await expect.poll(() => page.locator("#live").textContent()).toContain("Báo cáo số 0");
  // The console was swapped: the search is in use, but no kiosk is ready yet, so it does not take the
  // keyboard (the pairing card leads the page).
  expect(await page.locator("#q").isDisabled()).toBe(false);
  expect(await focusedId(page)).not.toBe("q");

  // A tablet opens the address shown; the officer pairs it, a second officer confirms.
  await page.getByRole("button", { name: "Kết nối máy mới" }).click();
  const tablet = await device(e2e.browser.browser, { width: 800, height: 1280 });
  await tablet.page.goto(kioskUrl.replace(/^http:\/\/[^/]+/, e2e.server.url));
  const code = tablet.page.locator("[data-pairing-code]");
  await expect.poll(() => code.count(), { timeout: 10_000 }).toBe(1);
  await page.getByLabel(/Nhập mã 8 số/).fill((await code.getAttribute("data-pairing-code")) ?? "");
  await page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => page.locator("#pair-form").textContent()).toContain("Đã kết nối Máy 1.");
  const second = await device(e2e.browser.browser, LAPTOP);
  await login(second.page, "hq-t1-2");
  await second.page.getByRole("link", { name: /HQ-T1/ }).click();
  await second.page.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(second.page, "Xác nhận");
  await expect.poll(() => second.page.locator("#kiosk-message").textContent()).toContain("Đã xác nhận Máy 1");
  // The hint under the search promises the list's keys only where console.js gives them.
  const keys = (p: Page) => p.locator("#q-hint").getByText("Phím ↓ ↑ để chọn người, Enter để phát phiếu.");
  expect(await keys(second.page).isVisible()).toBe(true);
  const plain = await e2e.browser.browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await login(noScript, "hq-t1-2");
  await noScript.goto(page.url());
  expect(
    await noScript
      .locator("#q-hint")
      .getByText(/quét mã QR trên thẻ CCCD\./)
      .isVisible(),
  ).toBe(true);
  expect(await keys(noScript).count()).toBe(1);
  expect(await keys(noScript).isVisible()).toBe(false);
  await plain.close();
  await expect.poll(() => page.locator("#live .kiosk-idle").count(), { timeout: 10_000 }).toBe(1);
  // A kiosk ready: the search takes the keyboard by itself, on the first screen.
  await expect.poll(() => focusedId(page)).toBe("q");
  const box = await page.locator("#q").boundingBox();
  expect((box?.y ?? 999) + (box?.height ?? 0)).toBeLessThan(LAPTOP.height);

  // Type, ↓ ↓ ↑ to the second result, Enter: the question on the page.
  await page.locator("#q").focus();
  await page.keyboard.type("nguyen");
  await expect
    .poll(() => page.locator("#results tr[data-pick]").count(), { timeout: 15_000 })
    .toBeGreaterThan(2);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  const chosen = page.locator("#results tr.is-active");
  expect(await chosen.count()).toBe(1);
  expect(await page.locator("#results tr[data-pick]").nth(1).getAttribute("class")).toContain("is-active");
  const name = (await chosen.locator("td").first().locator("strong").textContent()) ?? "";
  const year = (await chosen.locator("td.num").first().textContent()) ?? "";
  // The live panel's answer arrives while the officer is on that row: the row stays the one Enter takes.
  await page.evaluate(async () => {
    const live = document.getElementById("live");
    live?.setAttribute("data-before", "");
    const url = (live?.getAttribute("hx-get") ?? "").replace(/\?.*/, "");
    await (window as unknown as { htmx: { ajax: (...a: unknown[]) => Promise<void> } }).htmx.ajax(
      "GET",
      url,
      {
        target: "#live",
        swap: "outerHTML",
      },
    );
  });
  await expect.poll(() => page.locator("#live[data-before]").count()).toBe(0);
  expect(await page.locator("#live").count()).toBe(1);
  expect(await page.locator("#results tr[data-pick]").nth(1).getAttribute("class")).toContain("is-active");
  // A refused "Phát phiếu" brings the whole check-in card back with the search kept: the same
  // person stays highlighted (by who they are: rows may have moved meanwhile), so Enter takes them.
  await page.evaluate(() => {
    document.getElementById("checkin")?.setAttribute("data-before", "");
    const form = document.querySelector<HTMLFormElement>("#results tr[data-pick] form.issue-form");
    const entry = form?.querySelector<HTMLInputElement>('[name="entryId"]');
    if (!form || !entry) throw new Error("no issue form");
    entry.value = "0";
    form.requestSubmit();
  });
  await expect.poll(() => page.locator("#checkin[data-before]").count()).toBe(0);
  await expect.poll(() => page.locator("#checkin").count()).toBe(1);
  expect(await page.locator("#results tr.is-active").count()).toBe(1);
  expect(await page.locator("#results tr[data-pick]").nth(1).getAttribute("class")).toContain("is-active");
  await page.locator("#q").focus();
  await page.keyboard.press("Enter");
  const question = page.locator("[popover]:popover-open");
  await expect.poll(() => question.count()).toBe(1);
  const asked = (await question.textContent()) ?? "";
  expect(asked).toContain(`Phát phiếu cho ${name}, sinh năm ${year}, ở Máy 1?`);
  await screen(page, "question-1366");

  // Escape: nothing issued, back in the search; Enter asks again, Enter confirms.
  await page.keyboard.press("Escape");
  await expect.poll(() => question.count()).toBe(0);
  await expect.poll(() => focusedId(page)).toBe("q");
  expect(await page.locator("#live").textContent()).toMatch(/0\s*phiếu phát ra/);
  await page.keyboard.press("Enter");
  await expect.poll(() => question.count()).toBe(1);
  await page.keyboard.press("Enter");

  await expect
    .poll(() => page.locator("#checkin").textContent())
    .toContain(`Đã phát phiếu cho ${name}. Mời cử tri đến Máy 1.`);
  // Cleared and focused for the next resident; the counts already say so.
  await expect.poll(() => focusedId(page)).toBe("q");
  expect(await page.locator("#q").inputValue()).toBe("");
  await expect.poll(() => page.locator("#live").textContent()).toMatch(/1\s*phiếu phát ra/);
  await expect.poll(() => page.locator("#live").textContent()).toMatch(/1\s*máy có cử tri/);

  // A card scanned into the box (its QR code typed by the scanner, Enter at the end): only "CCCD||
  // name|birth date" is ever sent — no address, issue date or old CMND in a request — the page does
  // not submit the form itself, and a number on nobody here is said so, with what to do.
  const searches: string[] = [];
  const track = (r: { url: () => string }) => {
    if (r.url().includes("/tim") || r.url().includes("?q="))
      searches.push(decodeURIComponent(r.url().replace(/\+/g, " ")));
  };
  page.on("request", track);
  const before = page.url();
  await page.keyboard.type("009999999999|123456789|Lý Thị Lạ|01011990|Nữ|Số 1 đường Hoa Sen|15082021");
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.locator("#results").textContent())
    .toContain("Không có ai mang số CCCD 009999999999 trong danh sách cử tri của điểm này.");
  expect(page.url()).toBe(before);
  expect(searches.length).toBeGreaterThan(0);
  for (const url of searches) {
    expect(url).not.toContain("Hoa Sen");
    expect(url).not.toContain("15082021");
    expect(url).not.toContain("123456789");
  }
  expect(searches.some((u) => u.includes("009999999999||Lý Thị Lạ|01011990"))).toBe(true);
  expect(await page.locator("#q").inputValue()).toBe("009999999999||Lý Thị Lạ|01011990");
  page.off("request", track);
  await page.locator("#q").fill("");
  await expect.poll(() => page.locator("#results").textContent()).not.toContain("009999999999");
  // "Đã kết nối Máy 1…" from the pairing is gone: Máy 1 is in use.
  expect((await page.locator("#pair-message").textContent())?.trim()).toBe("");
  await screen(page, "after-ticket-1366");
  await page.setViewportSize({ width: 1280, height: 800 });
  await screen(page, "after-ticket-1280x800");
  await page.setViewportSize({ width: 800, height: 1280 });
  await screen(page, "after-ticket-800x1280");

  // A question open in the live panel stays open when the panel's held poll is answered meanwhile:
  // the second officer pauses the point while this one is being asked "Không thu về?".
  await page.setViewportSize(LAPTOP);
  // A poll held by the server: one in flight carrying the version the server would draw now (read
  // again each time: the kiosk's state moves on by itself, e.g. when the ballot opens on it).
  const livePath = ((await page.locator("#live").getAttribute("hx-get")) ?? "").split("?")[0] ?? "";
  const drawnNow = () =>
    page.evaluate(
      async (url) =>
        (
          /hx-get="([^"]+)"/.exec(
            await (await fetch(url, { headers: { "HX-Request": "true" } })).text(),
          )?.[1] ?? "?"
        ).replaceAll("&amp;", "&"),
      livePath,
    );
  await expect
    .poll(
      async () => {
        const now = await drawnNow();
        return [...livePolls].some((u) => u.endsWith(now));
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  // Seen on window, after the page's own listeners: whether the panel's swap went ahead.
  await page.evaluate(() => {
    window.addEventListener("htmx:before:swap", (e) => {
      if ((e.target as Element | null)?.id === "live")
        (window as unknown as { liveSwap: boolean }).liveSwap = !e.defaultPrevented;
    });
  });
  const swapped = () => page.evaluate(() => (window as unknown as { liveSwap?: boolean }).liveSwap);
  await page.locator("#live").getByRole("button", { name: "Không thu về" }).click();
  const asking = page.locator("#live [popover]:popover-open");
  await expect.poll(() => asking.count()).toBe(1);
  await second.page.getByRole("button", { name: "Tạm dừng" }).click();
  await expect.poll(swapped, { timeout: 15_000 }).toBe(false);
  expect(await asking.count()).toBe(1);
  expect(await page.locator("#live [data-live-paused]").count()).toBe(0);
  // Closed without answering: the change comes at the next poll.
  await page.keyboard.press("Escape");
  await expect.poll(() => page.locator("#live [data-live-paused]").count(), { timeout: 10_000 }).toBe(1);
  // The head says so too, with the button that now applies.
  expect(await page.locator("[data-point-status]").getAttribute("data-point-status")).toBe("paused");
  expect(await page.locator("#console-head").getByRole("button", { name: "Tiếp tục" }).count()).toBe(1);
  await screen(page, "paused-by-another-1366");
  await page.setViewportSize({ width: 1280, height: 800 });
  await screen(page, "paused-by-another-1280x800");
  await page.setViewportSize({ width: 800, height: 1280 });
  await screen(page, "paused-by-another-800x1280");
  await page.setViewportSize(LAPTOP);
  await second.page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect.poll(() => page.locator("#live [data-live-paused]").count(), { timeout: 10_000 }).toBe(0);
  expect(await page.locator("[data-point-status]").getAttribute("data-point-status")).toBe("open");

  // The resident left without voting: "Không thu về", asked on the page.
  await page.locator("#live").getByRole("button", { name: "Không thu về" }).click();
  await answerOnPage(page, "Không thu về");
  await expect.poll(() => page.locator("#live").textContent()).toMatch(/1\s*không thu về/);

  // The board's log names all of it in words, filtered to this point.
  const board = await device(e2e.browser.browser, LAPTOP);
  await login(board.page, "bantochuc");
  await board.page.goto(`${e2e.server.url}/ban-to-chuc/nhat-ky`);
  await board.page.getByLabel("Điểm lấy phiếu").selectOption({ label: "HQ-T1 — Thôn 1, Xã Hương Quang" });
  await board.page.getByRole("button", { name: "Lọc" }).click();
  const log = (await board.page.locator("#audit table").textContent()) ?? "";
  expect(log).toContain("Hủy lượt phát phiếu");
  expect(log).toContain("Máy 1");
  expect(log).toContain("Cán bộ thứ hai xác nhận kết nối máy");
  expect(log).not.toContain("ticket.void");
  await screen(board.page, "audit-1366");

  expect([...officer.problems, ...second.problems, ...tablet.problems, ...board.problems]).toEqual([]);
  for (const d of [officer, second, tablet, board]) await d.context.close();
}, 120_000);

it("e2e pairing card - before the point opens, a window opened and a kiosk paired on one officer's console show on the other's at its next live refresh, the code being typed there kept", async () => {
  const first = await device(e2e.browser.browser, LAPTOP);
  const other = await device(e2e.browser.browser, LAPTOP);
  await login(first.page, "hq-t2-1");
  await first.page.getByRole("link", { name: /HQ-T2/ }).click();
  await first.page.waitForURL(/to-cong-tac\/diem\/\d+$/);
  const pointId = /diem\/(\d+)/.exec(first.page.url())?.[1] ?? "";
  await login(other.page, "hq-t2-2");
  await other.page.waitForURL(/to-cong-tac$/);
  await other.page.goto(first.page.url());
  const otherCard = other.page.locator("#pair-status");
  expect(await otherCard.getAttribute("data-window-open")).toBe("0");

  // The first officer opens the window: the other console's card offers the code box by itself.
  await first.page.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => otherCard.getAttribute("data-window-open"), { timeout: 10_000 }).toBe("1");
  expect(await otherCard.textContent()).toContain("Đang mở kết nối đến");
  // The other officer starts typing a code there.
  await other.page.getByLabel(/Nhập mã 8 số/).fill("12");

  // The first officer pairs a tablet: the other's card says so at its next refresh, digits kept.
  const tablet = await device(e2e.browser.browser, { width: 800, height: 1280 });
  await tablet.page.goto(`${e2e.server.url}/kiosk?diem=${pointId}`);
  const code = tablet.page.locator("[data-pairing-code]");
  await expect.poll(() => code.count(), { timeout: 10_000 }).toBe(1);
  await first.page.getByLabel(/Nhập mã 8 số/).fill((await code.getAttribute("data-pairing-code")) ?? "");
  await first.page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => first.page.locator("#pair-status").textContent()).toContain("Đã kết nối Máy 1.");
  await expect.poll(() => otherCard.textContent(), { timeout: 10_000 }).toContain("Đã kết nối Máy 1.");
  expect(await otherCard.textContent()).not.toContain("Đang mở kết nối đến");
  expect(await other.page.locator("#pair-code").inputValue()).toBe("12");
  expect(await focusedId(other.page)).toBe("pair-code");
  await screen(other.page, "pairing-card-live-1366");

  expect([...first.problems, ...other.problems, ...tablet.problems]).toEqual([]);
  for (const d of [first, other, tablet]) await d.context.close();
}, 60_000);

/**
 * The lines of the address as the browser lays them out in `selector` (each character's box: a new
 * line starts where a character sits lower than the one before).
 */
const linesOf = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return [];
    const lines: string[] = [];
    let line = "";
    let top: number | null = null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (box && top !== null && box.top > top + 2) {
          lines.push(line);
          line = "";
        }
        if (box) top = box.top;
        line += node.data[i];
      }
    }
    lines.push(line);
    return lines;
  }, selector);

/**
 * Kiosk labels ("Máy 1") and point or household codes ("HQ-T3", "HQ-T3-052") that the browser lays
 * out over two lines in `selector`, as it is at its width and at every width 2 px apart down to
 * 180 px (the element narrowed for the look, then put back): each as "width: the words".
 */
const brokenNames = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector<HTMLElement>(sel);
    if (!el) return [`${sel}: not on the page`];
    const broken = new Set<string>();
    const { width, maxWidth, minWidth } = el.style;
    const widest = Math.floor(el.getBoundingClientRect().width);
    for (let w = widest; w >= 180; w -= 2) {
      if (w < widest) Object.assign(el.style, { width: `${w}px`, maxWidth: "none", minWidth: "0" });
      // Each character with the top of its line (a collapsed space has no box: the one before's).
      let text = "";
      const tops: number[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let i = 0; i < node.data.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getClientRects()[0];
          text += node.data[i];
          tops.push(box ? box.top : (tops.at(-1) ?? 0));
        }
      }
      for (const m of text.matchAll(/Máy \d+|[A-Z]{2}-T\d+(?:-\d+)?/g)) {
        const first = tops[m.index] ?? 0;
        const last = tops[m.index + m[0].length - 1] ?? 0;
        if (Math.abs(last - first) > 2)
          broken.add(`${w}px: ${text.slice(Math.max(0, m.index - 20), m.index + 12)}`);
      }
    }
    Object.assign(el.style, { width, maxWidth, minWidth });
    return [...broken];
  }, selector);

it("e2e console lines - at 1366×768 the kiosk address wraps only after '/' or ':'; a kiosk's label ('Máy 1') and a code ('HQ-T3') never break over two lines, whatever the width, in the questions, the pairing news and the lines about a ticket; opening the pairing window is said once; 'Mời cử tri đến Máy 1' goes into the past once the resident has voted or the ticket was voided, which names the kiosk", async () => {
  const officer = await device(e2e.browser.browser, LAPTOP);
  const { page } = officer;
  await login(page, "hq-t3-1");
  await page.getByRole("link", { name: /HQ-T3/ }).click();
  await page.waitForURL(/to-cong-tac\/diem\/\d+$/);
  const pointId = /diem\/(\d+)/.exec(page.url())?.[1] ?? "";

  // The address as the console draws it, for the address this server has and for the newcomer's
  // ("http://192.0.2.2:3591/kio" + "sk" on two lines) and a longer one: every line but the last
  // ends after "/" or ":", and the lines read back as the address.
  const code = ".kiosk-url code";
  const shownUrl = (await page.locator("[data-kiosk-url]").getAttribute("data-kiosk-url")) ?? "";
  expect((await linesOf(page, code)).join("")).toBe(shownUrl);
  for (const url of [shownUrl, "http://192.0.2.2:3591/kiosk", "http://192.168.100.200:35910/kiosk"]) {
    const drawn = String(KioskAddressPanel({ address: { urls: [url], reachable: true, local: "" } }));
    const inner = /<code>([\s\S]*?)<\/code>/.exec(drawn)?.[1] ?? "";
    await page.locator(code).evaluate((el, html) => {
      el.innerHTML = html;
    }, inner);
    const lines = await linesOf(page, code);
    expect(lines.join(""), url).toBe(url);
    for (const line of lines.slice(0, -1)) expect(line, `${url}: ${lines.join(" | ")}`).toMatch(/[:/]$/);
    if (url.includes("192.0.2.2")) await screen(page, "kiosk-address-1366");
  }
  await page.reload();

  await page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(page, "Mở điểm lấy phiếu");
  await expect.poll(() => page.locator("#live").textContent()).toContain("Báo cáo số 0");
  // "Kết nối máy mới": the card says once that the window is open until when, and what to do.
  await page.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => page.locator("#pair-status").getAttribute("data-window-open")).toBe("1");
  const card = (await page.locator("#pair-form").textContent()) ?? "";
  expect(card.match(/kết nối đến/g) ?? []).toHaveLength(1);
  expect(card).not.toContain("/kiosk trên");
  expect((await page.locator("#pair-message").textContent())?.trim()).toBe("");
  await page.locator("#pair-form").scrollIntoViewIfNeeded();
  await screen(page, "pairing-window-1366");

  const tablet = await device(e2e.browser.browser, { width: 1280, height: 800 });
  await tablet.page.goto(`${e2e.server.url}/kiosk?diem=${pointId}`);
  const pairing = tablet.page.locator("[data-pairing-code]");
  await expect.poll(() => pairing.count(), { timeout: 10_000 }).toBe(1);
  await page.getByLabel(/Nhập mã 8 số/).fill((await pairing.getAttribute("data-pairing-code")) ?? "");
  await page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => page.locator("#pair-status").textContent()).toContain("Đã kết nối Máy 1.");
  // A kiosk's label is one name, wherever a line ends (newcomer trial: "ở Máy / 1?"); so is a code.
  expect(await brokenNames(page, "#pair-status .alert")).toEqual([]);
  expect(await brokenNames(page, "#console-title")).toEqual([]);
  const second = await device(e2e.browser.browser, LAPTOP);
  await login(second.page, "hq-t3-2");
  await second.page.getByRole("link", { name: /HQ-T3/ }).click();
  await second.page.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(second.page, "Xác nhận");
  await expect.poll(() => page.locator("#live .kiosk-idle").count(), { timeout: 10_000 }).toBe(1);
  await expect
    .poll(() => tablet.page.locator("#kiosk").textContent(), { timeout: 10_000 })
    .toContain("Xin chào");

  /**
   * "Phát phiếu" for the first resident found who has none yet; their name. The question, its kiosk
   * and the resident's household code whole on their lines at any width of it.
   */
  const handOut = async (): Promise<string> => {
    await page.locator("#q").fill("");
    await page.locator("#q").fill("n");
    const row = page.locator("#results tr[data-pick]").first();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    const name = (await row.locator("td strong").first().textContent()) ?? "";
    await row.getByRole("button", { name: "Phát phiếu" }).click();
    const question = page.locator("[popover]:popover-open");
    await expect.poll(() => question.count()).toBe(1);
    expect(await question.locator(".confirm-question").textContent()).toMatch(/, ở Máy 1\?$/);
    expect(await brokenNames(page, "[popover]:popover-open")).toEqual([]);
    await answerOnPage(page, /Phát phiếu ở Máy 1/);
    await expect
      .poll(() => page.locator("#checkin").textContent())
      .toContain(`Đã phát phiếu cho ${name}. Mời cử tri đến Máy 1.`);
    await expect
      .poll(() => tablet.page.locator("#kiosk [data-screen]").first().getAttribute("data-screen"), {
        timeout: 15_000,
      })
      .toBe("official");
    return name;
  };
  const checkIn = page.locator("#checkin");

  // First resident: the line stays while they vote (the panel redraws as Máy 1 opens the ballot)…
  const first = await handOut();
  await expect.poll(() => page.locator("#live .kiosk-busy").count(), { timeout: 10_000 }).toBe(1);
  expect(await checkIn.textContent()).toContain(`Mời cử tri đến Máy 1.`);
  expect(await brokenNames(page, "#checkin [data-handed-kiosk]")).toEqual([]);
  await screen(page, "handed-1366");
  // …who rates all but the last official, and sends with that one row blank.
  const kiosk = tablet.page;
  for (;;) {
    const step = (await kiosk.locator("#kiosk h1 .step").textContent()) ?? "";
    const [at, of] = (step.match(/\d+/g) ?? []).map(Number);
    if (at === of) break;
    await kiosk.getByRole("button", { name: "Tín nhiệm cao" }).click();
    await expect.poll(() => kiosk.locator("#kiosk h1 .step").textContent()).not.toBe(step);
  }
  await kiosk.getByRole("button", { name: "Xem lại phiếu ▶" }).click();
  await expect
    .poll(() => kiosk.locator("#kiosk [data-screen]").first().getAttribute("data-screen"))
    .toBe("review");
  await kiosk.getByRole("button", { name: "Gửi phiếu" }).click();
  await expect
    .poll(() => kiosk.locator("#kiosk [data-screen]").first().getAttribute("data-screen"))
    .toBe("blanks");
  expect(await kiosk.locator("[data-blank-question]").textContent()).toBe("Bà con còn để trống 1 người.");
  await screenshot(kiosk, { path: join(SCREENSHOTS, "kiosk-blank-one-1280x800.png") });
  await kiosk.setViewportSize({ width: 800, height: 1280 });
  await screenshot(kiosk, { path: join(SCREENSHOTS, "kiosk-blank-one-800x1280.png") });
  await kiosk.setViewportSize({ width: 1280, height: 800 });
  await kiosk.getByRole("button", { name: "Gửi phiếu, để trống người này" }).click();
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent())
    .toContain("Phiếu của bà con đã được ghi nhận");
  // Máy 1 no longer holds that ticket: the line is in the past, and sends no one anywhere.
  await expect.poll(() => checkIn.textContent(), { timeout: 10_000 }).not.toContain("Mời cử tri đến");
  expect(await checkIn.textContent()).toContain(`Lượt trước: đã phát phiếu cho ${first} ở Máy 1.`);
  // Put in the past by console.js, with the label whole as the server draws it.
  expect(await brokenNames(page, "#checkin .handed-past")).toEqual([]);
  await screen(page, "after-cast-1366");

  // Second resident: the ticket is voided. The line goes into the past beside the void's answer,
  // which names the kiosk.
  await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 }).toContain("Xin chào");
  const next = await handOut();
  await page.locator("#live").getByRole("button", { name: "Không thu về" }).click();
  expect(await brokenNames(page, "#live [popover]:popover-open .confirm-question")).toEqual([]);
  await answerOnPage(page, "Không thu về");
  await expect
    .poll(() => page.locator("#kiosk-message").textContent())
    .toContain("Đã hủy phiếu ở Máy 1: tính là phát ra nhưng không thu về.");
  expect(await brokenNames(page, "#kiosk-message .alert")).toEqual([]);
  await expect.poll(() => checkIn.textContent(), { timeout: 10_000 }).not.toContain("Mời cử tri đến");
  expect(await checkIn.textContent()).toContain(`Lượt trước: đã phát phiếu cho ${next} ở Máy 1.`);
  await screen(page, "after-void-1366");
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 })
    .toContain("Phiếu này đã được tổ công tác hủy");
  await screenshot(kiosk, { path: join(SCREENSHOTS, "kiosk-voided-1280x800.png") });
  await kiosk.setViewportSize({ width: 800, height: 1280 });
  await screenshot(kiosk, { path: join(SCREENSHOTS, "kiosk-voided-800x1280.png") });

  expect([...officer.problems, ...second.problems, ...tablet.problems]).toEqual([]);
  for (const d of [officer, second, tablet]) await d.context.close();
}, 120_000);

/** The viewports of the user trials: a laptop, a landscape tablet, an upright tablet. */
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
] as const;

/**
 * The pairing card whole on the first screen (the page at its top, as loaded) at each viewport, and
 * "Mở thêm 5 phút", when shown, on one line at the size of the console's other small buttons.
 */
async function pairingOnFirstScreen(page: Page, state: string): Promise<void> {
  for (const v of VIEWPORTS) {
    const where = `${state}, ${v.width}×${v.height}`;
    await page.setViewportSize(v);
    await page.evaluate(() => window.scrollTo(0, 0));
    const card = await page.locator(".pair-card").boundingBox();
    expect(card, where).not.toBeNull();
    expect(card?.y ?? -1, where).toBeGreaterThanOrEqual(0);
    // Under the check-in on a laptop (a window open beside ready kiosks), the card has what the
    // search leaves: everything in it on screen — the code, the address, the box and its buttons —
    // though its bottom margin may not be.
    const underSearch =
      v.width >= 1000 && (await page.locator("#pair-status").getAttribute("data-lead")) === "side";
    const parts = underSearch
      ? [
          ".pair-card h2",
          ".pair-card .qr",
          ".pair-card .kiosk-url",
          "#pair-code",
          "#pair-status .inline-form button",
          ".pair-extend",
        ]
      : [".pair-card"];
    for (const part of parts) {
      const box = await page.locator(part).boundingBox();
      expect((box?.y ?? 0) + (box?.height ?? 9999), `${where}: the bottom of ${part}`).toBeLessThanOrEqual(
        v.height,
      );
    }
    const extend = page.getByRole("button", { name: "Mở thêm 5 phút" });
    if ((await extend.count()) > 0) {
      const lines = await extend.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
      });
      expect(lines, `${where}: “Mở thêm 5 phút” lines`).toBe(1);
      const size = (el: Element) => Number.parseFloat(getComputedStyle(el).fontSize);
      const head = await page.locator("#console-head .btn-small").first().evaluate(size);
      expect(await extend.evaluate(size), where).toBeGreaterThanOrEqual(head);
    }
    await screen(page, `pairing-${state}-${v.width}x${v.height}`);
  }
  await page.setViewportSize(LAPTOP);
}

it("e2e pairing first - until a kiosk is ready, and while a pairing window is open, the pairing card is whole on the first screen at 1366×768, 1280×800 and 800×1280 (beside ready kiosks on a laptop: everything in it, with the counts and kiosk tiles); the search is out of use until the point opens, in use at once on every console when it does; once kiosks are ready and no window is open the card goes back under the live panel", async () => {
  const officer = await device(e2e.browser.browser, LAPTOP);
  const { page } = officer;
  await login(page, "ht-t1-1");
  await page.getByRole("link", { name: /HT-T1/ }).click();
  await page.waitForURL(/to-cong-tac\/diem\/\d+$/);
  const consoleUrl = page.url();
  const pointId = /diem\/(\d+)/.exec(consoleUrl)?.[1] ?? "";
  // As loaded: nothing scrolled the page (no box below the card took the focus).
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(await page.locator("#q").isDisabled()).toBe(true);
  expect(await page.locator("#search-form").textContent()).toContain(
    "Mở điểm để bắt đầu tìm cử tri và phát phiếu.",
  );
  await pairingOnFirstScreen(page, "not-opened");

  // The second officer's console, drawn before the point opens.
  const second = await device(e2e.browser.browser, LAPTOP);
  await login(second.page, "ht-t1-2");
  await second.page.goto(consoleUrl);
  expect(await second.page.locator("#q").isDisabled()).toBe(true);

  await page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(page, "Mở điểm lấy phiếu");
  await expect.poll(() => page.locator("#live").textContent()).toContain("Báo cáo số 0");
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await pairingOnFirstScreen(page, "opened");
  // The other console's search comes into use at its next live refresh, without a reload.
  await second.page.evaluate(() => document.body.setAttribute("data-not-reloaded", ""));
  await expect.poll(() => second.page.locator("#q").isDisabled(), { timeout: 10_000 }).toBe(false);
  expect(await second.page.locator("#search-form").textContent()).not.toContain("Mở điểm để bắt đầu");
  expect(await second.page.locator("body[data-not-reloaded]").count()).toBe(1);

  await page.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => page.locator("#pair-status").getAttribute("data-window-open")).toBe("1");
  await pairingOnFirstScreen(page, "window-open");
  // The news of a window just opened, as the server words it: the longest line the card shows.
  const news = await page.locator("[data-window-news]").evaluate((p) => p.outerHTML);

  const tablet = await device(e2e.browser.browser, { width: 800, height: 1280 });
  await tablet.page.goto(`${e2e.server.url}/kiosk?diem=${pointId}`);
  const code = tablet.page.locator("[data-pairing-code]");
  await expect.poll(() => code.count(), { timeout: 10_000 }).toBe(1);
  await page.getByLabel(/Nhập mã 8 số/).fill((await code.getAttribute("data-pairing-code")) ?? "");
  await page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => page.locator("#pair-status").textContent()).toContain("Đã kết nối Máy 1.");
  await pairingOnFirstScreen(page, "awaiting-second-officer");
  // The second officer confirms on their console, where the kiosk's tile is on the first screen.
  const confirm = second.page.locator("#live").getByRole("button", { name: "Xác nhận" });
  await expect.poll(() => confirm.count(), { timeout: 10_000 }).toBe(1);
  const tile = await second.page.locator("#live .kiosk-awaiting").boundingBox();
  expect((tile?.y ?? 0) + (tile?.height ?? 9999)).toBeLessThanOrEqual(LAPTOP.height);
  await confirm.click();
  await answerOnPage(second.page, "Xác nhận");
  await expect.poll(() => page.locator("#live .kiosk-idle").count(), { timeout: 10_000 }).toBe(1);

  // A kiosk ready, the window still open: the card stands under the search, which leads; on a
  // laptop the counts and the kiosk tiles (where another tablet's "Xác nhận" comes) stay in view.
  await expect.poll(() => page.locator("#pair-status").getAttribute("data-lead")).toBe("side");
  await pairingOnFirstScreen(page, "ready-window-open");
  // A window opened again later for another tablet, beside the ready kiosk, says that news instead
  // of "Đã kết nối Máy 1." (newcomer trial: "Mở thêm 5 phút" fell below the fold): in its place.
  await page.locator("#pair-status > .alert").evaluate((alert, html) => {
    alert.outerHTML = html;
  }, news);
  await pairingOnFirstScreen(page, "ready-window-reopened");
  await page.reload();
  await expect.poll(() => page.locator("#pair-status").getAttribute("data-lead")).toBe("side");
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v);
    const q = await page.locator("#q").boundingBox();
    expect((q?.y ?? 0) + (q?.height ?? 9999), `${v.width}×${v.height}: the search`).toBeLessThanOrEqual(
      v.height,
    );
    if (v.width < 1000) continue;
    for (const what of ["#live .counts", "#live .kiosk-idle"]) {
      const box = await page.locator(what).first().boundingBox();
      expect((box?.y ?? 0) + (box?.height ?? 9999), `${v.width}×${v.height}: ${what}`).toBeLessThanOrEqual(
        v.height,
      );
    }
  }
  await page.setViewportSize(LAPTOP);
  await page.reload();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect.poll(() => focusedId(page)).toBe("q");
  await pairingOnFirstScreen(page, "ready-reloaded");
  // "Mở thêm 5 phút" redraws the button pressed: the focus goes back to the search, not nowhere.
  await page.getByRole("button", { name: "Mở thêm 5 phút" }).click();
  await expect.poll(() => focusedId(page)).toBe("q");

  // Once the window closes (5 minutes: the server says so with data-lead="none", test/http), the
  // card goes back under the live panel, the search and the kiosks first.
  await page.evaluate(() => document.getElementById("pair-status")?.setAttribute("data-lead", "none"));
  const live = await page.locator("#live").boundingBox();
  const card = await page.locator(".pair-card").boundingBox();
  expect(card?.y ?? 0).toBeGreaterThan((live?.y ?? 0) + (live?.height ?? 0));
  await screen(page, "pairing-back-in-place-1366");

  expect([...officer.problems, ...second.problems, ...tablet.problems]).toEqual([]);
  for (const d of [officer, second, tablet]) await d.context.close();
}, 120_000);

/**
 * The day's counts as the browser lays them out: each label (the words after the number) and how
 * many lines it takes.
 */
const countLabelLines = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll("#live .counts p"), (p) => {
      const tops = new Set<number>();
      let label = "";
      for (const node of Array.from(p.childNodes)) {
        if (!(node instanceof Text)) continue;
        label += node.data;
        for (let i = 0; i < node.data.length; i++) {
          if (!node.data[i]?.trim()) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getClientRects()[0];
          if (box) tops.add(Math.round(box.top));
        }
      }
      return `${label.trim()}: ${tops.size}`;
    }),
  );

/**
 * Each kiosk tile of the live panel as laid out: its label, width, whether its number and state
 * share a line, the lines its state takes, and whether its buttons stand on that first line too.
 */
const tilesOf = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("#live ul.kiosks > li"), (li) => {
      const top = (sel: string) => li.querySelector(sel)?.getBoundingClientRect().top ?? -1;
      const state = li.querySelector(".kiosk-state");
      const range = document.createRange();
      if (state) range.selectNodeContents(state);
      return {
        label: li.querySelector(".kiosk-name")?.textContent?.trim() ?? "",
        ready: li.classList.contains("kiosk-idle"),
        width: Math.round(li.getBoundingClientRect().width),
        oneLine: Math.abs(top(".kiosk-name strong") - top(".kiosk-state")) < 12,
        stateLines: new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size,
        actionsBeside: Math.abs(top(".kiosk-state") - top(".kiosk-actions")) < 12,
      };
    }),
  );

it("e2e live panel - with a second kiosk: the pairing card names the one just paired first ('Đã kết nối Máy 2. Điểm có 2 máy: …'), in each officer's words; the four counts read alike (each label whole) and each kiosk tile has the panel's width for its words (number and state on one line) at 1366×768, 1280×800 and 800×1280, the search keeping its place", async () => {
  const officer = await device(e2e.browser.browser, LAPTOP);
  const { page } = officer;
  await login(page, "ht-t2-1");
  await page.getByRole("link", { name: /HT-T2/ }).click();
  await page.waitForURL(/to-cong-tac\/diem\/\d+$/);
  const pointId = /diem\/(\d+)/.exec(page.url())?.[1] ?? "";
  await page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(page, "Mở điểm lấy phiếu");
  await expect.poll(() => textNow(page, "#live")).toContain("Báo cáo số 0");
  await page.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => page.locator("#pair-status").getAttribute("data-window-open")).toBe("1");

  /** A tablet opens the kiosk page; the officer types the code it shows. */
  const pairTablet = async (): Promise<Device> => {
    const tablet = await device(e2e.browser.browser, { width: 800, height: 1280 });
    await tablet.page.goto(`${e2e.server.url}/kiosk?diem=${pointId}`);
    const code = tablet.page.locator("[data-pairing-code]");
    await expect.poll(() => code.count(), { timeout: 10_000 }).toBe(1);
    await page.getByLabel(/Nhập mã 8 số/).fill((await code.getAttribute("data-pairing-code")) ?? "");
    await page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
    return tablet;
  };
  const news = () => page.locator("#pair-status [data-paired-now]").getAttribute("data-paired-now");
  const first = await pairTablet();
  await expect.poll(news).toBe("Máy 1");
  expect(await textNow(page, "#pair-status .alert")).toMatch(/^Đã kết nối Máy 1\. Máy chỉ nhận phiếu/);
  const second = await device(e2e.browser.browser, LAPTOP);
  await login(second.page, "ht-t2-2");
  await second.page.goto(page.url());
  await second.page.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(second.page, "Xác nhận");
  await expect.poll(() => page.locator("#live .kiosk-idle").count(), { timeout: 10_000 }).toBe(1);

  // The second tablet: the news is about it, by itself first, then the point's kiosks.
  const tablet = await pairTablet();
  await expect.poll(news).toBe("Máy 2");
  expect(await textNow(page, "#pair-status .alert")).toBe(
    "Đã kết nối Máy 2. Điểm có 2 máy: Máy 1, Máy 2. Máy 2 chỉ nhận phiếu sau khi một cán bộ khác của tổ xác nhận máy ở ô “Máy ghi phiếu”.",
  );
  // The other officer's console, at its next live refresh: the confirmation is theirs to do.
  await expect
    .poll(() => textNow(second.page, "#pair-status .alert"), { timeout: 10_000 })
    .toBe("Đã kết nối Máy 2. Điểm có 2 máy: Máy 1, Máy 2. Mời bạn xác nhận Máy 2 ở ô “Máy ghi phiếu”.");
  await expect.poll(() => page.locator("#live .kiosk-awaiting").count(), { timeout: 10_000 }).toBe(1);

  /** The counts and the tiles at each viewport, the search in its place; a screenshot each. */
  const panelReadsWell = async (state: string) => {
    for (const v of VIEWPORTS) {
      const where = `${state}, ${v.width}×${v.height}`;
      await page.setViewportSize(v);
      await page.evaluate(() => window.scrollTo(0, 0));
      const counts = await countLabelLines(page);
      expect(counts, where).toEqual([
        "phiếu phát ra: 1",
        "phiếu thu về: 1",
        "không thu về: 1",
        "máy có cử tri: 1",
      ]);
      const tiles = await tilesOf(page);
      expect(
        tiles.map((t) => t.label),
        where,
      ).toEqual(["Máy 1", "Máy 2"]);
      for (const t of tiles) {
        const what = `${where}: ${t.label} ${JSON.stringify(t)}`;
        // Room for its words: a tile is never the 215-px column of the newcomer trial.
        expect(t.width, what).toBeGreaterThanOrEqual(300);
        expect(t.oneLine, what).toBe(true);
        expect(t.stateLines, what).toBe(1);
      }
      // A ready kiosk is one line: number, state and "Ngắt".
      for (const t of tiles.filter((t) => t.ready))
        expect(t.actionsBeside, `${where}: ${t.label}`).toBe(true);
      // The search leads the page: first in the main column on a laptop, above the panel upright.
      const q = await page.locator("#q").boundingBox();
      const live = await page.locator("#live").boundingBox();
      expect((q?.y ?? 0) + (q?.height ?? 9999), `${where}: the search`).toBeLessThanOrEqual(v.height);
      if (v.width >= 1000) expect((q?.x ?? 0) + (q?.width ?? 0), where).toBeLessThan(live?.x ?? 0);
      else expect(q?.y ?? 9999, where).toBeLessThan(live?.y ?? 0);
      await page.locator("#live").scrollIntoViewIfNeeded();
      await screen(page, `live-${state}-${v.width}x${v.height}`);
    }
    await page.setViewportSize(LAPTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
  };
  await panelReadsWell("awaiting");

  // Máy 2 confirmed, a resident handed a ballot at Máy 1: a busy tile, its "Không thu về".
  await second.page.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(second.page, "Xác nhận");
  await expect.poll(() => page.locator("#live .kiosk-idle").count(), { timeout: 10_000 }).toBe(2);
  await page.locator("#q").fill("n");
  const row = page.locator("#results tr[data-pick]").first();
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  await row.getByRole("button", { name: "Phát phiếu" }).click();
  // Two kiosks free: each its own button, the labels whole at any width of the question.
  expect(await brokenNames(page, "[popover]:popover-open")).toEqual([]);
  await answerOnPage(page, /Phát phiếu ở Máy 1/);
  await expect.poll(() => textNow(page, "#checkin")).toContain("Mời cử tri đến Máy 1.");
  await expect.poll(() => textNow(page, "#live .kiosk-actions")).toContain("Không thu về");
  await panelReadsWell("busy");

  expect([...officer.problems, ...second.problems, ...first.problems, ...tablet.problems]).toEqual([]);
  for (const d of [officer, second, first, tablet]) await d.context.close();
}, 120_000);
