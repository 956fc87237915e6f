import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { answerOnPage, SCREENSHOTS, screenshot, serverAndBrowser } from "./harness.ts";

/**
 * The officer console as a new user meets it on a 1366×768 laptop (issue #14): the search on the
 * first screen and focused, the result list with ↓ ↑ and Enter, the in-page confirmation naming
 * the resident, the birth year and the kiosk, the search cleared and focused after each ticket; and
 * the start-up output a person reads before any of it.
 */
// Listening on every interface, as at a polling point, so the kiosk address is the LAN one.
const e2e = serverAndBrowser({ HOST: "0.0.0.0" });

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
  for (const line of e2e.server.log().trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
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

  // Focused on load, and on the first screen of a 1366×768 laptop.
  await expect.poll(() => focusedId(page)).toBe("q");
  const box = await page.locator("#q").boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? 999) + (box?.height ?? 0)).toBeLessThan(LAPTOP.height);
  // The kiosk address is on the pairing panel, with its QR code.
  const kioskUrl = (await page.locator("[data-kiosk-url]").getAttribute("data-kiosk-url")) ?? "";
  expect(kioskUrl).toMatch(/^http:\/\/[\d.]+:\d+\/kiosk$/);
  expect(await page.locator(".kiosk-address .qr svg").count()).toBe(1);
  await screen(page, "not-opened-1366");

  await page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(page, "Mở điểm lấy phiếu");
  await expect.poll(() => page.locator("#live").textContent()).toContain("Báo cáo số 0");
  // The console was swapped: the search is focused again.
  await expect.poll(() => focusedId(page)).toBe("q");

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
  await expect.poll(() => page.locator("#live .kiosk-idle").count(), { timeout: 10_000 }).toBe(1);

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
