import { describe, expect, it } from "vitest";
import type { PointDayState } from "../../server/domain/aggregate.ts";
import { excuseBlockedBy, type WaitingGroup, waitingAdvice } from "../../server/domain/progress.ts";

// The certify refusal (readinessOf): each point-day in the way is named with what the board can do
// about it. Today is 28/10/2026 in Vietnam.
const TODAY = "2026-10-28";

describe("waitingAdvice", () => {
  it.each([
    [
      "not opened, its day tomorrow",
      "2026-10-29",
      "not_opened",
      "10:00",
      "upcoming",
      "chưa đến ngày lấy phiếu",
    ],
    [
      "not opened, its day today before 08:00",
      TODAY,
      "not_opened",
      "07:59",
      "opens_today",
      "hôm nay, từ 08:00",
    ],
    [
      "not opened, its day today from 08:00",
      TODAY,
      "not_opened",
      "08:00",
      "not_opened_today",
      "chưa mở trong ngày lấy phiếu hôm nay",
    ],
    [
      "not opened, its day yesterday",
      "2026-10-27",
      "not_opened",
      "07:00",
      "never_opened",
      "nay không mở được nữa",
    ],
    ["closed, minutes not made", "2026-10-27", "closed", "10:00", "unsigned", "chưa lập hoặc chưa đủ chữ ký"],
    [
      "minutes not signed by enough officers",
      TODAY,
      "unsigned",
      "10:00",
      "unsigned",
      "chưa lập hoặc chưa đủ chữ ký",
    ],
    ["minutes signed, not checked", TODAY, "signed", "10:00", "unchecked", "chưa được kiểm tra"],
    [
      "minutes checked, discrepant",
      "2026-10-27",
      "discrepant",
      "10:00",
      "discrepant",
      "sai lệch khi kiểm tra",
    ],
  ] as const)("waitingAdvice - %s", (_, day, state, time, group, words) => {
    const advice = waitingAdvice([{ code: "P-01", day, state }], TODAY, time);
    expect(advice.map((a) => a.group)).toEqual([group]);
    expect(advice[0]?.text).toContain(words);
    expect(advice[0]?.text).toMatch(/^1 điểm .*\(P-01 ngày \d{2}\/10\/2026\)/u);
  });

  it("waitingAdvice - what to do, group by group: 'Không tính' where a point cannot vote any more or as the last resort, never for a point not yet due", () => {
    const at = (group: WaitingGroup, day: string, state: PointDayState, time = "10:00") =>
      waitingAdvice([{ code: "P-01", day, state }], TODAY, time).find((a) => a.group === group)?.text ?? "";
    const upcoming = at("upcoming", "2026-10-29", "not_opened");
    const opensToday = at("opens_today", TODAY, "not_opened", "06:30");
    const notOpenedToday = at("not_opened_today", TODAY, "not_opened");
    const never = at("never_opened", "2026-10-27", "not_opened");
    const unsigned = at("unsigned", TODAY, "unsigned");
    const unchecked = at("unchecked", TODAY, "signed");
    const discrepant = at("discrepant", TODAY, "discrepant");
    // Still to come: wait; "Không tính" is refused for them anyway (excusePointDay "future").
    expect(upcoming).toContain("chờ các điểm này lấy phiếu, kết thúc và ký biên bản");
    expect(opensToday).toContain(
      "1 điểm lấy phiếu hôm nay, từ 08:00 (P-01 ngày 28/10/2026): chờ các điểm này mở",
    );
    expect(opensToday).not.toContain("chưa đến ngày");
    for (const text of [upcoming, opensToday]) expect(text).not.toContain("Không tính");
    // Its day passed without opening: it can never open now; leaving it out is the way.
    expect(never).toContain("bấm “Không tính” ở dòng của điểm và ghi lý do");
    expect(never).not.toContain("Kiểm tra tất cả");
    expect(never).not.toContain("chờ");
    // On its day from 08:00: it may still open; "Không tính" if it cannot vote today.
    expect(notOpenedToday).toContain("chờ tổ công tác mở điểm");
    expect(notOpenedToday).toContain("nếu điểm không thể lấy phiếu hôm nay, bấm “Không tính”");
    // Minutes waiting for signatures: the team signs, then the check.
    expect(unsigned).toContain("chờ tổ công tác lập và ký đủ biên bản, rồi bấm “Kiểm tra tất cả”");
    expect(unsigned).not.toContain("Không tính");
    expect(unchecked).toContain("bấm “Kiểm tra tất cả”");
    expect(unchecked).not.toContain("Không tính");
    // Discrepant minutes: the board reopens them (the minutes page's button), the team signs again.
    expect(discrepant).toContain("bấm “Mở lại biên bản” và ghi lý do; tổ công tác ký lại phiên bản mới");
    expect(discrepant).toContain("Nếu sai lệch không thể khắc phục, bấm “Không tính”");
  });

  it("waitingAdvice - several groups: one sentence each, what only the board can settle first, what is still to come last; more than eight point-days are counted, not all named", () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      code: `U-${String(i + 1).padStart(2, "0")}`,
      day: "2026-10-29",
      state: "not_opened" as const,
    }));
    const advice = waitingAdvice(
      [
        ...many,
        { code: "D-01", day: "2026-10-27", state: "discrepant" },
        { code: "N-01", day: "2026-10-27", state: "not_opened" },
        { code: "S-01", day: TODAY, state: "unsigned" },
      ],
      TODAY,
      "09:00",
    );
    expect(advice.map((a) => a.group)).toEqual(["never_opened", "discrepant", "unsigned", "upcoming"]);
    expect(advice[3]?.text).toContain("10 điểm chưa đến ngày lấy phiếu (U-01 ngày 29/10/2026");
    expect(advice[3]?.text).toContain("U-08 ngày 29/10/2026 và 2 điểm khác)");
  });
});

describe("excuseBlockedBy", () => {
  // The one rule the service refuses on and the results page offers the form by.
  it.each([
    ["open", "2026-10-27", "2026-10-27", "10:00", "open"],
    ["paused", "2026-10-26", "2026-10-27", "10:00", "open"],
    ["not_opened", "2026-10-27", "2026-10-27", "07:59", "future"],
    ["not_opened", "2026-10-28", "2026-10-27", "12:00", "future"],
    ["not_opened", "2026-10-27", "2026-10-27", "08:00", null],
    ["not_opened", "2026-10-26", "2026-10-27", "00:00", null],
    ["closed", "2026-10-27", "2026-10-27", "23:59", "today"],
    ["closed", "2026-10-26", "2026-10-27", "00:00", null],
  ] as const)("excuseBlockedBy - %s on %s, at %s %s: %s", (status, day, today, time, expected) => {
    expect(excuseBlockedBy(status, day, today, time)).toBe(expected);
  });
});
