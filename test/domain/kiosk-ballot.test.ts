import { describe, expect, it } from "vitest";
import {
  type AfterChoice,
  afterChoice,
  answerWindowMs,
  applyKioskAction,
  type BallotProgress,
  blankCodes,
  idleState,
  type KioskBallotAction,
  marksOf,
  startBallot,
} from "../../server/domain/kiosk-ballot.ts";
import { expectOk } from "../../server/domain/result.ts";

const CODES = ["A", "B", "C"];
const T = 1_000_000;

/** The ballot after these actions, one second apart, from a fresh start at T. */
function ballotAfter(actions: KioskBallotAction[]): BallotProgress {
  return actions.reduce(
    (p, action, i) => expectOk(applyKioskAction(p, CODES, action, T + (i + 1) * 1000)),
    startBallot("t1", T),
  );
}

describe("kiosk ballot steps", () => {
  it.each<[string, KioskBallotAction[], BallotProgress["step"], Record<string, string>]>([
    ["a fresh ballot is on the first official", [], { kind: "official", index: 0 }, {}],
    [
      "choosing moves to the next official",
      [{ kind: "choose", code: "A", level: "high" }],
      { kind: "official", index: 1 },
      { A: "high" },
    ],
    [
      "choosing on the last official goes to the review",
      [
        { kind: "go", position: 3 },
        { kind: "choose", code: "C", level: "low" },
      ],
      { kind: "review" },
      { C: "low" },
    ],
    [
      "choosing again replaces the mark (one box per row)",
      [
        { kind: "choose", code: "A", level: "high" },
        { kind: "go", position: 1 },
        { kind: "choose", code: "A", level: "medium" },
      ],
      { kind: "official", index: 1 },
      { A: "medium" },
    ],
    ["'Tiếp' past the last official is the review", [{ kind: "go", position: 4 }], { kind: "review" }, {}],
    [
      "'Sửa' from the review, then a choice, returns to the review",
      [{ kind: "review" }, { kind: "edit", code: "A" }, { kind: "choose", code: "A", level: "low" }],
      { kind: "review" },
      { A: "low" },
    ],
    ["'Gửi phiếu' with blanks asks on the page", [{ kind: "blanks" }], { kind: "blanks" }, {}],
  ])("applyKioskAction - %s", (_, actions, step, marks) => {
    const p = ballotAfter(actions);
    expect(p.step).toEqual(step);
    expect(p.marks).toEqual(marks);
    expect(p.lastActivityAt).toBe(T + actions.length * 1000);
  });

  it.each<[string, KioskBallotAction, string]>([
    ["an official not on the ballot", { kind: "choose", code: "Z", level: "high" }, "unknown_official"],
    ["'Sửa' for an official not on the ballot", { kind: "edit", code: "Z" }, "unknown_official"],
    ["page 0", { kind: "go", position: 0 }, "no_step"],
    ["a page past the review", { kind: "go", position: 5 }, "no_step"],
    ["a fractional page", { kind: "go", position: 1.5 }, "no_step"],
  ])("applyKioskAction - refuses %s", (_, action, code) => {
    const r = applyKioskAction(startBallot("t1", T), CODES, action, T);
    expect(r.ok ? "accepted" : r.error.code).toBe(code);
  });

  it.each<[string, KioskBallotAction[], AfterChoice]>([
    ["the first official: on to the next", [], "next"],
    [
      "an official already chosen, reached with 'Quay lại': on to the next",
      [
        { kind: "choose", code: "A", level: "high" },
        { kind: "go", position: 1 },
      ],
      "next",
    ],
    ["the last official: the review", [{ kind: "go", position: 3 }], "review"],
    [
      "an official opened with 'Sửa': back to the review",
      [{ kind: "review" }, { kind: "edit", code: "B" }],
      "back",
    ],
    [
      "the last official opened with 'Sửa': back to the review",
      [{ kind: "review" }, { kind: "edit", code: "C" }],
      "back",
    ],
  ])("afterChoice - %s, as a choice there does", (_, actions, after) => {
    const p = ballotAfter(actions);
    if (p.step.kind !== "official") throw new Error("not on an official");
    expect(afterChoice(p, p.step.index, CODES.length)).toBe(after);
    const code = CODES[p.step.index] ?? "";
    const chosen = expectOk(applyKioskAction(p, CODES, { kind: "choose", code, level: "low" }, T));
    expect(chosen.step).toEqual(
      after === "next" ? { kind: "official", index: p.step.index + 1 } : { kind: "review" },
    );
  });

  it("applyKioskAction - text size cycles through the three sizes; contrast toggles; neither moves the resident", () => {
    const sizes = [1, 2, 3].map((n) => ballotAfter(Array(n).fill({ kind: "text-size" })).textSize);
    expect(sizes).toEqual([1, 2, 0]);
    const contrast = ballotAfter([{ kind: "contrast" }]);
    expect(contrast.highContrast).toBe(true);
    expect(ballotAfter([{ kind: "contrast" }, { kind: "contrast" }]).highContrast).toBe(false);
    expect(contrast.step).toEqual({ kind: "official", index: 0 });
  });

  it("marksOf / blankCodes - every official, null for a blank row, in ballot order", () => {
    const p = ballotAfter([
      { kind: "go", position: 2 },
      { kind: "choose", code: "B", level: "medium" },
    ]);
    expect(marksOf(p, CODES)).toEqual({ A: null, B: "medium", C: null });
    expect(blankCodes(p, CODES)).toEqual(["A", "C"]);
  });
});

describe("idle ballot", () => {
  const idle = 120_000;
  it.each([
    [0, "active"],
    [idle - 1, "active"],
    [idle, "asking"],
    [idle + 29_999, "asking"],
    [idle + 30_000, "attention"],
    [idle * 10, "attention"],
  ])("idleState - %i ms after the last touch: %s", (quiet, state) => {
    expect(idleState(T, T + quiet, idle)).toBe(state);
  });

  it.each([
    [120_000, 30_000],
    [2_000, 500],
    [600_000, 30_000],
  ])(
    "answerWindowMs - idle %i ms: the question stands %i ms before the console is told",
    (idleMs, window) => {
      expect(answerWindowMs(idleMs)).toBe(window);
    },
  );
});
