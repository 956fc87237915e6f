import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byCode, communeRank, compareCodes, pointDayOrder } from "../../server/domain/board-order.ts";

describe("compareCodes", () => {
  it("compareCodes - a number in a code by its value, letters without regard to case: T2 before T10", () => {
    expect(["HQ-T10", "HQ-T2", "hq-t3", "HQ-T1", "HT-T1", "HQ"].sort(compareCodes)).toEqual([
      "HQ",
      "HQ-T1",
      "HQ-T2",
      "hq-t3",
      "HQ-T10",
      "HT-T1",
    ]);
    // The same value written two ways: still a total order, the shorter first.
    expect(["X-02", "X-2"].sort(compareCodes)).toEqual(["X-2", "X-02"]);
  });

  it("compareCodes - long runs of digits by value, not as a Number that ties beyond 2^53", () => {
    // Number("90071992547409930") === Number("90071992547409931"): compared as numbers they tied.
    expect(compareCodes("T90071992547409930", "T90071992547409931")).toBeLessThan(0);
    expect(compareCodes("T90071992547409931", "T90071992547409930")).toBeGreaterThan(0);
    expect(compareCodes("T9999999999999999999", "T10000000000000000000")).toBeLessThan(0);
    expect(
      ["X-0012345678901234567890", "X-12345678901234567889", "X-12345678901234567890"].sort(compareCodes),
    ).toEqual(["X-12345678901234567889", "X-12345678901234567890", "X-0012345678901234567890"]);
  });

  // Codes as CodeSchema admits them (up to 40 characters), built to hold long runs of digits,
  // leading zeros and letters differing only in case, where a weak order ties or loops.
  const code = fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[0-9]{1,25}$/),
        fc.stringMatching(/^0{0,3}[0-9]{14,20}$/),
        fc.constantFrom("T", "t", "HQ", "hq", "-", "A"),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => parts.join("").slice(0, 40))
    .filter((s) => s.length > 0);
  // Three codes that share a prefix and hold runs past 2^53 a few units apart, where Numbers round
  // to the same value: random codes almost never land there.
  const neighbour = (prefix: string, base: bigint, zeros: number, suffix: string) =>
    `${prefix}${"0".repeat(zeros)}${base}${suffix}`.slice(0, 40);
  const triple = fc.oneof(
    fc.tuple(code, code, code),
    fc
      .tuple(
        fc.constantFrom("T", "hq-t", "HQ-T", "X-"),
        fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }),
        fc.array(fc.tuple(fc.bigInt({ min: -8n, max: 8n }), fc.nat(2), fc.constantFrom("", "A", "-1", "a")), {
          minLength: 3,
          maxLength: 3,
        }),
      )
      .map(([prefix, base, v]) => v.map(([d, z, suffix]) => neighbour(prefix, base + d, z, suffix))),
  );
  const sign = (n: number) => Math.sign(n) || 0;

  it("compareCodes - a total order: antisymmetric, and zero only for the same code", () => {
    fc.assert(
      fc.property(triple, ([a, b]) => {
        expect(
          sign(compareCodes(a as string, b as string)) + sign(compareCodes(b as string, a as string)),
        ).toBe(0);
        expect(compareCodes(a as string, b as string) === 0).toBe(a === b);
        expect(compareCodes(a as string, a as string)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("compareCodes - transitive: a ≤ b and b ≤ c give a ≤ c", () => {
    fc.assert(
      fc.property(triple, ([a, b, c]) => {
        const [x, y, z] = [a as string, b as string, c as string];
        if (compareCodes(x, y) <= 0 && compareCodes(y, z) <= 0)
          expect(compareCodes(x, z)).toBeLessThanOrEqual(0);
        if (compareCodes(x, y) < 0 && compareCodes(y, z) < 0) expect(compareCodes(x, z)).toBeLessThan(0);
        const sorted = [x, y, z].sort(compareCodes);
        for (let i = 1; i < sorted.length; i++)
          expect(compareCodes(sorted[i - 1] as string, sorted[i] as string)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("pointDayOrder", () => {
  const communes = byCode([
    { code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
    { code: "PD", name: "Xã Phong Điền", mergedInto: "Xã Phong Thu" },
    { code: "DT", name: "Xã Điền Thọ", mergedInto: "Xã Quang Thọ" },
  ]);

  it("communeRank - new commune, then old commune, in Vietnamese alphabetical order, whatever order they come in; an unknown one last", () => {
    const rank = communeRank(communes);
    expect(["ZZ", "HQ", "DT", "PD"].sort((a, b) => rank(a) - rank(b))).toEqual(["PD", "DT", "HQ", "ZZ"]);
  });

  it("communeRank - communes with the same names fall to their key, whatever order they come in", () => {
    const twins = [
      { key: 7, name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
      { key: 3, name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
      { key: 5, name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
    ];
    const order = (list: typeof twins) => {
      const rank = communeRank(list);
      return [7, 3, 5].sort((a, b) => rank(a) - rank(b));
    };
    expect(order(twins)).toEqual([3, 5, 7]);
    expect(order([...twins].reverse())).toEqual([3, 5, 7]);
    const byCodes = byCode([
      { code: "HQ-10", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
      { code: "HQ-2", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
    ]);
    const rank = communeRank(byCodes);
    expect(rank("HQ-2")).toBe(0);
    expect(communeRank([...byCodes].reverse())("HQ-2")).toBe(0);
  });

  it("pointDayOrder - commune, then point code, then day", () => {
    const items = [
      { commune: "HQ", code: "HQ-T10", day: "2026-10-27" },
      { commune: "HQ", code: "HQ-T2", day: "2026-10-28" },
      { commune: "HQ", code: "HQ-T2", day: "2026-10-27" },
      { commune: "PD", code: "PD-T1", day: "2026-10-28" },
      { commune: "DT", code: "DT-T1", day: "2026-10-27" },
    ];
    expect(items.sort(pointDayOrder(communes, (p) => p)).map((p) => `${p.code} ${p.day}`)).toEqual([
      "PD-T1 2026-10-28",
      "DT-T1 2026-10-27",
      "HQ-T2 2026-10-27",
      "HQ-T2 2026-10-28",
      "HQ-T10 2026-10-27",
    ]);
  });
});
