/**
 * The minutes of a point's day (biên bản kiểm phiếu, DESIGN §4 step 3, §6), built from the tally:
 * the unsigned document the officers sign, its signing bytes and digest, the commitment over the
 * ballots (DESIGN §5), and the model the PDF renderer draws. Pure: the close-of-day service reads
 * the store and the clock and passes everything in.
 *
 * What verify-minutes.ts recomputes from a document built here agrees with it by construction:
 * counts.notCollected = issued − collected, each official's denominator and band through the same
 * engine, every string NFC, signatures over JCS(document without `signatures`). It disagrees only
 * where the day itself did not reconcile (damaged ballot rows, more ballots than tickets), and then
 * the document says so in its incidents.
 */
import { digestOf, nfcDeep, sha256Hex } from "../crypto/digest.ts";
import { documentSigningBytes, publicKeyFingerprint } from "../crypto/keys.ts";
import type { Issuer, PdfRuleSet, PdfSignature } from "../pdf/document.ts";
import type { MinutesPdfModel } from "../pdf/minutes-pdf.ts";
import { formatCount } from "./format.ts";
import {
  MINUTES_VERSION,
  type MinutesDocument,
  MinutesDocumentSchema,
  type MinutesIncident,
  type MinutesWarning,
} from "./minutes-document.ts";
import { fail, ok, type Refusal, type Result } from "./result.ts";
import type { TeamRole } from "./setup.ts";
import {
  type BallotOfficial,
  type Check,
  closeWarnings,
  type DayCounts,
  type EvaluateTallyErrorCode,
  evaluateTally,
  reconcile,
  type Tally,
  type TallyErrorCode,
  tallyBallots,
  type WarningSettings,
} from "./tally.ts";
import { citeRuleSet, type RuleSet } from "./threshold.ts";
import { FAST_CAST_INCIDENT, type RosterUnit } from "./voting.ts";

/** The code of an incident the officers typed on the close page (audited as `point.incident`). */
export const TYPED_AT_CLOSE = "point.incident";

// ---------------------------------------------------------------------------------------------
// The ballots commitment (DESIGN §5)
// ---------------------------------------------------------------------------------------------

/** The point-day a ballot belongs to: campaign code, point code, voting day "YYYY-MM-DD". */
export type BallotScope = { readonly campaign: string; readonly point: string; readonly day: string };

/** Domain separation: a ballot digest is never the digest of anything else we hash. */
export const BALLOT_DIGEST_TAG = "tinnhiem:ballot:v1";

/**
 * One ballot's digest: SHA-256 (lowercase hex) of the UTF-8 text
 * `tinnhiem:ballot:v1\n<campaign code>\n<point code>\n<day>\n<encoded ballot>`.
 * The scope binds the ballot to its point-day, so a set of ballots cannot be passed off as another
 * point's or another day's: identical marks at two points give different digests. Unambiguous: the
 * codes and the day cannot hold a line break and the encoded ballot comes last. Damaged rows are
 * hashed as stored (they are in the box, so they are in the commitment).
 */
export function ballotDigest(scope: BallotScope, encoded: string): string {
  return sha256Hex(`${BALLOT_DIGEST_TAG}\n${scope.campaign}\n${scope.point}\n${scope.day}\n${encoded}`);
}

/**
 * The commitment over a point-day's ballots (DESIGN §5 "hash over the sorted ballot digests, so
 * order-free"): SHA-256 of the JCS text of the array of every ballot's digest (ballotDigest), sorted
 * ascending, duplicates kept, i.e. `sha256Hex('["<d1>","<d2>",…]')`; no ballots → sha256Hex("[]").
 * The box's row order (random slots) changes nothing; a ballot added, removed or altered changes it.
 * It hides nothing: the marks of a ballot style are few, so each digest can be matched by trying
 * them all. Only this root is published, and it reveals at most the set of ballots, never their
 * order or time (DESIGN §5).
 */
export function ballotsCommitment(scope: BallotScope, encoded: readonly string[]): string {
  const digests = encoded.map((text) => ballotDigest(scope, text));
  digests.sort();
  return digestOf(digests);
}

// ---------------------------------------------------------------------------------------------
// Building the document
// ---------------------------------------------------------------------------------------------

/** Everything the close of a point's day needs, gathered by the service. Strings may be NFD. */
export type MinutesInput = {
  readonly campaign: { readonly code: string; readonly name: string; readonly aggregator: string };
  /** commune: the point's old commune's code. */
  readonly point: { readonly code: string; readonly name: string; readonly commune: string };
  /** The voting day, "YYYY-MM-DD". */
  readonly day: string;
  /** The point's officials in ballot order (setup.ts `ballotFor`). */
  readonly ballot: readonly BallotOfficial[];
  /** The rows of the ballot box for this point-day (BallotBox.ballots), encoded, any order. */
  readonly ballots: readonly string[];
  readonly counts: DayCounts;
  readonly ruleSet: RuleSet;
  /** The campaign's warning settings (smallPointThreshold, minTurnoutPercent). */
  readonly settings: WarningSettings;
  /**
   * SHA-256 hex: `config` the campaign's configDigest recorded at the stamp, `roster` the point's
   * latest roster commitment (the stamp's, or an amendment's), `previous` the minutesDigest of the
   * point's previous minutes (the day before, or the version this one reopens), or null.
   */
  readonly commitments: {
    readonly config: string;
    readonly roster: string;
    readonly previous: string | null;
  };
  /** The working team of the point, as the minutes list it. */
  readonly officers: readonly { readonly code: string; readonly name: string; readonly role: TeamRole }[];
  /**
   * Incidents recorded during the day (audited re-issues of lost tickets with their time, kiosk
   * trouble), in time order. The close adds its own after these.
   */
  readonly incidents: readonly MinutesIncident[];
  /** ISO 8601 UTC instants. */
  readonly openedAt: string;
  readonly closedAt: string;
};

/** The close of a day: the unsigned minutes and what the close screen and the PDF also show. */
export type ClosedDay = {
  /** The minutes with `signatures: []`, ready to be signed (minutesSigningBytes). */
  readonly document: MinutesDocument;
  readonly tally: Tally;
  /** All reconciliation checks, passed and failed (the failed ones are also in `document.incidents`). */
  readonly checks: readonly Check[];
  readonly warnings: readonly MinutesWarning[];
};

export type BuildMinutesErrorCode =
  | "counts_invalid"
  | "invalid_document"
  | TallyErrorCode
  | EvaluateTallyErrorCode;

const COUNT_NAMES: Readonly<Record<keyof DayCounts, string>> = {
  roster: "số người trong danh sách",
  checkIns: "số lượt nhận phiếu",
  issued: "số phiếu phát ra",
  reissued: "số phiếu phát lại",
  collected: "số phiếu thu về",
  voided: "số phiếu không thu về",
  lost: "số phiếu bị mất",
};

/**
 * The incidents the close itself records, at `closedAt`: tickets lost in a restart (with how many
 * were re-issued), then one per failed reconciliation check (`check.<id>`), in check order.
 */
export function closeIncidents(counts: DayCounts, checks: readonly Check[], at: string): MinutesIncident[] {
  const incidents: MinutesIncident[] = [];
  if (counts.lost > 0 || counts.reissued > 0) {
    incidents.push({
      code: "tickets.lost",
      message: `Máy chủ khởi động lại trong ngày làm mất ${formatCount(counts.lost)} phiếu đã phát nhưng chưa gửi; đã phát lại ${formatCount(counts.reissued)} phiếu cho cử tri đã nhận phiếu và còn có mặt (mỗi lần phát lại được ghi vào nhật ký).`,
      at,
    });
  }
  for (const c of checks) {
    if (!c.ok) incidents.push({ code: `check.${c.id}`, message: `${c.label}: không khớp. ${c.detail}`, at });
  }
  return incidents;
}

/**
 * The minutes of one point's day (DESIGN §6), unsigned (`signatures: []`), every string NFC.
 *
 * Shape: `buildMinutes(input)` → `ok({ document, tally, checks, warnings })`, where `document` is
 * `{ version: 1, campaign, point, day, counts: { roster, issued, collected, notCollected },
 * officials: [{ code, name, position, high, medium, low, blank, denominator, band }],
 * ruleSet: { id, denominator }, commitments: { config, roster, ballots, previous }, officers,
 * incidents, warnings, openedAt, closedAt, signatures: [] }`.
 * - counts.collected is the ballots in the box, damaged rows included (what was counted);
 *   counts.issued the tickets issued with a check-in; notCollected = issued − collected, or 0 when
 *   more were collected than issued (a count cannot be negative; that check fails and is an incident).
 * - incidents: the day's (input) then the close's (closeIncidents). No failed check is "fixed".
 *
 * Errors: `counts_invalid` (a count that is not a non-negative safe integer), the tally's and the
 * engine's refusals (a ballot style or rule set the stamp would not accept), and `invalid_document`
 * when the result is not a valid minutes document (e.g. a name over 300 characters, an officer code
 * that is not a login name), with the schema's messages.
 */
export function buildMinutes(input: MinutesInput): Result<ClosedDay, Refusal<BuildMinutesErrorCode>> {
  for (const [key, label] of Object.entries(COUNT_NAMES) as [keyof DayCounts, string][]) {
    const value = input.counts[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      return fail("counts_invalid", `${label} phải là số nguyên không âm (đang là ${String(value)}).`);
    }
  }
  const tally = tallyBallots(
    input.ballot.map((o) => o.code),
    input.ballots,
  );
  if (!tally.ok) return tally;
  const officials = evaluateTally(tally.value, input.counts, input.ruleSet, input.ballot);
  if (!officials.ok) return officials;
  const checks = reconcile(input.counts, tally.value);
  const warnings = closeWarnings(input.counts, tally.value, input.settings);

  const collected = tally.value.ballots;
  const scope = { campaign: input.campaign.code, point: input.point.code, day: input.day };
  const document: MinutesDocument = nfcDeep({
    version: MINUTES_VERSION,
    campaign: { code: input.campaign.code, name: input.campaign.name, aggregator: input.campaign.aggregator },
    point: { code: input.point.code, name: input.point.name, commune: input.point.commune },
    day: input.day,
    counts: {
      roster: input.counts.roster,
      issued: input.counts.issued,
      collected,
      notCollected: Math.max(0, input.counts.issued - collected),
    },
    officials: officials.value.map((o) => ({
      code: o.code,
      name: o.name,
      position: o.position,
      high: o.high,
      medium: o.medium,
      low: o.low,
      blank: o.blank,
      denominator: o.denominator,
      band: o.band,
    })),
    ruleSet: { id: input.ruleSet.id, denominator: input.ruleSet.denominator },
    commitments: {
      config: input.commitments.config,
      roster: input.commitments.roster,
      ballots: ballotsCommitment(scope, input.ballots),
      previous: input.commitments.previous,
    },
    officers: input.officers.map((o) => ({ code: o.code, name: o.name, role: o.role })),
    incidents: [...input.incidents, ...closeIncidents(input.counts, checks, input.closedAt)].map((i) =>
      i.at === undefined
        ? { code: i.code, message: i.message }
        : { code: i.code, message: i.message, at: i.at },
    ),
    warnings,
    openedAt: input.openedAt,
    closedAt: input.closedAt,
    signatures: [],
  });
  const parsed = MinutesDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(gốc)"}: ${i.message}`);
    return fail("invalid_document", `Không lập được biên bản: ${issues.join("; ")}`);
  }
  return ok({ document, tally: tally.value, checks, warnings });
}

// ---------------------------------------------------------------------------------------------
// Bytes and digests (DESIGN §6)
// ---------------------------------------------------------------------------------------------

/**
 * What each officer signs: the UTF-8 JCS bytes of the document without `signatures` (DESIGN §6),
 * the bytes verify-minutes.ts checks every signature against (keys.ts `documentSigningBytes`).
 */
export function minutesSigningBytes(doc: MinutesDocument): Uint8Array<ArrayBuffer> {
  return documentSigningBytes(doc);
}

/**
 * SHA-256 (lowercase hex) of the JCS bytes of the whole document, signatures included: the
 * verifier's `digest`, the results' `minutesDigest`, the next minutes' `commitments.previous`, and
 * the code printed and QR-encoded on the PDF. It changes with every signature added.
 */
export function minutesDigest(doc: MinutesDocument): string {
  return digestOf(doc);
}

// ---------------------------------------------------------------------------------------------
// The PDF model
// ---------------------------------------------------------------------------------------------

/** What the PDF prints that the signed document does not carry. */
export type MinutesPdfExtra = {
  /** Printed top left (e.g. "Ủy ban nhân dân xã Quang Thọ" over "Tổ công tác thôn Đông"). */
  readonly issuer: Issuer;
  /** The old commune's name ("xã Hương Quang"), and the merged commune's ("Xã Quang Thọ"). */
  readonly communeName: string;
  readonly newCommuneName: string;
  /** The campaign's full rule set; its id must be the document's. */
  readonly ruleSet: RuleSet;
  /** The reconciliation at close (ClosedDay.checks). */
  readonly checks: readonly Check[];
  /** What `counts.roster` counts (`rosterUnitOfVersion` of the version named); default "người". */
  readonly rosterUnit?: RosterUnit;
  /** Officer code → registered public key, for the fingerprint of an officer who has not signed yet. */
  readonly publicKeys?: ReadonlyMap<string, string>;
  /**
   * The officers whose signatures verified (verifyMinutes' `signers`). Without it, an officer with
   * a signature entry in the document is shown as signed: pass it for any document not built here.
   */
  readonly signers?: readonly string[];
};

const pdfRuleSetOf = (ruleSet: RuleSet): PdfRuleSet => ({
  name: ruleSet.name,
  denominator: ruleSet.denominator,
  source: citeRuleSet(ruleSet),
  thresholds: ruleSet.thresholds,
  consequences: ruleSet.consequences,
});

/**
 * The renderer's input (server/pdf/minutes-pdf.ts) for a document built here, unsigned or signed.
 * Signature lines: one per officer in team order, `signed` as described at `signers`, the
 * fingerprint of the key in their signature, else of their registered key, else "—". Incidents
 * without a time are dated `closedAt`. `digest` is minutesDigest(doc): print the signed document
 * to get the code the verifier and the results list.
 * Throws when the rule set given is not the document's (a bug in the caller).
 */
export function toMinutesPdfModel(doc: MinutesDocument, extra: MinutesPdfExtra): MinutesPdfModel {
  if (extra.ruleSet.id !== doc.ruleSet.id || extra.ruleSet.denominator !== doc.ruleSet.denominator) {
    throw new Error(`rule set ${extra.ruleSet.id} is not the minutes' ${doc.ruleSet.id}`);
  }
  const signatureOf = new Map(doc.signatures.map((s) => [s.officer, s]));
  const verified = extra.signers === undefined ? null : new Set(extra.signers);
  const signatures: PdfSignature[] = doc.officers.map((o) => {
    const entry = signatureOf.get(o.code);
    const key = entry?.publicKey ?? extra.publicKeys?.get(o.code);
    return {
      officer: o.name,
      role: o.role,
      fingerprint: key === undefined ? "—" : publicKeyFingerprint(key),
      signed: verified === null ? entry !== undefined : verified.has(o.code),
    };
  });
  const { roster, collected } = doc.counts;
  const digest = minutesDigest(doc);
  return nfcDeep({
    campaign: doc.campaign,
    commitments: doc.commitments,
    issuer: extra.issuer,
    point: {
      code: doc.point.code,
      name: doc.point.name,
      commune: extra.communeName,
      newCommune: extra.newCommuneName,
    },
    day: doc.day,
    counts: { ...doc.counts, rosterUnit: extra.rosterUnit ?? "người" },
    officials: doc.officials,
    ruleSet: pdfRuleSetOf(extra.ruleSet),
    checks: extra.checks.map((c) => ({ label: c.label, ok: c.ok, detail: c.detail })),
    warnings: (doc.warnings ?? []).map((w) =>
      w.kind === "small_point"
        ? { kind: "small_point" as const, collected, threshold: w.threshold }
        : { kind: "low_turnout" as const, collected, roster, minimumPercent: w.minimumPercent },
    ),
    // An incident without its time: typed at the close by documents from before `at` existed, or
    // a finding about the whole day that keeps no time on purpose (a kiosk's fast casts).
    incidents: doc.incidents.map((i) => ({
      at: i.at ?? (i.code === FAST_CAST_INCIDENT ? null : doc.closedAt),
      text: i.message,
      ...(i.code === TYPED_AT_CLOSE ? { typedAtClose: true } : {}),
    })),
    officers: doc.officers,
    signatures,
    openedAt: doc.openedAt,
    closedAt: doc.closedAt,
    digest,
    verification: `tinnhiem:minutes:${digest}`,
  });
}

/** What the minutes hold of the incidents typed at close: lines, and characters per line. */
export const INCIDENT_LIMITS = { lines: 20, chars: 500 } as const;

/**
 * Incidents as typed: one per line, trimmed, NFC, blank lines dropped. Refused, naming the line,
 * when there are more than INCIDENT_LIMITS.lines or a line is longer than INCIDENT_LIMITS.chars
 * characters: the officer shortens them (the text stays on the page), nothing is cut silently.
 */
export function incidentLines(lines: readonly string[]): Result<string[], Refusal<"incidents_too_long">> {
  const kept = lines
    .flatMap((l) => l.split(/\r\n?|\n/))
    .map((l) => l.normalize("NFC").trim())
    .filter((l) => l.length > 0);
  const { lines: most, chars } = INCIDENT_LIMITS;
  if (kept.length > most) {
    return fail(
      "incidents_too_long",
      `Phần sự cố có ${kept.length} dòng; biên bản ghi được tối đa ${most} dòng. Xin gộp bớt rồi bấm lại. Chưa kết thúc.`,
    );
  }
  const long = kept.findIndex((l) => [...l].length > chars);
  if (long >= 0) {
    return fail(
      "incidents_too_long",
      `Sự cố thứ ${long + 1} dài ${[...(kept[long] ?? "")].length} ký tự; mỗi sự cố tối đa ${chars} ký tự. Xin viết gọn lại rồi bấm lại. Chưa kết thúc.`,
    );
  }
  return ok(kept);
}
