import { describe, expect, it } from "vitest";
import {
  formatIssues,
  ScenarioSchema,
  scenarioDays,
  scenarioPointDays,
  shiftScenarioDays,
} from "../../server/domain/scenario.ts";

const officer = (name: string, role: "Tổ trưởng" | "Thư ký" | "Thành viên") => ({ name, role });

/** A one-commune campaign over two days: T1 in the `days` form (both days), T2 in the `day` form. */
function scenario() {
  return {
    campaign: {
      code: "SC-1",
      name: "Đợt thử",
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức Huyện ủy",
      district: "Huyện mẫu",
      days: ["2026-10-27", "2026-10-28"],
      onePer: "resident",
    },
    communes: [{ code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" }],
    officials: [{ code: "HQ-01", name: "Đỗ Thanh Hường", position: "Bí thư", commune: "HQ" }],
    points: [
      {
        code: "T1",
        name: "Thôn 1",
        commune: "HQ",
        roster: 10,
        officers: [officer("A", "Tổ trưởng"), officer("B", "Thư ký")],
        days: [
          { day: "2026-10-27", ballots: [{ count: 3, marks: { "HQ-01": "high" } }], voided: 1 },
          { day: "2026-10-28", ballots: [{ count: 2, marks: {} }] },
        ],
      },
      {
        code: "T2",
        name: "Thôn 2",
        commune: "HQ",
        day: "2026-10-28",
        roster: 5,
        officers: [officer("C", "Tổ trưởng"), officer("D", "Thư ký")],
        ballots: [{ count: 5, marks: { "HQ-01": "low" } }],
      },
    ],
  } as Record<string, unknown> & { points: Record<string, unknown>[]; campaign: Record<string, unknown> };
}

const problems = (value: unknown): string[] => {
  const parsed = ScenarioSchema.safeParse(value);
  return parsed.success ? [] : formatIssues(parsed.error);
};

describe("scenario days", () => {
  it("scenarioPointDays - both forms read alike, defaults applied, each day with its place in the file", () => {
    const parsed = ScenarioSchema.parse(scenario());
    const [t1, t2] = parsed.points;
    if (!t1 || !t2) throw new Error("fixture");
    expect(scenarioPointDays(t1).map((d) => [d.day, d.voided, d.ballots.length, d.at])).toEqual([
      ["2026-10-27", 1, 1, ["days", 0]],
      ["2026-10-28", 0, 1, ["days", 1]],
    ]);
    expect(scenarioPointDays(t2).map((d) => [d.day, d.voided, d.at])).toEqual([["2026-10-28", 0, []]]);
    expect(scenarioDays(parsed)).toEqual(["2026-10-27", "2026-10-28"]);
  });

  it("ScenarioSchema - a day outside the campaign, a day twice, both forms at once, or neither: refused by path", () => {
    const s = scenario();
    const [t1, t2] = s.points;
    if (!t1 || !t2) throw new Error("fixture");
    t1["days"] = [
      { day: "2026-10-27", ballots: [] },
      { day: "2026-10-27", ballots: [] },
      { day: "2026-11-01", ballots: [] },
    ];
    t2["days"] = [{ day: "2026-10-28" }];
    expect(problems(s)).toEqual([
      "points[0].days[1].day: ngày bị trùng",
      "points[0].days[2].day: not one of the campaign's days (không thuộc các ngày của đợt)",
      "points[1].days: dùng days[] hoặc day/ballots/voided, không dùng cả hai",
    ]);
    delete t2["days"];
    delete t2["day"];
    expect(problems(s)).toEqual([
      "points[0].days[1].day: ngày bị trùng",
      "points[0].days[2].day: not one of the campaign's days (không thuộc các ngày của đợt)",
      "points[1].day: cần ngày lấy phiếu của điểm (day, hoặc days[] cho nhiều ngày)",
    ]);
  });

  it("ScenarioSchema - the roster must hold every day's ballots and voided tickets together (one check-in per resident), named where the count goes past it", () => {
    const s = scenario();
    const [t1, t2] = s.points;
    if (!t1 || !t2) throw new Error("fixture");
    t1["roster"] = 5; // 3 + 1 voided on day 1 (4), then 2 ballots on day 2: 6
    expect(problems(s)).toEqual([
      "points[0].days[1].ballots: số phiếu (mọi ngày của điểm cộng lại) là 5 thu về + 1 không thu về = 6, vượt số người trong danh sách của điểm (roster: 5)",
    ]);
    t1["roster"] = 3; // day 1's 3 ballots fit; its voided ticket does not
    expect(problems(s)).toEqual([
      "points[0].days[0].voided: số phiếu (mọi ngày của điểm cộng lại) là 5 thu về + 1 không thu về = 6, vượt số người trong danh sách của điểm (roster: 3)",
    ]);
    t1["roster"] = 10;
    t2["roster"] = 4; // the one-day form: 5 ballots
    expect(problems(s)).toEqual([
      "points[1].ballots: số phiếu là 5 thu về + 0 không thu về = 5, vượt số người trong danh sách của điểm (roster: 4)",
    ]);
  });

  it("ScenarioSchema - a mark for an official not on the point's ballot names the day's ballot group", () => {
    const s = scenario();
    const [t1] = s.points;
    if (!t1) throw new Error("fixture");
    t1["days"] = [{ day: "2026-10-28", ballots: [{ count: 1, marks: { "HT-09": "high" } }] }];
    expect(problems(s)).toEqual([
      "points[0].days[0].ballots[0].marks.HT-09: người này không có trên phiếu của điểm",
    ]);
  });

  it("ScenarioSchema - requiredSigners: each point needs that many officers, a Tổ trưởng among them", () => {
    const s = scenario();
    s.campaign["requiredSigners"] = 3;
    const [t1, t2] = s.points;
    if (!t1 || !t2) throw new Error("fixture");
    t1["officers"] = [officer("A", "Thư ký"), officer("B", "Thư ký"), officer("E", "Thành viên")];
    expect(problems(s)).toEqual([
      "points[0].officers: tổ công tác cần một Tổ trưởng (người ký biên bản đầu tiên)",
      "points[1].officers: cần ít nhất 3 cán bộ tổ công tác để ký biên bản",
    ]);
  });

  it("shiftScenarioDays - moves the days of both forms by the same amount", () => {
    const shifted = shiftScenarioDays(ScenarioSchema.parse(scenario()), "2026-11-22");
    expect(shifted.campaign.days).toEqual(["2026-11-22", "2026-11-23"]);
    expect(scenarioDays(shifted)).toEqual(["2026-11-22", "2026-11-23"]);
    expect(shifted.points[1]?.day).toBe("2026-11-23");
    expect(shifted.points[0]?.days?.map((d) => d.day)).toEqual(["2026-11-22", "2026-11-23"]);
  });
});
