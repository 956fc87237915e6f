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

  it("compareCodes - a total order: antisymmetric, and zero only for the same code", () => {
    const code = fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/);
    fc.assert(
      fc.property(code, code, (a, b) => {
        expect(Math.sign(compareCodes(a, b)) + Math.sign(compareCodes(b, a))).toBe(0);
        if (compareCodes(a, b) === 0) expect(a.toUpperCase()).toBe(b.toUpperCase());
      }),
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
