import { describe, expect, it } from "vitest";
import { signatureCount } from "../../views/components.tsx";

describe("signatureCount", () => {
  it("signatureCount - one wording on every page: the members who signed over the signatures needed (never over the team's size), and whether the Tổ trưởng's is among them; 'Đủ chữ ký' only when complete", () => {
    expect(signatureCount({ signed: 0, required: 2, leaderSigned: false })).toBe(
      "Đã ký: 0 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng",
    );
    expect(signatureCount({ signed: 1, required: 2, leaderSigned: true })).toBe(
      "Đã ký: 1 chữ ký (cần 2), đã có chữ ký của Tổ trưởng",
    );
    // Enough signatures but not the Tổ trưởng's: not complete, and said so.
    expect(signatureCount({ signed: 3, required: 2, leaderSigned: false })).toBe(
      "Đã ký: 3 chữ ký (cần 2), chưa có chữ ký của Tổ trưởng",
    );
    expect(signatureCount({ signed: 2, required: 2, leaderSigned: true })).toBe(
      "Đủ chữ ký: 2 chữ ký (cần 2), đã có chữ ký của Tổ trưởng",
    );
    // A team of three where all signed: still over those needed, not "3/3".
    expect(signatureCount({ signed: 3, required: 2, leaderSigned: true })).toBe(
      "Đủ chữ ký: 3 chữ ký (cần 2), đã có chữ ký của Tổ trưởng",
    );
  });
});
