import { describe, expect, it } from "vitest";
import { TicketBook } from "../../server/db/ticket-book.ts";
import { startBallot } from "../../server/domain/kiosk-ballot.ts";
import {
  FAST_CAST,
  FAST_CAST_INCIDENT,
  fastCastIncidents,
  isFastCast,
  kioskPace,
} from "../../server/domain/voting.ts";
import { ticket } from "../support/ticket.ts";

const T = Date.parse("2026-10-27T01:00:00.000Z");
const DAY = "2026-10-27";

/** Hands ticket n to the kiosk at `at` and casts it `after` ms later; returns the kiosk's pace. */
function castAfter(book: TicketBook, n: number, at: number, after: number, kioskId = "k1") {
  book.issue(ticket(n, kioskId), at);
  return book.consume(ticket(n, kioskId), at + after);
}

describe("fast casts", () => {
  it.each([
    [0, true],
    [14_999, true],
    [15_000, false],
    [60_000, false],
  ])("isFastCast - cast %i ms after the hand-off: fast %s", (after, fast) => {
    expect(isFastCast(T, T + after)).toBe(fast);
  });

  it("kioskPace - the alert needs 3 fast among the last 10", () => {
    expect(kioskPace([])).toEqual({ fast: 0, of: 0, alert: false });
    expect(kioskPace([true, true])).toEqual({ fast: 2, of: 2, alert: false });
    expect(kioskPace([true, true, true])).toEqual({ fast: 3, of: 3, alert: true });
    // Eleven ballots: the oldest (fast) no longer counts.
    expect(kioskPace([true, true, true, ...Array(8).fill(false)])).toEqual({ fast: 2, of: 10, alert: false });
    expect(FAST_CAST).toMatchObject({ underMs: 15_000, recent: 10, alertAt: 3 });
  });
});

describe("fast casts in the minutes", () => {
  it("fastCastIncidents - one per kiosk with the day's largest count, in kiosk order, no time, whatever order they were found in", () => {
    const incidents = fastCastIncidents([
      { kiosk: "Máy 10", fast: 3, of: 10 },
      { kiosk: "Máy 2", fast: 3, of: 4 },
      { kiosk: "Máy 2", fast: 6, of: 10 },
      { kiosk: "Máy 2", fast: 4, of: 10 },
    ]);
    expect(incidents).toEqual([
      {
        code: FAST_CAST_INCIDENT,
        message:
          "Hệ thống phát hiện Máy 2 gửi phiếu nhanh bất thường: lúc phát hiện, 6 trong 10 phiếu gần nhất của máy được gửi chưa đầy 15 giây sau khi phát phiếu.",
      },
      {
        code: FAST_CAST_INCIDENT,
        message: expect.stringMatching(
          /^Hệ thống phát hiện Máy 10 gửi phiếu nhanh bất thường: lúc phát hiện, 3 trong 10 /,
        ),
      },
    ]);
    expect(fastCastIncidents([])).toEqual([]);
  });
});

describe("TicketBook pace (memory only)", () => {
  it("TicketBook - keeps each kiosk's last 10 flags, nothing else; unpairing forgets them", () => {
    const book = new TicketBook();
    for (let i = 0; i < 3; i++) castAfter(book, i, T + i * 60_000, 1_000);
    expect(book.paceOf("k1", DAY)).toEqual({ fast: 3, of: 3, alert: true });
    expect(book.paceOf("k2", DAY)).toEqual({ fast: 0, of: 0, alert: false });
    for (let i = 3; i < 13; i++) castAfter(book, i, T + i * 60_000, 30_000);
    expect(book.paceOf("k1", DAY)).toEqual({ fast: 0, of: 10, alert: false });
    castAfter(book, 20, T, 1_000);
    book.forget("k1");
    expect(book.paceOf("k1", DAY)).toEqual({ fast: 0, of: 0, alert: false });
  });

  it("TicketBook - a kiosk kept paired overnight starts the point's next day without the day before's alert", () => {
    const book = new TicketBook();
    for (let i = 0; i < 3; i++) castAfter(book, i, T + i * 60_000, 1_000);
    expect(book.paceOf("k1", DAY)).toEqual({ fast: 3, of: 3, alert: true });
    expect(book.paceOf("k1", "2026-10-28")).toEqual({ fast: 0, of: 0, alert: false });
    const nextDay = { ...ticket(9), day: "2026-10-28" };
    book.issue(nextDay, T + 86_400_000);
    expect(book.consume(nextDay, T + 86_400_000 + 1_000)).toEqual({ fast: 1, of: 1, alert: false });
    expect(book.paceOf("k1", "2026-10-28")).toEqual({ fast: 1, of: 1, alert: false });
    expect(book.paceOf("k1", DAY)).toEqual({ fast: 0, of: 0, alert: false });
  });

  it("TicketBook - a voided ticket's hand-off is dropped; a ticket without a hand-off time is not fast", () => {
    const book = new TicketBook();
    book.issue(ticket(1), T);
    book.void("k1");
    // A ticket the book never saw handed out (e.g. from before a restart) counts as not fast.
    expect(book.consume(ticket(2), T + 1)).toEqual({ fast: 0, of: 1, alert: false });
  });

  it("TicketBook - the alert is due for the audit log once an hour per kiosk, whenever it worsens, and at its first of each voting day", () => {
    const book = new TicketBook();
    expect(book.alertDue("k1", DAY, T, 3)).toBe(true);
    expect(book.alertDue("k1", DAY, T + 59 * 60_000, 3)).toBe(false);
    expect(book.alertDue("k2", DAY, T + 1, 3)).toBe(true);
    // Worse than any count audited that day: due at once (the minutes write the day's worst) …
    expect(book.alertDue("k1", DAY, T + 2, 5)).toBe(true);
    // … and not again for the same or a smaller count within the hour.
    expect(book.alertDue("k1", DAY, T + 3, 5)).toBe(false);
    expect(book.alertDue("k1", DAY, T + 4, 4)).toBe(false);
    expect(book.alertDue("k1", DAY, T + 2 + 60 * 60_000, 3)).toBe(true);
    // The hourly entry kept the day's worst: 4 is still not a worsening.
    expect(book.alertDue("k1", DAY, T + 3 + 60 * 60_000, 4)).toBe(false);
    // A point's next day within the hour (a late alert, then an early one): that day's minutes need it.
    expect(book.alertDue("k1", "2026-10-28", T + 61 * 60_000 + 3, 3)).toBe(true);
    expect(book.alertDue("k1", "2026-10-28", T + 62 * 60_000, 3)).toBe(false);
  });
});

describe("TicketBook ballot in progress (issue #13, memory only)", () => {
  const progress = (ticketId: string) => ({ ...startBallot(ticketId, T), marks: { A: "high" as const } });

  it("progressOf - kept under the ticket the kiosk holds, for that ticket only; dropped when cast", () => {
    const book = new TicketBook();
    book.issue(ticket(1), T);
    book.saveProgress("k1", progress("t1"));
    expect(book.progressOf("k1", "t1")?.marks).toEqual({ A: "high" });
    expect(book.progressOf("k1", "t2")).toBeNull();
    expect(book.currentProgress("k1")?.ticketId).toBe("t1");
    // A save for a ticket the kiosk does not hold is ignored (a late request of the last resident).
    book.saveProgress("k1", progress("t9"));
    expect(book.currentProgress("k1")?.ticketId).toBe("t1");
    book.consume(ticket(1), T + 60_000);
    expect(book.currentProgress("k1")).toBeNull();
    book.issue(ticket(2), T + 70_000);
    expect(book.progressOf("k1", "t1")).toBeNull();
  });

  it("void - the ballot in progress goes with the ticket; the kiosk can tell its resident it was voided, until the next ticket", () => {
    const book = new TicketBook();
    book.issue(ticket(1), T);
    book.saveProgress("k1", progress("t1"));
    book.void("k1");
    expect(book.currentProgress("k1")).toBeNull();
    expect(book.lastVoidedAt("k1")).toBe("t1");
    book.issue(ticket(2), T + 1000);
    expect(book.lastVoidedAt("k1")).toBeNull();
    book.saveProgress("k1", progress("t2"));
    book.forget("k1");
    expect(book.currentProgress("k1")).toBeNull();
  });
});
