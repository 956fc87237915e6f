import { Database } from "bun:sqlite";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { answerOnPage, SCREENSHOTS, screenNow, screenshot, serverAndBrowser, textNow } from "./harness.ts";

const e2e = serverAndBrowser();

const shot = (page: Page, name: string) =>
  screenshot(page, { path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

it("e2e voting - officer pairs a kiosk, checks a resident in; the resident votes with blanks confirmed; the kiosk resets", async () => {
  // Two separate browser contexts: the officer's laptop and the kiosk tablet.
  const officerContext = await e2e.browser.browser.newContext({
    viewport: { width: 1200, height: 900 },
    locale: "vi-VN",
  });
  const kioskContext = await e2e.browser.browser.newContext({
    viewport: { width: 1024, height: 1366 },
    locale: "vi-VN",
    hasTouch: true,
  });
  const officer = await officerContext.newPage();
  const kiosk = await kioskContext.newPage();
  const errors: string[] = [];
  for (const page of [officer, kiosk]) {
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("dialog", (d) => {
      errors.push(`browser dialog: ${d.message()}`);
      void d.dismiss();
    });
  }

  // No pairing window yet: the kiosk waits, and gets nothing.
  await kiosk.goto(`${e2e.server.url}/kiosk`);
  expect(await kiosk.locator("#kiosk").textContent()).toContain("Chờ tổ công tác mở kết nối");
  await shot(kiosk, "kiosk-wait-for-window");

  await officer.goto(`${e2e.server.url}/dang-nhap`);
  await officer.getByLabel("Tên đăng nhập").fill("hq-t1-1");
  await officer.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await officer.getByRole("button", { name: "Đăng nhập" }).click();
  await officer.waitForURL(/to-cong-tac$/);
  await officer.getByRole("link", { name: /HQ-T1/ }).click();
  await officer.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(officer, "Mở điểm lấy phiếu");
  await expect.poll(() => officer.locator("#live").textContent()).toContain("Báo cáo số 0");
  await officer.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => officer.locator("#pair-form").textContent()).toContain("Đang mở kết nối đến");

  // The kiosk notices the window within its polling interval and shows an 8-digit code.
  const codeOnKiosk = kiosk.locator("[data-pairing-code]");
  await expect.poll(() => codeOnKiosk.count(), { timeout: 15_000 }).toBe(1);
  const code = (await codeOnKiosk.getAttribute("data-pairing-code")) ?? "";
  expect(code).toMatch(/^\d{8}$/);
  // Shown as two groups of four, read aloud digit by digit to a screen reader.
  expect(await kiosk.locator(".pairing-code [aria-hidden]").textContent()).toBe(
    `${code.slice(0, 4)} ${code.slice(4)}`,
  );
  expect(await kiosk.locator(".pairing-code .sr-only").textContent()).toBe(
    `Mã kết nối: ${code.split("").join(" ")}`,
  );
  await shot(kiosk, "kiosk-pairing");

  await officer.getByLabel(/Nhập mã 8 số/).fill(`${code.slice(0, 4)} ${code.slice(4)}`);
  await officer.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => officer.locator("#pair-form").textContent()).toContain("Đã kết nối Máy 1.");

  // Two-officer pairing is on (the default): the kiosk waits for a second officer of the point,
  // who confirms on their own laptop; the first officer is offered no "Xác nhận".
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 })
    .toContain("Chờ cán bộ thứ hai xác nhận");
  await shot(kiosk, "kiosk-awaiting-confirmation");
  await expect.poll(() => officer.locator("#live").textContent()).toContain("kết nối bởi Phan Xuân Kỷ");
  expect(await officer.locator("#live").getByRole("button", { name: "Xác nhận" }).count()).toBe(0);
  const secondContext = await e2e.browser.browser.newContext({
    viewport: { width: 1200, height: 900 },
    locale: "vi-VN",
  });
  const second = await secondContext.newPage();
  second.on("pageerror", (e) => errors.push(e.message));
  second.on("dialog", (d) => {
    errors.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });
  await second.goto(`${e2e.server.url}/dang-nhap`);
  await second.getByLabel("Tên đăng nhập").fill("hq-t1-2");
  await second.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await second.getByRole("button", { name: "Đăng nhập" }).click();
  await second.waitForURL(/to-cong-tac$/);
  await second.getByRole("link", { name: /HQ-T1/ }).click();
  await shot(second, "officer-confirm-kiosk");
  await second.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(second, "Xác nhận");
  await expect
    .poll(() => second.locator("#kiosk-message").textContent())
    .toContain("Đã xác nhận Máy 1: máy đã sẵn sàng nhận phiếu.");
  await secondContext.close();

  // The kiosk notices within its polling interval and shows the idle screen.
  await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 }).toContain("Xin chào");
  await shot(kiosk, "kiosk-idle");
  const historyBefore = await kiosk.evaluate(() => history.length);

  // Check-in: search without diacritics, confirm identity, Phát phiếu on Máy 1.
  await officer.getByLabel(/Tìm trong danh sách/).fill("nguyen");
  await expect.poll(() => officer.locator("#results").textContent()).toContain("Phát phiếu");
  const resident = (await officer.locator("#results tbody tr strong").first().textContent()) ?? "";
  await officer.locator("#results").getByRole("button", { name: "Phát phiếu" }).first().click();
  await answerOnPage(officer, /Phát phiếu ở Máy 1/);
  await expect
    .poll(() => officer.locator("#checkin").textContent())
    .toContain(`Đã phát phiếu cho ${resident}`);
  await shot(officer, "officer-console");

  // The ballot appears on the kiosk within about a second: one official per screen.
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 })
    .toContain("Người thứ 1 / 6");
  await kiosk.bringToFront();
  await shot(kiosk, "kiosk-ballot");
  const position = async () =>
    Number((await textNow(kiosk, "#kiosk h1 .step")).match(/(\d+)\s*\//)?.[1] ?? 0);
  const picks = ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp", "Tín nhiệm cao", "Tín nhiệm cao"];
  for (const [i, label] of picks.entries()) {
    // Each choice is a button named by its text; choosing moves on to the next official.
    await kiosk.getByRole("button", { name: label, exact: true }).click();
    await expect.poll(position).toBe(i + 2);
  }
  // "Quay lại" shows the previous official with their choice kept; "Tiếp" leaves the last one blank.
  await kiosk.getByRole("button", { name: /Quay lại/ }).click();
  await expect.poll(position).toBe(5);
  expect(
    await kiosk.getByRole("button", { name: "Tín nhiệm cao", exact: true }).getAttribute("aria-pressed"),
  ).toBe("true");
  await kiosk.getByRole("button", { name: /Tiếp|Để trống/ }).click();
  await expect.poll(position).toBe(6);
  await kiosk.getByRole("button", { name: /Xem lại phiếu/ }).click();
  await expect.poll(() => kiosk.locator("#kiosk h1").textContent()).toBe("Xem lại phiếu");
  expect(await kiosk.locator(".review-row.blank").count()).toBe(1);
  await shot(kiosk, "kiosk-review");
  await kiosk.getByRole("button", { name: "Gửi phiếu" }).click();
  await expect.poll(() => kiosk.locator("#kiosk").textContent()).toContain("Bà con còn để trống 1 người.");
  await kiosk.getByRole("button", { name: "Gửi phiếu, để trống người này" }).click();
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent())
    .toContain("Phiếu của bà con đã được ghi nhận");
  await shot(kiosk, "kiosk-thanks");

  // A few seconds later: a fresh idle page, nothing of the ballot in the DOM, history or storage.
  await expect.poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 12_000 }).toContain("Xin chào");
  const leftovers = await kiosk.evaluate(() => ({
    text: document.body.textContent ?? "",
    history: history.length,
    local: localStorage.length,
    session: sessionStorage.length,
  }));
  expect(leftovers.text).not.toContain("Tín nhiệm thấp");
  expect(leftovers.text).not.toContain("Xem lại");
  expect(leftovers.text).not.toContain("Người thứ");
  expect(leftovers.local).toBe(0);
  expect(leftovers.session).toBe(0);
  // The ballot, review and thank-you screens added no history entry.
  expect(leftovers.history).toBe(historyBefore);

  await officer.bringToFront();
  await expect
    .poll(() => officer.locator("#live").textContent(), { timeout: 15_000 })
    .toMatch(/1\s*phiếu thu về/);

  // A second resident changes their mind on the review screen ("Sửa" on a row), then taps "Gửi phiếu" twice.
  // A new search: the results on screen are from before the kiosk was free again.
  await officer.getByLabel(/Tìm trong danh sách/).fill("thi");
  await expect
    .poll(() => officer.locator("#results").getByRole("button", { name: "Phát phiếu" }).count(), {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  await officer.locator("#results").getByRole("button", { name: "Phát phiếu" }).first().click();
  await answerOnPage(officer, /Phát phiếu ở Máy 1/);
  await kiosk.bringToFront();
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent(), { timeout: 15_000 })
    .toContain("Người thứ 1 / 6");
  // Every official "Tín nhiệm"; on the review, "Sửa" on the first row changes it to "Tín nhiệm thấp"
  // and comes back to the review.
  for (let i = 0; i < 6; i++) {
    await kiosk.getByRole("button", { name: "Tín nhiệm", exact: true }).click();
    await expect.poll(() => screenNow(kiosk)).toBe(i < 5 ? "official" : "review");
    if (i < 5) await expect.poll(position).toBe(i + 2);
  }
  await kiosk.locator(".review-row").first().getByRole("button", { name: /Sửa/ }).click();
  await expect.poll(position).toBe(1);
  await kiosk.getByRole("button", { name: "Tín nhiệm thấp", exact: true }).click();
  await expect.poll(() => kiosk.locator(".review-row").first().textContent()).toContain("Tín nhiệm thấp");
  await kiosk.getByRole("button", { name: "Gửi phiếu" }).dblclick();
  await expect
    .poll(() => kiosk.locator("#kiosk").textContent())
    .toContain("Phiếu của bà con đã được ghi nhận");
  await new Promise((r) => setTimeout(r, 1_500)); // any second answer has arrived by now
  expect(await kiosk.locator("#kiosk").textContent()).toContain("Phiếu của bà con đã được ghi nhận");

  const db = new Database(BallotBox.pathBeside(e2e.server.databasePath), { readonly: true });
  const stored = db
    .query<{ marks: string }, []>("SELECT marks FROM slots WHERE filled = 1")
    .all()
    .map((r) => r.marks);
  db.close();
  expect(stored).toHaveLength(2);
  // One letter per official in ballot order: L = tín nhiệm thấp, M = tín nhiệm.
  expect(stored).toContain("LMMMMM");
  expect(errors).toEqual([]);
  await officerContext.close();
  await kioskContext.close();
}, 90_000);
