import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../server/crypto/base64url.ts";
import { canonicalJson } from "../../server/crypto/digest.ts";
import { ED25519_ORDER } from "../../server/crypto/ed25519.ts";
import { type MinutesCheckName, verifyMinutes } from "../../server/crypto/verify-minutes.ts";
import type { MinutesDocument, UnsignedMinutes } from "../../server/domain/minutes-document.ts";
import { makeOfficer, sampleMinutes, signMinutes } from "../minutes-helpers.ts";

const sha256 = (text: string) => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");

type Outcome = Awaited<ReturnType<typeof verifyMinutes>>;
const report = (r: Outcome) => (r.ok ? r.value : r.error);
const failedCheck = (r: Outcome) => (r.ok ? "ok" : r.error.code);
const failing = (r: Outcome): MinutesCheckName[] => [
  ...report(r)
    .checks.filter((c) => !c.ok)
    .map((c) => c.check),
  ...report(r)
    .reconciliation.filter((c) => !c.ok)
    .map((c) => c.check),
];

/** Flips one bit of a base64url value. */
const flip = (text: string, at: number) => {
  const raw = fromBase64Url(text);
  raw[at] = (raw[at] ?? 0) ^ 0x01;
  return toBase64Url(raw);
};

describe("verifyMinutes", async () => {
  const [tt01, tk02, tv03] = await Promise.all(["tt01", "tk02", "tv03"].map(makeOfficer));
  if (!tt01 || !tk02 || !tv03) throw new Error("officers");
  const registered = new Map([tt01, tk02, tv03].map((o) => [o.code, o.publicKey]));
  const signedBy = (unsigned: UnsignedMinutes, ...officers: (typeof tt01)[]) =>
    signMinutes(unsigned, officers);
  const valid = await signedBy(sampleMinutes(), tt01, tk02);

  it("verifyMinutes - a document signed by two officers is valid; every check is listed in order", async () => {
    const result = await verifyMinutes(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const v = result.value;
    expect(v.checks.map((c) => c.check)).toEqual([
      "canonical",
      "nfc",
      "schema",
      "signature",
      "signer_listed",
      "signature",
      "signer_listed",
      "signers",
    ]);
    expect(v.checks.every((c) => c.ok && c.detail.length > 0)).toBe(true);
    expect(v.signers).toEqual(["tt01", "tk02"]);
    expect(v.keysChecked).toBe(false);
    expect(v.reconciled).toBe(true);
    expect(v.reconciliation.map((c) => c.check)).toEqual([
      "issued_within_roster",
      "collected_within_issued",
      "not_collected",
      "marks_total",
      "denominator",
      "band",
      "open_before_close",
    ]);
    expect(v.document).toEqual(valid);
  });

  it("verifyMinutes - the digest is SHA-256 of the JCS bytes of the whole document, signatures included", async () => {
    const result = await verifyMinutes(valid);
    const expected = sha256(canonicalJson(valid));
    expect(report(result)).toMatchObject({ digest: expected });
    expect(expected).not.toBe(sha256(canonicalJson({ ...valid, signatures: [] })));
  });

  it("verifyMinutes - member order and the JSON round trip do not matter (JCS)", async () => {
    const reordered = Object.fromEntries(Object.entries(valid).reverse());
    for (const doc of [JSON.parse(JSON.stringify(valid)), reordered]) {
      expect(failedCheck(await verifyMinutes(doc))).toBe("ok");
    }
    expect(report(await verifyMinutes(reordered)).digest).toBe(report(await verifyMinutes(valid)).digest);
  });

  it("verifyMinutes - three signers and the registered keys: registered_key checked for each", async () => {
    const doc = await signedBy(sampleMinutes(), tt01, tk02, tv03);
    const result = await verifyMinutes(doc, { registeredKeys: registered });
    expect(failedCheck(result)).toBe("ok");
    const v = report(result);
    expect(v.keysChecked).toBe(true);
    expect(v.checks.filter((c) => c.check === "registered_key" && c.ok)).toHaveLength(3);
    expect(v.signers).toEqual(["tt01", "tk02", "tv03"]);
  });

  describe("verifyMinutes - refused, naming the first failing check", async () => {
    const spoiled = (change: (d: MinutesDocument) => void): MinutesDocument => {
      const doc = structuredClone(valid);
      change(doc);
      return doc;
    };
    const withExtraMember = await signedBy({ ...sampleMinutes(), note: "x" } as UnsignedMinutes, tt01, tk02);
    const oneSigner = await signedBy(sampleMinutes(), tt01);
    const outsider = await makeOfficer("ngoai99");
    const withOutsider = await signedBy(sampleMinutes(), tt01, tk02, outsider);
    // One key holder signing under two names.
    const sameKey = await signedBy(sampleMinutes(), tt01, { ...tt01, code: "tk02" });
    const nfd = spoiled((d) => {
      const first = d.officials[0];
      if (first) first.name = first.name.normalize("NFD");
    });
    const malleated = spoiled((d) => {
      const first = d.signatures[0];
      if (!first) return;
      const raw = fromBase64Url(first.signature);
      let s = 0n;
      for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(raw[i] ?? 0);
      let twin = s + ED25519_ORDER;
      for (let i = 32; i < 64; i++) {
        raw[i] = Number(twin & 0xffn);
        twin >>= 8n;
      }
      first.signature = toBase64Url(raw);
    });

    const cases: [string, unknown, MinutesCheckName, RegExp][] = [
      [
        "a count changed after signing",
        spoiled((d) => {
          d.counts.collected = 97;
        }),
        "signature",
        /không khớp/,
      ],
      [
        "a name changed after signing",
        spoiled((d) => {
          const o = d.officials[1];
          if (o) o.name = "Trần Thị Bích Ngân";
        }),
        "signature",
        /không khớp/,
      ],
      [
        "officials reordered after signing",
        spoiled((d) => {
          d.officials.reverse();
        }),
        "signature",
        /không khớp/,
      ],
      [
        "a signature with one bit flipped",
        spoiled((d) => {
          const s = d.signatures[1];
          if (s) s.signature = flip(s.signature, 40);
        }),
        "signature",
        /tk02.*không khớp/,
      ],
      ["S replaced by S + L", malleated, "signature", /phần S/],
      [
        "signatures swapped between officers",
        spoiled((d) => {
          const [a, b] = d.signatures;
          if (a && b) [a.signature, b.signature] = [b.signature, a.signature];
        }),
        "signature",
        /không khớp/,
      ],
      ["only one signer", oneSigner, "signers", /Chỉ có 1 cán bộ/],
      ["no signature at all", { ...valid, signatures: [] }, "signers", /Chỉ có 0 cán bộ/],
      ["one key signing under two officers' names", sameKey, "signers", /Chỉ có 1 cán bộ/],
      [
        "two valid signers without the Tổ trưởng",
        await signedBy(sampleMinutes(), tk02, tv03),
        "signers",
        /2 cán bộ ký hợp lệ \(tk02, tv03\) nhưng không có chữ ký của Tổ trưởng/,
      ],
      ["a signer not in the working team", withOutsider, "signer_listed", /ngoai99/],
      ["a decomposed (NFD) name", nfd, "nfc", /^Tại officials\[0\]\.name: .*NFC/],
      [
        "a float count",
        spoiled((d) => {
          const o = d.officials[2];
          if (o) o.high = 5.5;
        }),
        "canonical",
        /^Tại officials\[2\]\.high: số 5.5 không phải số nguyên/,
      ],
      [
        "a padded public key",
        spoiled((d) => {
          const s = d.signatures[0];
          if (s) s.publicKey = `${s.publicKey}=`;
        }),
        "schema",
        /signatures\[0\]\.publicKey/,
      ],
      ["a member added after signing", { ...valid, extra: true }, "schema", /extra|không được/i],
      ["a member added before signing", withExtraMember, "schema", /note|không được/i],
      ["a JSON string", "biên bản", "schema", /cấu trúc/],
      ["null", null, "schema", /cấu trúc/],
      ["undefined", undefined, "canonical", /undefined/],
    ];

    it.each(cases)("verifyMinutes - %s", async (_name, input, check, detail) => {
      const result = await verifyMinutes(input);
      expect(failedCheck(result)).toBe(check);
      if (result.ok) return;
      expect(result.error.message).toMatch(detail);
      expect(result.error.checks.find((c) => !c.ok)?.check).toBe(check);
    });

    it("verifyMinutes - a refused document still reports its digest, its shape and its arithmetic when it has them", async () => {
      const result = await verifyMinutes(
        spoiled((d) => {
          d.counts.collected = 97;
        }),
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(result.error.document?.counts.collected).toBe(97);
      expect(failing(result)).toEqual([
        "signature",
        "signature",
        "signers",
        "not_collected",
        "marks_total",
        "denominator",
        "band",
      ]);
      // Before the shape is known nothing more is claimed.
      const early = await verifyMinutes({ ...valid, extra: 1 });
      expect(report(early)).toMatchObject({ document: null, reconciliation: [], reconciled: false });
      expect(report(await verifyMinutes(undefined)).digest).toBeNull();
    });
  });

  describe("verifyMinutes - the campaign's number of signers", () => {
    it("verifyMinutes - requiredSigners 3: two signers are refused, three (the Tổ trưởng among them) pass; below two counts as two", async () => {
      const three = await signedBy(sampleMinutes(), tt01, tk02, tv03);
      const oneSigner = await signedBy(sampleMinutes(), tt01);
      const refused = await verifyMinutes(valid, { requiredSigners: 3 });
      expect(failedCheck(refused)).toBe("signers");
      if (!refused.ok) expect(refused.error.message).toMatch(/Chỉ có 2 cán bộ.*cần ít nhất 3 cán bộ/);
      const passed = await verifyMinutes(three, { requiredSigners: 3, registeredKeys: registered });
      expect(failedCheck(passed)).toBe("ok");
      expect(report(passed).signers).toEqual(["tt01", "tk02", "tv03"]);
      expect(failedCheck(await verifyMinutes(three, { requiredSigners: 4 }))).toBe("signers");
      // DESIGN's floor holds whatever a caller passes.
      expect(failedCheck(await verifyMinutes(oneSigner, { requiredSigners: 1 }))).toBe("signers");
      expect(failedCheck(await verifyMinutes(valid, { requiredSigners: 0 }))).toBe("ok");
    });
  });

  describe("verifyMinutes - registered keys", () => {
    it("verifyMinutes - a key other than the registered one is refused even though the signature verifies", async () => {
      const impostor = await makeOfficer("tk02");
      const doc = await signedBy(sampleMinutes(), tt01, impostor);
      expect(failedCheck(await verifyMinutes(doc))).toBe("ok");
      const result = await verifyMinutes(doc, { registeredKeys: registered });
      expect(failedCheck(result)).toBe("registered_key");
      expect(failing(result)).toEqual(["registered_key", "signers"]);
      expect(report(result).signers).toEqual(["tt01"]);
    });

    it("verifyMinutes - an officer with no registered key is refused", async () => {
      const result = await verifyMinutes(valid, { registeredKeys: new Map([["tt01", tt01.publicKey]]) });
      expect(failedCheck(result)).toBe("registered_key");
      if (!result.ok) expect(result.error.message).toMatch(/Không có khóa đã đăng ký cho cán bộ tk02/);
    });
  });

  it("verifyMinutes - a forgery with small-order keys (which bare WebCrypto accepts) is refused", async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const identityAlias = Uint8Array.from(identity);
    identityAlias[31] = 0x80; // x = 0 with the sign bit set: a second spelling of the identity
    const forged = new Uint8Array(64);
    forged[0] = 1; // R = identity, S = 0: "valid" for any message under a cofactorless check
    const doc = {
      ...sampleMinutes(),
      signatures: [
        { officer: "tt01", publicKey: toBase64Url(identity), signature: toBase64Url(forged) },
        { officer: "tk02", publicKey: toBase64Url(identityAlias), signature: toBase64Url(forged) },
      ],
    };
    const result = await verifyMinutes(doc);
    expect(failedCheck(result)).toBe("signature");
    const details = report(result)
      .checks.filter((c) => c.check === "signature")
      .map((c) => c.detail);
    expect(details[0]).toMatch(/bậc nhỏ/);
    expect(details[1]).toMatch(/mã hóa không chuẩn/);
    expect(report(result).signers).toEqual([]);
  });

  describe("verifyMinutes - reconciliation findings are separate from the signatures", () => {
    const counts = (change: (d: UnsignedMinutes) => void) => {
      const doc = sampleMinutes();
      change(doc);
      return doc;
    };
    const cases: [string, UnsignedMinutes, MinutesCheckName[]][] = [
      [
        "marks that do not add up for one official",
        counts((d) => {
          const o = d.officials[0];
          if (o) o.blank = 4;
        }),
        ["marks_total", "band"],
      ],
      [
        "not collected ≠ issued − collected",
        counts((d) => {
          d.counts.notCollected = 5;
        }),
        ["not_collected"],
      ],
      [
        "more issued than on the roster",
        counts((d) => {
          d.counts.roster = 99;
        }),
        // The band is still decided on the ballots collected (threshold.ts): only the count is off.
        ["issued_within_roster"],
      ],
      [
        "more collected than issued",
        counts((d) => {
          d.counts.issued = 97;
          d.counts.notCollected = 0;
        }),
        ["collected_within_issued", "not_collected"],
      ],
      [
        "a band that the thresholds do not give (exactly half is not over half)",
        counts((d) => {
          const o = d.officials[0];
          if (o) Object.assign(o, { high: 20, medium: 20, low: 49, blank: 9, band: "over_half" });
        }),
        ["band"],
      ],
      [
        "a denominator other than the rule set's",
        counts((d) => {
          const o = d.officials[1];
          if (o) o.denominator = 100;
        }),
        ["denominator"],
      ],
      [
        "a built-in rule set named with another denominator",
        counts((d) => {
          d.ruleSet = { id: "qd96-2023", denominator: "roster" };
        }),
        ["denominator"],
      ],
      [
        "closed before opened",
        counts((d) => {
          d.closedAt = "2026-10-26T23:00:00.000Z";
        }),
        ["open_before_close"],
      ],
    ];

    it.each(cases)(
      "verifyMinutes - %s: signatures valid, reconciled false",
      async (_name, unsigned, expected) => {
        const result = await verifyMinutes(await signedBy(unsigned, tt01, tk02));
        expect(result.ok).toBe(true);
        expect(report(result).reconciled).toBe(false);
        expect(failing(result)).toEqual(expected);
      },
    );

    it("verifyMinutes - the roster as denominator (NQ 85/2014): bands from the roster count", async () => {
      const doc = counts((d) => {
        d.ruleSet = { id: "nq85-2014", denominator: "roster" };
        // L = 61 of 120 on the roster: over half; of 98 collected it would be over half too; 80/120 is two-thirds.
        d.officials = d.officials.map((o, i) => ({
          ...o,
          ...[
            { high: 60, medium: 25, low: 10, blank: 3, band: "none" as const },
            { high: 10, medium: 20, low: 61, blank: 7, band: "over_half" as const },
            { high: 5, medium: 5, low: 80, blank: 8, band: "two_thirds" as const },
          ][i],
          denominator: 120,
        }));
      });
      const result = await verifyMinutes(await signedBy(doc, tt01, tk02));
      expect(failedCheck(result)).toBe("ok");
      expect(report(result).reconciled).toBe(true);
    });

    it("verifyMinutes - a campaign's own rule set: only 'no votes' can be checked, and says so", async () => {
      const doc = counts((d) => {
        d.ruleSet = { id: "custom", denominator: "collected" };
      });
      const result = await verifyMinutes(await signedBy(doc, tt01, tk02));
      expect(report(result).reconciled).toBe(true);
      expect(report(result).reconciliation.find((c) => c.check === "band")?.detail).toMatch(
        /Bộ quy tắc riêng/,
      );
      const wrong = counts((d) => {
        d.ruleSet = { id: "custom", denominator: "collected" };
        const o = d.officials[0];
        if (o) o.band = "no_votes";
      });
      expect(failing(await verifyMinutes(await signedBy(wrong, tt01, tk02)))).toEqual(["band"]);
    });

    it("verifyMinutes - a point where nobody voted: every band is no_votes", async () => {
      const doc = counts((d) => {
        d.counts = { roster: 120, issued: 0, collected: 0, notCollected: 0 };
        d.officials = d.officials.map((o) => ({
          ...o,
          high: 0,
          medium: 0,
          low: 0,
          blank: 0,
          denominator: 0,
          band: "no_votes",
        }));
      });
      const result = await verifyMinutes(await signedBy(doc, tt01, tk02));
      expect(failedCheck(result)).toBe("ok");
      expect(report(result).reconciled).toBe(true);
    });
  });

  it("verifyMinutes - never throws on junk", async () => {
    const junk: unknown[] = [
      0,
      [],
      {},
      { version: 1 },
      [valid],
      { ...valid, signatures: "x" },
      new Date(),
      () => 1,
    ];
    for (const input of junk) await expect(verifyMinutes(input)).resolves.toMatchObject({ ok: false });
  });
});
