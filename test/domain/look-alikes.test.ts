import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findLookAlikes, type LookAlikeCandidate, mayBeSamePerson } from "../../server/domain/roster.ts";

/** The definition: every pair compared, groups joined by any alike pair (what findLookAlikes must equal). */
function naiveLookAlikes<T extends LookAlikeCandidate>(entries: readonly T[]): T[][] {
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i] as number));
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (mayBeSamePerson(entries[i] as T, entries[j] as T)) {
        const a = root(i);
        const b = root(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, T[]>();
  entries.forEach((e, i) => {
    groups.set(root(i), [...(groups.get(root(i)) ?? []), e]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

type Row = LookAlikeCandidate & { row: number };

// Few values per field, so that look-alikes are common: tone placement variants, dates in two years.
const candidate = fc.record({
  fullName: fc.constantFrom("Nguyễn Thị Thuý", "Nguyễn Thị Thúy", "Nguyễn Thị Thủy", "Lê Văn Hoà"),
  birth: fc.constantFrom(
    { birthYear: 1980, birthDate: null },
    { birthYear: 1980, birthDate: "1980-05-01" },
    { birthYear: 1980, birthDate: "1980-06-02" },
    { birthYear: 1981, birthDate: null },
  ),
  householdCode: fc.constantFrom("ĐT-012", "dt-012", "HQ-1", null),
  cccd: fc.constantFrom(null, null, "001080000001", "001080000002"),
});

describe("findLookAlikes (issue #14 duplicates without CCCD)", () => {
  it("findLookAlikes - the same groups, in the same order, as comparing every pair", () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 40 }), (drawn) => {
        const rows: Row[] = drawn.map((d, i) => ({
          row: i + 2,
          fullName: d.fullName,
          birthYear: d.birth.birthYear,
          birthDate: d.birth.birthDate,
          householdCode: d.householdCode,
          cccd: d.cccd,
        }));
        const rowsOf = (groups: Row[][]) => groups.map((g) => g.map((e) => e.row));
        expect(rowsOf(findLookAlikes(rows))).toEqual(rowsOf(naiveLookAlikes(rows)));
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });

  it("findLookAlikes - 50,000 identical rows are one group, and 50,000 rows with one name and different CCCDs are none", () => {
    const same = Array.from({ length: 50_000 }, (_, i) => ({
      row: i + 2,
      fullName: "Nguyễn Văn An",
      birthYear: 1970,
      birthDate: null,
      householdCode: "HQ-1",
      cccd: null,
    }));
    const groups = findLookAlikes(same);
    expect(groups.length).toBe(1);
    expect(groups[0]?.length).toBe(50_000);
    const distinct = same.map((e, i) => ({ ...e, cccd: String(100_000_000_000 + i) }));
    expect(findLookAlikes(distinct)).toEqual([]);
  });
});
