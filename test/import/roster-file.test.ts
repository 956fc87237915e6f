import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { DomainError } from "../../server/domain/result.ts";
import {
  HIDDEN_ROW,
  isRowErrors,
  type RawTable,
  type RosterContext,
  type RosterEntry,
  type RosterRowError,
  validateRoster,
} from "../../server/domain/roster.ts";
import { detectSeparator, ROSTER_MAX_BYTES, readRosterFile } from "../../server/import/roster-file.ts";
import { readZipDirectory } from "../../server/import/zip-directory.ts";
import { zipOf } from "../support/zip.ts";

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))));

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Voting days of the sample campaign (shared/scenarios/demo.json). */
const CONTEXT: RosterContext = { firstVotingDay: "2026-10-27", onePer: "resident", takenCccd: new Set() };

const HEADER = "STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Mã hộ,Quan hệ với chủ hộ,Thôn/Tổ dân phố";

async function table(bytes: Uint8Array, fileName: string): Promise<RawTable> {
  const result = await readRosterFile(bytes, fileName);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function fileError(bytes: Uint8Array, fileName: string): Promise<DomainError> {
  const result = await readRosterFile(bytes, fileName);
  if (result.ok) throw new Error("expected a file-level error");
  return result.error;
}

async function entries(bytes: Uint8Array, fileName: string, context = CONTEXT): Promise<RosterEntry[]> {
  const result = validateRoster(await table(bytes, fileName), context);
  if (!result.ok) throw new Error(JSON.stringify(result.error).slice(0, 500));
  return result.value;
}

async function rowErrors(bytes: Uint8Array, fileName: string, context = CONTEXT): Promise<RosterRowError[]> {
  const result = validateRoster(await table(bytes, fileName), context);
  if (result.ok) throw new Error("expected row errors, got entries");
  if (!isRowErrors(result.error)) throw new Error(result.error.message);
  return result.error;
}

/** A workbook built in memory: `rows` go onto the first sheet from row 1; null leaves a cell empty. */
async function xlsxOf(
  rows: ExcelJS.CellValue[][],
  edit?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách");
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The commune's sample files
// ---------------------------------------------------------------------------------------------

const FIRST: Omit<RosterEntry, "row"> = {
  fullName: "Võ Văn Dũng",
  birthYear: 1952,
  birthDate: null,
  gender: "Nam",
  cccd: "059083016613",
  householdCode: "HQ-T1-001",
  relation: "Chủ hộ",
  village: "Thôn 1, Xã Hương Quang",
};
const LAST: Omit<RosterEntry, "row"> = {
  fullName: "Phạm Minh Sơn",
  birthYear: 1999,
  birthDate: null,
  gender: "Nam",
  cccd: "059765505975",
  householdCode: "HQ-T1-078",
  relation: "Chồng",
  village: "Thôn 1, Xã Hương Quang",
};
const withoutRow = ({ row: _row, ...rest }: RosterEntry) => rest;

describe("readRosterFile - sample files", () => {
  it("readRosterFile - roster-hq-t1.xlsx: header under the title rows, every row valid", async () => {
    const t = await table(fixture("roster-hq-t1.xlsx"), "roster-hq-t1.xlsx");
    expect(t.headerRow).toBe(3);
    expect(t.headers).toEqual([
      "STT",
      "Họ và tên",
      "Năm sinh",
      "Giới tính",
      "Số CCCD",
      "Mã hộ",
      "Quan hệ với chủ hộ",
      "Thôn/Tổ dân phố",
    ]);
    const list = await entries(fixture("roster-hq-t1.xlsx"), "roster-hq-t1.xlsx");
    expect(list.length).toBe(200);
    expect(list.length).toBe(t.rows.length);
    const first = list[0];
    const last = list.at(-1);
    expect(first?.row).toBe(4);
    expect(first?.fullName).toBe("Võ Văn Dũng");
    expect(first?.birthYear).toBe(1952);
    expect(first?.gender).toBe("Nam");
    expect(first?.cccd).toBe("059083016613");
    expect(first?.householdCode).toBe("HQ-T1-001");
    expect(first?.relation).toBe("Chủ hộ");
    expect(first?.village).toBe("Thôn 1, Xã Hương Quang");
    expect(last).toEqual({ row: 203, ...LAST });
    for (const entry of [first, last]) {
      for (const text of [entry?.fullName, entry?.relation, entry?.village]) {
        expect(text?.normalize("NFC")).toBe(text);
      }
    }
    expect(list.filter((e) => e.gender === "Nữ").length).toBe(89);
  });

  it("readRosterFile - roster-hq-t1.csv gives the same entries as the xlsx, two rows higher", async () => {
    const csv = await entries(fixture("roster-hq-t1.csv"), "roster-hq-t1.csv");
    const xlsx = await entries(fixture("roster-hq-t1.xlsx"), "roster-hq-t1.xlsx");
    expect(csv[0]).toEqual({ row: 2, ...FIRST });
    expect(csv.at(-1)).toEqual({ row: 201, ...LAST });
    expect(csv.map(withoutRow)).toEqual(xlsx.map(withoutRow));
    expect(csv.map((e) => e.row + 2)).toEqual(xlsx.map((e) => e.row));
  });

  it("readRosterFile - roster-with-errors.csv: exactly its five faults, and no entries", async () => {
    const result = validateRoster(
      await table(fixture("roster-with-errors.csv"), "roster-with-errors.csv"),
      CONTEXT,
    );
    expect(result).toEqual({
      ok: false,
      error: [
        { row: 4, column: "Năm sinh", value: "19x5", reason: "Năm sinh phải là số có 4 chữ số, ví dụ 1965." },
        { row: 6, column: "Họ và tên", value: "", reason: "Thiếu họ và tên." },
        { row: 8, column: "Số CCCD", value: "097114710497", reason: "Số CCCD trùng với dòng 7." },
        {
          row: 10,
          column: "Năm sinh",
          value: "2015",
          reason:
            "Chưa đủ 18 tuổi: ngày lấy phiếu đầu tiên là 27/10/2026, người ghi phiếu phải sinh từ năm 2008 trở về trước.",
        },
        {
          row: 12,
          column: "Giới tính",
          value: "Khác?",
          reason: "Giới tính phải là “Nam” hoặc “Nữ” (hoặc để trống).",
        },
      ],
    });
  });

  it("readRosterFile - the sample's CCCDs taken by another point are each reported", async () => {
    const context = { ...CONTEXT, takenCccd: new Set(["059083016613", "059765505975"]) };
    const errors = await rowErrors(fixture("roster-hq-t1.csv"), "roster-hq-t1.csv", context);
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, "Số CCCD", "059083016613"],
      [201, "Số CCCD", "059765505975"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Large files
// ---------------------------------------------------------------------------------------------

const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"];
const MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Đình", "Xuân", "Diệu", "Minh"];
const GIVEN = ["An", "Bình", "Cường", "Dũng", "Hường", "Lộc", "Nga", "Phúc", "Thủy", "Yến", "Sơn"];

type Generated = { name: string; year: number; gender: "Nam" | "Nữ"; cccd: string; household: string };
const generated = (n: number): Generated[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `${SURNAMES[i % 10]} ${MIDDLE[i % 8]} ${GIVEN[i % 11]}`,
    year: 1930 + (i % 78),
    gender: i % 2 === 0 ? "Nam" : "Nữ",
    cccd: `0${String(10_000_000_000 + i * 7)}`,
    household: `HQ-${String(Math.floor(i / 4) + 1).padStart(5, "0")}`,
  }));

const csvOf = (people: Generated[]): string =>
  [
    "DANH SÁCH NGƯỜI GHI PHIẾU",
    HEADER,
    ...people.map(
      (p, i) =>
        `${i + 1},${p.name},${p.year},${p.gender},${p.cccd},${p.household},Con,"Thôn 2, Xã Hương Quang"`,
    ),
  ].join("\r\n");

describe("readRosterFile - 10,000 rows", () => {
  const people = generated(10_000);

  it("readRosterFile - a 10,000-row CSV imports", async () => {
    const list = await entries(utf8(csvOf(people)), "danh-sach.csv");
    expect(list.length).toBe(10_000);
    expect(list[9_999]).toEqual({
      row: 10_002,
      fullName: people[9_999]?.name,
      birthYear: people[9_999]?.year,
      birthDate: null,
      gender: people[9_999]?.gender,
      cccd: people[9_999]?.cccd,
      householdCode: people[9_999]?.household,
      relation: "Con",
      village: "Thôn 2, Xã Hương Quang",
    });
  });

  it("readRosterFile - a 10,000-row xlsx imports", async () => {
    const bytes = await xlsx10k(people);
    const list = await entries(bytes, "danh-sach.xlsx");
    expect(list.length).toBe(10_000);
    expect(list[0]?.row).toBe(4);
    expect(list.map((e) => e.cccd)).toEqual(people.map((p) => p.cccd));
  });

  const xlsx10k = (list: Generated[]) =>
    xlsxOf([
      ["DANH SÁCH NGƯỜI GHI PHIẾU"],
      [],
      HEADER.split(","),
      ...list.map((p, i) => [i + 1, p.name, p.year, p.gender, p.cccd, p.household, "Con", "Thôn 2"]),
    ]);

  it.each([
    // CSV: title row, header row, data from row 3. xlsx: title, blank, header, data from row 4.
    ["CSV", async (list: Generated[]) => utf8(csvOf(list)), "danh-sach.csv", 9_993],
    ["xlsx", xlsx10k, "danh-sach.xlsx", 9_994],
  ] as const)(
    "readRosterFile - a 10,000-row %s with one bad row near the end reports exactly that row",
    async (_, build, fileName, row) => {
      const bad = people.map((p, i) => (i === 9_990 ? { ...p, year: 2015 } : p));
      const errors = await rowErrors(await build(bad), fileName);
      expect(errors).toEqual([
        {
          row,
          column: "Năm sinh",
          value: "2015",
          reason:
            "Chưa đủ 18 tuổi: ngày lấy phiếu đầu tiên là 27/10/2026, người ghi phiếu phải sinh từ năm 2008 trở về trước.",
        },
      ]);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// File-level problems
// ---------------------------------------------------------------------------------------------

describe("readRosterFile - file problems", () => {
  it.each([
    ["an empty file", new Uint8Array(0), "danh-sach.csv", "roster_empty_file"],
    ["a CSV of blank lines", utf8("\r\n,,\r\n , \r\n"), "danh-sach.csv", "roster_empty_file"],
    ["a BOM and nothing else", new Uint8Array([0xef, 0xbb, 0xbf]), "danh-sach.csv", "roster_empty_file"],
    ["a PDF", utf8("%PDF-1.7\n1 0 obj\n"), "danh-sach.pdf", "roster_wrong_type"],
    ["a PDF renamed .xlsx", utf8("%PDF-1.7\n1 0 obj\n"), "danh-sach.xlsx", "roster_wrong_type"],
    [
      "a PNG",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      "anh.csv",
      "roster_wrong_type",
    ],
    [
      "an .xls (OLE2) workbook",
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      "danh-sach.xls",
      "roster_xls_legacy",
    ],
    ["text named .docx", utf8("Họ và tên,Năm sinh\nAn,1970\n"), "danh-sach.docx", "roster_wrong_type"],
    ["text named .xlsx", utf8("Họ và tên,Năm sinh\nAn,1970\n"), "danh-sach.xlsx", "roster_xlsx_corrupt"],
    ["binary text with NULs", new Uint8Array([0x41, 0x00, 0x42, 0x00]), "danh-sach.csv", "roster_wrong_type"],
    [
      "a Word document (ZIP without a workbook)",
      zipOf({ "word/document.xml": "<w/>" }),
      "a.docx",
      "roster_wrong_type",
    ],
    [
      "a ZIP cut short",
      zipOf({ "xl/workbook.xml": "<w/>" }).subarray(0, 40),
      "a.xlsx",
      "roster_xlsx_corrupt",
    ],
    [
      "a package with a workbook entry but no sheets",
      zipOf({ "xl/workbook.xml": "<x/>" }),
      "a.xlsx",
      "roster_xlsx_corrupt",
    ],
    [
      "UTF-16 text",
      new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x6f, 0x00]),
      "danh-sach.txt",
      "roster_csv_encoding",
    ],
    ["no header", utf8("Danh sách\n1,Nguyễn Văn An,1970\n2,Lê Thị Bình,1980\n"), "a.csv", "roster_no_header"],
    [
      "a missing required column",
      utf8("STT,Họ và tên,Giới tính\n1,An,Nam\n"),
      "a.csv",
      "roster_missing_column",
    ],
    ["a header without rows", utf8(`Danh sách\n${HEADER}\n,,,\n`), "a.csv", "roster_no_rows"],
    [
      "an unclosed quote",
      utf8(`${HEADER}\n1,"Nguyễn Văn An,1970\n2,Lê,1980\n`),
      "a.csv",
      "roster_csv_unclosed_quote",
    ],
  ] as const)("readRosterFile - file problem %#: %s", async (_, bytes, fileName, code) => {
    const error = await fileError(bytes, fileName);
    expect(error.code).toBe(code);
    expect(error.message.normalize("NFC")).toBe(error.message);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it("readRosterFile - a file over the size limit is refused before it is read", async () => {
    expect(ROSTER_MAX_BYTES).toBe(10 * 1024 * 1024);
    const error = await fileError(new Uint8Array(ROSTER_MAX_BYTES + 1), "danh-sach.csv");
    expect(error).toEqual({
      code: "roster_too_large",
      message:
        "Tệp nặng 10,0 MB, vượt giới hạn 10 MB. Hãy kiểm tra lại tệp hoặc chia danh sách theo điểm lấy phiếu.",
    });
  });

  it("readRosterFile - more than 50,000 data rows is refused", async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => `${i + 1},A,1970`);
    const error = await fileError(utf8(["STT,Họ và tên,Năm sinh", ...rows].join("\n")), "a.csv");
    expect(error.code).toBe("roster_too_many_rows");
    expect(error.message).toContain("50.001");
  });

  it("readRosterFile - the PDF message names what was uploaded", async () => {
    const error = await fileError(utf8("%PDF-1.4"), "Danh sách.pdf");
    expect(error.message).toBe(
      "Tệp “Danh sách.pdf” là PDF, không phải bảng tính Excel (.xlsx) hoặc CSV. Hãy lưu danh sách dưới dạng Excel (.xlsx) hoặc CSV UTF-8 rồi tải lên lại.",
    );
  });

  it("readRosterFile - invalid UTF-8 (a Windows-1258 file) asks for CSV UTF-8", async () => {
    // "Họ và tên" as Windows-1258 would write it: 0xE0 ("à") and 0xEA ("ê") are not valid UTF-8.
    const bytes = new Uint8Array([
      ...utf8("STT,H"),
      0xf2,
      ...utf8(" v"),
      0xe0,
      ...utf8(" t"),
      0xea,
      ...utf8("n\r\n"),
    ]);
    const error = await fileError(bytes, "danh-sach.csv");
    expect(error.code).toBe("roster_csv_encoding");
    expect(error.message).toContain("Lưu lại tệp dưới dạng CSV UTF-8");
  });

  it("readRosterFile - a corrupted workbook body is reported, not thrown", async () => {
    const good = await xlsxOf([
      ["Họ và tên", "Năm sinh"],
      ["An", 1970],
    ]);
    const bad = good.slice();
    // Keep the signature and the central directory at the end; garble the compressed entries.
    const directory = Buffer.from(bad).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    for (let i = 100; i < directory; i++) bad[i] = 0x55;
    expect(readZipDirectory(bad)).not.toBeNull();
    expect((await fileError(bad, "a.xlsx")).code).toBe("roster_xlsx_corrupt");
  });
});

// ---------------------------------------------------------------------------------------------
// CSV forms
// ---------------------------------------------------------------------------------------------

describe("readRosterFile - CSV forms", () => {
  const expectedAn = {
    row: 2,
    fullName: "Nguyễn Văn An",
    birthYear: 1970,
    birthDate: null,
    gender: "Nam",
    cccd: "001070000001",
    householdCode: null,
    relation: null,
    village: "Thôn 1, Xã Hương Quang",
  };

  it.each([
    [
      "comma",
      'STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Thôn\n1,Nguyễn Văn An,1970,Nam,001070000001,"Thôn 1, Xã Hương Quang"\n',
    ],
    [
      "semicolon (Excel with Vietnamese settings)",
      "STT;Họ và tên;Năm sinh;Giới tính;Số CCCD;Thôn\n1;Nguyễn Văn An;1970;Nam;001070000001;Thôn 1, Xã Hương Quang\n",
    ],
    [
      "semicolon with quotes",
      'STT;"Họ và tên";"Năm sinh";Giới tính;Số CCCD;Thôn\r\n1;"Nguyễn Văn An";1970;Nam;001070000001;"Thôn 1, Xã Hương Quang"\r\n',
    ],
    [
      "tab",
      "STT\tHọ và tên\tNăm sinh\tGiới tính\tSố CCCD\tThôn\n1\tNguyễn Văn An\t1970\tNam\t001070000001\tThôn 1, Xã Hương Quang\n",
    ],
    [
      "with a BOM",
      '\ufeffSTT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Thôn\r\n1,Nguyễn Văn An,1970,Nam,001070000001,"Thôn 1, Xã Hương Quang"\r\n',
    ],
    [
      "NFD-encoded",
      'STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Thôn\n1,Nguyễn Văn An,1970,Nam,001070000001,"Thôn 1, Xã Hương Quang"\n'.normalize(
        "NFD",
      ),
    ],
    [
      "CR line ends (old Mac Excel)",
      'STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Thôn\r1,Nguyễn Văn An,1970,Nam,001070000001,"Thôn 1, Xã Hương Quang"\r',
    ],
  ])("readRosterFile - %s", async (_, text) => {
    expect(await entries(utf8(text), "danh-sach.csv")).toEqual([expectedAn]);
  });

  it.each([
    ["comma", "Danh sách; thôn 1\nSTT,Họ và tên,Năm sinh\n", ","],
    ["semicolon", "Danh sách, thôn 1, xã A\nSTT;Họ và tên;Năm sinh\n", ";"],
    ["tab", "STT\tHọ và tên\tNăm sinh\n", "\t"],
    ["no header: most fields wins", "a;b;c\nd;e;f\n", ";"],
  ])("detectSeparator - %s", (_, text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });

  it("readRosterFile - quoted fields with commas, line breaks and doubled quotes", async () => {
    const text = `${HEADER}\n1,"Nguyễn Văn ""Tư"" An",1970,Nam,,"HQ-1","Chủ hộ","Thôn 1,\nXã Hương Quang"\n`;
    expect(await entries(utf8(text), "a.csv")).toEqual([
      {
        row: 2,
        fullName: 'Nguyễn Văn "Tư" An',
        birthYear: 1970,
        birthDate: null,
        gender: "Nam",
        cccd: null,
        householdCode: "HQ-1",
        relation: "Chủ hộ",
        village: "Thôn 1, Xã Hương Quang",
      },
    ]);
  });

  it("readRosterFile - a line break inside quotes does not shift the row numbers of later errors", async () => {
    const text = `${HEADER}\n1,An,1970,,,,,"Thôn 1\nXã A\nHuyện B"\n2,Bình,19x0,,,,,Thôn 1\n`;
    const errors = await rowErrors(utf8(text), "a.csv");
    expect(errors.map((e) => [e.row, e.column])).toEqual([[3, "Năm sinh"]]);
  });

  it("readRosterFile - header variants: capitals, no diacritics, spacing, 'Họ tên', unknown columns", async () => {
    const text = [
      "UBND XÃ HƯƠNG QUANG",
      "",
      "DANH SÁCH CỬ TRI",
      "TT,HO TEN,Ghi chú,NĂM  SINH,gioi tinh,Số CCCD/CMND,Số điện thoại,MÃ HỘ,Quan hệ,Tổ dân phố",
      "1,Lê Thị Bình,,1980,nu,082199351819,0912345678,H-1,Vợ,Tổ 3",
    ].join("\n");
    const t = await table(utf8(text), "a.csv");
    expect(t.headerRow).toBe(4);
    expect(await entries(utf8(text), "a.csv")).toEqual([
      {
        row: 5,
        fullName: "Lê Thị Bình",
        birthYear: 1980,
        birthDate: null,
        gender: "Nữ",
        cccd: "082199351819",
        householdCode: "H-1",
        relation: "Vợ",
        village: "Tổ 3",
      },
    ]);
  });

  it("readRosterFile - blank rows are skipped, and a CSV leading zero is kept as text", async () => {
    const text = `${HEADER}\n\n1,An,1970,,001070000001,,,\n,,,,,,,\n\n2,Bình,1971,,,,,\n`;
    const list = await entries(utf8(text), "a.csv");
    expect(list.map((e) => [e.row, e.fullName, e.cccd])).toEqual([
      [3, "An", "001070000001"],
      [6, "Bình", null],
    ]);
  });

  it("readRosterFile - the file type comes from the content: a CSV named .txt or with no extension", async () => {
    const text = utf8(`${HEADER}\n1,An,1970,,,,,\n`);
    expect((await entries(text, "danh-sach.txt")).length).toBe(1);
    expect((await entries(text, "danh-sach")).length).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// xlsx forms
// ---------------------------------------------------------------------------------------------

describe("readRosterFile - xlsx forms", () => {
  it("readRosterFile - a numeric CCCD cell gets back the leading zeros Excel dropped; text cells stay", async () => {
    const bytes = await xlsxOf([
      ["Họ và tên", "Năm sinh", "Số CCCD"],
      ["An", 1970, 59083016613], // 11 digits: one zero dropped
      ["Bình", 1971, 1234567890], // 10 digits: Hà Nội's 001 lost two zeros
      ["Chi", 1972, "052917034236"], // typed as text
      ["Dũng", 1973, "59083016614"], // text: taken as it is, reported
      ["Hà", 1974, 123456789], // 9 digits: no certain padding, reported
    ]);
    const errors = await rowErrors(bytes, "a.xlsx");
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [5, "Số CCCD", "59083016614"],
      [6, "Số CCCD", "123456789"],
    ]);
    const t = await table(bytes, "a.xlsx");
    const good = validateRoster({ ...t, rows: t.rows.slice(0, 3) }, CONTEXT);
    expect(good.ok && good.value.map((e) => e.cccd)).toEqual([
      "059083016613",
      "001234567890",
      "052917034236",
    ]);
  });

  it("readRosterFile - a numeric padded CCCD still collides with its text spelling", async () => {
    const bytes = await xlsxOf([
      ["Họ và tên", "Năm sinh", "Số CCCD"],
      ["An", 1970, "059083016613"],
      ["Bình", 1971, 59083016613],
    ]);
    expect(await rowErrors(bytes, "a.xlsx")).toEqual([
      { row: 3, column: "Số CCCD", value: "59083016613", reason: "Số CCCD trùng với dòng 2." },
    ]);
  });

  it("readRosterFile - rich text, formulas, hyperlinks and merged cells read as their text", async () => {
    const bytes = await xlsxOf(
      [
        ["DANH SÁCH"],
        ["Họ và tên", "Năm sinh", "Giới tính", "Thôn/Tổ dân phố"],
        [
          { richText: [{ text: "Nguyễn " }, { text: "Văn An", font: { bold: true } }] },
          1970,
          "Nam",
          "Thôn 1",
        ],
        ["Lê Thị Bình", { formula: "1900+80", result: 1980 }, { formula: 'LOWER("NỮ")', result: "nữ" }, null],
        [{ text: "Trần Văn Chi", hyperlink: "https://example.invalid/" }, 1990, null, null],
      ],
      (sheet) => sheet.mergeCells("D3:D5"), // the village written once for the whole block
    );
    expect(await entries(bytes, "a.xlsx")).toEqual([
      {
        row: 3,
        fullName: "Nguyễn Văn An",
        birthYear: 1970,
        birthDate: null,
        gender: "Nam",
        cccd: null,
        householdCode: null,
        relation: null,
        village: "Thôn 1",
      },
      {
        row: 4,
        fullName: "Lê Thị Bình",
        birthYear: 1980,
        birthDate: null,
        gender: "Nữ",
        cccd: null,
        householdCode: null,
        relation: null,
        village: "Thôn 1",
      },
      {
        row: 5,
        fullName: "Trần Văn Chi",
        birthYear: 1990,
        birthDate: null,
        gender: null,
        cccd: null,
        householdCode: null,
        relation: null,
        village: "Thôn 1",
      },
    ]);
  });

  it("readRosterFile - a date of birth in an xlsx date cell gives the year (and the exact age check)", async () => {
    const bytes = await xlsxOf([
      ["Họ và tên", "Ngày sinh"],
      ["An", new Date(Date.UTC(1952, 2, 12))],
    ]);
    expect((await entries(bytes, "a.xlsx")).map((e) => e.birthYear)).toEqual([1952]);
    expect((await entries(bytes, "a.xlsx")).map((e) => e.birthDate)).toEqual(["1952-03-12"]);
  });

  it("readRosterFile - residents on rows hidden by a filter or by Hide are each reported on their name; nothing is imported", async () => {
    const people = Array.from({ length: 9 }, (_, i) => [`Người ${i + 1}`, 1970 + i]);
    const bytes = await xlsxOf(
      [["Danh sách cử tri thôn 1"], ["Họ và tên", "Năm sinh"], ...people],
      (sheet) => {
        // Excel's filter on "Năm sinh" hid rows 5–7; row 10 was hidden by hand.
        sheet.autoFilter = "A2:B11";
        for (const r of [5, 6, 7, 10]) sheet.getRow(r).hidden = true;
      },
    );
    const errors = await rowErrors(bytes, "thon-1.xlsx");
    expect(errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [5, "Họ và tên", "Người 3"],
      [6, "Họ và tên", "Người 4"],
      [7, "Họ và tên", "Người 5"],
      [10, "Họ và tên", "Người 8"],
    ]);
    for (const e of errors) expect(e.reason).toBe(HIDDEN_ROW);
  });

  it("readRosterFile - hidden rows with no resident on them (a title, an STT alone, a note, nothing) do not count", async () => {
    const bytes = await xlsxOf(
      [
        ["Ghi chú nội bộ"],
        ["STT", "Họ và tên", "Năm sinh", "Ghi chú"],
        [1, "An", 1970, null],
        [2, null, null, null],
        [null, null, null, "Tổng: 2 người"],
        [],
        [3, "Bình", 1980, null],
      ],
      (sheet) => {
        for (const r of [1, 4, 5, 6]) sheet.getRow(r).hidden = true;
      },
    );
    expect((await entries(bytes, "a.xlsx")).map((e) => [e.row, e.fullName])).toEqual([
      [3, "An"],
      [7, "Bình"],
    ]);
  });

  it("readRosterFile - a hidden resident under a two-row header is reported with the sheet's row number", async () => {
    const bytes = await xlsxOf(
      [
        ["Họ và tên", "Năm sinh", null],
        [null, "Nam", "Nữ"],
        ["An", 1970, null],
        ["Bình", null, 1980],
      ],
      (sheet) => {
        sheet.mergeCells("A1:A2");
        sheet.mergeCells("B1:C1");
        sheet.getRow(4).hidden = true;
      },
    );
    const errors = await rowErrors(bytes, "a.xlsx");
    expect(errors.map((e) => [e.row, e.value, e.reason])).toEqual([[4, "Bình", HIDDEN_ROW]]);
  });

  it("readRosterFile - the first visible sheet is read; a hidden sheet in front is passed over", async () => {
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet("Tra cứu", { state: "hidden" });
    hidden.addRow(["Mã", "Tên thôn"]);
    const list = workbook.addWorksheet("Danh sách");
    list.addRow(["Họ và tên", "Năm sinh"]);
    list.addRow(["An", 1970]);
    workbook.addWorksheet("Trang 3").addRow(["Họ và tên", "Năm sinh"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect((await entries(bytes, "a.xlsx")).map((e) => e.fullName)).toEqual(["An"]);
  });

  it("readRosterFile - header variants in a workbook (NFD, capitals) and a workbook named .csv", async () => {
    const bytes = await xlsxOf([
      ["HỌ VÀ TÊN".normalize("NFD"), "Năm  sinh", "GIỚI TÍNH"],
      ["Hồ Ngọc Hường".normalize("NFD"), 1999, "NỮ".normalize("NFD")],
    ]);
    const list = await entries(bytes, "danh-sach.csv");
    expect(list).toEqual([
      {
        row: 2,
        fullName: "Hồ Ngọc Hường",
        birthYear: 1999,
        birthDate: null,
        gender: "Nữ",
        cccd: null,
        householdCode: null,
        relation: null,
        village: null,
      },
    ]);
    expect(list[0]?.fullName).toBe("Hồ Ngọc Hường".normalize("NFC"));
  });

  it("readRosterFile - a workbook with only a title is an empty roster without header", async () => {
    const bytes = await xlsxOf([["DANH SÁCH NGƯỜI GHI PHIẾU"]]);
    expect((await fileError(bytes, "a.xlsx")).code).toBe("roster_no_header");
    const empty = await xlsxOf([]);
    expect((await fileError(empty, "a.xlsx")).code).toBe("roster_empty_file");
  });
});
