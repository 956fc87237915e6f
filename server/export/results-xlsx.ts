/**
 * The results as an Excel workbook (issue #11 §4), through exceljs: "Kết quả" (one row per official,
 * the same numbers as results.json and the CSV), "Điểm lấy phiếu" (every point-day), "Chưa tổng hợp"
 * (point-days missing from the totals, with the reasons) and "Căn cứ" (campaign, rule and thresholds,
 * digest).
 *
 * Dates are built with Date.UTC: Excel stores a date without a zone and exceljs writes a JS Date's
 * UTC fields, so a local-time midnight in Vietnam (UTC+7) would show the day before. Text cells are
 * written as strings, never as formulas, so a name starting with "=" stays text (it also keeps the
 * CSV's apostrophe-free form here). Percentages stay the vi-VN display strings of the results: the
 * rounding rule (half up from the exact fraction) is not Excel's.
 */
import ExcelJS from "exceljs";
import type { Aggregate, AggregateInput } from "../domain/aggregate.ts";
import { inBoardOrder } from "../domain/board-order.ts";
import { bandLabel } from "../domain/format.ts";
import { pointDayStateText } from "../domain/progress.ts";
import type { MissingOfOfficial } from "../domain/provisional.ts";
import { citeRuleSet, DENOMINATOR_LABELS } from "../domain/threshold.ts";
import { MISSING_HEADER, OFFICIAL_HEADER, officialRows } from "./results-csv.ts";

/** "2026-10-27" → the Date Excel shows as 27/10/2026 wherever the server runs. */
export function excelDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** An instant as Vietnam's wall clock (UTC+7), written in the UTC fields Excel shows. */
const vietnamWallClock = (iso: string): Date => new Date(Date.parse(iso) + 7 * 3_600_000);

const bold = (row: ExcelJS.Row): void => {
  row.font = { bold: true };
};

export async function resultsXlsx(
  a: Aggregate,
  communes: AggregateInput["communes"],
  /** `statesOn`: the day the states are said on ("YYYY-MM-DD"), as for the aggregate PDF. */
  info: {
    digest: string;
    preparedAt: string;
    statesOn: string;
    /** Which officials are still "Tạm tính" (services/results.ts `missingOfficials`). */
    missingOf: ReadonlyMap<string, MissingOfOfficial>;
  },
): Promise<Uint8Array> {
  // What people read: the one order of the board's pages, not results.json's (domain/board-order.ts).
  const shown = inBoardOrder(a, communes);
  const book = new ExcelJS.Workbook();
  book.creator = a.campaign.aggregator;
  // The campaign's code is for files and tools: in the workbook's properties, not on its sheets.
  book.title = a.campaign.name;
  book.subject = a.campaign.code;
  // Fixed by the data, not the clock: the same results give the same properties.
  book.created = new Date(info.preparedAt);
  book.modified = new Date(info.preparedAt);

  const results = book.addWorksheet("Kết quả", { views: [{ state: "frozen", ySplit: 1 }] });
  bold(results.addRow([...OFFICIAL_HEADER]));
  for (const row of officialRows(a, communes, info.missingOf)) results.addRow(row.map((c) => c ?? ""));
  results.columns.forEach((column, i) => {
    column.width = i === 1 || i === 2 ? 32 : i === 16 || i === 18 ? 28 : 14;
  });

  const points = book.addWorksheet("Điểm lấy phiếu", { views: [{ state: "frozen", ySplit: 1 }] });
  bold(
    points.addRow([
      "Mã điểm",
      "Tên điểm",
      "Xã",
      "Ngày",
      "Tình trạng",
      "Danh sách",
      "Phát ra",
      "Thu về",
      "Mã biên bản",
      "Đã kiểm tra",
    ]),
  );
  const communeName = new Map(communes.map((c) => [c.code, c.name]));
  for (const p of shown.pointDays) {
    points.addRow([
      p.code,
      p.name,
      communeName.get(p.commune) ?? p.commune,
      excelDay(p.day),
      pointDayStateText(p.state, p.day, info.statesOn, p.excusal !== null),
      p.roster,
      p.issued,
      p.collected,
      p.minutesDigest ?? "",
      p.verified ? "Có" : "Không",
    ]);
  }
  points.getColumn(4).numFmt = "dd/mm/yyyy";
  points.columns.forEach((column, i) => {
    column.width = i === 1 ? 30 : i === 8 ? 68 : 14;
  });

  const missing = book.addWorksheet("Chưa tổng hợp", { views: [{ state: "frozen", ySplit: 1 }] });
  bold(missing.addRow([...MISSING_HEADER, "Người cho phép", "Thời điểm cho phép"]));
  for (const p of shown.missing) {
    missing.addRow([
      p.code,
      p.name,
      excelDay(p.day),
      pointDayStateText(p.state, p.day, info.statesOn, p.excusal !== null),
      p.reason ?? "",
      p.excusal?.reason ?? "",
      p.excusal?.by ?? "",
      p.excusal ? vietnamWallClock(p.excusal.at) : "",
    ]);
  }
  missing.getColumn(3).numFmt = "dd/mm/yyyy";
  missing.getColumn(8).numFmt = "dd/mm/yyyy hh:mm";
  missing.columns.forEach((column, i) => {
    column.width = i === 4 || i === 5 ? 48 : 16;
  });

  const basis = book.addWorksheet("Căn cứ");
  for (const row of [
    ["Đợt lấy phiếu", a.campaign.name],
    ["Cơ quan tổng hợp", a.campaign.aggregator],
    // The thresholds in words, not the rule set's code (results.json carries the code for tools).
    [
      "Ngưỡng",
      `${bandLabel("over_half", a.ruleSet.thresholds)}; ${bandLabel("two_thirds", a.ruleSet.thresholds)}`,
    ],
    ["Căn cứ", citeRuleSet(a.ruleSet)],
    ["Tỉ lệ tính trên", DENOMINATOR_LABELS[a.ruleSet.denominator]],
    ["Điểm chưa có trong số liệu", a.missing.length],
    ["Mã số liệu (SHA-256 của results.json)", info.digest],
  ]) {
    basis.addRow(row);
  }
  basis.getColumn(1).width = 36;
  basis.getColumn(2).width = 90;

  return new Uint8Array(await book.xlsx.writeBuffer());
}
