// Checks a point's signed minutes (biên bản kiểm phiếu, DESIGN §6) from the file alone, the way any
// outside reader can: canonical JSON, NFC, the minutes shape, every officer's Ed25519 signature,
// enough signers with the Tổ trưởng among them, and the arithmetic inside the signed counts.
//   bun scripts/verify.ts MINUTES.json [--keys officers.json] [--pdf FILE.pdf] [--signers N]
// --keys: the board's registered keys, `[{ code, publicKey }]` or `{ officers: [{ code, publicKey }] }`
//         (other members ignored); without it the keys in the minutes are checked only against
//         the minutes themselves, and a warning says so.
// --pdf:  the PDF must carry the same digest (its /ID, and the code printed on the last page) and,
//         read with pdftotext, print what the document says: counts as whole tokens ("1.234"),
//         names, positions and each band's caption row by row (README, Scripts).
// --signers: how many officers the campaign requires to sign (2–9, its set-up's "Số cán bộ ký
//         biên bản kiểm phiếu"; default 2, DESIGN's floor): the minutes do not carry it.
// Exit: 0 valid and reconciled; 1 invalid (signatures, shape, or arithmetic); 2 usage error or a
// file that cannot be read.
// The certified results (ket-qua-da-ky.json, issue #11) are recognised and checked the same way:
// --keys then takes the board members' keys (khoa-ban-to-chuc.json), --pdf the aggregate PDF.
import { readFileSync } from "node:fs";
import * as z from "zod";
import { Ed25519PublicKeySchema } from "../server/crypto/ed25519.ts";
import { publicKeyFingerprint } from "../server/crypto/keys.ts";
import { parseJsonBytes } from "../server/crypto/strict-json.ts";
import {
  type MinutesCheck,
  type MinutesCheckName,
  type MinutesReport,
  verifyMinutes,
} from "../server/crypto/verify-minutes.ts";
import { type ResultsCheck, verifyResults } from "../server/crypto/verify-results.ts";
import { formatDate } from "../server/domain/calendar.ts";
import { BAND_LABELS, BANDS, type Band, formatCount, formatPercent } from "../server/domain/format.ts";
import type { MinutesDocument } from "../server/domain/minutes-document.ts";
import { looksLikeResults, type SignedResults } from "../server/domain/results-document.ts";
import { spellSigns } from "../server/domain/text.ts";
import { BUILT_IN_RULE_SET_IDS } from "../server/domain/threshold.ts";
import "../server/domain/zod-vi.ts";
import { readCommandLine } from "./command-line.ts";

const USAGE =
  "Cách dùng: bun scripts/verify.ts BIÊN_BẢN.json [--keys KHÓA_CÁN_BỘ.json] [--pdf BIÊN_BẢN.pdf] [--signers SỐ_CÁN_BỘ_KÝ]";

const LABELS: Readonly<Record<MinutesCheckName, string>> = {
  canonical: "Dạng chuẩn JSON (RFC 8785)",
  nfc: "Chuẩn Unicode NFC",
  schema: "Cấu trúc biên bản",
  signature: "Chữ ký",
  signer_listed: "Người ký thuộc tổ công tác",
  registered_key: "Khóa đã đăng ký",
  signers: "Đủ cán bộ ký, có Tổ trưởng",
  issued_within_roster: "Phát ra ≤ danh sách",
  collected_within_issued: "Thu về ≤ phát ra",
  not_collected: "Không thu về = phát ra − thu về",
  marks_total: "Tổng số dấu = thu về",
  denominator: "Mẫu số",
  band: "Kết quả theo ngưỡng",
  open_before_close: "Mở trước đóng",
};

function usageError(lines: string[]): never {
  process.stderr.write(`${lines.join("\n")}\n`);
  process.exit(2);
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const why = e instanceof Error && "code" in e ? String(e.code) : String(e);
    return usageError([`Không đọc được ${what} ${path} (${why}).`, USAGE]);
  }
}

const KeyEntrySchema = z.object({ code: z.string().min(1), publicKey: Ed25519PublicKeySchema });
const KeysFileSchema = z.union([
  z.array(KeyEntrySchema),
  z.object({ officers: z.array(KeyEntrySchema) }).transform((file) => file.officers),
]);

function readKeys(path: string): Map<string, string> {
  const parsed = parseJsonBytes(readBytes(path, "tệp khóa"));
  if (!parsed.ok) return usageError([`Tệp khóa ${path}: ${parsed.error.message}`]);
  const keys = KeysFileSchema.safeParse(parsed.value);
  if (!keys.success) {
    const issues = keys.error.issues.slice(0, 5).map((i) => `  ${i.path.join(".") || "(gốc)"}: ${i.message}`);
    return usageError([
      `Tệp khóa ${path} không đúng dạng [{ code, publicKey }] hoặc { officers: [{ code, publicKey }] }:`,
      ...issues,
    ]);
  }
  const map = new Map<string, string>();
  for (const { code, publicKey } of keys.data) {
    if (map.has(code)) usageError([`Tệp khóa ${path}: cán bộ ${code} có hai khóa.`]);
    map.set(code, publicKey);
  }
  return map;
}

function parseOptions() {
  return readCommandLine(
    {
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        keys: { type: "string" },
        pdf: { type: "string" },
        signers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
    "--keys KHÓA_CÁN_BỘ.json",
  );
}

const args = parseOptions();
if (args.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [minutesPath, ...extra] = args.positionals;
if (minutesPath === undefined || extra.length > 0) usageError([USAGE]);

const minutesBytes = readBytes(minutesPath, "biên bản");
const registeredKeys = args.values.keys === undefined ? undefined : readKeys(args.values.keys);
const pdfBytes = args.values.pdf === undefined ? undefined : readBytes(args.values.pdf, "tệp PDF");
const requiredSigners = readSigners(args.values.signers);

/** --signers: a whole number from 2 to 9, as the campaign's set-up allows. */
function readSigners(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (n >= 2 && n <= 9) return n;
  return usageError([`--signers phải là số cán bộ ký từ 2 đến 9 (nhận được “${text}”).`, USAGE]);
}

const lines: string[] = [`Kiểm tra biên bản: ${minutesPath}`];
const mark = (c: MinutesCheck) => `  ${c.ok ? "✓" : "✗"} ${LABELS[c.check]}: ${c.detail}`;

const parsed = parseJsonBytes(minutesBytes);
if (!parsed.ok) {
  lines.push(`  ✗ Đọc tệp JSON: ${parsed.error.message}`, "", "KẾT LUẬN: BIÊN BẢN KHÔNG HỢP LỆ.");
  process.stdout.write(`${lines.join("\n")}\n`);
  process.exit(1);
}

if (looksLikeResults(parsed.value)) await checkResults(parsed.value);

const result = await verifyMinutes(parsed.value, {
  ...(registeredKeys === undefined ? {} : { registeredKeys }),
  ...(requiredSigners === undefined ? {} : { requiredSigners }),
});
const verdict: MinutesReport = result.ok ? result.value : result.error;
const doc = result.ok ? result.value.document : result.error.document;
const digest = result.ok ? result.value.digest : result.error.digest;

if (doc !== null) {
  lines.push(
    `Điểm ${doc.point.code} (${doc.point.name}) · ngày ${formatDate(doc.day)} · đợt ${doc.campaign.code} (${doc.campaign.name})`,
  );
}
lines.push("", "Toàn vẹn và chữ ký:", ...verdict.checks.map(mark));
if (!verdict.keysChecked) {
  lines.push(
    "  ⚠ Chưa đối chiếu khóa công khai với danh sách khóa đã đăng ký của Ban Tổ chức (thêm --keys TỆP.json): người ký CHƯA ĐƯỢC XÁC NHẬN. So dấu vân tay khóa dưới đây với bản biên bản in:",
    ...(doc?.signatures ?? []).map((s) => `    ${s.officer}: ${publicKeyFingerprint(s.publicKey)}`),
  );
}
if (verdict.reconciliation.length > 0) {
  lines.push("", "Đối chiếu số liệu:", ...verdict.reconciliation.map(mark));
}
let pdfMatches = true;
if (pdfBytes !== undefined && digest !== null) {
  const pdf = checkPdf(pdfBytes, digest, args.values.pdf ?? "", doc === null ? null : minutesFigures(doc));
  pdfMatches = pdf.ok;
  lines.push("", "Bản PDF:", ...pdf.lines);
}
if (digest !== null) lines.push("", `Mã băm biên bản (SHA-256 của dạng chuẩn): ${digest}`);

const valid = result.ok && pdfMatches;
const reconciled = verdict.reconciled;
lines.push(
  "",
  valid && reconciled
    ? "KẾT LUẬN: BIÊN BẢN HỢP LỆ."
    : valid
      ? "KẾT LUẬN: CHỮ KÝ HỢP LỆ NHƯNG SỐ LIỆU KHÔNG KHỚP — BIÊN BẢN KHÔNG ĐƯỢC CHẤP NHẬN."
      : result.ok
        ? 'KẾT LUẬN: BẢN PDF KHÔNG PHẢI CỦA BIÊN BẢN NÀY — INVALID: first failing check "pdf_digest".'
        : `KẾT LUẬN: BIÊN BẢN KHÔNG HỢP LỆ (${LABELS[result.error.code]}: ${result.error.message}) — INVALID: first failing check "${result.error.code}".`,
);
process.stdout.write(`${lines.join("\n")}\n`);
process.exit(valid && reconciled ? 0 : 1);

/** The certified results (ket-qua-da-ky.json): checks, then exits like the minutes do. */
async function checkResults(value: unknown): Promise<never> {
  // Inside the function: it runs from the top level, before later module constants exist.
  const RESULT_LABELS: Readonly<Record<string, string>> = {
    canonical: "Dạng chuẩn JSON (RFC 8785)",
    nfc: "Chuẩn Unicode NFC",
    schema: "Cấu trúc kết quả",
    signature: "Chữ ký",
    registered_key: "Khóa đã đăng ký",
    signed: "Có chữ ký của Ban Tổ chức",
    valid_total: "Hợp lệ + không hợp lệ = thu về",
    denominator: "Mẫu số",
    band: "Mức theo ngưỡng",
    percent: "Tỉ lệ phần trăm",
    points: "Điểm trong số liệu và điểm chưa tổng hợp",
  };

  const out: string[] = [`Kiểm tra kết quả tổng hợp đã xác nhận: ${minutesPath}`];
  const line = (c: ResultsCheck) => `  ${c.ok ? "✓" : "✗"} ${RESULT_LABELS[c.check] ?? c.check}: ${c.detail}`;
  const r = await verifyResults(value, registeredKeys === undefined ? {} : { registeredKeys });
  const report = r.ok ? r.value : r.error;
  const d = r.ok ? r.value.document : r.error.document;
  const digest = r.ok ? r.value.digest : r.error.digest;
  if (d !== null) out.push(`Đợt ${d.campaign.code} (${d.campaign.name}) · ${d.campaign.aggregator}`);
  out.push("", "Toàn vẹn và chữ ký:", ...report.checks.map(line));
  if (!report.keysChecked) {
    out.push(
      "  ⚠ Chưa đối chiếu với khóa đã đăng ký của Ban Tổ chức (thêm --keys khoa-ban-to-chuc.json). Dấu vân tay:",
      ...(d?.signatures ?? []).map((s) => `    ${s.member}: ${publicKeyFingerprint(s.publicKey)}`),
    );
  }
  if (report.arithmetic.length > 0) out.push("", "Đối chiếu số liệu:", ...report.arithmetic.map(line));
  if (d !== null && d.missing.length > 0) {
    out.push(
      "",
      `${d.missing.length} điểm không có trong số liệu tổng hợp:`,
      ...d.missing.map((m) => `  - ${m.code} ngày ${formatDate(m.day)}: ${m.reason}`),
    );
  }
  let pdfOk = true;
  if (pdfBytes !== undefined && digest !== null) {
    const pdf = checkPdf(pdfBytes, digest, args.values.pdf ?? "", d === null ? null : resultsFigures(d));
    pdfOk = pdf.ok;
    out.push("", "Bản PDF:", ...pdf.lines);
  }
  if (digest !== null) out.push("", `Mã số liệu (SHA-256 của results.json dạng chuẩn): ${digest}`);
  const good = r.ok && pdfOk && report.consistent;
  out.push(
    "",
    good
      ? "KẾT LUẬN: KẾT QUẢ TỔNG HỢP HỢP LỆ."
      : r.ok && pdfOk
        ? "KẾT LUẬN: CHỮ KÝ HỢP LỆ NHƯNG SỐ LIỆU KHÔNG KHỚP."
        : r.ok
          ? 'KẾT LUẬN: BẢN PDF KHÔNG PHẢI CỦA KẾT QUẢ NÀY — INVALID: first failing check "pdf_digest".'
          : `KẾT LUẬN: KẾT QUẢ KHÔNG HỢP LỆ (${RESULT_LABELS[r.error.code] ?? r.error.code}: ${r.error.message}) — INVALID: first failing check "${r.error.code}".`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
  process.exit(good ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------
// The PDF: does its text say what the signed document says?
// Only function declarations below: checkResults runs from the top level, before later module
// constants (and classes) exist.
// ---------------------------------------------------------------------------------------------

/**
 * A passage the PDF must print, as a pattern over pdftotext's text (NFC, whitespace collapsed to
 * one space), and how it reads (for the message).
 */
type Printed = { readonly re: string; readonly shown: string };

/** pdftotext's text, flattened, and where a passage is printed in it. */
type PdfText = {
  readonly length: number;
  /**
   * The first place from `from` where `p` is printed as whole tokens (a space, or the start or end
   * of the text, on both sides, so "12" is not found in "123" nor in "1.234"), if it ends by `to`.
   */
  find(p: Printed, from?: number, to?: number): { start: number; end: number } | null;
};

/** What the PDF prints differently from the document, and how many passages were compared. */
type Comparison = { readonly compared: number; readonly wrong: readonly string[] };

function pdfText(raw: string): PdfText {
  const flat = ` ${raw.normalize("NFC").replace(/\s+/g, " ").trim()} `;
  return {
    length: flat.length,
    find(p, from = 0, to = flat.length) {
      const re = new RegExp(`(?<= )(?:${p.re})(?= )`, "gu");
      re.lastIndex = from;
      const m = re.exec(flat);
      if (m === null || m.index + m[0].length > to) return null;
      return { start: m.index, end: m.index + m[0].length };
    },
  };
}

function escapeRe(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/** Text printed exactly as given: labels, dates, digests, percentages. */
function exact(text: string): Printed {
  return { re: escapeRe(text), shown: text };
}

/** A count as the PDFs print it (formatCount: "1.234", a dot between thousands), as one token. */
function num(n: number): Printed {
  return exact(formatCount(n));
}

/**
 * Words typed by people (names, positions, codes, reasons), as the PDFs print them: NFC, comparison
 * signs spelt out ("≤" → "không quá", `spellSigns`, the mapping the layout draws with). The layout
 * wraps them at spaces, and breaks a word wider than its column between two characters (layout.ts
 * `breakWord`), which pdftotext reads as a space. Runs of spaces count as one, as the layout counts
 * them.
 */
function words(text: string): Printed {
  const shown = spellSigns(text).replace(/\s+/g, " ").trim();
  const re = shown
    .split(" ")
    .map((word) => [...word].map(escapeRe).join(" ?"))
    .join(" ");
  return { re, shown };
}

/** Passages printed one after the other, a space between them. */
function seq(parts: readonly Printed[]): Printed {
  return { re: parts.map((p) => p.re).join(" "), shown: parts.map((p) => p.shown).join(" ") };
}

/** "3 75,00%", or "3 —" when there is no denominator: a level's count and percentage as printed. */
function level(n: number, denominator: number): Printed {
  return exact(`${formatCount(n)} ${denominator > 0 ? `${formatPercent(n, denominator)}%` : "—"}`);
}

/**
 * The caption the PDF prints for a band (format.ts `bandLabel`). A built-in rule set has the legal
 * thresholds, so its wording is fixed; a campaign's own thresholds are not in the signed document,
 * so the caption is only checked to be one of that band's forms, whatever the fractions.
 */
function caption(band: Band, ruleSetId: string): Printed {
  const legal = BAND_LABELS[band];
  if ((BUILT_IN_RULE_SET_IDS as readonly string[]).includes(ruleSetId)) return exact(legal);
  const f = "\\d+/\\d+";
  const own: Record<Band, string> = {
    none: `Không quá ${f}|Dưới ${f}`,
    over_half: `(?:Quá|Từ) ${f} đến (?:dưới|không quá) ${f}`,
    two_thirds: `Từ ${f} trở lên|Quá ${f}(?! đến )`,
    no_votes: legal,
  };
  return {
    re: `(?:${escapeRe(legal)}|${own[band]})`,
    shown: `${legal} (hoặc cách ghi theo ngưỡng riêng của đợt)`,
  };
}

/** "1a2b3c4d 5e6f7a8b": a digest (or its start) in groups of eight, as pdf/document.ts `groupDigest`. */
function grouped(digest: string): Printed {
  return exact(digest.match(/.{1,8}/g)?.join(" ") ?? digest);
}

/** Each passage must be printed somewhere; `what` names it in the message. */
function expectEach(text: PdfText, items: readonly { what: string; printed: Printed }[]): Comparison {
  const wrong = items
    .filter((i) => text.find(i.printed) === null)
    .map((i) => `${i.what} (phải là “${i.printed.shown}”)`);
  return { compared: items.length, wrong };
}

/**
 * Table rows in the document's order: each row's `head` is found after the previous row's, and its
 * `body` (then its `caption`, when it has one) between its head and the next row's head, so figures
 * moved to another row, or names swapped between rows, do not pass. When the body is found without
 * the caption after it, the message says the caption is what differs.
 */
type Row = {
  readonly head: Printed;
  readonly headWhat: string;
  readonly body: Printed;
  readonly bodyWhat: string;
  readonly caption?: { readonly printed: Printed; readonly what: string };
};

function expectRows(text: PdfText, rows: readonly Row[], from = 0): Comparison {
  const wrong: string[] = [];
  let cursor = from;
  rows.forEach((row, i) => {
    const head = text.find(row.head, cursor);
    if (head === null) {
      wrong.push(`${row.headWhat} (phải là “${row.head.shown}”)`);
      return;
    }
    cursor = head.end;
    const nextHead = rows[i + 1]?.head;
    const end = (nextHead === undefined ? null : text.find(nextHead, head.end))?.start ?? text.length;
    const whole = row.caption === undefined ? row.body : seq([row.body, row.caption.printed]);
    if (text.find(whole, head.end, end) !== null) return;
    wrong.push(
      row.caption !== undefined && text.find(row.body, head.end, end) !== null
        ? `${row.caption.what} (phải là “${row.caption.printed.shown}”)`
        : `${row.bodyWhat} (phải là “${whole.shown}”)`,
    );
  });
  return { compared: rows.length, wrong };
}

function combine(...parts: readonly Comparison[]): Comparison {
  return {
    compared: parts.reduce((s, p) => s + p.compared, 0),
    wrong: parts.flatMap((p) => p.wrong),
  };
}

/**
 * What the minutes PDF (pdf/minutes-pdf.ts) prints of the signed document: the point and the day,
 * the working team, the counts table with each count's share of the roster, each official's row
 * (name, position, the three levels with percentages, blank, denominator, the band's caption) and
 * the commitments.
 */
function minutesFigures(doc: MinutesDocument): (text: PdfText) => Comparison {
  const c = doc.counts;
  const share = (n: number) => exact(c.roster > 0 ? `${formatPercent(n, c.roster)}%` : "—");
  const counts = [
    {
      what: "số người (hộ) trong danh sách",
      // The unit (người or hộ) is the campaign's, not in the minutes: either is accepted.
      printed: seq([
        { re: "Số (?:người|hộ) trong danh sách ghi phiếu", shown: "Số người trong danh sách ghi phiếu" },
        num(c.roster),
        share(c.roster),
      ]),
    },
    { what: "số phiếu phát ra", printed: seq([exact("Số phiếu phát ra"), num(c.issued), share(c.issued)]) },
    {
      what: "số phiếu thu về",
      printed: seq([exact("Số phiếu thu về"), num(c.collected), share(c.collected)]),
    },
    {
      what: "số phiếu không thu về",
      printed: seq([
        exact("Số phiếu phát ra nhưng không thu về"),
        num(c.notCollected),
        share(c.notCollected),
      ]),
    },
  ];
  const k = doc.commitments;
  const facts = [
    {
      what: "tên và mã điểm lấy phiếu",
      printed: seq([exact("Điểm lấy phiếu:"), words(doc.point.name), exact(`(mã ${doc.point.code}),`)]),
    },
    { what: "ngày lấy phiếu", printed: exact(`Ngày lấy phiếu: ${formatDate(doc.day)}.`) },
    ...doc.officers.map((o, i) => ({
      what: `cán bộ ${o.code} trong tổ công tác`,
      printed: seq([exact(String(i + 1)), words(o.name), words(o.code), exact(o.role)]),
    })),
  ];
  const commitments = [
    { what: "mã băm cấu hình", printed: seq([exact("Cấu hình đợt lấy phiếu:"), grouped(k.config)]) },
    {
      what: "mã băm danh sách cử tri",
      printed: seq([exact("Danh sách cử tri của điểm:"), grouped(k.roster)]),
    },
    { what: "mã băm các phiếu", printed: seq([exact("Các phiếu (không theo thứ tự):"), grouped(k.ballots)]) },
    {
      what: "mã băm biên bản trước đó",
      printed:
        k.previous === null
          ? exact("Biên bản trước đó: không có (ngày lấy phiếu đầu tiên của điểm).")
          : seq([exact("Biên bản trước đó:"), grouped(k.previous)]),
    },
  ];
  const rows = doc.officials.map(
    (o, i): Row => ({
      head: seq([exact(String(i + 1)), words(o.name), words(o.position)]),
      headWhat: `dòng ${i + 1}: họ tên, chức vụ`,
      body: seq([
        level(o.high, o.denominator),
        level(o.medium, o.denominator),
        level(o.low, o.denominator),
        num(o.blank),
        num(o.denominator),
      ]),
      bodyWhat: `dòng của ${o.name}`,
      caption: { printed: caption(o.band, doc.ruleSet.id), what: `mức phiếu tín nhiệm thấp của ${o.name}` },
    }),
  );
  // In the PDF's order, so the first differences named are the first a reader would see.
  return (text) =>
    combine(expectEach(text, [...facts, ...counts]), expectRows(text, rows), expectEach(text, commitments));
}

/**
 * What the aggregate PDF (pdf/aggregate-pdf.ts) prints of the certified results: each verified
 * point-day's row (day, roster, issued, collected, the minutes' code) and their sum; the point-days
 * left out, with their reasons; each official's row — number, name and position, then (after the
 * commune, whose name the results do not carry) points, collected, valid, blank, denominator, the
 * three levels with percentages and the band's caption; and the summary by band, with the names of
 * those over half or at two-thirds. Rows are taken in the order the print lists them (the board's
 * pages' order, domain/board-order.ts), each compared with its own row of the signed file.
 */
function resultsFigures(doc: SignedResults): (text: PdfText) => Comparison {
  const verified = doc.points.filter((p) => p.verified);
  // The totals row counts a point once however many days it voted, its roster as its latest day says.
  const latest = new Map<string, { day: string; roster: number }>();
  for (const p of verified) {
    const seen = latest.get(p.code);
    if (seen === undefined || seen.day < p.day) latest.set(p.code, { day: p.day, roster: p.roster });
  }
  const pointsCount = latest.size;
  const sum = (pick: (p: (typeof verified)[number]) => number) => verified.reduce((s, p) => s + pick(p), 0);
  const label =
    verified.length === pointsCount
      ? `${formatCount(pointsCount)} điểm`
      : `${formatCount(pointsCount)} điểm, ${formatCount(verified.length)} ngày lấy phiếu`;
  const total = seq([
    exact(`Cộng ${label}`),
    num([...latest.values()].reduce((s, r) => s + r.roster, 0)),
    num(sum((p) => p.issued)),
    num(sum((p) => p.collected)),
  ]);
  const pointRow = (p: (typeof verified)[number]): Row => ({
    head: pointHead(p),
    headWhat: `điểm ${p.code} trong mục các điểm lấy phiếu`,
    body: seq([
      exact(formatDate(p.day)),
      num(p.roster),
      num(p.issued),
      num(p.collected),
      grouped((p.minutesDigest ?? "").slice(0, 16)),
      exact("Khớp"),
    ]),
    bodyWhat: `số liệu của điểm ${p.code} ngày ${formatDate(p.day)}`,
  });
  const missingHead =
    doc.missing.length === 0
      ? exact("Tất cả các điểm lấy phiếu của đợt đều có trong số liệu tổng hợp.")
      : exact(`${doc.missing.length} điểm lấy phiếu chưa có trong số liệu tổng hợp:`);
  const missingRow = (m: (typeof doc.missing)[number]): Row => ({
    head: pointHead(m),
    headWhat: `điểm ${m.code} trong danh sách điểm chưa tổng hợp`,
    // Between the day and the reason: the point's status, in words the results do not carry
    // ("Đã kết thúc, chưa có biên bản", and "Không tính (có lý do)" when excused).
    body: {
      re: `${escapeRe(formatDate(m.day))} .{1,80}? ${words(m.reason).re}`,
      shown: `${formatDate(m.day)} … ${m.reason}`,
    },
    bodyWhat: `ngày và lý do của điểm ${m.code} chưa tổng hợp`,
  });
  const officialRow = (o: (typeof doc.officials)[number], i: number): Row => ({
    head: seq([exact(String(i + 1)), officialHead(o)]),
    headWhat: `dòng ${i + 1}: họ tên, chức vụ`,
    body: seq([
      num(o.points),
      num(o.collected),
      num(o.valid),
      num(o.blank),
      num(o.denominator),
      level(o.high, o.denominator),
      level(o.medium, o.denominator),
      level(o.low, o.denominator),
    ]),
    bodyWhat: `dòng của ${o.name}`,
    caption: { printed: caption(o.band, doc.ruleSet.id), what: `mức phiếu tín nhiệm thấp của ${o.name}` },
  });
  // "- Quá nửa đến dưới hai phần ba: 2 người: Trần Thị Bích Ngọc, Lê Quốc Hưng."
  const summary = (officials: readonly (typeof doc.officials)[number][]) =>
    BANDS.map((band) => {
      const names = officials.filter((o) => o.band === band).map((o) => words(o.name));
      const flagged = band === "over_half" || band === "two_thirds";
      const c = caption(band, doc.ruleSet.id);
      const list = flagged && names.length > 0 ? `: ${names.map((n) => n.re).join(", ")}` : "";
      const shown = flagged && names.length > 0 ? `: ${names.map((n) => n.shown).join(", ")}` : "";
      return {
        what: `tổng hợp theo mức “${c.shown}”`,
        printed: {
          re: `- ${c.re}: ${escapeRe(formatCount(names.length))} người${list}\\.`,
          shown: `- ${c.shown}: ${formatCount(names.length)} người${shown}.`,
        },
      };
    });
  return (text) => {
    const missingAt = text.find(missingHead);
    // The print lists points and officials in the board pages' order (commune, then code), the
    // signed file in its own: each row is compared where the print has it, still in sequence, so a
    // name or a figure moved to another row is refused as before.
    const points = inPrintedOrder(text, verified, pointHead, (p) => pointRow(p).body);
    const missing = inPrintedOrder(
      text,
      doc.missing,
      pointHead,
      (m) => missingRow(m).body,
      missingAt?.end ?? 0,
    );
    const officials = inPrintedOrder(
      text,
      doc.officials,
      officialHead,
      (o) => officialRow(o, 0).body,
      missingAt?.end ?? 0,
    );
    // In the PDF's order, so the first differences named are the first a reader would see.
    return combine(
      expectRows(text, points.map(pointRow)),
      expectEach(text, [
        { what: "dòng cộng các điểm lấy phiếu", printed: total },
        { what: "số điểm chưa có trong số liệu tổng hợp", printed: missingHead },
      ]),
      missingAt === null
        ? { compared: 0, wrong: [] }
        : expectRows(text, missing.map(missingRow), missingAt.end),
      expectRows(text, officials.map(officialRow)),
      expectEach(text, summary(officials)),
      // Signed results exist only once certified: a print still marked as a draft is not their
      // print, even over the same numbers (a draft was printed before the check that certified).
      text.find(exact("BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN")) === null
        ? { compared: 1, wrong: [] }
        : { compared: 1, wrong: ["bản in ghi “BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN” (phải là bản đã xác nhận)"] },
    );
  };
}

/** A point's row in the aggregate PDF starts with its name and, in brackets, its code. */
function pointHead(p: { readonly code: string }): Printed {
  return exact(`(${p.code})`);
}

/** An official's row: number, then name and position (the number is the print's own). */
function officialHead(o: { readonly name: string; readonly position: string }): Printed {
  return seq([words(o.name), words(o.position)]);
}

/**
 * `items` in the order the print lists them: each at a printed row of its own, where its `key` is
 * printed from `from`. Items with the same key (a point's days; two officials of the same name and
 * position in different communes, whose print adds the commune's name the signed file does not
 * carry) share that key's printed rows, one each: an item takes the first free row whose `body`
 * follows its key before the next printed key of any item, else the first free row, so neither
 * twin is read against the other's figures. Rows taken in the document's order keep a point's days,
 * printed one after the other in date order, as the signed file has them. An item left without a
 * row goes last, where expectRows names it.
 */
function inPrintedOrder<T>(
  text: PdfText,
  items: readonly T[],
  key: (item: T) => Printed,
  body: (item: T) => Printed,
  from = 0,
): T[] {
  // Every printed place of every distinct key, in print order.
  const placesOf = new Map<string, { start: number; end: number }[]>();
  for (const item of items) {
    const k = key(item);
    if (placesOf.has(k.re)) continue;
    const places: { start: number; end: number }[] = [];
    for (let at = text.find(k, from); at !== null; at = text.find(k, at.end)) places.push(at);
    placesOf.set(k.re, places);
  }
  const starts = [...placesOf.values()].flat().map((p) => p.start);
  const rowEnd = (place: { start: number; end: number }) =>
    Math.min(text.length, ...starts.filter((s) => s > place.start));
  const taken = new Set<number>();
  const at = new Map<T, number>();
  for (const item of items) {
    const free = (placesOf.get(key(item).re) ?? []).filter((p) => !taken.has(p.start));
    const place = free.find((p) => text.find(body(item), p.end, rowEnd(p)) !== null) ?? free[0];
    if (place === undefined) continue;
    taken.add(place.start);
    at.set(item, place.start);
  }
  const where = (item: T) => at.get(item) ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => where(a) - where(b));
}

/**
 * The PDF belongs to this document when it carries its digest: the file's /ID is the digest's first
 * 32 hex digits (server/pdf/document.ts), and the page text prints the whole digest in groups of
 * eight (read with poppler's pdftotext when it is installed) — and it prints what the document
 * says (`compare`: minutesFigures, resultsFigures), numbers matched as whole tokens as the PDFs
 * print them. This catches a PDF made to carry the code over other numbers, names or outcomes; a
 * forger can still hide the true numbers in invisible text, so the signed JSON, not its print, is
 * what counts, and the output says so.
 */
function checkPdf(
  bytes: Uint8Array,
  digest: string,
  path: string,
  compare: ((text: PdfText) => Comparison) | null,
): { ok: boolean; lines: string[] } {
  const text = new TextDecoder("latin1").decode(bytes);
  const id = /\/ID\s*\[\s*<([0-9A-Fa-f]+)>/.exec(text)?.[1]?.toLowerCase();
  const idOk = id === digest.slice(0, 32);
  const lines = [
    `  ${idOk ? "✓" : "✗"} Mã định danh của tệp PDF ${idOk ? "khớp" : "không khớp"} với mã băm của biên bản.`,
  ];
  const run = Bun.spawnSync(["pdftotext", "-raw", path, "-"], { stdout: "pipe", stderr: "pipe" });
  if (run.exitCode !== 0) {
    lines.push("  ⚠ Không đọc được chữ trong PDF (cần poppler-utils: apt-get install -y poppler-utils).");
    return { ok: idOk, lines };
  }
  const raw = run.stdout.toString();
  const textOk = raw.replace(/\s+/g, "").includes(digest);
  lines.push(
    `  ${textOk ? "✓" : "✗"} Mã xác thực in trên PDF ${textOk ? "khớp" : "không khớp"} với mã băm của biên bản.`,
  );
  const { compared, wrong } = compare === null ? { compared: 0, wrong: [] } : compare(pdfText(raw));
  const figuresOk = wrong.length === 0;
  if (compare !== null) {
    lines.push(
      figuresOk
        ? `  ✓ Số liệu in trên PDF đúng số liệu đã ký (${compared} mục).`
        : `  ✗ Số liệu in trên PDF khác số liệu đã ký: ${wrong.slice(0, 5).join("; ")}${
            wrong.length > 5 ? ` và ${wrong.length - 5} mục khác` : ""
          }.`,
    );
  }
  lines.push("  ⓘ Bản PDF chỉ là bản in: số liệu có giá trị là tệp JSON đã ký.");
  return { ok: idOk && textOk && figuresOk, lines };
}
