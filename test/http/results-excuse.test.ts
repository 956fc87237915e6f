import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { openPoint } from "../../server/services/voting.ts";
import { aggregateCampaign, DAY, NEXT_DAY } from "../aggregate-helpers.ts";
import { IN_PROCESS, launchBrowser, serveAppWithoutScript } from "../e2e/harness.ts";
import { Client, makeApp } from "../helpers.ts";
import { htmx } from "../voting-helpers.ts";

/**
 * "Không tính" leaves a point-day out of the totals for good. Trials found it offered from 08:00 on
 * a point's own day beside points that had not opened yet — communes open at the hour they
 * announced, so a point may well open later — and beside a point that had just closed, its ballots
 * counted and its minutes about to be signed. The row now offers only what the server accepts and
 * what throws no ballot of the day away, and says what it does: on its own day, before it opens,
 * the point then does not vote today.
 */

/** The row of a missing point-day and the cell of its "Không tính" column, as text. */
function missingRow(html: string, code: string): { html: string; cell: string } {
  const row = html.match(new RegExp(`<tr data-missing-point="${code}">[\\s\\S]*?</tr>`))?.[0] ?? "";
  const cell = row.match(/<td class="excuse-cell">([\s\S]*?)<\/td>/)?.[1] ?? "";
  return {
    html: row,
    cell: cell
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  };
}

describe("Không tính on a point's own day", () => {
  it("Không tính - on its own day a point not opened yet is offered with what it means (it will not vote today) and a question first; a point that voted today is not offered at all, from the next day with the ballots it sets aside named", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    // PD-T1 voted today (27/10) and closed: its team has still to sign. The others are in.
    await c.closeAndSignAll(["PD-T1"]);
    const board = new Client(t, "192.0.2.82");
    expect((await board.login("bantochuc")).status).toBe(303);
    const today = await (await board.get(paths.results.page)).text();
    const pd = missingRow(today, "PD-T1");
    expect(pd.html).not.toContain('name="reason"');
    expect(pd.html).not.toContain("Không tính</button>");
    expect(pd.cell).toBe(
      "Điểm đã lấy phiếu hôm nay: chờ biên bản của tổ công tác. Không tính được từ ngày mai, nếu cần.",
    );
    // The server holds the same rule: a form for the row as it stands is refused, nothing stored.
    const forged = await board.post(
      paths.results.excuse(c.pointId("PD-T1"), DAY),
      { reason: "Biên bản không ký được trong ngày", "tinh-trang": "unsigned" },
      htmx,
    );
    expect(forged.status).toBe(409);
    expect(await forged.text()).toContain("Điểm đã lấy phiếu hôm nay: chờ biên bản của tổ công tác.");
    expect(t.store.results.excusal(c.pointId("PD-T1"), DAY)).toBeNull();

    // 09:00 the next day: HQ-T3's day. It has not opened; its commune may open it later today.
    t.clock.advance(25 * 60 * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const morning = await (await board.get(paths.results.page)).text();
    const hq = missingRow(morning, "HQ-T3");
    expect(hq.html).toContain('name="reason"');
    expect(hq.cell).toContain("Nếu không tính, điểm không lấy phiếu hôm nay.");
    // The button asks first; the question says what happens to the point today.
    expect(hq.html).toMatch(/<button type="button" class="[^"]*" popovertarget="[^"]+">Không tính<\/button>/);
    // Many rows hold such a question: none takes the focus htmx gives the first [autofocus].
    expect(hq.html).not.toContain("autofocus");
    expect(hq.cell).toContain(
      "Không tính điểm HQ-T3 ngày 28/10/2026 vào số liệu tổng hợp? Điểm chưa mở: sau khi ghi, tổ công tác không mở được điểm nữa và cử tri của điểm không lấy phiếu hôm nay. Chỉ làm khi điểm không thể lấy phiếu hôm nay (bão, lũ…).",
    );
    expect(hq.cell).toContain("Không tính, điểm không lấy phiếu hôm nay");
    // PD-T1's day has passed, its minutes still unsigned: it may be left out now, and the question
    // names the ballots that would not count.
    const pdNext = missingRow(morning, "PD-T1");
    expect(pdNext.html).toContain('name="reason"');
    expect(pdNext.cell).toContain(
      "Không tính điểm PD-T1 ngày 27/10/2026 vào số liệu tổng hợp? 3 phiếu đã thu về của điểm sẽ không được tính; quyết định này không làm lại được.",
    );

    // Confirmed: the answer says the point does not vote today, and its team cannot open it.
    const answer = await board.post(
      paths.results.excuse(c.pointId("HQ-T3"), NEXT_DAY),
      { reason: "Thôn 3 bị ngập, không tổ chức được", "tinh-trang": "not_opened" },
      htmx,
    );
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(
      "Đã ghi: điểm này không tính vào số liệu tổng hợp và không lấy phiếu hôm nay (tổ công tác không mở được điểm nữa); lý do in trên mọi bản kết quả.",
    );
    const opened = openPoint(
      t,
      { name: "hq-t3-1", address: null },
      { campaignId: c.campaign.id, pointId: c.pointId("HQ-T3") },
    );
    expect(opened.ok ? "opened" : opened.error.code).toBe("excused");
    // The day before's point, left out today, is not said to miss today's vote.
    const pdAnswer = await board.post(
      paths.results.excuse(c.pointId("PD-T1"), DAY),
      { reason: "Tổ công tác không ký được biên bản", "tinh-trang": "unsigned" },
      htmx,
    );
    expect(await pdAnswer.text()).toContain(
      "Đã ghi: điểm này không tính vào số liệu tổng hợp, lý do in trên mọi bản kết quả.",
    );
  });

  it("Không tính - in Chromium at 1366×768 the question shows when 'Không tính' is pressed, and 'Thôi' closes it with nothing sent", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    t.clock.advance(25 * 60 * 60_000);
    const board = new Client(t, "192.0.2.83");
    expect((await board.login("bantochuc")).status).toBe(303);
    const browser = await launchBrowser();
    try {
      const context = await browser.browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "vi-VN",
      });
      const page = await context.newPage();
      const posts = await serveAppWithoutScript(page, board);
      await page.goto(`${IN_PROCESS}${paths.results.page}`);
      const row = page.locator('tr[data-missing-point="HQ-T3"]');
      await row.getByRole("button", { name: "Không tính" }).click();
      const question = page.getByRole("dialog");
      await expect.poll(() => question.isVisible()).toBe(true);
      expect(await question.textContent()).toContain("cử tri của điểm không lấy phiếu hôm nay");
      await question.getByRole("button", { name: "Thôi" }).click();
      await expect.poll(() => question.isVisible()).toBe(false);
      expect(posts).toEqual([]);
      expect(t.store.results.excusal(c.pointId("HQ-T3"), NEXT_DAY)).toBeFalsy();
    } finally {
      await browser.close();
    }
  }, 30_000);
});
