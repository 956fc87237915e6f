/**
 * A small layout kit for A4 documents: a cursor that flows down the page and onto new pages,
 * paragraphs wrapped by measured width, tables whose header row is repeated on every page, and
 * "Trang x/y" on every page once the page count is known.
 *
 * Coordinates: pdf-lib's origin is the bottom-left corner; the kit keeps `y` as the top of the next
 * thing to draw and moves it down.
 */
import {
  beginText,
  type Color,
  endText,
  lineTo,
  moveTo,
  type PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  setFontAndSize,
  setLineWidth,
  setStrokingColor,
  setTextMatrix,
  showText,
  stroke,
} from "pdf-lib";
import { type DocumentFonts, printable } from "./fontkit-adapter.ts";

const MM = 72 / 25.4;

/** A4 portrait in points. */
export const A4 = { width: 210 * MM, height: 297 * MM } as const;

export type Margins = {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
};

/**
 * Nghị định 30/2020/NĐ-CP, Phụ lục I: top and bottom 20–25 mm, left 30–35 mm (room for binding),
 * right 15–20 mm. The smallest of each range leaves the widest tables the most room.
 */
export const OFFICIAL_MARGINS: Margins = { top: 20 * MM, right: 15 * MM, bottom: 20 * MM, left: 30 * MM };

export const INK: Color = rgb(0, 0, 0);
export const RED: Color = rgb(0.75, 0.05, 0.05);
export const GREY: Color = rgb(0.35, 0.35, 0.35);
export const HEADER_FILL: Color = rgb(0.9, 0.9, 0.9);
export const FAIL_FILL: Color = rgb(0.99, 0.9, 0.9);

export type Align = "left" | "center" | "right";

export type Style = {
  readonly bold?: boolean | undefined;
  /** Regular italic (the letterhead's place and date line); bold wins over it. */
  readonly italic?: boolean | undefined;
  /** Wrap to even line lengths (always for centred text; table cells ask for it). */
  readonly balance?: boolean | undefined;
  readonly size?: number | undefined;
  readonly color?: Color | undefined;
};

/** One paragraph of a block or a cell. */
export type Part = string | ({ readonly text: string; readonly align?: Align | undefined } & Style);

/** What a table cell holds: one paragraph, or several stacked. */
export type Cell = Part | readonly Part[];

export type Column = {
  readonly header: string;
  /** Relative width: the columns share the content width in these proportions. */
  readonly width: number;
  readonly align?: Align;
};

export type TableRow = {
  readonly cells: readonly Cell[];
  /** A paragraph across the full table width under the cells, kept on the same page as them. */
  readonly note?: Cell | undefined;
  readonly fill?: Color | undefined;
  /** Colour of every paragraph in the row that does not set its own. */
  readonly color?: Color | undefined;
};

export type TableOptions = {
  readonly size?: number;
  readonly padding?: number;
};

const LINE_HEIGHT = 1.36;
/** Noto Serif's ascender (1069/1000 em): stacked Vietnamese marks on capitals reach that high. */
const ASCENT = 1.069;
const BASE_SIZE = 11;

export const lineHeightOf = (size: number): number => size * LINE_HEIGHT;

// ---------------------------------------------------------------------------------------------
// Measuring and wrapping
// ---------------------------------------------------------------------------------------------

/** Word widths at 1 pt, per embedded font: fontkit lays out every measured string, which adds up. */
const widthCache = new WeakMap<PDFFont, Map<string, number>>();

export function textWidth(font: PDFFont, text: string, size: number): number {
  let cache = widthCache.get(font);
  if (cache === undefined) {
    cache = new Map();
    widthCache.set(font, cache);
  }
  let width = cache.get(text);
  if (width === undefined) {
    // As drawn: a string measured whole (a heading, a motto) may still hold a sign spelt out in words.
    width = font.widthOfTextAtSize(printable(text), 1);
    cache.set(text, width);
  }
  return width * size;
}

/** Splits a word that is wider than the line (a digest, a long code) at character boundaries. */
function breakWord(font: PDFFont, word: string, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const char of word) {
    if (current !== "" && textWidth(font, current + char, size) > maxWidth) {
      pieces.push(current);
      current = char;
    } else {
      current += char;
    }
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

/**
 * Greedy wrapping at spaces, by the width the font really gives each word: Vietnamese syllables are
 * written as separate words, so a space is always a fair place to break. Explicit newlines start
 * a new line; runs of spaces count as one.
 */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const space = textWidth(font, " ", size);
  for (const paragraph of printable(text).split("\n")) {
    const words = paragraph.split(/\s+/).filter((w) => w !== "");
    let line = "";
    let width = 0;
    for (const word of words) {
      const w = textWidth(font, word, size);
      if (line !== "" && width + space + w <= maxWidth) {
        line += ` ${word}`;
        width += space + w;
        continue;
      }
      if (line !== "") lines.push(line);
      if (w <= maxWidth) {
        line = word;
        width = w;
        continue;
      }
      const pieces = breakWord(font, word, size, maxWidth);
      line = pieces.pop() ?? "";
      lines.push(...pieces);
      width = textWidth(font, line, size);
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Wrapping for centred text (titles, headings, header cells): the same number of lines as greedy
 * wrapping, at the narrowest width that keeps it, so a title does not end on one orphaned word.
 */
export function wrapBalanced(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const greedy = wrapText(font, text, size, maxWidth);
  if (greedy.length < 2) return greedy;
  // Never narrower than the widest word: balancing must not break a word that fits whole.
  const widest = Math.max(
    ...printable(text)
      .split(/\s+/)
      .map((w) => textWidth(font, w, size)),
  );
  if (widest >= maxWidth) return greedy;
  let low = Math.max(maxWidth / greedy.length, widest);
  let high = maxWidth;
  let best = greedy;
  for (let i = 0; i < 12 && high - low > 0.5; i++) {
    const mid = (low + high) / 2;
    const lines = wrapText(font, text, size, mid);
    if (lines.length <= greedy.length) {
      best = lines;
      high = mid;
    } else {
      low = mid;
    }
  }
  return best;
}

type Laid = { lines: string[]; font: PDFFont; size: number; color: Color; align: Align };

const partsOf = (cell: Cell): readonly Part[] =>
  typeof cell === "string" || !Array.isArray(cell) ? [cell as Part] : cell;

// ---------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------

export type FlowOptions = {
  readonly margins?: Margins;
  /** Printed at the foot of every page, left of "Trang x/y": ties loose pages to their document. */
  readonly footer?: string;
};

export class PageFlow {
  readonly pages: PDFPage[] = [];
  readonly margins: Margins;
  page: PDFPage;
  y: number;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: DocumentFonts,
    readonly options: FlowOptions = {},
  ) {
    this.margins = options.margins ?? OFFICIAL_MARGINS;
    this.page = this.addPage();
    this.y = this.top;
  }

  get left(): number {
    return this.margins.left;
  }
  get right(): number {
    return A4.width - this.margins.right;
  }
  get width(): number {
    return this.right - this.left;
  }
  get top(): number {
    return A4.height - this.margins.top;
  }
  get bottom(): number {
    return this.margins.bottom;
  }
  /** Height left above the bottom margin. */
  get remaining(): number {
    return this.y - this.bottom;
  }

  addPage(): PDFPage {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(page);
    this.page = page;
    this.y = this.top;
    return page;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (height > this.remaining && this.y < this.top) this.addPage();
  }

  gap(height: number): void {
    this.y -= height;
  }

  fontOf(style: Style): PDFFont {
    if (style.bold) return this.fonts.bold;
    return style.italic ? (this.fonts.italic ?? this.fonts.regular) : this.fonts.regular;
  }

  private lay(part: Part, width: number, defaults: Style & { align?: Align | undefined }): Laid {
    const p = typeof part === "string" ? { text: part } : part;
    const style = { ...defaults, ...stripUndefined(p) };
    const font = this.fontOf(style);
    const size = style.size ?? BASE_SIZE;
    const align = style.align ?? "left";
    return {
      lines: (align === "center" || style.balance ? wrapBalanced : wrapText)(font, p.text, size, width),
      font,
      size,
      color: style.color ?? INK,
      align,
    };
  }

  private drawLine(text: string, laid: Laid, x: number, width: number, top: number): void {
    if (text === "") return;
    const w = textWidth(laid.font, text, laid.size);
    const dx = laid.align === "right" ? width - w : laid.align === "center" ? (width - w) / 2 : 0;
    this.drawText(this.page, text, x + dx, top - laid.size * ASCENT, laid.font, laid.size, laid.color);
  }

  /** Each page's resource name for each font, registered once per page. */
  private readonly fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

  private fontKey(page: PDFPage, font: PDFFont): PDFName {
    let keys = this.fontKeys.get(page);
    if (keys === undefined) {
      keys = new Map();
      this.fontKeys.set(page, keys);
    }
    let key = keys.get(font);
    if (key === undefined) {
      key = page.node.newFontDictionary(font.name, font.ref);
      keys.set(font, key);
    }
    return key;
  }

  /**
   * One line of text as six operators. pdf-lib's `drawText({ font })` adds a new entry to the
   * page's font resources on every call (`setFont` picks a fresh key each time) and wraps each
   * line in a graphics state: thousands of resource entries for a long table, and most of the
   * render time. Text here changes no state but the fill colour, which every drawing sets anew.
   */
  private drawText(
    page: PDFPage,
    text: string,
    x: number,
    y: number,
    font: PDFFont,
    size: number,
    color: Color,
  ): void {
    page.pushOperators(
      beginText(),
      setFillingColor(color),
      setFontAndSize(this.fontKey(page, font), size),
      setTextMatrix(1, 0, 0, 1, x, y),
      showText(font.encodeText(printable(text))),
      endText(),
    );
  }

  /** Height the parts take when wrapped to `width`. */
  measure(parts: Cell, width: number, defaults: Style = {}): number {
    let height = 0;
    for (const part of partsOf(parts)) {
      const laid = this.lay(part, width, defaults);
      height += laid.lines.length * lineHeightOf(laid.size);
    }
    return height;
  }

  /**
   * Draws wrapped parts in a box at (x, top) without moving the cursor or breaking the page;
   * returns the height used. For side-by-side blocks (the document header, signatures, cells).
   */
  drawBlock(
    parts: Cell,
    x: number,
    width: number,
    top: number,
    defaults: Style & { align?: Align } = {},
  ): number {
    let y = top;
    for (const part of partsOf(parts)) {
      const laid = this.lay(part, width, defaults);
      for (const line of laid.lines) {
        this.drawLine(line, laid, x, width, y);
        y -= lineHeightOf(laid.size);
      }
    }
    return top - y;
  }

  /** A paragraph in the flow, across the content width (or indented), breaking pages between lines. */
  paragraph(part: Part, options: { indent?: number; spaceAfter?: number; align?: Align } = {}): void {
    const indent = options.indent ?? 0;
    const laid = this.lay(part, this.width - indent, { align: options.align });
    const lh = lineHeightOf(laid.size);
    // A short paragraph is never split; a long one keeps at least two lines at the foot of a page.
    this.ensure(laid.lines.length <= 3 ? laid.lines.length * lh : 2 * lh);
    for (const line of laid.lines) {
      this.ensure(lh);
      this.drawLine(line, laid, this.left + indent, this.width - indent, this.y);
      this.y -= lh;
    }
    this.y -= options.spaceAfter ?? laid.size * 0.4;
  }

  hline(x1: number, x2: number, y: number, thickness = 0.6, color: Color = INK): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }

  rect(x: number, top: number, width: number, height: number, fill: Color): void {
    this.page.drawRectangle({ x, y: top - height, width, height, color: fill });
  }

  /**
   * A ruled table across the content width. A row is never split; when the next row does not fit,
   * the table continues on a new page under a repeat of its header row.
   */
  table(columns: readonly Column[], rows: readonly TableRow[], options: TableOptions = {}): void {
    const size = options.size ?? 9;
    const pad = options.padding ?? 3;
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const xs: number[] = [];
    let x = this.left;
    for (const w of widths) {
      xs.push(x);
      x += w;
    }
    const inner = (i: number) => (widths[i] ?? 0) - 2 * pad;

    // A caption's longest word must fit its column whole: narrow numeric columns get a smaller size.
    const headerSize = (header: string, i: number): number => {
      const widest = Math.max(
        ...printable(header)
          .split(/\s+/)
          .map((w) => textWidth(this.fonts.bold, w, 1)),
      );
      return Math.max(5.5, Math.min(size, (inner(i) - 0.5) / widest));
    };
    const headerParts = columns.map((c, i) => ({
      text: c.header,
      bold: true,
      size: headerSize(c.header, i),
      align: "center" as const,
    }));
    const headerHeight = Math.max(...headerParts.map((p, i) => this.measure(p, inner(i)))) + 2 * pad;

    const drawHeader = () => {
      const top = this.y;
      this.rect(this.left, top, this.width, headerHeight, HEADER_FILL);
      headerParts.forEach((p, i) => {
        const h = this.measure(p, inner(i));
        // Header captions are centred vertically: short ones sit level with wrapped neighbours.
        this.drawBlock(p, (xs[i] ?? 0) + pad, inner(i), top - pad - (headerHeight - 2 * pad - h) / 2);
      });
      this.grid(xs, top, headerHeight, true);
      this.y -= headerHeight;
    };

    const defaultsFor = (row: TableRow, i: number): Style & { align: Align } => ({
      size,
      balance: true,
      color: row.color,
      align: columns[i]?.align ?? "left",
    });

    const heights = rows.map((row) => {
      const cells =
        Math.max(...row.cells.map((c, i) => this.measure(c, inner(i), defaultsFor(row, i)))) + 2 * pad;
      const note =
        row.note === undefined
          ? 0
          : this.measure(row.note, this.width - 2 * pad, { size, color: row.color }) + 2 * pad;
      return { cells, note };
    });
    // A header row alone at the foot of a page says nothing: it goes with the first row.
    const first = heights[0];
    this.ensure(headerHeight + (first === undefined ? 0 : first.cells + first.note));
    drawHeader();
    rows.forEach((row, r) => {
      const { cells: cellsHeight, note: noteHeight } = heights[r] ?? { cells: 0, note: 0 };
      const height = cellsHeight + noteHeight;
      if (height > this.remaining) {
        this.addPage();
        drawHeader();
      }
      const top = this.y;
      if (row.fill !== undefined) this.rect(this.left, top, this.width, height, row.fill);
      row.cells.forEach((c, i) => {
        this.drawBlock(c, (xs[i] ?? 0) + pad, inner(i), top - pad, defaultsFor(row, i));
      });
      this.grid(xs, top, cellsHeight, false);
      if (row.note !== undefined) {
        this.drawBlock(row.note, this.left + pad, this.width - 2 * pad, top - cellsHeight - pad, {
          size,
          color: row.color,
        });
        this.grid([], top - cellsHeight, noteHeight, false);
      }
      this.y -= height;
    });
  }

  /** Height of a table's header row and first row: what a heading above it must keep with it. */
  tableStart(columns: readonly Column[], first: TableRow | undefined, options: TableOptions = {}): number {
    if (first === undefined) return 0;
    const size = options.size ?? 9;
    const pad = options.padding ?? 3;
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const inner = (i: number) => ((columns[i]?.width ?? 0) / total) * this.width - 2 * pad;
    const header = Math.max(
      ...columns.map((c, i) => this.measure({ text: c.header, bold: true, size, align: "center" }, inner(i))),
    );
    const row = Math.max(...first.cells.map((c, i) => this.measure(c, inner(i), { size, balance: true })));
    return header + row + 4 * pad;
  }

  /**
   * The rules of one table row as a single stroked path (outline and column separators): a few
   * operators instead of a bordered rectangle per cell, which dominated the content streams.
   */
  private grid(xs: readonly number[], top: number, height: number, header: boolean): void {
    const ops = [pushGraphicsState(), setStrokingColor(INK), setLineWidth(0.5)];
    ops.push(rectangle(this.left, top - height, this.width, height));
    for (const x of xs.slice(1)) ops.push(moveTo(x, top), lineTo(x, top - height));
    ops.push(stroke());
    if (header)
      ops.push(
        setLineWidth(0.9),
        moveTo(this.left, top - height),
        lineTo(this.right, top - height),
        stroke(),
      );
    ops.push(popGraphicsState());
    this.page.pushOperators(...ops);
  }

  /** "Trang x/y" at the foot of every page, with the document's footer line on the left. */
  finish(): void {
    const size = 8;
    const count = this.pages.length;
    const baseline = this.bottom / 2;
    this.pages.forEach((page, i) => {
      const label = `Trang ${i + 1}/${count}`;
      const w = textWidth(this.fonts.regular, label, size);
      this.drawText(page, label, this.right - w, baseline, this.fonts.regular, size, GREY);
      const footer = this.options.footer;
      if (footer !== undefined) {
        const room = this.width - w - 12;
        const line = wrapText(this.fonts.regular, footer, size, room)[0] ?? "";
        this.drawText(page, line, this.left, baseline, this.fonts.regular, size, GREY);
      }
    });
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
