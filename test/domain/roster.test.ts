import { describe, expect, it } from "vitest";
import {
  buildRosterTable,
  columnLetter,
  createRosterValidator,
  findHeader,
  HEADER_SEARCH_ROWS,
  headerField,
  isRowErrors,
  mapColumns,
  type RawRow,
  type RawTable,
  ROSTER_MAX_ROWS,
  type RosterContext,
  type RosterRowError,
  RosterRowSchema,
  restoreCccdZeros,
  validateRoster,
} from "../../server/domain/roster.ts";

const HEADERS = [
  "STT",
  "Họ và tên",
  "Năm sinh",
  "Giới tính",
  "Số CCCD",
  "Mã hộ",
  "Quan hệ với chủ hộ",
  "Thôn/Tổ dân phố",
];

const CONTEXT: RosterContext = { firstVotingDay: "2026-10-27", onePer: "resident", takenCccd: new Set() };
const HOUSEHOLD: RosterContext = { ...CONTEXT, onePer: "household" };

/** A data row in the standard column order; row numbers start under a header on row 1. */
type Person = {
  name?: string;
  year?: string;
  gender?: string;
  cccd?: string;
  household?: string;
  relation?: string;
  village?: string;
};
const cellsOf = (p: Person, stt = ""): string[] => [
  stt,
  p.name ?? "Nguyễn Văn An",
  p.year ?? "1970",
  p.gender ?? "Nam",
  p.cccd ?? "",
  p.household ?? "",
  p.relation ?? "",
  p.village ?? "",
];
const tableOf = (people: Person[], headers: string[] = HEADERS): RawTable => ({
  headerRow: 1,
  headers,
  rows: people.map((p, i) => ({ row: i + 2, cells: cellsOf(p, String(i + 1)) })),
});

const rowErrors = (table: RawTable, context: RosterContext = CONTEXT): RosterRowError[] => {
  const result = validateRoster(table, context);
  if (result.ok) throw new Error("expected row errors, got entries");
  if (!isRowErrors(result.error)) throw new Error(`expected row errors, got ${result.error.code}`);
  return result.error;
};

const entriesOf = (table: RawTable, context: RosterContext = CONTEXT) => {
  const result = validateRoster(table, context);
  if (!result.ok) throw new Error(`expected entries, got ${JSON.stringify(result.error)}`);
  return result.value;
};

// ---------------------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------------------

describe("headerField", () => {
  it.each([
    ["Họ và tên", "fullName"],
    ["HỌ VÀ TÊN", "fullName"],
    ["Ho va ten", "fullName"],
    ["Họ tên", "fullName"],
    ["  họ   và tên  ", "fullName"],
    ["Họ và tên".normalize("NFD"), "fullName"],
    ["Họ và tên (*)", "fullName"],
    ["Năm sinh", "birthYear"],
    ["Năm  sinh", "birthYear"],
    ["NĂM SINH", "birthYear"],
    ["Năm sinh (yyyy)", "birthYear"],
    ["Giới tính", "gender"],
    ["Số CCCD", "cccd"],
    ["Số CCCD/CMND", "cccd"],
    ["CCCD", "cccd"],
    ["So CCCD", "cccd"],
    ["Số định danh cá nhân", "cccd"],
    ["Mã hộ", "householdCode"],
    ["MÃ HỘ GIA ĐÌNH", "householdCode"],
    ["Quan hệ với chủ hộ", "relation"],
    ["Thôn/Tổ dân phố", "village"],
    ["Thôn / Tổ dân phố\n", "village"],
    ["Thôn", "village"],
    ["STT", "ordinal"],
    ["Số CMND", null], // the old 9-digit card: not a CCCD column
    ["Ghi chú", null],
    ["Số điện thoại", null],
    ["", null],
  ])("headerField - %j is %j", (header, field) => {
    expect(headerField(header)).toBe(field);
  });
});

describe("columnLetter", () => {
  it.each([
    [0, "A"],
    [7, "H"],
    [25, "Z"],
    [26, "AA"],
    [27, "AB"],
    [701, "ZZ"],
    [702, "AAA"],
  ])("columnLetter - %i is %s", (index, letters) => {
    expect(columnLetter(index)).toBe(letters);
  });
});

describe("mapColumns", () => {
  it("mapColumns - maps known columns by position and keeps the header as written", () => {
    const result = mapColumns(["STT", "HỌ VÀ TÊN", "Ghi chú", "Năm  sinh", "Số CCCD/CMND"]);
    expect(result).toEqual({
      ok: true,
      value: {
        fullName: { index: 1, header: "HỌ VÀ TÊN" },
        birthYear: { index: 3, header: "Năm sinh" },
        cccd: { index: 4, header: "Số CCCD/CMND" },
      },
    });
  });

  it.each([
    [["STT", "Năm sinh"], "resident", "“Họ và tên”"],
    [["Họ và tên", "Giới tính"], "resident", "“Năm sinh”"],
    [["STT", "Giới tính"], "resident", "“Họ và tên”, “Năm sinh”"],
    [["Họ và tên", "Năm sinh"], "household", "“Mã hộ”"],
  ] as const)("mapColumns - %j (%s) misses %s", (headers, onePer, missing) => {
    const result = mapColumns(headers, onePer);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("roster_missing_column");
    expect(result.error.message).toContain(`Không tìm thấy cột ${missing}`);
  });

  it("mapColumns - a field named by two columns is refused, naming both", () => {
    const result = mapColumns(["Họ và tên", "Năm sinh", "Họ tên"]);
    expect(result).toEqual({
      ok: false,
      error: {
        code: "roster_duplicate_column",
        message:
          "Có hai cột cùng là “Họ và tên”: cột A (“Họ và tên”) và cột C (“Họ tên”). Hãy xoá hoặc đổi tên một cột rồi nhập lại.",
      },
    });
  });
});

describe("findHeader", () => {
  const rows = (cells: string[][]): RawRow[] => cells.map((c, i) => ({ row: i + 1, cells: c }));

  it("findHeader - passes over title rows and blank rows above the header", () => {
    const result = findHeader(
      rows([
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Độc lập - Tự do - Hạnh phúc"],
        [""],
        ["DANH SÁCH NGƯỜI GHI PHIẾU — Thôn 1"],
        HEADERS,
        cellsOf({}),
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.headerRow).toBe(5);
    expect(result.value.headers).toEqual(HEADERS);
  });

  it("findHeader - no header among the first rows", () => {
    const data = rows([["Danh sách"], ...Array.from({ length: 20 }, () => ["1", "Nguyễn Văn An", "1970"])]);
    const result = findHeader(data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("roster_no_header");
    expect(result.error.message).toContain(`${HEADER_SEARCH_ROWS} dòng đầu`);
  });

  it("findHeader - a header further down than the search window is not found", () => {
    const titles = Array.from({ length: HEADER_SEARCH_ROWS }, (_, i) => [`Tiêu đề ${i + 1}`]);
    expect(findHeader(rows([...titles, HEADERS])).ok).toBe(false);
    expect(findHeader(rows([...titles.slice(1), HEADERS])).ok).toBe(true);
  });
});

describe("buildRosterTable", () => {
  const numbered = (cells: string[][]): RawRow[] => cells.map((c, i) => ({ row: i + 1, cells: c }));

  it("buildRosterTable - drops blank rows and keeps physical row numbers", () => {
    const result = buildRosterTable(
      numbered([["Danh sách"], [], HEADERS, cellsOf({}), ["", " ", "\n"], cellsOf({ name: "Lê Thị Bình" })]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.headerRow).toBe(3);
    expect(result.value.rows.map((r) => r.row)).toEqual([4, 6]);
  });

  it.each([
    [["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]],
    [["1", "2", "3", "4", "5", "6", "7", "8"]],
    [["1", "2", "3", "", ""]],
  ])("buildRosterTable - a column-numbering row under the header is skipped: %j", (numbering) => {
    const result = buildRosterTable(numbered([HEADERS, numbering, cellsOf({})]));
    expect(result.ok && result.value.rows.map((r) => r.row)).toEqual([3]);
  });

  it.each([
    ["nothing at all", [], "roster_empty_file"],
    ["only blank rows", [[""], [" ", ""]], "roster_empty_file"],
    ["only a header", [["Danh sách"], HEADERS, [""]], "roster_no_rows"],
    ["no header", [["Nguyễn Văn An", "1970"]], "roster_no_header"],
    [
      "a header without birth year",
      [
        ["STT", "Họ và tên"],
        ["1", "An"],
      ],
      "roster_missing_column",
    ],
  ])("buildRosterTable - %s is %s", (_, cells, code) => {
    const result = buildRosterTable(numbered(cells as string[][]));
    expect(result.ok ? null : result.error.code).toBe(code);
  });

  it("buildRosterTable - more than the row limit is refused; the limit itself passes", () => {
    const rows = (n: number): RawRow[] => [
      { row: 1, cells: HEADERS },
      ...Array.from({ length: n }, (_, i) => ({ row: i + 2, cells: ["", "A", "1970"] })),
    ];
    expect(buildRosterTable(rows(ROSTER_MAX_ROWS)).ok).toBe(true);
    const over = buildRosterTable(rows(ROSTER_MAX_ROWS + 1));
    expect(over).toEqual({
      ok: false,
      error: {
        code: "roster_too_many_rows",
        message:
          "Tệp có 50.001 dòng dữ liệu, vượt giới hạn 50.000 dòng. Hãy kiểm tra lại tệp hoặc chia danh sách theo điểm lấy phiếu.",
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

describe("RosterRowSchema", () => {
  it("RosterRowSchema - parses a row of text cells into typed fields", () => {
    const parsed = RosterRowSchema.parse({
      fullName: "  Hồ   Ngọc Hường ".normalize("NFD"),
      birthYear: " 1999 ",
      gender: "NỮ",
      cccd: "052917034236",
      householdCode: "HQ-T1-004",
      relation: "",
      village: "Thôn 1",
    });
    expect(parsed).toEqual({
      fullName: "Hồ Ngọc Hường",
      birthYear: 1999,
      gender: "Nữ",
      cccd: "052917034236",
      householdCode: "HQ-T1-004",
      relation: null,
      village: "Thôn 1",
    });
    expect(parsed.fullName.normalize("NFC")).toBe(parsed.fullName);
  });
});

describe("validateRoster", () => {
  it("validateRoster - a good table gives one entry per row, NFC, whitespace collapsed, row numbers kept", () => {
    const entries = entriesOf(
      tableOf([
        {
          name: "  Trần   Xuân Phúc ".normalize("NFD"),
          year: "1946",
          gender: "Nam",
          cccd: "010928159013",
          household: "HQ-T1-005",
          relation: "Bố",
          village: "Thôn 1, Xã Hương Quang",
        },
        { name: "Lê Kim Hoa", year: "1984", gender: "" },
      ]),
    );
    expect(entries).toEqual([
      {
        row: 2,
        fullName: "Trần Xuân Phúc",
        birthYear: 1946,
        birthDate: null,
        gender: "Nam",
        cccd: "010928159013",
        householdCode: "HQ-T1-005",
        relation: "Bố",
        village: "Thôn 1, Xã Hương Quang",
      },
      {
        row: 3,
        fullName: "Lê Kim Hoa",
        birthYear: 1984,
        birthDate: null,
        gender: null,
        cccd: null,
        householdCode: null,
        relation: null,
        village: null,
      },
    ]);
  });

  it("validateRoster - unknown columns are ignored and optional columns may be absent", () => {
    const table: RawTable = {
      headerRow: 1,
      headers: ["Ghi chú", "Ho ten", "Điện thoại", "NAM SINH"],
      rows: [{ row: 2, cells: ["đã chuyển đi?", "Đỗ Thu Hường", "0912345678", "2007"] }],
    };
    expect(entriesOf(table)).toEqual([
      {
        row: 2,
        fullName: "Đỗ Thu Hường",
        birthYear: 2007,
        birthDate: null,
        gender: null,
        cccd: null,
        householdCode: null,
        relation: null,
        village: null,
      },
    ]);
  });

  it.each([
    ["Nam", "Nam"],
    ["nam", "Nam"],
    ["NAM", "Nam"],
    ["Nữ", "Nữ"],
    ["nữ", "Nữ"],
    ["NỮ", "Nữ"],
    ["nu", "Nữ"],
    ["Nữ".normalize("NFD"), "Nữ"],
    [" Nữ ", "Nữ"],
    ["", null],
  ])("validateRoster - gender %j is %j", (gender, expected) => {
    expect(entriesOf(tableOf([{ gender }]))[0]?.gender).toBe(expected);
  });

  it.each(["Khác", "x", "M", "Nam/Nữ"])("validateRoster - gender %j is refused", (gender) => {
    expect(rowErrors(tableOf([{ gender }]))).toEqual([
      {
        row: 2,
        column: "Giới tính",
        value: gender,
        reason: "Giới tính phải là “Nam” hoặc “Nữ” (hoặc để trống).",
      },
    ]);
  });

  // First voting day 27/10/2026: born 2008 turns 18 during 2026 and is taken as old enough.
  const UNDER_18 =
    "Chưa đủ 18 tuổi: ngày lấy phiếu đầu tiên là 27/10/2026, người ghi phiếu phải sinh từ năm 2008 trở về trước.";
  it.each([
    ["1906", null], // 120 in the voting year: the oldest taken as real
    [
      "1905",
      "Năm sinh 1905 không hợp lý (quá 120 tuổi). Nếu cột đang định dạng ngày trong Excel, hãy đổi sang dạng số rồi nhập lại.",
    ],
    ["2008", null], // exactly 18 in the voting year
    [" 1952 ", null],
    ["2009", UNDER_18], // 17 in the voting year
    ["2026", UNDER_18],
    ["2027", "Năm sinh sau năm lấy phiếu (2026)."],
    ["1899", "Năm sinh không hợp lý (trước năm 1900)."],
    ["19x5", "Năm sinh phải là số có 4 chữ số, ví dụ 1965."],
    ["52", "Năm sinh phải là số có 4 chữ số, ví dụ 1965."],
    ["1952.5", "Năm sinh phải là số có 4 chữ số, ví dụ 1965."],
    ["31/02/1952", "Ngày sinh không có thật hoặc không đúng dạng ngày/tháng/năm (ví dụ 15/03/1965)."],
    ["", "Thiếu năm sinh."],
  ])("validateRoster - birth year %j: %s", (year, reason) => {
    const result = validateRoster(tableOf([{ year }]), CONTEXT);
    if (reason === null) {
      expect(result.ok).toBe(true);
      return;
    }
    expect(result).toEqual({ ok: false, error: [{ row: 2, column: "Năm sinh", value: year, reason }] });
  });

  it("validateRoster - the age rule follows the first voting day's year", () => {
    const context = { ...CONTEXT, firstVotingDay: "2021-01-02" };
    expect(validateRoster(tableOf([{ year: "2003" }]), context).ok).toBe(true);
    expect(rowErrors(tableOf([{ year: "2004" }]), context)[0]?.reason).toBe(
      "Chưa đủ 18 tuổi: ngày lấy phiếu đầu tiên là 02/01/2021, người ghi phiếu phải sinh từ năm 2003 trở về trước.",
    );
  });

  it.each([
    ["", ""],
    ["   ", ""],
  ])("validateRoster - missing full name %j is reported", (name, value) => {
    expect(rowErrors(tableOf([{ name }]))).toEqual([
      { row: 2, column: "Họ và tên", value: name || value, reason: "Thiếu họ và tên." },
    ]);
  });

  it.each([
    ["059083016613", "059083016613"],
    ["059 083 016 613", "059083016613"],
    ["'059083016613", "059083016613"],
    ["", null],
  ])("validateRoster - CCCD text %j is %j", (cccd, expected) => {
    expect(entriesOf(tableOf([{ cccd }]))[0]?.cccd).toBe(expected);
  });

  const TWELVE = "Số CCCD phải gồm đúng 12 chữ số.";
  const DROPPED_ZERO =
    "Số CCCD phải gồm đúng 12 chữ số. Có thể số 0 ở đầu đã bị Excel xoá: hãy định dạng cột Số CCCD là Văn bản (Text), gõ lại số rồi nhập lại.";
  it.each([
    ["59083016613", DROPPED_ZERO], // text cells are taken as they are: no padding from CSV
    ["0590830166131", TWELVE],
    ["05908301661X", TWELVE],
    ["123456789", TWELVE],
    [
      "5.90830E+10",
      "Số CCCD đã bị Excel đổi sang dạng số mũ: hãy định dạng cột Số CCCD là Văn bản (Text), gõ lại số rồi nhập lại.",
    ],
  ])("validateRoster - CCCD text %j is refused", (cccd, reason) => {
    expect(rowErrors(tableOf([{ cccd }]))).toEqual([{ row: 2, column: "Số CCCD", value: cccd, reason }]);
  });

  it.each([
    ["59083016613", "059083016613"], // province codes 010–096: one zero dropped
    ["1234567890", "001234567890"], // Hà Nội (001) and the other 00x codes: two zeros dropped
    ["123456789012", "123456789012"],
  ])("validateRoster - CCCD from a numeric cell %j is %j", (cccd, expected) => {
    const table = tableOf([{ cccd }]);
    const rows = table.rows.map((r) => ({ ...r, numericCells: [2, 4] }));
    expect(entriesOf({ ...table, rows })[0]?.cccd).toBe(expected);
  });

  it("validateRoster - a numeric CCCD cell short by more than two zeros is reported as it is", () => {
    const table = tableOf([{ cccd: "123456789" }]);
    const rows = table.rows.map((r) => ({ ...r, numericCells: [4] }));
    expect(rowErrors({ ...table, rows })).toEqual([
      { row: 2, column: "Số CCCD", value: "123456789", reason: "Số CCCD phải gồm đúng 12 chữ số." },
    ]);
  });

  it.each([
    ["59083016613", "059083016613"],
    ["1234567890", "001234567890"],
    ["123456789", "123456789"],
    ["059083016613", "059083016613"],
  ])("restoreCccdZeros - %s is %s", (digits, restored) => {
    expect(restoreCccdZeros(digits)).toBe(restored);
  });

  it("validateRoster - a CCCD twice in the file is reported on the later row, naming the first", () => {
    const errors = rowErrors(
      tableOf([
        { cccd: "097114710497" },
        { cccd: "052917034236" },
        { cccd: "097114710497" },
        { cccd: "097114710497" },
      ]),
    );
    expect(errors).toEqual([
      { row: 4, column: "Số CCCD", value: "097114710497", reason: "Số CCCD trùng với dòng 2." },
      { row: 5, column: "Số CCCD", value: "097114710497", reason: "Số CCCD trùng với dòng 2." },
    ]);
  });

  it("validateRoster - a duplicate is caught even when written differently (spaces)", () => {
    const errors = rowErrors(tableOf([{ cccd: "097114710497" }, { cccd: "097 114 710 497" }]));
    expect(errors).toEqual([
      { row: 3, column: "Số CCCD", value: "097 114 710 497", reason: "Số CCCD trùng với dòng 2." },
    ]);
  });

  it("validateRoster - a CCCD already on another point's roster is reported", () => {
    const context = { ...CONTEXT, takenCccd: new Set(["052917034236"]) };
    expect(rowErrors(tableOf([{ cccd: "097114710497" }, { cccd: "052917034236" }]), context)).toEqual([
      {
        row: 3,
        column: "Số CCCD",
        value: "052917034236",
        reason: "Số CCCD này đã có trong danh sách của một điểm lấy phiếu khác trong đợt này.",
      },
    ]);
  });

  it("validateRoster - a per-household campaign needs the household code on every row", () => {
    const table = tableOf([{ household: "HQ-T1-001" }, { household: " " }]);
    expect(validateRoster(table, CONTEXT).ok).toBe(true);
    expect(rowErrors(table, HOUSEHOLD)).toEqual([
      {
        row: 3,
        column: "Mã hộ",
        value: " ",
        reason: "Thiếu mã hộ: đợt này mỗi hộ một phiếu nên mỗi người phải có mã hộ.",
      },
    ]);
  });

  it("validateRoster - a per-household campaign refuses a file without the household column", () => {
    const table: RawTable = {
      headerRow: 1,
      headers: ["Họ và tên", "Năm sinh"],
      rows: [{ row: 2, cells: ["An", "1970"] }],
    };
    expect(validateRoster(table, CONTEXT).ok).toBe(true);
    const result = validateRoster(table, HOUSEHOLD);
    expect(result.ok).toBe(false);
    if (result.ok || isRowErrors(result.error)) return;
    expect(result.error.code).toBe("roster_missing_column");
    expect(result.error.message).toContain("“Mã hộ”");
  });

  it("validateRoster - rows with no roster data (blank, or only an STT) are skipped, not errors", () => {
    const table: RawTable = {
      headerRow: 1,
      headers: HEADERS,
      rows: [
        { row: 2, cells: cellsOf({ name: "Nguyễn Văn An" }, "1") },
        { row: 3, cells: ["2", "", "", "", "", "", "", ""] },
        { row: 4, cells: ["", " ", "\n"] },
        { row: 5, cells: ["4"] },
      ],
    };
    expect(entriesOf(table).map((e) => e.row)).toEqual([2]);
  });

  it("validateRoster - every bad cell of a row is reported, in column order, and no entries come back", () => {
    const result = validateRoster(
      tableOf([{}, { name: "", year: "abc", gender: "?", cccd: "12" }, {}, { year: "2020" }]),
      CONTEXT,
    );
    expect(result).toEqual({
      ok: false,
      error: [
        { row: 3, column: "Họ và tên", value: "", reason: "Thiếu họ và tên." },
        { row: 3, column: "Năm sinh", value: "abc", reason: "Năm sinh phải là số có 4 chữ số, ví dụ 1965." },
        {
          row: 3,
          column: "Giới tính",
          value: "?",
          reason: "Giới tính phải là “Nam” hoặc “Nữ” (hoặc để trống).",
        },
        { row: 3, column: "Số CCCD", value: "12", reason: "Số CCCD phải gồm đúng 12 chữ số." },
        { row: 5, column: "Năm sinh", value: "2020", reason: UNDER_18 },
      ],
    });
  });

  it("validateRoster - errors name the column as written in the file and the value NFC", () => {
    const table: RawTable = {
      headerRow: 3,
      headers: ["HO VA TEN", "Năm  sinh".normalize("NFD")],
      rows: [{ row: 4, cells: ["Hồ Ngọc Hường".normalize("NFD"), "năm 99".normalize("NFD")] }],
    };
    const [error] = rowErrors(table);
    expect(error).toEqual({
      row: 4,
      column: "Năm sinh",
      value: "năm 99",
      reason: "Năm sinh phải là số có 4 chữ số, ví dụ 1965.",
    });
    expect(error?.column).toBe("Năm sinh".normalize("NFC"));
    expect(error?.value).toBe("năm 99".normalize("NFC"));
  });

  it("validateRoster - a malformed first voting day is a bug and throws", () => {
    expect(() => validateRoster(tableOf([{}]), { ...CONTEXT, firstVotingDay: "27/10/2026" })).toThrow(
      RangeError,
    );
  });
});

describe("createRosterValidator", () => {
  const mixed = (): RawTable => {
    const people: Person[] = Array.from({ length: 250 }, (_, i) => ({
      name: `Người ${i + 1}`,
      year: String(1940 + (i % 60)),
      cccd: String(10_000_000_000 + i).padStart(12, "0"),
    }));
    const withBad = people.map((p, i) =>
      i === 100 ? { ...p, year: "20x0" } : i === 200 ? { ...p, cccd: people[3]?.cccd } : p,
    );
    return tableOf(withBad);
  };

  it("createRosterValidator - checked grows with each push and the result equals validateRoster's", () => {
    for (const table of [mixed(), tableOf([{ name: "An" }, { name: "Bình" }])]) {
      const columns = mapColumns(table.headers);
      if (!columns.ok) throw new Error(columns.error.message);
      const validator = createRosterValidator(columns.value, CONTEXT);
      const seen: number[] = [];
      for (let start = 0; start < table.rows.length; start += 64) {
        for (const row of table.rows.slice(start, start + 64)) validator.push(row);
        seen.push(validator.checked);
      }
      expect(seen.at(-1)).toBe(table.rows.length);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(new Set(seen).size).toBe(seen.length);
      expect(validator.finish()).toEqual(validateRoster(table, CONTEXT));
    }
  });

  it("createRosterValidator - counts bad rows as it goes", () => {
    const table = mixed();
    const columns = mapColumns(table.headers);
    if (!columns.ok) throw new Error(columns.error.message);
    const validator = createRosterValidator(columns.value, CONTEXT);
    for (const row of table.rows.slice(0, 150)) validator.push(row);
    expect([validator.checked, validator.badRows]).toEqual([150, 1]);
    for (const row of table.rows.slice(150)) validator.push(row);
    expect([validator.checked, validator.badRows]).toEqual([250, 2]);
    const result = validator.finish();
    expect(result.ok ? [] : result.error.map((e) => [e.row, e.column])).toEqual([
      [102, "Năm sinh"],
      [202, "Số CCCD"],
    ]);
  });

  it("createRosterValidator - misuse is a bug: columns not from mapColumns, push after finish", () => {
    expect(() => createRosterValidator({ fullName: { index: 0, header: "Họ và tên" } }, CONTEXT)).toThrow();
    const both = { fullName: { index: 0, header: "Họ và tên" }, birthYear: { index: 1, header: "Năm sinh" } };
    expect(() => createRosterValidator(both, HOUSEHOLD)).toThrow();
    const validator = createRosterValidator(both, CONTEXT);
    validator.finish();
    expect(() => validator.push({ row: 2, cells: ["An", "1970"] })).toThrow();
  });
});
