/**
 * Display helpers shared by every page and PDF. What decides a result is always the exact count
 * (DESIGN §3); these only show it the way a Vietnamese officer reads numbers: "1.458" with a dot
 * between thousands and "51,02" with a decimal comma.
 */
import type { Threshold } from "./threshold.ts";

/** Where the "tín nhiệm thấp" count falls against the rule set's thresholds (minutes `band`, DESIGN §6). */
export type Band = "none" | "over_half" | "two_thirds" | "no_votes";
export const BANDS: readonly Band[] = ["none", "over_half", "two_thirds", "no_votes"];

/**
 * Whether a band carries a consequence the documents must make stand out: more than half, or two
 * thirds and more, "tín nhiệm thấp" (QĐ 96-QĐ/TW Điều 14; DESIGN §3).
 */
export const isFlaggedBand = (band: Band): boolean => band === "over_half" || band === "two_thirds";

/**
 * Band captions for the legal thresholds (quá nửa; từ hai phần ba trở lên). "Không quá nửa" is the
 * plain complement of "quá nửa", so exactly half visibly stays in the first band.
 */
export const BAND_LABELS: Readonly<Record<Band, string>> = {
  none: "Không quá nửa",
  over_half: "Quá nửa đến dưới hai phần ba",
  two_thirds: "Từ hai phần ba trở lên",
  no_votes: "Không có phiếu",
};

type BandThresholds = { readonly over_half: Threshold; readonly two_thirds: Threshold };

const isFraction = (t: Threshold, numerator: number, denominator: number): boolean =>
  t.numerator * denominator === numerator * t.denominator;

/**
 * The caption of a band. Without thresholds, or with the legal ones, it is the legal wording; a
 * campaign's own rule set gets a caption built from its fractions, so a printed "quá nửa" never
 * describes a threshold that is not one half.
 */
export function bandLabel(band: Band, thresholds?: BandThresholds): string {
  if (thresholds === undefined) return BAND_LABELS[band];
  const first = thresholds.over_half;
  const second = thresholds.two_thirds;
  const legal =
    isFraction(first, 1, 2) &&
    first.comparison === "more_than" &&
    isFraction(second, 2, 3) &&
    second.comparison === "at_least";
  if (legal) return BAND_LABELS[band];
  const a = `${first.numerator}/${first.denominator}`;
  const c = `${second.numerator}/${second.denominator}`;
  switch (band) {
    case "none":
      return first.comparison === "more_than" ? `Không quá ${a}` : `Dưới ${a}`;
    case "over_half":
      return `${first.comparison === "more_than" ? "Quá" : "Từ"} ${a} đến ${second.comparison === "at_least" ? "dưới" : "không quá"} ${c}`;
    case "two_thirds":
      return second.comparison === "at_least" ? `Từ ${c} trở lên` : `Quá ${c}`;
    case "no_votes":
      return BAND_LABELS.no_votes;
  }
}

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

const toBigInt = (value: number | bigint, what: string): bigint => {
  if (typeof value === "bigint") return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
  return BigInt(value);
};

/** A count as printed in minutes and reports: "1.458". */
export function formatCount(value: number | bigint): string {
  const n = toBigInt(value, "count");
  const sign = n < 0n ? "-" : "";
  return sign + groupThousands((n < 0n ? -n : n).toString());
}

/**
 * numerator/denominator as a percentage with two decimals and a decimal comma, rounded half up from
 * the exact fraction ("51,02"; no "%": the caller places it). No rule fixes the rounding (DESIGN
 * §3), so the display must never be what decides: it is computed in integers from the same counts
 * the band is, and a value exactly between two hundredths goes up (1/20000 → "0,01").
 * Counts are never negative and a percentage of nothing is meaningless, so both are bugs (thrown).
 */
export function formatPercent(numerator: number | bigint, denominator: number | bigint): string {
  const num = toBigInt(numerator, "numerator");
  const den = toBigInt(denominator, "denominator");
  if (den <= 0n) throw new RangeError(`denominator must be positive, got ${den}`);
  if (num < 0n) throw new RangeError(`numerator must not be negative, got ${num}`);
  // Hundredths of a percent, half up: floor(10000·num/den + 1/2) = floor((20000·num + den) / (2·den)).
  const hundredths = (20000n * num + den) / (2n * den);
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, "0");
  return `${groupThousands(whole.toString())},${fraction}`;
}
