import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemClock } from "../../server/clock.ts";
import { Store } from "../../server/db/store.ts";
import { buildScenario, type ScenarioFixture } from "../../server/scenario-builder.ts";
import { BOARD_ACTOR, CHEAP_SEAL, testPasswordHash } from "../helpers.ts";
import {
  answerOnPage,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  screenNow,
  screenshot,
  startServer,
  textNow,
} from "./harness.ts";

/**
 * A new user's whole day, through the browser only (issue #12 §2): the board stamps the lists; the
 * Tổ trưởng opens the point and pairs a kiosk (a tablet: its own browser context) which the Thư ký
 * confirms; three residents are checked in — one votes on every row, one leaves a row blank and
 * confirms it, one leaves before voting (the ticket is voided); the officer closes, both officers
 * sign; the board checks every minutes, opens the results and both PDFs. Every screen is
 * photographed into test-results/screenshots/walkthrough-*.png; assertions are on what a person
 * sees. The server's clock is put at 09:00 on the voting day (CLOCK_OFFSET_SECONDS).
 */

const DAY = "2026-10-27";
const PASSWORD = "mat-khau-cua-to";
const BOARD_PASSWORD = "mat-khau-ban-to-chuc";
const OFFICIALS = [
  { code: "HQ-01", name: "Đỗ Thanh Hường", position: "Bí thư Đảng ủy xã", commune: "HQ" },
  { code: "HQ-02", name: "Đặng Quang Long", position: "Chủ tịch UBND xã", commune: "HQ" },
  { code: "HQ-03", name: "Võ Ngọc Hoa", position: "Phó Chủ tịch UBND xã", commune: "HQ" },
];
const RESIDENTS = [
  { fullName: "Võ Văn Dũng", birthYear: 1952, cccd: "059083016613", householdCode: "H1", relation: "Chủ hộ" },
  { fullName: "Lê Diệu Lan", birthYear: 1979, cccd: "082199351819", householdCode: "H2", relation: "Chủ hộ" },
  {
    fullName: "Bùi Thế Hùng",
    birthYear: 1955,
    cccd: "039099603082",
    householdCode: "H3",
    relation: "Chủ hộ",
  },
];

/** The campaign as the board left it the evening before: everything prepared, not yet stamped. */
const SCENARIO: ScenarioFixture = {
  campaign: {
    code: "QT-2026",
    name: "Lấy phiếu tín nhiệm cán bộ xã Quang Thọ",
    ruleSet: "qd96-2023",
    aggregator: "Ban Tổ chức Huyện ủy",
    district: "Huyện Quảng Điền",
    days: [DAY],
    onePer: "resident",
  },
  communes: [{ code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" }],
  officials: OFFICIALS,
  points: [
    {
      code: "HQ-T1",
      name: "Thôn 1, Xã Hương Quang",
      commune: "HQ",
      day: DAY,
      roster: 40,
      residents: RESIDENTS,
      officers: [
        { name: "Nguyễn Văn Tổ", role: "Tổ trưởng" },
        { name: "Trần Thị Thư", role: "Thư ký" },
      ],
    },
  ],
};

const TABLET = { width: 1280, height: 800 };
const TABLET_PORTRAIT = { width: 800, height: 1280 };
const LAPTOP = { width: 1366, height: 768 };

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let dbDir: string;

beforeAll(async () => {
  dbDir = mkdtempSync(join(tmpdir(), "tn-walkthrough-"));
  const databasePath = join(dbDir, "db.sqlite");
  const store = Store.open(databasePath);
  const built = await buildScenario({ store, clock: systemClock }, BOARD_ACTOR, SCENARIO, {
    until: "draft",
    board: { username: "bantochuc", password: BOARD_PASSWORD, mustChangePassword: false },
    officers: {
      password: PASSWORD,
      mustChangePassword: false,
      seal: CHEAP_SEAL,
      passwordHash: await testPasswordHash(PASSWORD),
    },
  });
  store.close();
  if (!built.ok) throw new Error(built.error.message);
  const offset = Math.round((Date.parse(`${DAY}T02:00:00.000Z`) - Date.now()) / 1000);
  server = await startServer({
    DEMO: "0",
    DATABASE_PATH: databasePath,
    CLOCK_OFFSET_SECONDS: String(offset),
  });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dbDir, { recursive: true, force: true });
});

let shotNumber = 0;
/** What the person sees now, then the whole page; numbered in the order of the day. */
async function shot(page: Page, name: string): Promise<void> {
  shotNumber++;
  const base = join(SCREENSHOTS, `walkthrough-${String(shotNumber).padStart(2, "0")}-${name}`);
  await screenshot(page, { path: `${base}.png` });
  await screenshot(page, { path: `${base}-full.png`, fullPage: true });
}

/** A device: its own browser context (cookies), viewport and page; page and console errors are collected. */
async function device(
  b: Browser,
  viewport: { width: number; height: number },
  touch = false,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await b.newContext({ viewport, locale: "vi-VN", hasTouch: touch });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // What the browser's console reports as an error: a CSP refusal (a newcomer saw `style-src-attr`
  // reports on the console's search box after pairing, "Phát phiếu" and the live redraws), a script's
  // console.error, a resource that failed. None belongs in a user's day — except a refusal answered
  // 4xx, which Chromium logs as a failed resource: refusals are answers shown in place, by design,
  // and what a person sees of them is asserted where the walkthrough meets one.
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    errors.push(`console: ${m.text()}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const t = e.target instanceof Element ? `#${e.target.id}` : "";
      console.error(`CSP ${e.effectiveDirective} ${e.blockedURI} ${t} on ${location.pathname}`);
    });
  });
  // Questions are asked on the page (issue #14): a browser dialog is a bug.
  page.on("dialog", (d) => {
    errors.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, errors };
}

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap"));
}

const textOf = (page: Page, selector = "body") => textNow(page, selector);

type Choice = "Tín nhiệm cao" | "Tín nhiệm" | "Tín nhiệm thấp" | null;

/**
 * Everything a resident does at the kiosk, in one place. Waits for the ballot the officer handed
 * over, one official per screen: picks each official's choice by the official's name and the
 * choice's label (`null` or not named: "Tiếp", the row is left blank), reviews, answers the in-page
 * question about blank rows if any, sends, and waits for the thank-you screen. Photographs each screen.
 */
async function castOnKiosk(kiosk: Page, choices: Record<string, Choice>, label: string): Promise<void> {
  await expect.poll(() => textOf(kiosk, "#kiosk"), { timeout: 10_000 }).toContain("Người thứ 1 /");
  await shot(kiosk, `kiosk-ballot-${label}`);
  // One official per screen (issue #13): choose (the kiosk moves on), or "Tiếp" to leave it blank.
  const screen = () => screenNow(kiosk);
  for (let step = 1; (await screen()) === "official"; step++) {
    const name = (await textOf(kiosk, "#kiosk h1 .name")).trim();
    const choice = choices[name] ?? null;
    if (choice) await kiosk.getByRole("button", { name: choice, exact: true }).click();
    else await kiosk.getByRole("button", { name: /Tiếp|Để trống|Xem lại phiếu/ }).click();
    await expect
      .poll(async () => ((await screen()) === "official" ? textOf(kiosk, "#kiosk h1 .step") : "review"))
      .not.toContain(`Người thứ ${step} /`);
  }
  await expect.poll(() => textOf(kiosk, "#kiosk h1")).toBe("Xem lại phiếu");
  await shot(kiosk, `kiosk-review-${label}`);
  const blanks = Object.values(choices).filter((c) => c === null).length;
  if (blanks > 0) {
    await kiosk.getByRole("button", { name: "Gửi phiếu" }).click();
    await expect.poll(() => textOf(kiosk, "#kiosk")).toContain(`Bà con còn để trống ${blanks} người.`);
    await shot(kiosk, `kiosk-blanks-${label}`);
    await kiosk
      .getByRole("button", {
        name: blanks === 1 ? "Gửi phiếu, để trống người này" : "Gửi phiếu, để trống những người này",
      })
      .click();
  } else {
    await kiosk.getByRole("button", { name: "Gửi phiếu" }).click();
  }
  await expect.poll(() => textOf(kiosk, "#kiosk")).toContain("Phiếu của bà con đã được ghi nhận");
  await shot(kiosk, `kiosk-thanks-${label}`);
  // The kiosk goes back to its welcome screen by itself.
  await expect.poll(() => textOf(kiosk, "#kiosk"), { timeout: 12_000 }).toContain("Xin chào");
}

/** The officer finds a resident by name and hands their ballot to the (only) kiosk. */
async function checkIn(officer: Page, fullName: string): Promise<void> {
  await officer.getByLabel(/Tìm trong danh sách/).fill(fullName);
  const row = officer.locator("#results tbody tr", { hasText: fullName });
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  await row.getByRole("button", { name: "Phát phiếu" }).click();
  await answerOnPage(officer, /Phát phiếu ở Máy/);
  await expect.poll(() => textOf(officer, "#checkin")).toContain(`Đã phát phiếu cho ${fullName}`);
}

/** A PDF as downloaded, with its text (pdftotext) and its pages rendered for a person to look at. */
async function pdf(context: BrowserContext, url: string, name: string): Promise<string> {
  const res = await context.request.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const dir = join(SCREENSHOTS, `walkthrough-pdf-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.pdf`), await res.body());
  execFileSync("pdftoppm", ["-r", "60", "-png", join(dir, `${name}.pdf`), join(dir, "page")]);
  return execFileSync("pdftotext", ["-raw", join(dir, `${name}.pdf`), "-"], { encoding: "utf8" });
}

it("e2e walkthrough - a whole day: stamp, open, pair, three check-ins (one blank row, one voided), close, two signatures, the board's results and PDFs", async () => {
  // --- The board stamps the lists (laptop) ------------------------------------------------------
  const board = await device(browser.browser, LAPTOP);
  await login(board.page, "bantochuc", BOARD_PASSWORD);
  await shot(board.page, "board-home");
  await board.page.getByRole("link", { name: "Đóng dấu", exact: true }).click();
  expect(await textOf(board.page, "#stamp")).toContain("Thôn 1, Xã Hương Quang");
  await shot(board.page, "board-stamp-ready");
  await board.page.getByRole("button", { name: "Đóng dấu danh sách" }).click();
  await answerOnPage(board.page, "Đóng dấu danh sách");
  await expect.poll(() => textOf(board.page, "#stamp")).toContain("Đã đóng dấu danh sách");
  await shot(board.page, "board-stamped");

  // --- The Tổ trưởng opens the point (tablet at the desk) ---------------------------------------
  const officer = await device(browser.browser, TABLET);
  await login(officer.page, "hq-t1-1", PASSWORD);
  await shot(officer.page, "officer-home");
  await officer.page.getByRole("link", { name: /Thôn 1, Xã Hương Quang/ }).click();
  await shot(officer.page, "officer-console-closed");
  await officer.page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(officer.page, "Mở điểm lấy phiếu");
  await expect.poll(() => textOf(officer.page, "#live")).toContain("Báo cáo số 0");
  await shot(officer.page, "officer-console-open");

  // --- A kiosk (the residents' tablet) is paired and confirmed by the Thư ký ---------------------
  const kiosk = await device(browser.browser, TABLET, true);
  await kiosk.page.goto(`${server.url}/kiosk`);
  expect(await textOf(kiosk.page, "#kiosk")).toContain("Chờ tổ công tác mở kết nối");
  await shot(kiosk.page, "kiosk-waiting-for-window");
  await officer.page.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => textOf(officer.page, "#pair-form")).toContain("Đang mở kết nối đến");
  const code = kiosk.page.locator("[data-pairing-code]");
  await expect.poll(() => code.count(), { timeout: 10_000 }).toBe(1);
  const shown = (await kiosk.page.locator(".pairing-code [aria-hidden]").textContent()) ?? "";
  expect(shown).toMatch(/^\d{4} \d{4}$/);
  await shot(kiosk.page, "kiosk-code");
  await officer.page.getByLabel(/Nhập mã 8 số/).fill(shown);
  await shot(officer.page, "officer-types-code");
  await officer.page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => textOf(officer.page, "#pair-form")).toContain("Đã kết nối Máy 1.");
  await expect
    .poll(() => textOf(kiosk.page, "#kiosk"), { timeout: 10_000 })
    .toContain("Chờ cán bộ thứ hai xác nhận");
  await shot(kiosk.page, "kiosk-awaiting-confirmation");
  await shot(officer.page, "officer-kiosk-awaiting");

  const secretary = await device(browser.browser, TABLET_PORTRAIT);
  await login(secretary.page, "hq-t1-2", PASSWORD);
  await secretary.page.getByRole("link", { name: /Thôn 1, Xã Hương Quang/ }).click();
  await shot(secretary.page, "secretary-confirm");
  await secretary.page.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(secretary.page, "Xác nhận");
  await expect.poll(() => textOf(secretary.page, "#kiosk-message")).toContain("Đã xác nhận Máy 1");
  await expect.poll(() => textOf(kiosk.page, "#kiosk"), { timeout: 10_000 }).toContain("Xin chào");
  expect(await textOf(kiosk.page, "#kiosk")).toContain("Máy 1");
  await shot(kiosk.page, "kiosk-idle");

  // --- Three residents --------------------------------------------------------------------------
  const [first, second, third] = RESIDENTS;
  if (!first || !second || !third) throw new Error("fixture");
  await checkIn(officer.page, first.fullName);
  await shot(officer.page, "officer-issued-1");
  await castOnKiosk(
    kiosk.page,
    {
      [OFFICIALS[0]?.name ?? ""]: "Tín nhiệm cao",
      [OFFICIALS[1]?.name ?? ""]: "Tín nhiệm",
      [OFFICIALS[2]?.name ?? ""]: "Tín nhiệm thấp",
    },
    "1",
  );
  await checkIn(officer.page, second.fullName);
  // The second resident leaves the third official's row blank and confirms it.
  await castOnKiosk(
    kiosk.page,
    {
      [OFFICIALS[0]?.name ?? ""]: "Tín nhiệm cao",
      [OFFICIALS[1]?.name ?? ""]: "Tín nhiệm thấp",
      [OFFICIALS[2]?.name ?? ""]: null,
    },
    "2-blank",
  );
  // The third is checked in, then leaves before voting: "Không thu về".
  await checkIn(officer.page, third.fullName);
  await expect.poll(() => textOf(kiosk.page, "#kiosk"), { timeout: 10_000 }).toContain("Người thứ 1 /");
  await expect.poll(() => officer.page.getByRole("button", { name: "Không thu về" }).count()).toBe(1);
  await shot(officer.page, "officer-ticket-out");
  await officer.page.getByRole("button", { name: "Không thu về" }).click();
  await answerOnPage(officer.page, "Không thu về");
  await expect.poll(() => textOf(officer.page, "#live")).toMatch(/1\s*không thu về/i);
  // The kiosk drops the ballot it was showing.
  await expect.poll(() => textOf(kiosk.page, "#kiosk"), { timeout: 10_000 }).not.toContain("Người thứ 1 /");
  await shot(kiosk.page, "kiosk-after-void");
  await expect.poll(() => textOf(officer.page, "#live")).toMatch(/2\s*phiếu thu về/);
  // A resident already checked in cannot be given a second ballot.
  await officer.page.getByLabel(/Tìm trong danh sách/).fill(first.fullName);
  const again = officer.page.locator("#results tbody tr", { hasText: first.fullName });
  await expect.poll(() => again.count()).toBe(1);
  expect(await again.getByRole("button", { name: "Phát phiếu" }).count()).toBe(0);
  await shot(officer.page, "officer-console-three-checked-in");

  // --- Close and sign ---------------------------------------------------------------------------
  await officer.page.getByRole("link", { name: "Kết thúc và kiểm phiếu" }).click();
  await officer.page.waitForURL(/ket-thuc$/);
  const counts = await textOf(officer.page, "[data-counts]");
  expect(counts).toMatch(/Phiếu phát ra\s*3/);
  expect(counts).toMatch(/Phiếu thu về\s*2/);
  await shot(officer.page, "officer-close-confirm");
  await officer.page.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).click();
  await officer.page.waitForURL(/bien-ban\/\d{4}-\d{2}-\d{2}$/);
  const minutesUrl = officer.page.url();
  expect(minutesUrl.endsWith(DAY)).toBe(true);
  const minutes = officer.page.locator("#minutes");
  expect(await minutes.textContent()).toContain("Đã ký: 0 chữ ký (cần 2)");
  expect(await minutes.locator(".check-failed").count()).toBe(0);
  await shot(officer.page, "minutes-unsigned");
  await officer.page.getByLabel("Mật khẩu của bạn").fill(PASSWORD);
  await officer.page.getByRole("button", { name: "Ký biên bản" }).click();
  await expect.poll(() => minutes.textContent()).toContain("Đã ký: 1 chữ ký (cần 2)");
  await shot(officer.page, "minutes-one-signature");
  await secretary.page.goto(minutesUrl);
  await secretary.page.getByLabel("Mật khẩu của bạn").fill(PASSWORD);
  await secretary.page.getByRole("button", { name: "Ký biên bản" }).click();
  await expect.poll(() => textOf(secretary.page, "#minutes")).toContain("đã đủ chữ ký");
  await shot(secretary.page, "minutes-complete");
  // After the close the kiosk no longer invites residents.
  await expect
    .poll(() => textOf(kiosk.page, "#kiosk"), { timeout: 15_000 })
    .toContain("Đã kết thúc lấy phiếu");
  await shot(kiosk.page, "kiosk-closed");

  // --- The board checks and reads the results ---------------------------------------------------
  await board.page.getByRole("link", { name: "Tiến độ", exact: true }).click();
  await shot(board.page, "board-progress");
  // Every kiosk on demand, kept when the page redraws itself (every 5 s).
  await board.page.getByRole("link", { name: "Xem danh sách từng máy" }).click();
  await expect.poll(() => textOf(board.page, "#progress-kiosk-list")).toContain("Tất cả máy ghi phiếu");
  // The next redraw of #progress (every 5 s) replaces the section: the block is moved into the new one.
  await board.page.evaluate(() => document.querySelector("#progress")?.setAttribute("data-drawn-before", ""));
  await expect
    .poll(
      () => board.page.evaluate(() => document.querySelector("#progress")?.hasAttribute("data-drawn-before")),
      {
        timeout: 15_000,
      },
    )
    .toBe(false);
  const kept = await textOf(board.page, "#progress-kiosk-list");
  expect(kept).toContain("Tất cả máy ghi phiếu");
  expect(kept).toMatch(/Máy 1\s*Sẵn sàng|Máy 1.*hq-/s);
  await shot(board.page, "board-progress-kiosks");
  // The same page on a tablet, both ways, and back to the laptop.
  const laptop = board.page.viewportSize();
  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 1280 },
  ]) {
    await board.page.setViewportSize(size);
    await board.page.locator("#progress-kiosks").scrollIntoViewIfNeeded();
    await shot(board.page, `board-progress-kiosks-${size.width}x${size.height}`);
  }
  if (laptop) await board.page.setViewportSize(laptop);
  await board.page.getByRole("link", { name: "Kết quả", exact: true }).click();
  await board.page.getByRole("button", { name: "Kiểm tra tất cả" }).click();
  await expect.poll(() => textOf(board.page, "#results")).toContain("Đã kiểm tra 1 biên bản: 1 khớp");
  await shot(board.page, "board-results");
  const results = await textOf(board.page, "#results");
  for (const o of OFFICIALS) expect(results).toContain(o.name);
  // Every point of the day is closed and verified: the page no longer says "Đang lấy phiếu".
  expect(results).toContain("Các điểm đã kết thúc và đã kiểm tra — chờ xác nhận kết quả");
  // Đỗ Thanh Hường: two "tín nhiệm cao" of two ballots collected.
  const hường = board.page.locator("#results tr", { hasText: OFFICIALS[0]?.name ?? "" }).first();
  expect(await hường.textContent()).toMatch(/100,00/);

  const minutesText = await pdf(
    board.context,
    `${server.url}${new URL(minutesUrl).pathname.replace("/to-cong-tac/", "/ban-to-chuc/")}/bien-ban.pdf`,
    "minutes",
  );
  expect(minutesText).toContain("BIÊN BẢN KIỂM PHIẾU");
  expect(minutesText).toContain("Võ Ngọc Hoa");
  expect(minutesText).not.toContain("BẢN CHƯA ĐỦ CHỮ KÝ");
  const resultsText = await pdf(board.context, `${server.url}/ban-to-chuc/ket-qua/ket-qua.pdf`, "results");
  expect(resultsText).toContain("Đặng Quang Long");
  expect(resultsText).toContain("Ban Tổ chức Huyện ủy");

  expect([...board.errors, ...officer.errors, ...secretary.errors, ...kiosk.errors]).toEqual([]);
  for (const d of [board, officer, secretary, kiosk]) await d.context.close();
}, 240_000);
