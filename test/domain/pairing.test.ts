import { describe, expect, it } from "vitest";
import {
  checkPairingAttempt,
  displayPairingCode,
  nextPairingFailure,
  type PairingDevice,
  type PairingStep,
  pairingStep,
  pairingStepKey,
  parsePairingCode,
  REGISTRATION_BURST,
  REGISTRATION_INTERVAL_MS,
  randomPairingCode,
  registrationAllowance,
} from "../../server/domain/pairing.ts";

const NOW = Date.parse("2026-10-27T01:00:00.000Z");
const later = (ms: number) => new Date(NOW + ms).toISOString();

describe("pairing codes", () => {
  it.each([
    ["12345678", "12345678"],
    ["1234 5678", "12345678"],
    [" 1234-5678 ", "12345678"],
    ["1234.5678", "12345678"],
    ["123456", null],
    ["123456789", null],
    ["1234 567a", null],
    ["", null],
  ])("parsePairingCode - %j reads as %j", (typed, code) => {
    expect(parsePairingCode(typed)).toBe(code);
  });

  it("displayPairingCode - two groups of four", () => {
    expect(displayPairingCode("00123456")).toBe("0012 3456");
  });

  it("randomPairingCode - 8 digits with leading zeros; words past the last whole range are drawn again", () => {
    const words = [4_294_967_295, 4_200_000_000, 7];
    expect(randomPairingCode(() => words.shift() ?? 0)).toBe("00000007");
    expect(words).toEqual([]);
    expect(randomPairingCode(() => 4_199_999_999)).toBe("99999999");
  });
});

describe("wrong codes", () => {
  it("checkPairingAttempt - free until the fifth failure of the minute, then refused with the wait", () => {
    expect(checkPairingAttempt(null, NOW).ok).toBe(true);
    expect(checkPairingAttempt({ failures: 4, periodStart: NOW }, NOW).ok).toBe(true);
    expect(checkPairingAttempt({ failures: 5, periodStart: NOW - 20_000 }, NOW)).toMatchObject({
      ok: false,
      error: { code: "too_many_attempts", message: expect.stringContaining("Xin đợi 40 giây") },
    });
    expect(checkPairingAttempt({ failures: 50, periodStart: NOW - 60_000 }, NOW).ok).toBe(true);
  });

  it("nextPairingFailure - counts within the minute; audits the first and the fifth only", () => {
    let state = null;
    const audited: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const next = nextPairingFailure(state, NOW + i);
      state = next.state;
      if (next.audit) audited.push(next.state.failures);
      expect(next.locked).toBe(i >= 5);
    }
    expect(audited).toEqual([1, 5]);
    // The minute counts from the first failure (NOW + 1).
    expect(nextPairingFailure(state, NOW + 60_000).state.failures).toBe(8);
    expect(nextPairingFailure(state, NOW + 60_001)).toEqual({
      state: { failures: 1, periodStart: NOW + 60_001 },
      audit: true,
      locked: false,
    });
  });
});

describe("what a kiosk browser shows", () => {
  const device = (over: Partial<PairingDevice> = {}): PairingDevice => ({
    pointId: null,
    awaitingPointId: null,
    pairingCode: "12345678",
    pairingPointId: 1,
    pairingExpiresAt: later(60_000),
    ...over,
  });
  const cases: [string, PairingDevice | null, number[], PairingStep][] = [
    ["a new browser, no window", null, [], { step: "wait" }],
    ["a new browser, one window", null, [2], { step: "register", pointId: 2 }],
    ["a new browser, two windows", null, [3, 2], { step: "choose", pointIds: [2, 3] }],
    [
      "a valid code under its open window",
      device(),
      [1],
      { step: "code", code: "12345678", pointId: 1, choice: false },
    ],
    [
      "a valid code, other windows open",
      device(),
      [1, 2],
      { step: "code", code: "12345678", pointId: 1, choice: true },
    ],
    ["a code whose window closed, another open", device(), [2], { step: "register", pointId: 2 }],
    [
      "an expired code, its window open",
      device({ pairingExpiresAt: later(0) }),
      [1],
      { step: "register", pointId: 1 },
    ],
    ["an expired code, no window", device({ pairingExpiresAt: later(-1) }), [], { step: "wait" }],
    ["paired by one officer", device({ pairingCode: null, awaitingPointId: 1 }), [], { step: "confirm" }],
    ["paired", device({ pairingCode: null, pointId: 1 }), [1], { step: "paired" }],
  ];
  it.each(cases)("pairingStep - %s", (_, d, windows, step) => {
    expect(
      pairingStep(
        d,
        windows.map((pointId) => ({ pointId })),
        NOW,
      ),
    ).toEqual(step);
  });

  it("pairingStepKey - names the code and the choices, so a change reloads the kiosk", () => {
    expect(pairingStepKey({ step: "code", code: "12345678", pointId: 1, choice: false })).toBe(
      "code-12345678",
    );
    expect(pairingStepKey({ step: "code", code: "12345678", pointId: 1, choice: true })).toBe(
      "code-12345678-choice",
    );
    expect(pairingStepKey({ step: "choose", pointIds: [2, 3] })).toBe("choose-2-3");
    expect(pairingStepKey({ step: "wait" })).toBe("wait");
  });
});

describe("registrationAllowance - one address's kiosk registrations (GCRA)", () => {
  it("registrationAllowance - a burst of REGISTRATION_BURST at one instant, the next refused with the wait to one interval; one per interval after", () => {
    const now = 1_000_000;
    let tat: number | null = null;
    for (let i = 0; i < REGISTRATION_BURST; i++) {
      const step = registrationAllowance(tat, now);
      expect(step.ok).toBe(true);
      if (step.ok) tat = step.tat;
    }
    expect(registrationAllowance(tat, now)).toEqual({ ok: false, waitMs: REGISTRATION_INTERVAL_MS });
    expect(registrationAllowance(tat, now + 1)).toEqual({ ok: false, waitMs: REGISTRATION_INTERVAL_MS - 1 });
    const later = registrationAllowance(tat, now + REGISTRATION_INTERVAL_MS);
    expect(later.ok).toBe(true);
    // A quiet address starts afresh: its old arrival time is in the past.
    expect(registrationAllowance(now - 60_000, now)).toEqual({
      ok: true,
      tat: now + REGISTRATION_INTERVAL_MS,
    });
  });
});
