/**
 * Rosters (danh sách người ghi phiếu) as communes keep them: an Excel or CSV sheet with a title or two,
 * a header row in Vietnamese, one resident a row (issue #4 §4). This module is pure: the file
 * formats are read in server/import/, which hands over the cells as text; here the header is found,
 * the columns are mapped and every row is checked. A file with any bad row imports nothing, and the
 * user gets every bad row back at once (row, column, value, reason) to fix them in one pass.
 */
import * as z from "zod";
import type { RosterCommitmentEntry } from "./setup.ts";
import "./zod-vi.ts";
import { ADULT_AGE, type Birth, formatDate, isAdultOn, isIsoDay, latestAdultBirthYear } from "./calendar.ts";
import type { OnePer } from "./campaign.ts";
import { formatCount } from "./format.ts";
import { checkLegacyText, type LegacyEncoding } from "./legacy-encoding.ts";
import { type DomainError, err, fail, ok, type Result } from "./result.ts";
import { cleanText, foldVietnamese, stripInvisible } from "./text.ts";

/** A commune's list is a few thousand people; far more is a wrong file, and each row costs memory. */
export const ROSTER_MAX_ROWS = 50_000;

/**
 * How many non-blank rows from the top are searched for the header. Official forms carry the
 * issuing body, the national motto, the title and a subtitle above it; blank rows are not counted.
 */
export const HEADER_SEARCH_ROWS = 15;

export const EARLIEST_BIRTH_YEAR = 1900;
/** Older than this on the voting day is taken for a data error (a year Excel turned into a date). */
export const OLDEST_AGE = 120;

export type RosterContext = {
  /** YYYY-MM-DD: the campaign's first voting day, the day against which age is reckoned. */
  readonly firstVotingDay: string;
  readonly onePer: OnePer;
  /**
   * CCCDs already on other points' rosters of the same campaign: a person votes at one point only.
   * A set, or a lookup the store answers from its index (services/rosters.ts), asked once per row.
   */
  readonly takenCccd: CccdLookup;
};

/** Whether a CCCD is taken elsewhere; a ReadonlySet<string> is one. */
export type CccdLookup = { has(cccd: string): boolean };

/**
 * One resident, as imported. `row` is the row the user sees in Excel, for messages and amendments.
 * `birthYear` is always there; `birthDate` ("YYYY-MM-DD", in `birthYear`) only when the list gives
 * the whole date of birth ("Ngày sinh"), null when it gives the year alone. Together they are the
 * resident's `Birth` (`birthOf`), which the age rule judges (`isAdultOn`).
 */
export type RosterEntry = {
  row: number;
  fullName: string;
  birthYear: number;
  birthDate: string | null;
  gender: "Nam" | "Nữ" | null;
  cccd: string | null;
  householdCode: string | null;
  relation: string | null;
  village: string | null;
};

/** The `Birth` the age rule judges, from a roster entry's two columns (imported, stored or amended). */
export const birthOf = (entry: { readonly birthYear: number; readonly birthDate: string | null }): Birth => ({
  year: entry.birthYear,
  date: entry.birthDate,
});

/** `column` is the header as written in the file and `value` the cell as written, so the user finds it. */
export type RosterRowError = { row: number; column: string; value: string; reason: string };

/**
 * One row of the sheet as text. `row` is the 1-based row as the user sees it in Excel (title and
 * header rows included; for CSV, the record number, which is what Excel shows when it opens the file).
 * `numericCells` lists the 0-based columns whose cell was a number in the workbook (not text): Excel
 * drops a number's leading zeros, which matters for CCCDs.
 */
export type RawRow = {
  row: number;
  cells: string[];
  numericCells?: readonly number[];
  /** 0-based columns holding a formula that has no saved result (a file written by another tool). */
  formulaCells?: readonly number[];
  /** Set by `buildRosterTable` when cells were typed in an old font encoding and converted. */
  legacy?: { encoding: LegacyEncoding; before: readonly string[]; columns: readonly number[] };
  /** 0-based columns whose text looks like an old font encoding that could not be converted. */
  unreadableCells?: readonly number[];
  /** Problems found while reading the row's layout (a birth date in both "Nam" and "Nữ" columns). */
  issues?: readonly { column: number; value: string; reason: string }[];
  /** Hidden in the workbook (a filter, a collapsed group, "Ẩn"): its resident is reported, never imported unseen. */
  hidden?: boolean;
};

/**
 * A sheet cut at its header: the header cells (as written, whitespace tidied) and the data rows below.
 * `headerRows` is 2 for a two-row header (group captions above their sub-columns); the headers are
 * then the columns as understood (see `buildRosterTable`). `sheet` names the workbook sheet read.
 */
export type RawTable = {
  headerRow: number;
  headers: string[];
  rows: RawRow[];
  headerRows?: 1 | 2;
  sheet?: string;
};

/** A merged cell range as the file declares it: rows 1-based, columns 0-based, inclusive. */
export type CellRange = { top: number; left: number; bottom: number; right: number };

export const ROSTER_FIELDS = [
  "fullName",
  "birthYear",
  "gender",
  "cccd",
  "householdCode",
  "relation",
  "village",
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** The column captions of the standard list, used in messages about a column that is missing. */
export const ROSTER_FIELD_LABELS: Readonly<Record<RosterField, string>> = {
  fullName: "Họ và tên",
  birthYear: "Năm sinh",
  gender: "Giới tính",
  cccd: "Số CCCD",
  householdCode: "Mã hộ",
  relation: "Quan hệ với chủ hộ",
  village: "Thôn/Tổ dân phố",
};

/** Where each known field sits in the sheet: 0-based column index and the header as written. */
export type RosterColumn = { readonly index: number; readonly header: string };
export type RosterColumns = { readonly [K in RosterField]?: RosterColumn };

// ---------------------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------------------

/**
 * Header captions seen on communes' lists, in folded form (see `headerKey`): no diacritics, lower
 * case, punctuation as spaces. "STT" is recognised to help find the header row, and then ignored.
 * A bare "Số CMND" is deliberately not a CCCD column: old lists carry the 9-digit CMND next to the
 * CCCD, and the 9-digit number is no CCCD.
 */
const HEADER_ALIASES: Readonly<Record<RosterField | "ordinal", readonly string[]>> = {
  ordinal: ["stt", "tt", "so tt", "so thu tu"],
  fullName: [
    "ho va ten",
    "ho ten",
    "ho va ten nguoi ghi phieu",
    "ho ten nguoi ghi phieu",
    "ho va ten cu tri",
    "ho ten cu tri",
  ],
  // A full date of birth is read too: it allows the exact age check.
  birthYear: ["nam sinh", "ngay sinh", "ngay thang nam sinh", "ngay thang nam sinh cua cu tri"],
  gender: ["gioi tinh", "gioi", "nam nu", "phai"],
  cccd: [
    "cccd",
    "so cccd",
    "so cccd cmnd",
    "cccd cmnd",
    "so cmnd cccd",
    "cmnd cccd",
    "can cuoc",
    "so can cuoc",
    "can cuoc cong dan",
    "so can cuoc cong dan",
    "so dinh danh",
    "so dinh danh ca nhan",
    "ma dinh danh",
    "ma so dinh danh ca nhan",
  ],
  householdCode: ["ma ho", "ma so ho", "ma ho gia dinh", "ma ho khau", "so ho khau"],
  relation: ["quan he voi chu ho", "quan he chu ho", "quan he", "qh voi chu ho", "qh chu ho"],
  village: [
    "thon to dan pho",
    "thon to",
    "thon",
    "to dan pho",
    "thon xom",
    "xom",
    "thon ban",
    "khu pho",
    "ap",
  ],
};

const ALIAS_TO_FIELD: ReadonlyMap<string, RosterField | "ordinal"> = new Map(
  Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field as RosterField | "ordinal"] as const),
  ),
);

/**
 * The matching key of a header cell: a note in brackets dropped ("Năm sinh (yyyy)"), diacritics and
 * case folded ("HỌ VÀ TÊN", "Ho va ten", NFD input), punctuation and repeated spaces as one space
 * ("Số CCCD/CMND", "Năm  sinh").
 */
export function headerKey(header: string): string {
  return foldVietnamese(header.replace(/\([^)]*\)/g, " "))
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The field a header cell names, "ordinal" for STT, or null for a column the roster does not use. */
export function headerField(header: string): RosterField | "ordinal" | null {
  return ALIAS_TO_FIELD.get(headerKey(header)) ?? null;
}

/** How much a row looks like the header: the number of distinct known columns it names. */
export function headerScore(cells: readonly string[]): number {
  const fields = new Set<string>();
  for (const cell of cells) {
    const field = headerField(cell);
    if (field !== null) fields.add(field);
  }
  return fields.size;
}

/** Spreadsheet column letters, as the user sees them above the sheet: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const quoted = (s: string): string => `“${s}”`;

/**
 * Maps header cells to fields. Unknown columns are ignored. Full name and birth year are always
 * required; the household code too when the campaign gives one ballot per household (the roster is
 * then a list of households' members and the point must see who shares a household). A field named
 * by two columns is refused rather than guessed: which of the two holds the right data is the
 * commune's call.
 */
export function mapColumns(headers: readonly string[], onePer: OnePer = "resident"): Result<RosterColumns> {
  const columns: { [K in RosterField]?: RosterColumn } = {};
  for (const [index, raw] of headers.entries()) {
    const field = headerField(raw);
    if (field === null || field === "ordinal") continue;
    const header = cleanText(raw);
    const existing = columns[field];
    // "Năm sinh" and "Ngày sinh" side by side: the full date is the one that allows the exact check.
    if (field === "birthYear" && existing !== undefined) {
      const isDate = (h: string) => headerKey(h).startsWith("ngay");
      if (isDate(header) !== isDate(existing.header)) {
        if (isDate(header)) columns.birthYear = { index, header };
        continue;
      }
    }
    if (existing !== undefined) {
      return fail(
        "roster_duplicate_column",
        `Có hai cột cùng là ${quoted(ROSTER_FIELD_LABELS[field])}: cột ${columnLetter(existing.index)} (${quoted(existing.header)}) và cột ${columnLetter(index)} (${quoted(header)}). Hãy xoá hoặc đổi tên một cột rồi nhập lại.`,
      );
    }
    columns[field] = { index, header };
  }
  const required: RosterField[] = ["fullName", "birthYear"];
  if (onePer === "household") required.push("householdCode");
  const missing = required.filter((field) => columns[field] === undefined);
  if (missing.length > 0) {
    const names = missing.map((field) => quoted(ROSTER_FIELD_LABELS[field])).join(", ");
    const why =
      onePer === "household"
        ? "Danh sách cần có các cột “Họ và tên”, “Năm sinh” và “Mã hộ” (đợt này mỗi hộ một phiếu)."
        : "Danh sách cần có ít nhất các cột “Họ và tên” và “Năm sinh”.";
    return fail("roster_missing_column", `Không tìm thấy cột ${names} trong hàng tiêu đề. ${why}`);
  }
  return ok(columns);
}

export type HeaderMatch = { headerRow: number; headers: string[]; columns: RosterColumns };

/**
 * Finds the header among the first non-blank rows: the row naming the most known columns (the
 * earliest on a tie), so title rows above it ("DANH SÁCH NGƯỜI GHI PHIẾU…") are passed over.
 */
export function findHeader(rows: readonly RawRow[]): Result<HeaderMatch> {
  let best: RawRow | undefined;
  let bestScore = 0;
  for (const row of rows.filter((r) => !isBlankRow(r.cells)).slice(0, HEADER_SEARCH_ROWS)) {
    const score = headerScore(row.cells);
    if (score > bestScore) {
      best = row;
      bestScore = score;
    }
  }
  if (best === undefined) {
    return fail(
      "roster_no_header",
      `Không tìm thấy hàng tiêu đề trong ${HEADER_SEARCH_ROWS} dòng đầu của tệp. Hàng tiêu đề cần có ít nhất các cột “Họ và tên” và “Năm sinh”.`,
    );
  }
  const columns = mapColumns(best.cells);
  if (!columns.ok) return columns;
  return ok({ headerRow: best.row, headers: best.cells.map(cleanText), columns: columns.value });
}

/** A row with nothing in it, as Excel users leave them between blocks of a list. */
export function isBlankRow(cells: readonly string[]): boolean {
  // Whitespace and invisible format characters only: what `cleanText` and `stripInvisible` leave empty.
  return cells.every((cell) => cell === "" || BLANK.test(cell));
}
const BLANK = /^[\s\p{Cf}]*$/u;

/**
 * Official forms often number their columns in the row under the header: "(1) (2) (3)…" or
 * "1 2 3…". Such a row is part of the header, not a resident.
 */
function isColumnNumberingRow(cells: readonly string[]): boolean {
  const numbers = cells
    .map(cleanText)
    .filter((cell) => cell !== "")
    .map((cell) => /^\(?(\d{1,2})\)?$/.exec(cell)?.[1]);
  return numbers.length >= 2 && numbers.every((n, i) => n !== undefined && Number(n) === i + 1);
}

export type BuildTableOptions = {
  /** The rows already went through `decodeLegacyRows` (the import does it in batches). */
  decoded?: boolean;
  /** The sheet's merged ranges (xlsx): two-row headers and values written once for several rows. */
  merges?: readonly CellRange[];
  /** The workbook sheet the rows come from, named in the result. */
  sheet?: string;
};

/**
 * All rows of a sheet (from the file reader) → the table below its header, without blank rows.
 * Every cell is first cleaned of what the eye cannot check: text typed in an old font encoding is
 * converted (`decodeLegacyRows`) and invisible format characters are removed (`stripInvisible`).
 * Official forms' two-row headers are understood (`understandTwoRowHeader`), and a value merged down
 * over several residents' rows (a household code written once for the household) reaches each row.
 * File-level problems come back as one error each: nothing to read, no header, no rows under it,
 * too many rows.
 */
export function buildRosterTable(rows: readonly RawRow[], options: BuildTableOptions = {}): Result<RawTable> {
  const cleaned = options.decoded ? rows : decodeLegacyRows(rows);
  const filled = cleaned.filter((r) => !isBlankRow(r.cells) || (r.formulaCells?.length ?? 0) > 0);
  if (filled.length === 0) return fail("roster_empty_file", "Tệp không có dữ liệu (tệp trống).");
  const header = findHeader(filled);
  if (!header.ok) return header;
  const merges = options.merges ?? [];
  const layout = understandTwoRowHeader(filled, header.value.headerRow, merges);
  const headerEnd = layout ? header.value.headerRow + 1 : header.value.headerRow;
  let data = spreadMergedValues(
    filled.filter((r) => r.row > headerEnd),
    merges.filter((m) => m.top > headerEnd),
  );
  if (data[0] !== undefined && isColumnNumberingRow(data[0].cells)) data = data.slice(1);
  if (layout) data = data.map(layout.apply);
  const headerRow = header.value.headerRow;
  if (data.length === 0) {
    return fail(
      "roster_no_rows",
      `Tệp có hàng tiêu đề (dòng ${headerRow}) nhưng không có dòng dữ liệu nào bên dưới.`,
    );
  }
  if (data.length > ROSTER_MAX_ROWS) {
    return fail(
      "roster_too_many_rows",
      `Tệp có ${formatCount(data.length)} dòng dữ liệu, vượt giới hạn ${formatCount(ROSTER_MAX_ROWS)} dòng. Hãy kiểm tra lại tệp hoặc chia danh sách theo điểm lấy phiếu.`,
    );
  }
  return ok({
    headerRow,
    headers: layout ? layout.headers : header.value.headers,
    rows: data,
    ...(layout ? { headerRows: 2 as const } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
  });
}

/** The top of one workbook sheet, enough to see whether it holds a roster. */
export type SheetPreview = { name: string; hidden: boolean; rows: readonly RawRow[] };

/** Rows with data read from the top of each sheet to judge it: the header search and a few more. */
export const SHEET_PREVIEW_ROWS = HEADER_SEARCH_ROWS + 5;

/**
 * Which sheet of a workbook is the roster (issue #14 "Which sheet"). Hidden sheets are never read
 * (templates keep lookup tables there; the user does not see them). A visible sheet holds a roster
 * when it has a roster header with a row under it. Exactly one such sheet: that one. Several: refused,
 * naming them and the sheet the workbook opens on, since taking one would silently leave the others
 * out (a commune's file with one village a sheet goes to several points). None: the sheet the
 * workbook opens on (its `activeTab`, or the first visible one), whose own problem is then reported.
 */
export function chooseRosterSheet(sheets: readonly SheetPreview[], activeTab: number): Result<number> {
  const visible = sheets.map((s, i) => ({ ...s, index: i })).filter((s) => !s.hidden);
  if (visible.length === 0) return fail("roster_empty_file", "Tệp Excel không có trang tính nào đang hiện.");
  const withRoster = visible.filter((s) => {
    const table = buildRosterTable(s.rows);
    return table.ok;
  });
  if (withRoster.length === 1) return ok((withRoster[0] as { index: number }).index);
  const active =
    sheets[activeTab] !== undefined && !sheets[activeTab]?.hidden ? activeTab : (visible[0]?.index ?? 0);
  if (withRoster.length === 0) return ok(active);
  const names = withRoster.map((s) => quoted(s.name)).join(", ");
  return fail(
    "roster_several_sheets",
    `Tệp có ${withRoster.length} trang cùng có danh sách người ghi phiếu: ${names} (tệp mở ra ở trang ${quoted(sheets[active]?.name ?? "")}). Mỗi lần chỉ nhập danh sách của một điểm: hãy xoá hoặc ẩn các trang không thuộc điểm này, hoặc lưu mỗi trang thành một tệp riêng, rồi nhập lại.`,
  );
}

/**
 * Old-font text (TCVN3/ABC, VNI) converted to Unicode, cell by cell, then invisible characters
 * stripped. The conversion runs first because TCVN3 writes "ư" with the byte of the soft hyphen. A
 * cell that reads as Vietnamese under both encodings takes the one the rest of the file uses; one
 * that reads under neither is marked unreadable (reported if the roster uses its column).
 */
export function decodeLegacyRows(
  rows: readonly RawRow[],
  preferred: LegacyEncoding | undefined = legacyPreference(rows),
): RawRow[] {
  return rows.map((row) => {
    let encoding: LegacyEncoding | null = null;
    const converted: number[] = [];
    const unreadable: number[] = [];
    const cells = row.cells.map((cell, index) => {
      const check = checkLegacyText(cell, preferred);
      if (check.kind === "unreadable") unreadable.push(index);
      if (check.kind !== "converted") return stripInvisible(cell);
      encoding ??= check.encoding;
      converted.push(index);
      return stripInvisible(check.text);
    });
    const out: RawRow = { ...row, cells };
    if (encoding !== null) out.legacy = { encoding, before: row.cells, columns: converted };
    if (unreadable.length > 0) out.unreadableCells = unreadable;
    return out;
  });
}

/** The old encoding most converted cells of the file are in, if any: it settles ambiguous cells. */
export function legacyPreference(rows: readonly RawRow[]): LegacyEncoding | undefined {
  return preferredOf(countLegacyCells(rows));
}

/** How many cells read as TCVN3 and as VNI (added up over batches by the import). */
export function countLegacyCells(
  rows: readonly RawRow[],
  counts: Record<LegacyEncoding, number> = { tcvn3: 0, vni: 0 },
): Record<LegacyEncoding, number> {
  for (const row of rows) {
    for (const cell of row.cells) {
      const check = checkLegacyText(cell);
      if (check.kind === "converted") counts[check.encoding] += 1;
    }
  }
  return counts;
}

/** The majority encoding of the counts; TCVN3 on a tie (the more common of the two). */
export const preferredOf = (counts: Record<LegacyEncoding, number>): LegacyEncoding | undefined =>
  counts.tcvn3 + counts.vni === 0 ? undefined : counts.vni > counts.tcvn3 ? "vni" : "tcvn3";

/**
 * A value merged down over several rows (the household code, the village) belongs to each of them,
 * as the user sees it. A row whose only content would come from such a merge is not a resident of
 * its own (a tall row split in two for a note), so it gets nothing and stays out.
 */
function spreadMergedValues(data: readonly RawRow[], merges: readonly CellRange[]): RawRow[] {
  const vertical = merges.filter((m) => m.bottom > m.top);
  if (vertical.length === 0) return [...data];
  const byRow = new Map(data.map((r) => [r.row, r]));
  const out = new Map<number, RawRow>();
  for (const merge of vertical) {
    const master = byRow.get(merge.top);
    const value = master?.cells[merge.left] ?? "";
    if (!master || value === "") continue;
    for (let r = merge.top + 1; r <= merge.bottom; r++) {
      const target = out.get(r) ?? byRow.get(r);
      if (!target) continue; // nothing of its own on that row: not a resident
      if ((target.cells[merge.left] ?? "") !== "") continue;
      const cells = [...target.cells];
      while (cells.length <= merge.left) cells.push("");
      cells[merge.left] = value;
      const numeric = master.numericCells?.includes(merge.left)
        ? [...(target.numericCells ?? []), merge.left]
        : target.numericCells;
      out.set(r, { ...target, cells, ...(numeric ? { numericCells: numeric } : {}) });
    }
  }
  return data.map((r) => out.get(r.row) ?? r);
}

/** Sub-column captions that name part of a full name, under a "Họ và tên" group. */
const NAME_PARTS = new Set(["ho", "ho va ten dem", "ho va dem", "ho dem", "ho lot", "ho va chu dem", "ten"]);
/** Sub-column captions that mean "the group's own value" ("Số" under "Số CCCD"). */
const GROUP_ITSELF = new Set(["so", "so hieu", "ma so"]);

type LogicalColumn = {
  header: string;
  /** The value of this column in a row, with a problem when the layout is contradicted. */
  read: (row: RawRow) => { value: string; numeric: boolean; formula: boolean; issue?: string };
};

export type TwoRowLayout = { headers: string[]; apply: (row: RawRow) => RawRow };

/**
 * Official forms put captions over two rows: a caption merged down over both rows for a plain column,
 * and a group caption merged across its sub-columns ("Ngày, tháng, năm sinh" over "Nam" | "Nữ";
 * "Họ và tên" over "Họ và tên đệm" | "Tên"). Without merges (CSV), a group caption is followed by
 * empty captions over its sub-columns. Returns how to read the data rows, or null for a one-row
 * header. Each sub-column is read by its own caption and its group's meaning:
 * - "Nam" / "Nữ" under a birth caption: the birth date or year, written in the column of the
 *   resident's gender (the gender is read from which column holds it; both filled is a row error);
 * - name parts under "Họ và tên": joined into the full name;
 * - a sub-caption that is a known column ("Năm sinh" under "Thông tin cử tri"): that column;
 * - "Số" under "Số CCCD": the group's column; any other sub-column: "group — sub" (not used).
 */
export function understandTwoRowHeader(
  rows: readonly RawRow[],
  headerRow: number,
  merges: readonly CellRange[],
): TwoRowLayout | null {
  const top = rows.find((r) => r.row === headerRow);
  const sub = rows.find((r) => r.row === headerRow + 1);
  if (!top || !sub) return null;
  const width = Math.max(top.cells.length, sub.cells.length);
  const topText = (c: number) => cleanText(top.cells[c] ?? "");
  const subText = (c: number) => cleanText(sub.cells[c] ?? "");

  // Group extents: merged across in the header row, or (no merge) a caption followed by empty captions
  // over sub-columns that have captions of their own.
  const groupOf = new Map<number, { left: number; right: number; caption: string }>();
  for (const m of merges) {
    if (m.top !== headerRow || m.bottom !== headerRow || m.right <= m.left) continue;
    const group = { left: m.left, right: m.right, caption: topText(m.left) };
    for (let c = m.left; c <= m.right; c++) groupOf.set(c, group);
  }
  for (let c = 0; c < width; c++) {
    if (groupOf.has(c) || topText(c) === "" || subText(c) === "") continue;
    let right = c;
    while (
      right + 1 < width &&
      !groupOf.has(right + 1) &&
      topText(right + 1) === "" &&
      subText(right + 1) !== ""
    )
      right++;
    if (right === c) continue;
    const group = { left: c, right, caption: topText(c) };
    for (let k = c; k <= right; k++) groupOf.set(k, group);
  }
  if (groupOf.size === 0) return null;
  // Every caption of the lower row must sit under a group, and at least one must read as a caption:
  // otherwise the lower row is the first resident.
  let understood = 0;
  for (let c = 0; c < width; c++) {
    const text = subText(c);
    if (text === "") continue;
    if (!groupOf.has(c)) return null;
    const key = headerKey(text);
    if (
      headerField(text) !== null ||
      NAME_PARTS.has(key) ||
      GROUP_ITSELF.has(key) ||
      key === "nam" ||
      key === "nu"
    )
      understood++;
  }
  if (understood === 0) return null;

  const columns: LogicalColumn[] = [];
  const plain = (index: number, header: string): LogicalColumn => ({
    header,
    read: (row) => ({
      value: row.cells[index] ?? "",
      numeric: row.numericCells?.includes(index) ?? false,
      formula: row.formulaCells?.includes(index) ?? false,
    }),
  });
  const done = new Set<number>();
  for (let c = 0; c < width; c++) {
    if (done.has(c)) continue;
    const group = groupOf.get(c);
    if (!group) {
      columns.push(plain(c, topText(c)));
      done.add(c);
      continue;
    }
    const members = Array.from({ length: group.right - group.left + 1 }, (_, i) => group.left + i);
    for (const m of members) done.add(m);
    const groupField = headerField(group.caption);
    const keys = members.map((m) => headerKey(subText(m)));
    const gendered = members.filter((_, i) => keys[i] === "nam" || keys[i] === "nu");
    if (groupField === "birthYear" && gendered.length === 2) {
      const [men, women] =
        keys[members.indexOf(gendered[0] as number)] === "nam" ? gendered : gendered.reverse();
      const m = men as number;
      const w = women as number;
      const caption = `${group.caption} (${subText(m)}/${subText(w)})`;
      columns.push({
        header: caption,
        read: (row) => {
          const a = cleanText(row.cells[m] ?? "");
          const b = cleanText(row.cells[w] ?? "");
          const formula =
            (row.formulaCells?.includes(m) ?? false) || (row.formulaCells?.includes(w) ?? false);
          if (a !== "" && b !== "") {
            return {
              value: `${a} | ${b}`,
              numeric: false,
              formula,
              issue: `Ngày sinh ghi ở cả hai cột “${subText(m)}” và “${subText(w)}”: chỉ ghi ở cột đúng giới tính.`,
            };
          }
          return { value: a || b, numeric: false, formula };
        },
      });
      columns.push({
        header: `Giới tính (theo cột ${subText(m)}/${subText(w)})`,
        read: (row) => {
          const a = cleanText(row.cells[m] ?? "");
          const b = cleanText(row.cells[w] ?? "");
          return {
            value: a !== "" && b === "" ? "Nam" : b !== "" && a === "" ? "Nữ" : "",
            numeric: false,
            formula: false,
          };
        },
      });
      for (const [i, member] of members.entries()) {
        if (!gendered.includes(member))
          columns.push(plain(member, `${group.caption} — ${subText(members[i] as number)}`));
      }
      continue;
    }
    const parts = members.filter((_, i) => NAME_PARTS.has(keys[i] as string));
    if (groupField === "fullName" && parts.length >= 2) {
      columns.push({
        header: group.caption,
        read: (row) => ({
          value: parts
            .map((p) => cleanText(row.cells[p] ?? ""))
            .filter((t) => t !== "")
            .join(" "),
          numeric: false,
          formula: parts.some((p) => row.formulaCells?.includes(p) ?? false),
        }),
      });
      for (const member of members) {
        if (!parts.includes(member)) columns.push(plain(member, `${group.caption} — ${subText(member)}`));
      }
      continue;
    }
    for (const [i, member] of members.entries()) {
      const caption = subText(member);
      const key = keys[i] as string;
      if (caption === "") columns.push(plain(member, group.caption));
      else if (headerField(caption) !== null) columns.push(plain(member, caption));
      else if (groupField !== null && GROUP_ITSELF.has(key)) columns.push(plain(member, group.caption));
      else columns.push(plain(member, `${group.caption} — ${caption}`));
    }
  }

  return {
    headers: columns.map((c) => c.header),
    apply: (row) => {
      const cells: string[] = [];
      const numericCells: number[] = [];
      const formulaCells: number[] = [];
      const issues: { column: number; value: string; reason: string }[] = [];
      for (const [index, column] of columns.entries()) {
        const read = column.read(row);
        cells.push(read.value);
        if (read.numeric) numericCells.push(index);
        if (read.formula) formulaCells.push(index);
        if (read.issue) issues.push({ column: index, value: read.value, reason: read.issue });
      }
      const out: RawRow = { row: row.row, cells };
      if (numericCells.length > 0) out.numericCells = numericCells;
      if (formulaCells.length > 0) out.formulaCells = formulaCells;
      if (issues.length > 0) out.issues = issues;
      if (row.unreadableCells?.length) out.unreadableCells = [];
      if (row.legacy) out.legacy = { ...row.legacy, before: cells, columns: [] };
      if (row.hidden) out.hidden = true;
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/**
 * Excel stores a CCCD typed without a leading apostrophe as a number and drops its leading zeros.
 * Every CCCD starts with its province code, 001 to 096, so a numeric cell has lost exactly one zero
 * (codes 010–096: 11 digits left) or two (codes 001–009, e.g. Hà Nội 001: 10 digits left). Those are
 * restored; any other length is left as it is and reported, since no padding is then certain.
 */
export function restoreCccdZeros(digits: string): string {
  return /^\d{10,11}$/.test(digits) ? digits.padStart(12, "0") : digits;
}

const cccdReason = (input: unknown): string => {
  const value = typeof input === "string" ? input : "";
  if (/^\d{10,11}$/.test(value)) {
    return "Số CCCD phải gồm đúng 12 chữ số. Có thể số 0 ở đầu đã bị Excel xoá: hãy định dạng cột Số CCCD là Văn bản (Text), gõ lại số rồi nhập lại.";
  }
  if (/e\+?\d/i.test(value)) {
    return "Số CCCD đã bị Excel đổi sang dạng số mũ: hãy định dạng cột Số CCCD là Văn bản (Text), gõ lại số rồi nhập lại.";
  }
  return "Số CCCD phải gồm đúng 12 chữ số.";
};

const optionalText = (max: number, label: string) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(max, `${label} quá dài (tối đa ${max} ký tự).`))
    .transform((s) => (s === "" ? null : s));

/**
 * One roster row, from the cells' text to typed fields. Context-free: the checks that depend on the
 * campaign (age on the voting day, household code) are added by `rosterRowSchemaFor`. A column the
 * file does not have is read as an empty cell.
 */
export const RosterRowSchema = z.object({
  fullName: z
    .string()
    .transform(cleanText)
    .pipe(z.string().min(1, "Thiếu họ và tên.").max(100, "Họ và tên quá dài (tối đa 100 ký tự).")),
  birthYear: z
    .string()
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, { error: "Thiếu năm sinh.", abort: true })
        .regex(/^\d{4}$/, "Năm sinh phải là số có 4 chữ số, ví dụ 1965."),
    )
    .transform(Number)
    .pipe(
      z.number().int().min(EARLIEST_BIRTH_YEAR, `Năm sinh không hợp lý (trước năm ${EARLIEST_BIRTH_YEAR}).`),
    ),
  gender: z
    .string()
    .transform(foldVietnamese)
    .pipe(z.enum(["", "nam", "nu"], { error: "Giới tính phải là “Nam” hoặc “Nữ” (hoặc để trống)." }))
    .transform((g) => (g === "nam" ? "Nam" : g === "nu" ? "Nữ" : null)),
  // Spaces grouping the digits and the apostrophe Excel users type to keep a number as text are
  // presentation, not part of the number.
  cccd: z
    .string()
    .transform((s) => cleanText(s).replace(/\s/g, "").replace(/^'/, ""))
    .refine((s) => s === "" || /^\d{12}$/.test(s), { error: (issue) => cccdReason(issue.input) })
    .transform((s) => (s === "" ? null : s)),
  householdCode: optionalText(40, "Mã hộ"),
  relation: optionalText(100, "Quan hệ với chủ hộ"),
  village: optionalText(200, "Thôn/Tổ dân phố"),
});
export type RosterRowInput = z.input<typeof RosterRowSchema>;
export type RosterRow = z.output<typeof RosterRowSchema>;

/**
 * A birth year ("1965") or a full date of birth as lists write it ("15/03/1965", "15-3-1965",
 * "1965-03-15"). A date that does not exist ("31/02/1965") is not a date.
 */
export function parseBirth(text: string): Birth | null {
  if (/^\d{4}$/.test(text)) return { year: Number(text), date: null };
  // Day first, as Vietnamese lists write it; the same separator twice ("15/03/1965", not "15/03-1965").
  const vn = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = vn ? [vn[4], vn[3], vn[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (y === undefined || m === undefined || d === undefined) return null;
  const date = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  return isIsoDay(date) ? { year: Number(y), date } : null;
}

const votingYearOf = (firstVotingDay: string): number => {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(firstVotingDay);
  // The campaign's days were validated when it was created: a malformed one here is a bug.
  if (match?.[1] === undefined)
    throw new RangeError(`firstVotingDay must be YYYY-MM-DD, got ${firstVotingDay}`);
  return Number(match[1]);
};

/**
 * The row schema with the campaign's own checks; its output is a `RosterEntry` but for `row`. The
 * "Năm sinh" / "Ngày sinh" cell gives `birthYear` and `birthDate` (see `parseBirth`).
 *
 * Age rule: a resident must be 18 on the first voting day (`isAdultOn`, server/domain/calendar.ts):
 * to the day when the list gives the date of birth, by the year when it gives only the year
 * (everyone who turns 18 during the voting year is taken as old enough).
 */
export function rosterRowSchemaFor(context: Pick<RosterContext, "firstVotingDay" | "onePer">) {
  const votingYear = votingYearOf(context.firstVotingDay);
  const day = formatDate(context.firstVotingDay);
  return RosterRowSchema.extend({
    birthYear: z
      .string()
      .transform(cleanText)
      .transform((text, ctx): Birth => {
        const refuse = (message: string) => {
          ctx.addIssue({ code: "custom", message });
          return z.NEVER;
        };
        if (text === "") return refuse("Thiếu năm sinh.");
        const birth = parseBirth(text);
        if (!birth && /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(text)) {
          return refuse("Ngày sinh không có thật hoặc không đúng dạng ngày/tháng/năm (ví dụ 15/03/1965).");
        }
        if (!birth) return refuse("Năm sinh phải là số có 4 chữ số, ví dụ 1965.");
        if (birth.year < EARLIEST_BIRTH_YEAR) {
          return refuse(`Năm sinh không hợp lý (trước năm ${EARLIEST_BIRTH_YEAR}).`);
        }
        if (birth.year > votingYear) return refuse(`Năm sinh sau năm lấy phiếu (${votingYear}).`);
        // A year typed into a cell Excel formats as a date becomes a date in 1905 or so: refuse
        // rather than store a 120-year-old.
        if (birth.year < votingYear - OLDEST_AGE) {
          return refuse(
            `Năm sinh ${birth.year} không hợp lý (quá ${OLDEST_AGE} tuổi). Nếu cột đang định dạng ngày trong Excel, hãy đổi sang dạng số rồi nhập lại.`,
          );
        }
        if (!isAdultOn(birth, context.firstVotingDay)) {
          return refuse(
            birth.date !== null
              ? `Chưa đủ ${ADULT_AGE} tuổi vào ngày lấy phiếu đầu tiên (${day}): sinh ngày ${formatDate(birth.date)}.`
              : `Chưa đủ ${ADULT_AGE} tuổi: ngày lấy phiếu đầu tiên là ${day}, người ghi phiếu phải sinh từ năm ${latestAdultBirthYear(context.firstVotingDay)} trở về trước.`,
          );
        }
        return birth;
      }),
    householdCode:
      context.onePer === "household"
        ? RosterRowSchema.shape.householdCode.refine((code) => code !== null, {
            error: "Thiếu mã hộ: đợt này mỗi hộ một phiếu nên mỗi người phải có mã hộ.",
          })
        : RosterRowSchema.shape.householdCode,
  }).transform(({ birthYear: birth, ...row }) => ({ ...row, birthYear: birth.year, birthDate: birth.date }));
}

/**
 * A resident on a row hidden in Excel. Neither imported (a filtered sheet hides other villages'
 * residents; a row hidden rather than deleted is often someone who moved away or died) nor dropped
 * (a filter left on by accident would lose residents): the file's author looks and decides.
 */
export const HIDDEN_ROW =
  "Dòng này đang bị ẩn trong tệp (do bộ lọc hoặc do ẩn dòng). Phần mềm không nhập người ở dòng ẩn: hãy mở tệp, bỏ lọc và bỏ ẩn để xem lại, xoá dòng nếu người này không thuộc điểm này, lưu rồi tải lên lại.";

/** A formula cell whose result the file does not hold: reported as such, not as an empty cell. */
export const FORMULA_WITHOUT_RESULT =
  "Ô có công thức nhưng chưa có kết quả (tệp do phần mềm khác tạo hoặc chưa được tính lại). Hãy mở tệp bằng Excel, lưu lại rồi nhập lại, hoặc thay công thức bằng giá trị.";

/** Text that looks typed in an old font but converts under neither TCVN3 nor VNI (or under both). */
export const LEGACY_UNREADABLE =
  "Chữ trong ô này có vẻ gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI) nhưng không chuyển tự động được. Hãy chuyển mã sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey: bảng mã nguồn TCVN3 hoặc VNI, bảng mã đích Unicode) rồi nhập lại.";

export type RosterValidator = {
  /** Checks one data row; rows without any roster data (blank, or only an STT) are skipped. */
  push(row: RawRow): void;
  /** Rows pushed so far, for "đã kiểm tra N/M dòng". */
  readonly checked: number;
  /** Bad rows found so far (a row with two bad cells counts once). */
  readonly badRows: number;
  /** Every entry, or every error when at least one row is bad: a file with errors imports nothing. */
  finish(): Result<RosterEntry[], RosterRowError[]>;
};

/**
 * Row-by-row validation, so that the web edge can check a large file in batches and report progress
 * between them. `columns` must come from `mapColumns` with the campaign's `onePer`.
 */
export function createRosterValidator(columns: RosterColumns, context: RosterContext): RosterValidator {
  if (columns.fullName === undefined || columns.birthYear === undefined) {
    throw new Error("createRosterValidator: columns must come from mapColumns (full name and birth year)");
  }
  if (context.onePer === "household" && columns.householdCode === undefined) {
    throw new Error("createRosterValidator: a per-household campaign needs the household code column");
  }
  const schema = rosterRowSchemaFor(context);
  const entries: RosterEntry[] = [];
  const errors: RosterRowError[] = [];
  const firstRowOfCccd = new Map<string, number>();
  let checked = 0;
  let badRows = 0;
  let finished = false;

  const cellOf = (raw: RawRow, field: RosterField): string => {
    const column = columns[field];
    return column === undefined ? "" : (raw.cells[column.index] ?? "");
  };

  const check = (raw: RawRow): void => {
    const input: RosterRowInput = {
      fullName: cellOf(raw, "fullName"),
      birthYear: cellOf(raw, "birthYear"),
      gender: cellOf(raw, "gender"),
      cccd: cellOf(raw, "cccd"),
      householdCode: cellOf(raw, "householdCode"),
      relation: cellOf(raw, "relation"),
      village: cellOf(raw, "village"),
    };
    const flagged = ROSTER_FIELDS.some((field) => {
      const index = columns[field]?.index;
      return (
        index !== undefined &&
        (raw.formulaCells?.includes(index) ||
          raw.unreadableCells?.includes(index) ||
          raw.issues?.some((i) => i.column === index))
      );
    });
    if (isBlankRow(Object.values(input)) && !flagged) return;
    const cccdColumn = columns.cccd;
    if (cccdColumn !== undefined && raw.numericCells?.includes(cccdColumn.index)) {
      input.cccd = restoreCccdZeros(cleanText(input.cccd));
    }

    const rowErrors: { index: number; error: RosterRowError }[] = [];
    const report = (field: RosterField, reason: string): void => {
      const column = columns[field];
      if (column === undefined) throw new Error(`rosterValidator: an issue on the absent column ${field}`);
      if (rowErrors.some((e) => e.index === column.index)) return; // one reason per cell: the first
      const value = (raw.legacy?.before[column.index] ?? raw.cells[column.index] ?? "").normalize("NFC");
      rowErrors.push({ index: column.index, error: { row: raw.row, column: column.header, value, reason } });
    };
    // A row with roster data that the file hides is reported on its name, before anything else.
    if (raw.hidden) report("fullName", HIDDEN_ROW);
    // Cell-level problems found while reading come first: they explain why a cell looks empty or wrong.
    for (const field of ROSTER_FIELDS) {
      const column = columns[field];
      if (column === undefined) continue;
      const issue = raw.issues?.find((i) => i.column === column.index);
      if (issue) report(field, issue.reason);
      if (raw.formulaCells?.includes(column.index)) report(field, FORMULA_WITHOUT_RESULT);
      if (raw.unreadableCells?.includes(column.index)) report(field, LEGACY_UNREADABLE);
    }

    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) report(issue.path[0] as RosterField, issue.message);
    }

    // The CCCD is checked against the campaign even when another cell of the row is bad, so that
    // one pass reports everything.
    const cccd = RosterRowSchema.shape.cccd.safeParse(input.cccd);
    if (cccd.success && cccd.data !== null) {
      const earlier = firstRowOfCccd.get(cccd.data);
      if (context.takenCccd.has(cccd.data)) {
        report("cccd", "Số CCCD này đã có trong danh sách của một điểm lấy phiếu khác trong đợt này.");
      } else if (earlier !== undefined) {
        report("cccd", `Số CCCD trùng với dòng ${earlier}.`);
      } else {
        firstRowOfCccd.set(cccd.data, raw.row);
      }
    }

    if (rowErrors.length > 0) {
      badRows += 1;
      rowErrors.sort((a, b) => a.index - b.index);
      for (const e of rowErrors) errors.push(e.error);
      return;
    }
    // Without a reported issue the parse succeeded.
    if (parsed.success) entries.push({ row: raw.row, ...parsed.data });
  };

  return {
    push(raw) {
      if (finished) throw new Error("rosterValidator: push after finish");
      checked += 1;
      check(raw);
    },
    get checked() {
      return checked;
    },
    get badRows() {
      return badRows;
    },
    finish() {
      finished = true;
      return errors.length > 0 ? err(errors) : ok(entries);
    },
  };
}

/**
 * The whole table at once: column mapping against the campaign (a missing or doubled column is one
 * `DomainError`), then every row (any bad row: the list of `RosterRowError`s, nothing imported).
 */
export function validateRoster(
  table: RawTable,
  context: RosterContext,
): Result<RosterEntry[], RosterRowError[] | DomainError> {
  const columns = mapColumns(table.headers, context.onePer);
  if (!columns.ok) return columns;
  const validator = createRosterValidator(columns.value, context);
  for (const row of table.rows) validator.push(row);
  return validator.finish();
}

/** Tells the two kinds of failure of `validateRoster` apart. */
export const isRowErrors = (error: RosterRowError[] | DomainError): error is RosterRowError[] =>
  Array.isArray(error);

// ---------------------------------------------------------------------------------------------
// A roster entry as the store keeps it
// ---------------------------------------------------------------------------------------------

export type StoredRosterEntry = RosterCommitmentEntry & {
  id: number;
  pointId: number;
  sourceRow: number | null;
  village: string | null;
  amended: boolean;
};

export type NewRosterEntry = RosterCommitmentEntry & { sourceRow: number | null; village: string | null };

export type RosterCommitmentRecord = {
  version: number;
  digest: string;
  entries: number;
  /** Distinct households on this version (`householdsOn`); null for versions before migration 0018. */
  households: number | null;
  reason: string;
  createdAt: string;
  createdBy: string;
};

// ---------------------------------------------------------------------------------------------
// Look-alikes: the same person twice without a CCCD to tell
// ---------------------------------------------------------------------------------------------

/** What look-alike detection reads of a resident, imported (`row`) or stored (`id`). */
export type LookAlikeCandidate = {
  readonly fullName: string;
  readonly birthYear: number;
  readonly birthDate: string | null;
  readonly householdCode: string | null;
  readonly cccd: string | null;
};

/** Same birth: the same date when both lists give it, otherwise the same year. */
const sameBirth = (a: LookAlikeCandidate, b: LookAlikeCandidate): boolean =>
  a.birthDate !== null && b.birthDate !== null ? a.birthDate === b.birthDate : a.birthYear === b.birthYear;

/**
 * Two entries that may be one person (issue #14 "Duplicates"): the same folded name (diacritics and
 * tone placement ignored: "Thuý" and "Thúy", "Hoà" and "Hòa"), the same birth (date, or year when a
 * list gives only the year) and the same household (codes compared folded; both absent counts as
 * the same). Two different CCCDs settle it: those are two people. A duplicate CCCD is refused
 * elsewhere; here the CCCD is missing on at least one side.
 */
export function mayBeSamePerson(a: LookAlikeCandidate, b: LookAlikeCandidate): boolean {
  if (a.cccd !== null && b.cccd !== null && a.cccd !== b.cccd) return false;
  return (
    foldVietnamese(a.fullName) === foldVietnamese(b.fullName) &&
    foldVietnamese(a.householdCode ?? "") === foldVietnamese(b.householdCode ?? "") &&
    sameBirth(a, b)
  );
}

/**
 * Groups of entries that may be the same person, each in list order, groups ordered by their first
 * entry: exactly the connected groups of `mayBeSamePerson`, found without comparing every pair.
 *
 * Entries are bucketed by folded name, household and birth year (the predicate needs all three the
 * same). Inside a bucket, entries with the same birth date (or none) and the same CCCD (or none) are
 * one class and all alike; classes are compared through one member each, and two classes that both
 * have a CCCD only when it is the same CCCD (different CCCDs are two people). Classes without a
 * CCCD are at most one per day of the year, so a file of 50,000 identical rows, or of 50,000 rows
 * with one name and different CCCDs, costs a few passes rather than a billion comparisons.
 */
export function findLookAlikes<T extends LookAlikeCandidate>(entries: readonly T[]): T[][] {
  const buckets = new Map<string, Map<string, number[]>>();
  entries.forEach((e, i) => {
    const key = `${foldVietnamese(e.fullName)}\u0000${foldVietnamese(e.householdCode ?? "")}\u0000${e.birthYear}`;
    const classKey = `${e.birthDate ?? ""}\u0000${e.cccd ?? ""}`;
    let classes = buckets.get(key);
    if (!classes) {
      classes = new Map();
      buckets.set(key, classes);
    }
    const members = classes.get(classKey);
    if (members) members.push(i);
    else classes.set(classKey, [i]);
  });
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    // Path halving keeps later lookups short however the unions went.
    let j = i;
    while (parent[j] !== r) {
      const next = parent[j] as number;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  const union = (i: number, j: number) => {
    const ri = root(i);
    const rj = root(j);
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
  };
  for (const classes of buckets.values()) {
    const representatives: number[] = [];
    for (const members of classes.values()) {
      const first = members[0] as number;
      for (const other of members) union(first, other);
      representatives.push(first);
    }
    const withoutCccd = representatives.filter((i) => (entries[i] as T).cccd === null);
    const byCccd = new Map<string, number[]>();
    for (const i of representatives) {
      const cccd = (entries[i] as T).cccd;
      if (cccd === null) continue;
      const same = byCccd.get(cccd);
      if (same) same.push(i);
      else byCccd.set(cccd, [i]);
    }
    const link = (i: number, j: number) => {
      if (i !== j && mayBeSamePerson(entries[i] as T, entries[j] as T)) union(i, j);
    };
    for (const i of withoutCccd) for (const j of representatives) link(i, j);
    for (const same of byCccd.values()) for (const i of same) for (const j of same) link(i, j);
  }
  const groups = new Map<number, T[]>();
  entries.forEach((e, i) => {
    const r = root(i);
    const group = groups.get(r);
    if (group) group.push(e);
    else groups.set(r, [e]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * The board's answer for one group of look-alikes in a file: keep every row ("là những người khác
 * nhau"), or keep only the given row and drop the others (the same person written twice).
 */
export type LookAlikeDecision = { rows: readonly number[]; keep: "all" | number };

/**
 * Applies the board's decisions to a file's entries. Every group must be decided, by its exact rows,
 * and a kept row must belong to its group: otherwise the undecided groups come back and nothing is
 * imported (issue #14: "nothing is imported until each is decided").
 */
export function applyLookAlikeDecisions(
  entries: readonly RosterEntry[],
  decisions: readonly LookAlikeDecision[],
): Result<{ entries: RosterEntry[]; dropped: number[] }, { undecided: RosterEntry[][] }> {
  const groups = findLookAlikes(entries);
  // A group is named by its rows in any order: one key per decision, looked up once per group.
  const rowsKey = (rows: readonly number[]) => [...rows].sort((x, y) => x - y).join(",");
  const byRows = new Map<string, LookAlikeDecision>();
  for (const d of decisions) if (!byRows.has(rowsKey(d.rows))) byRows.set(rowsKey(d.rows), d);
  const dropped = new Set<number>();
  const undecided: RosterEntry[][] = [];
  for (const group of groups) {
    const rows = group.map((e) => e.row);
    const decision = byRows.get(rowsKey(rows));
    if (!decision || (decision.keep !== "all" && !rows.includes(decision.keep))) {
      undecided.push(group);
      continue;
    }
    if (decision.keep !== "all") for (const r of rows) if (r !== decision.keep) dropped.add(r);
  }
  if (undecided.length > 0) return err({ undecided });
  return ok({
    entries: entries.filter((e) => !dropped.has(e.row)),
    dropped: [...dropped].sort((a, b) => a - b),
  });
}
