/**
 * An official's result while point-days that rate them are still to come in: "Tạm tính". In trials
 * a board member read a red "Từ hai phần ba trở lên" and its legal consequence (dismissal) on one
 * ballot from one point out of ten; the draft and "may change" notes elsewhere on the page did not
 * undo what the red badge said. So a result is said to be provisional, in words and in a neutral
 * style, until every point-day whose ballot lists that official is in the totals or left out by
 * the board; the consequence is then a condition ("nếu kết quả cuối cùng như hiện nay"), never a
 * verdict. The results page, an official's page, the aggregate PDF and the downloads say it alike.
 *
 * Pure: which point-day rates whom is passed in (services/results.ts reads it from the store).
 */

import type { Band } from "./format.ts";
import { bandLabel, formatCount, isFlaggedBand } from "./format.ts";
import { DENOMINATOR_LABELS, type DenominatorKind, type RuleSet } from "./threshold.ts";

/** The word on every provisional result. */
export const PROVISIONAL_TEXT = "Tạm tính";

/** The same word after a band inside a line: "Quá nửa đến dưới hai phần ba (tạm tính)". */
export const PROVISIONAL_MARK = `(${PROVISIONAL_TEXT.toLocaleLowerCase("vi")})`;

/** How many point-days not in the totals rate an official: still to come, and left out for good. */
export type MissingOfOfficial = { readonly pending: number; readonly excused: number };

/**
 * For each official (by code), the missing point-days whose ballot lists them: `pending` may still
 * come in (not yet opened, voting, waiting for signatures or a check, discrepant), `excused` the
 * board left out. An official no missing point-day rates is absent (nothing pending).
 */
export function missingByOfficial(
  missing: readonly { readonly pointId: number; readonly excusal: unknown }[],
  ballotOf: (pointId: number) => readonly string[],
): ReadonlyMap<string, MissingOfOfficial> {
  const counts = new Map<string, { pending: number; excused: number }>();
  for (const m of missing) {
    const excused = m.excusal !== null && m.excusal !== undefined;
    for (const code of ballotOf(m.pointId)) {
      const c = counts.get(code) ?? { pending: 0, excused: 0 };
      if (excused) c.excused += 1;
      else c.pending += 1;
      counts.set(code, c);
    }
  }
  return counts;
}

/** Point-days still to come for `code` (0: the result is final as far as the data goes). */
export const pendingOf = (missing: ReadonlyMap<string, MissingOfOfficial>, code: string): number =>
  missing.get(code)?.pending ?? 0;

/**
 * `missing` as every page, the PDF and the downloads read it: once the campaign is certified nothing
 * is pending any more, whatever the point-days say (the board certified without them; the result
 * is final), so `pending` is 0 for everyone and only `excused` is kept. Decided here once, where
 * the map is made (services/results.ts `missingOfficials`), not again by
 * each reader (the page and the PDF each had their own guard, the CSV and XLSX none).
 */
export function pendingUntilCertified(
  missing: ReadonlyMap<string, MissingOfOfficial>,
  certified: boolean,
): ReadonlyMap<string, MissingOfOfficial> {
  if (!certified) return missing;
  return new Map([...missing].map(([code, m]) => [code, { pending: 0, excused: m.excused }]));
}

/**
 * What is still to come, in the one short form every place says it (the results table's band cell,
 * the CSV's "Tạm tính" column after "Có: ", the note under a result after "Tạm tính: "):
 * "còn 2 điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp".
 */
export const pendingPhrase = (pending: number): string =>
  `còn ${formatCount(pending)} điểm lấy phiếu (theo ngày) chưa vào số liệu tổng hợp`;

/** What a note under a result needs of the rule set: printed citation, base, thresholds. */
export type NoteRuleSet = {
  readonly source: string;
  readonly denominator: DenominatorKind;
  readonly thresholds: RuleSet["thresholds"];
};

/**
 * The sentence under an official's result. Final: the rule quoted, "Theo <rule>, số phiếu tín nhiệm
 * thấp <band> (tính trên <base>): <consequence>" for a band with a consequence, the consequence
 * alone otherwise. Provisional (`pending` > 0): said first, then the same as a condition: "Tạm
 * tính: còn … Nếu kết quả cuối cùng như hiện nay, tức là số phiếu tín nhiệm thấp <band> (…), thì
 * theo <rule>: <consequence>".
 */
export function resultNote(
  ruleSet: NoteRuleSet,
  official: { readonly band: Band; readonly consequence: string },
  pending: number,
): string {
  const band = bandLabel(official.band, ruleSet.thresholds).toLocaleLowerCase("vi");
  const base = DENOMINATOR_LABELS[ruleSet.denominator];
  const flagged = isFlaggedBand(official.band);
  if (pending === 0) {
    return flagged
      ? `Theo ${ruleSet.source}, số phiếu tín nhiệm thấp ${band} (tính trên ${base}): ${official.consequence}`
      : official.consequence;
  }
  const provisional = `${PROVISIONAL_TEXT}: ${pendingPhrase(pending)}.`;
  return flagged
    ? `${provisional} Nếu kết quả cuối cùng như hiện nay, tức là số phiếu tín nhiệm thấp ${band} (tính trên ${base}), thì theo ${ruleSet.source}: ${official.consequence}`
    : `${provisional} Nếu kết quả cuối cùng như hiện nay: ${official.consequence}`;
}
