import { Database } from "bun:sqlite";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { answerOnPage, SCREENSHOTS, screenshot, serverAndBrowser } from "./harness.ts";

/**
 * Close of day as its users see it (issue #10): the officer's console after a few ballots, the
 * "Kết thúc và kiểm phiếu" confirmation (blocked by a kiosk holding a ticket, then ready), the
 * minutes before and after each of two signatures, a failed reconciliation in red, the board's view
 * with the reopen form, and the PDF, each photographed at tablet (both ways) and laptop sizes.
 */

const e2e = serverAndBrowser();

/** Two incidents as an officer types them on the close page, one per line (the browser's "Xem lại" sends CR LF). */
const INCIDENTS = ["Máy 1 hết pin lúc 10 giờ, đã cắm sạc dự phòng", "Mất điện 5 phút lúc 14 giờ"];
const INCIDENT = INCIDENTS.join("\n");

const SIZES = [
  { width: 1280, height: 800 }, // tablet, landscape
  { width: 800, height: 1280 }, // tablet, portrait
  { width: 1366, height: 768 }, // laptop
] as const;

/**
 * The screen as a person sees it at each size (viewport-sized: the top, and around `scrollTo` when
 * given), and the whole page once.
 */
async function shots(page: Page, name: string, scrollTo?: string): Promise<void> {
  // First what the person sees right now, where the last action left the page.
  await screenshot(page, { path: join(SCREENSHOTS, `close-${name}-now.png`) });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, { path: join(SCREENSHOTS, `close-${name}-${size.width}x${size.height}.png`) });
    if (scrollTo) {
      await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
      await screenshot(page, {
        path: join(SCREENSHOTS, `close-${name}-${size.width}x${size.height}-lower.png`),
      });
    }
  }
  await page.setViewportSize(SIZES[0]);
  await screenshot(page, { path: join(SCREENSHOTS, `close-${name}-full.png`), fullPage: true });
}

async function newPage(b: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await b.newContext({ viewport: SIZES[0], locale: "vi-VN" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // No browser dialog anywhere (issue #14): one appearing is an error.
  page.on("dialog", (d) => {
    errors.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, errors };
}

async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${e2e.server.url}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill("tinnhiem-demo");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap"));
}

/** A kiosk driven over HTTP (its own cookies), the way the kiosk page's own requests go. */
class Kiosk {
  private constructor(private readonly context: BrowserContext) {}

  static async open(b: Browser): Promise<Kiosk> {
    return new Kiosk(await b.newContext());
  }

  /** The 8-digit code the kiosk shows once an officer opened the point's pairing window. */
  async code(pointId: string): Promise<string> {
    // With several points pairing at once the kiosk asks where it stands: this one's point.
    const html = await (await this.context.request.get(`${e2e.server.url}/kiosk?diem=${pointId}`)).text();
    const code = html.match(/data-pairing-code="(\d{8})"/)?.[1];
    if (!code) throw new Error("no pairing code on the kiosk screen");
    return code;
  }

  private get request(): APIRequestContext {
    return this.context.request;
  }

  /**
   * What a real kiosk's idle poll does every second: tells the server it is there. This one asks only
   * between ballots, so before each hand-off it says so; otherwise, on a slow machine, more than 15 s
   * since its last recorded contact made it "offline" and the console offered no "Phát phiếu".
   */
  async seen(): Promise<void> {
    const res = await this.request.get(`${e2e.server.url}/kiosk`);
    expect(res.status()).toBe(200);
  }

  /** Waits for the ticket the officer just issued and casts `marks` (official code → level). */
  async vote(marks: Record<string, string>): Promise<void> {
    let ticket: string | undefined;
    await expect
      .poll(
        async () => {
          const res = await this.request.get(`${e2e.server.url}/kiosk/cho`, {
            headers: { "HX-Request": "true" },
          });
          ticket =
            res.status() === 200 ? (await res.text()).match(/data-ticket-id="([^"]+)"/)?.[1] : undefined;
          return ticket !== undefined;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const csrf = (await this.context.cookies()).find((c) => c.name === "tn_csrf")?.value ?? "";
    const form: Record<string, string> = { _csrf: csrf, t: ticket ?? "" };
    for (const [code, level] of Object.entries(marks)) if (level !== "") form[`m.${code}`] = level;
    // A row left blank is allowed once the resident confirms it (DESIGN §3).
    if (Object.values(marks).includes("")) form["confirmBlank"] = "1";
    const res = await this.request.post(`${e2e.server.url}/kiosk/phieu`, {
      form,
      headers: { "HX-Request": "true" },
    });
    expect(await res.text()).toContain("đã được ghi nhận");
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

const OFFICIALS = ["HQ-01", "HQ-02", "HQ-03", "HQ-04", "HQ-05", "HQ-06"];
const all = (level: string, overrides: Record<string, string> = {}) => ({
  ...Object.fromEntries(OFFICIALS.map((c) => [c, level])),
  ...overrides,
});

/**
 * Opens the officer's point, pairs the kiosk (pairing window, the code the kiosk shows, then a
 * second officer of the point confirms on their own screen) and returns the point's console URL.
 */
async function openPoint(
  page: Page,
  pointCode: string,
  kiosk: Kiosk,
  secondOfficer: string,
): Promise<string> {
  await page.getByRole("link", { name: new RegExp(pointCode) }).click();
  await page.getByRole("button", { name: "Mở điểm lấy phiếu" }).click();
  await answerOnPage(page, "Mở điểm lấy phiếu");
  await expect.poll(() => page.locator("#live").textContent()).toContain("Báo cáo số 0");
  await page.getByRole("button", { name: "Kết nối máy mới" }).click();
  await expect.poll(() => page.locator("#pair-form").textContent()).toContain("Đang mở kết nối đến");
  const pointId = page.url().match(/diem\/(\d+)/)?.[1] ?? "";
  await page.getByLabel(/Nhập mã 8 số/).fill(await kiosk.code(pointId));
  await page.getByRole("button", { name: "Kết nối máy", exact: true }).click();
  await expect.poll(() => page.locator("#pair-form").textContent()).toContain("Đã kết nối Máy 1.");
  const second = await newPage(e2e.browser.browser);
  await login(second.page, secondOfficer);
  await second.page.getByRole("link", { name: new RegExp(pointCode) }).click();
  await second.page.locator("#live").getByRole("button", { name: "Xác nhận" }).click();
  await answerOnPage(second.page, "Xác nhận");
  await expect.poll(() => second.page.locator("#kiosk-message").textContent()).toContain("Đã xác nhận Máy 1");
  await second.context.close();
  return page.url();
}

/** Searches that each find residents on the synthetic rosters (a new search each time). */
const NAMES = ["nguyen", "tran", "le", "pham", "hoang", "ngo"];

/** "Phát phiếu" to the next resident found by `query` who has not had a ballot yet. */
async function issue(page: Page, query: string): Promise<void> {
  await page.getByLabel(/Tìm trong danh sách/).fill(query);
  const button = page.locator("#results").getByRole("button", { name: "Phát phiếu" }).first();
  await expect.poll(() => button.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await button.click();
  await answerOnPage(page, /Phát phiếu ở Máy/);
  await expect.poll(() => page.locator("#checkin").textContent()).toContain("Đã phát phiếu cho");
}

it("e2e close - confirmation, minutes signed by two officers, the PDF, and the board's reopen form", async () => {
  const officer = await newPage(e2e.browser.browser);
  const kiosk = await Kiosk.open(e2e.browser.browser);
  await login(officer.page, "hq-t1-1");
  const consoleUrl = await openPoint(officer.page, "HQ-T1", kiosk, "hq-t1-2");
  const pointId = consoleUrl.match(/diem\/(\d+)/)?.[1] ?? "";

  const votes = [
    all("high"),
    all("medium", { "HQ-02": "low" }),
    all("high", { "HQ-02": "low", "HQ-05": "medium" }),
    all("low", { "HQ-01": "high" }),
    all("medium", { "HQ-06": "" }),
    all("high", { "HQ-03": "low" }),
  ];
  for (const [i, marks] of votes.entries()) {
    await kiosk.seen();
    await issue(officer.page, NAMES[i] ?? "");
    await kiosk.vote(marks);
  }
  // The last cast reaches the console by the panel's own poll (within its 2-s period), not at once.
  await expect
    .poll(() => officer.page.locator("#live").textContent(), { timeout: 10_000 })
    .toMatch(/6\s*phiếu thu về/);
  // Cast at once after each hand-off, the ballots were faster than a person can: Máy 1, ready
  // ("Sẵn sàng", a green tile), carries the red badge, wrapped inside its tile at every size.
  const badge = officer.page.locator("#live .kiosk-idle .badge-error");
  await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(1);
  expect(await badge.textContent()).toBe("gửi phiếu nhanh bất thường");
  for (const size of SIZES) {
    await officer.page.setViewportSize(size);
    const look = await badge.evaluate((b) => {
      const tile = b.closest("li")?.getBoundingClientRect();
      const box = b.getBoundingClientRect();
      return {
        color: getComputedStyle(b).color,
        background: getComputedStyle(b).backgroundColor,
        inside: !!tile && box.left >= tile.left && box.right <= tile.right,
      };
    });
    // --error and --error-bg (views/assets/app.css), not the ready tile's green.
    expect(look, `${size.width}×${size.height}`).toEqual({
      color: "rgb(162, 29, 29)",
      background: "rgb(253, 234, 234)",
      inside: true,
    });
    await screenshot(officer.page, {
      path: join(SCREENSHOTS, `close-fast-badge-${size.width}x${size.height}.png`),
    });
  }
  await officer.page.setViewportSize(SIZES[0]);

  // The officer opens the confirmation and notes the day's incident; meanwhile, at the desk, a
  // colleague hands a seventh resident a ballot (a second tab of the same login).
  await officer.page.getByRole("link", { name: "Kết thúc và kiểm phiếu" }).click();
  await officer.page.waitForURL(/ket-thuc$/);
  await officer.page.getByLabel(/Sự cố trong ngày/).fill(INCIDENT);
  const desk = await officer.context.newPage();
  await desk.goto(consoleUrl);
  await kiosk.seen();
  await issue(desk, "vo");
  await desk.goto(consoleUrl);
  await expect.poll(() => desk.locator("#live").textContent()).toMatch(/6\s*phiếu thu về/);
  await shots(desk, "console");

  // "Kết thúc" now is refused: the kiosk holds the seventh resident's ballot. What was typed stays.
  await officer.page.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).click();
  const close = officer.page.locator("#close");
  await expect.poll(() => close.textContent()).toContain("Máy 1 đang có phiếu của cử tri");
  expect(await close.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).count()).toBe(0);
  expect(await officer.page.locator("#incidents-kept").inputValue()).toBe(INCIDENT);
  await shots(officer.page, "confirm-blocked");

  // The resident left: "Không thu về" at the desk; "Xem lại" brings the form back, text and all.
  await desk.getByRole("button", { name: "Không thu về" }).click();
  await answerOnPage(desk, "Không thu về");
  await expect.poll(() => desk.locator("#live").textContent()).toMatch(/1\s*không thu về/i);
  await officer.page.getByRole("button", { name: "Xem lại" }).click();
  await officer.page.waitForURL(/ket-thuc\?su-co=/);
  expect(await officer.page.locator("#incidents").inputValue()).toBe(INCIDENT);
  const counts = await officer.page.locator("[data-counts]").textContent();
  expect(counts).toMatch(/Phiếu phát ra\s*7/);
  expect(counts).toMatch(/Phiếu thu về\s*6/);
  await shots(officer.page, "confirm-ready");
  // At each size the button is whole on the first screen, under the counts and what it does (the
  // page as it first opens: no refusal shown, no lost or re-issued tickets), once the fonts are in.
  await officer.page.evaluate(() => document.fonts.ready.then(() => undefined));
  for (const size of SIZES) {
    await officer.page.setViewportSize(size);
    await officer.page.evaluate(() => window.scrollTo(0, 0));
    const box = await officer.page.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).boundingBox();
    expect(box && box.y + box.height, `${size.width}×${size.height}`).toBeLessThanOrEqual(size.height);
  }
  await officer.page.setViewportSize(SIZES[0]);
  await officer.page.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).click();
  await officer.page.waitForURL(/bien-ban\/\d{4}-\d{2}-\d{2}$/);
  const minutesUrl = officer.page.url();
  const day = minutesUrl.slice(-10);

  // The minutes, unsigned: every check passes, nobody has signed, the sign form is there.
  const minutes = officer.page.locator("#minutes");
  expect(await minutes.locator(".check-failed").count()).toBe(0);
  expect(await minutes.textContent()).toContain("Đã ký: 0 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng");
  await expect.poll(() => officer.page.getByLabel("Mật khẩu của bạn").count()).toBe(1);
  // The incidents typed before the refused close are in the minutes, each as typed.
  for (const line of INCIDENTS) expect(await minutes.textContent()).toContain(line);
  await shots(officer.page, "minutes-unsigned", "#sign-password");

  // A wrong password: said in words, nothing signed.
  await officer.page.getByLabel("Mật khẩu của bạn").fill("sai-mat-khau");
  await officer.page.getByRole("button", { name: "Ký biên bản" }).click();
  await expect.poll(() => minutes.textContent()).toContain("Mật khẩu không đúng");
  // The cursor is back in the password field, with the reason right above it.
  expect(await officer.page.evaluate(() => document.activeElement?.id)).toBe("sign-password");
  await shots(officer.page, "minutes-wrong-password", "#sign-password");

  await officer.page.getByLabel("Mật khẩu của bạn").fill("tinnhiem-demo");
  await officer.page.getByRole("button", { name: "Ký biên bản" }).click();
  await expect.poll(() => minutes.textContent(), { timeout: 15_000 }).toContain("cần thêm chữ ký");
  expect(await minutes.textContent()).toContain("Đã ký: 1 chữ ký (cần 2), đã có chữ ký của Tổ trưởng");
  expect(await minutes.getByLabel("Mật khẩu của bạn").count()).toBe(0);
  // What comes next is where the form was, and has the focus (so it is on screen).
  const next = officer.page.locator("#next");
  expect(await next.textContent()).toContain("Việc tiếp theo");
  expect(await next.textContent()).toContain("Trần Xuân Nam (Thư ký)");
  expect(await officer.page.evaluate(() => document.activeElement?.id)).toBe("next");
  await shots(officer.page, "minutes-one-signature", "#next");

  // The Thư ký signs on her own device: complete.
  const second = await newPage(e2e.browser.browser);
  await login(second.page, "hq-t1-2");
  await second.page.goto(minutesUrl);
  await second.page.getByLabel("Mật khẩu của bạn").fill("tinnhiem-demo");
  await second.page.getByRole("button", { name: "Ký biên bản" }).click();
  const done = second.page.locator("#minutes");
  // Signing unseals a key and verifies the minutes: seconds on a loaded machine.
  await expect.poll(() => done.textContent(), { timeout: 15_000 }).toContain("đã đủ chữ ký");
  // Over the signatures needed, as the console and the officer's home say it (not "2/3").
  expect(await done.textContent()).toContain("Đủ chữ ký: 2 chữ ký (cần 2), đã có chữ ký của Tổ trưởng");
  expect(await done.textContent()).toContain("Việc còn lại: tải bản PDF");
  await shots(second.page, "minutes-complete", "#next");

  // The desk's console, left open on the check-in during the close, reloaded by itself: no search,
  // no pairing, no kiosk action but "Ngắt"; the day's end, the final counts and the signed minutes.
  await expect.poll(() => desk.locator("#day-closed").count(), { timeout: 15_000 }).toBe(1);
  await desk.reload();
  const closedConsole = (await desk.locator("main").textContent()) ?? "";
  expect(closedConsole).toContain("Đủ chữ ký: 2 chữ ký (cần 2), đã có chữ ký của Tổ trưởng.");
  expect(closedConsole).toMatch(/6\s*phiếu thu về/);
  expect(closedConsole).toContain("Đã kết thúc ngày");
  expect(closedConsole).toContain("Trong ngày, máy đã gửi phiếu nhanh bất thường.");
  for (const gone of ["Kết nối máy mới", "Sẵn sàng", "Tạm dừng"]) expect(closedConsole).not.toContain(gone);
  expect(await desk.locator("#q").count()).toBe(0);
  // The kiosks' one action left: "Ngắt" (a point voting again another day keeps its kiosks).
  expect(await desk.locator("#live button:visible").allTextContents()).toEqual(["Ngắt"]);
  await shots(desk, "console-closed");

  // The PDF, as downloaded, rendered page by page.
  const pdf = await officer.context.request.get(`${minutesUrl}/bien-ban.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const dir = join(SCREENSHOTS, "close-pdf");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "minutes.pdf"), await pdf.body());
  execFileSync("pdftoppm", ["-r", "80", "-png", join(dir, "minutes.pdf"), join(dir, "page")]);
  const pdfText = execFileSync("pdftotext", ["-raw", join(dir, "minutes.pdf"), "-"], { encoding: "utf8" });
  expect(pdfText).toContain("BIÊN BẢN KIỂM PHIẾU");
  expect(pdfText).toContain("Đỗ Thanh Hường");
  // Signed by enough officers: the printout does not call itself a draft.
  expect(pdfText).not.toContain("BẢN CHƯA ĐỦ CHỮ KÝ");

  // The board reads the same minutes and sees how to reopen them.
  const board = await newPage(e2e.browser.browser);
  await login(board.page, "bantochuc");
  await board.page.goto(`${e2e.server.url}/ban-to-chuc/diem/${pointId}/bien-ban/${day}`);
  const boardView = board.page.locator("#minutes");
  expect(await boardView.textContent()).toContain("Đủ chữ ký: 2 chữ ký (cần 2), đã có chữ ký của Tổ trưởng");
  expect(await board.page.getByLabel(/Lý do mở lại/).count()).toBe(1);
  await shots(board.page, "board-minutes", "#reopen-reason");
  await board.page.getByRole("button", { name: "Mở lại biên bản" }).click();
  await answerOnPage(board.page, "Mở lại biên bản");
  await expect.poll(() => boardView.textContent()).toContain("Ghi rõ lý do mở lại biên bản");
  expect(await board.page.evaluate(() => document.activeElement?.id)).toBe("reopen-reason");
  await shots(board.page, "board-reopen-no-reason", "#reopen");
  await board.page.getByLabel(/Lý do mở lại/).fill("Ghi nhầm người ký biên bản, tổ công tác ký lại");
  await board.page.getByRole("button", { name: "Mở lại biên bản" }).click();
  await answerOnPage(board.page, "Mở lại biên bản");
  await expect.poll(() => boardView.textContent()).toContain("Đã mở lại: phiên bản 2");
  expect(await boardView.textContent()).toContain("Đã ký: 0 chữ ký (cần 2)");
  await shots(board.page, "board-reopened");

  expect([...officer.errors, ...second.errors, ...board.errors]).toEqual([]);
  await kiosk.close();
  for (const c of [officer, second, board]) await c.context.close();
}, 180_000);

it("e2e close - a damaged ballot row: the failed reconciliation is shown in red, with a mark and words", async () => {
  const officer = await newPage(e2e.browser.browser);
  const kiosk = await Kiosk.open(e2e.browser.browser);
  await login(officer.page, "hq-t2-1");
  const consoleUrl = await openPoint(officer.page, "HQ-T2", kiosk, "hq-t2-2");
  const pointId = Number(consoleUrl.match(/diem\/(\d+)/)?.[1]);
  for (const [i, marks] of [all("high"), all("medium"), all("low", { "HQ-04": "high" })].entries()) {
    await kiosk.seen();
    await issue(officer.page, NAMES[i] ?? "");
    await kiosk.vote(marks);
  }

  // Damage one stored ballot in the ballot file, as a disk fault would.
  const ballots = new Database(BallotBox.pathBeside(e2e.server.databasePath));
  ballots.run("PRAGMA busy_timeout = 5000");
  const row = ballots
    .query<{ key: number; marks: string }, [number]>(
      "SELECT key, marks FROM slots WHERE point_id = ? AND filled = 1 LIMIT 1",
    )
    .get(pointId);
  if (!row) throw new Error("no ballot in the ballot file");
  ballots.run("UPDATE slots SET marks = ? WHERE point_id = ? AND key = ?", [
    "?".repeat(row.marks.length),
    pointId,
    row.key,
  ]);
  ballots.close();

  await officer.page.goto(`${consoleUrl}/ket-thuc`);
  await officer.page.getByRole("button", { name: "Kết thúc và kiểm phiếu" }).click();
  await officer.page.waitForURL(/bien-ban\/\d{4}-\d{2}-\d{2}$/);
  const minutes = officer.page.locator("#minutes");
  const failed = minutes.locator(".check-failed");
  expect(await failed.count()).toBeGreaterThan(0);
  expect(await failed.first().textContent()).toContain("Không khớp");
  // Red is not the only sign: the heading says so in words too.
  expect(await minutes.textContent()).toMatch(/\d+ nội dung đối chiếu không khớp/);
  const colour = await failed.first().evaluate((el) => getComputedStyle(el).color);
  expect(colour).toBe("rgb(162, 29, 29)");
  await shots(officer.page, "minutes-failed-check", ".check-failed");

  const pdf = await officer.context.request.get(`${officer.page.url()}/bien-ban.pdf`);
  const dir = join(SCREENSHOTS, "close-pdf-failed");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "minutes.pdf"), await pdf.body());
  execFileSync("pdftoppm", ["-r", "80", "-png", join(dir, "minutes.pdf"), join(dir, "page")]);
  const pdfText = execFileSync("pdftotext", ["-raw", join(dir, "minutes.pdf"), "-"], { encoding: "utf8" });
  expect(pdfText).toMatch(/KHÔNG\s+KHỚP/);
  expect(pdfText).toContain("BẢN CHƯA ĐỦ CHỮ KÝ");

  expect(officer.errors).toEqual([]);
  await kiosk.close();
  await officer.context.close();
}, 120_000);
