/**
 * Kiểm tra biên bản (issue #11 §2, DESIGN §4 step 6): the board checks every signed minutes against
 * what the server stores — the officers' registered keys, the configuration, the roster and the
 * ballots — and recomputes the tallies from the ballots. The checks run in a fixed order and the
 * first failing one names the discrepancy. Pure: the service (services/verify-points.ts) reads the
 * store and passes what it read.
 */
import { MIN_SIGNERS } from "../crypto/verify-minutes.ts";
import { BAND_LABELS, formatCount } from "./format.ts";
import type { MinutesDocument, MinutesOfficial } from "./minutes-document.ts";
import { LEADER_ROLE } from "./setup.ts";
import type { OfficialResult } from "./tally.ts";

/** The checks in the order they run; the first failure is the one named. */
export const VERIFICATION_CHECKS = [
  "signatures",
  "reconciliation",
  "document",
  "config",
  "roster",
  "ballots",
  "previous",
  "counts",
  "tally",
] as const;
export type VerificationCheckId = (typeof VERIFICATION_CHECKS)[number];

export const VERIFICATION_CHECK_LABELS: Readonly<Record<VerificationCheckId, string>> = {
  signatures: "Chữ ký số của tổ công tác",
  reconciliation: "Đối chiếu số liệu trong biên bản",
  document: "Mã biên bản (dạng chuẩn JCS)",
  config: "Cam kết cấu hình đợt lấy phiếu",
  roster: "Cam kết danh sách người ghi phiếu",
  ballots: "Cam kết phiếu trong hòm phiếu",
  previous: "Liên kết với biên bản trước",
  counts: "Số phiếu phát ra và thu về",
  tally: "Kết quả kiểm phiếu tính lại từ phiếu",
};

export type VerificationCheck = {
  readonly id: VerificationCheckId;
  readonly label: string;
  readonly ok: boolean;
  readonly detail: string;
};

export const check = (id: VerificationCheckId, ok: boolean, detail: string): VerificationCheck => ({
  id,
  label: VERIFICATION_CHECK_LABELS[id],
  ok,
  detail,
});

export type VerificationOutcome =
  | { readonly outcome: "verified"; readonly failed: null }
  | { readonly outcome: "discrepant"; readonly failed: VerificationCheck };

/** Verified when every check passed; otherwise discrepant, naming the first failing check. */
export function outcomeOf(checks: readonly VerificationCheck[]): VerificationOutcome {
  const failed = checks.find((c) => !c.ok);
  return failed === undefined ? { outcome: "verified", failed: null } : { outcome: "discrepant", failed };
}

/**
 * Complete minutes (DESIGN §4 step 3): at least two officers signed, the Tổ trưởng among them. Read
 * from the document itself (the roles it lists are the ones the officers signed), not from the
 * accounts as they are today.
 */
export function minutesComplete(
  doc: Pick<MinutesDocument, "officers" | "signatures">,
  required: number = MIN_SIGNERS,
): boolean {
  const roles = new Map(doc.officers.map((o) => [o.code, o.role]));
  const signers = new Set(doc.signatures.map((s) => s.officer));
  return (
    signers.size >= Math.max(required, MIN_SIGNERS) &&
    [...signers].some((code) => roles.get(code) === LEADER_ROLE)
  );
}

/** One registration of a key to an officer (audit: officer.create, officer.key.rotate, officer.reset). */
export type KeyRegistration = { readonly officer: string; readonly publicKey: string; readonly at: string };

/**
 * The key registered to an officer at an instant: the last registration at or before it. A board
 * reset or a first-login rotation replaces an officer's key; minutes signed before stay signed with
 * the key that was theirs then. Null when the officer had no key registered at that instant.
 */
export function keyInForce(
  registrations: readonly KeyRegistration[],
  officer: string,
  at: string,
): string | null {
  let found: string | null = null;
  for (const r of registrations) {
    if (r.officer === officer && r.at <= at) found = r.publicKey;
  }
  return found;
}

const n = formatCount;

const listShort = (items: readonly string[]): string =>
  items.length <= 5 ? items.join("; ") : `${items.slice(0, 5).join("; ")}; và ${items.length - 5} người khác`;

/**
 * The tallies recomputed from the stored ballots (tallyBallots + evaluateTally) against the
 * document's officials: same officials in the same order, same counts, denominator and band.
 */
export function compareTally(
  signed: readonly MinutesOfficial[],
  recomputed: readonly OfficialResult[],
): VerificationCheck {
  const sameOfficials =
    signed.length === recomputed.length && signed.every((o, i) => o.code === recomputed[i]?.code);
  if (!sameOfficials) {
    return check(
      "tally",
      false,
      `Danh sách người được lấy phiếu trong biên bản (${signed.map((o) => o.code).join(", ")}) khác phiếu của điểm (${recomputed.map((o) => o.code).join(", ")}).`,
    );
  }
  const off: string[] = [];
  signed.forEach((o, i) => {
    const r = recomputed[i];
    if (!r) return;
    const fields = (["high", "medium", "low", "blank", "denominator"] as const).filter((f) => o[f] !== r[f]);
    if (fields.length > 0 || o.band !== r.band) {
      off.push(
        `${o.name} (${o.code}): biên bản ghi ${n(o.high)}/${n(o.medium)}/${n(o.low)}/${n(o.blank)}, mẫu số ${n(o.denominator)} (${BAND_LABELS[o.band].toLowerCase()}), tính lại từ phiếu ${n(r.high)}/${n(r.medium)}/${n(r.low)}/${n(r.blank)}, mẫu số ${n(r.denominator)} (${BAND_LABELS[r.band].toLowerCase()})`,
      );
    }
  });
  return off.length === 0
    ? check(
        "tally",
        true,
        `Tính lại từ phiếu trong hòm phiếu: đúng với biên bản cho cả ${signed.length} người (cao/tín nhiệm/thấp/để trống, mẫu số, mức).`,
      )
    : check("tally", false, `Kết quả tính lại từ phiếu khác biên bản: ${listShort(off)}.`);
}
