import { describe, expect, it } from "vitest";
import {
  ADULT_AGE,
  addDays,
  type Birth,
  daysBetween,
  firstVotingDay,
  formatDate,
  formatDateTime,
  isAdultOn,
  isIsoDay,
  latestAdultBirthYear,
  vietnamDate,
} from "../../server/domain/calendar.ts";

describe("Vietnam days", () => {
  it.each([
    ["2026-10-26T17:00:00.000Z", "2026-10-27", "00:00 in Vietnam is still the UTC evening before"],
    ["2026-10-27T01:00:00.000Z", "2026-10-27", "the tests' clock (08:00 in Vietnam)"],
    ["2026-10-27T16:59:59.999Z", "2026-10-27", "the last millisecond of the day in Vietnam"],
    ["2026-10-27T17:00:00.000Z", "2026-10-28", "midnight in Vietnam starts the next day"],
    ["2026-12-31T17:00:00.000Z", "2027-01-01", "a new year"],
    ["2028-02-28T17:00:00.000Z", "2028-02-29", "a leap day"],
  ])("vietnamDate - %s → %s (%s)", (instant, day) => {
    expect(vietnamDate(new Date(instant))).toBe(day);
  });

  it("vietnamDate - an invalid Date is a bug", () => {
    expect(() => vietnamDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it.each([
    ["2026-10-27", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-02-30", false],
    ["2026-13-01", false],
    ["2026-1-27", false],
    ["27/10/2026", false],
    ["2026-10-27T00:00:00Z", false],
    ["", false],
  ])("isIsoDay - %s: %s", (text, expected) => {
    expect(isIsoDay(text)).toBe(expected);
  });

  it.each([
    ["2026-10-27", 1, "2026-10-28"],
    ["2026-10-27", -27, "2026-09-30"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-10-27", 0, "2026-10-27"],
  ])("addDays - %s + %i → %s", (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(n);
  });

  it("daysBetween - negative when the second day comes first; a malformed day is a bug", () => {
    expect(daysBetween("2026-10-28", "2026-10-27")).toBe(-1);
    expect(() => daysBetween("2026-10-27", "27/10/2026")).toThrow(RangeError);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });

  it.each([
    [["2026-10-28", "2026-10-27"], "2026-10-27"],
    [["2027-01-02", "2026-12-31"], "2026-12-31"],
    [["2026-10-27"], "2026-10-27"],
    [[], null],
  ])("firstVotingDay - %j → %s", (days, expected) => {
    expect(firstVotingDay(days)).toBe(expected);
  });

  it("firstVotingDay - leaves the campaign's own list as it was", () => {
    const days = ["2026-10-28", "2026-10-27"];
    firstVotingDay(days);
    expect(days).toEqual(["2026-10-28", "2026-10-27"]);
  });
});

describe("display", () => {
  it.each([
    ["2026-10-27", "27/10/2026"],
    ["2026-01-05", "05/01/2026"],
    ["2026-10-27T23:30:00.000Z", "27/10/2026"],
  ])("formatDate - %s → %s", (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });

  it.each([
    ["2026-10-27T07:05:00.000Z", "14:05 27/10/2026"],
    ["2026-10-27T16:59:00.000Z", "23:59 27/10/2026"],
    ["2026-10-27T17:00:00.000Z", "00:00 28/10/2026"],
    ["2026-10-26T17:30:00.000Z", "00:30 27/10/2026"],
  ])("formatDateTime - %s → %s (Vietnam time)", (iso, expected) => {
    expect(formatDateTime(iso)).toBe(expected);
  });

  it("formatDateTime - an unreadable timestamp is a bug", () => {
    expect(() => formatDateTime("hôm qua")).toThrow(RangeError);
  });
});

describe("age rule", () => {
  const born = (date: string): Birth => ({ year: Number(date.slice(0, 4)), date });
  const year = (y: number): Birth => ({ year: y, date: null });

  it("ADULT_AGE - raters are 18 or older", () => {
    expect(ADULT_AGE).toBe(18);
  });

  it.each([
    // Issue #8: a list imported for a later first day, then the first day moved earlier.
    [born("2008-09-01"), "2026-03-01", false, "born 01/09/2008, first day moved to 01/03/2026"],
    [born("2008-09-01"), "2026-12-06", true, "born 01/09/2008, first day 06/12/2026"],
    [born("2008-09-01"), "2026-09-01", true, "born 01/09/2008, first day 01/09/2026: the 18th birthday"],
    [born("2008-09-01"), "2026-08-31", false, "born 01/09/2008, first day 31/08/2026: the day before"],
    [born("2008-10-27"), "2026-10-27", true, "18th birthday on the voting day"],
    [born("2008-10-28"), "2026-10-27", false, "18 the day after the voting day"],
    [born("2008-01-01"), "2025-12-31", false, "the last day of the year before"],
    [born("2008-12-31"), "2026-12-31", true, "born on New Year's Eve"],
    [born("1952-03-12"), "2026-10-27", true, "an elderly resident"],
    [born("2010-05-05"), "2026-10-27", false, "a child"],
    // 29 February (Bộ luật Dân sự): in a year without the 29th, the 18 years end on the 28th.
    [born("2008-02-29"), "2026-02-28", true, "born 29/02/2008: adult on 28/02/2026"],
    [born("2008-02-29"), "2026-02-27", false, "born 29/02/2008: not on 27/02/2026"],
    [born("2008-02-29"), "2026-03-01", true, "born 29/02/2008: after February"],
    [born("2000-02-29"), "2018-02-28", true, "born 29/02/2000: adult on 28/02/2018"],
    [born("2000-02-29"), "2018-02-27", false, "born 29/02/2000: not on 27/02/2018"],
    [born("2008-02-28"), "2026-02-28", true, "born 28/02: the plain birthday"],
    [born("2008-02-28"), "2026-02-27", false, "born 28/02: the day before"],
    [born("2008-03-01"), "2026-02-28", false, "born 01/03: not yet on 28/02"],
    // Year only: everyone turning 18 during the voting year is taken as old enough.
    [year(2008), "2026-01-01", true, "year only, first day of the voting year"],
    [year(2008), "2026-03-01", true, "year only, first day moved to 01/03/2026"],
    [year(2008), "2026-12-31", true, "year only, last day of the voting year"],
    [year(2009), "2026-12-31", false, "year only, turns 18 the next year"],
    [year(2008), "2025-12-31", false, "year only, the voting year before"],
    [year(1952), "2026-10-27", true, "year only, elderly"],
  ])("isAdultOn - %j on %s: %s (%s)", (birth, day, expected) => {
    expect(isAdultOn(birth, day)).toBe(expected);
  });

  it("isAdultOn - a 29 February birth never has a 29 February in its 18th year (Y ≡ 0, Y + 18 ≡ 2 mod 4)", () => {
    for (const y of [1904, 1952, 1996, 2000, 2004, 2008, 2012]) {
      expect(isAdultOn(born(`${y}-02-29`), `${y + 18}-02-28`)).toBe(true);
      expect(isAdultOn(born(`${y}-02-29`), `${y + 18}-02-27`)).toBe(false);
    }
  });

  it("isAdultOn - a malformed day or date of birth is a bug", () => {
    expect(() => isAdultOn(year(2008), "01/03/2026")).toThrow(RangeError);
    expect(() => isAdultOn(year(2008), "2026-02-30")).toThrow(RangeError);
    expect(() => isAdultOn({ year: 2008, date: "01/09/2008" }, "2026-12-06")).toThrow(RangeError);
  });

  it.each([
    ["2026-10-27", 2008],
    ["2026-01-01", 2008],
    ["2026-12-31", 2008],
    ["2021-01-02", 2003],
  ])("latestAdultBirthYear - %s → %i, the latest year alone isAdultOn accepts", (day, expected) => {
    expect(latestAdultBirthYear(day)).toBe(expected);
    expect(isAdultOn(year(expected), day)).toBe(true);
    expect(isAdultOn(year(expected + 1), day)).toBe(false);
  });
});
