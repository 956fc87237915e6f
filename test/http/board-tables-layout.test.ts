import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { aggregateCampaign } from "../aggregate-helpers.ts";
import { IN_PROCESS, launchBrowser, serveAppWithoutScript } from "../e2e/harness.ts";
import { Client, makeApp } from "../helpers.ts";

/**
 * The board's wide tables as a person sees them in Chromium, at the tablet and laptop sizes of the
 * field: the page is the app's own answer (its CSS and font through the same routes), drawn at each
 * viewport. On an upright tablet a table wider than its box says so above it and the box scrolls,
 * not the page; a point's code and name take at most two lines; on a laptop nothing scrolls and
 * nothing says it does.
 */

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let board: Client;

beforeAll(async () => {
  const t = makeApp();
  const c = await aggregateCampaign(t);
  // Signed and checked points: the widest state badge is in the table.
  await c.closeAndSignAll(["PD-T1"]);
  board = new Client(t, "192.0.2.31");
  const res = await board.login("bantochuc");
  if (res.status !== 303) throw new Error(`board login failed: ${res.status}`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens `path` of the test app in Chromium at `width`×`height`, with its CSS and font; no script. */
async function open(path: string, width: number, height: number): Promise<Page> {
  const context = await browser.browser.newContext({ viewport: { width, height }, locale: "vi-VN" });
  const page = await context.newPage();
  // Layout only: no htmx (the progress page would poll the test app every five seconds).
  await serveAppWithoutScript(page, board);
  await page.goto(`${IN_PROCESS}${path}`);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

type Box = { overflows: boolean; hint: string | null; pageScrolls: boolean };

/** The box around the table `selector`: wider than it shows? and the line above it, if one shows. */
const boxOf = (page: Page, selector: string): Promise<Box> =>
  page.locator(selector).evaluate((table) => {
    const scroller = table.closest(".table-scroll");
    const hint = scroller?.parentElement?.querySelector(".scroll-hint");
    const shown =
      hint instanceof HTMLElement && hint.offsetHeight > 0 && getComputedStyle(hint).visibility === "visible";
    return {
      overflows: scroller ? scroller.scrollWidth > scroller.clientWidth : false,
      hint: shown ? (hint.textContent ?? "").replace(/\s+/g, " ").trim() : null,
      pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
  });

/** How many lines each of the table's point cells (code and name) takes. */
const pointLines = (page: Page, selector: string): Promise<Record<string, number>> =>
  page.locator(`${selector} td.point-cell`).evaluateAll((cells) =>
    Object.fromEntries(
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = Array.from(range.getClientRects())
          .filter((r) => r.width > 0)
          .map((r) => r.top)
          .sort((a, b) => a - b);
        const lines = tops.filter((top, i) => i === 0 || top - (tops[i - 1] ?? top) > 8).length;
        return [(cell.textContent ?? "").replace(/\s+/g, " ").trim(), lines];
      }),
    ),
  );

const HINT = "↔ Bảng rộng hơn màn hình: vuốt hoặc kéo bảng sang ngang để xem các cột bên phải.";

type Span = { text: string; left: number; right: number };
type Scrolled = {
  scrolledBy: number;
  /** The cells naming each row, where they are drawn relative to the box, and whether they are on top there. */
  names: (Span & { onTop: boolean })[];
  /** The full-width notes' text, where its lines start and end relative to the box. */
  notes: Span[];
};

/**
 * The table `selector` scrolled in its box to `to` (the start or as far right as it goes): where the
 * naming cells (`names`) and the text of the notes (`notes`) are drawn, as x offsets from the box's
 * left edge (the box is `width` wide). A cell "on top" is the one a finger at its middle touches
 * (nothing scrolled over it).
 */
const scrolledTo = (
  page: Page,
  selector: string,
  to: "start" | "end",
  names: string,
  notes: string,
): Promise<Scrolled & { width: number }> =>
  page.locator(selector).evaluate(
    async (table, [to, names, notes]) => {
      const box = table.closest(".table-scroll");
      if (!(box instanceof HTMLElement)) throw new Error("no .table-scroll around the table");
      box.scrollLeft = to === "end" ? box.scrollWidth : 0;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const edge = box.getBoundingClientRect();
      const text = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
      const textSpan = (el: Element): Span => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        return {
          text: text(el),
          left: Math.round(Math.min(...rects.map((r) => r.left)) - edge.left),
          right: Math.round(Math.max(...rects.map((r) => r.right)) - edge.left),
        };
      };
      return {
        width: Math.round(edge.width),
        scrolledBy: Math.round(box.scrollLeft),
        names: Array.from(table.querySelectorAll(names)).map((cell) => {
          // The page (not the box) scrolled to bring the cell on screen: a finger can only touch what shows.
          window.scrollTo(0, window.scrollY + cell.getBoundingClientRect().top - window.innerHeight / 2);
          const r = cell.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return {
            text: text(cell),
            left: Math.round(r.left - edge.left),
            right: Math.round(r.right - edge.left),
            onTop: hit !== null && cell.contains(hit),
          };
        }),
        notes: Array.from(table.querySelectorAll(notes)).map(textSpan),
      };
    },
    [to, names, notes] as const,
  );

/** Every name cell at the box's left edge and on top, and every note's text inside the box. */
function expectInView(at: Scrolled & { width: number }, nameCount: number, noteCount: number) {
  expect(at.names).toHaveLength(nameCount);
  expect(at.notes).toHaveLength(noteCount);
  // Listed here if not: a naming cell scrolled away or covered, a note's line cut by the box.
  expect(at.names.filter((n) => n.left !== 0 || n.right > at.width || !n.onTop)).toEqual([]);
  expect(at.notes.filter((n) => n.left < 0 || n.right > at.width)).toEqual([]);
}

describe("the board's wide tables on a tablet and a laptop", () => {
  it("layout - upright tablet (800×1280): the progress, points and contributions tables scroll in their box with a line saying so; a point's name takes at most two lines", async () => {
    const progress = await open(paths.board.progress, 800, 1280);
    expect(await boxOf(progress, "table.progress-table")).toEqual({
      overflows: true,
      hint: HINT,
      pageScrolls: false,
    });
    const progressLines = await pointLines(progress, "table.progress-table");
    expect(Object.keys(progressLines)).toContain("HQ-T1 Thôn 1, Xã Hương Quang");
    // Every point named in two lines at most (listed here if not).
    expect(Object.entries(progressLines).filter(([, lines]) => lines > 2)).toEqual([]);
    await progress.context().close();

    const results = await open(paths.results.page, 800, 1280);
    expect(await boxOf(results, "table[data-points]")).toEqual({
      overflows: true,
      hint: HINT,
      pageScrolls: false,
    });
    const resultsLines = await pointLines(results, "table[data-points]");
    expect(Object.keys(resultsLines)).toHaveLength(5);
    // Every point named in two lines at most (listed here if not).
    expect(Object.entries(resultsLines).filter(([, lines]) => lines > 2)).toEqual([]);
    await results.context().close();

    // One official's contributions, point by point: the same box, not a page wider than the screen.
    const official = await open(paths.results.official("HQ-01"), 800, 1280);
    expect(await boxOf(official, "table[data-contributions]")).toEqual({
      overflows: true,
      hint: HINT,
      pageScrolls: false,
    });
    await official.context().close();
  }, 30_000);

  it("layout - upright tablet (800×1280): scrolled to the right, each row's point or official stays at the box's left edge, and a note across a row (alerts, the legal consequence) is read whole inside the box", async () => {
    const progress = await open(paths.board.progress, 800, 1280);
    // Point-days (5), the totals of two new communes and of the campaign, and the heading "Điểm".
    const progressNames = "thead th:first-child, td.point-cell, tr[data-total] > th";
    const progressNotes = "tr.progress-alert-row li";
    const progressStart = await scrolledTo(
      progress,
      "table.progress-table",
      "start",
      progressNames,
      progressNotes,
    );
    expect(progressStart.scrolledBy).toBe(0);
    expectInView(progressStart, 9, 5);
    const progressEnd = await scrolledTo(
      progress,
      "table.progress-table",
      "end",
      progressNames,
      progressNotes,
    );
    expect(progressEnd.scrolledBy).toBeGreaterThan(200);
    expectInView(progressEnd, 9, 5);
    expect(progressEnd.notes.map((n) => n.text)).toContain(
      "Lưu ý: Đã kết thúc nhưng biên bản chưa đủ chữ ký (ít nhất 2 cán bộ, trong đó có Tổ trưởng).",
    );
    // A commune's name heading its rows stays in view too.
    const groups = await scrolledTo(
      progress,
      "table.progress-table",
      "end",
      "td.point-cell",
      "tr.group-new th, tr.group-old th",
    );
    expect(groups.notes.map((n) => n.text)).toContain("Xã Hương Quang (xã cũ)");
    expect(groups.notes.filter((n) => n.left < 0 || n.right > groups.width)).toEqual([]);
    await progress.context().close();

    const results = await open(paths.results.page, 800, 1280);
    // The official's name (the row number beside it may scroll away), and the rule under a flagged one.
    const officialNames = "thead th:nth-child(2), td.official-cell";
    const rules = "tr.flagged-rule p";
    const resultsStart = await scrolledTo(results, "table[data-officials]", "start", officialNames, rules);
    expect(resultsStart.notes.filter((n) => n.left < 0 || n.right > resultsStart.width)).toEqual([]);
    const resultsEnd = await scrolledTo(results, "table[data-officials]", "end", officialNames, rules);
    expect(resultsEnd.scrolledBy).toBeGreaterThan(200);
    expectInView(resultsEnd, 5, 2);
    expect(resultsEnd.names.map((n) => n.text)).toContainEqual(expect.stringMatching(/^Đặng Quang Long/));
    expect(resultsEnd.notes.map((n) => n.text).join(" ")).toContain("số phiếu tín nhiệm thấp quá nửa");
    // The points of the results, the same way.
    const pointsEnd = await scrolledTo(
      results,
      "table[data-points]",
      "end",
      "thead th:first-child, td.point-cell",
      "none",
    );
    expect(pointsEnd.scrolledBy).toBeGreaterThan(100);
    expectInView(pointsEnd, 6, 0);
    await results.context().close();
  }, 30_000);

  it("layout - upright tablet (800×1280): the board's points list scrolls in its box, not the page; a point's code is never broken and stays at the box's left edge", async () => {
    const points = await open(paths.board.points, 800, 1280);
    expect(await boxOf(points, "table[data-points-list]")).toEqual({
      overflows: true,
      hint: HINT,
      pageScrolls: false,
    });
    const codeLines = await points.locator("table[data-points-list] td.code-cell").evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        return `${(cell.textContent ?? "").trim()}: ${tops.size}`;
      }),
    );
    expect(codeLines).toContain("HQ-T1: 1");
    // Listed here if not: a code broken at its hyphen ("HD-" / "T1").
    expect(codeLines.filter((l) => !l.endsWith(": 1"))).toEqual([]);
    const end = await scrolledTo(
      points,
      "table[data-points-list]",
      "end",
      "thead th:first-child, td.code-cell",
      "none",
    );
    expect(end.scrolledBy).toBeGreaterThan(100);
    expectInView(end, codeLines.length + 1, 0);
    await points.context().close();
  }, 30_000);

  it("layout - upright tablet (800×1280): the board's list of kiosks keeps a point's code and a kiosk's name on one line", async () => {
    const kiosks = await open(paths.board.progressKiosks, 800, 1280);
    const lines = await kiosks.locator("tr[data-kiosk] td:nth-child(-n + 2)").evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        return `${(cell.textContent ?? "").trim()}: ${tops.size}`;
      }),
    );
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines).toContain("HQ-T1: 1");
    expect(lines).toContain("Máy 1: 1");
    // Listed here if not: a code or a name broken over two lines.
    expect(lines.filter((l) => !l.endsWith(": 1"))).toEqual([]);
    expect(await boxOf(kiosks, "table:has(tr[data-kiosk])")).toMatchObject({ pageScrolls: false });
    await kiosks.context().close();
  }, 30_000);

  it("layout - laptop (1366×768) and landscape tablet (1280×800): the board's ten places fit one row above the progress and results tables, and on the set-up pages too", async () => {
    for (const [width, height] of [
      [1366, 768],
      [1280, 800],
    ] as const) {
      for (const path of [
        paths.board.progress,
        paths.results.page,
        paths.board.points,
        paths.board.communes,
      ]) {
        const page = await open(path, width, height);
        const rows = await page.locator(".setup-nav a").evaluateAll((links) => {
          const byTop = new Map<number, string[]>();
          for (const a of links) {
            const top = Math.round(a.getBoundingClientRect().top);
            byTop.set(top, [...(byTop.get(top) ?? []), (a.textContent ?? "").trim()]);
          }
          return [...byTop.values()];
        });
        expect({ width, path, rows }).toEqual({
          width,
          path,
          rows: [
            [
              "Tổng quan",
              "Đợt lấy phiếu",
              "Xã",
              "Người được lấy phiếu",
              "Điểm lấy phiếu",
              "Tổ công tác",
              "Đóng dấu",
              "Tiến độ",
              "Kết quả",
              "Nhật ký",
            ],
          ],
        });
        await page.context().close();
      }
    }
  }, 30_000);

  it("layout - laptop (1366×768) and landscape tablet (1280×800): the progress table fits, and no line says it scrolls", async () => {
    for (const [width, height] of [
      [1366, 768],
      [1280, 800],
    ] as const) {
      const progress = await open(paths.board.progress, width, height);
      expect({ width, ...(await boxOf(progress, "table.progress-table")) }).toEqual({
        width,
        overflows: false,
        hint: null,
        pageScrolls: false,
      });
      await progress.context().close();
    }
  }, 30_000);
});
