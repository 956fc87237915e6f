import { describe, expect, it } from "vitest";
import { parseCsv, sniffCsv } from "../../server/import/csv.ts";

/** Every record, blank ones included, as [row, cells]. */
const records = async (text: string, separator = ",") => {
  const result = await parseCsv(text, separator);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.rows.map((r) => [r.row, r.cells]);
};

describe("parseCsv", () => {
  it.each([
    ["a,b,c", [[1, ["a", "b", "c"]]]],
    [
      "a,b\r\nc,d\r\n",
      [
        [1, ["a", "b"]],
        [2, ["c", "d"]],
      ],
    ],
    [
      "a,b\nc,d",
      [
        [1, ["a", "b"]],
        [2, ["c", "d"]],
      ],
    ],
    [
      "a,b\rc,d\r",
      [
        [1, ["a", "b"]],
        [2, ["c", "d"]],
      ],
    ],
    ["a,,c,", [[1, ["a", "", "c", ""]]]],
    ["", []],
    ["\n\n", []],
    // Blank records are dropped but counted: the row numbers stay those Excel shows.
    [
      "a\n\n,,\nb",
      [
        [1, ["a"]],
        [4, ["b"]],
      ],
    ],
    ['"Thôn 1, Xã Hương Quang",x', [[1, ["Thôn 1, Xã Hương Quang", "x"]]]],
    [
      '"dòng một\r\ndòng hai",x\r\ny',
      [
        [1, ["dòng một\r\ndòng hai", "x"]],
        [2, ["y"]],
      ],
    ],
    ['"Nguyễn ""Bé"" An",1970', [[1, ['Nguyễn "Bé" An', "1970"]]]],
    ['"",x', [[1, ["", "x"]]]],
    ['""""', [[1, ['"']]]],
    // Lenient like Excel: a stray quote inside an unquoted field.
    ['Nguyễn "Bé" An,1970', [[1, ['Nguyễn "Bé" An', "1970"]]]],
  ])("parseCsv - %j", async (text, expected) => {
    expect(await records(text)).toEqual(expected);
  });

  it.each([
    [";", "a;b,c;d", [[1, ["a", "b,c", "d"]]]],
    [";", '"x;y";z', [[1, ["x;y", "z"]]]],
    ["\t", "a\tb c\td", [[1, ["a", "b c", "d"]]]],
  ])("parseCsv - separator %j in %j", async (separator, text, expected) => {
    expect(await records(text, separator)).toEqual(expected);
  });

  it("parseCsv - an unclosed quote names the record where it opened", async () => {
    const result = await parseCsv('STT,Họ và tên\n1,An\n2,"Bình\n3,Chi\n', ",");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("roster_csv_unclosed_quote");
    expect(result.error.message).toContain("mở ở dòng 3");
  });

  it("parseCsv - keeps at most keepRows non-blank rows and says the file has more", async () => {
    const text = `${"\n".repeat(1000)}a\nb\nc\nd`;
    const result = await parseCsv(text, ",", 3);
    expect(result.ok && result.value).toEqual({
      rows: [
        { row: 1001, cells: ["a"] },
        { row: 1002, cells: ["b"] },
        { row: 1003, cells: ["c"] },
      ],
      truncated: true,
    });
    const all = await parseCsv(text, ",", 4);
    expect(all.ok && all.value.truncated).toBe(false);
  });

  it("parseCsv - a text longer than one chunk, with a multi-line field across the chunk boundary", async () => {
    const filler = "x".repeat(256 * 1024 - 5);
    const text = `${filler},"một\nhai"\nNguyễn Thị Thuý 😀,1980\n`;
    expect(await records(text)).toEqual([
      [1, [filler, "một\nhai"]],
      [2, ["Nguyễn Thị Thuý 😀", "1980"]],
    ]);
  });

  it("sniffCsv - stops early, and an unclosed quote ends it with the records before", () => {
    expect(sniffCsv("a\nb\nc\nd", ",", 2)).toEqual([["a"], ["b"]]);
    expect(sniffCsv('a\nb\n"c\nd', ",", 10)).toEqual([["a"], ["b"]]);
  });

  it("parseCsv - an unusable separator is a bug", async () => {
    await expect(parseCsv("a", '"')).rejects.toThrow(RangeError);
    expect(() => sniffCsv("a", ",;", 1)).toThrow(RangeError);
  });
});
