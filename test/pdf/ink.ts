/**
 * Ink checks shared by the document tests: every word pdftotext finds must also be visible on the
 * rendered page, and the QR code on the last page must be the matrix uqr encodes.
 */
import { encode } from "uqr";
import { QR_BOX, QR_OPTIONS, QR_QUIET_MODULES, qrModuleSize } from "../../server/pdf/document.ts";
import { A4, OFFICIAL_MARGINS } from "../../server/pdf/layout.ts";
import type { Gray } from "./png.ts";
import { inkIn, rasterize, type Word, words } from "./poppler.ts";

const A4_HEIGHT = A4.height;

/** A letter outside ASCII: the kind the old font subsetting left blank. */
const VIETNAMESE = /(?!\p{ASCII})\p{L}/u;

/**
 * Ink of every word with a Vietnamese letter, at `dpi`, per character and relative to the size
 * of the text. Returns the words below `minimum` (a blank glyph has no ink at all).
 */
export function faintWords(
  pdf: Uint8Array,
  dpi: number,
  minimum: number,
): { faint: string[]; checked: number } {
  const pages = rasterize(pdf, dpi);
  const faint: string[] = [];
  let checked = 0;
  for (const word of words(pdf)) {
    if (!VIETNAMESE.test(word.text)) continue;
    const image = pages[word.page - 1];
    if (image === undefined) throw new Error(`page ${word.page} was not rendered`);
    checked++;
    // Darkness per character, scaled by the word box's height squared (pixels at this dpi):
    // comparable between a 14 pt title and an 8 pt footer.
    const height = ((word.yMax - word.yMin) * dpi) / 72;
    const density = inkIn(image, dpi, word) / [...word.text].length / (height * height);
    if (density < minimum) faint.push(`p${word.page} “${word.text}”: ${density.toFixed(2)}`);
  }
  return { faint, checked };
}

export function findWord(all: readonly Word[], text: string): Word {
  const word = all.find((w) => w.text === text);
  if (word === undefined) throw new Error(`word “${text}” not found`);
  return word;
}

/**
 * Samples the centre of every module of the QR code on the last page and compares it with uqr's
 * matrix for `text`; also checks that the four-module quiet zone is blank. Returns mismatches.
 */
export function qrMismatches(pdf: Uint8Array, pageCount: number, text: string): string[] {
  const dpi = 144;
  const [image] = rasterize(pdf, dpi, { first: pageCount, last: pageCount });
  if (image === undefined) throw new Error("last page not rendered");
  const qr = encode(text, QR_OPTIONS);
  const module = qrModuleSize(qr.size);
  const k = dpi / 72;
  // The QR box in points from the top-left corner of the page.
  const left = QR_BOX.x;
  const top = A4_HEIGHT - QR_BOX.y - QR_BOX.size;
  const total = qr.size + 2 * QR_QUIET_MODULES;
  const sample = (row: number, col: number): number => {
    const x = Math.floor((left + (col + 0.5) * module) * k);
    const y = Math.floor((top + (row + 0.5) * module) * k);
    return at(image, x, y);
  };
  const problems: string[] = [];
  for (let row = 0; row < total; row++) {
    for (let col = 0; col < total; col++) {
      const r = row - QR_QUIET_MODULES;
      const c = col - QR_QUIET_MODULES;
      const inside = r >= 0 && c >= 0 && r < qr.size && c < qr.size;
      const dark = inside && (qr.data[r]?.[c] ?? false);
      const value = sample(row, col);
      if (dark ? value > 64 : value < 192) {
        problems.push(
          `${inside ? "module" : "quiet zone"} (${r}, ${c}) expected ${dark ? "dark" : "light"}, gray ${value}`,
        );
      }
    }
  }
  // The quiet zone must be blank across its whole area, not only at module centres. Each band
  // stops half a module short of the symbol so that anti-aliasing of its edge does not count.
  const q = QR_QUIET_MODULES * module;
  const edge = QR_BOX.size - q + module / 2;
  const bands = {
    top: { xMin: left, yMin: top, xMax: left + QR_BOX.size, yMax: top + q - module / 2 },
    bottom: { xMin: left, yMin: top + edge, xMax: left + QR_BOX.size, yMax: top + QR_BOX.size },
    left: { xMin: left, yMin: top, xMax: left + q - module / 2, yMax: top + QR_BOX.size },
    right: { xMin: left + edge, yMin: top, xMax: left + QR_BOX.size, yMax: top + QR_BOX.size },
  };
  for (const [side, band] of Object.entries(bands)) {
    const ink = inkIn(image, dpi, band);
    if (ink > 0) problems.push(`ink in the ${side} quiet zone: ${ink}`);
  }
  return problems;
}

const at = (image: Gray, x: number, y: number): number => image.pixels[y * image.width + x] ?? 255;

/**
 * Pairs of words on the same page whose boxes overlap by more than a sliver: text drawn over
 * text. pdftotext's boxes run from the font's ascender to its descender, which for Noto Serif
 * is just under our line height, so neighbouring lines may touch but not overlap by a quarter.
 */
export function overlappingWords(all: readonly Word[]): string[] {
  const problems: string[] = [];
  const byPage = new Map<number, Word[]>();
  for (const w of all) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const [page, list] of byPage) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a === undefined || b === undefined) continue;
        const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        const minHeight = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
        if (dx > 0.5 && dy > minHeight * 0.25) problems.push(`p${page} “${a.text}” × “${b.text}”`);
      }
    }
  }
  return problems;
}

/**
 * Words outside the type area (OFFICIAL_MARGINS), except the footer line drawn in the middle of
 * the bottom margin: a clipped column or a line run off the page shows up here.
 */
export function outsideMargins(all: readonly Word[]): string[] {
  const m = OFFICIAL_MARGINS;
  const right = A4.width - m.right;
  const bottom = A4.height - m.bottom;
  const footerTop = A4.height - m.bottom / 2 - 12;
  return all
    .filter((w) => {
      const inFooter = w.yMin >= footerTop && w.yMax <= A4.height - m.bottom / 4;
      const inside = w.yMin >= m.top - 0.5 && w.yMax <= bottom + 0.5;
      return w.xMin < m.left - 0.01 || w.xMax > right + 0.01 || !(inside || inFooter);
    })
    .map((w) => `p${w.page} “${w.text}” (${w.xMin}, ${w.yMin})`);
}
