import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { aggregateCampaign, NEXT_DAY } from "../aggregate-helpers.ts";
import { Client, makeApp } from "../helpers.ts";
import { flat, pageTexts, requirePoppler, type Word, words } from "../pdf/poppler.ts";
import { htmx } from "../voting-helpers.ts";

/**
 * In trials a board member read a red "Từ hai phần ba trở lên" and the dismissal it brings on one
 * ballot from one point of ten. A result is now "Tạm tính" — in words, in an outlined neutral style,
 * its consequence a condition — until every point-day whose ballot lists that official is in the
 * totals or left out by the board; red only then.
 *
 * The campaign (aggregate-helpers), after four points closed and three signed and checked: HT-01 is
 * rated only at HT-T1, which is in: 3 of 4 "tín nhiệm thấp", two-thirds, final. HQ-02 is rated at
 * HQ-T1 and HQ-T2 (in) and HQ-T3, which votes tomorrow: 5 of 8, over half, provisional.
 */

/** A row of the officials' table and the rule row under it, by the official's code. */
function officialRows(html: string, code: string): { row: string; rule: string } {
  const row = html.match(new RegExp(`<tr data-official="${code}"[\\s\\S]*?</tr>`))?.[0] ?? "";
  const rule = html.match(
    new RegExp(`<tr class="flagged-rule" data-rule-for="${code}">[\\s\\S]*?</tr>`),
  )?.[0];
  return { row, rule: rule ?? "" };
}

/** What a person reads: the text without tags, spaces collapsed. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .replace(/ ([.,:;)])/g, "$1")
    .trim();

/** Red ink (the PDF's RED, 0.75/0.05/0.05) inside a word's box, rendered at 100 dpi in colour. */
function redPixels(pdf: Uint8Array, word: Word): number {
  const dir = mkdtempSync(join(tmpdir(), "tn-red-"));
  try {
    writeFileSync(join(dir, "d.pdf"), pdf);
    execFileSync("pdftoppm", [
      "-r",
      "100",
      "-f",
      String(word.page),
      "-l",
      String(word.page),
      "-singlefile",
      join(dir, "d.pdf"),
      join(dir, "p"),
    ]);
    const ppm = readFileSync(join(dir, "p.ppm"));
    // "P6\n<width> <height>\n255\n" then RGB bytes.
    const header = ppm
      .subarray(0, 40)
      .toString("latin1")
      .match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
    if (!header) throw new Error("not a PPM");
    const width = Number(header[1]);
    const offset = header[0].length;
    const k = 100 / 72;
    let red = 0;
    for (let y = Math.floor(word.yMin * k); y < Math.ceil(word.yMax * k); y++) {
      for (let x = Math.floor(word.xMin * k); x < Math.ceil(word.xMax * k); x++) {
        const i = offset + (y * width + x) * 3;
        const [r = 0, g = 0, b = 0] = [ppm[i], ppm[i + 1], ppm[i + 2]];
        if (r - Math.max(g, b) > 80) red++;
      }
    }
    return red;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("a result on partial data is provisional (Tạm tính), red only once final", () => {
  it("results page and an official's page - 'Tạm tính' in an outlined badge and the consequence as a condition while a point-day that rates the official is still to come; red with the rule quoted once every one is in", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = new Client(t, "192.0.2.78");
    expect((await board.login("bantochuc")).status).toBe(303);
    const html = await (await board.get(paths.results.page)).text();

    // HT-01: every point that rates them is in: red, the rule quoted as it applies.
    const ht = officialRows(html, "HT-01");
    expect(ht.row).toContain('<strong class="badge badge-error">Từ hai phần ba trở lên</strong>');
    expect(ht.row).not.toContain("Tạm tính");
    expect(ht.rule).toContain('class="alert alert-error row-note"');
    expect(visible(ht.rule)).toMatch(
      /^Theo Quy định số 96-QĐ\/TW ngày 02\/02\/2023 của Bộ Chính trị, số phiếu/,
    );

    // HQ-02: HQ-T3 is still to come. No red anywhere on the row or under it; the words say it.
    const hq = officialRows(html, "HQ-02");
    expect(hq.row).not.toContain("badge-error");
    expect(hq.row).not.toContain('class="flagged"');
    expect(hq.row).toContain('<span class="badge badge-provisional" data-provisional="true">');
    expect(visible(hq.row)).toContain(
      "Tạm tính Quá nửa đến dưới hai phần ba còn 1 điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp",
    );
    expect(hq.rule).toContain('class="alert alert-provisional row-note"');
    expect(hq.rule).not.toContain("alert-error");
    expect(visible(hq.rule)).toBe(
      "Tạm tính: còn 1 điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp. Nếu kết quả cuối cùng như hiện nay, tức là số phiếu tín nhiệm thấp quá nửa đến dưới hai phần ba (tính trên tổng số phiếu thu về), thì theo Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị: Đưa ra khỏi quy hoạch các chức vụ cao hơn; cấp có thẩm quyền xem xét cho thôi giữ chức vụ đang đảm nhiệm, bố trí công tác khác, cho từ chức hoặc tiến hành bỏ phiếu tín nhiệm.",
    );
    // Said once above the table, what "Tạm tính" means.
    expect(visible(html)).toContain(
      "“Tạm tính”: còn điểm lấy phiếu có người đó trên phiếu chưa vào số liệu tổng hợp, nên số phiếu, mức phiếu tín nhiệm thấp và hệ quả theo quy định còn có thể thay đổi. Mức chỉ tô đỏ khi đã đủ các điểm lấy phiếu của người đó.",
    );

    // The official's own page says the same.
    const page = await (await board.get(paths.results.official("HQ-02"))).text();
    expect(page).not.toContain("alert-error");
    expect(visible(page)).toContain("Mức phiếu tín nhiệm thấp Tạm tính Quá nửa đến dưới hai phần ba");
    expect(visible(page)).toContain(
      "Nếu kết quả cuối cùng như hiện nay, tức là số phiếu tín nhiệm thấp quá nửa",
    );
    expect(visible(page)).toContain("Tổng hợp 8 3 0 5 0 8 Quá nửa đến dưới hai phần ba (tạm tính)");

    // The CSV says which results are provisional.
    const csv: string[][] = parse(await (await board.get(paths.results.csv)).text(), {
      bom: true,
      relax_column_count: true,
    });
    const column = (csv[0] ?? []).indexOf("Tạm tính");
    const provisional = (code: string) => csv.find((r) => r[0] === code)?.[column];
    expect(provisional("HQ-02")).toBe("Có: còn 1 điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp");
    expect(provisional("HT-01")).toBe("Không");

    // The next morning HQ-T3 cannot vote and the board leaves it out: HQ-02's result is final, red.
    t.clock.advance(25 * 60 * 60_000);
    expect((await board.login("bantochuc")).status).toBe(303);
    const excused = await board.post(
      paths.results.excuse(c.pointId("HQ-T3"), NEXT_DAY),
      { reason: "Thôn 3 bị ngập, không tổ chức được", "tinh-trang": "not_opened" },
      htmx,
    );
    expect(excused.status).toBe(200);
    const after = officialRows(await excused.text(), "HQ-02");
    expect(after.row).toContain('<strong class="badge badge-error">Quá nửa đến dưới hai phần ba</strong>');
    expect(after.row).not.toContain("Tạm tính");
    expect(after.rule).toContain('class="alert alert-error row-note"');
    expect(visible(after.rule)).toMatch(/^Theo Quy định số 96-QĐ\/TW/);
  });

  it("aggregate PDF (draft) - a provisional band is printed 'Tạm tính' in black with its consequence as a condition; a final one in red with the rule quoted", async () => {
    requirePoppler();
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = new Client(t, "192.0.2.79");
    expect((await board.login("bantochuc")).status).toBe(303);
    const pdf = new Uint8Array(await (await board.get(paths.results.pdf)).arrayBuffer());
    const text = flat(pageTexts(pdf).join(" "));
    expect(text).toContain(
      "Tạm tính: còn 1 điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp. Nếu kết quả cuối cùng như hiện nay, tức là số phiếu tín nhiệm thấp quá nửa đến dưới hai phần ba (tính trên tổng số phiếu thu về), thì theo Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị:",
    );
    expect(text).toContain(
      "Theo Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị, số phiếu tín nhiệm thấp từ hai phần ba trở lên (tính trên tổng số phiếu thu về):",
    );
    expect(text).toContain("- Quá nửa đến dưới hai phần ba: 1 người: Đặng Quang Long (tạm tính).");
    expect(text).toContain("- Từ hai phần ba trở lên: 1 người: Bùi Thu Mai.");
    // The band column is the table's last: HQ-02's "Quá nửa …" in black, HT-01's "Từ hai phần ba" red.
    const all = words(pdf);
    const inBandColumn = (word: string) => all.filter((w) => w.text === word && w.xMin > 450);
    const [provisional] = inBandColumn("Quá");
    const [final] = inBandColumn("Từ");
    if (!provisional || !final) throw new Error("band words not found in the last column");
    expect(redPixels(pdf, final)).toBeGreaterThan(20);
    expect(redPixels(pdf, provisional)).toBe(0);
  });

  it("certified with a point-day still missing: nothing is 'Tạm tính' anywhere — the page, an official's page, the PDF and the CSV agree", async () => {
    requirePoppler();
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    // HQ-T3 still to come; the campaign certified all the same (as the store may hold it, e.g. from
    // an earlier release): the certified result is final, whatever the point-days say.
    expect(t.store.campaigns.setState(c.campaign.id, "voting", "certified")).toBe(true);
    const board = new Client(t, "192.0.2.81");
    expect((await board.login("bantochuc")).status).toBe(303);
    const html = await (await board.get(paths.results.page)).text();
    expect(officialRows(html, "HQ-02").row).not.toContain("Tạm tính");
    const page = await (await board.get(paths.results.official("HQ-02"))).text();
    expect(page).not.toContain("Tạm tính");
    expect(page).not.toContain("tạm tính");
    const pdf = new Uint8Array(await (await board.get(paths.results.pdf)).arrayBuffer());
    expect(flat(pageTexts(pdf).join(" "))).not.toMatch(/tạm tính/iu);
    const csv: string[][] = parse(await (await board.get(paths.results.csv)).text(), {
      bom: true,
      relax_column_count: true,
    });
    const column = (csv[0] ?? []).indexOf("Tạm tính");
    expect(csv.find((r) => r[0] === "HQ-02")?.[column]).toBe("Không");
  });
});
