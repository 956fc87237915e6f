import { beforeAll, describe, expect, test } from "vitest";
import { bandLabel, formatCount, formatPercent } from "../../server/domain/format.ts";
import { type MinutesPdfModel, renderMinutesPdf } from "../../server/pdf/minutes-pdf.ts";
import { FIXED_NAMES, minutesModel } from "./fixtures.ts";
import { faintWords, outsideMargins, overlappingWords, qrMismatches } from "./ink.ts";
import { flat, pageTexts, pdfFonts, pdfInfo, requirePoppler, sha256, words } from "./poppler.ts";

beforeAll(requirePoppler);

/** One official's row as pdftotext reads it: the cells left to right, whitespace collapsed. */
function expectedRow(model: MinutesPdfModel, i: number): string {
  const o = model.officials[i];
  if (o === undefined) throw new Error(`no official ${i}`);
  const level = (n: number) => `${formatCount(n)} ${formatPercent(n, o.denominator)}%`;
  return [
    String(i + 1),
    o.name,
    o.position,
    level(o.high),
    level(o.medium),
    level(o.low),
    formatCount(o.blank),
    formatCount(o.denominator),
    bandLabel(o.band, model.ruleSet.thresholds),
  ].join(" ");
}

describe("renderMinutesPdf - 20 officials", () => {
  const model = minutesModel(20);
  let pdf: Uint8Array;
  let pages: string[];
  let text: string;

  beforeAll(async () => {
    pdf = await renderMinutesPdf(model);
    pages = pageTexts(pdf);
    text = flat(pages.join("\n"));
  });

  test("renderMinutesPdf - heading, title and point as an official document prints them", () => {
    // A Party committee's board runs the campaign: its teams' minutes carry the Party's heading,
    // as its own report does (test/pdf/letterhead.test.ts). The team is no Party body: a rule under
    // its name, not the Party's star.
    expect(text).not.toContain("*");
    for (const line of [
      "BAN TỔ CHỨC HUYỆN ỦY HƯƠNG TRÀ",
      "TỔ CÔNG TÁC THÔN ĐÔNG PHƯỚC",
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "Quang Thọ, ngày 27 tháng 10 năm 2026",
      "BIÊN BẢN KIỂM PHIẾU Lấy phiếu đánh giá, tín nhiệm cán bộ, công chức các xã sáp nhập Điểm lấy phiếu: Thôn Đông Phước (mã HQ-T01), xã Hương Quang, nay thuộc xã Quang Thọ.",
      "Mở điểm lúc 07 giờ 00 phút, ngày 27/10/2026; kết thúc lấy phiếu và kiểm phiếu lúc 17 giờ 05 phút, ngày 27/10/2026.",
    ]) {
      expect(text).toContain(line);
    }
    // Codes are for files and tools: the campaign and its rule by name only.
    expect(text).not.toContain("VQ-2019-SN");
    expect(text).not.toContain("qd96-2023");
  });

  test("renderMinutesPdf - every official's name NFC-exact, and every count of their row in order", () => {
    expect(text).toBe(text.normalize("NFC"));
    for (const name of FIXED_NAMES) expect(text).toContain(name);
    // Written out once by hand, so the test does not only repeat the renderer's own formatting.
    expect(text).toContain(
      "1 Nguyễn Thị Thuý Bí thư Đảng ủy xã 873 59,88% 583 39,99% 0 0,00% 2 1.458 Không quá nửa",
    );
    model.officials.forEach((_, i) => {
      expect(text).toContain(expectedRow(model, i));
    });
  });

  test("renderMinutesPdf - the counts, the rule set and its base", () => {
    expect(text).toContain("Số người trong danh sách ghi phiếu 1.523 100,00%");
    expect(text).toContain("Số phiếu phát ra 1.472 96,65%");
    expect(text).toContain("Số phiếu thu về 1.458 95,73%");
    expect(text).toContain("Số phiếu phát ra nhưng không thu về 14 0,92%");
    expect(text).toContain("Căn cứ Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị. Tỉ lệ phần trăm");
    expect(text).toContain("Tỉ lệ phần trăm tính trên tổng số phiếu thu về");
    expect(text).toContain("Quá nửa đến dưới hai phần ba");
    expect(text).toContain("Từ hai phần ba trở lên");
  });

  test("renderMinutesPdf - a failed reconciliation check is printed with its detail and called out", () => {
    expect(text).toContain(
      "Tổng số dấu của từng người bằng số phiếu thu về KHÔNG KHỚP Ông Đặng Văn Ưởng: 1.457 dòng, thiếu 1 dòng so với 1.458 phiếu thu về",
    );
    expect(text).toContain("Số phiếu phát ra bằng số lượt phát phiếu Khớp 1.472 = 1.472");
    expect(text).toContain("Có 1 nội dung đối chiếu không khớp.");
  });

  test("renderMinutesPdf - a comparison in a check's detail is printed in words: Noto Serif has no '≤', and '<=' is not how a document writes it", () => {
    expect(text).toContain("Số phiếu thu về không lớn hơn số phiếu phát ra Khớp 1.458 không quá 1.472");
    expect(text).not.toMatch(/<=|>=|≤|≥/u);
  });

  test("renderMinutesPdf - warnings, incidents, officers and signatures", () => {
    expect(text).toContain(
      "Lưu ý: Số phiếu thu về bằng 95,73% số người trong danh sách ghi phiếu, thấp hơn mức tối thiểu 97% của đợt lấy phiếu.",
    );
    expect(text).toContain("09:40: Máy kiosk số 2 mất điện 5 phút");
    expect(text).toContain("1 Trương Thị Kiều Oanh CB-01 Tổ trưởng");
    expect(text).toContain("TỔ TRƯỞNG (Đã ký số) Khóa: 3F2A 91C0 7B1E 04D9 A6C2");
    expect(text).toContain("THÀNH VIÊN (Chưa ký) Khóa: C7D1 0A9E 4B25 F3C8 6D17");
    for (const s of model.signatures) expect(text).toContain(s.officer);
  });

  test("renderMinutesPdf - page count, Trang x/y and the digest on every page", () => {
    expect(pages).toHaveLength(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Trang ${i + 1}/3`);
      expect(page).toContain(model.digest.slice(0, 16));
    });
    const last = flat(pages[2] ?? "");
    const groups = model.digest.match(/.{8}/g) ?? [];
    expect(last).toContain(groups.join(" ").slice(0, 35));
    expect(last).toContain(groups.slice(4).join(" "));
    expect(last).toContain(model.verification);
  });

  test("renderMinutesPdf - metadata dated by the model, Noto Serif subsets only", () => {
    const info = pdfInfo(pdf);
    expect(info["CreationDate"]).toBe("2026-10-27T10:05:00Z");
    expect(info["ModDate"]).toBe("2026-10-27T10:05:00Z");
    expect(info["Title"]).toBe("Biên bản kiểm phiếu - Thôn Đông Phước - 27/10/2026");
    expect(info["Page size"]).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)/);
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/[A-P]{6}\+NotoSerif-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/[A-P]{6}\+NotoSerif-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    // The letterhead's place and date line.
    expect(fonts).toMatch(/[A-P]{6}\+NotoSerif-Italic\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts.trim().split("\n")).toHaveLength(5);
  });

  test("renderMinutesPdf - deterministic: the same model gives the same bytes", async () => {
    const again = await renderMinutesPdf(minutesModel(20));
    expect(sha256(again)).toBe(sha256(pdf));
    // No random trailer /ID: it is taken from the document digest.
    const tail = new TextDecoder("latin1").decode(pdf.subarray(-400));
    const id = model.digest.slice(0, 32);
    expect(tail).toContain(`/ID [ <${id}> <${id}> ]`);
  });

  test("renderMinutesPdf - digest pinned: a change to the printed minutes is a deliberate one", () => {
    // Update after checking the new render by eye (pdftoppm -r 80 -png) when the layout changes.
    expect(sha256(pdf)).toBe("79ecb97db7ae4f6c639f59f878974ae2eb7b883290770bf53161c1c067e44f5e");
  });

  test("renderMinutesPdf - every Vietnamese word has ink on the rendered page (-r 50)", () => {
    const { faint, checked } = faintWords(pdf, 50, 4);
    expect(checked).toBeGreaterThan(400);
    expect(faint).toEqual([]);
  });

  test("renderMinutesPdf - no text overlaps other text or leaves the page's margins", () => {
    const all = words(pdf);
    expect(overlappingWords(all)).toEqual([]);
    expect(outsideMargins(all)).toEqual([]);
  });

  test("renderMinutesPdf - the QR code is uqr's matrix of the verification string, quiet zone blank", () => {
    expect(qrMismatches(pdf, pages.length, model.verification)).toEqual([]);
  });
});

describe("renderMinutesPdf - 120 officials", () => {
  const model = minutesModel(120);
  let pages: string[];

  beforeAll(async () => {
    pages = pageTexts(await renderMinutesPdf(model));
  });

  test("renderMinutesPdf - the officials' table flows over pages with its header row repeated", () => {
    expect(pages.length).toBe(9);
    // Page 1 opens the table; pages 2 to 7 carry only its continuation.
    for (const page of pages.slice(0, 7)) {
      expect(flat(page)).toContain(
        "STT Họ và tên, chức vụ Tín nhiệm cao Tín nhiệm Tín nhiệm thấp Không đánh dấu Mẫu số Mức phiếu tín nhiệm thấp",
      );
    }
    const text = flat(pages.join("\n"));
    model.officials.forEach((o, i) => {
      expect(text).toContain(o.name);
      expect(text).toContain(expectedRow(model, i));
    });
    pages.forEach((page, i) => {
      expect(page).toContain(`Trang ${i + 1}/9`);
    });
  });

  test("renderMinutesPdf - no row is split between pages", () => {
    // A split row would leave a page ending in a name without its counts: each page's last table
    // row ends with its band caption.
    for (const page of pages.slice(0, 6)) {
      const body = flat(page)
        .replace(/ ?Biên bản kiểm phiếu điểm .*$/, "")
        .replace(/ ?Trang \d+\/\d+$/, "");
      expect(body).toMatch(/(Không quá nửa|Quá nửa đến dưới hai phần ba|Từ hai phần ba trở lên)$/);
    }
  });
});

describe("renderMinutesPdf - edge cases", () => {
  test("renderMinutesPdf - a point with no ballots prints dashes for percentages, never NaN", async () => {
    const base = minutesModel(3);
    const model: MinutesPdfModel = {
      ...base,
      counts: { roster: 40, issued: 0, collected: 0, notCollected: 0 },
      officials: base.officials.map((o) => ({
        ...o,
        high: 0,
        medium: 0,
        low: 0,
        blank: 0,
        denominator: 0,
        band: "no_votes",
      })),
      warnings: [{ kind: "small_point", collected: 0, threshold: 5 }],
      incidents: [],
      checks: [],
    };
    const text = flat(pageTexts(await renderMinutesPdf(model)).join("\n"));
    expect(text).toContain("1 Nguyễn Thị Thuý Bí thư Đảng ủy xã 0 — 0 — 0 — 0 0 Không có phiếu");
    expect(text).toContain("Không có sự cố.");
    expect(text).toContain("Lưu ý: Điểm chỉ thu về 0 phiếu, ít hơn 5 phiếu");
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  });

  test("renderMinutesPdf - a finding about the whole day is printed 'Trong ngày', not at the close's time", async () => {
    const base = minutesModel(3);
    const text = flat(
      pageTexts(
        await renderMinutesPdf({
          ...base,
          incidents: [
            { at: "2026-10-27T02:40:00.000Z", text: "Máy kiosk số 2 mất điện 5 phút" },
            { at: null, text: "Hệ thống phát hiện Máy 1 gửi phiếu nhanh bất thường" },
          ],
        }),
      ).join("\n"),
    );
    expect(text).toContain("- 09:40: Máy kiosk số 2 mất điện 5 phút");
    expect(text).toContain("- Trong ngày: Hệ thống phát hiện Máy 1 gửi phiếu nhanh bất thường");
  });

  test("renderMinutesPdf - a printout says when signatures are missing and which version it is", async () => {
    const draft = flat(
      pageTexts(await renderMinutesPdf({ ...minutesModel(3), status: { version: 2, complete: false } })).join(
        "\n",
      ),
    );
    expect(draft).toContain("các xã sáp nhập Phiên bản 2, lập lại sau khi biên bản được mở lại.");
    expect(draft).toContain("BẢN CHƯA ĐỦ CHỮ KÝ");
    const final = flat(
      pageTexts(await renderMinutesPdf({ ...minutesModel(3), status: { version: 1, complete: true } })).join(
        "\n",
      ),
    );
    expect(final).not.toContain("BẢN CHƯA ĐỦ CHỮ KÝ");
    expect(final).not.toContain("Phiên bản");
  });

  test("renderMinutesPdf - a long team name breaks where its parts meet; the commune is not said twice", async () => {
    const model = minutesModel(3, {
      issuer: {
        superior: "Ban Tổ chức Huyện ủy Hương Trà",
        name: "Tổ công tác Thôn 2, Xã Hương Quang",
        party: false,
      },
      point: {
        code: "HQ-T2",
        name: "Thôn 2, Xã Hương Quang",
        commune: "Xã Hương Quang",
        newCommune: "Xã Quang Thọ",
      },
    });
    const first = pageTexts(await renderMinutesPdf(model))[0] ?? "";
    expect(first).toMatch(/TỔ CÔNG TÁC THÔN 2\s*\n\s*XÃ HƯƠNG QUANG/);
    expect(flat(first)).toContain(
      "Điểm lấy phiếu: Thôn 2, Xã Hương Quang (mã HQ-T2), nay thuộc xã Quang Thọ.",
    );
  });

  test("renderMinutesPdf - refuses a digest that is not 64 lowercase hex digits", async () => {
    await expect(renderMinutesPdf({ ...minutesModel(1), digest: "ABC" })).rejects.toThrow(/64 lowercase hex/);
  });
});
