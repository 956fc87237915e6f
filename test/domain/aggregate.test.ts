import { describe, expect, it } from "vitest";
import {
  type AggregateInput,
  aggregate,
  filterAggregate,
  issuerOf,
  type PointDayInput,
  resultsDocument,
  resultsStatusLabel,
  teamIssuerOf,
} from "../../server/domain/aggregate.ts";
import type { MinutesDocument } from "../../server/domain/minutes-document.ts";
import { evaluate, RULE_SETS, type RuleSet } from "../../server/domain/threshold.ts";

const QD96 = RULE_SETS["qd96-2023"];
const NQ85 = RULE_SETS["nq85-2014"];

type Marks = readonly [high: number, medium: number, low: number, blank: number];
type PointSpec = {
  code: string;
  commune: string;
  day?: string;
  roster: number;
  /** Per official on the ballot: [high, medium, low, blank]; collected is their sum. */
  marks: Record<string, Marks>;
  state?: "verified" | "discrepant" | "signed" | "unsigned" | "not_opened";
  excused?: string;
  /** The same point on two days shares its id. */
  pointId?: number;
};

const DAY = "2026-10-27";

/** A point-day's stored minutes, as the close would have built them under `ruleSet`. */
function pointDay(spec: PointSpec, ruleSet: RuleSet = QD96, id = 1): PointDayInput {
  const state = spec.state ?? "verified";
  const first = Object.values(spec.marks)[0] ?? [0, 0, 0, 0];
  const collected = first[0] + first[1] + first[2] + first[3];
  const officials = Object.entries(spec.marks).map(([code, [high, medium, low, blank]]) => {
    const e = evaluate(ruleSet, { roster: spec.roster, collected, high, medium, low, blank });
    if (!e.ok) throw new Error(e.error.message);
    return {
      code,
      name: code,
      position: "Cán bộ",
      high,
      medium,
      low,
      blank,
      denominator: e.value.denominator,
      band: e.value.band,
    };
  });
  const signatures =
    state === "unsigned"
      ? []
      : [
          { officer: "a-1", publicKey: "k", signature: "s" },
          { officer: "a-2", publicKey: "k", signature: "s" },
        ];
  const document = {
    counts: { roster: spec.roster, issued: collected, collected, notCollected: 0 },
    officials,
    signatures,
  } as unknown as MinutesDocument;
  return {
    pointId: id,
    point: { code: spec.code, name: `Thôn ${spec.code}`, commune: spec.commune },
    day: spec.day ?? DAY,
    status: state === "not_opened" ? "not_opened" : "closed",
    roster: spec.roster,
    issued: collected,
    collected,
    minutes:
      state === "not_opened"
        ? null
        : {
            document,
            digest: "d".repeat(64),
            complete: state !== "unsigned",
            verification:
              state === "verified" || state === "discrepant"
                ? {
                    outcome: state,
                    failedCheck: state === "discrepant" ? "ballots" : null,
                    detail: state === "discrepant" ? "Phiếu đã bị sửa." : "Khớp.",
                    checkedAt: "2026-10-27T12:00:00.000Z",
                  }
                : null,
          },
    excusal: spec.excused ? { reason: spec.excused, by: "bantochuc", at: "2026-10-28T01:00:00.000Z" } : null,
  };
}

function input(points: readonly PointSpec[], ruleSet: RuleSet = QD96): AggregateInput {
  return {
    campaign: { code: "C", name: "Đợt thử", aggregator: "Ban Tổ chức Huyện ủy" },
    ruleSet,
    communes: [
      { code: "A", name: "Xã A", mergedInto: "Xã Mới 1" },
      { code: "B", name: "Xã B", mergedInto: "Xã Mới 1" },
      { code: "C", name: "Xã C", mergedInto: "Xã Mới 2" },
    ],
    officials: [
      { code: "X", name: "Người X", position: "Bí thư", commune: "A" },
      { code: "Y", name: "Người Y", position: "Chủ tịch", commune: "B" },
      { code: "Z", name: "Người Z", position: "Phó Chủ tịch", commune: "C" },
    ],
    pointDays: points.map((p, i) => pointDay(p, ruleSet, p.pointId ?? i + 1)),
    requiredSigners: 2,
  };
}

const official = (points: readonly PointSpec[], code: string, ruleSet?: RuleSet) => {
  const found = aggregate(input(points, ruleSet)).officials.find((o) => o.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};

describe("aggregate (issue #11 §3)", () => {
  it("aggregate - an official rated by points of two old communes is summed over both", () => {
    const o = official(
      [
        { code: "A1", commune: "A", roster: 10, marks: { X: [2, 1, 1, 0] } },
        { code: "B1", commune: "B", roster: 10, marks: { Y: [1, 1, 1, 0], X: [0, 0, 2, 1] } },
      ],
      "X",
    );
    expect(o).toMatchObject({
      points: 2,
      collected: 7,
      high: 2,
      medium: 1,
      low: 3,
      blank: 1,
      valid: 6,
      denominator: 7,
    });
    expect(o.contributions.map((c) => [c.point, c.commune])).toEqual([
      ["A1", "A"],
      ["B1", "B"],
    ]);
  });

  it.each([
    // [name, points marks for X, expected aggregate band, single-point bands]
    [
      "two-thirds at one point, none at another → none",
      [
        [0, 0, 3, 0],
        [4, 0, 0, 0],
      ],
      "none",
      ["two_thirds", "none"],
    ],
    [
      "two-thirds at one point, none at another → over half",
      [
        [0, 0, 2, 0],
        [2, 0, 1, 0],
      ],
      "over_half",
      ["two_thirds", "none"],
    ],
    [
      "over half at one point, two-thirds at another → two-thirds",
      [
        [2, 0, 3, 0],
        [0, 0, 2, 0],
      ],
      "two_thirds",
      ["over_half", "two_thirds"],
    ],
  ] as const)(
    "aggregate - the band of the aggregate differs from single points' bands: %s",
    (_, marks, band, single) => {
      const o = official(
        marks.map((m, i) => ({ code: `P${i}`, commune: "A", roster: 10, marks: { X: m } })),
        "X",
      );
      expect(o.band).toBe(band);
      expect(o.contributions.map((c) => c.band)).toEqual(single);
    },
  );

  it("aggregate - exactly half in the aggregate is not over half; exactly two-thirds is two-thirds", () => {
    // 3 of 4 and 0 of 2: 3 of 6, exactly half.
    const half = official(
      [
        { code: "P1", commune: "A", roster: 9, marks: { X: [0, 1, 3, 0] } },
        { code: "P2", commune: "A", roster: 9, marks: { X: [2, 0, 0, 0] } },
      ],
      "X",
    );
    expect([half.low, half.denominator, half.band, half.percent.low]).toEqual([3, 6, "none", "50,00"]);
    // 1 of 2 and 3 of 4: 4 of 6, exactly two-thirds.
    const twoThirds = official(
      [
        { code: "P1", commune: "A", roster: 9, marks: { X: [1, 0, 1, 0] } },
        { code: "P2", commune: "A", roster: 9, marks: { X: [0, 0, 3, 1] } },
      ],
      "X",
    );
    expect([twoThirds.low, twoThirds.denominator, twoThirds.band, twoThirds.percent.low]).toEqual([
      4,
      6,
      "two_thirds",
      "66,67",
    ]);
    expect(twoThirds.consequence).toBe(QD96.consequences.two_thirds);
  });

  it("aggregate - a rule set whose base is the roster: each point's roster counted once, even over two days", () => {
    const o = official(
      [
        { code: "P1", pointId: 1, commune: "A", roster: 10, marks: { X: [0, 0, 4, 0] } },
        { code: "P1", pointId: 1, commune: "A", day: "2026-10-28", roster: 10, marks: { X: [0, 0, 2, 0] } },
        { code: "P2", pointId: 2, commune: "A", roster: 8, marks: { X: [1, 0, 3, 0] } },
      ],
      "X",
      NQ85,
    );
    // Rosters 10 (P1, once) + 8 = 18; 9 low of 18 is exactly half → none under NQ 85.
    expect([o.points, o.collected, o.low, o.denominator, o.band]).toEqual([2, 10, 9, 18, "none"]);
    expect(o.percent.low).toBe("50,00");
  });

  it("aggregate - discrepant, signed-not-checked, unsigned and not-opened point-days are missing with their reasons, never summed", () => {
    const a = aggregate(
      input([
        { code: "OK", commune: "A", roster: 5, marks: { X: [1, 1, 1, 0] } },
        { code: "BAD", commune: "A", roster: 5, marks: { X: [0, 0, 3, 0] }, state: "discrepant" },
        { code: "NEW", commune: "A", roster: 5, marks: { X: [0, 0, 3, 0] }, state: "signed" },
        { code: "HALF", commune: "A", roster: 5, marks: { X: [0, 0, 3, 0] }, state: "unsigned" },
        { code: "LATE", commune: "A", roster: 5, marks: {}, state: "not_opened" },
      ]),
    );
    expect(a.officials.find((o) => o.code === "X")).toMatchObject({ points: 1, collected: 3, low: 1 });
    expect(a.missing.map((p) => [p.code, p.state])).toEqual([
      ["BAD", "discrepant"],
      ["HALF", "unsigned"],
      ["LATE", "not_opened"],
      ["NEW", "signed"],
    ]);
    expect(a.missing.find((p) => p.code === "BAD")?.reason).toBe(
      "Có sai lệch — Cam kết phiếu trong hòm phiếu: Phiếu đã bị sửa.",
    );
    expect(a.missing.find((p) => p.code === "HALF")?.reason).toContain("chưa đủ chữ ký");
    expect(a.complete).toBe(false);
  });

  it("aggregate - an excused point-day stays out of the totals, with the board's reason; excusing every missing one makes the aggregate complete", () => {
    const a = aggregate(
      input([
        { code: "OK", commune: "A", roster: 5, marks: { X: [1, 1, 1, 0] } },
        {
          code: "LATE",
          commune: "A",
          roster: 5,
          marks: {},
          state: "not_opened",
          excused: "Thôn bị ngập lụt",
        },
      ]),
    );
    expect(a.complete).toBe(true);
    expect(a.missing).toHaveLength(1);
    expect(a.missing[0]?.reason).toBe(
      "Ban Tổ chức cho phép không tính: Thôn bị ngập lụt (Điểm chưa mở trong ngày này.)",
    );
    expect(a.officials.find((o) => o.code === "X")?.points).toBe(1);
  });

  it("aggregate - a point-day the board left out stays out even with verified minutes (the excusal is final)", () => {
    const a = aggregate(
      input([
        { code: "OK", commune: "A", roster: 5, marks: { X: [1, 1, 1, 0] } },
        {
          code: "BAD",
          commune: "A",
          roster: 5,
          marks: { X: [0, 0, 4, 0] },
          excused: "Hòm phiếu bị nghi ngờ",
        },
      ]),
    );
    const x = a.officials.find((o) => o.code === "X");
    expect(x?.points).toBe(1);
    expect(x?.low).toBe(1);
    expect(a.pointDays.find((p) => p.code === "BAD")).toMatchObject({ state: "verified", verified: false });
    expect(a.missing.map((m) => [m.code, m.reason])).toEqual([
      ["BAD", "Ban Tổ chức cho phép không tính: Hòm phiếu bị nghi ngờ (Biên bản đã được kiểm tra.)"],
    ]);
    expect(a.complete).toBe(true);
  });

  it("aggregate - unreadable rows at a point weigh as blank for every official: valid + blank = collected", () => {
    const spec = pointDay({ code: "P", commune: "A", roster: 9, marks: { X: [1, 1, 1, 0] } });
    if (!spec.minutes) throw new Error("no minutes");
    const doc = spec.minutes.document;
    // 4 collected, one of them damaged: its marks are nobody's (tally.ts).
    const damaged = { ...doc, counts: { ...doc.counts, collected: 4 } } as MinutesDocument;
    const a = aggregate({
      ...input([]),
      pointDays: [{ ...spec, minutes: { ...spec.minutes, document: damaged } }],
    });
    expect(a.officials.find((o) => o.code === "X")).toMatchObject({
      collected: 4,
      valid: 3,
      blank: 1,
      denominator: 4,
    });
  });

  it("resultsDocument - exactly the contract's members; integers; percentages as vi-VN strings, null when the denominator is 0", () => {
    const doc = resultsDocument(
      aggregate(input([{ code: "P", commune: "A", roster: 60, marks: { X: [25, 0, 24, 0] } }])),
    );
    expect(Object.keys(doc)).toEqual(["version", "campaign", "ruleSet", "officials", "points", "missing"]);
    expect(doc.ruleSet).toEqual({
      id: "qd96-2023",
      denominator: "collected",
      source: "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị",
    });
    expect(doc.officials[0]).toEqual({
      code: "X",
      name: "Người X",
      position: "Bí thư",
      commune: "A",
      points: 1,
      collected: 49,
      valid: 49,
      blank: 0,
      high: 25,
      medium: 0,
      low: 24,
      denominator: 49,
      band: "none",
      percent: { high: "51,02", medium: "0,00", low: "48,98" },
    });
    expect(doc.officials[1]).toMatchObject({
      code: "Y",
      denominator: 0,
      band: "no_votes",
      percent: { high: null, medium: null, low: null },
    });
    expect(doc.points).toEqual([
      {
        code: "P",
        day: DAY,
        state: "verified",
        roster: 60,
        issued: 49,
        collected: 49,
        minutesDigest: "d".repeat(64),
        verified: true,
      },
    ]);
  });

  it("filterAggregate - by new commune and by old commune; an official's totals stay over every point", () => {
    const points: PointSpec[] = [
      { code: "A1", commune: "A", roster: 5, marks: { X: [1, 0, 0, 0] } },
      { code: "C1", commune: "C", roster: 5, marks: { Z: [1, 0, 0, 0], X: [0, 0, 1, 0] } },
    ];
    const inp = input(points);
    const a = aggregate(inp);
    const byNew = filterAggregate(a, inp.communes, { newCommune: "Xã Mới 1" });
    expect(byNew.officials.map((o) => o.code)).toEqual(["X", "Y"]);
    expect(byNew.pointDays.map((p) => p.code)).toEqual(["A1"]);
    expect(byNew.officials[0]?.collected).toBe(2);
    const byOld = filterAggregate(a, inp.communes, { commune: "C" });
    expect(byOld.officials.map((o) => o.code)).toEqual(["Z"]);
    expect(byOld.pointDays.map((p) => p.code)).toEqual(["C1"]);
  });

  it.each([
    [
      "Ban Tổ chức Huyện ủy",
      "Huyện Hương Trà",
      { superior: "Huyện ủy Hương Trà", name: "Ban Tổ chức", party: true },
      "party",
    ],
    [
      "Ban Tổ chức Huyện ủy Hương Trà",
      "Huyện Hương Trà",
      { superior: "Huyện ủy Hương Trà", name: "Ban Tổ chức", party: true },
      "party",
    ],
    [
      "Ban Tổ chức Huyện ủy (dữ liệu mẫu)",
      "Huyện Mẫu",
      { superior: "Huyện ủy Mẫu (dữ liệu mẫu)", name: "Ban Tổ chức", party: true },
      "party",
    ],
    [
      "Ban Tổ chức Thị ủy",
      "Thị xã Sơn Tây",
      { superior: "Thị ủy Sơn Tây", name: "Ban Tổ chức", party: true },
      "party",
    ],
    // A numbered district keeps its unit word: "Quận ủy Quận 1", never "Quận ủy 1".
    [
      "Ban Tổ chức Quận ủy",
      "Quận 1",
      { superior: "Quận ủy Quận 1", name: "Ban Tổ chức", party: true },
      "party",
    ],
    [
      "Sở Nội vụ tỉnh Thừa Thiên Huế",
      "Thành phố Huế",
      { superior: null, name: "Sở Nội vụ tỉnh Thừa Thiên Huế", party: false },
      "state",
    ],
    // A committee that names its own place keeps it: a city's committee running a district's
    // campaign is not renamed after the district ("Thành ủy Huế Hương Trà").
    [
      "Ban Tổ chức Thành ủy Huế",
      "Huyện Hương Trà",
      { superior: "Thành ủy Huế", name: "Ban Tổ chức", party: true },
      "party",
    ],
    // A central board is no local committee's: its name stands alone, with no district added.
    [
      "Ban Tổ chức Trung ương",
      "Huyện Hương Trà",
      { superior: null, name: "Ban Tổ chức Trung ương", party: true },
      "party",
    ],
  ] as const)("issuerOf - %s of %s", (aggregator, district, issuer, heading) => {
    expect(issuerOf(aggregator, district)).toEqual({ issuer, heading });
  });

  it("teamIssuerOf - a point's working team is not a Party body, even under a Party board: the rule, not the star", () => {
    expect(teamIssuerOf("Ban Tổ chức Huyện ủy", "Thôn 1")).toEqual({
      superior: "Ban Tổ chức Huyện ủy",
      name: "Tổ công tác Thôn 1",
      party: false,
    });
  });
});

describe("resultsStatusLabel", () => {
  it("resultsStatusLabel - while voting, every point-day verified reads as waiting for certification; one unverified keeps 'Đang lấy phiếu'; no point-day at all is not 'all verified'", () => {
    const done = "Các điểm đã kết thúc và đã kiểm tra — chờ xác nhận kết quả";
    expect(resultsStatusLabel("voting", [{ verified: true }, { verified: true }])).toBe(done);
    expect(resultsStatusLabel("voting", [{ verified: true }, { verified: false }])).toBe("Đang lấy phiếu");
    expect(resultsStatusLabel("voting", [])).toBe("Đang lấy phiếu");
    expect(resultsStatusLabel("certified", [{ verified: true }])).toBe("Đã xác nhận kết quả");
  });
});
