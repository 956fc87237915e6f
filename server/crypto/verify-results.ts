/**
 * Checking the certified results (issue #11 §5) as any outside reader would, like verify-minutes.ts
 * does for minutes: the file alone, plus the board's registered keys when given.
 *
 * 1. Integrity (the Result): canonical JSON with safe integers (`canonical`), NFC (`nfc`), the
 *    signed results shape (`schema`), each signature a strict Ed25519 signature over JCS(document
 *    without `signatures`) (`signature`), with the key registered for that member when keys are
 *    given (`registered_key`), and at least one valid signer (`signed`).
 * 2. Arithmetic (reported beside): per official valid = high + medium + low, valid + blank =
 *    collected, the denominator the rule set names, the band the built-in rule set decides from
 *    those counts, the percentages as printed; the points in the totals are the verified ones and
 *    every other point-day is listed as missing.
 *
 * `digest`: SHA-256 of the unsigned document's JCS — what the page, the PDF's /ID and the board's
 * record name. Never throws.
 */
import { formatDate } from "../domain/calendar.ts";
import { formatPercent } from "../domain/format.ts";
import { type DomainError, err, ok, type Result } from "../domain/result.ts";
import { type SignedResults, SignedResultsSchema } from "../domain/results-document.ts";
import {
  BUILT_IN_RULE_SET_IDS,
  type BuiltInRuleSetId,
  denominatorWords,
  evaluate,
} from "../domain/threshold.ts";
import { canonicalize, sha256Hex } from "./digest.ts";
import { verifyEd25519 } from "./ed25519.ts";

export type ResultsIntegrityCheck =
  | "canonical"
  | "nfc"
  | "schema"
  | "signature"
  | "registered_key"
  | "signed";
export type ResultsArithmeticCheck = "valid_total" | "denominator" | "band" | "percent" | "points";

export type ResultsCheck<N extends string = ResultsIntegrityCheck | ResultsArithmeticCheck> = {
  readonly check: N;
  readonly ok: boolean;
  readonly detail: string;
};

export type ResultsReport = {
  readonly checks: readonly ResultsCheck<ResultsIntegrityCheck>[];
  readonly arithmetic: readonly ResultsCheck<ResultsArithmeticCheck>[];
  readonly consistent: boolean;
  readonly keysChecked: boolean;
  readonly signers: readonly string[];
};

export type VerifiedResults = ResultsReport & { readonly document: SignedResults; readonly digest: string };
export type ResultsRefusal = DomainError &
  ResultsReport & {
    readonly code: ResultsIntegrityCheck;
    readonly document: SignedResults | null;
    readonly digest: string | null;
  };

const encoder = new TextEncoder();
const isBuiltIn = (id: string): id is BuiltInRuleSetId =>
  (BUILT_IN_RULE_SET_IDS as readonly string[]).includes(id);

export async function verifyResults(
  input: unknown,
  options: { readonly registeredKeys?: ReadonlyMap<string, string> } = {},
): Promise<Result<VerifiedResults, ResultsRefusal>> {
  const keys = options.registeredKeys;
  const checks: ResultsCheck<ResultsIntegrityCheck>[] = [];
  let arithmetic: ResultsCheck<ResultsArithmeticCheck>[] = [];
  const signers: string[] = [];
  let document: SignedResults | null = null;
  let digest: string | null = null;
  const report = (): Result<VerifiedResults, ResultsRefusal> => {
    const base = {
      checks,
      arithmetic,
      consistent: arithmetic.length > 0 && arithmetic.every((c) => c.ok),
      keysChecked: keys !== undefined,
      signers,
    };
    const failed = checks.find((c) => !c.ok);
    if (failed === undefined && document !== null && digest !== null)
      return ok({ ...base, document, digest });
    return err({
      ...base,
      code: failed?.check ?? "schema",
      message: failed?.detail ?? "Không kiểm tra được kết quả.",
      document,
      digest,
    });
  };

  const canonical = canonicalize(input, { integersOnly: true, requireNfc: false });
  if (!canonical.ok) {
    checks.push({ check: "canonical", ok: false, detail: canonical.error.message });
    return report();
  }
  checks.push({
    check: "canonical",
    ok: true,
    detail: "JSON thuần, chỉ có số nguyên, có dạng chuẩn RFC 8785 (JCS).",
  });
  const nfc = canonicalize(input);
  if (!nfc.ok) {
    checks.push({ check: "nfc", ok: false, detail: nfc.error.message });
    return report();
  }
  checks.push({ check: "nfc", ok: true, detail: "Mọi chuỗi ở dạng chuẩn Unicode NFC." });
  const parsed = SignedResultsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(gốc)"}: ${i.message}`);
    checks.push({ check: "schema", ok: false, detail: `Không đúng cấu trúc kết quả: ${issues.join("; ")}.` });
    return report();
  }
  document = parsed.data;
  checks.push({
    check: "schema",
    ok: true,
    detail: `Đúng cấu trúc kết quả: ${document.officials.length} người được lấy phiếu, ${document.points.length} điểm (theo ngày), ${document.signatures.length} chữ ký.`,
  });
  arithmetic = checkArithmetic(document);

  const { signatures: _s, ...unsigned } = input as Record<string, unknown>;
  const text = canonicalize(unsigned);
  if (!text.ok) throw new Error("verifyResults: unsigned part of a canonical document not canonical");
  digest = sha256Hex(text.value);
  const bytes = encoder.encode(text.value);
  for (const entry of document.signatures) {
    const verified = await verifyEd25519(entry.publicKey, bytes, entry.signature);
    checks.push({
      check: "signature",
      ok: verified.ok,
      detail: verified.ok
        ? `Chữ ký của ${entry.member}: hợp lệ.`
        : `Chữ ký của ${entry.member}: ${verified.error.message}`,
    });
    let keyOk = true;
    if (keys !== undefined) {
      const registered = keys.get(entry.member);
      keyOk = registered === entry.publicKey;
      checks.push({
        check: "registered_key",
        ok: keyOk,
        detail:
          registered === undefined
            ? `Không có khóa đã đăng ký cho thành viên ${entry.member}.`
            : keyOk
              ? `Khóa của ${entry.member} đúng là khóa đã đăng ký.`
              : `Khóa ghi trong kết quả cho ${entry.member} khác khóa đã đăng ký.`,
      });
    }
    if (verified.ok && keyOk && !signers.includes(entry.member)) signers.push(entry.member);
  }
  checks.push({
    check: "signed",
    ok: signers.length >= 1,
    detail:
      signers.length >= 1
        ? `Được xác nhận bởi ${signers.join(", ")}.`
        : "Không có chữ ký hợp lệ nào của Ban Tổ chức.",
  });
  return report();
}

function checkArithmetic(doc: SignedResults): ResultsCheck<ResultsArithmeticCheck>[] {
  const out: ResultsCheck<ResultsArithmeticCheck>[] = [];
  const finding = (check: ResultsArithmeticCheck, off: string[], good: string, bad: string) =>
    out.push({
      check,
      ok: off.length === 0,
      detail: off.length === 0 ? good : `${bad}: ${off.slice(0, 5).join("; ")}.`,
    });
  const kind = doc.ruleSet.denominator;

  finding(
    "valid_total",
    doc.officials
      .filter((o) => o.high + o.medium + o.low !== o.valid || o.valid + o.blank !== o.collected)
      .map((o) => o.code),
    "Với mỗi người: hợp lệ = cao + tín nhiệm + thấp, hợp lệ + không hợp lệ = thu về.",
    "Tổng không khớp",
  );
  finding(
    "denominator",
    kind === "roster"
      ? []
      : doc.officials
          .filter((o) => o.denominator !== (kind === "collected" ? o.collected : o.valid))
          .map((o) => `${o.code}: ${o.denominator}`),
    kind === "roster"
      ? "Mẫu số là tổng số người trong danh sách của các điểm (không kiểm lại được từ tệp này)."
      : `Mẫu số của mỗi người đúng theo bộ quy tắc (${denominatorWords(kind)}).`,
    "Mẫu số không đúng",
  );
  const bandOff: string[] = [];
  if (isBuiltIn(doc.ruleSet.id)) {
    for (const o of doc.officials) {
      // Under a roster base the roster is the printed denominator; the rest is in the counts.
      const e = evaluate(doc.ruleSet.id, {
        roster: o.denominator,
        collected: o.collected,
        high: o.high,
        medium: o.medium,
        low: o.low,
        blank: o.blank,
      });
      if (!e.ok || e.value.band !== o.band)
        bandOff.push(`${o.code}: ghi ${o.band}, đúng ra ${e.ok ? e.value.band : "?"}`);
    }
  }
  finding(
    "band",
    bandOff,
    isBuiltIn(doc.ruleSet.id)
      ? `Mức của mỗi người đúng theo ngưỡng của ${doc.ruleSet.id}.`
      : `Bộ quy tắc riêng “${doc.ruleSet.id}”: ngưỡng không ghi trong tệp nên không kiểm lại mức.`,
    "Mức không đúng theo ngưỡng",
  );
  finding(
    "percent",
    doc.officials
      .filter((o) =>
        (["high", "medium", "low"] as const).some(
          (l) => o.percent[l] !== (o.denominator === 0 ? null : formatPercent(o[l], o.denominator)),
        ),
      )
      .map((o) => o.code),
    "Tỉ lệ phần trăm đúng với số phiếu và mẫu số.",
    "Tỉ lệ không đúng",
  );
  const missing = new Set(doc.missing.map((m) => `${m.code}:${m.day}`));
  // A point-day the board left out is never in the totals, whatever its minutes' state.
  const excused = new Set(doc.missing.filter((m) => m.excused !== null).map((m) => `${m.code}:${m.day}`));
  finding(
    "points",
    doc.points
      .filter(
        (p) =>
          p.verified === missing.has(`${p.code}:${p.day}`) ||
          p.verified !== (p.state === "verified" && !excused.has(`${p.code}:${p.day}`)),
      )
      .map((p) => `${p.code} ngày ${formatDate(p.day)}`),
    "Điểm trong số liệu là các điểm đã kiểm tra; mọi điểm khác có trong danh sách chưa tổng hợp.",
    "Danh sách điểm không khớp",
  );
  return out;
}
