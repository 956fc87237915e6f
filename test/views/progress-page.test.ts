import { describe, expect, it } from "vitest";
import type { KioskStatus } from "../../server/domain/voting.ts";
import { KIOSKS_TO_LOOK_AT_SHOWN, type ProgressKiosk, ProgressSection } from "../../views/progress-page.tsx";

/** A kiosk of point `code`, paired by hq-1 and confirmed by hq-2, in `status`. */
const kiosk = (
  code: string,
  n: number,
  status: KioskStatus,
  alert = false,
  votingToday = true,
  onDuty = votingToday,
): ProgressKiosk => ({
  point: { code, name: `Điểm ${code}` },
  names: new Map([["hq-1", "Phan Xuân Kỷ"]]),
  kiosk: {
    id: `${code}-${n}`,
    pointId: 1,
    number: n,
    pairingCode: null,
    pairingPointId: null,
    pairingExpiresAt: null,
    awaitingPointId: status === "awaiting" ? 1 : null,
    label: `Máy ${n}`,
    lastSeenAt: null,
    pairedAt: "2026-10-27T01:00:00.000Z",
    pairedBy: "hq-1",
    confirmedAt: status === "awaiting" ? null : "2026-10-27T01:01:00.000Z",
    confirmedBy: status === "awaiting" ? null : "hq-2",
  },
  status,
  pace: { fast: alert ? 3 : 0, of: alert ? 10 : 0, alert },
  votingToday,
  onDuty,
});

const render = (kiosks: ProgressKiosk[]): string =>
  String(ProgressSection({ rows: [], communes: [], kiosks }).toString());

const listedRows = (html: string): string[] =>
  [...html.matchAll(/<tr data-kiosk="([^"]+)">/g)].map((m) => m[1] ?? "");

describe("progress page kiosks (issue #9 §4, issue #12 §4)", () => {
  it("progress kiosks - a district's thousands of kiosks are counted by state; only those to look at are listed, at most the cap, the rest counted", () => {
    const kiosks = [
      ...Array.from({ length: 3000 }, (_, i) => kiosk(`P${Math.floor(i / 3)}`, (i % 3) + 1, "waiting")),
      ...Array.from({ length: 40 }, (_, i) => kiosk(`Q${i}`, 1, "offline")),
      ...Array.from({ length: 15 }, (_, i) => kiosk(`R${i}`, 1, "awaiting")),
      kiosk("S", 1, "busy", true),
      kiosk("S", 2, "busy"),
    ];
    const html = render(kiosks);
    expect(html).toContain(
      "3.057 máy. Chờ cán bộ thứ hai xác nhận: 15; Mất kết nối: 40; Cử tri đang ghi phiếu: 2; Đang chờ cử tri: 3.000.",
    );
    const rows = listedRows(html);
    expect(rows).toHaveLength(KIOSKS_TO_LOOK_AT_SHOWN);
    // Listed in the campaign's order; none of the 3,000 ready ones, nor the busy kiosk at its pace.
    expect(rows.every((r) => /^(Q|R|S )/.test(r))).toBe(true);
    expect(html).toContain(`Và ${56 - KIOSKS_TO_LOOK_AT_SHOWN} máy khác cần chú ý`);
    expect(html).toContain('<div id="progress-kiosk-list" hx-preserve="true">');
  });

  it("progress kiosks - a fast-casting kiosk is listed with its badge; with nothing to look at there is no list, and with no kiosk no link", () => {
    const fast = render([kiosk("S", 1, "busy", true), kiosk("S", 2, "idle")]);
    expect(listedRows(fast)).toEqual(["S Máy 1"]);
    expect(fast).toMatch(/3\/10 <span class="badge badge-error">nhanh bất thường<\/span>/);

    const calm = render([kiosk("S", 1, "idle"), kiosk("S", 2, "waiting")]);
    expect(listedRows(calm)).toEqual([]);
    expect(calm).not.toContain("Máy cần chú ý");
    expect(calm).toContain("2 máy. Đang chờ cử tri: 1; Sẵn sàng: 1.");

    const none = render([]);
    expect(none).toContain("Chưa có máy nào được kết nối.");
    expect(none).not.toContain("progress-kiosk-list");
  });

  it("progress kiosks - at a point whose day is over, a fast pace is a calm note and neither it nor an offline kiosk is to look at; one awaiting a second officer still is", () => {
    const html = render([
      kiosk("S", 1, "idle", true, false),
      kiosk("S", 2, "offline", false, false),
      kiosk("T", 1, "awaiting", false, false),
      kiosk("U", 1, "busy", true, true),
    ]);
    expect(listedRows(html)).toEqual(["T Máy 1", "U Máy 1"]);
    const alarm = /<div class="alert alert-error" role="alert" data-fast-cast-alert[\s\S]*?<\/div>/.exec(
      html,
    )?.[0];
    expect(alarm).toContain("Điểm U, Máy 1");
    expect(alarm).not.toContain("Điểm S");
    const note = /<div class="alert alert-warn" role="status" data-fast-cast-note[\s\S]*?<\/div>/.exec(
      html,
    )?.[0];
    expect(note).toContain("Trong ngày, máy đã gửi phiếu nhanh bất thường.");
    expect(note).toContain("Điểm S, Máy 1");
    expect(note).not.toContain("Điểm U");
    expect(note).not.toContain("Tạm dừng");
  });
});

describe("kiosks of a day left open past midnight", () => {
  it("kioskNeedsBoard - a fast kiosk of a day left open is still to look at; an out-of-touch one is not news (its kiosks take nothing more)", () => {
    const html = render([
      kiosk("A", 1, "offline", false, false, true),
      kiosk("B", 1, "idle", true, false, true),
    ]);
    expect(html).toContain("data-fast-cast-alert");
    expect(listedRows(html.slice(html.indexOf('id="progress-kiosks-look"')))).toEqual(["B Máy 1"]);
  });
});
