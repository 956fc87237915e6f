import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { aggregateCampaign, DAY } from "../aggregate-helpers.ts";
import { Client, makeApp } from "../helpers.ts";
import { flat, pageTexts, pdfInfo, requirePoppler } from "../pdf/poppler.ts";

/**
 * Trials found internal codes printed for people: the rule set's ("bộ quy tắc “qd96-2023”") in
 * both PDFs and on the minutes page's checks, the campaign's ("Mã đợt lấy phiếu: VQ-AGG") under
 * the PDFs' titles and in the aggregate's footer. People read the rule by its citation and the
 * campaign by its name; the codes stay in file names and document properties, for tools.
 */
const RULE_SET_CODE = "qd96-2023";
const CAMPAIGN_CODE = "VQ-AGG";

/** What a person reads on a page: its text, without tags or attributes. */
const visible = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("codes are for files and tools, names for people", () => {
  it("codes - neither the rule set's nor the campaign's code is printed on the results, an official's or a minutes page, in either PDF or on the Excel sheets; file names and properties keep the campaign's", async () => {
    requirePoppler();
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll(["PD-T1"]);
    const board = new Client(t, "192.0.2.81");
    expect((await board.login("bantochuc")).status).toBe(303);

    const pages = [
      paths.results.page,
      paths.results.official("HQ-02"),
      paths.boardMinutes.view(c.pointId("HQ-T1"), DAY),
    ];
    for (const path of pages) {
      const text = visible(await (await board.get(path)).text());
      expect(text, path).not.toContain(RULE_SET_CODE);
      expect(text, path).not.toContain(CAMPAIGN_CODE);
    }

    for (const path of [paths.results.pdf, paths.boardMinutes.pdf(c.pointId("HQ-T1"), DAY)]) {
      const res = await board.get(path);
      expect(res.headers.get("Content-Disposition"), path).toMatch(/filename="[^"]+\.pdf"/);
      const pdf = new Uint8Array(await res.arrayBuffer());
      const text = flat(pageTexts(pdf).join(" "));
      expect(text, path).toContain(
        "Căn cứ Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị. Tỉ lệ phần trăm",
      );
      expect(text, path).toContain("Lấy phiếu tín nhiệm các xã sáp nhập");
      expect(text, path).not.toContain(RULE_SET_CODE);
      expect(text, path).not.toContain(CAMPAIGN_CODE);
      // The document's properties still name the campaign's code, for search and filing.
      const info = pdfInfo(pdf);
      expect(`${info["Title"]} ${info["Subject"]}`, path).toContain(CAMPAIGN_CODE);
    }
    const aggregateFile = (await board.get(paths.results.pdf)).headers.get("Content-Disposition");
    expect(aggregateFile).toContain(`bien-ban-tong-hop-${CAMPAIGN_CODE}.pdf`);

    const xlsx = await board.get(paths.results.xlsx);
    expect(xlsx.headers.get("Content-Disposition")).toContain(`ket-qua-${CAMPAIGN_CODE}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const basis = book.getWorksheet("Căn cứ");
    const cells = (basis?.getSheetValues() ?? []).flat().map((v) => String(v ?? ""));
    expect(cells).not.toContain(RULE_SET_CODE);
    expect(cells).not.toContain(CAMPAIGN_CODE);
    expect(cells).toContain("Quá nửa đến dưới hai phần ba; Từ hai phần ba trở lên");
    expect(book.subject).toBe(CAMPAIGN_CODE);
  });
});
