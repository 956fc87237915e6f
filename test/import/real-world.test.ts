/**
 * The files communes actually send (issue #14 "Roster files"): every fixture of
 * test/fixtures/real-world/ with its right outcome, and each fault's kind beyond the file.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { checkLegacyText, fromTcvn3, fromVni } from "../../server/domain/legacy-encoding.ts";
import type { DomainError } from "../../server/domain/result.ts";
import {
  FORMULA_WITHOUT_RESULT,
  findLookAlikes,
  isRowErrors,
  LEGACY_UNREADABLE,
  type RawTable,
  type RosterContext,
  type RosterEntry,
  type RosterRowError,
  validateRoster,
} from "../../server/domain/roster.ts";
import { foldVietnamese, stripInvisible } from "../../server/domain/text.ts";
import { readRosterFile } from "../../server/import/roster-file.ts";
import { importRosterFile } from "../../server/import/roster-import.ts";
import { dropEmptyCells, readSheet, readWorkbookInfo } from "../../server/import/xlsx-reader.ts";
import { readZipDirectory } from "../../server/import/zip-directory.ts";

const realWorld = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/real-world/${name}`, import.meta.url))));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const CONTEXT: RosterContext = { firstVotingDay: "2026-10-27", onePer: "resident", takenCccd: new Set() };

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
async function entries(bytes: Uint8Array, fileName: string): Promise<RosterEntry[]> {
  const result = validateRoster(await table(bytes, fileName), CONTEXT);
  if (!result.ok) throw new Error(JSON.stringify(result.error).slice(0, 500));
  return result.value;
}
async function rowErrors(bytes: Uint8Array, fileName: string): Promise<RosterRowError[]> {
  const result = validateRoster(await table(bytes, fileName), CONTEXT);
  if (result.ok) throw new Error("expected row errors, got entries");
  if (!isRowErrors(result.error)) throw new Error(result.error.message);
  return result.error;
}
const names = (list: RosterEntry[]) => list.map((e) => [e.row, e.fullName]);

/** A stored (uncompressed) ZIP of the given parts: enough for a workbook written by "another tool". */
function zipOf(files: Record<string, string>): Uint8Array {
  const out: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  let count = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = [...utf8(name)];
    const data = [...utf8(content)];
    const offset = out.length;
    out.push(...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(0), ...u32(0), ...u32(0));
    out.push(
      ...u32(data.length),
      ...u32(data.length),
      ...u16(nameBytes.length),
      ...u16(0),
      ...nameBytes,
      ...data,
    );
    central.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0), ...u16(0), ...u32(0), ...u32(0));
    central.push(...u32(data.length), ...u32(data.length), ...u16(nameBytes.length), ...u16(0), ...u16(0));
    central.push(...u16(0), ...u16(0), ...u32(0), ...u32(offset), ...nameBytes);
    count += 1;
  }
  const eocd = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(count), ...u16(count)];
  eocd.push(...u32(central.length), ...u32(out.length), ...u16(0));
  return new Uint8Array([...out, ...central, ...eocd]);
}

const NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/**
 * A workbook as some non-Excel tools write it: prefixed elements (x:), absolute relationship
 * targets, inline strings, no shared-strings part. `sheets` are [name, state, sheetData XML].
 */
function otherToolWorkbook(sheets: [string, "visible" | "hidden", string][], activeTab = 0): Uint8Array {
  const files: Record<string, string> = {
    "_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<x:workbook ${NS} ${R_NS}><x:bookViews><x:workbookView activeTab="${activeTab}"/></x:bookViews><x:sheets>${sheets
      .map(
        ([name, state], i) =>
          `<x:sheet name="${name}" sheetId="${i + 1}" state="${state}" r:id="rId${i + 1}"/>`,
      )
      .join("")}</x:sheets></x:workbook>`,
    "xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="/xl/worksheets/s${i + 1}.xml"/>`,
      )
      .join("")}</Relationships>`,
  };
  sheets.forEach(([, , data], i) => {
    files[`xl/worksheets/s${i + 1}.xml`] =
      `<x:worksheet ${NS}><x:sheetData>${data}</x:sheetData></x:worksheet>`;
  });
  return zipOf(files);
}
const inline = (ref: string, text: string) =>
  `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;
const num = (ref: string, n: number) => `<x:c r="${ref}"><x:v>${n}</x:v></x:c>`;
const header = `<x:row r="1">${inline("A1", "Họ và tên")}${inline("B1", "Năm sinh")}</x:row>`;

// ---------------------------------------------------------------------------------------------
// Memory and stalls
// ---------------------------------------------------------------------------------------------

describe("14-trailing-formatted-rows.xlsx", () => {
  it("readRosterFile - three residents under borders down to row 65,000: the three, nothing more", async () => {
    const list = await entries(realWorld("14-trailing-formatted-rows.xlsx"), "14.xlsx");
    expect(names(list)).toEqual([
      [2, "Nguyễn Thị Thuý"],
      [3, "Lê Văn Hoà"],
      [4, "Trần Thị Khoẻ"],
    ]);
    expect(list.map((e) => e.cccd)).toEqual(["001180000101", "001075000102", "001190000103"]);
  });

  it("readSheet - keeps only the rows that hold data, and stops at a row limit", async () => {
    const bytes = realWorld("14-trailing-formatted-rows.xlsx");
    const entriesOf = readZipDirectory(bytes);
    if (!entriesOf) throw new Error("not a zip");
    const workbook = await readWorkbookInfo(bytes, entriesOf);
    const sheet = workbook.sheets[0];
    if (!sheet) throw new Error("no sheet");
    const all = await readSheet(bytes, workbook, sheet, { maxRows: 100, merges: true });
    expect(all.rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(all.truncated).toBe(false);
    const top = await readSheet(bytes, workbook, sheet, { maxRows: 2, merges: false });
    expect(top.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(top.truncated).toBe(true);
  });

  it("dropEmptyCells - drops only empty cells and rows that name their position", () => {
    expect(dropEmptyCells('<row r="9" spans="1:7"><c r="A9" s="1"/><c r="B9" s="1"/></row>')).toBe("");
    expect(dropEmptyCells('<x:row r="9"><x:c r="A9" s="1"/></x:row>')).toBe("");
    // A cell with a value, or one whose position is only implied by order, stays.
    expect(dropEmptyCells('<row r="9"><c r="A9" s="1"><v>1</v></c><c s="1"/></row>')).toBe(
      '<row r="9"><c r="A9" s="1"><v>1</v></c><c s="1"/></row>',
    );
  });

  it("readRosterFile - cells without position attributes keep their columns", async () => {
    const data = `<x:row>${inline("", "Họ và tên").replace(' r=""', "")}<x:c s="1"/>${inline("", "Năm sinh").replace(' r=""', "")}</x:row><x:row><x:c t="inlineStr"><x:is><x:t>An</x:t></x:is></x:c><x:c/><x:c><x:v>1970</x:v></x:c></x:row>`;
    const t = await table(otherToolWorkbook([["DS", "visible", data]]), "a.xlsx");
    expect(t.headers).toEqual(["Họ và tên", "", "Năm sinh"]);
    expect(t.rows).toEqual([{ row: 2, cells: ["An", "", "1970"], numericCells: [2] }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Which sheet
// ---------------------------------------------------------------------------------------------

describe("10-hidden-multi-sheets.xlsx and the sheet imported", () => {
  it("readRosterFile - two visible sheets with a roster are refused, naming both and the one the file opens on", async () => {
    const error = await fileError(realWorld("10-hidden-multi-sheets.xlsx"), "10.xlsx");
    expect(error.code).toBe("roster_several_sheets");
    expect(error.message).toContain("“Thôn 1”, “Thôn 2”");
    expect(error.message).toContain("tệp mở ra ở trang “Thôn 2”");
    // The hidden lookup sheet (it has "Họ và tên" and "Năm sinh" too) is never a candidate.
    expect(error.message).not.toContain("DM");
  });

  it("readRosterFile - the one visible sheet with a roster is read and named, whichever tab is active", async () => {
    const roster = `${header}<x:row r="2">${inline("A2", "Nguyễn Văn An")}${num("B2", 1970)}</x:row>`;
    const guide = `<x:row r="1">${inline("A1", "Hướng dẫn: điền danh sách ở trang bên")}</x:row>`;
    for (const active of [0, 1]) {
      const t = await table(
        otherToolWorkbook(
          [
            ["Hướng dẫn", "visible", guide],
            ["Danh sách thôn 3", "visible", roster],
          ],
          active,
        ),
        "a.xlsx",
      );
      expect(t.sheet).toBe("Danh sách thôn 3");
      expect(t.rows.map((r) => r.cells)).toEqual([["Nguyễn Văn An", "1970"]]);
    }
  });

  it("readRosterFile - a hidden sheet behind an absolute relationship target is ignored", async () => {
    const old = `${header}<x:row r="2">${inline("A2", "Người Cũ")}${num("B2", 1950)}</x:row>`;
    const current = `${header}<x:row r="2">${inline("A2", "Người Mới")}${num("B2", 1960)}</x:row>`;
    const bytes = otherToolWorkbook([
      ["Bản cũ", "hidden", old],
      ["Bản mới", "visible", current],
    ]);
    const t = await table(bytes, "a.xlsx");
    expect(t.sheet).toBe("Bản mới");
    expect(t.rows.map((r) => r.cells[0])).toEqual(["Người Mới"]);
  });

  it("readRosterFile - when no sheet holds a roster, the sheet the file opens on is named in the error", async () => {
    const bytes = otherToolWorkbook(
      [
        ["Bìa", "visible", `<x:row r="1">${inline("A1", "DANH SÁCH")}</x:row>`],
        ["Ghi chú", "visible", `<x:row r="1">${inline("A1", "Không có gì")}</x:row>`],
      ],
      1,
    );
    const error = await fileError(bytes, "a.xlsx");
    expect(error.code).toBe("roster_no_header");
    expect(error.message.startsWith("Trang “Ghi chú”: ")).toBe(true);
  });

  it("importRosterFile - the result names the sheet read", async () => {
    const result = await importRosterFile(realWorld("06b-merged-vertical-header.xlsx"), "06b.xlsx", CONTEXT);
    expect(result.ok && result.value.sheet).toBe("DS");
  });
});

// ---------------------------------------------------------------------------------------------
// Headers over two rows
// ---------------------------------------------------------------------------------------------

describe("06b-merged-vertical-header.xlsx and two-row headers", () => {
  it("readRosterFile - captions merged over two rows: the lower header row is not a resident", async () => {
    const list = await entries(realWorld("06b-merged-vertical-header.xlsx"), "06b.xlsx");
    expect(names(list)).toEqual([
      [6, "Nguyễn Thị Thuý"],
      [7, "Lê Văn Hoà"],
      [8, "Trần Thị Khoẻ"],
    ]);
    expect(list.map((e) => [e.birthYear, e.gender, e.householdCode])).toEqual([
      [1980, "Nữ", "H01"],
      [1975, "Nam", "H02"],
      [1990, "Nữ", "H03"],
    ]);
  });

  /** The official form: groups split into sub-columns, plain columns merged down over both rows. */
  async function officialForm(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Mẫu 01");
    sheet.addRow(["DANH SÁCH CỬ TRI THÔN 3"]);
    sheet.addRow([
      "STT",
      "Họ và tên",
      null,
      "Ngày, tháng, năm sinh",
      null,
      "Số CCCD",
      "Mã hộ",
      "Địa chỉ",
      null,
    ]);
    sheet.addRow([null, "Họ và tên đệm", "Tên", "Nam", "Nữ", null, null, "Thôn", "Xã"]);
    for (const row of rows) sheet.addRow(row);
    for (const range of ["A2:A3", "B2:C2", "D2:E2", "F2:F3", "G2:G3", "H2:I2"]) sheet.mergeCells(range);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it("readRosterFile - each sub-column is read by its caption and its group's meaning", async () => {
    const bytes = await officialForm([
      [1, "Nguyễn Văn", "An", "12/03/1960", null, "001060000001", "H01", "Thôn 3", "Hương Điền"],
      [2, "Lê Thị", "Bình", null, 1965, null, "H01", "Thôn 3", "Hương Điền"],
    ]);
    const t = await table(bytes, "a.xlsx");
    expect(t.headerRows).toBe(2);
    expect(await entries(bytes, "a.xlsx")).toEqual([
      {
        row: 4,
        fullName: "Nguyễn Văn An",
        birthYear: 1960,
        birthDate: "1960-03-12",
        gender: "Nam",
        cccd: "001060000001",
        householdCode: "H01",
        relation: null,
        village: "Thôn 3",
      },
      {
        row: 5,
        fullName: "Lê Thị Bình",
        birthYear: 1965,
        birthDate: null,
        gender: "Nữ",
        cccd: null,
        householdCode: "H01",
        relation: null,
        village: "Thôn 3",
      },
    ]);
  });

  it("readRosterFile - a birth written under both Nam and Nữ is that row's error", async () => {
    const bytes = await officialForm([[1, "Trần Văn", "Chi", 1970, 1971, null, "H02", "Thôn 3", null]]);
    expect(await rowErrors(bytes, "a.xlsx")).toEqual([
      {
        row: 4,
        column: "Ngày, tháng, năm sinh (Nam/Nữ)",
        value: "1970 | 1971",
        reason: "Ngày sinh ghi ở cả hai cột “Nam” và “Nữ”: chỉ ghi ở cột đúng giới tính.",
      },
    ]);
  });

  it("readRosterFile - a CSV two-row header without merges (group caption over empty captions)", async () => {
    const csv = [
      "STT,Họ và tên,,Năm sinh,,Mã hộ",
      ",Họ và tên đệm,Tên,Nam,Nữ,",
      "1,Phạm Văn,Hai,1966,,T2-01",
      "2,Vũ Thị,Hai,,1971,T2-02",
    ].join("\n");
    expect(
      (await entries(utf8(csv), "a.csv")).map((e) => [e.row, e.fullName, e.birthYear, e.gender]),
    ).toEqual([
      [3, "Phạm Văn Hai", 1966, "Nam"],
      [4, "Vũ Thị Hai", 1971, "Nữ"],
    ]);
  });

  it("readRosterFile - a one-row header whose first resident has empty cells stays a one-row header", async () => {
    const csv = ["Họ và tên,Năm sinh,Ghi chú,", "Nguyễn Văn An,1970,,", "Lê Thị Bình,1971,,"].join("\n");
    expect(names(await entries(utf8(csv), "a.csv"))).toEqual([
      [2, "Nguyễn Văn An"],
      [3, "Lê Thị Bình"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Invisible and legacy characters, formulas without a result
// ---------------------------------------------------------------------------------------------

describe("05c-soft-hyphen-name.csv and invisible characters", () => {
  it("readRosterFile - a soft hyphen and a direction mark inside names are removed", async () => {
    const list = await entries(realWorld("05c-soft-hyphen-name.csv"), "05c.csv");
    expect(names(list)).toEqual([
      [2, "Trần Thị Khoẻ"],
      [3, "Nguyễn Thị Thuý"],
    ]);
    // The names now fold like the same names typed cleanly, so a search finds them.
    expect(list.map((e) => foldVietnamese(e.fullName))).toEqual(["tran thi khoe", "nguyen thi thuy"]);
  });

  it("stripInvisible - every format character (Cf) and the soft hyphen, and nothing visible", () => {
    const invisible = [
      "\u00ad",
      "\u200b",
      "\u200c",
      "\u200d",
      "\u200e",
      "\u200f",
      "\u2060",
      "\u2066",
      "\ufeff",
    ];
    for (const ch of invisible) expect(stripInvisible(`Ho${ch}à`)).toBe("Hoà");
    expect(stripInvisible("Nguyễn Thị Thuý - ĐT-012 (Thôn 1)")).toBe("Nguyễn Thị Thuý - ĐT-012 (Thôn 1)");
  });

  it("readRosterFile - invisible characters in a workbook cell, a header included", async () => {
    const data = `<x:row r="1">${inline("A1", "Họ\u200b và tên")}${inline("B1", "Năm sinh")}</x:row><x:row r="2">${inline("A2", "Lê\u00ad Văn\u2060 Hoà")}${num("B2", 1975)}</x:row>`;
    expect(names(await entries(otherToolWorkbook([["DS", "visible", data]]), "a.xlsx"))).toEqual([
      [2, "Lê Văn Hoà"],
    ]);
  });
});

describe("21-legacy-font-tcvn3-vni.xlsx and old font encodings", () => {
  it("importRosterFile - TCVN3 and VNI names are converted, and each converted row is listed", async () => {
    const result = await importRosterFile(realWorld("21-legacy-font-tcvn3-vni.xlsx"), "21.xlsx", CONTEXT);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(names(result.value.entries)).toEqual([
      [2, "Nguyễn Thị Thúy"],
      [3, "Lê Văn Hoà"],
      [4, "Đỗ Đức Đạt"],
      [5, "Nguyễn Thị Thúy"],
    ]);
    expect(result.value.conversions).toEqual([
      { row: 2, encoding: "tcvn3", before: "NguyÔn ThÞ Thóy", after: "Nguyễn Thị Thúy" },
      { row: 3, encoding: "tcvn3", before: "Lª V¨n Hoµ", after: "Lê Văn Hoà" },
      { row: 4, encoding: "tcvn3", before: "§ç §øc §¹t", after: "Đỗ Đức Đạt" },
      { row: 5, encoding: "vni", before: "Nguyeãn Thò Thuùy", after: "Nguyễn Thị Thúy" },
    ]);
  });

  it.each([
    ["TCVN3 capitals", "NGUYÔN V¡N AN", "tcvn3", "NGUYỄN VĂN AN"],
    ["TCVN3 ư (the soft hyphen's byte)", "Ph­¬ng", "tcvn3", "Phương"],
    ["TCVN3 gender", "N÷", "tcvn3", "Nữ"],
    ["VNI", "Hoaøng Ñình Phöông", "vni", "Hoàng Đình Phương"],
    ["VNI capitals", "TRAÀN THÒ", "vni", "TRẦN THỊ"],
  ] as const)("checkLegacyText - %s", (_, text, encoding, converted) => {
    expect(checkLegacyText(text)).toEqual({ kind: "converted", encoding, text: converted });
  });

  it.each([
    ["Unicode Vietnamese", "Nguyễn Thị Thuý"],
    ["Unicode with Latin-1 letters only", "Hà Tú"],
    ["a code", "ĐT-012"],
    ["the Icelandic eth some converters put for Đ", "Ðinh"],
  ])("checkLegacyText - %s is left alone", (_, text) => {
    expect(checkLegacyText(text)).toEqual({ kind: "unicode" });
  });

  it("checkLegacyText - what reads as Vietnamese under both is settled by the file's encoding, else refused", () => {
    expect(checkLegacyText("Chuû hoä")).toEqual({ kind: "unreadable" });
    expect(checkLegacyText("Chuû hoä", "vni")).toEqual({
      kind: "converted",
      encoding: "vni",
      text: "Chủ hộ",
    });
    expect(fromTcvn3("Chñ hé")).toBe("Chủ hộ");
    expect(fromVni("Chuû hoä")).toBe("Chủ hộ");
  });

  it("readRosterFile - a legacy-looking name that converts under neither asks to convert the file", async () => {
    const errors = await rowErrors(utf8("Họ và tên,Năm sinh\nMüller Þ,1970\nLê Văn An,1971\n"), "a.csv");
    expect(errors).toEqual([{ row: 2, column: "Họ và tên", value: "Müller Þ", reason: LEGACY_UNREADABLE }]);
    expect(LEGACY_UNREADABLE).toContain("chuyển mã sang Unicode");
  });
});

describe("formulas without a saved result", () => {
  it("readRosterFile - reported as such, not as a missing value; cached results (shared formulas too) are read", async () => {
    const data = `${header}<x:row r="2">${inline("A2", "Nguyễn Văn An")}<x:c r="B2"><x:f>1900+70</x:f></x:c></x:row><x:row r="3">${inline("A3", "Lê Văn Bình")}<x:c r="B3"><x:f t="shared" ref="B3:B4" si="0">1900+71</x:f><x:v>1971</x:v></x:c></x:row><x:row r="4">${inline("A4", "Trần Văn Chi")}<x:c r="B4"><x:f t="shared" si="0"/><x:v>1972</x:v></x:c></x:row><x:row r="5"><x:c r="A5" t="str"><x:f>"Võ "&amp;"Dũng"</x:f></x:c>${num("B5", 1973)}</x:row>`;
    const bytes = otherToolWorkbook([["DS", "visible", data]]);
    expect(await rowErrors(bytes, "a.xlsx")).toEqual([
      { row: 2, column: "Năm sinh", value: "", reason: FORMULA_WITHOUT_RESULT },
      { row: 5, column: "Họ và tên", value: "", reason: FORMULA_WITHOUT_RESULT },
    ]);
    expect(FORMULA_WITHOUT_RESULT).toContain("Ô có công thức nhưng chưa có kết quả");
    const t = await table(bytes, "a.xlsx");
    expect(t.rows.map((r) => r.cells)).toEqual([
      ["Nguyễn Văn An"],
      ["Lê Văn Bình", "1971"],
      ["Trần Văn Chi", "1972"],
      ["", "1973"],
    ]);
  });

  it("readRosterFile - inline rich text keeps every run", async () => {
    const data = `${header}<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Nguyễn </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Thị Thuý</x:t></x:r></x:is></x:c>${num("B2", 1980)}</x:row>`;
    expect(names(await entries(otherToolWorkbook([["DS", "visible", data]]), "a.xlsx"))).toEqual([
      [2, "Nguyễn Thị Thuý"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Duplicates without CCCD
// ---------------------------------------------------------------------------------------------

describe("13a-duplicates-no-cccd.csv", () => {
  it("findLookAlikes - identical rows and tone-placement variants with the same birth year and household", async () => {
    const list = await entries(realWorld("13a-duplicates-no-cccd.csv"), "13a.csv");
    expect(list).toHaveLength(5);
    expect(findLookAlikes(list).map((g) => g.map((e) => e.row))).toEqual([
      [2, 3],
      [4, 5],
    ]);
  });

  const person = (over: Partial<RosterEntry>): RosterEntry => ({
    row: 0,
    fullName: "Nguyễn Thị Thuý",
    birthYear: 1980,
    birthDate: null,
    gender: "Nữ",
    cccd: null,
    householdCode: "ĐT-01",
    relation: null,
    village: null,
    ...over,
  });

  it.each([
    ["tone placement and case", { fullName: "NGUYỄN THỊ THÚY" }, true],
    ["household code folded (Đ/d)", { householdCode: "dt-01" }, true],
    ["one side has a CCCD", { cccd: "001180000101" }, true],
    ["another birth year", { birthYear: 1981 }, false],
    ["another household", { householdCode: "ĐT-02" }, false],
    ["another given name", { fullName: "Nguyễn Thị Thu" }, false],
    ["two different dates of birth in the same year", { birthDate: "1980-01-01" }, false],
  ] as const)("findLookAlikes - %s", (_, over, expected) => {
    const a = person({ row: 2, birthDate: "birthDate" in over ? "1980-05-05" : null });
    const b = person({ row: 3, ...over });
    expect(findLookAlikes([a, b]).length).toBe(expected ? 1 : 0);
  });

  it("findLookAlikes - two different CCCDs are two people", () => {
    const a = person({ row: 2, cccd: "001180000101" });
    const b = person({ row: 3, cccd: "001180000102" });
    expect(findLookAlikes([a, b])).toEqual([]);
  });
});
