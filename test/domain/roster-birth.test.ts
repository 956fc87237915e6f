import { describe, expect, it } from "vitest";
import { parseBirth, rosterRowSchemaFor } from "../../server/domain/roster.ts";

const row = (birthYear: string) => ({
  fullName: "Lê Văn An",
  birthYear,
  gender: "",
  cccd: "",
  householdCode: "",
  relation: "",
  village: "",
});

describe("date of birth", () => {
  it.each([
    ["1965", { year: 1965, date: null }],
    ["15/03/1965", { year: 1965, date: "1965-03-15" }],
    ["5/3/1965", { year: 1965, date: "1965-03-05" }],
    ["15-03-1965", { year: 1965, date: "1965-03-15" }],
    ["15.03.1965", { year: 1965, date: "1965-03-15" }],
    ["1965-03-15", { year: 1965, date: "1965-03-15" }],
    ["31/02/1965", null],
    ["1965/03/15", null],
    ["65", null],
  ])("parseBirth - %s", (text, expected) => {
    expect(parseBirth(text)).toEqual(expected);
  });

  const schema = rosterRowSchemaFor({ firstVotingDay: "2026-10-27", onePer: "resident" });

  it.each([
    ["27/10/2008", true, "exactly 18 on the first voting day"],
    ["28/10/2008", false, "18 the day after"],
    ["01/01/2009", false, "born the next year"],
    ["2008", true, "year only: turns 18 during the voting year"],
    ["2009", false, "year only: too young"],
  ])("rosterRowSchemaFor - born %s: %s (%s)", (birth, accepted) => {
    const parsed = schema.safeParse(row(birth));
    expect(parsed.success).toBe(accepted);
    if (parsed.success) expect(parsed.data.birthYear).toBe(Number(birth.slice(-4)));
  });

  it.each([
    ["15/03/1965", 1965, "1965-03-15"],
    ["1965-03-15", 1965, "1965-03-15"],
    ["1965", 1965, null],
  ])("rosterRowSchemaFor - born %s: the year and the date of birth are both kept", (birth, year, date) => {
    const parsed = schema.safeParse(row(birth));
    expect(parsed.success && parsed.data.birthYear).toBe(year);
    expect(parsed.success && parsed.data.birthDate).toBe(date);
  });

  // Issue #8: the same resident, against two first voting days.
  it.each([
    ["2026-12-06", true],
    ["2026-09-01", true],
    ["2026-08-31", false],
    ["2026-03-01", false],
  ])("rosterRowSchemaFor - born 01/09/2008, first voting day %s: accepted %s", (firstVotingDay, accepted) => {
    const parsed = rosterRowSchemaFor({ firstVotingDay, onePer: "resident" }).safeParse(row("01/09/2008"));
    expect(parsed.success).toBe(accepted);
    if (parsed.success) expect(parsed.data.birthDate).toBe("2008-09-01");
  });

  it("rosterRowSchemaFor - a year alone too young names the latest birth year the rule accepts", () => {
    const parsed = schema.safeParse(row("2009"));
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(parsed.error.issues[0]?.message).toBe(
        "Chưa đủ 18 tuổi: ngày lấy phiếu đầu tiên là 27/10/2026, người ghi phiếu phải sinh từ năm 2008 trở về trước.",
      );
    }
  });

  it("rosterRowSchemaFor - a date too young names the date in the reason", () => {
    const parsed = schema.safeParse(row("28/10/2008"));
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(parsed.error.issues[0]?.message).toBe(
        "Chưa đủ 18 tuổi vào ngày lấy phiếu đầu tiên (27/10/2026): sinh ngày 28/10/2008.",
      );
    }
  });
});

describe("date of birth, edge cases", () => {
  const schema = rosterRowSchemaFor({ firstVotingDay: "2026-02-28", onePer: "resident" });

  it("rosterRowSchemaFor - born 29/02/2008 is 18 on 28/02/2026 (the term ends on the month's last day)", () => {
    expect(schema.safeParse(row("29/02/2008")).success).toBe(true);
    expect(schema.safeParse(row("01/03/2008")).success).toBe(false);
  });

  it("rosterRowSchemaFor - a year Excel turned into a date (1905) is refused with a hint", () => {
    const parsed = schema.safeParse(row("18/05/1905"));
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.message).toContain("hãy đổi sang dạng số");
  });

  it("rosterRowSchemaFor - a date that does not exist says so", () => {
    const parsed = schema.safeParse(row("31/02/1965"));
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.message).toContain("Ngày sinh không có thật");
  });

  it("parseBirth - mixed separators are not a date", () => {
    expect(parseBirth("15/03-1965")).toBeNull();
  });

  it("mapColumns - “Năm sinh” and “Ngày sinh” side by side: the date column is used", async () => {
    const { mapColumns } = await import("../../server/domain/roster.ts");
    const columns = mapColumns(["Họ và tên", "Năm sinh", "Ngày sinh"]);
    expect(columns.ok && columns.value.birthYear).toEqual({ index: 2, header: "Ngày sinh" });
    const reversed = mapColumns(["Họ và tên", "Ngày sinh", "Năm sinh"]);
    expect(reversed.ok && reversed.value.birthYear).toEqual({ index: 1, header: "Ngày sinh" });
  });
});
