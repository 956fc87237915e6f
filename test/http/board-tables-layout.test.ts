import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { aggregateCampaign } from "../aggregate-helpers.ts";
import { launchBrowser } from "../e2e/harness.ts";
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
  await page.route("http://tn.test/**", async (route) => {
    const url = new URL(route.request().url());
    // Layout only: no htmx (the progress page would poll the test app every five seconds).
    if (url.pathname.endsWith(".js")) return route.abort();
    const res = await board.get(url.pathname + url.search);
    await route.fulfill({
      status: res.status,
      contentType: res.headers.get("Content-Type") ?? "text/html",
      body: Buffer.from(await res.arrayBuffer()),
    });
  });
  await page.goto(`http://tn.test${path}`);
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
