import { describe, expect, it } from "vitest";
import { parseJsonBytes, parseJsonText } from "../../server/crypto/strict-json.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? "ok" : r.error?.code);

describe("strict JSON reading", () => {
  it("parseJsonBytes - parses UTF-8 JSON as JSON.parse does when nothing is ambiguous", () => {
    const text = '{"a":[1,{"b":"Đồng \\"Tâm\\" \\\\"}],"c":{"a":1},"d":[{"x":1},{"x":2}]}';
    expect(parseJsonBytes(bytes(text))).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it.each([
    ['{"a":1,"a":2}', ""],
    ['{"counts":{"roster":1,"issued":2,"roster":3}}', "counts"],
    ['{"officials":[{"high":1},{"high":1,"low":2,"high":3}]}', "officials[1]"],
    ['{"a\\u0062":1,"ab":2}', ""], // equal after unescaping
    ['[{"x":{"y":{"z":1,"z":1}}}]', "[0].x.y"],
  ])("parseJsonText - refuses duplicate member names: %s", (text, path) => {
    const result = parseJsonText(text);
    expect(code(result)).toBe("json_duplicate_member");
    if (!result.ok) expect(result.error.message).toContain(path === "" ? "gốc tài liệu" : `Tại ${path}:`);
  });

  it("parseJsonText - the same name in different objects is fine; strings that look like names are not names", () => {
    expect(code(parseJsonText('{"a":{"a":1},"b":[{"a":1},{"a":2}],"c":"a","d":["a","a"]}'))).toBe("ok");
    expect(code(parseJsonText('{"k":"x\\",\\"k\\":\\"y","z":1}'))).toBe("ok");
  });

  it.each([
    [
      "invalid UTF-8",
      Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]),
      "json_not_utf8",
    ],
    ["a byte order mark", Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes("{}")]), "json_bom"],
    ["not JSON", bytes("{a:1}"), "json_syntax"],
    ["trailing text", bytes("{} {}"), "json_syntax"],
    ["empty", bytes(""), "json_syntax"],
  ])("parseJsonBytes - refuses %s", (_name, input, expected) => {
    expect(code(parseJsonBytes(input))).toBe(expected);
  });
});
