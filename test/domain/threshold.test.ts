import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Band } from "../../server/domain/format.ts";
import {
  BUILT_IN_RULE_SET_IDS,
  type BuiltInRuleSetId,
  type Counts,
  type CustomRuleSetInput,
  CustomRuleSetSchema,
  DEFAULT_RULE_SET_ID,
  evaluate,
  RULE_SETS,
  type RuleSet,
  RuleSetSchema,
  ruleSetById,
} from "../../server/domain/threshold.ts";

// ---------------------------------------------------------------------------------------------
// Helpers written independently of the engine
// ---------------------------------------------------------------------------------------------

type Vector = {
  name: string;
  ruleSet: BuiltInRuleSetId;
  roster: number;
  collected: number;
  high: number;
  medium: number;
  low: number;
  blank: number;
  denominator: number;
  band: Band;
  percentLow: string | null;
};

const fixturePath = fileURLToPath(new URL("../fixtures/threshold-vectors.json", import.meta.url));
const vectors = (JSON.parse(readFileSync(fixturePath, "utf8")) as { vectors: Vector[] }).vectors;

/** Integer floor division for non-negative bigints (BigInt division already truncates). */
const floorDiv = (n: bigint, d: bigint): bigint => n / d;
const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;

/**
 * The band through the smallest count of "tín nhiệm thấp" that reaches each threshold, the way an
 * officer reasons ("cần ít nhất N phiếu"): more than a/b of D means L ≥ ⌊a·D/b⌋ + 1; a/b or more
 * means L ≥ ⌈a·D/b⌉. No cross-multiplication against L, so it does not restate the engine.
 */
type Rule = { numerator: number; denominator: number; comparison: "more_than" | "at_least" };
const smallestCountReaching = (rule: Rule, d: bigint): bigint => {
  const n = BigInt(rule.numerator) * d;
  const den = BigInt(rule.denominator);
  return rule.comparison === "more_than" ? floorDiv(n, den) + 1n : ceilDiv(n, den);
};
const expectedBand = (first: Rule, second: Rule, low: bigint, d: bigint): Band => {
  if (d === 0n) return "no_votes";
  if (low >= smallestCountReaching(second, d)) return "two_thirds";
  if (low >= smallestCountReaching(first, d)) return "over_half";
  return "none";
};

const RANK: Record<Band, number> = { no_votes: -1, none: 0, over_half: 1, two_thirds: 2 };

/** Counts where every base is D: all collected, all marked, the rest "tín nhiệm cao". */
const fullTurnout = (d: number, low: number): Counts => ({
  roster: d,
  issued: d,
  collected: d,
  high: d - low,
  medium: 0,
  low,
  blank: 0,
});

const mustEvaluate = (ruleSet: RuleSet | string, counts: Counts) => {
  const result = evaluate(ruleSet, counts);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const custom = (input: CustomRuleSetInput): RuleSet => CustomRuleSetSchema.parse(input);

/** "1.234,56" → 123456 hundredths. */
const hundredths = (display: string): bigint => BigInt(display.replaceAll(".", "").replace(",", ""));

// ---------------------------------------------------------------------------------------------
// Public vectors
// ---------------------------------------------------------------------------------------------

describe("evaluate - public vectors", () => {
  const named = vectors.map((v) => [v.name, v] as const);

  it.each(named)("evaluate - %s", (_name, v) => {
    const counts: Counts = { ...v, issued: v.collected };
    const value = mustEvaluate(RULE_SETS[v.ruleSet], counts);
    expect(value.denominator).toBe(v.denominator);
    expect(value.band).toBe(v.band);
    expect(value.percent.low).toBe(v.percentLow);
    expect(value.percentages.low?.display ?? null).toBe(v.percentLow);
  });

  it.each(named)("evaluate - %s (issued not given)", (_name, v) => {
    const value = mustEvaluate(RULE_SETS[v.ruleSet], v);
    expect([value.denominator, value.band, value.percent.low]).toEqual([v.denominator, v.band, v.percentLow]);
  });
});

// ---------------------------------------------------------------------------------------------
// Boundaries
// ---------------------------------------------------------------------------------------------

describe("evaluate - boundary table", () => {
  const legal = RULE_SETS[DEFAULT_RULE_SET_ID];

  it.each(BUILT_IN_RULE_SET_IDS)("evaluate - every L in 0..D for D in 1..300 under %s", (id) => {
    const ruleSet = RULE_SETS[id];
    const mismatches: string[] = [];
    for (let d = 1; d <= 300; d++) {
      for (let low = 0; low <= d; low++) {
        const got = mustEvaluate(ruleSet, fullTurnout(d, low)).band;
        const want = expectedBand(
          legal.thresholds.over_half,
          legal.thresholds.two_thirds,
          BigInt(low),
          BigInt(d),
        );
        if (got !== want) mismatches.push(`D=${d} L=${low}: ${got}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  const customSets: [string, CustomRuleSetInput][] = [
    [
      "3/5 and 4/5",
      {
        denominator: "collected",
        thresholds: {
          over_half: { numerator: 3, denominator: 5 },
          two_thirds: { numerator: 4, denominator: 5 },
        },
      },
    ],
    [
      "1/3 and 1/1",
      {
        denominator: "collected",
        thresholds: {
          over_half: { numerator: 1, denominator: 3 },
          two_thirds: { numerator: 1, denominator: 1 },
        },
      },
    ],
    [
      "from 1/2 and more than 7/10",
      {
        denominator: "collected",
        thresholds: {
          over_half: { numerator: 1, denominator: 2, comparison: "at_least" },
          two_thirds: { numerator: 7, denominator: 10, comparison: "more_than" },
        },
      },
    ],
  ];

  it.each(customSets)("evaluate - every L in 0..D for D in 1..300 under custom %s", (_name, input) => {
    const ruleSet = custom(input);
    const mismatches: string[] = [];
    for (let d = 1; d <= 300; d++) {
      for (let low = 0; low <= d; low++) {
        const got = mustEvaluate(ruleSet, fullTurnout(d, low)).band;
        const want = expectedBand(
          ruleSet.thresholds.over_half,
          ruleSet.thresholds.two_thirds,
          BigInt(low),
          BigInt(d),
        );
        if (got !== want) mismatches.push(`D=${d} L=${low}: ${got}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each([2, 30, 100, 300, 1458])("evaluate - exactly half is not over half (D=%i)", (d) => {
    const value = mustEvaluate(legal, fullTurnout(d, d / 2));
    expect(value.band).toBe("none");
    expect(value.percent.low).toBe("50,00");
  });

  it.each([5, 29, 101, 299])("evaluate - one vote above half is over half (D=%i)", (d) => {
    expect(mustEvaluate(legal, fullTurnout(d, (d + 1) / 2)).band).toBe("over_half");
  });

  it.each([3, 30, 99, 300, 1458])("evaluate - exactly two-thirds is two-thirds (D=%i)", (d) => {
    const value = mustEvaluate(legal, fullTurnout(d, (2 * d) / 3));
    expect(value.band).toBe("two_thirds");
    expect(value.percent.low).toBe("66,67");
  });

  it.each([9, 30, 99, 300, 1458])("evaluate - one vote below two-thirds is over half (D=%i)", (d) => {
    expect(mustEvaluate(legal, fullTurnout(d, (2 * d) / 3 - 1)).band).toBe("over_half");
  });

  it("evaluate - nothing collected is no_votes with no percentages", () => {
    const value = mustEvaluate(legal, {
      roster: 40,
      issued: 3,
      collected: 0,
      high: 0,
      medium: 0,
      low: 0,
      blank: 0,
    });
    expect(value.band).toBe("no_votes");
    expect(value.denominator).toBe(0);
    expect(value.percent).toEqual({ high: null, medium: null, low: null });
    expect(value.percentages).toEqual({ high: null, medium: null, low: null });
    expect(value.consequence).toBe(legal.consequences.no_votes);
  });

  it("evaluate - exact at the largest safe counts", () => {
    // 2^53 − 2 is divisible by 3; at this size 3·L no longer fits a double exactly.
    const d = 2 ** 53 - 2;
    const twoThirds = (d / 3) * 2;
    const at = (low: number) => mustEvaluate(legal, fullTurnout(d, low)).band;
    expect(at(twoThirds)).toBe("two_thirds");
    expect(at(twoThirds - 1)).toBe("over_half");
    expect(at(d / 2)).toBe("none");
    expect(at(d / 2 + 1)).toBe("over_half");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const fractionPair = fc
  .record({
    b: fc.integer({ min: 1, max: 1_000_000 }),
    d: fc.integer({ min: 1, max: 1_000_000 }),
    aSeed: fc.nat(),
    cSeed: fc.nat(),
    firstStrict: fc.boolean(),
    secondStrict: fc.boolean(),
  })
  .map(({ b, d, aSeed, cSeed, firstStrict, secondStrict }) => ({
    over_half: {
      numerator: (aSeed % b) + 1,
      denominator: b,
      comparison: firstStrict ? ("more_than" as const) : ("at_least" as const),
    },
    two_thirds: {
      numerator: (cSeed % d) + 1,
      denominator: d,
      comparison: secondStrict ? ("more_than" as const) : ("at_least" as const),
    },
  }))
  .filter(
    (t) =>
      BigInt(t.over_half.numerator) * BigInt(t.two_thirds.denominator) <
      BigInt(t.two_thirds.numerator) * BigInt(t.over_half.denominator),
  );

const anyRuleSet: fc.Arbitrary<RuleSet> = fc.oneof(
  fc.constantFrom(...BUILT_IN_RULE_SET_IDS).map((id) => RULE_SETS[id]),
  fractionPair.map((thresholds) => custom({ denominator: "collected", thresholds })),
);

/** D up to the largest safe integer, with two counts L1 ≤ L2 ≤ D. */
const denominatorAndTwoLows = fc
  .oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }))
  .chain((d) =>
    fc
      .tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }))
      .map(([x, y]) => ({ d, l1: Math.min(x, y), l2: Math.max(x, y) })),
  );

describe("evaluate - properties", () => {
  it("evaluate - the band never goes down when L rises with D fixed", () => {
    fc.assert(
      fc.property(anyRuleSet, denominatorAndTwoLows, (ruleSet, { d, l1, l2 }) => {
        const lower = mustEvaluate(ruleSet, fullTurnout(d, l1)).band;
        const higher = mustEvaluate(ruleSet, fullTurnout(d, l2)).band;
        expect(RANK[higher]).toBeGreaterThanOrEqual(RANK[lower]);
      }),
      { numRuns: 500 },
    );
  });

  it("evaluate - the band matches the smallest-count definition at any size", () => {
    fc.assert(
      fc.property(anyRuleSet, denominatorAndTwoLows, (ruleSet, { d, l1 }) => {
        const got = mustEvaluate(ruleSet, fullTurnout(d, l1)).band;
        const { over_half, two_thirds } = ruleSet.thresholds;
        expect(got).toBe(expectedBand(over_half, two_thirds, BigInt(l1), BigInt(d)));
      }),
      { numRuns: 500 },
    );
  });

  it("evaluate - every shown percentage is the exact share rounded half up", () => {
    const counts = fc
      .oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }))
      .chain((collected) =>
        fc
          .tuple(fc.integer({ min: 0, max: collected }), fc.integer({ min: 0, max: collected }))
          .map(([x, y]) => {
            const low = Math.min(x, y);
            const medium = Math.max(x, y) - low;
            return {
              roster: collected,
              issued: collected,
              collected,
              high: collected - low - medium,
              medium,
              low,
              blank: 0,
            };
          }),
      );
    fc.assert(
      fc.property(counts, (c) => {
        const value = mustEvaluate(RULE_SETS["qd96-2023"], c);
        const d = BigInt(value.denominator);
        for (const level of ["high", "medium", "low"] as const) {
          const shown = value.percent[level];
          if (shown === null) throw new Error("percent missing with a positive denominator");
          const h = hundredths(shown);
          const exact = 20000n * BigInt(c[level]); // 2 × (share in hundredths of a percent) × D
          // Half up: h − ½ ≤ 10000·count/D < h + ½, so the display is within 0,005 of the exact value
          // and a share exactly half-way between two hundredths shows the upper one.
          expect((2n * h - 1n) * d <= exact).toBe(true);
          expect(exact < (2n * h + 1n) * d).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rule sets compared
// ---------------------------------------------------------------------------------------------

describe("evaluate - the base decides", () => {
  // 50 on the list, 45 issued, 40 collected, 10 of them left blank for this official: 30 valid.
  const counts: Counts = { roster: 50, issued: 45, collected: 40, high: 5, medium: 4, low: 21, blank: 10 };
  const validBase = custom({
    id: "valid-legal",
    denominator: "valid",
    thresholds: { over_half: { numerator: 1, denominator: 2 }, two_thirds: { numerator: 2, denominator: 3 } },
  });

  it.each([
    ["qd96-2023", RULE_SETS["qd96-2023"], 40, "over_half", "52,50"],
    ["nq96-2023", RULE_SETS["nq96-2023"], 40, "over_half", "52,50"],
    ["nq85-2014", RULE_SETS["nq85-2014"], 50, "none", "42,00"],
    ["custom valid base", validBase, 30, "two_thirds", "70,00"],
  ] as const)("evaluate - %s on the same counts", (_id, ruleSet, denominator, band, percentLow) => {
    const value = mustEvaluate(ruleSet, counts);
    expect(value.denominator).toBe(denominator);
    expect(value.band).toBe(band);
    expect(value.percent.low).toBe(percentLow);
    expect(value.consequence).toBe(ruleSet.consequences[band]);
    expect(value.basis).toBe(ruleSet.denominator);
    expect(value.valid).toBe(30);
  });

  it("evaluate - blank rows stay in the collected base but leave the valid base", () => {
    const c: Counts = { roster: 30, issued: 30, collected: 30, high: 8, medium: 3, low: 13, blank: 6 };
    expect(mustEvaluate(RULE_SETS["qd96-2023"], c).band).toBe("none");
    expect(mustEvaluate(validBase, c).band).toBe("over_half");
  });

  it("evaluate - every row blank under the valid base is no_votes", () => {
    const c: Counts = { roster: 9, issued: 9, collected: 9, high: 0, medium: 0, low: 0, blank: 9 };
    expect(mustEvaluate(validBase, c).band).toBe("no_votes");
    expect(mustEvaluate(RULE_SETS["qd96-2023"], c).band).toBe("none");
  });

  it.each([
    ["qd96-2023", "over_half", ["quy hoạch", "từ chức", "bỏ phiếu tín nhiệm"]],
    ["qd96-2023", "two_thirds", ["thấp hơn", "không chờ hết nhiệm kỳ"]],
    ["nq96-2023", "over_half", ["xin từ chức", "bỏ phiếu tín nhiệm"]],
    ["nq96-2023", "two_thirds", ["miễn nhiệm"]],
    ["nq85-2014", "over_half", ["xin từ chức"]],
  ] as const)("evaluate - %s %s consequence names the measure", (id, band, words) => {
    for (const word of words) expect(RULE_SETS[id].consequences[band]).toContain(word);
  });

  it("evaluate - the result cites its rule", () => {
    const value = mustEvaluate("nq96-2023", fullTurnout(10, 6));
    expect(value.ruleSetId).toBe("nq96-2023");
    expect(value.citation).toBe("Nghị quyết số 96/2023/QH15 ngày 23/6/2023 của Quốc hội, khoản 3 Điều 19");
    expect(value.basisLabel).toBe("tổng số phiếu thu về");
    expect(mustEvaluate("qd96-2023", fullTurnout(10, 6)).citation).toBe(
      "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị",
    );
  });

  it("evaluate - exact shares are the counts over the base", () => {
    const value = mustEvaluate(RULE_SETS["nq85-2014"], counts);
    expect(value.percentages.low).toEqual({ numerator: 21, denominator: 50, display: "42,00" });
    expect(value.percentages.high).toEqual({ numerator: 5, denominator: 50, display: "10,00" });
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

describe("evaluate - impossible counts", () => {
  const good: Counts = { roster: 52, issued: 50, collected: 49, high: 20, medium: 4, low: 25, blank: 0 };
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["negative low", { low: -1, high: 46 }, "count_negative", "Số phiếu tín nhiệm thấp"],
    ["negative roster", { roster: -52 }, "count_negative", "Số người trong danh sách"],
    ["fractional high", { high: 19.5, medium: 4.5 }, "count_not_integer", "19,5"],
    ["NaN collected", { collected: Number.NaN }, "count_not_integer", "Số phiếu thu về"],
    ["infinite roster", { roster: Number.POSITIVE_INFINITY }, "count_not_integer", "Số người"],
    ["unsafe integer", { roster: 2 ** 53 }, "count_not_integer", "Số người"],
    ["text instead of a number", { blank: "0" }, "count_not_integer", "“0”"],
    ["fractional issued", { issued: 49.5 }, "count_not_integer", "Số phiếu phát ra"],
    ["marks above collected", { high: 21 }, "marks_mismatch", "(50)"],
    ["marks below collected", { collected: 50 }, "marks_mismatch", "(49)"],
  ];

  it.each(cases)("evaluate - %s is refused", (_name, change, code, inMessage) => {
    const result = evaluate(RULE_SETS["qd96-2023"], { ...good, ...change } as Counts);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(inMessage);
    expect(result.error.message).toBe(result.error.message.normalize("NFC"));
  });

  it("evaluate - thousands in messages use the vi-VN separator", () => {
    const result = evaluate(RULE_SETS["qd96-2023"], { ...good, collected: 1458 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "marks_mismatch",
        message:
          "Tổng số phiếu tín nhiệm cao, tín nhiệm, tín nhiệm thấp và không đánh dấu (49) không bằng số phiếu thu về (1.458).",
      },
    });
  });

  // Roster, issued and collected that do not reconcile are findings for the minutes (tally.ts
  // `reconcile`), not reasons to withhold a band: the rule is still defined on the ballots collected.
  const unreconciled: [string, BuiltInRuleSetId, Partial<Counts>, number, Band][] = [
    ["collected above issued", "qd96-2023", { issued: 48 }, 49, "over_half"],
    ["issued above roster", "qd96-2023", { roster: 49, issued: 50 }, 49, "over_half"],
    [
      "collected above roster, issued not given",
      "qd96-2023",
      { roster: 48, issued: undefined },
      49,
      "over_half",
    ],
    [
      "collected above roster under the roster base",
      "nq85-2014",
      { roster: 30, issued: undefined, high: 4, medium: 0, low: 45 },
      30,
      "two_thirds",
    ],
  ];

  it.each(unreconciled)("evaluate - %s is evaluated, not refused", (_name, id, change, denominator, band) => {
    const value = mustEvaluate(RULE_SETS[id], { ...good, ...change });
    expect([value.denominator, value.band]).toEqual([denominator, band]);
  });

  it("evaluate - an unknown rule set id is refused", () => {
    const result = evaluate("qd97-2023", good);
    expect(result.ok ? null : result.error.code).toBe("rule_set_unknown");
  });

  it.each([
    [
      "thresholds in the wrong order",
      {
        over_half: { numerator: 2, denominator: 3, comparison: "at_least" },
        two_thirds: { numerator: 1, denominator: 2, comparison: "more_than" },
      },
    ],
    [
      "a zero fraction",
      {
        over_half: { numerator: 0, denominator: 2, comparison: "more_than" },
        two_thirds: { numerator: 2, denominator: 3, comparison: "at_least" },
      },
    ],
    [
      "a fraction above one",
      {
        over_half: { numerator: 1, denominator: 2, comparison: "more_than" },
        two_thirds: { numerator: 4, denominator: 3, comparison: "at_least" },
      },
    ],
    [
      "a fractional numerator",
      {
        over_half: { numerator: 0.5, denominator: 1, comparison: "more_than" },
        two_thirds: { numerator: 2, denominator: 3, comparison: "at_least" },
      },
    ],
  ])("evaluate - a stored rule set with %s is refused", (_name, thresholds) => {
    const broken = { ...RULE_SETS["qd96-2023"], id: "broken", thresholds } as RuleSet;
    const result = evaluate(broken, good);
    expect(result.ok ? null : result.error.code).toBe("rule_set_invalid");
  });
});

// ---------------------------------------------------------------------------------------------
// Rule sets as data
// ---------------------------------------------------------------------------------------------

const collectStrings = (value: unknown): string[] =>
  typeof value === "string"
    ? [value]
    : typeof value === "object" && value !== null
      ? Object.values(value).flatMap(collectStrings)
      : [];

describe("RULE_SETS - built-in data", () => {
  it.each(BUILT_IN_RULE_SET_IDS)("RULE_SETS - %s passes RuleSetSchema unchanged", (id) => {
    const parsed = RuleSetSchema.safeParse(RULE_SETS[id]);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(RULE_SETS[id]);
    expect(RULE_SETS[id].id).toBe(id);
  });

  it.each(BUILT_IN_RULE_SET_IDS)("RULE_SETS - every text of %s is NFC", (id) => {
    for (const text of collectStrings(RULE_SETS[id])) expect(text).toBe(text.normalize("NFC"));
  });

  it.each([
    ["qd96-2023", "collected"],
    ["nq96-2023", "collected"],
    ["nq85-2014", "roster"],
  ] as const)("RULE_SETS - %s counts against %s with the legal thresholds", (id, denominator) => {
    expect(RULE_SETS[id].denominator).toBe(denominator);
    expect(RULE_SETS[id].thresholds).toEqual({
      over_half: { numerator: 1, denominator: 2, comparison: "more_than" },
      two_thirds: { numerator: 2, denominator: 3, comparison: "at_least" },
    });
  });

  it("RULE_SETS - the built-ins cannot be altered", () => {
    expect(Object.isFrozen(RULE_SETS["qd96-2023"].thresholds.over_half)).toBe(true);
    expect(() => {
      (RULE_SETS["qd96-2023"].thresholds.over_half as { numerator: number }).numerator = 2;
    }).toThrow();
  });
});

describe("ruleSetById - lookup", () => {
  it.each(BUILT_IN_RULE_SET_IDS)("ruleSetById - %s", (id) => {
    expect(ruleSetById(id)).toEqual({ ok: true, value: RULE_SETS[id] });
  });

  it("ruleSetById - the default is QĐ 96", () => {
    expect(DEFAULT_RULE_SET_ID).toBe("qd96-2023");
    expect(ruleSetById(DEFAULT_RULE_SET_ID).ok).toBe(true);
  });

  it.each(["", "custom", "QD96-2023", "toString", "__proto__"])("ruleSetById - unknown id %j", (id) => {
    const result = ruleSetById(id);
    expect(result.ok ? null : result.error.code).toBe("rule_set_unknown");
  });
});

describe("CustomRuleSetSchema - validation", () => {
  const base = {
    denominator: "collected",
    thresholds: { over_half: { numerator: 3, denominator: 5 }, two_thirds: { numerator: 4, denominator: 5 } },
  } as const;

  it("CustomRuleSetSchema - a denominator and two fractions are enough", () => {
    const parsed = CustomRuleSetSchema.parse(base);
    expect(parsed.id).toBe("custom");
    expect(parsed.thresholds.over_half.comparison).toBe("more_than");
    expect(parsed.thresholds.two_thirds.comparison).toBe("at_least");
    expect(RuleSetSchema.safeParse(parsed).success).toBe(true);
    expect(mustEvaluate(parsed, fullTurnout(10, 7)).band).toBe("over_half");
    expect(mustEvaluate(parsed, fullTurnout(10, 8)).band).toBe("two_thirds");
  });

  it.each([
    ["a second threshold of exactly 1", { two_thirds: { numerator: 1, denominator: 1 } }],
    [
      "unreduced fractions",
      { over_half: { numerator: 2, denominator: 4 }, two_thirds: { numerator: 6, denominator: 9 } },
    ],
    ["explicit strictness", { over_half: { numerator: 1, denominator: 2, comparison: "at_least" } }],
  ])("CustomRuleSetSchema - accepts %s", (_name, thresholds) => {
    const parsed = CustomRuleSetSchema.safeParse({
      ...base,
      thresholds: { ...base.thresholds, ...thresholds },
    });
    expect(parsed.success).toBe(true);
  });

  it("CustomRuleSetSchema - texts are stored NFC", () => {
    const decomposed = "Quy định riêng của xã".normalize("NFD");
    const parsed = CustomRuleSetSchema.parse({ ...base, name: decomposed });
    expect(parsed.name).toBe(decomposed.normalize("NFC"));
  });

  it.each([
    ["a zero numerator", { thresholds: { ...base.thresholds, over_half: { numerator: 0, denominator: 5 } } }],
    [
      "a zero denominator",
      { thresholds: { ...base.thresholds, over_half: { numerator: 1, denominator: 0 } } },
    ],
    [
      "a negative numerator",
      { thresholds: { ...base.thresholds, over_half: { numerator: -1, denominator: 2 } } },
    ],
    [
      "a fraction above one",
      { thresholds: { ...base.thresholds, two_thirds: { numerator: 6, denominator: 5 } } },
    ],
    [
      "equal thresholds",
      {
        thresholds: {
          over_half: { numerator: 1, denominator: 2 },
          two_thirds: { numerator: 2, denominator: 4 },
        },
      },
    ],
    [
      "the first above the second",
      {
        thresholds: {
          over_half: { numerator: 2, denominator: 3 },
          two_thirds: { numerator: 1, denominator: 2 },
        },
      },
    ],
    [
      "a fractional numerator",
      { thresholds: { ...base.thresholds, over_half: { numerator: 1.5, denominator: 5 } } },
    ],
    [
      "a fractional denominator",
      { thresholds: { ...base.thresholds, over_half: { numerator: 1, denominator: 2.5 } } },
    ],
    [
      "a numeric string",
      { thresholds: { ...base.thresholds, over_half: { numerator: "1", denominator: 2 } } },
    ],
    ["an unknown base", { denominator: "issued" }],
    ["a missing base", { denominator: undefined }],
    [
      "an unknown comparison",
      { thresholds: { ...base.thresholds, over_half: { numerator: 1, denominator: 2, comparison: "gt" } } },
    ],
    ["a built-in id", { id: "qd96-2023" }],
    ["an empty name", { name: "   " }],
  ])("CustomRuleSetSchema - rejects %s", (_name, change) => {
    expect(CustomRuleSetSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
