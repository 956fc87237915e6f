/**
 * A small RFC 4180 reader for the CSV files Excel and LibreOffice write: fields separated by one
 * character, quoted fields holding separators, line breaks and doubled quotes, CRLF, LF or CR line
 * ends. Like Excel it is lenient where the RFC is strict: a quote inside an unquoted field is kept as
 * a character, and text after a closing quote is kept as part of the field.
 */
import { fail, ok, type Result } from "../domain/result.ts";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits CSV text into records of fields. Records are numbered from 1 in the order they appear,
 * which is the row number Excel shows for them (a line break inside quotes does not start a row).
 * `maxRecords` makes a sniff of the first rows (to find a file's separator): it stops early, and an
 * unclosed quote ends it with the records before, since the full read reports that quote anyway.
 */
export function parseCsv(text: string, separator: string, maxRecords?: number): Result<string[][]> {
  if (separator.length !== 1 || separator === '"' || separator === "\n" || separator === "\r") {
    throw new RangeError(`parseCsv: unusable separator ${JSON.stringify(separator)}`);
  }
  const sep = separator.charCodeAt(0);
  const n = text.length;
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;

  const endOfField = (from: number): number => {
    let k = from;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === sep || c === LF || c === CR) break;
      k++;
    }
    return k;
  };

  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      let parts = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          if (maxRecords !== undefined) return ok(records);
          return fail(
            "roster_csv_unclosed_quote",
            `Dấu ngoặc kép (") mở ở dòng ${records.length + 1} không được đóng: tệp CSV bị hỏng từ dòng này. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dưới dạng CSV UTF-8.`,
          );
        }
        parts += text.slice(j, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          parts += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      const end = endOfField(j);
      value = parts + text.slice(j, end);
      i = end;
    } else {
      const end = endOfField(i);
      value = text.slice(i, end);
      i = end;
    }
    record.push(value);

    if (i >= n) {
      records.push(record);
      return ok(records);
    }
    const c = text.charCodeAt(i);
    if (c === sep) {
      i += 1;
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push(record);
    record = [];
    // A final line break ends the last record; it does not open an empty one.
    if (i >= n || (maxRecords !== undefined && records.length >= maxRecords)) return ok(records);
  }
}
