/**
 * The count at the close of a point's day (DESIGN §4 step 3; issue #10 §2–3): the stored ballots
 * tallied per official, each official's band through the threshold engine, the reconciliation of
 * the day's counts and the warnings shown at close. Pure: the close-of-day service reads the ballot
 * box, the point-day counters and the campaign settings and passes them in.
 *
 * Two principles, from the law's "kiểm phiếu" and from DESIGN §4 step 3:
 * - A failed check never stops the count and is never "fixed": the result is computed from the
 *   ballots as they are, and every failed check is shown in red and becomes an incident in the
 *   minutes (minutes.ts).
 * - Integer arithmetic only (DESIGN §3): every comparison and sum is made on BigInt, so no count,
 *   however large, is rounded.
 */
import { decodeMarks, type Level } from "./ballot.ts";
import { type Band, formatCount } from "./format.ts";
import type { MinutesWarning } from "./minutes-document.ts";
import { fail, ok, type Refusal, type Result } from "./result.ts";
import { type EvaluateErrorCode, evaluate, type RuleSet } from "./threshold.ts";

// ---------------------------------------------------------------------------------------------
// Tally
// ---------------------------------------------------------------------------------------------

/** One official's marks over the readable ballots of a point-day. */
export type OfficialTally = {
  readonly code: string;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  /** Readable ballots with this official's row left unmarked (invalid for this official only, DESIGN §3). */
  readonly blank: number;
};

/**
 * The ballots of one point-day, counted. `ballots` is every stored row, damaged ones included (the
 * ballots collected); `damaged` the rows that are not a ballot of this ballot style; `officials`
 * follows ballot order, and for each `high + medium + low + blank = ballots − damaged`.
 */
export type Tally = {
  readonly ballots: number;
  readonly damaged: number;
  readonly officials: readonly OfficialTally[];
};

export type TallyErrorCode = "empty_ballot" | "duplicate_official";

/**
 * Counts the stored ballots of one point-day per official: high / medium / low / blank.
 *
 * Shape: `tallyBallots(ballotCodes, encoded)` → `ok({ ballots, damaged, officials: [{ code, high,
 * medium, low, blank }] })`; `ballotCodes` are the point's officials in ballot order, `encoded` the
 * rows of the ballot box in any order (encodeMarks: one character per official, H/M/L/_).
 *
 * Damaged rows (a row `decodeMarks` cannot read: wrong width, a character outside H/M/L/_) are
 * counted, never dropped: they stay in `ballots` (a ballot was collected: its slot was filled by a
 * cast) and in `damaged`, and their marks are counted for nobody, because which box they held is
 * unknown. So for every official high + medium + low + blank falls short of the ballots collected
 * by `damaged`, and the reconciliation's "ballots_readable" and "marks_total" checks show it in red
 * in the minutes. Counting them as blank instead would make the totals add up and hide the damage;
 * refusing the tally would let one bad row withhold every official's result.
 *
 * Errors: `empty_ballot` (no official on the ballot), `duplicate_official` (a code twice): both
 * mean the ballot style is not one the stamp accepted.
 */
export function tallyBallots(
  ballotCodes: readonly string[],
  encoded: readonly string[],
): Result<Tally, Refusal<TallyErrorCode>> {
  if (ballotCodes.length === 0) {
    return fail("empty_ballot", "Phiếu của điểm không có người được lấy phiếu nào.");
  }
  const seen = new Set<string>();
  for (const code of ballotCodes) {
    if (seen.has(code)) {
      return fail("duplicate_official", `Người được lấy phiếu “${code}” có hai dòng trên phiếu của điểm.`);
    }
    seen.add(code);
  }
  const counts = ballotCodes.map(() => ({ high: 0, medium: 0, low: 0, blank: 0 }));
  let damaged = 0;
  for (const text of encoded) {
    const marks = decodeMarks(ballotCodes, text);
    if (marks === null) {
      damaged++;
      continue;
    }
    ballotCodes.forEach((code, i) => {
      const row = counts[i];
      if (row === undefined) return;
      const level: Level | null | undefined = marks[code];
      if (level === undefined || level === null) row.blank++;
      else row[level]++;
    });
  }
  return ok({
    ballots: encoded.length,
    damaged,
    officials: ballotCodes.map((code, i) => ({
      code,
      ...(counts[i] ?? { high: 0, medium: 0, low: 0, blank: 0 }),
    })),
  });
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/** An official as printed on the point's ballot, in ballot order. */
export type BallotOfficial = { readonly code: string; readonly name: string; readonly position: string };

/** One official's line of the minutes (DESIGN §6 `officials[]`). */
export type OfficialResult = BallotOfficial & {
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly blank: number;
  /** The base of this official's percentages under the rule set (DESIGN §3). */
  readonly denominator: number;
  readonly band: Band;
};

export type EvaluateTallyErrorCode = EvaluateErrorCode | "ballot_mismatch";

/**
 * Every official's band through the threshold engine (threshold.ts `evaluate`, the same function
 * the board's aggregate uses).
 *
 * Shape: `evaluateTally(tally, { roster, issued }, ruleSet, ballot)` → `ok([{ code, name, position,
 * high, medium, low, blank, denominator, band }])` in ballot order. `ballot` gives names and
 * positions; its codes must be the tally's, in the same order.
 *
 * The ballots collected (the base under NQ 96 Điều 19 khoản 3 and QĐ 96) are `tally.ballots`, damaged
 * rows included: a damaged row was collected, and its mark for each official is unreadable, hence
 * not valid for anyone — for the decision it weighs exactly as a blank row (in the `collected`
 * base, out of the `valid` one). The printed `blank` stays the blank rows only, so the damage shows
 * (see tallyBallots). Roster and issued counts that do not reconcile are not refused here
 * (reconcile reports them); the engine refuses only counts that leave the rule undefined.
 *
 * Errors: `ballot_mismatch` (ballot and tally name different officials: a bug in the caller), and
 * the engine's refusals (`rule_set_invalid`, `count_not_integer`, `count_negative`), prefixed with
 * the official's name.
 */
export function evaluateTally(
  tally: Tally,
  counts: { readonly roster: number; readonly issued: number },
  ruleSet: RuleSet,
  ballot: readonly BallotOfficial[],
): Result<OfficialResult[], Refusal<EvaluateTallyErrorCode>> {
  const sameBallot =
    ballot.length === tally.officials.length && ballot.every((o, i) => o.code === tally.officials[i]?.code);
  if (!sameBallot) {
    return fail("ballot_mismatch", "Danh sách người được lấy phiếu không khớp với phiếu đã kiểm.");
  }
  const out: OfficialResult[] = [];
  for (const [i, official] of ballot.entries()) {
    const marks = tally.officials[i];
    if (marks === undefined) continue;
    const evaluation = evaluate(ruleSet, {
      roster: counts.roster,
      issued: counts.issued,
      collected: tally.ballots,
      high: marks.high,
      medium: marks.medium,
      low: marks.low,
      blank: marks.blank + tally.damaged,
    });
    if (!evaluation.ok) {
      return fail(
        evaluation.error.code as EvaluateErrorCode,
        `${official.name}: ${evaluation.error.message}`,
      );
    }
    out.push({
      code: official.code,
      name: official.name,
      position: official.position,
      high: marks.high,
      medium: marks.medium,
      low: marks.low,
      blank: marks.blank,
      denominator: evaluation.value.denominator,
      band: evaluation.value.band,
    });
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------------

/**
 * A point-day's counts at close, every one a non-negative safe integer (a bug otherwise).
 * The ticket identity the close checks: every ticket handed out (issued with a check-in, or
 * re-issued) ends as a ballot, a void, or lost with the memory of a restart:
 * issued + reissued − collected = voided + lost.
 */
export type DayCounts = {
  /** Ballots the stamped list allows: its entries (or its households, one ballot per household). */
  readonly roster: number;
  /** Check-ins of the day: roster entries (households) marked issued at this point on this day. */
  readonly checkIns: number;
  /** Tickets issued with a check-in (PointDayCounts.issued): "phiếu phát ra". */
  readonly issued: number;
  /** Tickets re-issued after a restart lost them (PointDayCounts.reissued), each an audited incident. */
  readonly reissued: number;
  /** The ballot box's own counter (PointDayCounts.collected), checked against the rows tallied. */
  readonly collected: number;
  /** Tickets voided, "không thu về", including those still outstanding at close (the close voids them). */
  readonly voided: number;
  /**
   * Tickets lost with a restart's memory (services/voting.ts `lostTickets` at close, after the
   * outstanding tickets are voided). Pass it as counted, never derived from the identity above:
   * lostTickets clamps at 0, so more ballots and voids than tickets shows as a failed balance.
   */
  readonly lost: number;
};

export type CheckId =
  | "issued_check_ins"
  | "issued_within_roster"
  | "collected_within_tickets"
  | "reissued_within_lost"
  | "tickets_balance"
  | "ballots_stored"
  | "ballots_readable"
  | "marks_total";

/** One reconciliation check: a stable id, a Vietnamese label and a Vietnamese detail with the numbers. */
export type Check = {
  readonly id: CheckId;
  readonly label: string;
  readonly ok: boolean;
  readonly detail: string;
};

const n = formatCount;
const big = BigInt;

const listShort = (items: readonly string[]): string =>
  items.length <= 5
    ? items.join("; ")
    : `${items.slice(0, 5).join("; ")}; và ${n(items.length - 5)} người khác`;

/**
 * The reconciliation at close (DESIGN §4 step 3; issue #10 §2), in the order the minutes print it.
 * "Collected" is the ballots in the box (`tally.ballots`, damaged rows included): what was counted.
 *
 * - issued_check_ins: issued = check-ins (one ticket per check-in; DESIGN §4 step 2).
 * - issued_within_roster: issued ≤ roster (each entry is issued once).
 * - collected_within_tickets: collected ≤ issued + reissued (a ballot needs a ticket).
 * - reissued_within_lost: reissued ≤ lost (the console re-issues only lost tickets). With the
 *   balance below and voided ≥ 0 this makes collected ≤ issued, the verifier's check on the minutes.
 * - tickets_balance: issued + reissued − collected = voided + lost.
 * - ballots_stored: rows in the box = the box's collected counter.
 * - ballots_readable: no damaged row (see tallyBallots).
 * - marks_total: for every official high + medium + low + blank = collected.
 *
 * Shape: `reconcile(counts, tally)` → `[{ id, label, ok, detail }]`, always all eight. Never refuses:
 * a failed check is a finding, not a reason to stop (the caller records it as an incident).
 */
export function reconcile(counts: DayCounts, tally: Tally): Check[] {
  const issued = big(counts.issued);
  const reissued = big(counts.reissued);
  const checkIns = big(counts.checkIns);
  const roster = big(counts.roster);
  const voided = big(counts.voided);
  const lost = big(counts.lost);
  const collected = big(tally.ballots);
  const counter = big(counts.collected);
  const damaged = big(tally.damaged);
  const checks: Check[] = [];
  const check = (id: CheckId, label: string, pass: boolean, good: string, bad: string): void => {
    checks.push({ id, label, ok: pass, detail: pass ? good : bad });
  };

  check(
    "issued_check_ins",
    "Số phiếu phát ra bằng số lượt cử tri nhận phiếu",
    issued === checkIns,
    `${n(issued)} phiếu phát ra = ${n(checkIns)} lượt cử tri trong danh sách nhận phiếu.`,
    `Số phiếu phát ra (${n(issued)}) khác số lượt cử tri trong danh sách nhận phiếu (${n(checkIns)}), chênh ${n(issued > checkIns ? issued - checkIns : checkIns - issued)}.`,
  );
  check(
    "issued_within_roster",
    "Số phiếu phát ra không vượt số người trong danh sách ghi phiếu",
    issued <= roster,
    `${n(issued)} phiếu phát ra, không quá ${n(roster)} người trong danh sách.`,
    `Số phiếu phát ra (${n(issued)}) lớn hơn số người trong danh sách ghi phiếu (${n(roster)}).`,
  );
  check(
    "collected_within_tickets",
    "Số phiếu thu về không vượt số phiếu đã phát, kể cả phát lại",
    collected <= issued + reissued,
    `${n(collected)} phiếu thu về, không quá ${n(issued)} phát ra + ${n(reissued)} phát lại = ${n(issued + reissued)}.`,
    `Số phiếu thu về (${n(collected)}) lớn hơn số phiếu đã phát: ${n(issued)} phát ra + ${n(reissued)} phát lại = ${n(issued + reissued)}.`,
  );
  check(
    "reissued_within_lost",
    "Số phiếu phát lại không vượt số phiếu bị mất khi máy chủ khởi động lại",
    reissued <= lost,
    `${n(reissued)} phiếu phát lại, không quá ${n(lost)} phiếu bị mất.`,
    `Số phiếu phát lại (${n(reissued)}) lớn hơn số phiếu bị mất khi máy chủ khởi động lại (${n(lost)}).`,
  );
  const left = issued + reissued - collected;
  const right = voided + lost;
  check(
    "tickets_balance",
    "Phiếu đã phát − phiếu thu về = phiếu không thu về + phiếu bị mất",
    left === right,
    `${n(issued)} + ${n(reissued)} − ${n(collected)} = ${n(left)} = ${n(voided)} không thu về + ${n(lost)} bị mất.`,
    `Phiếu đã phát trừ phiếu thu về: ${n(issued)} + ${n(reissued)} − ${n(collected)} = ${n(left)}, nhưng phiếu không thu về cộng phiếu bị mất: ${n(voided)} + ${n(lost)} = ${n(right)}.`,
  );
  check(
    "ballots_stored",
    "Số phiếu trong hòm phiếu bằng số phiếu thu về đã đếm khi bỏ phiếu",
    collected === counter,
    `Hòm phiếu có ${n(collected)} phiếu, đúng bằng số đếm khi bỏ phiếu.`,
    `Hòm phiếu có ${n(collected)} phiếu nhưng số đếm khi bỏ phiếu là ${n(counter)}.`,
  );
  check(
    "ballots_readable",
    "Mọi phiếu trong hòm phiếu đọc được",
    damaged === 0n,
    `Đọc được cả ${n(collected)} phiếu.`,
    `${n(damaged)} phiếu trong hòm phiếu bị hỏng, không đọc được theo mẫu phiếu của điểm: vẫn tính là phiếu thu về nhưng không tính vào ô nào của người nào.`,
  );
  const off = tally.officials
    .map((o) => ({ o, total: big(o.high) + big(o.medium) + big(o.low) + big(o.blank) }))
    .filter(({ total }) => total !== collected)
    .map(
      ({ o, total }) =>
        `${o.code}: ${n(o.high)} + ${n(o.medium)} + ${n(o.low)} + ${n(o.blank)} = ${n(total)}`,
    );
  check(
    "marks_total",
    "Tổng số dấu của từng người bằng số phiếu thu về",
    off.length === 0,
    `Với cả ${n(tally.officials.length)} người: cao + tín nhiệm + thấp + không đánh dấu = ${n(collected)} phiếu thu về.`,
    `Tổng số dấu khác số phiếu thu về (${n(collected)}) ở ${n(off.length)} người: ${listShort(off)}.`,
  );
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------

/** DESIGN §5: fewer ballots than this at a point and its own results could reveal individual votes. */
export const DEFAULT_SMALL_POINT_THRESHOLD = 5;

export type WarningSettings = {
  /** Campaign.smallPointThreshold, in ballots; 0 turns the warning off. Default 5. */
  readonly smallPointThreshold?: number;
  /** Campaign.minTurnoutPercent: whole percent of the roster, or null for no minimum. */
  readonly minTurnoutPercent: number | null;
};

/**
 * The warnings shown at close and recorded in the minutes; they never block (DESIGN §3, §5).
 * - small_point: collected < smallPointThreshold (DESIGN §5: per-point results could reveal votes).
 * - low_turnout: collected × 100 < minTurnoutPercent × roster (QĐ 96's two-thirds presence applies
 *   to conferences; for village points the campaign may set a minimum, as a warning).
 * Shape: `closeWarnings({ roster }, { ballots }, settings)` → `[{ kind: "small_point", threshold } |
 * { kind: "low_turnout", minimumPercent }]`; "collected" is `tally.ballots`. Integers only.
 */
export function closeWarnings(
  counts: Pick<DayCounts, "roster">,
  tally: Pick<Tally, "ballots">,
  settings: WarningSettings,
): MinutesWarning[] {
  const warnings: MinutesWarning[] = [];
  const collected = big(tally.ballots);
  const threshold = settings.smallPointThreshold ?? DEFAULT_SMALL_POINT_THRESHOLD;
  if (collected < big(threshold)) warnings.push({ kind: "small_point", threshold });
  const minimum = settings.minTurnoutPercent;
  if (minimum !== null && collected * 100n < big(minimum) * big(counts.roster)) {
    warnings.push({ kind: "low_turnout", minimumPercent: minimum });
  }
  return warnings;
}
