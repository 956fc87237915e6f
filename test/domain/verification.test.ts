import { describe, expect, it } from "vitest";
import type { MinutesOfficial } from "../../server/domain/minutes-document.ts";
import type { OfficialResult } from "../../server/domain/tally.ts";
import { compareTally } from "../../server/domain/verification.ts";

const signedRow = (over: Partial<MinutesOfficial> = {}): MinutesOfficial => ({
  code: "HQ-01",
  name: "Đỗ Thanh Hường",
  position: "Bí thư Đảng ủy xã",
  high: 5,
  medium: 3,
  low: 2,
  blank: 0,
  denominator: 10,
  band: "none",
  ...over,
});

const recomputedRow = (over: Partial<OfficialResult> = {}): OfficialResult =>
  ({ ...signedRow(), ...over }) as OfficialResult;

describe("compareTally (the board's recount against the signed minutes)", () => {
  it("passes when every official's counts, denominator and band agree", () => {
    const result = compareTally([signedRow()], [recomputedRow()]);
    expect(result.ok).toBe(true);
  });

  it("names the official and gives both readings with the bands in words when they differ", () => {
    const result = compareTally([signedRow()], [recomputedRow({ low: 6, high: 1, band: "over_half" })]);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain("Đỗ Thanh Hường (HQ-01)");
    expect(result.detail).toContain("biên bản ghi 5/3/2/0, mẫu số 10 (không quá nửa)");
    expect(result.detail).toContain("tính lại từ phiếu 1/3/6/0, mẫu số 10 (quá nửa đến dưới hai phần ba)");
    expect(result.detail).not.toContain("over_half");
  });

  it("fails on a different denominator even when the counts agree", () => {
    const result = compareTally([signedRow()], [recomputedRow({ denominator: 11 })]);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain("mẫu số 11");
  });

  it("fails when the official lists differ", () => {
    const result = compareTally([signedRow()], [recomputedRow({ code: "HQ-02" })]);
    expect(result.ok).toBe(false);
  });
});
