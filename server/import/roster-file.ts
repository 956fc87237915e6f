/**
 * The roster upload's edge: the bytes of an .xlsx or .csv file → the sheet's rows as text → the table
 * under its header (issue #4 §4). The file's content decides its type, not its name: a workbook
 * saved as "danh-sach.csv" is still read as a workbook, and a PDF renamed to .xlsx is refused.
 * Validation of the rows themselves is pure and lives in server/domain/roster.ts.
 *
 * Reading is bounded (issue #14): a workbook is streamed part by part (server/import/xlsx-reader.ts)
 * keeping only rows with data, a CSV is parsed as a stream dropping blank lines, and both stop a
 * little past the row limit. Both give the event loop a turn between chunks.
 */
import { formatCount } from "../domain/format.ts";
import { fail, type Result } from "../domain/result.ts";
import {
  type BuildTableOptions,
  buildRosterTable,
  chooseRosterSheet,
  countLegacyCells,
  decodeLegacyRows,
  HEADER_SEARCH_ROWS,
  headerScore,
  isBlankRow,
  preferredOf,
  type RawRow,
  type RawTable,
  ROSTER_MAX_ROWS,
  SHEET_PREVIEW_ROWS,
} from "../domain/roster.ts";
import { type CsvRecords, parseCsv, sniffCsv } from "./csv.ts";
import { readSheet, readWorkbookInfo, type SheetContent, XlsxError } from "./xlsx-reader.ts";
import { readZipDirectory } from "./zip-directory.ts";

/** Upload limit: a 50,000-row list is about 3 MB as .xlsx and 5 MB as CSV. */
export const ROSTER_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Limit on what a workbook may unpack to (its XML is 10–20 times its compressed size). It stops a
 * "zip bomb" that declares its sizes honestly; the uploaders are signed-in board members, so this is
 * a guard against accidents more than against attackers.
 */
export const ROSTER_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

const SAVE_AS_HINT = "Hãy lưu danh sách dưới dạng Excel (.xlsx) hoặc CSV UTF-8 rồi tải lên lại.";

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  signature.every((b, i) => bytes[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04": .xlsx is a ZIP package
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls, .doc, password-protected .xlsx
const UTF16_LE = [0xff, 0xfe];
const UTF16_BE = [0xfe, 0xff];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Known non-spreadsheet formats, for a message that names what was uploaded. */
const OTHER_FORMATS: readonly { name: string; signature: readonly number[] }[] = [
  { name: "PDF", signature: [0x25, 0x50, 0x44, 0x46] },
  { name: "ảnh PNG", signature: [0x89, 0x50, 0x4e, 0x47] },
  { name: "ảnh JPEG", signature: [0xff, 0xd8, 0xff] },
  { name: "ảnh GIF", signature: [0x47, 0x49, 0x46, 0x38] },
  { name: "tệp nén RAR", signature: [0x52, 0x61, 0x72, 0x21] },
  { name: "tệp nén 7z", signature: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: "tệp nén gzip", signature: [0x1f, 0x8b] },
];

const extensionOf = (fileName: string): string => {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot + 1).toLowerCase();
};

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1).replace(".", ",");

const wrongType = (fileName: string, what?: string) =>
  fail(
    "roster_wrong_type",
    `Tệp “${fileName.normalize("NFC")}” ${what === undefined ? "không phải" : `là ${what}, không phải`} bảng tính Excel (.xlsx) hoặc CSV. ${SAVE_AS_HINT}`,
  );

/**
 * Reads an uploaded roster file into the table under its header. Every file-level problem is one
 * `DomainError` with a stable code: roster_too_large, roster_empty_file, roster_wrong_type,
 * roster_xls_legacy, roster_xlsx_corrupt, roster_xlsx_too_large, roster_csv_encoding,
 * roster_csv_unclosed_quote, roster_several_sheets (a workbook with a roster on several visible
 * sheets), and from the table: roster_no_header, roster_missing_column, roster_duplicate_column,
 * roster_no_rows, roster_too_many_rows. A workbook's table names the sheet it was read from.
 */
export async function readRosterFile(bytes: Uint8Array, fileName: string): Promise<Result<RawTable>> {
  if (bytes.length > ROSTER_MAX_BYTES) {
    return fail(
      "roster_too_large",
      `Tệp nặng ${megabytes(bytes.length)} MB, vượt giới hạn ${formatCount(ROSTER_MAX_BYTES / (1024 * 1024))} MB. Hãy kiểm tra lại tệp hoặc chia danh sách theo điểm lấy phiếu.`,
    );
  }
  if (bytes.length === 0) return fail("roster_empty_file", "Tệp không có dữ liệu (tệp trống).");

  if (startsWith(bytes, ZIP)) return readXlsx(bytes, fileName);
  if (startsWith(bytes, OLE2)) {
    return fail(
      "roster_xls_legacy",
      "Tệp là bảng tính Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu, chưa đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu nếu có, chọn Lưu thành (Save As) → “Sổ làm việc Excel (*.xlsx)” rồi tải lên lại.",
    );
  }
  const known = OTHER_FORMATS.find((f) => startsWith(bytes, f.signature));
  if (known !== undefined) return wrongType(fileName, known.name);

  const extension = extensionOf(fileName);
  if (extension === "xlsx" || extension === "xlsm") {
    return fail(
      "roster_xlsx_corrupt",
      `Tệp “${fileName.normalize("NFC")}” không phải tệp Excel .xlsx hợp lệ. ${SAVE_AS_HINT}`,
    );
  }
  if (extension !== "csv" && extension !== "txt" && extension !== "") return wrongType(fileName);
  return readCsv(bytes, fileName);
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const ENCODING_MESSAGE =
  "Tệp CSV không dùng mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. Lưu lại tệp dưới dạng CSV UTF-8: mở tệp bằng Excel, chọn Lưu thành (Save As) → “CSV UTF-8 (Comma delimited) (*.csv)”, rồi tải lên lại.";

/**
 * Rows kept from a file before it is known to be too long: the row limit, the rows above the header,
 * a two-row header and the column numbering row. One more means "more than the limit".
 */
const KEEP_ROWS = ROSTER_MAX_ROWS + HEADER_SEARCH_ROWS + 3;

/**
 * Reading a large sheet leaves tens of megabytes of short-lived strings (XML text, parser buffers);
 * the engine would collect them late and the process would hold them meanwhile. A collection
 * between the phases of an import keeps the server's peak memory near what the rows need
 * (issue #14: under 300 MB for any file under the size limit). One full collection with a roster's
 * live data takes a few tens of milliseconds.
 */
export function collectGarbage(): void {
  if (typeof Bun !== "undefined") Bun.gc(true);
}

/** Rows cleaned between two turns of the event loop. */
const CLEAN_BATCH = 2_000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * `buildRosterTable` over rows whose cells are first cleaned (old encodings converted, invisible
 * characters removed) in batches, with a turn of the event loop between them: a 50,000-row list
 * never holds the server for the whole pass.
 */
async function buildTable(
  rows: readonly RawRow[],
  options: BuildTableOptions = {},
): Promise<Result<RawTable>> {
  const counts = { tcvn3: 0, vni: 0 };
  for (let start = 0; start < rows.length; start += CLEAN_BATCH) {
    countLegacyCells(rows.slice(start, start + CLEAN_BATCH), counts);
    await nextTurn();
  }
  const preferred = preferredOf(counts);
  const decoded: RawRow[] = [];
  for (let start = 0; start < rows.length; start += CLEAN_BATCH) {
    decoded.push(...decodeLegacyRows(rows.slice(start, start + CLEAN_BATCH), preferred));
    await nextTurn();
  }
  const table = buildRosterTable(decoded, { ...options, decoded: true });
  collectGarbage();
  return table;
}

const tooManyRows = () =>
  fail(
    "roster_too_many_rows",
    `Tệp có hơn ${formatCount(ROSTER_MAX_ROWS)} dòng dữ liệu, vượt giới hạn ${formatCount(ROSTER_MAX_ROWS)} dòng. Hãy kiểm tra lại tệp hoặc chia danh sách theo điểm lấy phiếu.`,
  );

async function readCsv(bytes: Uint8Array, fileName: string): Promise<Result<RawTable>> {
  // Excel's "Unicode Text" is UTF-16 with a byte-order mark: readable, but not what the import takes.
  if (startsWith(bytes, UTF16_LE) || startsWith(bytes, UTF16_BE)) {
    return fail("roster_csv_encoding", ENCODING_MESSAGE);
  }
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    // Windows-1258 or TCVN3 (the old Vietnamese code pages) are not valid UTF-8.
    return fail("roster_csv_encoding", ENCODING_MESSAGE);
  }
  if (text.includes("\u0000")) return wrongType(fileName);

  const records: CsvRecords = await parseCsv(text, detectSeparator(text), KEEP_ROWS);
  if (!records.ok) return records;
  if (records.value.truncated) return tooManyRows();
  return buildTable(records.value.rows);
}

const SEPARATORS = [",", ";", "\t"] as const;

/**
 * Excel writes CSV with the list separator of the computer's region: a comma, or a semicolon where
 * the decimal mark is a comma (as in Vietnamese settings). The separator is the one under which the
 * first rows contain the best header; on a tie (no header at all), the one that splits the first rows
 * into the most fields.
 */
export function detectSeparator(text: string): string {
  let best: string = ",";
  let bestScore = -1;
  let bestFields = -1;
  for (const separator of SEPARATORS) {
    const records = sniffCsv(text, separator, HEADER_SEARCH_ROWS * 2);
    const filled = records.filter((cells) => !isBlankRow(cells)).slice(0, HEADER_SEARCH_ROWS);
    const score = Math.max(0, ...filled.map(headerScore));
    const fields = records.reduce((sum, cells) => sum + cells.length, 0);
    if (score > bestScore || (score === bestScore && fields > bestFields)) {
      best = separator;
      bestScore = score;
      bestFields = fields;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// xlsx
// ---------------------------------------------------------------------------------------------

const corrupt = (fileName: string, why = "tệp Excel bị hỏng") =>
  fail("roster_xlsx_corrupt", `Không đọc được tệp “${fileName.normalize("NFC")}”: ${why}. ${SAVE_AS_HINT}`);

const unzippedTooLarge = (bytes: number) =>
  fail(
    "roster_xlsx_too_large",
    `Bảng tính khi giải nén nặng ${bytes > 0 ? `${megabytes(bytes)} MB, ` : ""}vượt giới hạn ${formatCount(ROSTER_MAX_UNZIPPED_BYTES / (1024 * 1024))} MB. Hãy chỉ giữ lại trang danh sách rồi tải lên lại.`,
  );

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Result<RawTable>> {
  const entries = readZipDirectory(bytes);
  if (entries === null) return corrupt(fileName, "tệp Excel bị hỏng hoặc tải lên chưa hết");
  // A Word document, a LibreOffice sheet (.ods) and a plain .zip are ZIP packages too.
  if (!entries.some((e) => /(^|\/)workbook\.xml$/i.test(e.name))) return wrongType(fileName);
  const unzipped = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (unzipped > ROSTER_MAX_UNZIPPED_BYTES) return unzippedTooLarge(unzipped);

  try {
    const workbook = await readWorkbookInfo(bytes, entries);
    const visible = workbook.sheets.filter((s) => s.state === "visible");
    let index = workbook.sheets.findIndex((s) => s.state === "visible");
    if (visible.length > 1) {
      // The top of every visible sheet, to see which holds the roster.
      const previews = [];
      for (const sheet of workbook.sheets) {
        const hidden = sheet.state !== "visible";
        const content: SheetContent = hidden
          ? { rows: [], merges: [], truncated: false }
          : await readSheet(bytes, workbook, sheet, { maxRows: SHEET_PREVIEW_ROWS, merges: false });
        previews.push({ name: sheet.name, hidden, rows: content.rows });
      }
      const chosen = chooseRosterSheet(previews, workbook.activeTab);
      if (!chosen.ok) return chosen;
      index = chosen.value;
    }
    const sheet = workbook.sheets[index];
    if (sheet === undefined) return fail("roster_empty_file", "Tệp Excel không có trang tính nào đang hiện.");
    const content = await readSheet(bytes, workbook, sheet, { maxRows: KEEP_ROWS, merges: true });
    if (content.truncated) return tooManyRows();
    collectGarbage();
    const rows: RawRow[] = content.rows.map((r) => ({
      row: r.row,
      cells: r.cells,
      ...(r.numericCells.length > 0 ? { numericCells: r.numericCells } : {}),
      ...(r.formulaCells.length > 0 ? { formulaCells: r.formulaCells } : {}),
      ...(r.hidden ? { hidden: true } : {}),
    }));
    const table = await buildTable(rows, { merges: content.merges, sheet: sheet.name });
    if (!table.ok && visible.length > 1) {
      return fail(table.error.code, `Trang “${sheet.name}”: ${table.error.message}`);
    }
    return table;
  } catch (error) {
    if (!(error instanceof XlsxError)) throw error;
    if (error.reason === "too_large") return unzippedTooLarge(0);
    return corrupt(fileName);
  }
}
