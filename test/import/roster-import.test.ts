import { describe, expect, it } from "vitest";
import { type RosterContext, validateRoster } from "../../server/domain/roster.ts";
import { readRosterFile } from "../../server/import/roster-file.ts";
import { importRosterFile, type RosterImportProgress } from "../../server/import/roster-import.ts";

const CONTEXT: RosterContext = { firstVotingDay: "2026-10-27", onePer: "resident", takenCccd: new Set() };

const csv = (n: number, bad: ReadonlySet<number> = new Set()): Uint8Array =>
  new TextEncoder().encode(
    [
      "Họ và tên,Năm sinh,Số CCCD",
      ...Array.from({ length: n }, (_, i) => `Người ${i + 1},${bad.has(i) ? "20x0" : 1950 + (i % 50)},`),
    ].join("\n"),
  );

describe("importRosterFile", () => {
  it("importRosterFile - reports progress after each batch and ends with every row checked", async () => {
    const progress: RosterImportProgress[] = [];
    const result = await importRosterFile(csv(2_500), "a.csv", CONTEXT, {
      batchSize: 1_000,
      onProgress: (p) => {
        progress.push(p);
      },
    });
    expect(progress).toEqual([
      { checked: 1_000, total: 2_500, badRows: 0 },
      { checked: 2_000, total: 2_500, badRows: 0 },
      { checked: 2_500, total: 2_500, badRows: 0 },
    ]);
    expect(result.ok && result.value.entries.length).toBe(2_500);
    expect(result.ok && result.value.sheet).toBeNull();
  });

  it("importRosterFile - gives the same result as reading and validating in one go", async () => {
    const bytes = csv(1_200, new Set([5, 1_150]));
    const progress: RosterImportProgress[] = [];
    const result = await importRosterFile(bytes, "a.csv", CONTEXT, {
      batchSize: 500,
      onProgress: (p) => void progress.push(p),
    });
    const table = await readRosterFile(bytes, "a.csv");
    if (!table.ok) throw new Error(table.error.message);
    expect(result).toEqual(validateRoster(table.value, CONTEXT));
    expect(progress.map((p) => p.badRows)).toEqual([1, 1, 2]);
  });

  it("importRosterFile - file-level and column errors come back without progress", async () => {
    const progress: RosterImportProgress[] = [];
    const onProgress = (p: RosterImportProgress) => void progress.push(p);
    const pdf = await importRosterFile(new TextEncoder().encode("%PDF-1.7"), "a.pdf", CONTEXT, {
      onProgress,
    });
    expect(pdf.ok ? null : "code" in pdf.error && pdf.error.code).toBe("roster_wrong_type");
    const household = await importRosterFile(
      csv(3),
      "a.csv",
      { ...CONTEXT, onePer: "household" },
      { onProgress },
    );
    expect(household.ok ? null : "code" in household.error && household.error.code).toBe(
      "roster_missing_column",
    );
    expect(progress).toEqual([]);
  });

  it("importRosterFile - a batch size below one is a bug", async () => {
    await expect(importRosterFile(csv(1), "a.csv", CONTEXT, { batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
