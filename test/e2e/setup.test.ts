import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { answerOnPage, SCREENSHOTS, screenshot, serverAndBrowser } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => join(ROOT, "test/fixtures", name);

const e2e = serverAndBrowser({ DEMO: "0" }, (db) => {
  const r = Bun.spawnSync(
    [
      process.execPath,
      join(ROOT, "scripts/add-board.ts"),
      "--username",
      "bantochuc",
      "--name",
      "Nguyễn Văn Bảo",
      "--db",
      db,
      "--password",
      "mat-khau-dau-tien",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  if (r.exitCode !== 0) throw new Error(r.stderr.toString());
});

const shot = (page: Page, name: string) =>
  screenshot(page, { path: join(SCREENSHOTS, `setup-${name}.png`), fullPage: true });

it("e2e set-up - from an empty database to a stamped campaign through the board's pages", async () => {
  const context = await e2e.browser.browser.newContext({
    viewport: { width: 1200, height: 900 },
    locale: "vi-VN",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // No browser dialog anywhere (issue #14): one appearing is an error.
  page.on("dialog", (d) => {
    errors.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });

  // First login: the board must choose its own password.
  await page.goto(`${e2e.server.url}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập").fill("bantochuc");
  await page.getByLabel("Mật khẩu").fill("mat-khau-dau-tien");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/doi-mat-khau/);
  await page.getByLabel("Mật khẩu hiện tại").fill("mat-khau-dau-tien");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("ban to chuc huyen");
  await page.getByLabel("Nhập lại mật khẩu mới").fill("ban to chuc huyen");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await page.waitForURL(/ban-to-chuc$/);

  // Campaign: a validation error first, shown next to the field, then a valid form.
  await page.getByRole("link", { name: "Tạo đợt lấy phiếu" }).first().click();
  await page.getByLabel("Tên đợt lấy phiếu").fill("Lấy phiếu tín nhiệm xã Quang Thọ");
  await page.getByLabel("Mã đợt").fill("QT-2026");
  await page.getByLabel("Địa bàn").fill("Huyện Quảng Điền");
  await page.getByLabel("Các ngày lấy phiếu").fill("31/02/2026");
  await page.getByRole("button", { name: "Tạo đợt lấy phiếu" }).click();
  await expect
    .poll(() => page.locator(".field-error").first().textContent())
    .toContain("Ngày không có thật.");
  await shot(page, "campaign-error");
  await page.getByLabel("Các ngày lấy phiếu").fill("27/10/2026");
  await page.getByRole("button", { name: "Tạo đợt lấy phiếu" }).click();
  await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã tạo đợt lấy phiếu");
  await shot(page, "campaign");

  // Communes, officials, a point.
  await page.getByRole("link", { name: "Xã", exact: true }).click();
  await page.getByLabel("Mã xã").fill("HQ");
  await page.getByLabel("Tên xã cũ").fill("Xã Hương Quang");
  await page.getByLabel("Thuộc xã mới").fill("Xã Quang Thọ");
  await page.getByRole("button", { name: "Thêm xã" }).click();
  await expect
    .poll(() => page.getByRole("status").first().textContent())
    .toContain("Đã lưu xã Xã Hương Quang.");
  await shot(page, "communes");

  await page.getByRole("link", { name: "Người được lấy phiếu" }).click();
  for (const [code, name, position] of [
    ["HQ-01", "Đỗ Thanh Hường", "Bí thư Đảng ủy xã"],
    ["HQ-02", "Đặng Quang Long", "Chủ tịch UBND xã"],
  ] as const) {
    await page.getByLabel("Mã", { exact: true }).fill(code);
    await page.getByLabel("Họ và tên").fill(name);
    await page.getByLabel("Chức vụ").fill(position);
    await page.getByLabel("Xã", { exact: true }).selectOption({ label: "Xã Hương Quang" });
    await page.getByRole("button", { name: "Thêm", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain(`Đã lưu ${name}.`);
  }
  await shot(page, "officials");

  await page.getByRole("link", { name: "Điểm lấy phiếu" }).click();
  await page.getByLabel("Mã điểm").fill("HQ-T1");
  await page.getByLabel("Tên thôn / tổ dân phố").fill("Thôn 1, Xã Hương Quang");
  await page.getByLabel("Thuộc xã (cũ)").selectOption({ label: "Xã Hương Quang" });
  await page.getByRole("button", { name: "Thêm điểm" }).click();
  await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã lưu điểm");

  // Roster: the file with errors is refused row by row, the good one is imported.
  await page.getByRole("link", { name: "Danh sách", exact: true }).click();
  await page.setInputFiles("#file", fixture("roster-with-errors.csv"));
  await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  await expect
    .poll(() => page.locator("#roster-import").textContent(), { timeout: 10_000 })
    .toContain("5 dòng không hợp lệ");
  await shot(page, "roster-errors");
  // A workbook whose filter hides two residents: they are named, nothing is imported.
  const filtered = new ExcelJS.Workbook();
  const sheet = filtered.addWorksheet("Danh sách");
  sheet.addRow(["Họ và tên", "Năm sinh"]);
  for (const [name, year] of [
    ["Lê Văn An", 1960],
    ["Trần Thị Bình", 1972],
    ["Hồ Văn Cường", 1985],
  ] as const) {
    sheet.addRow([name, year]);
  }
  sheet.autoFilter = "A1:B4";
  sheet.getRow(3).hidden = true;
  sheet.getRow(4).hidden = true;
  await page.setInputFiles("#file", {
    name: "thon-1-dang-loc.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(await filtered.xlsx.writeBuffer()),
  });
  await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  await expect
    .poll(() => page.locator("#roster-import").textContent(), { timeout: 10_000 })
    .toContain("Dòng này đang bị ẩn trong tệp");
  const hiddenRows = await page.locator("#roster-import tbody tr").allTextContents();
  expect(hiddenRows).toHaveLength(2);
  expect(hiddenRows[0]).toContain("Trần Thị Bình");
  expect(hiddenRows[1]).toContain("Hồ Văn Cường");
  await shot(page, "roster-hidden-rows");
  await page.setInputFiles("#file", fixture("roster-hq-t1.xlsx"));
  await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  await expect
    .poll(() => page.locator("#roster-import").textContent(), { timeout: 10_000 })
    .toContain("Đã nhập 200 người");
  await page.getByRole("link", { name: "Xem danh sách" }).click();
  await shot(page, "roster");

  // Two officers, each with a first password and a key fingerprint shown once.
  await page.goto(`${e2e.server.url}/ban-to-chuc/to-cong-tac`);
  for (const [name, username, role] of [
    ["Phan Xuân Kỷ", "hq-t1-1", "Tổ trưởng"],
    ["Trần Xuân Nam", "hq-t1-2", "Thư ký"],
  ] as const) {
    await page.getByLabel("Họ và tên").fill(name);
    await page.getByLabel("Tên đăng nhập").fill(username);
    await page.getByLabel("Vai trò trong tổ").selectOption(role);
    await page.getByLabel("HQ-T1 — Thôn 1, Xã Hương Quang").check();
    await page.getByRole("button", { name: "Tạo tài khoản và khóa ký" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent(), { timeout: 10_000 })
      .toContain(name);
  }
  await shot(page, "officers");

  // Stamp, then the lists are locked with an explanation.
  await page.getByRole("link", { name: "Đóng dấu" }).click();
  await page.getByRole("button", { name: "Đóng dấu danh sách" }).click();
  await answerOnPage(page, "Đóng dấu danh sách");
  await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã đóng dấu danh sách");
  await shot(page, "stamped");
  await page.getByRole("link", { name: "Người được lấy phiếu" }).click();
  expect(await page.getByText("Danh sách đã được đóng dấu: không sửa trực tiếp được nữa.").isVisible()).toBe(
    true,
  );
  await page.getByRole("link", { name: "Tổng quan" }).click();
  await shot(page, "home");
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
