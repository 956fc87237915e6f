import { expect, it } from "vitest";
import { serverAndBrowser } from "./harness.ts";

/**
 * "Tiến độ" redraws itself every 5 s. On an upright tablet its table scrolls sideways in its box;
 * a redraw must not throw the reader back to the left edge (it did with outerHTML: the box was a
 * new element). It morphs now: the same elements stay, only what changed is written.
 */

const e2e = serverAndBrowser();

it("progress - on an upright tablet, a reader scrolled to the right of the table stays there across the page's own refresh", async () => {
  const context = await e2e.browser.browser.newContext({
    viewport: { width: 800, height: 1280 },
    locale: "vi-VN",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${e2e.server.url}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập").fill("bantochuc");
  await page.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap"));
  await page.goto(`${e2e.server.url}/ban-to-chuc/tien-do`);
  const box = page.locator(".table-scroll:has(table.progress-table)");
  const scrolled = await box.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
    return el.scrollLeft;
  });
  expect(scrolled).toBeGreaterThan(0);
  // The next refresh (every 5 s), answered and swapped in.
  await page.waitForResponse((r) => r.url().endsWith("/ban-to-chuc/tien-do") && r.status() === 200, {
    timeout: 15_000,
  });
  await page.waitForTimeout(500);
  expect(await box.evaluate((el) => el.scrollLeft)).toBe(scrolled);
  expect(await page.locator("#progress h1").textContent()).toBe("Tiến độ lấy phiếu");
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
