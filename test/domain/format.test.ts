import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BAND_LABELS,
  BANDS,
  type Band,
  bandLabel,
  formatCount,
  formatPercent,
  isFlaggedBand,
} from "../../server/domain/format.ts";
import type { Threshold } from "../../server/domain/threshold.ts";

describe("formatPercent - table", () => {
  it.each([
    [25, 49, "51,02"],
    [24, 49, "48,98"],
    [32, 49, "65,31"],
    [33, 49, "67,35"],
    [1, 2, "50,00"],
    [1, 3, "33,33"],
    [2, 3, "66,67"],
    [0, 7, "0,00"],
    [7, 7, "100,00"],
    [1, 8, "12,50"],
    [1, 16, "6,25"],
    [1, 800, "0,13"], // 0,125 exactly: half goes up
    [1, 1600, "0,06"], // 0,0625
    [1, 20000, "0,01"], // 0,005 exactly: half goes up
    [1, 40000, "0,00"], // 0,0025
    [3, 40000, "0,01"], // 0,0075
    [19997, 20000, "99,99"], // 99,985 exactly: half goes up
    [19999, 20000, "100,00"], // 99,995 exactly: half goes up
    [39999, 40000, "100,00"], // 99,9975
    [20, 1, "2.000,00"],
  ])("formatPercent - %i/%i is %s", (numerator, denominator, shown) => {
    expect(formatPercent(numerator, denominator)).toBe(shown);
  });

  it("formatPercent - exact at the largest safe counts", () => {
    const d = Number.MAX_SAFE_INTEGER;
    expect(formatPercent(d, d)).toBe("100,00");
    expect(formatPercent(d - 1, d)).toBe("100,00");
    expect(formatPercent(1, d)).toBe("0,00");
    expect(formatPercent(2n ** 60n, 2n ** 61n)).toBe("50,00");
  });

  it.each([
    ["a zero denominator", 1, 0],
    ["a negative denominator", 1, -3],
    ["a negative numerator", -1, 3],
    ["a fractional numerator", 0.5, 3],
    ["a NaN denominator", 1, Number.NaN],
    ["an unsafe numerator", 2 ** 53, 2 ** 53],
  ])("formatPercent - %s is a bug and throws", (_name, numerator, denominator) => {
    expect(() => formatPercent(numerator, denominator)).toThrow(RangeError);
  });

  it("formatPercent - the shown value is the exact share rounded half up", () => {
    const fraction = fc
      .oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }))
      .chain((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.constant(d)));
    fc.assert(
      fc.property(fraction, ([n, d]) => {
        const shown = formatPercent(n, d);
        expect(shown).toMatch(/^\d{1,3},\d{2}$/);
        const h = BigInt(shown.replace(",", ""));
        const twice = 20000n * BigInt(n); // twice the share in hundredths of a percent, times D
        // h − ½ ≤ 10000·n/D < h + ½: within 0,005 of the exact value, a tie shown upwards.
        expect((2n * h - 1n) * BigInt(d) <= twice && twice < (2n * h + 1n) * BigInt(d)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formatCount - table", () => {
  it.each([
    [0, "0"],
    [7, "7"],
    [999, "999"],
    [1000, "1.000"],
    [1458, "1.458"],
    [12345, "12.345"],
    [1234567, "1.234.567"],
    [-1458, "-1.458"],
    [Number.MAX_SAFE_INTEGER, "9.007.199.254.740.991"],
  ])("formatCount - %i is %s", (value, shown) => {
    expect(formatCount(value)).toBe(shown);
  });

  it("formatCount - bigint counts", () => {
    expect(formatCount(10n ** 18n)).toBe("1.000.000.000.000.000.000");
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "formatCount - %d is not a count and throws",
    (value) => {
      expect(() => formatCount(value)).toThrow(RangeError);
    },
  );
});

describe("bandLabel - captions", () => {
  const legal: { over_half: Threshold; two_thirds: Threshold } = {
    over_half: { numerator: 1, denominator: 2, comparison: "more_than" },
    two_thirds: { numerator: 2, denominator: 3, comparison: "at_least" },
  };

  it.each([
    ["none", "Không quá nửa"],
    ["over_half", "Quá nửa đến dưới hai phần ba"],
    ["two_thirds", "Từ hai phần ba trở lên"],
    ["no_votes", "Không có phiếu"],
  ] as const)("bandLabel - %s is %s", (band, label) => {
    expect(bandLabel(band)).toBe(label);
    expect(bandLabel(band, legal)).toBe(label);
    expect(BAND_LABELS[band]).toBe(label);
  });

  it("bandLabel - the legal thresholds written unreduced keep the legal wording", () => {
    const unreduced = {
      over_half: { ...legal.over_half, numerator: 3, denominator: 6 },
      two_thirds: { ...legal.two_thirds, numerator: 4, denominator: 6 },
    };
    expect(bandLabel("over_half", unreduced)).toBe("Quá nửa đến dưới hai phần ba");
  });

  it.each([
    ["none", "more_than", "at_least", "Không quá 3/5"],
    ["over_half", "more_than", "at_least", "Quá 3/5 đến dưới 4/5"],
    ["two_thirds", "more_than", "at_least", "Từ 4/5 trở lên"],
    ["none", "at_least", "more_than", "Dưới 3/5"],
    ["over_half", "at_least", "more_than", "Từ 3/5 đến không quá 4/5"],
    ["two_thirds", "at_least", "more_than", "Quá 4/5"],
    ["no_votes", "at_least", "more_than", "Không có phiếu"],
  ] as const)("bandLabel - custom %s with %s then %s is %s", (band, first, second, label) => {
    const thresholds = {
      over_half: { numerator: 3, denominator: 5, comparison: first },
      two_thirds: { numerator: 4, denominator: 5, comparison: second },
    };
    expect(bandLabel(band, thresholds)).toBe(label);
  });

  it("bandLabel - every band has a caption", () => {
    expect(BANDS).toEqual<Band[]>(["none", "over_half", "two_thirds", "no_votes"]);
    for (const band of BANDS) expect(bandLabel(band).length).toBeGreaterThan(0);
  });
});

describe("labels - Unicode", () => {
  it.each(Object.values(BAND_LABELS))("labels - %s is NFC", (label) => {
    expect(label).toBe(label.normalize("NFC"));
  });
});

describe("isFlaggedBand", () => {
  it("isFlaggedBand - only the two bands with a consequence stand out (more than half, two thirds and more)", () => {
    expect(BANDS.filter(isFlaggedBand)).toEqual(["over_half", "two_thirds"]);
  });
});
