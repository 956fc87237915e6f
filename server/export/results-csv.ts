/**
 * The results table as CSV (issue #11 §4): UTF-8 with a byte-order mark, so that Excel opens the
 * Vietnamese names right, RFC 4180 quoting, CRLF line ends. Names and positions come from uploaded
 * files, so any text cell that a spreadsheet would read as a formula (starting with = + - @, or a
 * tab or carriage return) is neutralised with a leading apostrophe (OWASP "CSV injection").
 * The same numbers as results.json: counts as integers, percentages as vi-VN strings ("51,02").
 */
import type { Aggregate, AggregateInput } from "../domain/aggregate.ts";
import { inBoardOrder } from "../domain/board-order.ts";
import { bandLabel } from "../domain/format.ts";
import { pointDayStateText } from "../domain/progress.ts";
import { type MissingOfOfficial, PROVISIONAL_TEXT, pendingOf, pendingPhrase } from "../domain/provisional.ts";
import { citeRuleSet, DENOMINATOR_LABELS } from "../domain/threshold.ts";

export type Cell = string | number | null;

/** A text cell a spreadsheet would evaluate becomes inert text: '=1+1 shows as =1+1. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const quote = (cell: Cell): string => {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  return `"${neutralise(cell).replace(/"/g, '""')}"`;
};

export const toCsv = (rows: readonly (readonly Cell[])[]): string =>
  `\uFEFF${rows.map((row) => row.map(quote).join(",")).join("\r\n")}\r\n`;

export const OFFICIAL_HEADER = [
  "Mã",
  "Họ và tên",
  "Chức vụ",
  "Xã",
  "Xã mới",
  "Số điểm",
  "Phiếu thu về",
  "Hợp lệ",
  "Không hợp lệ",
  "Tín nhiệm cao",
  "Tỉ lệ tín nhiệm cao (%)",
  "Tín nhiệm",
  "Tỉ lệ tín nhiệm (%)",
  "Tín nhiệm thấp",
  "Tỉ lệ tín nhiệm thấp (%)",
  "Mẫu số",
  "Mức phiếu tín nhiệm thấp",
  "Mã mức",
  PROVISIONAL_TEXT,
] as const;

export const MISSING_HEADER = [
  "Mã điểm",
  "Tên điểm",
  "Ngày",
  "Tình trạng",
  "Lý do",
  "Lý do Ban Tổ chức cho phép không tính",
] as const;

/**
 * "Có: còn 2 điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp" while points that rate the
 * official are still to come (domain/provisional.ts `pendingPhrase`): their band and its
 * consequence may still change.
 */
const provisionalCell = (pending: number): string =>
  pending > 0 ? `Có: ${pendingPhrase(pending)}` : "Không";

/**
 * The officials' rows, as in both exports, in the one order of the board's pages (inBoardOrder);
 * `missingOf` (services/results.ts `missingOfficials`) says which are still "Tạm tính".
 */
export function officialRows(
  a: Aggregate,
  communes: AggregateInput["communes"],
  missingOf: ReadonlyMap<string, MissingOfOfficial>,
): Cell[][] {
  const byCode = new Map(communes.map((c) => [c.code, c]));
  return inBoardOrder(a, communes).officials.map((o) => [
    o.code,
    o.name,
    o.position,
    byCode.get(o.commune)?.name ?? o.commune,
    byCode.get(o.commune)?.mergedInto ?? "",
    o.points,
    o.collected,
    o.valid,
    o.blank,
    o.high,
    o.percent.high,
    o.medium,
    o.percent.medium,
    o.low,
    o.percent.low,
    o.denominator,
    bandLabel(o.band, a.ruleSet.thresholds),
    o.band,
    provisionalCell(pendingOf(missingOf, o.code)),
  ]);
}

/**
 * The missing point-days, each state in the board pages' words on `statesOn` ("YYYY-MM-DD", as the
 * aggregate PDF: the download's day for a draft, the certification's for the certified report), in
 * the one order of the board's pages.
 */
export function missingRows(a: Aggregate, communes: AggregateInput["communes"], statesOn: string): Cell[][] {
  return inBoardOrder(a, communes).missing.map((p) => [
    p.code,
    p.name,
    p.day,
    pointDayStateText(p.state, p.day, statesOn, p.excusal !== null),
    p.reason ?? "",
    p.excusal?.reason ?? "",
  ]);
}

/**
 * The officials' table first (one header row: a tool reads it as is), then the legal basis and the
 * point-days missing from the totals, each with its reason, after an empty line.
 */
export function resultsCsv(
  a: Aggregate,
  communes: AggregateInput["communes"],
  statesOn: string,
  missingOf: ReadonlyMap<string, MissingOfOfficial>,
): string {
  const rows: Cell[][] = [
    [...OFFICIAL_HEADER],
    ...officialRows(a, communes, missingOf),
    [],
    ["Căn cứ", citeRuleSet(a.ruleSet)],
    ["Tỉ lệ tính trên", DENOMINATOR_LABELS[a.ruleSet.denominator]],
    [],
    [
      a.missing.length === 0
        ? "Tất cả các điểm lấy phiếu đều có trong số liệu tổng hợp."
        : `${a.missing.length} điểm lấy phiếu chưa có trong số liệu tổng hợp:`,
    ],
    ...(a.missing.length === 0 ? [] : [[...MISSING_HEADER], ...missingRows(a, communes, statesOn)]),
  ];
  return toCsv(rows);
}
