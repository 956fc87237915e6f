/**
 * Certified results and their aggregate PDF, made the way the app makes them (domain/aggregate.ts
 * `aggregate` → `resultsDocument` → services/results.ts `resultsBytes`, signed by a board member;
 * `toAggregatePdfModel` → pdf/aggregate-pdf.ts `renderAggregatePdf`), for scripts/verify.ts.
 * A forged PDF is the same rendering from an altered aggregate under the genuine digest: what a
 * forger with the app's own code would print.
 */
import { signBytes } from "../../server/crypto/keys.ts";
import {
  type Aggregate,
  type AggregateInput,
  aggregate,
  type PointDayInput,
  resultsDocument,
  toAggregatePdfModel,
} from "../../server/domain/aggregate.ts";
import { minutesDigest } from "../../server/domain/minutes.ts";
import type { MinutesDocument, MinutesOfficial } from "../../server/domain/minutes-document.ts";
import { evaluate, RULE_SETS, type RuleSet } from "../../server/domain/threshold.ts";
import { renderAggregatePdf } from "../../server/pdf/aggregate-pdf.ts";
import { resultsBytes } from "../../server/services/results.ts";
import { makeOfficer, sampleMinutes, signMinutes, type TestOfficer } from "../minutes-helpers.ts";

export const RESULTS_DAY = "2026-10-27";
const NEXT_DAY = "2026-10-28";

/** [high, medium, low, blank] of one official at one point. */
type Marks = readonly [number, number, number, number];

/**
 * Officials: PCT and PCT2 hold the same position (a swap of their names changes names only); BT is
 * rated only at the excused point (no votes). Counts past a thousand, so the dot between thousands
 * is printed.
 */
const OFFICIALS = [
  { code: "CT", name: "Nguyễn Văn Ấn", position: "Chủ tịch UBND xã", commune: "HB" },
  { code: "PCT", name: "Trần Thị Bích Ngọc", position: "Phó Chủ tịch UBND xã", commune: "HB" },
  { code: "PCT2", name: "Lê Quốc Hưng", position: "Phó Chủ tịch UBND xã", commune: "DT" },
  { code: "BT", name: "Hồ Thị Mỹ Ẩn", position: "Bí thư Đảng ủy xã", commune: "DT" },
] as const;

/**
 * An official's name; with `twins`, PCT2 (commune DT) takes PCT's (commune HB) too, the same name
 * and position in two communes, which only the commune printed beside them tells apart.
 */
const nameOf = (o: (typeof OFFICIALS)[number], twins = false): string =>
  twins && o.code === "PCT2" ? OFFICIALS[1].name : o.name;

const POINTS: readonly {
  code: string;
  name: string;
  commune: string;
  counts: MinutesDocument["counts"];
  marks: Readonly<Record<string, Marks>>;
}[] = [
  {
    code: "HB-01",
    name: "Thôn Đồng Tâm",
    commune: "HB",
    counts: { roster: 1500, issued: 1300, collected: 1234, notCollected: 66 },
    marks: {
      CT: [1000, 150, 60, 24],
      PCT: [300, 200, 700, 34],
      PCT2: [200, 100, 900, 34],
    },
  },
  {
    code: "DT-01",
    name: "Thôn Đông",
    commune: "DT",
    counts: { roster: 120, issued: 100, collected: 98, notCollected: 2 },
    marks: { PCT2: [10, 5, 80, 3] },
  },
];

/** One point's signed minutes of RESULTS_DAY under `ruleSet`, bands from the threshold engine. */
async function minutesOf(
  point: (typeof POINTS)[number],
  ruleSet: RuleSet,
  officers: TestOfficer[],
  twins = false,
): Promise<MinutesDocument> {
  const base = sampleMinutes();
  const officials = Object.entries(point.marks).map(([code, [high, medium, low, blank]]): MinutesOfficial => {
    const o = OFFICIALS.find((x) => x.code === code);
    if (!o) throw new Error(`fixture: no official ${code}`);
    const e = evaluate(ruleSet, { ...point.counts, high, medium, low, blank });
    if (!e.ok) throw new Error(e.error.message);
    return {
      code,
      name: nameOf(o, twins),
      position: o.position,
      high,
      medium,
      low,
      blank,
      denominator: e.value.denominator,
      band: e.value.band,
    };
  });
  return signMinutes(
    {
      ...base,
      point: { code: point.code, name: point.name, commune: point.commune },
      counts: point.counts,
      officials,
      ruleSet: { id: ruleSet.id, denominator: ruleSet.denominator },
    },
    officers,
  );
}

/**
 * Two verified points and a third, excused, that never opened; `ruleSet` the campaign's (QĐ 96 by
 * default), `excusalReason` the board's reason for leaving the third out. Returns the signed
 * results, the board's keys file content, and `pdf(change)`: the aggregate PDF of these results, or
 * of the aggregate `change` makes of them, under the genuine digest (`draft`: printed as before
 * certification).
 */
export async function certifiedResults(
  ruleSet: RuleSet = RULE_SETS["qd96-2023"],
  options: { excusalReason?: string; twins?: boolean } = {},
) {
  const named = (o: (typeof OFFICIALS)[number]) => ({ ...o, name: nameOf(o, options.twins) });
  const officers = await Promise.all([makeOfficer("tt01"), makeOfficer("tk02")]);
  const member = await makeOfficer("bantochuc");
  const verified: PointDayInput[] = await Promise.all(
    POINTS.map(async (p, i): Promise<PointDayInput> => {
      const document = await minutesOf(p, ruleSet, officers, options.twins);
      return {
        pointId: i + 1,
        point: { code: p.code, name: p.name, commune: p.commune },
        day: RESULTS_DAY,
        status: "closed",
        roster: p.counts.roster,
        issued: p.counts.issued,
        collected: p.counts.collected,
        minutes: {
          document,
          digest: minutesDigest(document),
          complete: true,
          verification: {
            outcome: "verified",
            failedCheck: null,
            detail: "Khớp.",
            checkedAt: "2026-10-27T12:00:00.000Z",
          },
        },
        excusal: null,
      };
    }),
  );
  const excused: PointDayInput = {
    pointId: 3,
    point: { code: "DT-02", name: "Thôn Tây", commune: "DT" },
    day: NEXT_DAY,
    status: "not_opened",
    roster: 80,
    issued: 0,
    collected: 0,
    minutes: null,
    excusal: {
      reason: options.excusalReason ?? "Thôn Tây bị ngập lụt",
      by: "bantochuc",
      at: "2026-10-28T01:00:00.000Z",
    },
  };
  const input: AggregateInput = {
    campaign: {
      code: "HB-2026",
      name: "Lấy phiếu tín nhiệm xã Hòa Bình 2026",
      aggregator: "Ban Tổ chức Huyện ủy",
    },
    ruleSet,
    communes: [
      { code: "HB", name: "Xã Hòa Bình", mergedInto: "Xã Hòa Thành" },
      { code: "DT", name: "Xã Đông Thành", mergedInto: "Xã Hòa Thành" },
    ],
    officials: OFFICIALS.map(named),
    pointDays: [...verified, excused],
    requiredSigners: 2,
  };
  const genuine = aggregate(input);
  const { text, digest } = resultsBytes(resultsDocument(genuine));
  const signature = await signBytes(member.privateKey, new TextEncoder().encode(text));
  const signed = {
    ...resultsDocument(genuine),
    signatures: [{ member: member.code, publicKey: member.publicKey, signature }],
  };
  const certifiedAt = "2026-10-28T03:00:00.000Z";
  const extra = {
    communes: input.communes,
    district: "Huyện Hương Trà",
    preparedAt: certifiedAt,
    certifiedAt,
    signatures: [{ officer: "Ban Tổ chức", role: "Thành viên Ban Tổ chức", fingerprint: "—", signed: true }],
    digest,
    // Every point-day verified or excused: nothing pending for anyone.
    missingOf: new Map(),
  };
  const pdf = (change: (a: Aggregate) => Aggregate = (a) => a, draft = false) =>
    renderAggregatePdf(
      toAggregatePdfModel(change(genuine), { ...extra, certifiedAt: draft ? null : certifiedAt }),
      NEXT_DAY,
    );
  return {
    aggregate: genuine,
    signed,
    digest,
    keys: [{ code: member.code, publicKey: member.publicKey }],
    pdf,
  };
}
