import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalize } from "../../server/crypto/digest.ts";
import { publicKeyFingerprint } from "../../server/crypto/keys.ts";
import { verifyMinutes } from "../../server/crypto/verify-minutes.ts";
import type { Band } from "../../server/domain/format.ts";
import {
  BALLOT_DIGEST_TAG,
  type BallotScope,
  ballotDigest,
  ballotsCommitment,
  buildMinutes,
  type ClosedDay,
  type MinutesInput,
  minutesDigest,
  minutesSigningBytes,
  toMinutesPdfModel,
} from "../../server/domain/minutes.ts";
import { type MinutesDocument, MinutesDocumentSchema } from "../../server/domain/minutes-document.ts";
import type { DayCounts } from "../../server/domain/tally.ts";
import { RULE_SETS } from "../../server/domain/threshold.ts";
import { renderMinutesPdf } from "../../server/pdf/minutes-pdf.ts";
import { makeOfficer, sampleMinutes, signMinutes, type TestOfficer } from "../minutes-helpers.ts";
import { flat, pageTexts, requirePoppler } from "../pdf/poppler.ts";

// ---------------------------------------------------------------------------------------------
// Helpers written independently of the code under test
// ---------------------------------------------------------------------------------------------

const sha = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * Ballots whose columns give each official exactly the counts asked for: column j holds official
 * j's marks (H…, M…, L…, _…), and ballot i is row i across the columns.
 */
function ballotsFor(
  officials: readonly { high: number; medium: number; low: number; blank: number }[],
): string[] {
  const columns = officials.map((o) =>
    ["H".repeat(o.high), "M".repeat(o.medium), "L".repeat(o.low), "_".repeat(o.blank)].join(""),
  );
  const size = columns[0]?.length ?? 0;
  return Array.from({ length: size }, (_, i) => columns.map((c) => c.charAt(i)).join(""));
}

/** A fixed permutation (a small LCG), so a shuffled order is the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const SAMPLE = sampleMinutes();
const SAMPLE_BALLOTS = ballotsFor(SAMPLE.officials);
const SCOPE: BallotScope = { campaign: SAMPLE.campaign.code, point: SAMPLE.point.code, day: SAMPLE.day };
const CLEAN: DayCounts = {
  roster: 120,
  checkIns: 100,
  issued: 100,
  reissued: 0,
  collected: 98,
  voided: 2,
  lost: 0,
};

/** The day behind test/minutes-helpers.ts `sampleMinutes`: 120 on the roster, 100 issued, 98 cast. */
function sampleInput(change: Partial<MinutesInput> = {}): MinutesInput {
  return {
    campaign: SAMPLE.campaign,
    point: SAMPLE.point,
    day: SAMPLE.day,
    ballot: SAMPLE.officials.map(({ code, name, position }) => ({ code, name, position })),
    ballots: SAMPLE_BALLOTS,
    counts: CLEAN,
    ruleSet: RULE_SETS["qd96-2023"],
    settings: { smallPointThreshold: 5, minTurnoutPercent: null },
    commitments: { config: "a".repeat(64), roster: "b".repeat(64), previous: null },
    officers: SAMPLE.officers,
    incidents: SAMPLE.incidents,
    openedAt: SAMPLE.openedAt,
    closedAt: SAMPLE.closedAt,
    ...change,
  };
}

function mustBuild(input: MinutesInput): ClosedDay {
  const result = buildMinutes(input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

let tt01: TestOfficer;
let tk02: TestOfficer;
let tv03: TestOfficer;
beforeAll(async () => {
  [tt01, tk02, tv03] = await Promise.all([makeOfficer("tt01"), makeOfficer("tk02"), makeOfficer("tv03")]);
});

const registered = () =>
  new Map([
    [tt01.code, tt01.publicKey],
    [tk02.code, tk02.publicKey],
    [tv03.code, tv03.publicKey],
  ]);

const failingReconciliation = (v: { reconciliation: readonly { check: string; ok: boolean }[] }) =>
  v.reconciliation.filter((c) => !c.ok).map((c) => c.check);

// ---------------------------------------------------------------------------------------------
// buildMinutes
// ---------------------------------------------------------------------------------------------

describe("buildMinutes", () => {
  it("buildMinutes - a realistic day gives the DESIGN §6 document, unsigned", () => {
    const { document, checks, warnings, tally } = mustBuild(sampleInput());
    expect(document).toEqual({
      ...SAMPLE,
      commitments: { ...SAMPLE.commitments, ballots: ballotsCommitment(SCOPE, SAMPLE_BALLOTS) },
      warnings: [],
      signatures: [],
    });
    expect(Object.keys(document).sort()).toEqual(
      [
        "version",
        "campaign",
        "point",
        "day",
        "counts",
        "officials",
        "ruleSet",
        "commitments",
        "officers",
        "incidents",
        "warnings",
        "openedAt",
        "closedAt",
        "signatures",
      ].sort(),
    );
    expect(MinutesDocumentSchema.safeParse(document).success).toBe(true);
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(warnings).toEqual([]);
    expect(tally).toMatchObject({ ballots: 98, damaged: 0 });
  });

  it("buildMinutes - the same ballots in another order give the same document, bytes and digest", () => {
    const base = mustBuild(sampleInput()).document;
    for (const ballots of [
      [...SAMPLE_BALLOTS].reverse(),
      shuffled(SAMPLE_BALLOTS, 7),
      shuffled(SAMPLE_BALLOTS, 99),
    ]) {
      const again = mustBuild(sampleInput({ ballots })).document;
      expect(again).toEqual(base);
      expect(minutesSigningBytes(again)).toEqual(minutesSigningBytes(base));
      expect(minutesDigest(again)).toBe(minutesDigest(base));
    }
  });

  it("buildMinutes - signed by two officers, the document passes verifyMinutes with every check ok", async () => {
    const { document } = mustBuild(sampleInput());
    const signed = await signMinutes(document, [tt01, tk02]);
    const result = await verifyMinutes(JSON.parse(JSON.stringify(signed)), { registeredKeys: registered() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.checks.every((c) => c.ok)).toBe(true);
    expect(result.value.reconciliation.every((c) => c.ok)).toBe(true);
    expect(result.value.reconciled).toBe(true);
    expect(result.value.signers).toEqual(["tt01", "tk02"]);
    expect(result.value.digest).toBe(minutesDigest(signed));
  });

  it("buildMinutes - decomposed (NFD) input comes out NFC, identical to the NFC build", () => {
    const nfd = (s: string) => s.normalize("NFD");
    const input = sampleInput();
    const decomposed = sampleInput({
      campaign: {
        ...input.campaign,
        name: nfd(input.campaign.name),
        aggregator: nfd(input.campaign.aggregator),
      },
      point: { ...input.point, name: nfd(input.point.name) },
      ballot: input.ballot.map((o) => ({ ...o, name: nfd(o.name), position: nfd(o.position) })),
      officers: input.officers.map((o) => ({ ...o, name: nfd(o.name) })),
      incidents: input.incidents.map((i) => ({ ...i, message: nfd(i.message) })),
    });
    expect(decomposed.ballot[0]?.name).not.toBe(input.ballot[0]?.name);
    const { document } = mustBuild(decomposed);
    expect(document.officials[0]?.name).toBe("Nguyễn Văn Ấn");
    expect(document.point.name).toBe("Thôn Đồng Tâm");
    expect(canonicalize(document).ok).toBe(true); // the NFC-requiring profile
    expect(minutesDigest(document)).toBe(minutesDigest(mustBuild(input).document));
  });

  it("buildMinutes - a failed reconciliation still gives every band and records the failure", async () => {
    const { document, checks } = mustBuild(sampleInput({ counts: { ...CLEAN, checkIns: 97 } }));
    expect(checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["issued_check_ins"]);
    expect(document.officials.map((o) => o.band)).toEqual(["none", "over_half", "two_thirds"]);
    expect(document.incidents.slice(1)).toEqual([
      {
        code: "check.issued_check_ins",
        message:
          "Số phiếu phát ra bằng số lượt cử tri nhận phiếu: không khớp. Số phiếu phát ra (100) khác số lượt cử tri trong danh sách nhận phiếu (97), chênh 3.",
        at: SAMPLE.closedAt,
      },
    ]);
    const verified = await verifyMinutes(await signMinutes(document, [tt01, tk02]));
    expect(verified.ok).toBe(true);
  });

  it("buildMinutes - damaged rows are collected, counted for nobody, and recorded; the verifier flags them", async () => {
    const ballots = [...SAMPLE_BALLOTS.slice(0, 96), "HM", "H?L"];
    const { document, checks, tally } = mustBuild(sampleInput({ ballots }));
    expect(tally).toMatchObject({ ballots: 98, damaged: 2 });
    expect(document.counts).toEqual({ roster: 120, issued: 100, collected: 98, notCollected: 2 });
    for (const o of document.officials) expect(o.high + o.medium + o.low + o.blank).toBe(96);
    expect(document.officials.map((o) => o.denominator)).toEqual([98, 98, 98]);
    expect(checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["ballots_readable", "marks_total"]);
    expect(document.incidents.map((i) => i.code)).toEqual([
      "KIOSK-2",
      "check.ballots_readable",
      "check.marks_total",
    ]);
    expect(document.incidents[1]?.message).toContain("2 phiếu trong hòm phiếu bị hỏng");
    expect(document.commitments.ballots).toBe(ballotsCommitment(SCOPE, ballots));

    const result = await verifyMinutes(await signMinutes(document, [tt01, tk02]));
    expect(result.ok).toBe(true); // the signatures hold: the officers signed what was counted
    if (!result.ok) return;
    expect(failingReconciliation(result.value)).toEqual(["marks_total", "band"]);
  });

  it("buildMinutes - tickets lost in a restart are recorded with the re-issues", () => {
    const counts: DayCounts = { ...CLEAN, reissued: 2, collected: 97, voided: 2, lost: 3 };
    const ballots = SAMPLE_BALLOTS.slice(0, 97);
    const { document, checks } = mustBuild(sampleInput({ counts, ballots }));
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(document.counts).toEqual({ roster: 120, issued: 100, collected: 97, notCollected: 3 });
    expect(document.incidents.at(-1)).toEqual({
      code: "tickets.lost",
      message:
        "Máy chủ khởi động lại trong ngày làm mất 3 phiếu đã phát nhưng chưa gửi; đã phát lại 2 phiếu cho cử tri đã nhận phiếu và còn có mặt (mỗi lần phát lại được ghi vào nhật ký).",
      at: SAMPLE.closedAt,
    });
  });

  it("buildMinutes - more ballots than issued: notCollected stays 0 and the failure is recorded", async () => {
    const counts: DayCounts = { ...CLEAN, collected: 101, voided: 0 };
    const ballots = [...SAMPLE_BALLOTS, ...SAMPLE_BALLOTS.slice(0, 3)];
    const { document } = mustBuild(sampleInput({ counts, ballots }));
    expect(document.counts).toEqual({ roster: 120, issued: 100, collected: 101, notCollected: 0 });
    expect(document.incidents.map((i) => i.code)).toEqual([
      "KIOSK-2",
      "check.collected_within_tickets",
      "check.tickets_balance",
    ]);
    const result = await verifyMinutes(await signMinutes(document, [tt01, tk02]));
    expect(result.ok && failingReconciliation(result.value)).toEqual([
      "collected_within_issued",
      "not_collected",
    ]);
  });

  type Boundary = [string, number, number, Band, number];
  const boundaries: Boundary[] = [
    ["exactly half is not over half", 30, 15, "none", 30],
    ["one above half is over half", 31, 16, "over_half", 31],
    ["exactly two-thirds is two-thirds", 30, 20, "two_thirds", 30],
    ["one below two-thirds is over half", 30, 19, "over_half", 30],
    ["zero collected is no_votes", 0, 0, "no_votes", 0],
  ];

  it.each(boundaries)(
    "buildMinutes - %s, and the verifier agrees",
    async (_name, collected, low, band, denominator) => {
      const ballot = [{ code: "CT", name: "Nguyễn Văn Ấn", position: "Chủ tịch UBND xã" }];
      const ballots = ballotsFor([{ high: collected - low, medium: 0, low, blank: 0 }]);
      const counts: DayCounts = {
        ...CLEAN,
        roster: 40,
        checkIns: 32,
        issued: 32,
        collected,
        voided: 32 - collected,
      };
      const { document } = mustBuild(sampleInput({ ballot, ballots, counts }));
      expect(document.officials).toEqual([
        { ...ballot[0], high: collected - low, medium: 0, low, blank: 0, denominator, band },
      ]);
      const result = await verifyMinutes(await signMinutes(document, [tt01, tk02]));
      expect(result.ok && result.value.reconciled).toBe(true);
    },
  );

  it.each([
    ["no warning at 98 of 120", CLEAN, SAMPLE_BALLOTS, { smallPointThreshold: 5, minTurnoutPercent: 80 }, []],
    [
      "a small point",
      { ...CLEAN, collected: 4, voided: 96 },
      SAMPLE_BALLOTS.slice(0, 4),
      { smallPointThreshold: 5, minTurnoutPercent: null },
      [{ kind: "small_point", threshold: 5 }],
    ],
    [
      "turnout under the campaign's minimum",
      CLEAN,
      SAMPLE_BALLOTS,
      { smallPointThreshold: 5, minTurnoutPercent: 82 },
      [{ kind: "low_turnout", minimumPercent: 82 }],
    ],
  ] as const)("buildMinutes - warnings: %s", (_name, counts, ballots, settings, expected) => {
    const { document, warnings, checks } = mustBuild(sampleInput({ counts, ballots, settings }));
    expect(warnings).toEqual(expected);
    expect(document.warnings).toEqual(expected);
    expect(checks.every((c) => c.ok)).toBe(true); // warnings are not failed checks
  });

  it.each([
    ["a negative count", { counts: { ...CLEAN, voided: -1 } }, "counts_invalid"],
    ["a fractional count", { counts: { ...CLEAN, roster: 120.5 } }, "counts_invalid"],
    ["an empty ballot", { ballot: [], ballots: [] }, "empty_ballot"],
    [
      "an officer code that is not a login name",
      { officers: [{ code: "Tổ trưởng", name: "A", role: "Tổ trưởng" }] },
      "invalid_document",
    ],
    ["a name over 300 characters", { point: { ...SAMPLE.point, name: "x".repeat(301) } }, "invalid_document"],
    [
      "a commitment that is not SHA-256 hex",
      { commitments: { config: "A".repeat(64), roster: "b".repeat(64), previous: null } },
      "invalid_document",
    ],
  ] as [string, Partial<MinutesInput>, string][])("buildMinutes - %s is refused", (_name, change, code) => {
    const result = buildMinutes(sampleInput(change));
    expect(result.ok ? null : result.error.code).toBe(code);
    expect(result.ok ? "" : result.error.message).not.toBe("");
  });
});

// ---------------------------------------------------------------------------------------------
// The ballots commitment
// ---------------------------------------------------------------------------------------------

describe("ballotsCommitment", () => {
  const independent = (scope: BallotScope, encoded: readonly string[]): string => {
    const digests = encoded
      .map((e) => sha(`tinnhiem:ballot:v1\n${scope.campaign}\n${scope.point}\n${scope.day}\n${e}`))
      .sort();
    return sha(`[${digests.map((d) => `"${d}"`).join(",")}]`);
  };
  const base = ["HML", "HHH", "__L", "HML"];

  it("ballotDigest - SHA-256 of the tagged text, the encoded ballot last", () => {
    expect(BALLOT_DIGEST_TAG).toBe("tinnhiem:ballot:v1");
    expect(ballotDigest(SCOPE, "HML")).toBe(sha("tinnhiem:ballot:v1\nHB-2026\nHB-01\n2026-10-27\nHML"));
  });

  type Row = [string, BallotScope, string[], "same" | "different"];
  const cases: Row[] = [
    ["the definition, recomputed independently", SCOPE, base, "same"],
    ["another order", SCOPE, [...base].reverse(), "same"],
    ["a ballot changed", SCOPE, ["HML", "HHH", "__M", "HML"], "different"],
    ["a duplicate dropped", SCOPE, ["HML", "HHH", "__L"], "different"],
    ["a ballot added", SCOPE, [...base, "___"], "different"],
    ["another point", { ...SCOPE, point: "HB-02" }, base, "different"],
    ["another day", { ...SCOPE, day: "2026-10-28" }, base, "different"],
    ["another campaign", { ...SCOPE, campaign: "HB-2027" }, base, "different"],
  ];

  it.each(cases)("ballotsCommitment - %s", (_name, scope, encoded, expected) => {
    expect(ballotsCommitment(scope, encoded)).toBe(independent(scope, encoded));
    const same = ballotsCommitment(scope, encoded) === ballotsCommitment(SCOPE, base);
    expect(same ? "same" : "different").toBe(expected);
  });

  it("ballotsCommitment - no ballots is SHA-256 of an empty JSON array", () => {
    expect(ballotsCommitment(SCOPE, [])).toBe(sha("[]"));
  });

  it("ballotsCommitment - damaged rows are committed as stored", () => {
    expect(ballotsCommitment(SCOPE, [...base, "H?"])).toBe(independent(SCOPE, [...base, "H?"]));
    expect(ballotsCommitment(SCOPE, [...base, "H?"])).not.toBe(ballotsCommitment(SCOPE, base));
  });
});

// ---------------------------------------------------------------------------------------------
// Bytes and digests
// ---------------------------------------------------------------------------------------------

describe("minutesSigningBytes", () => {
  it("minutesSigningBytes - JCS of the document without signatures, as the verifier checks", async () => {
    const { document } = mustBuild(sampleInput());
    const { signatures: _s, ...unsigned } = document;
    const expected = canonicalize(unsigned);
    if (!expected.ok) throw new Error(expected.error.message);
    const bytes = minutesSigningBytes(document);
    expect(new TextDecoder().decode(bytes)).toBe(expected.value);
    const signed = await signMinutes(document, [tt01, tk02]);
    expect(minutesSigningBytes(signed)).toEqual(bytes);
  });
});

describe("minutesDigest", () => {
  it("minutesDigest - SHA-256 of the JCS of the whole document; it chains the next day", async () => {
    const day1 = await signMinutes(mustBuild(sampleInput()).document, [tt01, tk02]);
    const text = canonicalize(day1);
    if (!text.ok) throw new Error(text.error.message);
    expect(minutesDigest(day1)).toBe(sha(text.value));
    expect(minutesDigest(day1)).not.toBe(minutesDigest(mustBuild(sampleInput()).document));
    const day2 = mustBuild(
      sampleInput({
        day: "2026-10-28",
        openedAt: "2026-10-28T00:30:00.000Z",
        closedAt: "2026-10-28T10:00:00.000Z",
        commitments: { config: "a".repeat(64), roster: "b".repeat(64), previous: minutesDigest(day1) },
      }),
    ).document;
    expect(day2.commitments.previous).toBe(minutesDigest(day1));
    expect(day2.commitments.ballots).not.toBe(day1.commitments.ballots); // same marks, another day
  });
});

// ---------------------------------------------------------------------------------------------
// The PDF model
// ---------------------------------------------------------------------------------------------

describe("toMinutesPdfModel", () => {
  const extra = (closed: ClosedDay) => ({
    issuer: { superior: "Ủy ban nhân dân xã Hòa Bình", name: "Tổ công tác thôn Đồng Tâm", party: false },
    communeName: "xã Hòa Bình cũ",
    newCommuneName: "Xã Hòa Bình",
    ruleSet: RULE_SETS["qd96-2023"],
    checks: closed.checks,
  });

  it("toMinutesPdfModel - counts, officials, checks, warnings, incidents and signature lines", async () => {
    const closed = mustBuild(
      sampleInput({
        counts: { ...CLEAN, checkIns: 99 },
        settings: { smallPointThreshold: 5, minTurnoutPercent: 90 },
        incidents: [{ code: "KIOSK-2", message: "Máy 2 mất điện 10 phút.", at: "2026-10-27T03:00:00.000Z" }],
      }),
    );
    const signed: MinutesDocument = await signMinutes(closed.document, [tt01, tk02]);
    const model = toMinutesPdfModel(signed, { ...extra(closed), publicKeys: registered() });
    expect(model.point).toEqual({
      code: "HB-01",
      name: "Thôn Đồng Tâm",
      commune: "xã Hòa Bình cũ",
      newCommune: "Xã Hòa Bình",
    });
    expect(model.counts).toEqual({ ...signed.counts, rosterUnit: "người" });
    expect(model.officials).toEqual(signed.officials);
    expect(model.ruleSet).toMatchObject({ denominator: "collected" });
    // The rule set's id is the signed document's, checked above; the print never read it.
    expect(model.ruleSet).not.toHaveProperty("id");
    expect(model.ruleSet.source).toBe("Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị");
    expect(model.checks).toEqual(closed.checks.map(({ label, ok, detail }) => ({ label, ok, detail })));
    expect(model.warnings).toEqual([{ kind: "low_turnout", collected: 98, roster: 120, minimumPercent: 90 }]);
    expect(model.incidents).toEqual([
      { at: "2026-10-27T03:00:00.000Z", text: "Máy 2 mất điện 10 phút." },
      { at: SAMPLE.closedAt, text: expect.stringMatching(/^Số phiếu phát ra bằng số lượt/) },
    ]);
    expect(model.signatures).toEqual([
      {
        officer: "Phạm Văn Tổ",
        role: "Tổ trưởng",
        fingerprint: publicKeyFingerprint(tt01.publicKey),
        signed: true,
      },
      {
        officer: "Đỗ Thị Thư",
        role: "Thư ký",
        fingerprint: publicKeyFingerprint(tk02.publicKey),
        signed: true,
      },
      {
        officer: "Vũ Đức Thành",
        role: "Thành viên",
        fingerprint: publicKeyFingerprint(tv03.publicKey),
        signed: false,
      },
    ]);
    expect(model.digest).toBe(minutesDigest(signed));
    expect(model.verification).toBe(`tinnhiem:minutes:${minutesDigest(signed)}`);
  });

  it.each([
    ["no signature, no registered key", undefined, undefined, [false, false, false], ["—", "—", "—"]],
    ["verified signers given", ["tt01"], "signed", [true, false, false], ["tt01", "tk02", "—"]],
  ] as const)("toMinutesPdfModel - signature lines: %s", async (_name, signers, sign, signedFlags, keys) => {
    const closed = mustBuild(sampleInput());
    const doc = sign === "signed" ? await signMinutes(closed.document, [tt01, tk02]) : closed.document;
    const model = toMinutesPdfModel(doc, { ...extra(closed), ...(signers ? { signers } : {}) });
    expect(model.signatures.map((s) => s.signed)).toEqual(signedFlags);
    const officerKey = (code: string) => (code === "tt01" ? tt01 : tk02).publicKey;
    expect(model.signatures.map((s) => s.fingerprint)).toEqual(
      keys.map((k) => (k === "—" ? "—" : publicKeyFingerprint(officerKey(k)))),
    );
  });

  it("toMinutesPdfModel - a rule set other than the document's is a bug", () => {
    const closed = mustBuild(sampleInput());
    expect(() =>
      toMinutesPdfModel(closed.document, { ...extra(closed), ruleSet: RULE_SETS["nq85-2014"] }),
    ).toThrow();
  });

  it("toMinutesPdfModel - the model renders: failed checks, warnings and close incidents on the page", async () => {
    requirePoppler();
    const ballots = [...SAMPLE_BALLOTS.slice(0, 96), "HM", "H?L"];
    const closed = mustBuild(
      sampleInput({ ballots, settings: { smallPointThreshold: 5, minTurnoutPercent: 90 } }),
    );
    const signed = await signMinutes(closed.document, [tt01, tk02]);
    const text = flat(pageTexts(await renderMinutesPdf(toMinutesPdfModel(signed, extra(closed)))).join("\n"));
    for (const line of [
      "BIÊN BẢN KIỂM PHIẾU",
      "Mọi phiếu trong hòm phiếu đọc được",
      "KHÔNG KHỚP",
      "Có 2 nội dung đối chiếu không khớp.",
      "thấp hơn mức tối thiểu 90%",
      "Máy 2 tạm dừng 10 phút do mất điện; không mất phiếu.",
      "2 phiếu trong hòm phiếu bị hỏng",
    ]) {
      expect(text).toContain(line);
    }
  });
});
