/**
 * Checking a point's minutes (biên bản kiểm phiếu, DESIGN §4 step 3, §6) as any outside reader
 * would: from the document alone, plus, when the board supplies them, the officers' registered
 * public keys. Pure apart from WebCrypto (no clock, no store); the verify script and the board's
 * aggregation both use it.
 *
 * Two separate verdicts:
 * 1. Integrity (the Result): the document is plain JSON with only safe integers and has a canonical
 *    form (`canonical`), every string is NFC (`nfc`), it has the minutes shape (`schema`), each
 *    signature is a strict Ed25519 signature over JCS(document without `signatures`)
 *    (`signature`), by an officer listed in `officers` (`signer_listed`), with the key the board
 *    registered for that officer when keys are given (`registered_key`), and enough distinct
 *    officers with distinct keys signed validly, the Tổ trưởng among them (`signers`: at least
 *    `requiredSigners`, the campaign's setting, never fewer than two). Any failure makes the result
 *    an error naming the first failing check.
 * 2. Reconciliation (DESIGN §4 step 3): the arithmetic inside the signed numbers. A validly signed
 *    document whose counts do not add up is still what the officers signed, so these findings are
 *    reported beside the verdict, not folded into it; the caller decides (the script exits 1).
 *
 * Shape: `verifyMinutes(input, { registeredKeys?, requiredSigners? })` →
 *   ok({ document, digest, checks, reconciliation, reconciled, keysChecked, signers }) |
 *   err({ code: <first failing check>, message: <its detail>, document|null, digest|null, checks,
 *         reconciliation, reconciled, keysChecked, signers })
 * `digest` is the SHA-256 (lowercase hex) of the JCS bytes of the whole document, signatures
 * included: what the aggregate lists as the point's `minutesDigest`.
 * Never throws.
 */

import { formatCount } from "../domain/format.ts";
import { type MinutesDocument, MinutesDocumentSchema } from "../domain/minutes-document.ts";
import { type DomainError, err, ok, type Result } from "../domain/result.ts";
import { LEADER_ROLE } from "../domain/setup.ts";
import {
  BUILT_IN_RULE_SET_IDS,
  type BuiltInRuleSetId,
  denominatorWords,
  evaluate,
  RULE_SETS,
} from "../domain/threshold.ts";
import { canonicalize, formatPath, sha256Hex } from "./digest.ts";
import { verifyEd25519 } from "./ed25519.ts";

export type IntegrityCheckName =
  | "canonical"
  | "nfc"
  | "schema"
  | "signature"
  | "signer_listed"
  | "registered_key"
  | "signers";

export type ReconciliationCheckName =
  | "issued_within_roster"
  | "collected_within_issued"
  | "not_collected"
  | "marks_total"
  | "denominator"
  | "band"
  | "open_before_close";

export type MinutesCheckName = IntegrityCheckName | ReconciliationCheckName;

/** One check as performed: a stable English name, whether it passed, and a Vietnamese detail. */
export type MinutesCheck<N extends MinutesCheckName = MinutesCheckName> = {
  readonly check: N;
  readonly ok: boolean;
  readonly detail: string;
};

export type MinutesReport = {
  /** Integrity checks in the order performed; after a failed canonical, nfc or schema check the rest are not run. */
  readonly checks: readonly MinutesCheck<IntegrityCheckName>[];
  /** Arithmetic findings; empty when the document has no minutes shape. */
  readonly reconciliation: readonly MinutesCheck<ReconciliationCheckName>[];
  readonly reconciled: boolean;
  /** Whether registered keys were given, so that `registered_key` checks were made. */
  readonly keysChecked: boolean;
  /** Officers whose signature passed every check, in document order. */
  readonly signers: readonly string[];
};

export type VerifiedMinutes = MinutesReport & { readonly document: MinutesDocument; readonly digest: string };

export type MinutesRefusal = DomainError &
  MinutesReport & {
    readonly code: IntegrityCheckName;
    readonly document: MinutesDocument | null;
    readonly digest: string | null;
  };

export type VerifyMinutesOptions = {
  /** Officer code → the base64url public key the board registered for that officer. */
  readonly registeredKeys?: ReadonlyMap<string, string>;
  /**
   * How many officers must sign: the campaign's setting (2–9, `campaign.requiredSigners`); the
   * document does not carry it, so an outside reader passes it (`verify.ts --signers N`). Below
   * MIN_SIGNERS counts as MIN_SIGNERS.
   */
  readonly requiredSigners?: number;
};

/** DESIGN §4 step 3: "at least two officers sign with their keys". */
export const MIN_SIGNERS = 2;

const encoder = new TextEncoder();

export async function verifyMinutes(
  input: unknown,
  options: VerifyMinutesOptions = {},
): Promise<Result<VerifiedMinutes, MinutesRefusal>> {
  const keys = options.registeredKeys;
  const checks: MinutesCheck<IntegrityCheckName>[] = [];
  let reconciliation: MinutesCheck<ReconciliationCheckName>[] = [];
  const signers: string[] = [];
  let document: MinutesDocument | null = null;
  let digest: string | null = null;

  const report = (): Result<VerifiedMinutes, MinutesRefusal> => {
    const base = {
      checks,
      reconciliation,
      reconciled: reconciliation.length > 0 && reconciliation.every((c) => c.ok),
      keysChecked: keys !== undefined,
      signers,
    };
    const failed = checks.find((c) => !c.ok);
    if (failed === undefined && document !== null && digest !== null) {
      return ok({ ...base, document, digest });
    }
    const code = failed?.check ?? "schema";
    const message = failed?.detail ?? "Không kiểm tra được biên bản.";
    return err({ ...base, code, message, document, digest });
  };

  // 1. A canonical form exists: plain JSON, safe integers only, well-formed strings.
  const canonical = canonicalize(input, { integersOnly: true, requireNfc: false });
  if (!canonical.ok) {
    checks.push({ check: "canonical", ok: false, detail: canonical.error.message });
    return report();
  }
  digest = sha256Hex(canonical.value);
  checks.push({
    check: "canonical",
    ok: true,
    detail: "Tài liệu là JSON thuần, chỉ có số nguyên, có dạng chuẩn RFC 8785 (JCS).",
  });

  // 2. NFC, refused rather than repaired: the officers signed the bytes as they are.
  const nfc = canonicalize(input);
  if (!nfc.ok) {
    checks.push({ check: "nfc", ok: false, detail: nfc.error.message });
    return report();
  }
  checks.push({ check: "nfc", ok: true, detail: "Mọi chuỗi ở dạng chuẩn Unicode NFC." });

  // 3. The minutes shape.
  const parsed = MinutesDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${pathText(i.path)}: ${i.message.replace(/\.$/, "")}`);
    const more = parsed.error.issues.length > 5 ? ` (và ${parsed.error.issues.length - 5} lỗi khác)` : "";
    checks.push({
      check: "schema",
      ok: false,
      detail: `Không đúng cấu trúc biên bản: ${issues.join("; ")}${more}.`,
    });
    return report();
  }
  const doc = parsed.data;
  document = doc;
  checks.push({
    check: "schema",
    ok: true,
    detail: `Đúng cấu trúc biên bản phiên bản ${doc.version}: ${doc.officials.length} người được lấy phiếu, ${doc.officers.length} cán bộ, ${doc.signatures.length} chữ ký.`,
  });
  reconciliation = reconcile(doc);

  // 4. Signatures over JCS(document without `signatures`).
  const { signatures: _signatures, ...unsigned } = input as Record<string, unknown>;
  const signedText = canonicalize(unsigned);
  // Unreachable: a member of a canonical document is canonical.
  if (!signedText.ok) throw new Error("verifyMinutes: unsigned part of a canonical document not canonical");
  const signedBytes = encoder.encode(signedText.value);
  const officers = new Map(doc.officers.map((o) => [o.code, o]));
  const goodKeys = new Set<string>();

  for (const entry of doc.signatures) {
    const who = officers.get(entry.officer);
    const label = who ? `${entry.officer} (${who.role} ${who.name})` : entry.officer;
    const verified = await verifyEd25519(entry.publicKey, signedBytes, entry.signature);
    checks.push({
      check: "signature",
      ok: verified.ok,
      detail: verified.ok ? `Chữ ký của ${label}: hợp lệ.` : `Chữ ký của ${label}: ${verified.error.message}`,
    });
    checks.push({
      check: "signer_listed",
      ok: who !== undefined,
      detail: who
        ? `${entry.officer} có tên trong tổ công tác của biên bản.`
        : `Người ký “${entry.officer}” không có tên trong tổ công tác (officers) của biên bản.`,
    });
    let keyMatches = true;
    if (keys !== undefined) {
      const registered = keys.get(entry.officer);
      keyMatches = registered === entry.publicKey;
      checks.push({
        check: "registered_key",
        ok: keyMatches,
        detail:
          registered === undefined
            ? `Không có khóa đã đăng ký cho cán bộ ${entry.officer}.`
            : keyMatches
              ? `Khóa của ${entry.officer} đúng là khóa đã đăng ký.`
              : `Khóa công khai ghi trong biên bản cho ${entry.officer} khác khóa đã đăng ký với Ban Tổ chức.`,
      });
    }
    // One key signing under two names counts once: two signers means two key holders.
    if (verified.ok && who !== undefined && keyMatches && !goodKeys.has(entry.publicKey)) {
      goodKeys.add(entry.publicKey);
      signers.push(entry.officer);
    }
  }

  const needed = Math.max(options.requiredSigners ?? MIN_SIGNERS, MIN_SIGNERS);
  const leader = signers.some((code) => officers.get(code)?.role === LEADER_ROLE);
  const named = signers.length > 0 ? ` (${signers.join(", ")})` : "";
  checks.push({
    check: "signers",
    ok: signers.length >= needed && leader,
    detail:
      signers.length < needed
        ? `Chỉ có ${signers.length} cán bộ ký hợp lệ${named}; cần ít nhất ${needed} cán bộ trong tổ, mỗi người một khóa riêng, trong đó có ${LEADER_ROLE}.`
        : leader
          ? `${signers.length} cán bộ ký hợp lệ${named}, có ${LEADER_ROLE}; cần ít nhất ${needed}.`
          : `${signers.length} cán bộ ký hợp lệ${named} nhưng không có chữ ký của ${LEADER_ROLE}.`,
  });
  return report();
}

// ---------------------------------------------------------------------------------------------
// Reconciliation (DESIGN §4 step 3): issued ≤ roster; collected ≤ issued; notCollected =
// issued − collected; for each official high + medium + low + blank = collected; each official's
// denominator as the rule set names it; each band as the rule set decides it.

/** Counts as an officer reads them: "1.458". */
const n = formatCount;

const formatCodes = (items: readonly string[]): string =>
  items.length <= 5 ? items.join("; ") : `${items.slice(0, 5).join("; ")}; và ${items.length - 5} người khác`;

function reconcile(doc: MinutesDocument): MinutesCheck<ReconciliationCheckName>[] {
  const { roster, issued, collected, notCollected } = doc.counts;
  const out: MinutesCheck<ReconciliationCheckName>[] = [];
  const finding = (check: ReconciliationCheckName, pass: boolean, good: string, bad: string) =>
    out.push({ check, ok: pass, detail: pass ? good : bad });

  finding(
    "issued_within_roster",
    issued <= roster,
    `Số phiếu phát ra (${n(issued)}) không vượt số trong danh sách (${n(roster)} người, hoặc hộ khi mỗi hộ một phiếu).`,
    `Số phiếu phát ra (${n(issued)}) lớn hơn số trong danh sách (${n(roster)} người, hoặc hộ khi mỗi hộ một phiếu).`,
  );
  finding(
    "collected_within_issued",
    collected <= issued,
    `Số phiếu thu về (${n(collected)}) không vượt số phiếu phát ra (${n(issued)}).`,
    `Số phiếu thu về (${n(collected)}) lớn hơn số phiếu phát ra (${n(issued)}).`,
  );
  finding(
    "not_collected",
    notCollected === issued - collected,
    `Số phiếu không thu về (${n(notCollected)}) = phát ra − thu về.`,
    `Số phiếu không thu về (${n(notCollected)}) khác phát ra − thu về (${n(issued)} − ${n(collected)} = ${n(issued - collected)}).`,
  );

  const marksOff = doc.officials
    .filter((o) => o.high + o.medium + o.low + o.blank !== collected)
    .map(
      (o) =>
        `${o.code}: ${n(o.high)} + ${n(o.medium)} + ${n(o.low)} + ${n(o.blank)} = ${n(o.high + o.medium + o.low + o.blank)}`,
    );
  finding(
    "marks_total",
    marksOff.length === 0,
    `Với cả ${doc.officials.length} người: cao + tín nhiệm + thấp + không đánh dấu = số phiếu thu về (${n(collected)}).`,
    `Tổng số dấu khác số phiếu thu về (${n(collected)}): ${formatCodes(marksOff)}.`,
  );

  const expectedDenominator = (o: MinutesDocument["officials"][number]): number =>
    doc.ruleSet.denominator === "collected"
      ? collected
      : doc.ruleSet.denominator === "roster"
        ? roster
        : o.high + o.medium + o.low;
  const denominatorOff = doc.officials
    .filter((o) => o.denominator !== expectedDenominator(o))
    .map((o) => `${o.code}: ghi ${n(o.denominator)}, đúng ra ${n(expectedDenominator(o))}`);
  // A built-in rule set fixes its denominator; the document must not claim another one.
  const builtIn = isBuiltIn(doc.ruleSet.id) ? RULE_SETS[doc.ruleSet.id] : null;
  if (builtIn !== null && builtIn.denominator !== doc.ruleSet.denominator) {
    denominatorOff.unshift(
      `bộ quy tắc ${builtIn.id} tính trên “${builtIn.denominator}”, biên bản ghi “${doc.ruleSet.denominator}”`,
    );
  }
  finding(
    "denominator",
    denominatorOff.length === 0,
    `Mẫu số của mỗi người đúng theo bộ quy tắc (${denominatorWords(doc.ruleSet.denominator)}).`,
    `Mẫu số không đúng theo bộ quy tắc (${denominatorWords(doc.ruleSet.denominator)}): ${formatCodes(denominatorOff)}.`,
  );

  out.push(bandFinding(doc));

  finding(
    "open_before_close",
    Date.parse(doc.openedAt) <= Date.parse(doc.closedAt),
    "Thời điểm mở điểm trước thời điểm đóng.",
    `Thời điểm mở (${doc.openedAt}) sau thời điểm đóng (${doc.closedAt}).`,
  );
  return out;
}

const isBuiltIn = (id: string): id is BuiltInRuleSetId =>
  (BUILT_IN_RULE_SET_IDS as readonly string[]).includes(id);

function bandFinding(doc: MinutesDocument): MinutesCheck<ReconciliationCheckName> {
  const { roster, issued, collected } = doc.counts;
  const ruleSetId = doc.ruleSet.id;
  const off: string[] = [];
  if (isBuiltIn(ruleSetId)) {
    for (const o of doc.officials) {
      const evaluation = evaluate(ruleSetId, { roster, issued, collected, ...o });
      // Counts that do not add up are reported above (marks_total); the band then cannot be decided.
      if (!evaluation.ok) off.push(`${o.code}: không xác định được vì số liệu không khớp`);
      else if (evaluation.value.band !== o.band)
        off.push(`${o.code}: ghi ${o.band}, đúng ra ${evaluation.value.band}`);
    }
    return off.length === 0
      ? {
          check: "band",
          ok: true,
          detail: `Kết quả của mỗi người đúng theo ngưỡng của bộ quy tắc ${ruleSetId}.`,
        }
      : {
          check: "band",
          ok: false,
          detail: `Kết quả không đúng theo bộ quy tắc ${ruleSetId}: ${formatCodes(off)}.`,
        };
  }
  // A campaign's own rule set: its thresholds are not in the minutes; only "no votes" can be checked.
  for (const o of doc.officials) {
    if ((o.denominator === 0) !== (o.band === "no_votes"))
      off.push(`${o.code}: mẫu số ${o.denominator}, ghi ${o.band}`);
  }
  return off.length === 0
    ? {
        check: "band",
        ok: true,
        detail: `Bộ quy tắc riêng “${ruleSetId}”: ngưỡng không ghi trong biên bản nên chỉ kiểm được trường hợp không có phiếu.`,
      }
    : { check: "band", ok: false, detail: `“Không có phiếu” chỉ khi mẫu số bằng 0: ${formatCodes(off)}.` };
}

const pathText = (path: readonly PropertyKey[]): string =>
  formatPath(path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment))) || "(gốc)";
