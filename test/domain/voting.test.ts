import { describe, expect, it } from "vitest";
import {
  hasVotingLeft,
  KIOSK_OFFLINE_AFTER_MS,
  kioskStatus,
  kioskStatusOf,
  type PointDayStatus,
} from "../../server/domain/voting.ts";

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

describe("a kiosk's state", () => {
  const seen = "2026-10-27T02:00:00.000Z";
  const at = (ms: number) => Date.parse(seen) + ms;

  it("kioskStatus - silent for exactly KIOSK_OFFLINE_AFTER_MS is still there, a millisecond more is offline; never seen is offline", () => {
    expect(kioskStatus(null, seen, at(KIOSK_OFFLINE_AFTER_MS))).toBe("idle");
    expect(kioskStatus(null, seen, at(KIOSK_OFFLINE_AFTER_MS + 1))).toBe("offline");
    expect(kioskStatus(null, null, at(0))).toBe("offline");
  });

  it("kioskStatus - a kiosk whose request is held open now is there however long since its last-seen time, with or without a ticket", () => {
    const late = at(60 * 60_000);
    expect(kioskStatus(null, seen, late, true)).toBe("idle");
    expect(kioskStatus({ opened: false }, seen, late, true)).toBe("waiting");
    expect(kioskStatus({ opened: true }, seen, late, true)).toBe("busy");
    expect(kioskStatus(null, null, late, true)).toBe("idle");
    expect(kioskStatus({ opened: true }, seen, late)).toBe("offline");
  });

  it("kioskStatusOf - a kiosk awaiting its second officer is 'awaiting' whatever its polls; a paired one follows kioskStatus", () => {
    expect(kioskStatusOf({ pointId: null, lastSeenAt: seen }, null, at(0), true)).toBe("awaiting");
    expect(kioskStatusOf({ pointId: 3, lastSeenAt: seen }, null, at(60_000), true)).toBe("idle");
    expect(kioskStatusOf({ pointId: 3, lastSeenAt: seen }, null, at(60_000))).toBe("offline");
  });
});
