import { describe, expect, it } from "vitest";
import { signDocument } from "../../server/crypto/keys.ts";
import { verifyResults } from "../../server/crypto/verify-results.ts";
import type { ResultsDocument } from "../../server/domain/aggregate.ts";
import { makeOfficer } from "../minutes-helpers.ts";

const results = (): ResultsDocument => ({
  version: 1,
  campaign: { code: "C", name: "Đợt thử", aggregator: "Ban Tổ chức Huyện ủy" },
  ruleSet: {
    id: "qd96-2023",
    denominator: "collected",
    source: "Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị",
  },
  officials: [
    {
      code: "X",
      name: "Nguyễn Văn Ấn",
      position: "Bí thư",
      commune: "A",
      points: 2,
      collected: 6,
      valid: 6,
      blank: 0,
      high: 2,
      medium: 0,
      low: 4,
      denominator: 6,
      band: "two_thirds",
      percent: { high: "33,33", medium: "0,00", low: "66,67" },
    },
  ],
  points: [
    {
      code: "P1",
      day: "2026-10-27",
      state: "verified",
      roster: 5,
      issued: 3,
      collected: 3,
      minutesDigest: "a".repeat(64),
      verified: true,
    },
    {
      code: "P2",
      day: "2026-10-27",
      state: "verified",
      roster: 5,
      issued: 3,
      collected: 3,
      minutesDigest: "b".repeat(64),
      verified: true,
    },
    {
      code: "P3",
      day: "2026-10-28",
      state: "not_opened",
      roster: 5,
      issued: 0,
      collected: 0,
      minutesDigest: null,
      verified: false,
    },
  ],
  missing: [
    {
      code: "P3",
      day: "2026-10-28",
      state: "not_opened",
      reason: "Ban Tổ chức cho phép không tính: ngập lụt (Điểm chưa mở trong ngày này.)",
      excused: { reason: "ngập lụt", by: "bantochuc", at: "2026-10-28T01:00:00.000Z" },
    },
  ],
});

async function signed(doc: ResultsDocument) {
  const member = await makeOfficer("bantochuc");
  const signature = await signDocument(member.privateKey, doc as unknown as Record<string, unknown>);
  return {
    member,
    file: { ...doc, signatures: [{ member: "bantochuc", publicKey: member.publicKey, signature }] },
  };
}

describe("verifyResults (issue #11 §5)", () => {
  it("verifyResults - a certified file signed by a registered member, with consistent numbers, is valid", async () => {
    const { member, file } = await signed(results());
    const r = await verifyResults(file, { registeredKeys: new Map([["bantochuc", member.publicKey]]) });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.consistent).toBe(true);
      expect(r.value.signers).toEqual(["bantochuc"]);
    }
  });

  it("verifyResults - a point-day left out by the board with verified minutes is consistent out of the totals, inconsistent in them", async () => {
    const doc = results();
    const excusal = { reason: "Hòm phiếu bị nghi ngờ", by: "bantochuc", at: "2026-10-28T01:00:00.000Z" };
    const out = {
      ...doc,
      points: [
        ...doc.points,
        { ...doc.points[0], code: "P4", minutesDigest: "c".repeat(64), verified: false },
      ],
      missing: [
        ...doc.missing,
        {
          code: "P4",
          day: "2026-10-27",
          state: "verified",
          reason: "Ban Tổ chức cho phép không tính",
          excused: excusal,
        },
      ],
    } as ResultsDocument;
    const kept = await verifyResults((await signed(out)).file);
    expect(kept.ok && kept.value.consistent).toBe(true);
    // The same point-day marked in the totals while excused: named.
    const counted = {
      ...out,
      points: out.points.map((p) => (p.code === "P4" ? { ...p, verified: true } : p)),
    } as ResultsDocument;
    const r = await verifyResults((await signed(counted)).file);
    expect(r.ok && r.value.arithmetic.find((c) => !c.ok)?.check).toBe("points");
  });

  it("verifyResults - a signed file whose band the rule set does not give is valid but not consistent, naming the band", async () => {
    const doc = results();
    const { file } = await signed({
      ...doc,
      officials: doc.officials.map((o) => ({ ...o, band: "over_half" as const })),
    });
    const r = await verifyResults(file);
    expect(r.ok && r.value.consistent).toBe(false);
    expect(r.ok && r.value.arithmetic.find((c) => !c.ok)?.check).toBe("band");
  });

  it("verifyResults - a point-day both in the totals and missing is named with its day as Vietnamese write it", async () => {
    const doc = results();
    const { file } = await signed({
      ...doc,
      points: doc.points.map((p) => (p.code === "P3" ? { ...p, state: "verified", verified: true } : p)),
    });
    const r = await verifyResults(file);
    expect(r.ok && r.value.arithmetic.find((c) => !c.ok)?.detail).toBe(
      "Danh sách điểm không khớp: P3 ngày 28/10/2026.",
    );
  });

  it("verifyResults - a changed number breaks the signature; an unregistered key is named", async () => {
    const { member, file } = await signed(results());
    const changed = await verifyResults({
      ...file,
      officials: [{ ...file.officials[0], low: 3, medium: 1 }],
    });
    expect(!changed.ok && changed.error.code).toBe("signature");
    const other = await makeOfficer("khac");
    const wrongKey = await verifyResults(file, { registeredKeys: new Map([["bantochuc", other.publicKey]]) });
    expect(!wrongKey.ok && wrongKey.error.code).toBe("registered_key");
    expect(member.publicKey).not.toBe(other.publicKey);
  });
});
