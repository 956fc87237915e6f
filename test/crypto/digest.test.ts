import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type CanonicalErrorCode,
  canonicalize,
  canonicalJson,
  DOCUMENT_PROFILE,
  digestOf,
  MAX_DEPTH,
  nfcDeep,
  RFC8785_PROFILE,
  sha256Hex,
} from "../../server/crypto/digest.ts";

/** An IEEE-754 binary64 value from its 16 hex digits (big-endian), as RFC 8785 Appendix B lists them. */
const fromBits = (hex: string): number => Buffer.from(hex, "hex").readDoubleBE(0);

const jcs = (value: unknown): string => {
  const result = canonicalize(value, RFC8785_PROFILE);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const refusal = (value: unknown, profile = DOCUMENT_PROFILE) => {
  const result = canonicalize(value, profile);
  return result.ok ? { code: "ok", path: "", message: result.value } : result.error;
};

describe("canonicalize - RFC 8785 published examples", () => {
  // RFC 8785 Appendix B, "Number Serialization Samples": binary64 bits → JCS text.
  const APPENDIX_B: [string, string][] = [
    ["0000000000000000", "0"],
    ["8000000000000000", "0"], // minus zero
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ];

  it.each(APPENDIX_B)("canonicalize - Appendix B number %s serializes as %s", (bits, expected) => {
    expect(jcs(fromBits(bits))).toBe(expected);
    expect(jcs([fromBits(bits)])).toBe(`[${expected}]`);
  });

  it.each([
    ["7fffffffffffffff", "NaN"],
    ["7ff0000000000000", "Infinity"],
    ["fff0000000000000", "-Infinity"],
  ])("canonicalize - Appendix B %s (%s) is an error, never null", (bits) => {
    expect(refusal(fromBits(bits), RFC8785_PROFILE).code).toBe("non_finite_number");
    expect(refusal({ n: fromBits(bits) }, RFC8785_PROFILE)).toMatchObject({
      code: "non_finite_number",
      path: "n",
    });
  });

  it("canonicalize - §3.2.2 example: the parsed input gives the published output", () => {
    // The RFC's input text, JSON escapes and all.
    const input =
      '{\n  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n' +
      '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n' +
      '  "literals": [null, true, false]\n}';
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(jcs(JSON.parse(input))).toBe(expected);
  });

  // §3.2.3: members sorted by UTF-16 code units, so the emoji (U+1F600, code units D83D DE00)
  // comes before U+FB33 although its code point is higher.
  const SORTING = {
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis",
  };

  it("canonicalize - §3.2.3 example: member order by UTF-16 code units", () => {
    expect(jcs(SORTING)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // (Not via JSON.parse: JavaScript objects list integer-like names such as "1" first.)
    const values = [...jcs(SORTING).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual([
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ]);
  });

  it("canonicalize - §3.2.3 example under the document profile: U+FB33 is not NFC, so refused, not repaired", () => {
    // U+FB33 is a composition exclusion: its NFC form is U+05D3 U+05BC.
    expect("\ufb33".normalize("NFC")).toBe("\u05d3\u05bc");
    expect(refusal(SORTING)).toMatchObject({ code: "not_nfc", path: '["\ufb33"]' });
  });
});

describe("canonicalize - document profile refusals", () => {
  class Official {
    code = "CT";
  }
  const holey: unknown[] = [1, 2, 3];
  delete holey[1];
  const withExtra = Object.assign([1, 2], { note: "x" });
  const withGetter = {
    get high() {
      return 1;
    },
  };
  const hidden = Object.defineProperty({}, "secret", { value: 1, enumerable: false });
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic["self"] = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push({ back: cyclicArray });

  const cases: [string, unknown, CanonicalErrorCode, string][] = [
    ["undefined member", { a: undefined }, "unsupported_type", "a"],
    ["undefined in an array", [1, undefined], "unsupported_type", "[1]"],
    ["function", { f: () => 1 }, "unsupported_type", "f"],
    ["symbol value", { s: Symbol("x") }, "unsupported_type", "s"],
    ["symbol key", { [Symbol("k")]: 1 }, "unsupported_type", ""],
    ["bigint", { n: 10n }, "unsupported_type", "n"],
    ["Date", { at: new Date(0) }, "not_plain_object", "at"],
    ["Map", { m: new Map() }, "not_plain_object", "m"],
    ["Set", [new Set()], "not_plain_object", "[0]"],
    ["class instance", { o: new Official() }, "not_plain_object", "o"],
    ["boxed string", { s: new String("x") }, "not_plain_object", "s"],
    ["typed array", { b: new Uint8Array(2) }, "not_plain_object", "b"],
    ["object with another prototype", Object.create({ inherited: 1 }), "not_plain_object", ""],
    ["array with a hole", { xs: holey }, "sparse_array", "xs"],
    ["array with an extra property", withExtra, "not_plain_object", ""],
    ["getter", withGetter, "not_plain_object", "high"],
    ["non-enumerable property", hidden, "not_plain_object", "secret"],
    ["cycle", cyclic, "cycle", "self"],
    ["cycle through an array", cyclicArray, "cycle", "[0].back"],
    ["NaN", { counts: { roster: Number.NaN } }, "non_finite_number", "counts.roster"],
    ["Infinity", [Number.POSITIVE_INFINITY], "non_finite_number", "[0]"],
    ["float", { officials: [{}, {}, { high: 12.5 }] }, "not_integer", "officials[2].high"],
    ["tiny float", { x: 1e-7 }, "not_integer", "x"],
    ["2^53", { n: 2 ** 53 }, "unsafe_integer", "n"],
    ["-(2^53)", { n: -(2 ** 53) }, "unsafe_integer", "n"],
    ["1e21", { n: 1e21 }, "unsafe_integer", "n"],
    ["lone high surrogate", { s: "a\ud800" }, "lone_surrogate", "s"],
    ["lone low surrogate in a member name", { "\udc00": 1 }, "lone_surrogate", '["\\udc00"]'],
    ["decomposed Vietnamese", { name: "Nguyễn".normalize("NFD") }, "not_nfc", "name"],
    ["decomposed member name", { ["tên".normalize("NFD")]: 1 }, "not_nfc", `["${"tên".normalize("NFD")}"]`],
  ];

  it.each(cases)("canonicalize - refuses %s", (_name, value, code, path) => {
    const error = refusal(value);
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(path === "" ? /^Toàn bộ giá trị: / : /^Tại /);
  });

  it("canonicalize - the float error names the path and says why, in Vietnamese", () => {
    const error = refusal({ officials: [{}, {}, { high: 12.5 }] });
    expect(error.message).toBe(
      "Tại officials[2].high: số 12.5 không phải số nguyên; tài liệu chỉ chứa số nguyên.",
    );
  });

  it("canonicalize - nesting deeper than MAX_DEPTH is refused without exhausting the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(deep).code).toBe("too_deep");
    let ok: unknown = 1;
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(canonicalize(ok).ok).toBe(true);
  });

  it("canonicalize - accepts what JSON has: null-prototype objects, shared (non-cyclic) references, -0, safe extremes", () => {
    const shared = { x: 1 };
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalize({ p: shared, q: shared }).ok).toBe(true);
    expect(canonicalize(nullProto)).toEqual({ ok: true, value: '{"a":1,"b":2}' });
    expect(canonicalize([-0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, null, true, ""])).toEqual({
      ok: true,
      value: '[0,9007199254740991,-9007199254740991,null,true,""]',
    });
    // JSON.parse makes "__proto__" an own member; it stays a member.
    expect(canonicalize(JSON.parse('{"__proto__":{"x":1},"a":1}'))).toEqual({
      ok: true,
      value: '{"__proto__":{"x":1},"a":1}',
    });
  });

  it("canonicalize - never throws for values a JSON parser cannot make", () => {
    for (const value of [undefined, () => 1, Symbol("s"), 1n, new Date(), Number.NaN, { a: [undefined] }]) {
      expect(() => canonicalize(value)).not.toThrow();
      expect(canonicalize(value).ok).toBe(false);
    }
  });
});

describe("canonicalJson and nfcDeep - trusted builders", () => {
  it("canonicalJson - NFC-normalizes strings and member names first, so either keyboard gives the same bytes", () => {
    const composed = { tên: "Nguyễn Văn Ấn", list: ["Đồng Tâm"] };
    const decomposed = {
      ["tên".normalize("NFD")]: "Nguyễn Văn Ấn".normalize("NFD"),
      list: ["Đồng Tâm".normalize("NFD")],
    };
    expect(canonicalJson(decomposed)).toBe(canonicalJson(composed));
    expect(canonicalJson(composed)).toBe('{"list":["Đồng Tâm"],"tên":"Nguyễn Văn Ấn"}');
  });

  it("canonicalJson - throws a TypeError naming the path for a value that has no canonical form (a bug)", () => {
    expect(() => canonicalJson({ officials: [{ high: 0.5 }] })).toThrow(
      /canonicalJson: not_integer at officials\[0\]\.high/,
    );
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
    expect(() => canonicalJson({ at: new Date() })).toThrow(/not_plain_object at at/);
    const cyclic: Record<string, unknown> = {};
    cyclic["me"] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle at me/);
  });

  it("nfcDeep - changes only strings, copies, and passes anything else through for canonicalize to refuse", () => {
    const date = new Date(0);
    const input = { s: "Ấn".normalize("NFD"), n: 1, d: date, xs: [true, null, "ệ".normalize("NFD")] };
    const out = nfcDeep(input);
    expect(out).not.toBe(input);
    expect(out.s).toBe("Ấn");
    expect(out.d).toBe(date);
    expect(out.xs).toEqual([true, null, "ệ"]);
    expect(input.s).toBe("Ấn".normalize("NFD"));
  });

  it("nfcDeep - two member names equal after NFC are a bug, not a silent overwrite", () => {
    expect(() => nfcDeep({ Ấn: 1, ["Ấn".normalize("NFD")]: 2 })).toThrow(/equal after NFC/);
  });

  it("nfcDeep - a member named __proto__ stays a member (no prototype change)", () => {
    const out = nfcDeep(JSON.parse('{"__proto__":{"polluted":"Ấn"}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(canonicalJson(out)).toBe('{"__proto__":{"polluted":"Ấn"}}');
  });

  it("digestOf - SHA-256 lowercase hex of the canonical bytes, unchanged for existing callers", () => {
    const value = { b: [1, "Đồng"], a: null };
    const text = '{"a":null,"b":[1,"Đồng"]}';
    const expected = createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
    expect(digestOf(value)).toBe(expected);
    expect(sha256Hex(text)).toBe(expected);
    expect(digestOf(value)).toMatch(/^[0-9a-f]{64}$/);
  });
});
