/**
 * CSV reading for roster import, on `csv-parse` (a maintained RFC 4180 parser, issue #14): fields
 * separated by one character, quoted fields holding separators, line breaks and doubled quotes,
 * CRLF, LF or CR line ends. Lenient where Excel is: a quote inside an unquoted field is kept as a
 * character (`relax_quotes`), rows may have different numbers of fields. One difference from the
 * hand-written reader it replaces: text after a closing quote (`"ab"cd`, which Excel reads as
 * `abcd`) keeps its quotes; no spreadsheet writes such a field.
 */
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { fail, ok, type Result } from "../domain/result.ts";
import { isBlankRow, type RawRow } from "../domain/roster.ts";

const options = (separator: string) => ({
  delimiter: separator,
  quote: '"',
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
});

const checkSeparator = (separator: string) => {
  if (separator.length !== 1 || separator === '"' || separator === "\n" || separator === "\r") {
    throw new RangeError(`parseCsv: unusable separator ${JSON.stringify(separator)}`);
  }
};

/** Characters handed to the parser between two turns of the event loop. */
const CHUNK = 256 * 1024;

export type CsvRecords = Result<{ rows: RawRow[]; truncated: boolean }>;

/**
 * The non-blank records of a CSV text, each numbered as Excel shows it (records counted from 1,
 * blank ones included; a line break inside quotes does not start a row). At most `keepRows` are
 * kept: past that `truncated` is set and reading stops, so a file of a million blank-but-separated
 * lines costs no memory. The text is fed in chunks with a turn of the event loop between them. An
 * unclosed quote is `roster_csv_unclosed_quote`, naming the record where it opened.
 */
export async function parseCsv(
  text: string,
  separator: string,
  keepRows = Number.POSITIVE_INFINITY,
): Promise<CsvRecords> {
  checkSeparator(separator);
  return new Promise((resolve) => {
    const rows: RawRow[] = [];
    let records = 0;
    let settled = false;
    const settle = (result: CsvRecords) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const parser = parse({
      ...options(separator),
      on_record: (cells: string[]) => {
        records += 1;
        if (settled || isBlankRow(cells)) return null;
        if (rows.length >= keepRows) {
          settle(ok({ rows, truncated: true }));
          return null;
        }
        rows.push({ row: records, cells });
        return null;
      },
    });
    parser.on("error", (error: Error & { code?: string }) => {
      if (error.code === "CSV_QUOTE_NOT_CLOSED") {
        settle(
          fail(
            "roster_csv_unclosed_quote",
            `Dấu ngoặc kép (") mở ở dòng ${records + 1} không được đóng: tệp CSV bị hỏng từ dòng này. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dưới dạng CSV UTF-8.`,
          ),
        );
        return;
      }
      settle(
        fail(
          "roster_csv_unreadable",
          `Không đọc được tệp CSV từ dòng ${records + 1}. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dưới dạng CSV UTF-8.`,
        ),
      );
    });
    parser.on("end", () => settle(ok({ rows, truncated: false })));
    parser.resume();
    void (async () => {
      for (let at = 0; at < text.length && !settled; ) {
        let end = Math.min(at + CHUNK, text.length);
        // Never split a surrogate pair (an emoji or a rare CJK character in a note column).
        const last = text.charCodeAt(end - 1);
        if (last >= 0xd800 && last <= 0xdbff && end < text.length) end += 1;
        parser.write(text.slice(at, end));
        at = end;
        await new Promise((r) => setTimeout(r, 0));
      }
      parser.end();
    })();
  });
}

/**
 * The first `maxRecords` records, for guessing a file's separator. A quote left open within them ends
 * the sniff with the records before it: the full read reports that quote anyway.
 */
export function sniffCsv(text: string, separator: string, maxRecords: number): string[][] {
  checkSeparator(separator);
  const records: string[][] = [];
  try {
    parseSync(text, {
      ...options(separator),
      to: maxRecords,
      on_record: (cells: string[]) => {
        records.push(cells);
        return null;
      },
    });
  } catch {
    // An unclosed quote within the sniffed part: keep what came before it.
  }
  return records;
}
