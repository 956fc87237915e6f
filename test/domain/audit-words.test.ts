import { describe, expect, it } from "vitest";
import { auditDetailWords } from "../../server/domain/audit-words.ts";

describe("auditDetailWords - an audit entry's details in words for the board's log", () => {
  it("auditDetailWords - a close says its counts; no 'lần phát lại thứ 0' when nothing was handed out again", () => {
    expect(auditDetailWords({ day: "2026-10-27", issued: 3, collected: 2, voided: 1, reissued: 0 })).toEqual([
      "ngày 27/10/2026",
      "3 phiếu phát ra",
      "2 phiếu thu về",
      "1 lượt hủy",
    ]);
    expect(auditDetailWords({ day: "2026-10-27", issued: 3, collected: 3, voided: 0, reissued: 2 })).toEqual([
      "ngày 27/10/2026",
      "3 phiếu phát ra",
      "3 phiếu thu về",
      "2 phiếu phát lại",
    ]);
  });

  it("auditDetailWords - a re-issue of a lost ticket is the n-th, beside the lost count", () => {
    expect(auditDetailWords({ day: "2026-10-27", kiosk: "Máy 2", lost: 2, reissued: 1 })).toEqual([
      "Máy 2",
      "ngày 27/10/2026",
      "2 phiếu bị mất",
      "lần phát lại thứ 1",
    ]);
  });

  it("auditDetailWords - a point named by id reads as its name; unknown members are left to the raw details", () => {
    expect(
      auditDetailWords({ point: 7, day: "2026-10-27", secret: "x" }, (id) => (id === 7 ? "Thôn 7" : null)),
    ).toEqual(["Thôn 7", "ngày 27/10/2026"]);
  });
});
