import { beforeAll, describe, expect, test } from "vitest";
import { bandLabel, formatCount, formatPercent } from "../../server/domain/format.ts";
import { RULE_SETS } from "../../server/domain/threshold.ts";
import { type AggregatePdfModel, renderAggregatePdf } from "../../server/pdf/aggregate-pdf.ts";
import { renderMinutesPdf } from "../../server/pdf/minutes-pdf.ts";
import { aggregateModel, FIXED_NAMES, minutesModel } from "./fixtures.ts";
import { faintWords, outsideMargins, overlappingWords, qrMismatches } from "./ink.ts";
import { flat, pageTexts, pdfInfo, requirePoppler, sha256, words } from "./poppler.ts";

beforeAll(requirePoppler);

function expectedRow(model: AggregatePdfModel, i: number): string {
  const o = model.officials[i];
  if (o === undefined) throw new Error(`no official ${i}`);
  const level = (n: number) => `${formatCount(n)} ${formatPercent(n, o.denominator)}%`;
  return [
    String(i + 1),
    o.name,
    o.position,
    o.commune,
    formatCount(o.points),
    formatCount(o.collected),
    formatCount(o.valid),
    formatCount(o.blank),
    formatCount(o.denominator),
    level(o.high),
    level(o.medium),
    level(o.low),
    bandLabel(o.band, model.ruleSet.thresholds),
  ].join(" ");
}

const RULES = RULE_SETS["qd96-2023"];
/** The day the fixture's point-day states were read on: that of its certification (29/10). */
const READ_ON = "2026-10-29";
const HEADER =
  "STT Họ và tên, chức vụ, xã Số điểm Phiếu thu về Hợp lệ Không hợp lệ Mẫu số Tín nhiệm cao Tín nhiệm Tín nhiệm thấp Mức phiếu tín nhiệm thấp";

describe("renderAggregatePdf - 20 officials", () => {
  const model = aggregateModel(20);
  let pdf: Uint8Array;
  let pages: string[];
  let text: string;

  beforeAll(async () => {
    pdf = await renderAggregatePdf(model, READ_ON);
    pages = pageTexts(pdf);
    text = flat(pages.join("\n"));
  });

  test("renderAggregatePdf - heading of a Party board, title and campaign", () => {
    for (const line of [
      "HUYỆN ỦY HƯƠNG TRÀ",
      "BAN TỔ CHỨC",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Hương Trà, ngày 29 tháng 10 năm 2026",
      "BIÊN BẢN TỔNG HỢP KẾT QUẢ LẤY PHIẾU TÍN NHIỆM Lấy phiếu đánh giá, tín nhiệm cán bộ, công chức các xã sáp nhập",
    ]) {
      expect(text).toContain(line);
    }
    // Codes are for files and tools: the campaign and its rule by name only.
    expect(text).not.toContain("VQ-2019-SN");
    expect(text).not.toContain("qd96-2023");
    expect(text).not.toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).not.toContain("BẢN DỰ THẢO");
  });

  test("renderAggregatePdf - every official NFC-exact with commune, points, counts, percentages and band", () => {
    expect(text).toBe(text.normalize("NFC"));
    for (const name of FIXED_NAMES) expect(text).toContain(name);
    expect(text).toContain(
      "1 Nguyễn Thị Thuý Bí thư Đảng ủy xã Xã Hương Quang 3 2.900 2.898 2 2.900 1.738 59,93% 1.160 40,00% 0 0,00% Không quá nửa",
    );
    model.officials.forEach((_, i) => {
      expect(text).toContain(expectedRow(model, i));
    });
  });

  test("renderAggregatePdf - the consequence is quoted under each official over half or at two-thirds", () => {
    const over = model.officials.filter((o) => o.band === "over_half");
    const two = model.officials.filter((o) => o.band === "two_thirds");
    expect(over.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    for (const o of over) {
      const i = model.officials.indexOf(o);
      expect(text).toContain(
        `${expectedRow(model, i)} Theo Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị, số phiếu tín nhiệm thấp quá nửa đến dưới hai phần ba (tính trên tổng số phiếu thu về): ${RULES.consequences.over_half}`,
      );
    }
    for (const o of two) {
      const i = model.officials.indexOf(o);
      expect(text).toContain(
        `${expectedRow(model, i)} Theo Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị, số phiếu tín nhiệm thấp từ hai phần ba trở lên (tính trên tổng số phiếu thu về): ${RULES.consequences.two_thirds}`,
      );
    }
    const quoted = text.split("Theo Quy định số 96-QĐ/TW").length - 1;
    expect(quoted).toBe(over.length + two.length);
    expect(text).toContain(
      `- Từ hai phần ba trở lên: ${two.length} người: ${two.map((o) => o.name).join(", ")}.`,
    );
  });

  test("renderAggregatePdf - points in the totals, with their sum, and the points missing from them", () => {
    expect(text).toContain("1 Thôn Đông Phước 1 (P-01) Xã Hương Quang 27/10/2026 700 690 688");
    expect(text).toContain("6 Thôn Quảng Tế 1 (P-06) Xã Hương Thọ 28/10/2026 765 750 748");
    expect(text).toContain("Chưa kiểm tra lại");
    const sum = (pick: (p: AggregatePdfModel["points"][number]) => number) =>
      formatCount(model.points.reduce((s, p) => s + pick(p), 0));
    expect(text).toContain(
      `Cộng 12 điểm ${sum((p) => p.roster)} ${sum((p) => p.issued)} ${sum((p) => p.collected)}`,
    );
    expect(text).toContain("2 điểm lấy phiếu chưa có trong số liệu tổng hợp:");
    expect(text).toContain(
      "Thôn Phú Ốc (P-13) Xã Sơn Thọ 28/10/2026 Quá ngày, chưa kết thúc Điểm đang tạm dừng, chưa có biên bản kiểm phiếu.",
    );
    expect(text).toContain(
      "Thôn Kim Ngọc (P-14) Xã Hương Điền 28/10/2026 Chờ ký Biên bản mới có một chữ ký, cần ít nhất hai.",
    );
    expect(text).toContain("Số liệu dưới đây chưa gồm 2 điểm lấy phiếu nêu tại mục I.");
    expect(text).toContain("tổng hợp kết quả từ biên bản kiểm phiếu đã ký của 12 điểm lấy phiếu;");
  });

  test("renderAggregatePdf - a missing point-day's state in the pages' words: one whose day had not come when the states were read is 'Chưa đến ngày', one whose day had passed 'Không mở', an excused one says 'Không tính (có lý do)'", async () => {
    const upcoming = {
      code: "P-15",
      name: "Thôn Lại Thế",
      commune: "Xã Hương Thọ",
      day: "2026-10-30",
      state: "not_opened",
      excused: false,
      reason: "Điểm chưa mở trong ngày này.",
    } as const;
    const excused = {
      ...upcoming,
      code: "P-16",
      name: "Thôn Thanh Lương",
      day: "2026-10-28",
      excused: true,
      reason: "Ban Tổ chức cho phép không tính: Thôn bị ngập lụt (Điểm chưa mở trong ngày này.)",
    } as const;
    // Figures drawn up on 29/10: the 30/10 point-day is still to come, the 28/10 one did not open.
    const flatText = flat(
      pageTexts(await renderAggregatePdf({ ...model, missing: [upcoming, excused] }, READ_ON)).join("\n"),
    );
    expect(flatText).toContain("Thôn Lại Thế (P-15) Xã Hương Thọ 30/10/2026 Chưa đến ngày Điểm chưa mở");
    expect(flatText).toContain(
      "Thôn Thanh Lương (P-16) Xã Hương Thọ 28/10/2026 Không mở Không tính (có lý do) Ban Tổ chức cho phép không tính",
    );
    expect(flatText).not.toContain("30/10/2026 Không mở");
    // The same draft printed on 31/10, figures still drawn up on 29/10: 30/10 passed without opening.
    const later = flat(
      pageTexts(
        await renderAggregatePdf({ ...model, certifiedAt: null, missing: [upcoming, excused] }, "2026-10-31"),
      ).join("\n"),
    );
    expect(later).toContain("Thôn Lại Thế (P-15) Xã Hương Thọ 30/10/2026 Không mở Điểm chưa mở");
    expect(later).not.toContain("Chưa đến ngày");
    expect(later).toContain("số liệu chốt lúc 10 giờ 00 phút, ngày 29/10/2026");
  });

  test("renderAggregatePdf - no comparison sign reaches the print ('<=' for a missing '≤' glyph)", () => {
    expect(text).not.toMatch(/<=|>=|≤|≥/u);
  });

  test("renderAggregatePdf - a point that votes on two days: its roster counted once (as its latest day says), the points counted once, the days named", async () => {
    const [first, second] = model.points;
    if (!first || !second) throw new Error("fixture");
    const again = { ...first, day: "2026-10-29", roster: first.roster + 5, issued: 10, collected: 9 };
    const twoDays: AggregatePdfModel = { ...model, points: [...model.points, again] };
    const flatText = flat(pageTexts(await renderAggregatePdf(twoDays, READ_ON)).join("\n"));
    const roster = model.points.reduce((s, p) => s + p.roster, 0) + 5;
    const issued = model.points.reduce((s, p) => s + p.issued, 0) + 10;
    const collected = model.points.reduce((s, p) => s + p.collected, 0) + 9;
    expect(flatText).toContain(
      `Cộng 12 điểm, 13 ngày lấy phiếu ${formatCount(roster)} ${formatCount(issued)} ${formatCount(collected)}`,
    );
    expect(flatText).toContain("của 12 điểm lấy phiếu (13 ngày lấy phiếu);");
    expect(second.code).not.toBe(first.code);
  });

  test("renderAggregatePdf - certification block with the board's signatures and the verification string", () => {
    expect(text).toContain(
      "Ban Tổ chức Huyện ủy Hương Trà xác nhận kết quả tổng hợp trên lúc 15 giờ 30 phút, ngày 29/10/2026",
    );
    expect(text).toContain("TRƯỞNG BAN TỔ CHỨC (Đã ký số) Khóa: 0A1B 2C3D 4E5F 6071 8293");
    expect(text).toContain("Hoàng Minh Tuệ");
    expect(text).toContain("Đỗ Thị Ngọc Hân");
    expect(text).toContain(model.verification);
    expect(pdfInfo(pdf)["CreationDate"]).toBe("2026-10-29T08:30:00Z");
  });

  test("renderAggregatePdf - deterministic: the same model gives the same bytes, whatever was rendered before", async () => {
    expect(sha256(await renderAggregatePdf(aggregateModel(20), READ_ON))).toBe(sha256(pdf));
    // A long-running server renders many documents with one parsed font: nothing may carry over.
    await renderMinutesPdf(minutesModel(120));
    expect(sha256(await renderAggregatePdf(aggregateModel(20), READ_ON))).toBe(sha256(pdf));
  });

  test("renderAggregatePdf - the heading “IV. XÁC NHẬN” goes to the page of the closing and signatures, never left alone at the foot of the page before", async () => {
    // 5, 17 and 29 officials left it orphaned before (the closing block moved to a new page alone).
    for (const n of [5, 17, 29]) {
      const pages = pageTexts(await renderAggregatePdf(aggregateModel(n), READ_ON));
      const heading = pages.findIndex((p) => p.includes("IV. XÁC NHẬN"));
      expect(heading).toBeGreaterThan(-1);
      expect(pages[heading]).toContain("xác nhận kết quả tổng hợp trên lúc");
    }
  });

  test("renderAggregatePdf - digest pinned: a change to the printed report is a deliberate one", () => {
    // Update after checking the new render by eye (pdftoppm -r 80 -png) when the layout changes.
    expect(sha256(pdf)).toBe("9657ef6f5d42694c645b7af91bc206f79288f13b0957e67aa238e68b183d2a11");
  });

  test("renderAggregatePdf - every Vietnamese word has ink (-r 50), nothing overlaps or leaves the margins", () => {
    const { faint, checked } = faintWords(pdf, 50, 4);
    expect(checked).toBeGreaterThan(600);
    expect(faint).toEqual([]);
    const all = words(pdf);
    expect(overlappingWords(all)).toEqual([]);
    expect(outsideMargins(all)).toEqual([]);
  });

  test("renderAggregatePdf - the QR code is uqr's matrix of the verification string, quiet zone blank", () => {
    expect(qrMismatches(pdf, pages.length, model.verification)).toEqual([]);
  });
});

describe("renderAggregatePdf - 120 officials", () => {
  const model = aggregateModel(120);
  let pages: string[];

  beforeAll(async () => {
    pages = pageTexts(await renderAggregatePdf(model, READ_ON));
  });

  test("renderAggregatePdf - the officials' table repeats its header on every page it spans", () => {
    expect(pages.length).toBe(12);
    const spanned = pages.filter((p) => flat(p).includes(HEADER));
    expect(spanned.length).toBeGreaterThanOrEqual(9);
    const text = flat(pages.join("\n"));
    model.officials.forEach((_, i) => {
      expect(text).toContain(expectedRow(model, i));
    });
    pages.forEach((page, i) => {
      expect(page).toContain(`Trang ${i + 1}/12`);
    });
  });
});

describe("renderAggregatePdf - draft", () => {
  test("renderAggregatePdf - before certification the document says it is a draft, dated when prepared", async () => {
    const base = aggregateModel(2);
    const pdf = await renderAggregatePdf(
      {
        ...base,
        heading: "state",
        missing: [],
        certifiedAt: null,
        signatures: base.signatures.map((s) => ({ ...s, signed: false })),
      },
      READ_ON,
    );
    const text = flat(pageTexts(pdf).join("\n"));
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc");
    expect(text).toContain("BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN");
    expect(text).toContain("Tất cả các điểm lấy phiếu của đợt đều có trong số liệu tổng hợp.");
    expect(text).toContain("(Chưa ký)");
    expect(text).not.toContain("Số liệu dưới đây chưa gồm");
    expect(pdfInfo(pdf)["CreationDate"]).toBe("2026-10-29T03:00:00Z");
  });
});
