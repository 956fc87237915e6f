/**
 * The parts every document of ours shares: the heading of a Vietnamese official document, title,
 * signatures, the verification block with its QR code, and deterministic metadata.
 *
 * Determinism (DESIGN §7): the same model gives the same bytes. pdf-lib is created with
 * `updateMetadata: false`, the dates come from the model, the font subset tags and the trailer
 * /ID are derived from the document digest, and nothing reads the clock or a random source.
 */
import { PDFArray, PDFDocument, PDFHexString, rgb } from "pdf-lib";
import { encode as encodeQr, type QrCodeGenerateOptions } from "uqr";
import { formatDate } from "../domain/calendar.ts";
import type { Band } from "../domain/format.ts";
import { citeRuleSet, type DenominatorKind, type RuleSet } from "../domain/threshold.ts";
import { embedNotoSerif, nfc } from "./fontkit-adapter.ts";
import { type Cell, GREY, INK, lineHeightOf, OFFICIAL_MARGINS, PageFlow, RED, textWidth } from "./layout.ts";

// ---------------------------------------------------------------------------------------------
// Model pieces shared by the minutes and the aggregate
// ---------------------------------------------------------------------------------------------

/** The rule set as printed: what the percentages are of, where the thresholds come from. */
export type PdfRuleSet = {
  readonly name: string;
  readonly denominator: DenominatorKind;
  /** The citation printed under results: number, date, issuer, provision (`citeRuleSet`). */
  readonly source: string;
  /** Needed for the band captions: a campaign's own fractions are never printed as "quá nửa". */
  readonly thresholds: RuleSet["thresholds"];
  readonly consequences: Readonly<Record<Band, string>>;
};

export const pdfRuleSet = (ruleSet: RuleSet): PdfRuleSet => ({
  name: ruleSet.name,
  denominator: ruleSet.denominator,
  source: citeRuleSet(ruleSet),
  thresholds: ruleSet.thresholds,
  consequences: ruleSet.consequences,
});

/** The body that issues the document, printed top left ("tên cơ quan, tổ chức ban hành"). */
export type Issuer = {
  /** The body directly above, or null ("tên cơ quan chủ quản cấp trên trực tiếp"). */
  readonly superior: string | null;
  readonly name: string;
  /**
   * Whether the issuing body itself is a Party body, which takes the star under its name (Hướng dẫn
   * 36-HD/VPTW) where any other body takes a short rule. Not the campaign's heading: a point's
   * working team writes under a Party board's heading but is not a Party body itself
   * (domain/aggregate.ts `issuerOf`, `teamIssuerOf`).
   */
  readonly party: boolean;
};

/** A signature line: who, in what role, the fingerprint of their key, and whether they signed. */
export type PdfSignature = {
  readonly officer: string;
  readonly role: string;
  /** `publicKeyFingerprint`: "3F2A 91C0 7B1E 04D9 A6C2". */
  readonly fingerprint: string;
  readonly signed: boolean;
};

// ---------------------------------------------------------------------------------------------
// Dates as official documents write them (Vietnam time, UTC+7, no daylight saving)
// ---------------------------------------------------------------------------------------------

const inVietnam = (iso: string): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${iso}`);
  return new Date(ms + 7 * 3_600_000).toISOString();
};

/**
 * "ngày 05 tháng 02 năm 2026": Nghị định 30/2020/NĐ-CP writes a day below 10 and the months 1 and 2
 * with a leading zero (so nobody can add a digit in front), the other months without.
 */
export function longDate(day: string): string {
  const [y = "", m = "", d = ""] = day.slice(0, 10).split("-");
  const month = Number(m) <= 2 ? m : String(Number(m));
  return `ngày ${d} tháng ${month} năm ${y}`;
}

/** "17 giờ 05 phút, ngày 27/10/2026". */
export function clockTime(iso: string): string {
  const t = inVietnam(iso);
  return `${t.slice(11, 13)} giờ ${t.slice(14, 16)} phút, ngày ${formatDate(t)}`;
}

/** "17:05" */
export const shortTime = (iso: string): string => inVietnam(iso).slice(11, 16);

/** "Xã Hương Quang" → "xã Hương Quang" inside a sentence; a name without a prefix is unchanged. */
export const inSentence = (name: string): string =>
  nfc(name).replace(
    /^(Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Thành phố|Tỉnh|Thôn|Tổ dân phố)(?=\s)/u,
    (prefix) => prefix.toLocaleLowerCase("vi"),
  );

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A digest in groups of eight, so two people can compare it aloud. */
export const groupDigest = (digest: string): string => digest.match(/.{1,8}/g)?.join(" ") ?? digest;

// ---------------------------------------------------------------------------------------------
// Creating and saving
// ---------------------------------------------------------------------------------------------

const DIGEST = /^[0-9a-f]{64}$/;

export type DocumentInfo = {
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  /** Creation and modification date: a date of the model, never the clock. */
  readonly date: string;
  /** SHA-256 of the document's JSON (lowercase hex): seeds the subset tags and the trailer /ID. */
  readonly digest: string;
  readonly footer: string;
};

/** Six capitals from hex digits: 0–f → A–P. */
const tagFrom = (hex: string): string =>
  [...hex].map((c) => String.fromCharCode(65 + Number.parseInt(c, 16))).join("");

export async function startDocument(info: DocumentInfo): Promise<PageFlow> {
  if (!DIGEST.test(info.digest))
    throw new Error(`digest must be 64 lowercase hex digits, got "${info.digest}"`);
  const date = new Date(info.date);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${info.date}`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(nfc(info.title));
  doc.setSubject(nfc(info.subject));
  doc.setAuthor(nfc(info.author));
  doc.setCreator("Tín Nhiệm");
  doc.setProducer("Tín Nhiệm (pdf-lib 1.17.1, fontkit 2.0.4)");
  doc.setLanguage("vi-VN");
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  // ISO 32000-2 §14.4 wants an /ID; pdf-lib writes none for a new document. The digest already
  // identifies the content, so both halves are taken from it rather than from a random source.
  const id = PDFHexString.of(info.digest.slice(0, 32));
  doc.context.trailerInfo.ID = PDFArray.withContext(doc.context);
  (doc.context.trailerInfo.ID as PDFArray).push(id);
  (doc.context.trailerInfo.ID as PDFArray).push(id);
  const fonts = await embedNotoSerif(doc, {
    regular: tagFrom(info.digest.slice(0, 6)),
    bold: tagFrom(info.digest.slice(6, 12)),
    italic: tagFrom(info.digest.slice(12, 18)),
  });
  return new PageFlow(doc, fonts, { margins: OFFICIAL_MARGINS, footer: info.footer });
}

export async function saveDocument(flow: PageFlow): Promise<Uint8Array> {
  flow.finish();
  return flow.doc.save({ updateFieldAppearances: false });
}

// ---------------------------------------------------------------------------------------------
// Heading and title
// ---------------------------------------------------------------------------------------------

/**
 * Which national heading: "Quốc hiệu và Tiêu ngữ" for State bodies (Nghị định 30/2020/NĐ-CP), or
 * "ĐẢNG CỘNG SẢN VIỆT NAM" for a Party committee's board (the Party's own document rules, Hướng dẫn
 * 36-HD/VPTW). Both documents of a campaign carry the same one (domain/aggregate.ts `headingOf`).
 */
export type Heading = "state" | "party";

/** The letterhead both documents share; each names its own issuing body. */
export type Letterhead = {
  /** Top left: the body that issues this document, under the body directly above it. */
  readonly issuer: Issuer;
  readonly heading: Heading;
  /** The place on the date line, without its unit word ("Hương Trà", domain/text.ts placeName). */
  readonly place: string;
  /** The day the document is dated, "YYYY-MM-DD" (Vietnam). */
  readonly day: string;
};

/**
 * The top of every document of ours, the minutes of a point and the board's aggregate alike (trials
 * found the two printed with different headings): on the left the issuing body (the body above it
 * in capitals, the body itself in bold capitals), under it a short rule, or for a Party body the
 * star its rules put there (`Issuer.party`: the issuing body's own kind, not the heading's); on the right the national heading, the motto underlined over its own
 * length; under it, in italics, the place and date line ("Hương Trà, ngày 27 tháng 10 năm 2026").
 * Same fonts, sizes and positions in both; only the words differ.
 */
export function drawLetterhead(flow: PageFlow, letterhead: Letterhead): void {
  const { issuer, heading } = letterhead;
  const top = flow.y;
  const size = 11;
  const lh = lineHeightOf(size);
  const motto = heading === "state" ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" : "ĐẢNG CỘNG SẢN VIỆT NAM";
  // The same split for both headings, sized for the longer (the State's): the issuing body starts
  // at the same place on every document, and gets at least 40 % of the width.
  const rightWidth = Math.min(
    flow.width * 0.6,
    Math.max(flow.width / 2, textWidth(flow.fonts.bold, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size) + 16),
  );
  const gutter = 8;
  const leftWidth = flow.width - rightWidth - gutter;
  const leftX = flow.left;
  const rightX = flow.left + leftWidth + gutter;

  // Left: issuing body, each name on one line when a slightly smaller size allows it.
  const fitsAt = (text: string, bold: boolean) => {
    const natural = textWidth(bold ? flow.fonts.bold : flow.fonts.regular, text, size);
    const shrunk = (size * (leftWidth - 4)) / natural;
    return natural <= leftWidth - 4 ? size : shrunk >= 9.5 ? shrunk : null;
  };
  // A name too long for one line breaks where its parts meet ("TỔ CÔNG TÁC THÔN 2" over "XÃ
  // HƯƠNG QUANG"), never inside a part: "THÔN" on one line and "2, XÃ…" on the next misreads.
  const fitted = (text: string, bold: boolean): Cell => {
    const upper = nfc(text).toLocaleUpperCase("vi");
    const whole = fitsAt(upper, bold);
    if (whole !== null) return { text: upper, bold, size: whole };
    const pieces = upper.split(/,\s+/u);
    if (pieces.length < 2) return { text: upper, bold, size };
    return pieces.map((piece) => ({ text: piece, bold, size: fitsAt(piece, bold) ?? size }));
  };
  let y = top;
  if (issuer.superior !== null) {
    y -= flow.drawBlock(fitted(issuer.superior, false), leftX, leftWidth, y, { align: "center" });
  }
  const body = fitted(issuer.name, true);
  y -= flow.drawBlock(body, leftX, leftWidth, y, { align: "center" });
  if (issuer.party) {
    // Under a Party body's name, a star (Hướng dẫn 36-HD/VPTW), where a State body has a rule.
    y -= flow.drawBlock({ text: "*", size }, leftX, leftWidth, y, { align: "center" });
  } else {
    y -= 2;
    const ruleWidth = leftWidth / 3;
    flow.hline(leftX + (leftWidth - ruleWidth) / 2, leftX + (leftWidth + ruleWidth) / 2, y, 0.6);
  }
  const leftBottom = y - 4;

  // Right: national heading, the motto underlined over its own length.
  let r = top;
  const mottoSize = Math.min(size, ((rightWidth - 4) / textWidth(flow.fonts.bold, motto, 1)) * 0.98);
  r -= flow.drawBlock({ text: motto, bold: true, size: mottoSize }, rightX, rightWidth, r, {
    align: "center",
  });
  const underlined =
    heading === "state"
      ? { text: "Độc lập - Tự do - Hạnh phúc", size: size + 1 }
      : { text: motto, size: mottoSize };
  if (heading === "state") {
    r -= flow.drawBlock({ ...underlined, bold: true }, rightX, rightWidth, r, { align: "center" });
  }
  const w = textWidth(flow.fonts.bold, underlined.text, underlined.size);
  r -= 2;
  flow.hline(rightX + (rightWidth - w) / 2, rightX + (rightWidth + w) / 2, r, 0.6);
  r -= lh * 0.6;
  r -= flow.drawBlock(
    { text: `${letterhead.place}, ${longDate(letterhead.day)}`, italic: true, size },
    rightX,
    rightWidth,
    r,
    { align: "center" },
  );

  flow.y = Math.min(leftBottom, r) - lh;
}

export function drawTitle(flow: PageFlow, title: string, lines: readonly Cell[]): void {
  flow.paragraph({ text: title, bold: true, size: 14 }, { align: "center", spaceAfter: 2 });
  for (const line of lines) {
    const parts = typeof line === "string" || !Array.isArray(line) ? [line] : line;
    for (const part of parts) {
      flow.paragraph(typeof part === "string" ? { text: part, size: 11 } : { size: 11, ...part }, {
        align: "center",
        spaceAfter: 1,
      });
    }
  }
  flow.gap(lineHeightOf(11) * 0.6);
}

/**
 * A numbered section heading, kept on the page with what follows it: `keepWith` points of it
 * (by default three lines of text; a table's caller passes its intro, header and first row).
 */
export function drawSection(flow: PageFlow, heading: string, keepWith = lineHeightOf(11) * 3): void {
  flow.gap(8);
  flow.ensure(lineHeightOf(11) + 3 + keepWith);
  flow.paragraph({ text: heading, bold: true, size: 11 }, { spaceAfter: 3 });
}

// ---------------------------------------------------------------------------------------------
// Signatures
// ---------------------------------------------------------------------------------------------

/**
 * Signature blocks side by side, as on paper minutes: role in capitals, whether the key signed,
 * the key's fingerprint, room for a handwritten signature on the printed copy, then the name.
 */
function signatureRows(flow: PageFlow, signatures: readonly PdfSignature[], quietUnsigned = false) {
  const perRow = Math.max(1, Math.min(3, signatures.length));
  const colWidth = flow.width / perRow;
  // Red calls for a signature still needed; once enough have signed, a member who did not is no fault.
  const unsigned = quietUnsigned
    ? { text: "(Chưa ký)", size: 9.5, color: GREY }
    : { text: "(Chưa ký)", size: 9.5, bold: true, color: RED };
  const blocks = signatures.map(
    (s): Cell => [
      { text: nfc(s.role).toLocaleUpperCase("vi"), bold: true, size: 10.5 },
      s.signed ? { text: "(Đã ký số)", size: 9.5 } : unsigned,
      { text: `Khóa: ${s.fingerprint}`, size: 8, color: GREY },
      { text: " ", size: 24 },
      { text: s.officer, bold: true, size: 10.5 },
    ],
  );
  const rows: { blocks: Cell[]; height: number }[] = [];
  for (let start = 0; start < blocks.length; start += perRow) {
    const row = blocks.slice(start, start + perRow);
    rows.push({ blocks: row, height: Math.max(...row.map((b) => flow.measure(b, colWidth - 8))) });
  }
  return { colWidth, rows };
}

const SIGNATURE_ROW_GAP = 10;

export function drawSignatures(
  flow: PageFlow,
  signatures: readonly PdfSignature[],
  quietUnsigned = false,
): void {
  const { colWidth, rows } = signatureRows(flow, signatures, quietUnsigned);
  for (const row of rows) {
    flow.ensure(row.height);
    row.blocks.forEach((b, i) => {
      flow.drawBlock(b, flow.left + i * colWidth + 4, colWidth - 8, flow.y, { align: "center" });
    });
    flow.gap(row.height + SIGNATURE_ROW_GAP);
  }
}

/**
 * The end of a document: the closing statement, the signatures and the verification block, on
 * one page. A signature page that does not show what was signed, or a QR code away from the
 * signatures, invites doubt; so all three move to a new page together when they do not fit.
 */
export function drawClosing(
  flow: PageFlow,
  closing: string,
  signatures: readonly PdfSignature[],
  verification: VerificationBlock,
  options: { quietUnsigned?: boolean; heading?: string } = {},
): void {
  // The section's heading goes with the closing: a page break chosen for the whole block must not
  // leave the heading alone at the foot of the page before.
  const headingHeight = options.heading === undefined ? 0 : 8 + lineHeightOf(11) + 3;
  const closingHeight = flow.measure(closing, flow.width) + 10;
  const signaturesHeight = signatureRows(flow, signatures, options.quietUnsigned).rows.reduce(
    (h, r) => h + r.height + SIGNATURE_ROW_GAP,
    0,
  );
  if (flow.y - headingHeight - closingHeight - signaturesHeight - VERIFICATION_GAP < QR_BOX.y + QR_BOX.size)
    flow.addPage();
  if (options.heading !== undefined) drawSection(flow, options.heading, 0);
  flow.paragraph(closing, { spaceAfter: 10 });
  drawSignatures(flow, signatures, options.quietUnsigned);
  drawVerification(flow, verification);
}

// ---------------------------------------------------------------------------------------------
// Verification block and QR code
// ---------------------------------------------------------------------------------------------

/** uqr's options for every QR we draw; tests encode with the same ones to compare the grid. */
export const QR_OPTIONS: QrCodeGenerateOptions = { ecc: "M", border: 0 };

/** ISO/IEC 18004 asks for a quiet zone of four modules on every side. */
export const QR_QUIET_MODULES = 4;

const WHITE = rgb(1, 1, 1);

/**
 * Where the QR code sits: on the last page, bottom left of the content area, always the same spot
 * (a reader's camera finds it without searching), 36 mm square with its quiet zone.
 */
export const QR_BOX = {
  x: OFFICIAL_MARGINS.left,
  y: OFFICIAL_MARGINS.bottom,
  size: 36 * (72 / 25.4),
} as const;

/** Module size in points for a QR code of `modules` × `modules` drawn in `QR_BOX`. */
export const qrModuleSize = (modules: number): number => QR_BOX.size / (modules + 2 * QR_QUIET_MODULES);

/**
 * The dark modules as one vector path (horizontal runs merged into rectangles): a single fill has
 * no hairline seams between neighbouring modules when a viewer anti-aliases, unlike separate boxes.
 */
function drawQr(flow: PageFlow, text: string): number {
  const qr = encodeQr(text, QR_OPTIONS);
  const module = qrModuleSize(qr.size);
  flow.page.drawRectangle({
    x: QR_BOX.x,
    y: QR_BOX.y,
    width: QR_BOX.size,
    height: QR_BOX.size,
    color: WHITE,
  });
  const commands: string[] = [];
  qr.data.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c++;
      commands.push(`M${start + QR_QUIET_MODULES} ${r + QR_QUIET_MODULES}h${c - start}v1h${start - c}Z`);
    }
  });
  // drawSvgPath puts the path's origin at (x, y) with y growing downwards, as in SVG.
  flow.page.drawSvgPath(commands.join(""), {
    x: QR_BOX.x,
    y: QR_BOX.y + QR_BOX.size,
    scale: module,
    color: INK,
    borderWidth: 0,
  });
  return module;
}

/**
 * The verification block at the foot of the last page: the QR code of the verification string,
 * the digest in groups of eight and how to check it. A new page is started when the block
 * would overlap what is already on the page.
 */
export type VerificationBlock = {
  readonly heading: string;
  readonly digest: string;
  /** The string the QR code holds. */
  readonly verification: string;
  readonly note: string;
};

const VERIFICATION_GAP = 14;

export function drawVerification(flow: PageFlow, options: VerificationBlock): void {
  if (flow.y - VERIFICATION_GAP < QR_BOX.y + QR_BOX.size) flow.addPage();
  const module = drawQr(flow, options.verification);
  const x = QR_BOX.x + QR_BOX.size + 10;
  const width = flow.right - x;
  const groups = groupDigest(options.digest).split(" ");
  const half = Math.ceil(groups.length / 2);
  flow.drawBlock(
    [
      { text: options.heading, bold: true, size: 9.5 },
      { text: "Mã xác thực (SHA-256):", size: 8.5 },
      { text: groups.slice(0, half).join(" "), bold: true, size: 9.5 },
      { text: groups.slice(half).join(" "), bold: true, size: 9.5 },
      { text: options.verification, size: 7, color: GREY },
      { text: options.note, size: 8, color: GREY },
    ],
    x,
    width,
    // Level with the top of the symbol, not of its quiet zone.
    QR_BOX.y + QR_BOX.size - QR_QUIET_MODULES * module + 2,
  );
  flow.y = QR_BOX.y;
}
