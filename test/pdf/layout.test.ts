import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, test } from "vitest";
import { type DocumentFonts, embedNotoSerif } from "../../server/pdf/fontkit-adapter.ts";
import {
  A4,
  OFFICIAL_MARGINS,
  PageFlow,
  textWidth,
  wrapBalanced,
  wrapText,
} from "../../server/pdf/layout.ts";
import { overlappingWords } from "./ink.ts";
import { flat, pageTexts, requirePoppler, words } from "./poppler.ts";

beforeAll(requirePoppler);

let fonts: DocumentFonts;

beforeAll(async () => {
  fonts = await embedNotoSerif(await PDFDocument.create(), { regular: "AAAAAA", bold: "AAAAAB" });
});

const SENTENCE =
  "Cấp có thẩm quyền miễn nhiệm chức vụ đang đảm nhiệm và bố trí công tác khác thấp hơn, không chờ hết nhiệm kỳ hoặc hết thời hạn bổ nhiệm.";

describe("wrapText", () => {
  test.each([
    { name: "a sentence at 9 pt in 120 pt", text: SENTENCE, size: 9, width: 120 },
    { name: "a sentence at 11 pt in 300 pt", text: SENTENCE, size: 11, width: 300 },
    { name: "a name in a narrow cell", text: "Trương Thị Kiều Oanh", size: 8, width: 50 },
  ])("wrapText - $name: every line fits and no word is lost or broken", ({ text, size, width }) => {
    const lines = wrapText(fonts.regular, text, size, width);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(fonts.regular, line, size)).toBeLessThanOrEqual(width);
    expect(lines.join(" ")).toBe(text);
  });

  test("wrapText - a word wider than the line (a digest) is cut at characters", () => {
    const digest = "2f76a3514d777a43842b0931db2e4fc7e1b6cd9092c58269ee3ac2413288b95d";
    const lines = wrapText(fonts.regular, digest, 9, 100);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join("")).toBe(digest);
    for (const line of lines) expect(textWidth(fonts.regular, line, 9)).toBeLessThanOrEqual(100);
  });

  test("wrapText - a newline starts a line, runs of spaces count as one, text comes out NFC", () => {
    expect(wrapText(fonts.regular, "Thôn   Đông\nPhước", 10, 500)).toEqual(["Thôn Đông", "Phước"]);
    expect(wrapText(fonts.regular, "Nguyễn".normalize("NFD"), 10, 500)).toEqual(["Nguyễn"]);
  });

  test("wrapBalanced - the same number of lines as greedy wrapping, none left with one word", () => {
    const title = "Lấy phiếu đánh giá, tín nhiệm cán bộ, công chức các xã sáp nhập";
    const greedy = wrapText(fonts.bold, title, 11, 330);
    const balanced = wrapBalanced(fonts.bold, title, 11, 330);
    expect(greedy.at(-1)).toBe("nhập");
    expect(balanced).toHaveLength(greedy.length);
    expect(balanced.join(" ")).toBe(title);
    const widths = balanced.map((l) => textWidth(fonts.bold, l, 11));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(60);
  });

  test("wrapBalanced - never breaks a word that fits whole", () => {
    expect(wrapBalanced(fonts.bold, "Tín nhiệm cao", 8, 34)).toEqual(["Tín", "nhiệm", "cao"]);
  });
});

describe("PageFlow", () => {
  async function longTable(): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const flow = new PageFlow(doc, await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" }));
    flow.paragraph({ text: "BẢNG THỬ", bold: true }, { align: "center" });
    flow.table(
      [
        { header: "STT", width: 30, align: "center" },
        { header: "Họ và tên người được lấy phiếu", width: 200 },
        { header: "Số phiếu", width: 80, align: "right" },
      ],
      Array.from({ length: 150 }, (_, i) => ({
        cells: [
          String(i + 1),
          i % 10 === 0 ? [`Người số ${i + 1}`, "Ghi chú dài hai dòng"] : `Người số ${i + 1}`,
          `${(i * 37) % 2000}`,
        ],
      })),
    );
    flow.finish();
    return doc.save();
  }

  test("PageFlow.table - the header row is repeated on every page, rows are whole and in order", async () => {
    const pages = pageTexts(await longTable());
    expect(pages.length).toBeGreaterThanOrEqual(4);
    let next = 1;
    pages.forEach((page, p) => {
      const text = flat(page);
      expect(text).toContain("STT Họ và tên người được lấy phiếu Số phiếu");
      expect(text).toContain(`Trang ${p + 1}/${pages.length}`);
      for (const [, n, name, count] of text.matchAll(
        /(\d+) (Người số \d+)(?: Ghi chú dài hai dòng)? (\d+)/g,
      )) {
        expect(Number(n)).toBe(next);
        expect(name).toBe(`Người số ${next}`);
        expect(count).toBe(String(((next - 1) * 37) % 2000));
        next++;
      }
    });
    expect(next).toBe(151);
  });

  test("PageFlow.table - numbers are right-aligned, nothing leaves the margins or overlaps", async () => {
    const pdf = await longTable();
    const all = words(pdf);
    const right = A4.width - OFFICIAL_MARGINS.right;
    for (const w of all) {
      expect(w.xMin).toBeGreaterThanOrEqual(OFFICIAL_MARGINS.left - 0.01);
      if (!w.text.startsWith("Trang")) expect(w.xMax).toBeLessThanOrEqual(right + 0.01);
    }
    const counts = all.filter((w) => /^\d+$/.test(w.text) && w.xMin > 300);
    expect(counts.length).toBe(150);
    const edges = counts.map((w) => w.xMax);
    expect(Math.max(...edges) - Math.min(...edges)).toBeLessThan(0.5);
    expect(overlappingWords(all)).toEqual([]);
  });
});
