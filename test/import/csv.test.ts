import { describe, expect, it } from "vitest";
import { parseCsv } from "../../server/import/csv.ts";

const records = (text: string, separator = ",") => {
  const result = parseCsv(text, separator);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe("parseCsv", () => {
  it.each([
    ["a,b,c", [["a", "b", "c"]]],
    [
      "a,b\r\nc,d\r\n",
      [
        ["a", "b"],
        ["c", "d"],
      ],
    ],
    [
      "a,b\nc,d",
      [
        ["a", "b"],
        ["c", "d"],
      ],
    ],
    [
      "a,b\rc,d\r",
      [
        ["a", "b"],
        ["c", "d"],
      ],
    ],
    ["a,,c,", [["a", "", "c", ""]]],
    ["", [[""]]],
    ["\n\n", [[""], [""]]],
    ['"Thôn 1, Xã Hương Quang",x', [["Thôn 1, Xã Hương Quang", "x"]]],
    ['"dòng một\r\ndòng hai",x\r\ny', [["dòng một\r\ndòng hai", "x"], ["y"]]],
    ['"Nguyễn ""Bé"" An",1970', [['Nguyễn "Bé" An', "1970"]]],
    ['"",""', [["", ""]]],
    ['""""', [['"']]],
    // Lenient like Excel: a stray quote inside an unquoted field, text after a closing quote.
    ['Nguyễn "Bé" An,1970', [['Nguyễn "Bé" An', "1970"]]],
    ['"ab"cd,e', [["abcd", "e"]]],
  ])("parseCsv - %j", (text, expected) => {
    expect(records(text)).toEqual(expected);
  });

  it.each([
    [";", "a;b,c;d", [["a", "b,c", "d"]]],
    [";", '"x;y";z', [["x;y", "z"]]],
    ["\t", "a\tb c\td", [["a", "b c", "d"]]],
  ])("parseCsv - separator %j in %j", (separator, text, expected) => {
    expect(records(text, separator)).toEqual(expected);
  });

  it("parseCsv - an unclosed quote names the record where it opened", () => {
    const result = parseCsv('STT,Họ và tên\n1,An\n2,"Bình\n3,Chi\n', ",");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("roster_csv_unclosed_quote");
    expect(result.error.message).toContain("mở ở dòng 3");
  });

  it("parseCsv - maxRecords stops early", () => {
    expect(records("a\nb\nc\nd").length).toBe(4);
    const result = parseCsv("a\nb\nc\nd", ",", 2);
    expect(result.ok && result.value).toEqual([["a"], ["b"]]);
  });

  it("parseCsv - an unusable separator is a bug", () => {
    expect(() => parseCsv("a", '"')).toThrow(RangeError);
    expect(() => parseCsv("a", ",;")).toThrow(RangeError);
  });
});
