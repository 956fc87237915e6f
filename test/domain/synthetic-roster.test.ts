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
      // The children's family name is the father's: the head's, or the husband's of a woman head.
      const family = (m: { fullName: string }) => m.fullName.split(" ")[0];
      const husband = rest.find((m) => m.relation === "Chồng");
      const father = head.gender === "Nam" ? family(head) : husband ? family(husband) : null;
      const children = rest.filter((m) => m.relation === "Con");
      for (const child of children) {
        expect((child.birthYear ?? 0) - (head.birthYear ?? 0)).toBeGreaterThanOrEqual(20);
        if (father) expect(family(child)).toBe(father);
      }
      // Brothers and sisters of the head were born after them.
      for (const sibling of rest.filter((m) => m.relation === "Em")) {
        expect(sibling.birthYear ?? 0).toBeGreaterThan(head.birthYear ?? 0);
      }
      // Children of one household share one family name.
      expect(new Set(children.map(family)).size).toBeLessThanOrEqual(1);
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
