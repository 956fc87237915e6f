import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { aggregateCampaign } from "../aggregate-helpers.ts";
import { Client, makeApp } from "../helpers.ts";
import { flat, pageTexts, requirePoppler } from "../pdf/poppler.ts";

/**
 * Trials found the same points in three orders (by commune on Tiến độ, by code in the PDF and the
 * downloads and on the points page) and the officials in the order their communes were typed in.
 * Here every board page and document is read as a person reads it, and each list's order compared.
 *
 * The campaign (aggregate-helpers): communes typed in as Xã Hương Quang (HQ) and Xã Hương Thọ (HT),
 * both now Xã Quang Thọ, then Xã Phong Điền (PD), now Xã Phong Thu. The one order is the "Xã" page's:
 * Xã Phong Thu before Xã Quang Thọ, and in Quang Thọ, Hương Quang before Hương Thọ; by code within a
 * commune. Neither the order typed in nor code order gives it: both put PD last.
 */
const POINTS = ["PD-T1", "HQ-T1", "HQ-T2", "HQ-T3", "HT-T1"];
const OFFICIALS = ["PD-01", "HQ-01", "HQ-02", "HT-01"];
const NAMES: Record<string, string> = {
  "PD-01": "=Ngô Văn Ẩn",
  "HQ-01": "Đỗ Thanh Hường",
  "HQ-02": "Đặng Quang Long",
  "HT-01": "Bùi Thu Mai",
};

/** The codes of `list` in the order of `order`: what a list holding some of them must read as. */
const inOrder = (order: readonly string[], list: readonly string[]) => order.filter((c) => list.includes(c));

/** Each distinct capture of `re` in `text`, in the order it first appears. */
const sequence = (text: string, re: RegExp): string[] => [
  ...new Set([...text.matchAll(re)].map((m) => m[1] ?? "")),
];

/** Codes or names in the order `text` prints them (each at its first place in `text`). */
const printedOrder = (text: string, items: readonly string[], shown: (item: string) => string = (i) => i) =>
  items
    .filter((i) => text.includes(shown(i)))
    .sort((a, b) => text.indexOf(shown(a)) - text.indexOf(shown(b)));

describe("one order on every board page and document", () => {
  it("order - Tiến độ, Kết quả, an official's page, the points list, the aggregate PDF, the CSV and the XLSX list communes, points and officials in one order: the communes as the 'Xã' page lists them, then code", async () => {
    requirePoppler();
    const t = makeApp();
    const c = await aggregateCampaign(t);
    // Four points verified; PD-T1 closed but unsigned (missing); HQ-T3 votes tomorrow (missing).
    await c.closeAndSignAll(["PD-T1"]);
    const board = new Client(t, "192.0.2.77");
    expect((await board.login("bantochuc")).status).toBe(303);
    const page = async (path: string) => (await board.get(path)).text();

    // The "Xã" page: the order every other list follows.
    const communes = await page(paths.board.communes);
    expect(printedOrder(communes, ["Xã Phong Điền", "Xã Hương Quang", "Xã Hương Thọ"])).toEqual([
      "Xã Phong Điền",
      "Xã Hương Quang",
      "Xã Hương Thọ",
    ]);

    const progress = await page(paths.board.progress);
    expect(sequence(progress, /data-point-day="([A-Z]+-T\d+) /g)).toEqual(POINTS);

    const results = await page(paths.results.page);
    expect(sequence(results, /data-official="([A-Z]+-\d+)"/g)).toEqual(OFFICIALS);
    expect(sequence(results, /data-point="([A-Z]+-T\d+)"/g)).toEqual(POINTS);
    const missing = sequence(results, /data-missing-point="([A-Z]+-T\d+)"/g);
    expect(missing).toEqual(inOrder(POINTS, ["HQ-T3", "PD-T1"]));

    // HQ-01 is rated at HQ-T1, HQ-T2 and at HT-T1 (whose ballot lists them too).
    const official = await page(paths.results.official("HQ-01"));
    expect(sequence(official, /data-contribution="([A-Z]+-T\d+)"/g)).toEqual(
      inOrder(POINTS, ["HQ-T1", "HQ-T2", "HT-T1"]),
    );

    const pointsList = await page(paths.board.points);
    expect(sequence(pointsList, /<td class="code-cell">([A-Z]+-T\d+)<\/td>/g)).toEqual(POINTS);

    // The aggregate PDF: points in section I, the missing ones after them, then the officials.
    const pdf = new Uint8Array(await (await board.get(paths.results.pdf)).arrayBuffer());
    const text = flat(pageTexts(pdf).join(" "));
    const sectionII = text.indexOf("II. KẾT QUẢ THEO TỪNG NGƯỜI ĐƯỢC LẤY PHIẾU");
    const missingAt = text.indexOf("điểm lấy phiếu chưa có trong số liệu tổng hợp:");
    expect(sectionII).toBeGreaterThan(missingAt);
    expect(missingAt).toBeGreaterThan(0);
    const pdfPoints = text.slice(0, missingAt);
    const pdfMissing = text.slice(missingAt, sectionII);
    const pdfOfficials = text.slice(sectionII);
    expect(printedOrder(pdfPoints, POINTS, (code) => `(${code})`)).toEqual(
      inOrder(POINTS, ["HQ-T1", "HQ-T2", "HT-T1"]),
    );
    expect(printedOrder(pdfMissing, POINTS, (code) => `(${code})`)).toEqual(missing);
    expect(printedOrder(pdfOfficials, OFFICIALS, (code) => NAMES[code] ?? code)).toEqual(OFFICIALS);

    // The CSV: the officials' table, then the missing point-days.
    const csv: string[][] = parse(await page(paths.results.csv), { bom: true, relax_column_count: true });
    const firstColumn = csv.map((row) => row[0] ?? "");
    expect(firstColumn.filter((cell) => OFFICIALS.includes(cell))).toEqual(OFFICIALS);
    expect(firstColumn.filter((cell) => POINTS.includes(cell))).toEqual(missing);

    // The XLSX: each sheet's first column.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await board.get(paths.results.xlsx)).arrayBuffer());
    const column = (sheet: string) =>
      (book.getWorksheet(sheet)?.getColumn(1).values ?? []).slice(2).map((v) => String(v));
    expect(column("Kết quả")).toEqual(OFFICIALS);
    expect(column("Điểm lấy phiếu")).toEqual(POINTS);
    expect(column("Chưa tổng hợp")).toEqual(missing);
  });
});
