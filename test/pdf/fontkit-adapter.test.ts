import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import oldFontkit from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, test } from "vitest";
import { embedNotoSerif } from "../../server/pdf/fontkit-adapter.ts";
import { PageFlow } from "../../server/pdf/layout.ts";
import { faintWords } from "./ink.ts";
import { inkIn, pageTexts, pdfFonts, rasterize, requirePoppler, sha256 } from "./poppler.ts";

beforeAll(requirePoppler);

const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]; // ngang, huyền, sắc, hỏi, ngã, nặng
const VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];

/** Every Vietnamese letter that carries a mark, with the plain letter it is built on. */
function markedLetters(): { letter: string; base: string }[] {
  const out: { letter: string; base: string }[] = [];
  for (const vowel of VOWELS) {
    const base = vowel.normalize("NFD").charAt(0);
    for (const tone of TONES) {
      const letter = (vowel + tone).normalize("NFC");
      if (letter === base) continue;
      // A mark above a lowercase i replaces its dot: compare with the dotless ı.
      const plain = base === "i" && tone !== "" && tone !== "\u0323" ? "ı" : base;
      out.push({ letter, base: plain });
      out.push({ letter: letter.toUpperCase(), base: base.toUpperCase() });
    }
  }
  out.push({ letter: "đ", base: "d" }, { letter: "Đ", base: "D" });
  return out;
}

const CELL = { width: 44, height: 46, size: 26, columns: 12, left: 30, top: 30 };

/** One letter per cell of a grid, so each glyph's ink can be measured on its own. */
async function letterSheet(letters: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" });
  const page = doc.addPage([595.28, 841.89]);
  page.setFont(fonts.regular);
  letters.forEach((letter, i) => {
    const { x, yTop } = cellOf(i);
    page.drawText(letter, { x: x + 8, y: 841.89 - yTop - CELL.height + 12, size: CELL.size });
  });
  return doc.save();
}

function cellOf(i: number): { x: number; yTop: number } {
  return {
    x: CELL.left + (i % CELL.columns) * CELL.width,
    yTop: CELL.top + Math.floor(i / CELL.columns) * CELL.height,
  };
}

describe("fontkit adapter", () => {
  // First in this file on purpose: each test file starts with a fresh module graph, so "Ư" has not
  // been laid out yet when "Ừ" is subset (Noto Serif draws Ừ as the Ư glyph plus a grave).
  test("embedNotoSerif - a letter first met inside a composite keeps its text in later documents", async () => {
    const render = async (text: string) => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      const flow = new PageFlow(doc, await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" }));
      flow.paragraph(text);
      return doc.save();
    };
    const first = await render("Ừ");
    const later = await render("Đặng Văn Ưởng");
    expect(pageTexts(first)[0]).toContain("Ừ");
    expect(pageTexts(later)[0]).toContain("Đặng Văn Ưởng");
    expect(sha256(await render("Đặng Văn Ưởng"))).toBe(sha256(later));
  });

  test("embedNotoSerif - every Vietnamese letter with a mark is drawn with more ink than its plain letter", async () => {
    const pairs = markedLetters();
    // 67 lowercase letters (66 vowels with marks and đ), and their capitals.
    expect(pairs).toHaveLength(134);
    const bases = [...new Set(pairs.map((p) => p.base))];
    const letters = [...bases, ...pairs.map((p) => p.letter)];
    const pdf = await letterSheet(letters);
    const [image] = rasterize(pdf, 72);
    if (image === undefined) throw new Error("no page rendered");
    const inkOf = (i: number) => {
      const { x, yTop } = cellOf(i);
      return inkIn(image, 72, { xMin: x, yMin: yTop, xMax: x + CELL.width, yMax: yTop + CELL.height });
    };
    const baseInk = new Map(bases.map((b, i) => [b, inkOf(i)]));
    const weak: string[] = [];
    pairs.forEach((p, i) => {
      const plain = baseInk.get(p.base) ?? 0;
      const marked = inkOf(bases.length + i);
      // A blank glyph (the old fork's bug) has no ink; a glyph that lost its marks has the
      // plain letter's. Every mark, even the grave accent, adds several percent at this size.
      if (!(plain > 2000 && marked > plain * 1.04))
        weak.push(`${p.letter}: ${marked} vs ${p.base}: ${plain}`);
    });
    expect(weak).toEqual([]);
    // And the text layer reads the same letters back, NFC.
    expect(pageTexts(pdf)[0]?.replace(/\s+/g, "")).toBe(letters.join(""));
  });

  test("embedNotoSerif - the fonts are embedded as tagged subsets, no standard font slips in", async () => {
    const pdf = await letterSheet(["Nguyễn"]);
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/AAAAAA\+NotoSerif-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).not.toMatch(/Helvetica/);
  });

  test("embedNotoSerif - refuses a subset tag that is not six capitals", async () => {
    const doc = await PDFDocument.create();
    await expect(embedNotoSerif(doc, { regular: "abc", bold: "ABCDEF" })).rejects.toThrow(/six capital/);
  });

  test("nfc - decomposed input draws exactly what its NFC form draws", async () => {
    const render = async (text: string) => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      const flow = new PageFlow(doc, await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" }));
      flow.paragraph(text);
      flow.paragraph({ text, bold: true });
      return doc.save();
    };
    const name = "Nguyễn Thị Thuý, Đặng Văn Ưởng, Trương Thị Kiều Oanh";
    const decomposed = name.normalize("NFD");
    expect(decomposed).not.toBe(name);
    const a = await render(name);
    const b = await render(decomposed);
    expect(sha256(b)).toBe(sha256(a));
    expect(pageTexts(b)[0]).toContain(name);
  });

  test("layout - a character Noto Serif lacks is printed as its stand-in, not as an empty box", async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const flow = new PageFlow(doc, await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" }));
    flow.paragraph("1.458 ≤ 1.472 ≥ 3");
    expect(pageTexts(await doc.save())[0]).toContain("1.458 không quá 1.472 không dưới 3");
  });

  test("layout - a comparison sign at the start of a line is spelt out on that line: the line break before it stays", async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const flow = new PageFlow(doc, await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" }));
    flow.paragraph("Thôn Tây ngập lụt\n≥ 3 ngày liền ≠\nkhông tổ chức được");
    const lines = (pageTexts(await doc.save())[0] ?? "").split("\n");
    expect(lines).toContain("Thôn Tây ngập lụt");
    expect(lines).toContain("không dưới 3 ngày liền khác");
    expect(lines).toContain("không tổ chức được");
  });

  test("ink check - control: the blank glyphs of the old @pdf-lib/fontkit are caught", async () => {
    // The fork DESIGN §8 warns about, used here only to show that the ink checks of the document
    // tests would fail on its output while pdftotext still reads every letter.
    const text = "Nguyễn Thị Thuý, Đặng Văn Ưởng, Trương Thị Kiều Oanh";
    const render = async (register: (doc: PDFDocument) => Promise<import("pdf-lib").PDFFont>) => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      const page = doc.addPage([595.28, 841.89]);
      page.drawText(text, { x: 40, y: 780, size: 12, font: await register(doc) });
      return doc.save();
    };
    const notoSerif = readFileSync(
      createRequire(import.meta.url).resolve(
        "@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf",
      ),
    );
    const broken = await render(async (doc) => {
      doc.registerFontkit(oldFontkit);
      return doc.embedFont(notoSerif, { subset: true });
    });
    const fixed = await render(
      async (doc) => (await embedNotoSerif(doc, { regular: "AAAAAA", bold: "AAAAAB" })).regular,
    );
    expect(pageTexts(broken)[0]).toContain(text);
    expect(faintWords(broken, 50, 4).faint.length).toBeGreaterThan(3);
    expect(faintWords(fixed, 50, 4)).toEqual({ faint: [], checked: 9 });
  });
});
