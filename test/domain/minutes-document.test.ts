import { describe, expect, it } from "vitest";
import { MinutesDocumentSchema } from "../../server/domain/minutes-document.ts";
import { sampleMinutes } from "../minutes-helpers.ts";

const KEY = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"; // RFC 8032 TEST 1 public key
const SIG = `${"A".repeat(85)}A`;

const signed = () => ({
  ...sampleMinutes(),
  signatures: [
    { officer: "tt01", publicKey: KEY, signature: SIG },
    { officer: "tk02", publicKey: KEY, signature: SIG },
  ],
});
type Doc = ReturnType<typeof signed>;

describe("MinutesDocumentSchema", () => {
  it("MinutesDocumentSchema - accepts the sample minutes unchanged (no trimming, no normalization)", () => {
    const doc = signed();
    expect(MinutesDocumentSchema.parse(doc)).toEqual(doc);
    expect(MinutesDocumentSchema.parse({ ...doc, signatures: [] }).signatures).toEqual([]);
    expect(
      MinutesDocumentSchema.safeParse({
        ...doc,
        commitments: { ...doc.commitments, previous: "d".repeat(64) },
      }).success,
    ).toBe(true);
  });

  it("MinutesDocumentSchema - accepts incident times and the warnings recorded at close", () => {
    const doc = {
      ...signed(),
      incidents: [{ code: "check.marks_total", message: "Không khớp.", at: "2026-10-27T10:15:00.000Z" }],
      warnings: [
        { kind: "small_point", threshold: 5 },
        { kind: "low_turnout", minimumPercent: 60 },
      ],
    };
    expect(MinutesDocumentSchema.parse(doc)).toEqual(doc);
  });

  const cases: [string, (d: Doc) => unknown, string][] = [
    ["an unknown top-level member", (d) => ({ ...d, extra: 1 }), ""],
    ["an unknown member in counts", (d) => ({ ...d, counts: { ...d.counts, valid: 1 } }), "counts"],
    [
      "an unknown member in an official",
      (d) => ({ ...d, officials: [{ ...d.officials[0], note: "x" }] }),
      "officials.0",
    ],
    ["a missing member", ({ incidents: _, ...d }) => d, "incidents"],
    ["a negative count", (d) => ({ ...d, counts: { ...d.counts, roster: -1 } }), "counts.roster"],
    ["a count that is a string", (d) => ({ ...d, counts: { ...d.counts, roster: "120" } }), "counts.roster"],
    ["a float count", (d) => ({ ...d, officials: [{ ...d.officials[0], high: 1.5 }] }), "officials.0.high"],
    ["an unsafe integer", (d) => ({ ...d, counts: { ...d.counts, roster: 2 ** 53 } }), "counts.roster"],
    [
      "an unknown band",
      (d) => ({ ...d, officials: [{ ...d.officials[0], band: "low" }] }),
      "officials.0.band",
    ],
    [
      "an unknown denominator",
      (d) => ({ ...d, ruleSet: { ...d.ruleSet, denominator: "issued" } }),
      "ruleSet.denominator",
    ],
    [
      "an uppercase digest",
      (d) => ({ ...d, commitments: { ...d.commitments, config: "A".repeat(64) } }),
      "commitments.config",
    ],
    [
      "a short digest",
      (d) => ({ ...d, commitments: { ...d.commitments, ballots: "a".repeat(63) } }),
      "commitments.ballots",
    ],
    [
      "a missing previous (null is required on day 1)",
      (d) => ({ ...d, commitments: { ...d.commitments, previous: undefined } }),
      "commitments.previous",
    ],
    ["an impossible day", (d) => ({ ...d, day: "2026-02-30" }), "day"],
    ["a local time without Z", (d) => ({ ...d, openedAt: "2026-10-27T07:30:00" }), "openedAt"],
    [
      "an unknown role",
      (d) => ({ ...d, officers: [{ ...d.officers[0], role: "Chủ tịch" }] }),
      "officers.0.role",
    ],
    [
      "an officer code in capitals",
      (d) => ({ ...d, officers: [{ ...d.officers[0], code: "TT01" }] }),
      "officers.0.code",
    ],
    ["no officials", (d) => ({ ...d, officials: [] }), "officials"],
    [
      "two officials with one code",
      (d) => ({ ...d, officials: [d.officials[0], d.officials[0]] }),
      "officials.1",
    ],
    ["two officers with one code", (d) => ({ ...d, officers: [d.officers[0], d.officers[0]] }), "officers.1"],
    [
      "one officer signing twice",
      (d) => ({ ...d, signatures: [d.signatures[0], d.signatures[0]] }),
      "signatures.1",
    ],
    [
      "a padded public key",
      (d) => ({ ...d, signatures: [{ ...d.signatures[0], publicKey: `${KEY}=` }] }),
      "signatures.0.publicKey",
    ],
    [
      "a 63-byte signature",
      (d) => ({ ...d, signatures: [{ ...d.signatures[0], signature: "A".repeat(84) }] }),
      "signatures.0.signature",
    ],
    ["a version 2 document", (d) => ({ ...d, version: 2 }), "version"],
    ["an empty name", (d) => ({ ...d, point: { ...d.point, name: "" } }), "point.name"],
    ["an array instead of an object", () => [], ""],
    [
      "an incident time that is not an instant",
      (d) => ({ ...d, incidents: [{ ...d.incidents[0], at: "10:15" }] }),
      "incidents.0.at",
    ],
    ["an unknown warning", (d) => ({ ...d, warnings: [{ kind: "late", threshold: 5 }] }), "warnings.0.kind"],
    [
      "a minimum turnout over 100%",
      (d) => ({ ...d, warnings: [{ kind: "low_turnout", minimumPercent: 101 }] }),
      "warnings.0.minimumPercent",
    ],
    [
      "a warning with a member of the other kind",
      (d) => ({ ...d, warnings: [{ kind: "small_point", threshold: 5, minimumPercent: 50 }] }),
      "warnings.0",
    ],
  ];

  it.each(cases)("MinutesDocumentSchema - refuses %s", (_name, spoil, path) => {
    const result = MinutesDocumentSchema.safeParse(spoil(signed()));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.map((i) => i.path.join("."))).toContain(path);
    for (const issue of result.error.issues) expect(issue.message).not.toMatch(/^Invalid|^Expected/);
  });
});
