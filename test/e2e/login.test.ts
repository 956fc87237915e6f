import { join } from "node:path";
import { expect, it } from "vitest";
import { SCREENSHOTS, screenshot, serverAndBrowser } from "./harness.ts";

const e2e = serverAndBrowser({}, undefined, { freshSample: true });

it("e2e login - the real server prints its logins; a board member logs in and out through Chromium", async () => {
  expect(e2e.server.output()).toContain("bantochuc");
  expect(e2e.server.output()).toContain("tinnhiem-demo");

  const context = await e2e.browser.browser.newContext({
    viewport: { width: 1100, height: 800 },
    locale: "vi-VN",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // The refused login answers 401 on purpose; anything else logged as an error is a defect.
    if (m.type() === "error" && !m.text().includes("status of 401")) errors.push(m.text());
  });

  await page.goto(e2e.server.url);
  await page.getByRole("link", { name: "Đăng nhập" }).click();
  await screenshot(page, { path: join(SCREENSHOTS, "login-empty.png"), fullPage: true });

  await page.getByLabel("Tên đăng nhập").fill("bantochuc");
  await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect.poll(() => page.getByRole("alert").textContent()).toContain("không đúng");
  await screenshot(page, { path: join(SCREENSHOTS, "login-wrong.png"), fullPage: true });

  await page.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/ban-to-chuc$/);
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  expect(heading).toContain("Lấy phiếu đánh giá, tín nhiệm");
  expect(await page.getByText("Đây là dữ liệu mẫu").isVisible()).toBe(true);
  // htmx 4 loaded from our own origin under the CSP.
  expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe("object");
  await screenshot(page, { path: join(SCREENSHOTS, "board-home.png"), fullPage: true });

  await page.getByRole("link", { name: "Xem nhật ký thao tác" }).click();
  await page.waitForURL(/nhat-ky$/);
  expect(await page.getByRole("status").textContent()).toContain("Chuỗi nhật ký nguyên vẹn");
  await screenshot(page, { path: join(SCREENSHOTS, "audit.png"), fullPage: true });

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await page.waitForURL(/dang-nhap/);
  expect(await page.getByRole("status").textContent()).toContain("Bạn đã đăng xuất.");
  expect(errors).toEqual([]);
  await context.close();
});
