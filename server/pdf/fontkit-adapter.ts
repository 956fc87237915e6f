/**
 * Fonts for every PDF: Noto Serif (Regular, Bold) through upstream fontkit 2.
 *
 * Why not `@pdf-lib/fontkit`: that old fork corrupts Noto Serif's TrueType subsets, so most
 * Vietnamese letters come out blank in a viewer while pdftotext still reads them (DESIGN §8).
 * pdf-lib 1.17 was written against the fork's API: it reads a subset through `encodeStream()`
 * (a tiny event stream), while fontkit 2 returns the bytes from `encode()`; the adapter bridges
 * that call. It also replaces `layout` with a plain cmap lookup (see `cmapLayout`). Metrics,
 * `createSubset` and `includeGlyph` are fontkit 2's own.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { spellSigns } from "../domain/text.ts";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type Font = ReturnType<Fontkit["create"]>;
type Subset = ReturnType<Font["createSubset"]>;
type SubsetStream = ReturnType<Subset["encodeStream"]>;

/** What fontkit 2's subset offers instead of `encodeStream()`. */
type UpstreamSubset = {
  includeGlyph(glyph: Parameters<Subset["includeGlyph"]>[0]): number;
  encode(): Uint8Array;
  /** Present on CFF subsets only; pdf-lib reads it to pick the font file key. */
  readonly cff?: unknown;
};

type Listener = (data: Uint8Array) => unknown;

/**
 * The stream pdf-lib listens to: it attaches `data`, `end` and `error` in one synchronous chain,
 * so the bytes are delivered in a microtask after that chain.
 */
function streamOf(encode: () => Uint8Array): SubsetStream {
  const listeners: { data: Listener[]; end: Listener[]; error: ((error: unknown) => unknown)[] } = {
    data: [],
    end: [],
    error: [],
  };
  queueMicrotask(() => {
    let bytes: Uint8Array;
    try {
      bytes = encode();
    } catch (error) {
      for (const listener of listeners.error) listener(error);
      return;
    }
    for (const listener of listeners.data) listener(bytes);
    for (const listener of listeners.end) listener(new Uint8Array(0));
  });
  const stream = {
    on(event: string, callback: (value: never) => unknown) {
      if (event === "data" || event === "end") listeners[event].push(callback as Listener);
      if (event === "error") listeners.error.push(callback as (error: unknown) => unknown);
      return stream;
    },
  };
  return stream as SubsetStream;
}

function adaptSubset(subset: UpstreamSubset): Subset {
  return {
    includeGlyph: (glyph) => subset.includeGlyph(glyph),
    encodeStream: () => streamOf(() => subset.encode()),
    get cff() {
      return subset.cff;
    },
  } as Subset;
}

/**
 * Parsed fonts, by the identity of their bytes. Parsing Noto Serif and decoding its glyphs costs
 * more than laying out a whole document; every embedding makes its own subset, and the layout
 * below hands pdf-lib fresh glyph records, so one parse serves every document this process renders
 * without one document's glyphs leaking into the next.
 */
const parsed = new WeakMap<Uint8Array, Font>();

/**
 * Stand-ins for characters Noto Serif lacks but that reach documents in reconciliation details or
 * typed notes. Without them pdf-lib draws the empty .notdef box; the stand-in is also what a text
 * extraction then reads, so print and extraction agree.
 */
const FALLBACKS: Readonly<Record<string, string>> = {
  "−": "-",
  "✓": "v",
  "✗": "x",
  "\t": " ",
};

type GlyphOf = ReturnType<Font["glyphForCodePoint"]>;

/** What pdf-lib reads from a laid-out glyph: its id, its advance, the text it stands for. */
type LaidGlyph = {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
};

/**
 * The glyphs of a string, one per code point from the font's cmap, without OpenType shaping.
 * pdf-lib keeps only the glyph ids and their advance widths of a layout (it never writes GPOS
 * offsets), so full shaping could only substitute ligatures or decompose letters into marks it
 * then fails to position; and it costs about 0.3 ms a string, most of a document's render time.
 * NFC Vietnamese needs none of it: every letter with its marks is one precomposed glyph in Noto
 * Serif's cmap.
 */
function cmapLayout(font: Font): Font["layout"] {
  const glyphOf = (code: number): LaidGlyph => {
    const glyph: GlyphOf = font.glyphForCodePoint(code);
    // A fresh record, never fontkit's cached glyph: fontkit caches one glyph object per id with the
    // code points of its first request, and subsetting requests the parts of composite letters
    // with none ("Ừ" is Ư plus a grave). pdf-lib builds the ToUnicode map from those code points,
    // so a later document would draw "Ư" but extract nothing for it, and its bytes would depend
    // on what the process rendered before.
    return { id: glyph.id, advanceWidth: glyph.advanceWidth, codePoints: [code] };
  };
  const glyphsOf = (text: string): LaidGlyph[] => {
    const glyphs: LaidGlyph[] = [];
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (font.hasGlyphForCodePoint(code)) {
        glyphs.push(glyphOf(code));
        continue;
      }
      const fallback = FALLBACKS[char] ?? char.normalize("NFKD");
      const usable =
        fallback !== char && [...fallback].every((c) => font.hasGlyphForCodePoint(c.codePointAt(0) ?? 0));
      if (usable) glyphs.push(...glyphsOf(fallback));
      else glyphs.push(glyphOf(code));
    }
    return glyphs;
  };
  return ((text: string) => ({ glyphs: glyphsOf(text) })) as unknown as Font["layout"];
}

/** pdf-lib's `Fontkit`, backed by upstream fontkit 2. */
export const fontkitAdapter: Fontkit = {
  create(bytes: Uint8Array, postscriptName?: string): Font {
    const known = postscriptName === undefined ? parsed.get(bytes) : undefined;
    if (known !== undefined) return known;
    const font = fontkit.create(bytes, postscriptName) as Font;
    const upstream = font as unknown as { createSubset(): UpstreamSubset };
    const createUpstreamSubset = upstream.createSubset.bind(font);
    Object.defineProperty(font, "createSubset", { value: () => adaptSubset(createUpstreamSubset()) });
    Object.defineProperty(font, "layout", { value: cmapLayout(font) });
    if (postscriptName === undefined) parsed.set(bytes, font);
    return font;
  },
};

const require = createRequire(import.meta.url);

const readFont = (spec: string): Uint8Array => {
  const buffer = readFileSync(require.resolve(spec));
  // A plain Uint8Array of its own: Buffers from readFileSync may share a pooled ArrayBuffer.
  return new Uint8Array(buffer);
};

/** Read once per process; the same array is the key of the parsed-font cache above. */
let fontBytes: { regular: Uint8Array; bold: Uint8Array; italic: Uint8Array } | undefined;

function notoSerifBytes(): { regular: Uint8Array; bold: Uint8Array; italic: Uint8Array } {
  fontBytes ??= {
    regular: readFont("@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf"),
    bold: readFont("@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf"),
    italic: readFont("@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf"),
  };
  return fontBytes;
}

/** `italic`: only where a document asks for it (the place and date line of the letterhead). */
export type DocumentFonts = {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly italic?: PDFFont | undefined;
};

/**
 * Registers the adapter and embeds Noto Serif Regular and Bold, and Italic when `tags.italic` is
 * given, subset to the glyphs drawn: full Vietnamese coverage in one TrueType file per style, and
 * only a few tens of kilobytes per PDF. `tags` are the six-capital subset tags (ISO 32000-1
 * §9.6.4) the caller derives from the document, so a subset's name is the same on every render and
 * differs between documents.
 */
export async function embedNotoSerif(
  doc: PDFDocument,
  tags: { readonly regular: string; readonly bold: string; readonly italic?: string },
): Promise<DocumentFonts> {
  for (const tag of [tags.regular, tags.bold, ...(tags.italic === undefined ? [] : [tags.italic])]) {
    if (!/^[A-Z]{6}$/.test(tag)) throw new Error(`subset tag must be six capital letters, got "${tag}"`);
  }
  doc.registerFontkit(fontkitAdapter);
  const bytes = notoSerifBytes();
  const regular = await doc.embedFont(bytes.regular, {
    subset: true,
    customName: `${tags.regular}+NotoSerif-Regular`,
  });
  const bold = await doc.embedFont(bytes.bold, { subset: true, customName: `${tags.bold}+NotoSerif-Bold` });
  const italic =
    tags.italic === undefined
      ? undefined
      : await doc.embedFont(bytes.italic, { subset: true, customName: `${tags.italic}+NotoSerif-Italic` });
  return { regular, bold, italic };
}

/**
 * Every string drawn goes through here: pdf-lib maps code points to glyphs one by one, and a
 * decomposed "ệ" (e + two combining marks) would be drawn as three glyphs placed side by side
 * instead of the font's precomposed letter.
 */
export const nfc = (text: string): string => text.normalize("NFC");

/**
 * What the layout draws and measures of a string: NFC, comparison signs spelt out as a Vietnamese
 * document writes them (Noto Serif has no "≤"; domain/text.ts `spellSigns`, which scripts/verify.ts
 * also applies to what it expects a PDF to print).
 */
export const printable = (text: string): string => spellSigns(text);
