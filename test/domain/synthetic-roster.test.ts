import { describe, expect, it } from "vitest";
import { latestAdultBirthYear } from "../../server/domain/calendar.ts";
import { synthesizeRoster } from "../../server/domain/synthetic-roster.ts";

describe("synthesizeRoster (demo and simulator residents)", () => {
  const day = "2026-10-27";
  const roster = () =>
    synthesizeRoster({
      pointCode: "HQ-T1",
      village: "Thôn 1",
      size: 2000,
      onePer: "resident",
      firstVotingDay: day,
      usedCccd: new Set(),
    });
  const entries = roster();
  const households = Map.groupBy(entries, (e) => e.householdCode ?? "");

  it("synthesizeRoster - households an officer would believe: one head, at most one spouse of the other sex and a near age, children 18+ years younger with the father's family name", () => {
    expect(entries).toHaveLength(2000);
    for (const members of households.values()) {
      const [head, ...rest] = members;
      if (!head) throw new Error("empty household");
      expect(head.relation).toBe("Chủ hộ");
      const spouses = rest.filter((m) => m.relation === "Vợ" || m.relation === "Chồng");
      expect(spouses.length).toBeLessThanOrEqual(1);
      for (const s of spouses) {
        expect(s.gender).not.toBe(head.gender);
        expect(Math.abs((s.birthYear ?? 0) - (head.birthYear ?? 0))).toBeLessThanOrEqual(6);
      }
      for (const child of rest.filter((m) => m.relation === "Con")) {
        expect((child.birthYear ?? 0) - (head.birthYear ?? 0)).toBeGreaterThanOrEqual(18);
        if (head.gender === "Nam") expect(child.fullName.split(" ")[0]).toBe(head.fullName.split(" ")[0]);
      }
      expect(rest.every((m) => ["Vợ", "Chồng", "Con", "Em"].includes(m.relation ?? ""))).toBe(true);
    }
    // Some of each kind, so the rules above were exercised.
    const relations = new Set(entries.map((e) => e.relation));
    for (const r of ["Chủ hộ", "Vợ", "Chồng", "Con"]) expect(relations.has(r)).toBe(true);
  });

  it("synthesizeRoster - every resident is of voting age on the first day, every CCCD unique, the same roster for the same point", () => {
    expect(entries.every((e) => (e.birthYear ?? 0) <= latestAdultBirthYear(day))).toBe(true);
    expect(new Set(entries.map((e) => e.cccd)).size).toBe(entries.length);
    expect(roster()).toEqual(entries);
  });
});
