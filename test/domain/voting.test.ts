import { describe, expect, it } from "vitest";
import { hasVotingLeft, type PointDayStatus } from "../../server/domain/voting.ts";

const ONE_DAY = ["2026-10-27"];
const TWO_DAYS = ["2026-10-27", "2026-10-29"];

describe("a point's voting left", () => {
  it.each<[string, readonly string[], string, PointDayStatus, boolean]>([
    ["the day before its day", ONE_DAY, "2026-10-26", "not_opened", true],
    ["its day, not opened yet", ONE_DAY, "2026-10-27", "not_opened", true],
    ["its day, open", ONE_DAY, "2026-10-27", "open", true],
    ["its day, paused", ONE_DAY, "2026-10-27", "paused", true],
    ["its only day, closed", ONE_DAY, "2026-10-27", "closed", false],
    ["the morning after its only day", ONE_DAY, "2026-10-28", "not_opened", false],
    ["its first day closed, a second to come", TWO_DAYS, "2026-10-27", "closed", true],
    ["between its two days", TWO_DAYS, "2026-10-28", "not_opened", true],
    ["its last day closed", TWO_DAYS, "2026-10-29", "closed", false],
    ["after its last day", TWO_DAYS, "2026-10-30", "not_opened", false],
  ])("hasVotingLeft - %s", (_, days, today, status, left) => {
    expect(hasVotingLeft(days, today, status)).toBe(left);
  });
});
