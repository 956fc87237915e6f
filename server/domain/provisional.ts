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
import { bandLabel, isFlaggedBand } from "./format.ts";
import { DENOMINATOR_LABELS, type DenominatorKind, type RuleSet } from "./threshold.ts";

/** The word on every provisional result. */
export const PROVISIONAL_TEXT = "Tạm tính";

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

/** "còn 2 điểm lấy phiếu (theo ngày) có người này trên phiếu chưa vào số liệu tổng hợp" */
export const pendingPhrase = (pending: number): string =>
  `còn ${pending} điểm lấy phiếu (theo ngày) có người này trên phiếu chưa vào số liệu tổng hợp`;

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
