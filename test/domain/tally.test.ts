import { describe, expect, it } from "vitest";
import type { Band } from "../../server/domain/format.ts";
import {
  type BallotOfficial,
  type CheckId,
  closeWarnings,
  type DayCounts,
  evaluateTally,
  reconcile,
  type Tally,
  tallyBallots,
  type WarningSettings,
} from "../../server/domain/tally.ts";
import { type BuiltInRuleSetId, RULE_SETS } from "../../server/domain/threshold.ts";

const CODES = ["CT", "PCT", "CHT"] as const;
const BALLOT: BallotOfficial[] = [
  { code: "CT", name: "Nguyễn Văn Ấn", position: "Chủ tịch UBND xã" },
  { code: "PCT", name: "Trần Thị Bích Ngọc", position: "Phó Chủ tịch UBND xã" },
  { code: "CHT", name: "Lê Quốc Hưng", position: "Chỉ huy trưởng Ban Chỉ huy Quân sự xã" },
];

/** Ballots as groups: `["HM_", 3]` is three ballots marked high, medium, blank. */
const rows = (...groups: [string, number][]): string[] =>
  groups.flatMap(([text, count]) => Array.from({ length: count }, () => text));

const mustTally = (codes: readonly string[], encoded: readonly string[]): Tally => {
  const result = tallyBallots(codes, encoded);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

/** One official on the ballot, `low` of `collected` rows marked low and the rest high. */
const oneOfficial = (collected: number, low: number, blank = 0): Tally =>
  mustTally(["CT"], rows(["L", low], ["_", blank], ["H", collected - low - blank]));

// ---------------------------------------------------------------------------------------------
// tallyBallots
// ---------------------------------------------------------------------------------------------

describe("tallyBallots", () => {
  type Row = [string, string[], Omit<Tally, "officials">, [number, number, number, number][]];
  const cases: Row[] = [
    [
      "no ballots",
      [],
      { ballots: 0, damaged: 0 },
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    ],
    [
      "every level and blank rows, per official in ballot order",
      rows(["HML", 2], ["MM_", 1], ["__L", 1], ["LHH", 3]),
      { ballots: 7, damaged: 0 },
      [
        [2, 1, 3, 1],
        [3, 3, 0, 1],
        [3, 0, 3, 1],
      ],
    ],
    [
      "damaged rows are counted and left out of every official's marks",
      rows(["HML", 3], ["HM", 1], ["HMX", 1], ["...", 1], ["hml", 1], ["HMLL", 1], ["", 1]),
      { ballots: 9, damaged: 6 },
      [
        [3, 0, 0, 0],
        [0, 3, 0, 0],
        [0, 0, 3, 0],
      ],
    ],
    [
      "every row damaged",
      rows(["?", 4]),
      { ballots: 4, damaged: 4 },
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    ],
  ];

  it.each(cases)("tallyBallots - %s", (_name, encoded, totals, marks) => {
    const tally = mustTally(CODES, encoded);
    expect(tally).toEqual({
      ...totals,
      officials: CODES.map((code, i) => {
        const [high, medium, low, blank] = marks[i] ?? [];
        return { code, high, medium, low, blank };
      }),
    });
  });

  it("tallyBallots - the order of the rows changes nothing", () => {
    const encoded = rows(["HML", 5], ["M_L", 3], ["LLL", 2], ["X", 1]);
    const reversed = [...encoded].reverse();
    const interleaved = [...encoded.filter((_, i) => i % 2 === 1), ...encoded.filter((_, i) => i % 2 === 0)];
    expect(mustTally(CODES, reversed)).toEqual(mustTally(CODES, encoded));
    expect(mustTally(CODES, interleaved)).toEqual(mustTally(CODES, encoded));
  });

  it.each([
    ["an empty ballot", [], "empty_ballot"],
    ["an official twice", ["CT", "PCT", "CT"], "duplicate_official"],
  ])("tallyBallots - %s is refused", (_name, codes, code) => {
    const result = tallyBallots(codes, []);
    expect(result.ok ? null : result.error.code).toBe(code);
  });
});

// ---------------------------------------------------------------------------------------------
// evaluateTally
// ---------------------------------------------------------------------------------------------

describe("evaluateTally", () => {
  const official: BallotOfficial[] = [{ code: "CT", name: "Nguyễn Văn Ấn", position: "Chủ tịch UBND xã" }];
  const counts = (collected: number) => ({ roster: collected + 10, issued: collected });

  type Row = [string, BuiltInRuleSetId, Tally, { roster: number; issued: number }, number, Band];
  const cases: Row[] = [
    ["exactly half is not over half", "qd96-2023", oneOfficial(30, 15), counts(30), 30, "none"],
    ["one above half is over half", "qd96-2023", oneOfficial(31, 16), counts(31), 31, "over_half"],
    ["one below two-thirds is over half", "qd96-2023", oneOfficial(30, 19), counts(30), 30, "over_half"],
    ["exactly two-thirds is two-thirds", "qd96-2023", oneOfficial(30, 20), counts(30), 30, "two_thirds"],
    ["everything low", "qd96-2023", oneOfficial(7, 7), counts(7), 7, "two_thirds"],
    ["zero collected is no_votes", "qd96-2023", oneOfficial(0, 0), { roster: 40, issued: 3 }, 0, "no_votes"],
    ["blank rows stay in the collected base", "qd96-2023", oneOfficial(30, 15, 10), counts(30), 30, "none"],
    [
      "the roster base under NQ 85: 20 low of 40 on the roster is exactly half",
      "nq85-2014",
      oneOfficial(30, 20),
      { roster: 40, issued: 30 },
      40,
      "none",
    ],
    [
      "more issued than on the roster still gives a band",
      "qd96-2023",
      oneOfficial(30, 16),
      { roster: 20, issued: 30 },
      30,
      "over_half",
    ],
    [
      "more collected than issued still gives a band",
      "qd96-2023",
      oneOfficial(30, 20),
      { roster: 40, issued: 25 },
      30,
      "two_thirds",
    ],
  ];

  it.each(cases)("evaluateTally - %s", (_name, id, tally, dayCounts, denominator, band) => {
    const result = evaluateTally(tally, dayCounts, RULE_SETS[id], official);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [only] = result.value;
    expect(only).toMatchObject({ ...official[0], denominator, band });
    expect(only).toMatchObject(tally.officials[0] ?? {});
  });

  it("evaluateTally - the valid base leaves blank rows out", () => {
    // 15 low of 20 valid marks (10 blank): 3·15 ≥ 2·20 under the valid base.
    const custom = { ...RULE_SETS["qd96-2023"], id: "custom-valid", denominator: "valid" as const };
    const result = evaluateTally(oneOfficial(30, 15, 10), counts(30), custom, official);
    expect(result.ok && result.value[0]).toMatchObject({ denominator: 20, band: "two_thirds" });
  });

  it("evaluateTally - damaged rows weigh as invalid rows but are not printed as blank", () => {
    // 10 ballots, 2 damaged; 5 of the 8 readable are low. Collected base 10: 2·5 = 10, not over half.
    const tally = mustTally(["CT"], rows(["L", 5], ["H", 2], ["_", 1], ["bad", 2]));
    const collected = evaluateTally(tally, counts(10), RULE_SETS["qd96-2023"], official);
    expect(collected.ok && collected.value[0]).toMatchObject({
      high: 2,
      medium: 0,
      low: 5,
      blank: 1,
      denominator: 10,
      band: "none",
    });
    // Valid base: 7 valid marks, 5 low: 3·5 ≥ 2·7.
    const valid = { ...RULE_SETS["qd96-2023"], id: "custom-valid", denominator: "valid" as const };
    const result = evaluateTally(tally, counts(10), valid, official);
    expect(result.ok && result.value[0]).toMatchObject({ blank: 1, denominator: 7, band: "two_thirds" });
  });

  it("evaluateTally - three officials in ballot order with names and positions", () => {
    const tally = mustTally(CODES, rows(["HLL", 10], ["MLH", 10], ["H_L", 10]));
    const result = evaluateTally(tally, { roster: 40, issued: 32 }, RULE_SETS["qd96-2023"], BALLOT);
    expect(result).toEqual({
      ok: true,
      value: [
        { ...BALLOT[0], high: 20, medium: 10, low: 0, blank: 0, denominator: 30, band: "none" },
        { ...BALLOT[1], high: 0, medium: 0, low: 20, blank: 10, denominator: 30, band: "two_thirds" },
        { ...BALLOT[2], high: 10, medium: 0, low: 20, blank: 0, denominator: 30, band: "two_thirds" },
      ],
    });
  });

  it.each([
    ["a ballot naming other officials", BALLOT.slice(1), "ballot_mismatch"],
    ["a ballot in another order", [BALLOT[1], BALLOT[0], BALLOT[2]] as BallotOfficial[], "ballot_mismatch"],
  ])("evaluateTally - %s is refused", (_name, ballot, code) => {
    const tally = mustTally(CODES, rows(["HHH", 3]));
    const result = evaluateTally(tally, { roster: 5, issued: 3 }, RULE_SETS["qd96-2023"], ballot);
    expect(result.ok ? null : result.error.code).toBe(code);
  });

  it("evaluateTally - a count the engine cannot use is refused with the official's name", () => {
    const result = evaluateTally(
      oneOfficial(3, 1),
      { roster: -1, issued: 3 },
      RULE_SETS["qd96-2023"],
      official,
    );
    expect(result.ok ? null : result.error).toMatchObject({
      code: "count_negative",
      message: expect.stringMatching(/^Nguyễn Văn Ấn: /),
    });
  });
});

// ---------------------------------------------------------------------------------------------
// reconcile
// ---------------------------------------------------------------------------------------------

/** A clean day: 120 on the roster, 100 checked in and issued, 98 cast, 2 voided, no restart. */
const CLEAN: DayCounts = {
  roster: 120,
  checkIns: 100,
  issued: 100,
  reissued: 0,
  collected: 98,
  voided: 2,
  lost: 0,
};
const cleanBallots = (count = 98): string[] => rows(["HML", count]);

describe("reconcile", () => {
  type Row = [string, Partial<DayCounts>, string[], CheckId[]];
  const cases: Row[] = [
    ["a clean day", {}, cleanBallots(), []],
    ["nobody came", { checkIns: 0, issued: 0, collected: 0, voided: 0 }, [], []],
    [
      "a restart lost 3 tickets, 2 re-issued",
      { issued: 100, reissued: 2, collected: 96, voided: 3, lost: 3 },
      cleanBallots(96),
      [],
    ],
    ["issued differs from check-ins", { checkIns: 101 }, cleanBallots(), ["issued_check_ins"]],
    ["more issued than on the roster", { roster: 99 }, cleanBallots(), ["issued_within_roster"]],
    [
      "more ballots than tickets",
      { collected: 101, voided: 0 },
      cleanBallots(101),
      ["collected_within_tickets", "tickets_balance"],
    ],
    [
      "more re-issued than lost",
      { reissued: 3, lost: 2, collected: 96, voided: 5 },
      cleanBallots(96),
      ["reissued_within_lost"],
    ],
    ["a lost ticket nobody accounted for", { voided: 1 }, cleanBallots(), ["tickets_balance"]],
    [
      "the box holds fewer rows than its counter",
      { collected: 98 },
      cleanBallots(97),
      ["tickets_balance", "ballots_stored"],
    ],
    ["damaged rows", {}, [...cleanBallots(96), "HM", "H?L"], ["ballots_readable", "marks_total"]],
  ];

  it.each(cases)("reconcile - %s", (_name, change, encoded, failing) => {
    const checks = reconcile({ ...CLEAN, ...change }, mustTally(CODES, encoded));
    expect(checks.map((c) => c.id)).toEqual([
      "issued_check_ins",
      "issued_within_roster",
      "collected_within_tickets",
      "reissued_within_lost",
      "tickets_balance",
      "ballots_stored",
      "ballots_readable",
      "marks_total",
    ]);
    expect(checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(failing);
    for (const c of checks) {
      expect(c.label.length).toBeGreaterThan(0);
      expect(c.detail).toMatch(/\d/);
      expect(c.label + c.detail).toBe((c.label + c.detail).normalize("NFC"));
    }
  });

  it("reconcile - details give the numbers, thousands with a dot", () => {
    const counts: DayCounts = {
      roster: 1523,
      checkIns: 1472,
      issued: 1472,
      reissued: 2,
      collected: 1458,
      voided: 13,
      lost: 3,
    };
    const checks = reconcile(counts, mustTally(["CT"], rows(["H", 1457], ["x", 1])));
    const detail = (id: CheckId) => checks.find((c) => c.id === id)?.detail;
    expect(detail("tickets_balance")).toBe("1.472 + 2 − 1.458 = 16 = 13 không thu về + 3 bị mất.");
    expect(detail("ballots_readable")).toMatch(/^1 phiếu trong hòm phiếu bị hỏng/);
    expect(detail("marks_total")).toBe(
      "Tổng số dấu khác số phiếu thu về (1.458) ở 1 người: CT: 1.457 + 0 + 0 + 0 = 1.457.",
    );
  });

  it("reconcile - sums beyond 2^53 are exact", () => {
    // issued + reissued = 2^53 + 1 and voided + lost = 2^53: equal as doubles, not as integers.
    const max = Number.MAX_SAFE_INTEGER;
    const counts: DayCounts = {
      roster: max,
      checkIns: max,
      issued: max,
      reissued: 2,
      collected: 0,
      voided: max - 1,
      lost: 2,
    };
    const checks = reconcile(counts, { ballots: 0, damaged: 0, officials: [] });
    expect(checks.find((c) => c.id === "tickets_balance")?.ok).toBe(false);
  });

  it("reconcile - a failed check does not stop the bands", () => {
    const counts = { ...CLEAN, checkIns: 90, roster: 80 };
    const tally = mustTally(CODES, rows(["HLL", 50], ["MHL", 48]));
    expect(
      reconcile(counts, tally)
        .filter((c) => !c.ok)
        .map((c) => c.id),
    ).toEqual(["issued_check_ins", "issued_within_roster"]);
    const result = evaluateTally(tally, counts, RULE_SETS["qd96-2023"], BALLOT);
    expect(result.ok && result.value.map((o) => o.band)).toEqual(["none", "over_half", "two_thirds"]);
  });
});

// ---------------------------------------------------------------------------------------------
// closeWarnings
// ---------------------------------------------------------------------------------------------

describe("closeWarnings", () => {
  type Row = [string, number, number, WarningSettings, ReturnType<typeof closeWarnings>];
  const none: WarningSettings = { minTurnoutPercent: null };
  const cases: Row[] = [
    ["4 ballots under the default limit of 5", 100, 4, none, [{ kind: "small_point", threshold: 5 }]],
    ["5 ballots meet the default limit", 100, 5, none, []],
    ["nothing collected is a small point", 100, 0, none, [{ kind: "small_point", threshold: 5 }]],
    [
      "a campaign limit of 10",
      100,
      9,
      { smallPointThreshold: 10, minTurnoutPercent: null },
      [{ kind: "small_point", threshold: 10 }],
    ],
    ["a limit of 0 never warns", 100, 0, { smallPointThreshold: 0, minTurnoutPercent: null }, []],
    [
      "turnout 59% under a 60% minimum",
      100,
      59,
      { minTurnoutPercent: 60 },
      [{ kind: "low_turnout", minimumPercent: 60 }],
    ],
    ["turnout exactly 60% meets a 60% minimum", 100, 60, { minTurnoutPercent: 60 }, []],
    [
      "2 of 3 is under 67%",
      3,
      2,
      { smallPointThreshold: 0, minTurnoutPercent: 67 },
      [{ kind: "low_turnout", minimumPercent: 67 }],
    ],
    ["2 of 3 meets 66%", 3, 2, { smallPointThreshold: 0, minTurnoutPercent: 66 }, []],
    ["no minimum set", 100, 10, none, []],
    [
      "an empty roster has no turnout to fall short",
      0,
      0,
      { smallPointThreshold: 0, minTurnoutPercent: 50 },
      [],
    ],
    [
      "both at once",
      200,
      3,
      { minTurnoutPercent: 50 },
      [
        { kind: "small_point", threshold: 5 },
        { kind: "low_turnout", minimumPercent: 50 },
      ],
    ],
  ];

  it.each(cases)("closeWarnings - %s", (_name, roster, ballots, settings, expected) => {
    expect(closeWarnings({ roster }, { ballots }, settings)).toEqual(expected);
  });
});
