import { describe, expect, it } from "vitest";
import { signaturesSoFar } from "../../views/components.tsx";

describe("signaturesSoFar", () => {
  it("signaturesSoFar - counts over those needed, and says when enough have signed but not the Tổ trưởng (never '3/2' or a capped '2/2')", () => {
    expect(signaturesSoFar({ signed: 0, required: 2, leaderSigned: false })).toBe(
      "đã có 0/2 chữ ký cần thiết",
    );
    expect(signaturesSoFar({ signed: 1, required: 2, leaderSigned: true })).toBe(
      "đã có 1/2 chữ ký cần thiết",
    );
    expect(signaturesSoFar({ signed: 3, required: 2, leaderSigned: false })).toBe(
      "đã có 3 chữ ký, còn thiếu chữ ký của Tổ trưởng",
    );
    expect(signaturesSoFar({ signed: 2, required: 2, leaderSigned: false })).toBe(
      "đã có 2 chữ ký, còn thiếu chữ ký của Tổ trưởng",
    );
  });
});
