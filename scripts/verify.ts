// Checks a point's signed minutes (biên bản kiểm phiếu, DESIGN §6) from the file alone, the way any
// outside reader can: canonical JSON, NFC, the minutes shape, every officer's Ed25519 signature,
// enough signers with the Tổ trưởng among them, and the arithmetic inside the signed counts.
//   bun scripts/verify.ts MINUTES.json [--keys officers.json] [--pdf FILE.pdf] [--signers N]
// --keys: the board's registered keys, `[{ code, publicKey }]` or `{ officers: [{ code, publicKey }] }`
//         (other members ignored); without it the keys in the minutes are checked only against
//         the minutes themselves, and a warning says so.
// --pdf:  the PDF must carry the same digest (its /ID, and the code printed on the last page).
// --signers: how many officers the campaign requires to sign (2–9, its set-up's "Số cán bộ ký
//         biên bản kiểm phiếu"; default 2, DESIGN's floor): the minutes do not carry it.
// Exit: 0 valid and reconciled; 1 invalid (signatures, shape, or arithmetic); 2 usage error or a
// file that cannot be read.
// The certified results (ket-qua-da-ky.json, issue #11) are recognised and checked the same way:
// --keys then takes the board members' keys (khoa-ban-to-chuc.json), --pdf the aggregate PDF.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
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
import { formatCount, formatPercent } from "../server/domain/format.ts";
import type { MinutesDocument } from "../server/domain/minutes-document.ts";
import { looksLikeResults, type SignedResults } from "../server/domain/results-document.ts";
import "../server/domain/zod-vi.ts";

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
  try {
    return parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        keys: { type: "string" },
        pdf: { type: "string" },
        signers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usageError([e instanceof Error ? e.message : String(e), USAGE]);
  }
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
    `Điểm ${doc.point.code} (${doc.point.name}) · ngày ${doc.day} · đợt ${doc.campaign.code} (${doc.campaign.name})`,
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
  const pdf = checkPdf(pdfBytes, digest, args.values.pdf ?? "", doc === null ? [] : minutesFigures(doc));
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
      ...d.missing.map((m) => `  - ${m.code} ${m.day}: ${m.reason}`),
    );
  }
  let pdfOk = true;
  if (pdfBytes !== undefined && digest !== null) {
    const pdf = checkPdf(pdfBytes, digest, args.values.pdf ?? "", d === null ? [] : resultsFigures(d));
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

/** One figure the PDF must print, as pdftotext reads its row (whitespace collapsed). */
type Figure = { readonly what: string; readonly text: string };

/** "3 75,00%", or "3 —" when there is no denominator: a level's count and percentage as printed. */
function level(n: number, denominator: number): string {
  // A declaration, not a const: checkResults runs from the top level, before later constants exist.
  return `${formatCount(n)} ${denominator > 0 ? `${formatPercent(n, denominator)}%` : "—"}`;
}

/** What the minutes PDF prints of the signed numbers: the counts table and each official's row. */
function minutesFigures(doc: MinutesDocument): Figure[] {
  const c = doc.counts;
  return [
    { what: "số phiếu phát ra", text: `Số phiếu phát ra ${formatCount(c.issued)} ` },
    { what: "số phiếu thu về", text: `Số phiếu thu về ${formatCount(c.collected)} ` },
    { what: "số phiếu không thu về", text: `phát ra nhưng không thu về ${formatCount(c.notCollected)} ` },
    ...doc.officials.map((o, i) => ({
      what: `dòng của ${o.name}`,
      text: [
        String(i + 1),
        o.name,
        o.position,
        level(o.high, o.denominator),
        level(o.medium, o.denominator),
        level(o.low, o.denominator),
        formatCount(o.blank),
        formatCount(o.denominator),
      ].join(" "),
    })),
  ];
}

/** What the aggregate PDF prints of each official's totals, from points to the three levels. */
function resultsFigures(doc: SignedResults): Figure[] {
  return doc.officials.map((o) => ({
    what: `dòng của ${o.name}`,
    text: [
      formatCount(o.points),
      formatCount(o.collected),
      formatCount(o.valid),
      formatCount(o.blank),
      formatCount(o.denominator),
      level(o.high, o.denominator),
      level(o.medium, o.denominator),
      level(o.low, o.denominator),
    ].join(" "),
  }));
}

/**
 * The PDF belongs to this document when it carries its digest: the file's /ID is the digest's first
 * 32 hex digits (server/pdf/document.ts), and the page text prints the whole digest in groups of
 * eight (read with poppler's pdftotext when it is installed) — and it prints the signed numbers:
 * each of `figures` is found in its text. This catches a PDF made to carry the code over other
 * numbers; a forger can still hide the true numbers in invisible text, so the signed JSON, not its
 * print, is what counts, and the output says so.
 */
function checkPdf(
  bytes: Uint8Array,
  digest: string,
  path: string,
  figures: readonly Figure[],
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
  const flat = `${raw.normalize("NFC").replace(/\s+/g, " ")} `;
  const missing = figures.filter((f) => !flat.includes(f.text));
  const figuresOk = missing.length === 0;
  lines.push(
    figuresOk
      ? `  ✓ Số liệu in trên PDF đúng số liệu đã ký (${figures.length} mục).`
      : `  ✗ Số liệu in trên PDF khác số liệu đã ký: ${missing
          .slice(0, 5)
          .map((f) => `${f.what} (phải là “${f.text.trim()}”)`)
          .join("; ")}${missing.length > 5 ? ` và ${missing.length - 5} mục khác` : ""}.`,
    "  ⓘ Bản PDF chỉ là bản in: số liệu có giá trị là tệp JSON đã ký.",
  );
  return { ok: idOk && textOk && figuresOk, lines };
}
