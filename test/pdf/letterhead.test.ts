import { describe, expect, it } from "vitest";
import { headingOf } from "../../server/domain/aggregate.ts";
import { paths } from "../../server/http/paths.ts";
import { aggregateCampaign, DAY } from "../aggregate-helpers.ts";
import { Client, makeApp, type TestApp } from "../helpers.ts";
import { pageTexts, pdfFonts, requirePoppler, type Word, words } from "./poppler.ts";

/**
 * Trials found the point's minutes and the board's aggregate report printed under different
 * letterheads (one under the State's heading, the other under the Party's, laid out apart). Both
 * now go through one routine (pdf/document.ts `drawLetterhead`): the issuing body on the left, the
 * heading of the body that runs the campaign on the right, the place and date line in italics
 * under it — at the same places, in the same fonts, each with its own issuing body and place.
 */

/** Both PDFs of one campaign as the board downloads them: HQ-T1's minutes and the aggregate. */
async function bothPdfs(t: TestApp, c: Awaited<ReturnType<typeof aggregateCampaign>>) {
  const board = new Client(t, "192.0.2.80");
  expect((await board.login("bantochuc")).status).toBe(303);
  const get = async (path: string) => new Uint8Array(await (await board.get(path)).arrayBuffer());
  return {
    minutes: await get(paths.boardMinutes.pdf(c.pointId("HQ-T1"), DAY)),
    aggregate: await get(paths.results.pdf),
  };
}

/** The letterhead's words: page 1, above the title (the first line starting "BIÊN BẢN"). */
function letterhead(pdf: Uint8Array): Word[] {
  const first = words(pdf).filter((w) => w.page === 1);
  const title = first.find((w) => w.text === "BIÊN");
  return first.filter((w) => title !== undefined && w.yMax < title.yMin);
}

/** Where the right-hand block's lines are: each line's text and its top, by the left column's edge. */
const lines = (head: Word[], right: boolean, edge: number) => {
  const side = head.filter((w) => (right ? w.xMin >= edge : w.xMax < edge));
  const tops = [...new Set(side.map((w) => Math.round(w.yMin)))].sort((a, b) => a - b);
  return tops.map((top) => ({
    top,
    text: side
      .filter((w) => Math.round(w.yMin) === top)
      .map((w) => w.text)
      .join(" "),
    centre: Math.round(
      (Math.min(...side.filter((w) => Math.round(w.yMin) === top).map((w) => w.xMin)) +
        Math.max(...side.filter((w) => Math.round(w.yMin) === top).map((w) => w.xMax))) /
        2,
    ),
  }));
};

describe("one letterhead on both documents", () => {
  it("letterhead - a Party board's campaign: the minutes and the aggregate report print the same heading at the same place, the date line in italics, each its own issuing body and place", async () => {
    requirePoppler();
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const { minutes, aggregate } = await bothPdfs(t, c);
    const m = letterhead(minutes);
    const a = letterhead(aggregate);
    // The heading's first word starts at the same place on both; the right-hand column (the date
    // line is wider than the heading) begins a little to its left, past the issuing body's column.
    const edge = (ws: Word[]) => ws.find((w) => w.text === "ĐẢNG")?.xMin ?? Number.NaN;
    expect(edge(m)).toBeCloseTo(edge(a), 1);
    const right = (ws: Word[]) => lines(ws, true, edge(ws) - 40);
    const left = (ws: Word[]) => lines(ws, false, edge(ws) - 40);
    expect(right(m)).toEqual([
      { top: expect.any(Number), text: "ĐẢNG CỘNG SẢN VIỆT NAM", centre: expect.any(Number) },
      { top: expect.any(Number), text: "Quang Thọ, ngày 27 tháng 10 năm 2026", centre: expect.any(Number) },
    ]);
    expect(right(a).map((l) => l.text)).toEqual([
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Hương Trà, ngày 27 tháng 10 năm 2026",
    ]);
    // Same lines at the same heights and centred on the same axis; only the words differ.
    expect(right(m).map(({ top, centre }) => ({ top, centre }))).toEqual(
      right(a).map(({ top, centre }) => ({ top, centre })),
    );
    // Left: each document's own issuing body, from the same top line and axis. The Party's star
    // goes under a Party body's name only: under the board on the report, not under the point's
    // working team on the minutes (a tổ công tác is no Party body), which takes the rule instead.
    expect(left(m).map((l) => l.text)).toEqual([
      "BAN TỔ CHỨC HUYỆN ỦY",
      "TỔ CÔNG TÁC THÔN 1",
      "XÃ HƯƠNG QUANG",
    ]);
    expect(left(a).map((l) => l.text)).toEqual(["HUYỆN ỦY HƯƠNG TRÀ", "BAN TỔ CHỨC", "*"]);
    expect(left(m)[0]?.top).toBe(left(a)[0]?.top);
    expect(left(m)[0]?.centre).toBeCloseTo(left(a)[0]?.centre ?? 0, -1);
    // The same fonts: Noto Serif, the date line in its italic.
    for (const pdf of [minutes, aggregate]) {
      const fonts = pdfFonts(pdf);
      for (const style of ["Regular", "Bold", "Italic"]) expect(fonts).toContain(`+NotoSerif-${style}`);
    }
  });

  it("letterhead - a State body's campaign: both documents carry the Quốc hiệu and Tiêu ngữ", async () => {
    requirePoppler();
    const t = makeApp();
    // After the 2025 reforms the aggregating body may be a State one.
    const c = await aggregateCampaign(t, { aggregator: "Sở Nội vụ tỉnh Thừa Thiên Huế" });
    await c.closeAndSignAll();
    const { minutes, aggregate } = await bothPdfs(t, c);
    for (const pdf of [minutes, aggregate]) {
      const top = (pageTexts(pdf)[0] ?? "").split("BIÊN BẢN")[0] ?? "";
      expect(top).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      expect(top).toContain("Độc lập - Tự do - Hạnh phúc");
      expect(top).not.toContain("ĐẢNG CỘNG SẢN");
      expect(top).toContain("SỞ NỘI VỤ TỈNH THỪA THIÊN HUẾ");
    }
  });

  it.each([
    ["Ban Tổ chức Huyện ủy", "party"],
    ["Ban Tổ chức Thị uỷ Sơn Tây", "party"],
    ["Đảng ủy xã Quang Thọ", "party"],
    ["Sở Nội vụ tỉnh Thừa Thiên Huế", "state"],
    // An "Ủy ban" is a State body, whatever its "ủy".
    ["Ủy ban nhân dân huyện Hương Trà", "state"],
    ["Phòng Nội vụ, Ủy ban nhân dân thị xã Hương Trà", "state"],
    // "đô thị Ủy ban": two words of two names, not "Thị ủy"; in either spelling, typed or decomposed.
    ["Phòng Quản lý đô thị Ủy ban nhân dân thị xã", "state"],
    ["Phòng Quản lý đô thị Uỷ ban nhân dân thị xã", "state"],
    ["Phòng Quản lý đô thị Ủy ban nhân dân thị xã".normalize("NFD"), "state"],
    ["Ban Thi đua - Khen thưởng Trung ương", "state"],
    // A Party body, with or without an "ủy" in its name.
    ["Ban Tổ chức Trung ương", "party"],
    ["Tỉnh ủy Thừa Thiên Huế", "party"],
    ["Thành ủy Huế", "party"],
    ["Huyện ủy Hương Trà", "party"],
    ["Thị ủy Hương Trà", "party"],
    ["Quận ủy Quận 1", "party"],
    ["Đảng ủy xã Hương Quang", "party"],
    ["Ban Tổ chức Huyện uỷ Hương Trà".normalize("NFD"), "party"],
    ["BAN TỔ CHỨC TỈNH ỦY", "party"],
    ["Ủy ban Kiểm tra Huyện ủy", "party"],
  ] as const)("headingOf - %s: %s", (aggregator, heading) => {
    expect(headingOf(aggregator)).toBe(heading);
  });
});
