/**
 * The threshold engine: from one official's counts to the band the law attaches a consequence to.
 * The same engine serves a point's minutes and the district aggregate (DESIGN §3), so it is pure
 * and takes the rule set as data.
 *
 * Arithmetic: BigInt on the whole decision path. A campaign's own rule set may carry any positive
 * safe integer as numerator or denominator (capping them would be a rule of ours, not the law's), so
 * L × b or a × D can pass 2^53 where a Number product silently rounds and could flip a band at the
 * exact boundary. BigInt keeps every cross-multiplication exact for every input the schemas admit;
 * its cost (well under a microsecond a comparison) does not matter at tens of thousands of officials.
 */
import * as z from "zod";
import "./zod-vi.ts";
import type { Level } from "./ballot.ts";
import { type Band, formatCount, formatPercent } from "./format.ts";
import { type DomainError, fail, ok, type Refusal, type Result } from "./result.ts";

export const DEFAULT_RULE_SET_ID = "qd96-2023";

// ---------------------------------------------------------------------------------------------
// Schemas (rule sets are data: built in below, or defined by a campaign and parsed at the edge)
// ---------------------------------------------------------------------------------------------

/** All stored strings are NFC (DESIGN §6): the digests over the configuration depend on it. */
const Text = z.string().trim().normalize("NFC").min(1, "Không được để trống.");

/**
 * The base of every percentage and threshold. NQ 96 Điều 19 khoản 3 and QĐ 96 use "tổng số phiếu
 * thu về" (`collected`); the older NQ 85/2014 counted "tổng số đại biểu" (`roster`); `valid` counts
 * only the marks that are valid for that official.
 */
export const DenominatorKindSchema = z.enum(["collected", "roster", "valid"], {
  error: "Mẫu số phải là “collected”, “roster” hoặc “valid”.",
});
export type DenominatorKind = z.infer<typeof DenominatorKindSchema>;

/** "more_than" is the law's "quá" / "trên"; "at_least" is "từ … trở lên". */
export const ComparisonSchema = z.enum(["more_than", "at_least"], {
  error: "Cách so sánh phải là “more_than” hoặc “at_least”.",
});
export type Comparison = z.infer<typeof ComparisonSchema>;

const Numerator = z.int("Tử số phải là số nguyên.").positive("Tử số phải lớn hơn 0.");
const Denominator = z.int("Mẫu số của phân số phải là số nguyên.").positive("Mẫu số phải lớn hơn 0.");

type FractionLike = { readonly numerator: number; readonly denominator: number };
type ThresholdPair = { readonly over_half: FractionLike; readonly two_thirds: FractionLike };

const NOT_ABOVE_ONE = { message: "Ngưỡng phải lớn hơn 0 và không quá 1.", path: ["numerator"] };
const atMostOne = (f: FractionLike): boolean => f.numerator <= f.denominator;

/** a/b < c/d, compared exactly. */
const firstBelowSecond = (t: ThresholdPair): boolean =>
  BigInt(t.over_half.numerator) * BigInt(t.two_thirds.denominator) <
  BigInt(t.two_thirds.numerator) * BigInt(t.over_half.denominator);
const FIRST_BELOW_SECOND = {
  message: "Ngưỡng thứ nhất phải nhỏ hơn ngưỡng thứ hai.",
  path: ["thresholds", "two_thirds"],
};

export const ThresholdSchema = z
  .object({ numerator: Numerator, denominator: Denominator, comparison: ComparisonSchema })
  .readonly()
  .refine(atMostOne, NOT_ABOVE_ONE);
export type Threshold = z.infer<typeof ThresholdSchema>;

export const LegalSourceSchema = z
  .object({
    /** Full title as it is cited in documents. */
    title: Text,
    /** Number, date and issuer: what a printed result cites. */
    shortTitle: Text,
    /** The provision that fixes the base and thresholds, where known ("khoản 3 Điều 19"). */
    article: Text.nullable(),
  })
  .readonly();
export type LegalSource = z.infer<typeof LegalSourceSchema>;

const ConsequencesSchema = z
  .object({ none: Text, over_half: Text, two_thirds: Text, no_votes: Text })
  .readonly();

const RuleSetId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    "Mã bộ quy tắc chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.",
  );

/** A rule set in full, as stored and as passed to `evaluate`. */
export const RuleSetSchema = z
  .object({
    id: RuleSetId,
    name: Text,
    source: LegalSourceSchema,
    denominator: DenominatorKindSchema,
    thresholds: z.object({ over_half: ThresholdSchema, two_thirds: ThresholdSchema }).readonly(),
    consequences: ConsequencesSchema,
  })
  .readonly()
  .refine((r) => firstBelowSecond(r.thresholds), FIRST_BELOW_SECOND);
export type RuleSet = z.infer<typeof RuleSetSchema>;

const CUSTOM_SOURCE: LegalSource = {
  title: "Quy định riêng của đợt lấy phiếu",
  shortTitle: "Quy định riêng của đợt lấy phiếu",
  article: null,
};

const CUSTOM_CONSEQUENCES: RuleSet["consequences"] = {
  none: "Chưa đến ngưỡng thứ nhất của quy định riêng của đợt lấy phiếu.",
  over_half:
    "Đạt ngưỡng thứ nhất của quy định riêng của đợt lấy phiếu; cấp có thẩm quyền xem xét theo quy định đó.",
  two_thirds:
    "Đạt ngưỡng thứ hai của quy định riêng của đợt lấy phiếu; cấp có thẩm quyền xem xét theo quy định đó.",
  no_votes: "Không có phiếu để tính tỉ lệ; chưa xác định được kết quả đối với người được lấy phiếu.",
};

/**
 * A campaign's own rule set: a denominator and two fractions are enough; the strictness defaults to
 * the legal pattern (first "quá", second "từ … trở lên") and texts default to neutral wording. The
 * output has the same shape as the entries of `RULE_SETS`. A built-in id cannot be reused, so a
 * printed "qd96-2023" always means the Politburo's thresholds.
 */
export const CustomRuleSetSchema = z
  .object({
    id: RuleSetId.default("custom"),
    name: Text.default("Quy định riêng của đợt lấy phiếu"),
    source: LegalSourceSchema.default(CUSTOM_SOURCE),
    denominator: DenominatorKindSchema,
    thresholds: z
      .object({
        over_half: z
          .object({
            numerator: Numerator,
            denominator: Denominator,
            comparison: ComparisonSchema.default("more_than"),
          })
          .readonly()
          .refine(atMostOne, NOT_ABOVE_ONE),
        two_thirds: z
          .object({
            numerator: Numerator,
            denominator: Denominator,
            comparison: ComparisonSchema.default("at_least"),
          })
          .readonly()
          .refine(atMostOne, NOT_ABOVE_ONE),
      })
      .readonly(),
    consequences: ConsequencesSchema.default(CUSTOM_CONSEQUENCES),
  })
  .readonly()
  .refine((r) => firstBelowSecond(r.thresholds), FIRST_BELOW_SECOND)
  .refine((r) => !isBuiltInId(r.id), {
    message: "Mã này đã dùng cho một bộ quy tắc có sẵn; hãy đặt mã khác.",
    path: ["id"],
  });
export type CustomRuleSetInput = z.input<typeof CustomRuleSetSchema>;

// ---------------------------------------------------------------------------------------------
// Built-in rule sets
// ---------------------------------------------------------------------------------------------

export type BuiltInRuleSetId = "qd96-2023" | "nq96-2023" | "nq85-2014";

// Every built-in set uses the legal pair: "quá nửa" (strictly more than 1/2) and "từ hai phần ba
// trở lên" (2/3 or more). Exactly half is therefore not over half; exactly two-thirds is two-thirds.
const LEGAL_THRESHOLDS: RuleSet["thresholds"] = {
  over_half: { numerator: 1, denominator: 2, comparison: "more_than" },
  two_thirds: { numerator: 2, denominator: 3, comparison: "at_least" },
};

const NO_VOTES = "Không có phiếu để tính tỉ lệ; chưa xác định được kết quả đối với người được lấy phiếu.";

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

export const RULE_SETS: Readonly<Record<BuiltInRuleSetId, RuleSet>> = deepFreeze({
  // The product's default: village-level confidence polls of commune officials follow the Party's
  // rule, whose base is the ballots collected.
  "qd96-2023": {
    id: "qd96-2023",
    name: "Quy định 96-QĐ/TW (2023) của Bộ Chính trị",
    source: {
      title:
        "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị về lấy phiếu tín nhiệm đối với chức danh, chức vụ lãnh đạo, quản lý trong hệ thống chính trị",
      shortTitle: "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị",
      article: null,
    },
    denominator: "collected",
    thresholds: LEGAL_THRESHOLDS,
    consequences: {
      none: "Không thuộc trường hợp phải xem xét xử lý; kết quả lấy phiếu được sử dụng trong đánh giá cán bộ.",
      over_half:
        "Đưa ra khỏi quy hoạch các chức vụ cao hơn; cấp có thẩm quyền xem xét cho thôi giữ chức vụ đang đảm nhiệm, bố trí công tác khác, cho từ chức hoặc tiến hành bỏ phiếu tín nhiệm.",
      two_thirds:
        "Cấp có thẩm quyền miễn nhiệm chức vụ đang đảm nhiệm và bố trí công tác khác thấp hơn, không chờ hết nhiệm kỳ hoặc hết thời hạn bổ nhiệm.",
      no_votes: NO_VOTES,
    },
  },
  // NQ 96 Điều 19 khoản 3: every percentage is "trên tổng số phiếu thu về".
  "nq96-2023": {
    id: "nq96-2023",
    name: "Nghị quyết 96/2023/QH15 của Quốc hội",
    source: {
      title:
        "Nghị quyết số 96/2023/QH15 ngày 23/6/2023 của Quốc hội về lấy phiếu tín nhiệm, bỏ phiếu tín nhiệm đối với người giữ chức vụ do Quốc hội, Hội đồng nhân dân bầu hoặc phê chuẩn",
      shortTitle: "Nghị quyết số 96/2023/QH15 ngày 23/6/2023 của Quốc hội",
      article: "khoản 3 Điều 19",
    },
    denominator: "collected",
    thresholds: LEGAL_THRESHOLDS,
    consequences: {
      none: "Không thuộc trường hợp xin từ chức, bỏ phiếu tín nhiệm hoặc miễn nhiệm; kết quả lấy phiếu được sử dụng trong đánh giá cán bộ.",
      over_half:
        "Người được lấy phiếu có thể xin từ chức; trường hợp không xin từ chức thì cơ quan có thẩm quyền trình bỏ phiếu tín nhiệm.",
      two_thirds:
        "Cơ quan hoặc người có thẩm quyền giới thiệu người để bầu, phê chuẩn có trách nhiệm trình miễn nhiệm người được lấy phiếu.",
      no_votes: NO_VOTES,
    },
  },
  // The older wording counted against "tổng số đại biểu": here, everyone on the stamped roster, so a
  // rater who never came weighs like a "tín nhiệm" mark.
  "nq85-2014": {
    id: "nq85-2014",
    name: "Nghị quyết 85/2014/QH13 của Quốc hội (quy định cũ)",
    source: {
      title:
        "Nghị quyết số 85/2014/QH13 ngày 28/11/2014 của Quốc hội về việc lấy phiếu tín nhiệm, bỏ phiếu tín nhiệm đối với người giữ chức vụ do Quốc hội, Hội đồng nhân dân bầu hoặc phê chuẩn",
      shortTitle: "Nghị quyết số 85/2014/QH13 ngày 28/11/2014 của Quốc hội",
      article: null,
    },
    denominator: "roster",
    thresholds: LEGAL_THRESHOLDS,
    consequences: {
      none: "Không thuộc trường hợp xin từ chức hoặc bỏ phiếu tín nhiệm; kết quả lấy phiếu được sử dụng trong đánh giá cán bộ.",
      over_half: "Người được lấy phiếu có thể xin từ chức.",
      two_thirds: "Cơ quan có thẩm quyền trình bỏ phiếu tín nhiệm đối với người được lấy phiếu.",
      no_votes: NO_VOTES,
    },
  },
});

export const BUILT_IN_RULE_SET_IDS = Object.keys(RULE_SETS) as readonly BuiltInRuleSetId[];

function isBuiltInId(id: string): id is BuiltInRuleSetId {
  return Object.hasOwn(RULE_SETS, id);
}

/**
 * A denominator kind named in a document, in words ("tổng số phiếu thu về"); a kind this version does
 * not know (an untrusted document) is said as written. For verifiers' output, read by people.
 */
export const denominatorWords = (kind: string): string =>
  Object.hasOwn(DENOMINATOR_LABELS, kind) ? DENOMINATOR_LABELS[kind as DenominatorKind] : `“${kind}”`;

/** The printed name of each base, so every result says what its percentages are of (DESIGN §3). */
export const DENOMINATOR_LABELS: Readonly<Record<DenominatorKind, string>> = {
  collected: "tổng số phiếu thu về",
  roster: "tổng số người trong danh sách ghi phiếu",
  valid: "số phiếu hợp lệ đối với người được lấy phiếu",
};

/** Citation printed under a result: number, date, issuer and, where known, the provision. */
export const citeRuleSet = (ruleSet: RuleSet): string =>
  ruleSet.source.article === null
    ? ruleSet.source.shortTitle
    : `${ruleSet.source.shortTitle}, ${ruleSet.source.article}`;

export function ruleSetById(id: string): Result<RuleSet, Refusal<"rule_set_unknown">> {
  if (isBuiltInId(id)) return ok(RULE_SETS[id]);
  return fail("rule_set_unknown", `Không có bộ quy tắc “${id}”.`);
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/**
 * One official's counts at a point or summed over points. `blank` is the rows left unmarked for this
 * official: invalid for this official only, yet still among the ballots collected. `issued` is
 * optional and not used by the decision: how the roster, the ballots issued and the ballots
 * collected relate is reconciliation (tally.ts `reconcile`, verify-minutes.ts), reported beside the
 * result, never a reason to withhold it (DESIGN §4 step 3).
 */
export type Counts = {
  readonly roster: number;
  readonly issued?: number | undefined;
  readonly collected: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly blank: number;
};

export type EvaluateErrorCode =
  | "count_not_integer"
  | "count_negative"
  | "marks_mismatch"
  | "rule_set_unknown"
  | "rule_set_invalid";

export type Percentage = {
  /** The exact share: count / denominator, unreduced so the counts stay visible. */
  readonly numerator: number;
  readonly denominator: number;
  /** vi-VN, two decimals, half up: "51,02". */
  readonly display: string;
};

export type Evaluation = {
  readonly ruleSetId: string;
  readonly basis: DenominatorKind;
  readonly basisLabel: string;
  readonly denominator: number;
  /** high + medium + low: the marks valid for this official. */
  readonly valid: number;
  readonly band: Band;
  readonly percentages: Readonly<Record<Level, Percentage | null>>;
  /** Display strings only; null when the denominator is 0. */
  readonly percent: Readonly<Record<Level, string | null>>;
  readonly consequence: string;
  readonly citation: string;
};

const COUNT_FIELDS: readonly (readonly [keyof Counts, string])[] = [
  ["roster", "số người trong danh sách ghi phiếu"],
  ["issued", "số phiếu phát ra"],
  ["collected", "số phiếu thu về"],
  ["high", "số phiếu tín nhiệm cao"],
  ["medium", "số phiếu tín nhiệm"],
  ["low", "số phiếu tín nhiệm thấp"],
  ["blank", "số phiếu không đánh dấu"],
];

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const showValue = (value: unknown): string =>
  typeof value === "number" ? String(value).replace(".", ",") : `“${String(value)}”`;

/**
 * Only counts that leave the rule undefined are refused: a count that is not a non-negative safe
 * integer, or marks that do not add up to the ballots collected (then L, and under the `valid` base
 * also D, are not one official's counts of one set of ballots; DESIGN §3). Counts that are defined
 * but do not reconcile (more issued than on the roster, more collected than issued) still give a
 * band: the law decides on the ballots collected (NQ 96 Điều 19 khoản 3), and the mismatch is a
 * reconciliation finding the officers record as an incident, not a reason to print no result.
 */
function checkCounts(counts: Counts): DomainError | null {
  for (const [field, label] of COUNT_FIELDS) {
    const value: unknown = counts[field];
    if (field === "issued" && value === undefined) continue;
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      return {
        code: "count_not_integer",
        message: `${capitalise(label)} phải là số nguyên (đang là ${showValue(value)}).`,
      };
    }
    if (value < 0) {
      return {
        code: "count_negative",
        message: `${capitalise(label)} không được là số âm (đang là ${showValue(value)}).`,
      };
    }
  }
  const { collected, high, medium, low, blank } = counts;
  // Every collected ballot has exactly one row per official: one of the three boxes, or none (DESIGN §3).
  const marks = BigInt(high) + BigInt(medium) + BigInt(low) + BigInt(blank);
  if (marks !== BigInt(collected)) {
    return {
      code: "marks_mismatch",
      message: `Tổng số phiếu tín nhiệm cao, tín nhiệm, tín nhiệm thấp và không đánh dấu (${formatCount(marks)}) không bằng số phiếu thu về (${formatCount(collected)}).`,
    };
  }
  return null;
}

const isFractionInUnitInterval = (t: Threshold): boolean =>
  Number.isSafeInteger(t.numerator) &&
  Number.isSafeInteger(t.denominator) &&
  t.numerator > 0 &&
  t.denominator > 0 &&
  t.numerator <= t.denominator &&
  (t.comparison === "more_than" || t.comparison === "at_least");

/**
 * What the band arithmetic relies on, checked on every call: a rule set may come from storage
 * rather than from `CustomRuleSetSchema`. The frozen built-ins are known good.
 */
function checkRuleSet(ruleSet: RuleSet): DomainError | null {
  if (isBuiltInId(ruleSet.id) && RULE_SETS[ruleSet.id] === ruleSet) return null;
  const invalid = (why: string): DomainError => ({
    code: "rule_set_invalid",
    message: `Bộ quy tắc “${ruleSet.id}” không hợp lệ: ${why}`,
  });
  if (!Object.hasOwn(DENOMINATOR_LABELS, ruleSet.denominator)) return invalid("mẫu số không được hỗ trợ.");
  const { over_half, two_thirds } = ruleSet.thresholds;
  if (!isFractionInUnitInterval(over_half) || !isFractionInUnitInterval(two_thirds)) {
    return invalid("mỗi ngưỡng phải là phân số có tử và mẫu nguyên dương, lớn hơn 0 và không quá 1.");
  }
  if (!firstBelowSecond(ruleSet.thresholds)) return invalid("ngưỡng thứ nhất phải nhỏ hơn ngưỡng thứ hai.");
  return null;
}

/** L/D against a threshold, by cross-multiplication: L·b > a·D ("quá") or L·b ≥ a·D ("từ … trở lên"). */
const reaches = (low: bigint, denominator: bigint, t: Threshold): boolean => {
  const left = low * BigInt(t.denominator);
  const right = BigInt(t.numerator) * denominator;
  return t.comparison === "more_than" ? left > right : left >= right;
};

function denominatorOf(kind: DenominatorKind, counts: Counts, valid: number): number {
  switch (kind) {
    case "collected":
      return counts.collected;
    case "roster":
      return counts.roster;
    case "valid":
      return valid;
  }
}

/**
 * The band of one official under a rule set. With the legal thresholds this is exactly
 * `2L > D && 3L < 2D` → over_half and `3L ≥ 2D` → two_thirds (QĐ 96; NQ 96), D = 0 → no_votes.
 */
export function evaluate(ruleSet: RuleSet | string, counts: Counts): Result<Evaluation> {
  let rules: RuleSet;
  if (typeof ruleSet === "string") {
    const found = ruleSetById(ruleSet);
    if (!found.ok) return found;
    rules = found.value;
  } else {
    rules = ruleSet;
  }
  const ruleProblem = checkRuleSet(rules);
  if (ruleProblem !== null) return fail(ruleProblem.code, ruleProblem.message);
  const countProblem = checkCounts(counts);
  if (countProblem !== null) return fail(countProblem.code, countProblem.message);

  const valid = counts.high + counts.medium + counts.low;
  const denominator = denominatorOf(rules.denominator, counts, valid);

  const d = BigInt(denominator);
  const l = BigInt(counts.low);
  const band: Band =
    d === 0n
      ? "no_votes"
      : reaches(l, d, rules.thresholds.two_thirds)
        ? "two_thirds"
        : reaches(l, d, rules.thresholds.over_half)
          ? "over_half"
          : "none";

  const share = (level: Level): Percentage | null =>
    denominator === 0
      ? null
      : { numerator: counts[level], denominator, display: formatPercent(counts[level], denominator) };
  const percentages = { high: share("high"), medium: share("medium"), low: share("low") };
  const percent = {
    high: percentages.high?.display ?? null,
    medium: percentages.medium?.display ?? null,
    low: percentages.low?.display ?? null,
  };

  return ok({
    ruleSetId: rules.id,
    basis: rules.denominator,
    basisLabel: DENOMINATOR_LABELS[rules.denominator],
    denominator,
    valid,
    band,
    percentages,
    percent,
    consequence: rules.consequences[band],
    citation: citeRuleSet(rules),
  });
}
