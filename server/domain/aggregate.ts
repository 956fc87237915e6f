/**
 * Biên bản tổng hợp (issue #11 §3–4, DESIGN §4 step 6, §6 results document): each official's result
 * summed over the verified minutes of every point whose ballot rates them, decided by the same
 * threshold engine and rule set as the minutes (threshold.ts `evaluate`).
 *
 * Principles:
 * - Only verified minutes count. Every other point-day is listed in `missing` with the reason, never
 *   silently included or dropped; the board may excuse one (with a written reason, printed on every
 *   output), which lets it certify without it, but it still is not in the totals.
 * - Sums come from the per-point tallies in the signed documents, never from the ballots: the cost
 *   is points × officials, whatever the number of ballots.
 * - A band is decided on the summed counts: an official over half at one point may be under it in
 *   the aggregate, and the other way round. That is the law's arithmetic, not a discrepancy.
 * - Integers only: the band comes from `evaluate` (BigInt cross-multiplication); percentages are
 *   display strings from the same counts.
 *
 * Pure: the service reads the store (services/results.ts) and passes plain values in.
 */
import type { AggregatePdfModel } from "../pdf/aggregate-pdf.ts";
import type { Heading, Issuer, PdfSignature } from "../pdf/document.ts";
import type { Level } from "./ballot.ts";
import { inBoardOrder } from "./board-order.ts";
import { CAMPAIGN_STATE_LABELS, type CampaignState } from "./campaign.ts";
import type { Band } from "./format.ts";
import type { MinutesDocument } from "./minutes-document.ts";
import { type MissingOfOfficial, pendingOf } from "./provisional.ts";
import { placeName } from "./text.ts";
import { citeRuleSet, type DenominatorKind, evaluate, type RuleSet } from "./threshold.ts";
import type { VerificationCheckId } from "./verification.ts";
import { VERIFICATION_CHECK_LABELS } from "./verification.ts";
import type { PointDayStatus } from "./voting.ts";

export const RESULTS_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Point-day states as the board sees them
// ---------------------------------------------------------------------------------------------

/**
 * Where a point-day stands for the aggregate: the voting day's own status until the close, then the
 * minutes' (unsigned → signed → verified or discrepant).
 */
export type PointDayState =
  | "not_opened"
  | "open"
  | "paused"
  | "closed"
  | "unsigned"
  | "signed"
  | "verified"
  | "discrepant";

export const POINT_DAY_STATE_LABELS: Readonly<Record<PointDayState, string>> = {
  not_opened: "Chưa mở",
  open: "Đang lấy phiếu",
  paused: "Tạm dừng",
  closed: "Đã kết thúc, chưa có biên bản",
  unsigned: "Chờ ký",
  signed: "Đã ký, chưa kiểm tra",
  verified: "Đã kiểm tra",
  discrepant: "Có sai lệch",
};

/** The latest check of the current minutes, if it was made over the signatures they have now. */
export type VerificationSummary = {
  readonly outcome: "verified" | "discrepant";
  readonly failedCheck: VerificationCheckId | null;
  readonly detail: string;
  readonly checkedAt: string;
};

export type ExcusalSummary = { readonly reason: string; readonly by: string; readonly at: string };

/** One point on one of its days, as read from the store. */
export type PointDayInput = {
  readonly pointId: number;
  readonly point: { readonly code: string; readonly name: string; readonly commune: string };
  readonly day: string;
  /** The voting day's status (voting.ts). */
  readonly status: PointDayStatus;
  /** The roster size now, and the day's live counters: shown until there are minutes. */
  readonly roster: number;
  readonly issued: number;
  readonly collected: number;
  readonly minutes: {
    /** The signed document as stored (signatures gathered so far). */
    readonly document: MinutesDocument;
    /** minutesDigest of that document. */
    readonly digest: string;
    readonly complete: boolean;
    /** Null: never checked over these signatures. */
    readonly verification: VerificationSummary | null;
  } | null;
  readonly excusal: ExcusalSummary | null;
};

export type AggregateInput = {
  readonly campaign: { readonly code: string; readonly name: string; readonly aggregator: string };
  readonly ruleSet: RuleSet;
  readonly communes: readonly { readonly code: string; readonly name: string; readonly mergedInto: string }[];
  /** In the order results are listed (commune, then ballot order). `commune` is the old commune's code. */
  readonly officials: readonly {
    readonly code: string;
    readonly name: string;
    readonly position: string;
    readonly commune: string;
  }[];
  readonly pointDays: readonly PointDayInput[];
  /** Signatures a minutes needs, the Tổ trưởng's among them (the campaign's setting, 2–9). */
  readonly requiredSigners: number;
};

/** One point-day's line in an official's drill-down: what the signed minutes say of them. */
export type Contribution = {
  readonly pointId: number;
  readonly point: string;
  readonly pointName: string;
  readonly commune: string;
  readonly day: string;
  readonly roster: number;
  readonly collected: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly blank: number;
  readonly denominator: number;
  readonly band: Band;
};

export type AggregateOfficial = {
  readonly code: string;
  readonly name: string;
  readonly position: string;
  readonly commune: string;
  /** Distinct points whose verified minutes rate this official. */
  readonly points: number;
  /** Everyone on those points' rosters (each point once, however many days it voted). */
  readonly roster: number;
  readonly collected: number;
  readonly valid: number;
  /** Collected − valid: rows left unmarked for this official (and unreadable rows, if any). */
  readonly blank: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly denominator: number;
  readonly band: Band;
  readonly percent: Readonly<Record<Level, string | null>>;
  readonly consequence: string;
  readonly contributions: readonly Contribution[];
};

export type AggregatePointDay = {
  readonly pointId: number;
  readonly code: string;
  readonly name: string;
  readonly commune: string;
  readonly day: string;
  readonly status: PointDayStatus;
  readonly state: PointDayState;
  readonly roster: number;
  readonly issued: number;
  readonly collected: number;
  readonly minutesDigest: string | null;
  readonly verified: boolean;
  /** Why it is not in the totals (null when it is). */
  readonly reason: string | null;
  readonly excusal: ExcusalSummary | null;
  readonly signatures: number;
  /** When the current minutes were last checked over these signatures (null: never). */
  readonly checkedAt: string | null;
};

export type Aggregate = {
  readonly campaign: AggregateInput["campaign"];
  readonly ruleSet: RuleSet;
  readonly officials: readonly AggregateOfficial[];
  readonly pointDays: readonly AggregatePointDay[];
  /** Point-days not in the totals, each with its reason (excused ones included). */
  readonly missing: readonly AggregatePointDay[];
  /** Every point-day verified or excused: the aggregate may be certified. */
  readonly complete: boolean;
};

/**
 * The voting day's status until there are minutes, then the minutes': not complete → "unsigned",
 * complete → "signed", then the outcome of the latest check over the signatures they have now.
 * Shared by the results and the progress page, so both name a point-day's state alike.
 */
export function pointDayState(
  status: PointDayStatus,
  minutes: {
    readonly complete: boolean;
    readonly verification: { readonly outcome: "verified" | "discrepant" } | null;
  } | null,
): PointDayState {
  if (!minutes) return status;
  if (!minutes.complete) return "unsigned";
  return minutes.verification?.outcome ?? "signed";
}

const stateOf = (p: PointDayInput): PointDayState => pointDayState(p.status, p.minutes);

function reasonOf(p: PointDayInput, state: PointDayState, requiredSigners: number): string | null {
  const why = ((): string | null => {
    switch (state) {
      case "verified":
        // In the totals, unless the board left it out (then it is listed, with its reason).
        return p.excusal ? "Biên bản đã được kiểm tra." : null;
      case "not_opened":
        return "Điểm chưa mở trong ngày này.";
      case "open":
        return "Điểm đang lấy phiếu, chưa kiểm phiếu.";
      case "paused":
        return "Điểm đang tạm dừng, chưa kiểm phiếu.";
      case "closed":
        return "Điểm đã kết thúc nhưng chưa lập biên bản kiểm phiếu.";
      case "unsigned":
        return `Biên bản chưa đủ chữ ký (mới có ${p.minutes?.document.signatures.length ?? 0}; cần ít nhất ${requiredSigners} cán bộ, trong đó có Tổ trưởng).`;
      case "signed":
        return "Biên bản đã đủ chữ ký nhưng chưa được kiểm tra.";
      case "discrepant": {
        const v = p.minutes?.verification;
        const label = v?.failedCheck ? VERIFICATION_CHECK_LABELS[v.failedCheck] : "kiểm tra";
        return `Có sai lệch — ${label}: ${v?.detail ?? ""}`;
      }
    }
  })();
  if (why === null) return null;
  return p.excusal ? `Ban Tổ chức cho phép không tính: ${p.excusal.reason} (${why})` : why;
}

/**
 * Points counted once however many days they voted, and their rosters summed once each, as each
 * point's latest day says (a point has one roster): `{ points, roster }`. The aggregate's rule for
 * an official's totals and the aggregate PDF's totals row.
 */
export function rosterOnce<K>(
  days: Iterable<{ readonly point: K; readonly day: string; readonly roster: number }>,
): {
  points: number;
  roster: number;
} {
  const latest = new Map<K, { day: string; roster: number }>();
  for (const d of days) {
    const seen = latest.get(d.point);
    if (!seen || seen.day < d.day) latest.set(d.point, { day: d.day, roster: d.roster });
  }
  return { points: latest.size, roster: [...latest.values()].reduce((s, r) => s + r.roster, 0) };
}

/** Sums an official's lines over the verified minutes that rate them, and decides the band. */
function sumOfficial(
  ruleSet: RuleSet,
  official: AggregateInput["officials"][number],
  contributions: readonly Contribution[],
): AggregateOfficial {
  let collected = 0;
  let high = 0;
  let medium = 0;
  let low = 0;
  for (const c of contributions) {
    collected += c.collected;
    high += c.high;
    medium += c.medium;
    low += c.low;
  }
  // A point voting on several days has one roster: counted once, as its latest verified day says.
  const { points, roster } = rosterOnce(
    contributions.map((c) => ({ point: c.pointId, day: c.day, roster: c.roster })),
  );
  const valid = high + medium + low;
  // Unreadable (damaged) rows are in a point's collected but in none of its marks (tally.ts): they
  // weigh as blank rows, so blank is what is left of the collected ballots.
  const blank = collected - valid;
  const evaluation = evaluate(ruleSet, { roster, collected, high, medium, low, blank });
  // Counts summed from verified minutes always add up: a refusal here is a bug.
  if (!evaluation.ok) throw new Error(`aggregate of ${official.code}: ${evaluation.error.message}`);
  return {
    ...official,
    points,
    roster,
    collected,
    valid,
    blank,
    high,
    medium,
    low,
    denominator: evaluation.value.denominator,
    band: evaluation.value.band,
    percent: evaluation.value.percent,
    consequence: evaluation.value.consequence,
    contributions,
  };
}

/**
 * The aggregate: every point-day with its state, the officials' sums over verified minutes, and the
 * point-days missing from them. Shape: `aggregate(input)` → `{ campaign, ruleSet, officials,
 * pointDays, missing, complete }`; officials in input order, point-days by point code then day.
 */
export function aggregate(input: AggregateInput): Aggregate {
  const pointDays: AggregatePointDay[] = [...input.pointDays]
    .sort((a, b) => compareText(a.point.code, b.point.code) || compareText(a.day, b.day))
    .map((p) => {
      const state = stateOf(p);
      const doc = p.minutes?.document;
      return {
        pointId: p.pointId,
        code: p.point.code,
        name: p.point.name,
        commune: p.point.commune,
        day: p.day,
        status: p.status,
        state,
        roster: doc?.counts.roster ?? p.roster,
        issued: doc?.counts.issued ?? p.issued,
        collected: doc?.counts.collected ?? p.collected,
        minutesDigest: p.minutes?.digest ?? null,
        // The board's "Không tính" is final: an excused point-day is out of the totals even with
        // verified minutes (the services no longer check excused minutes; a database from before
        // that, or a check written another way, must not put them back).
        verified: state === "verified" && p.excusal === null,
        reason: reasonOf(p, state, input.requiredSigners),
        excusal: p.excusal,
        signatures: doc?.signatures.length ?? 0,
        checkedAt: p.minutes?.verification?.checkedAt ?? null,
      };
    });

  const byOfficial = new Map<string, Contribution[]>(input.officials.map((o) => [o.code, []]));
  const inputByKey = new Map(input.pointDays.map((p) => [`${p.pointId}:${p.day}`, p]));
  for (const pd of pointDays) {
    if (!pd.verified) continue;
    const doc = inputByKey.get(`${pd.pointId}:${pd.day}`)?.minutes?.document;
    if (!doc) continue;
    for (const line of doc.officials) {
      byOfficial.get(line.code)?.push({
        pointId: pd.pointId,
        point: pd.code,
        pointName: pd.name,
        commune: pd.commune,
        day: pd.day,
        roster: doc.counts.roster,
        collected: doc.counts.collected,
        high: line.high,
        medium: line.medium,
        low: line.low,
        blank: line.blank,
        denominator: line.denominator,
        band: line.band,
      });
    }
  }
  const officials = input.officials.map((o) => sumOfficial(input.ruleSet, o, byOfficial.get(o.code) ?? []));
  const missing = pointDays.filter((p) => !p.verified);
  return {
    campaign: input.campaign,
    ruleSet: input.ruleSet,
    officials,
    pointDays,
    missing,
    complete: missing.every((p) => p.excusal !== null),
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The campaign's state as the board reads it above the results: while the campaign is still
 * "voting", a day whose every point-day is closed, signed and verified says so rather than
 * "Đang lấy phiếu", which would suggest residents are still voting.
 */
export function resultsStatusLabel(
  state: CampaignState,
  pointDays: readonly { readonly verified: boolean }[],
): string {
  if (state === "voting" && pointDays.length > 0 && pointDays.every((p) => p.verified)) {
    return "Các điểm đã kết thúc và đã kiểm tra — chờ xác nhận kết quả";
  }
  return CAMPAIGN_STATE_LABELS[state];
}

// ---------------------------------------------------------------------------------------------
// The results document (DESIGN §6)
// ---------------------------------------------------------------------------------------------

export type ResultsDocument = {
  readonly version: number;
  readonly campaign: { readonly code: string; readonly name: string; readonly aggregator: string };
  readonly ruleSet: { readonly id: string; readonly denominator: DenominatorKind; readonly source: string };
  readonly officials: readonly {
    readonly code: string;
    readonly name: string;
    readonly position: string;
    readonly commune: string;
    readonly points: number;
    readonly collected: number;
    readonly valid: number;
    readonly blank: number;
    readonly high: number;
    readonly medium: number;
    readonly low: number;
    readonly denominator: number;
    readonly band: Band;
    readonly percent: {
      readonly high: string | null;
      readonly medium: string | null;
      readonly low: string | null;
    };
  }[];
  readonly points: readonly {
    readonly code: string;
    readonly day: string;
    readonly state: PointDayState;
    readonly roster: number;
    readonly issued: number;
    readonly collected: number;
    readonly minutesDigest: string | null;
    readonly verified: boolean;
  }[];
  /** Point-days not in the totals: why, and the board's written reason when it excused one. */
  readonly missing: readonly {
    readonly code: string;
    readonly day: string;
    readonly state: PointDayState;
    readonly reason: string;
    readonly excused: ExcusalSummary | null;
  }[];
};

/**
 * The results document (`results.json`, DESIGN §6): exactly `{ version, campaign, ruleSet,
 * officials, points, missing }`, counts as integers, percentages as vi-VN strings without "%" or
 * null when the denominator is 0. No clock in it: the same stored minutes give the same document
 * (and digest), which is what the board signs.
 */
export function resultsDocument(a: Aggregate): ResultsDocument {
  return {
    version: RESULTS_VERSION,
    campaign: { code: a.campaign.code, name: a.campaign.name, aggregator: a.campaign.aggregator },
    ruleSet: { id: a.ruleSet.id, denominator: a.ruleSet.denominator, source: citeRuleSet(a.ruleSet) },
    officials: a.officials.map((o) => ({
      code: o.code,
      name: o.name,
      position: o.position,
      commune: o.commune,
      points: o.points,
      collected: o.collected,
      valid: o.valid,
      blank: o.blank,
      high: o.high,
      medium: o.medium,
      low: o.low,
      denominator: o.denominator,
      band: o.band,
      percent: { high: o.percent.high, medium: o.percent.medium, low: o.percent.low },
    })),
    points: a.pointDays.map((p) => ({
      code: p.code,
      day: p.day,
      state: p.state,
      roster: p.roster,
      issued: p.issued,
      collected: p.collected,
      minutesDigest: p.minutesDigest,
      verified: p.verified,
    })),
    missing: a.missing.map((p) => ({
      code: p.code,
      day: p.day,
      state: p.state,
      reason: p.reason ?? "",
      excused: p.excusal,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Filters (the results page)
// ---------------------------------------------------------------------------------------------

export type AggregateFilter = {
  readonly newCommune?: string | undefined;
  readonly commune?: string | undefined;
};

/**
 * The officials and point-days of one merged (new) commune and/or one old commune. Only what is
 * listed changes: an official's totals stay over every point that rates them, so a filtered page
 * never shows a partial sum as if it were the result.
 */
export function filterAggregate(
  a: Aggregate,
  communes: AggregateInput["communes"],
  filter: AggregateFilter,
): {
  officials: readonly AggregateOfficial[];
  pointDays: readonly AggregatePointDay[];
  missing: readonly AggregatePointDay[];
} {
  const mergedInto = new Map(communes.map((c) => [c.code, c.mergedInto]));
  const keep = (commune: string): boolean =>
    (filter.newCommune === undefined || mergedInto.get(commune) === filter.newCommune) &&
    (filter.commune === undefined || commune === filter.commune);
  return {
    officials: a.officials.filter((o) => keep(o.commune)),
    pointDays: a.pointDays.filter((p) => keep(p.commune)),
    missing: a.missing.filter((p) => keep(p.commune)),
  };
}

// ---------------------------------------------------------------------------------------------
// The aggregate report's PDF model (server/pdf/aggregate-pdf.ts)
// ---------------------------------------------------------------------------------------------

/**
 * When the totals were drawn up, from the data alone (so the same store gives the same PDF): the
 * latest check of a minutes in them or excusal, else the stamp.
 */
export function preparedAtOf(a: Aggregate, fallback: string): string {
  let latest = fallback;
  for (const p of a.pointDays) {
    if (p.verified && p.checkedAt !== null && p.checkedAt > latest) latest = p.checkedAt;
    if (p.excusal !== null && p.excusal.at > latest) latest = p.excusal.at;
  }
  return latest;
}

export type AggregatePdfExtra = {
  readonly communes: AggregateInput["communes"];
  /** The campaign's district ("Huyện Hương Trà"): the place on the date line. */
  readonly district: string;
  readonly preparedAt: string;
  readonly certifiedAt: string | null;
  readonly signatures: readonly PdfSignature[];
  /** SHA-256 of the results document's canonical JSON. */
  readonly digest: string;
  /**
   * Per official, the missing point-days that rate them (services/results.ts `missingOfficials`,
   * through provisional.ts `pendingUntilCertified`: nothing pending once certified): the report says
   * "Tạm tính" of a result while any is pending.
   */
  readonly missingOf: ReadonlyMap<string, MissingOfOfficial>;
};

/** A letter, its combining marks or a digit: what JS's ASCII-only `\b` does not know in "Thị ủy". */
const WORD = "[\\p{L}\\p{M}\\p{N}]";
const UY = "(?:ủy|uỷ)";

/**
 * A Party body's name, NFC and case-insensitive, each alternative a whole word (`WORD` neither side):
 * - a Party committee, "<unit> ủy": "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Khu
 *   ủy", "Quân ủy", "Đảng ủy" — never "… ủy ban": "đô thị Ủy ban nhân dân" is a State body;
 * - "Đảng bộ", "Chi bộ", "Đảng đoàn", "Ban cán sự đảng", "Đảng Cộng sản";
 * - the Central Committee's boards, which carry no "ủy": "Ban Tổ chức Trung ương", "Ban Tuyên giáo
 *   (và Dân vận) Trung ương", "Ban Dân vận / Nội chính / Kinh tế / Đối ngoại / Chính sách, chiến
 *   lược Trung ương", "Văn phòng Trung ương Đảng", "Ban Chấp hành Trung ương", "Ban Bí thư", "Bộ
 *   Chính trị" — not "Ban Thi đua - Khen thưởng Trung ương", a State body;
 * - "Ủy ban Kiểm tra …", the one "Ủy ban" of the Party (Điều lệ Đảng, chương VII).
 */
const PARTY_BODY = new RegExp(
  `(?<!${WORD})(?:` +
    [
      `(?:tỉnh|thành|huyện|quận|thị|khu|quân|đảng)\\s*${UY}(?!${WORD})(?!\\s+ban(?!${WORD}))`,
      "đảng bộ",
      "chi bộ",
      "đảng đoàn",
      "ban cán sự đảng",
      "đảng cộng sản",
      "ban (?:tổ chức|tuyên giáo(?: và dân vận)?|dân vận|nội chính|kinh tế|đối ngoại|chính sách,? chiến lược) trung ương",
      "văn phòng trung ương đảng",
      "ban chấp hành trung ương",
      "ban bí thư",
      "bộ chính trị",
      `${UY} ban kiểm tra`,
    ].join("|") +
    `)(?!${WORD})`,
  "iu",
);

/**
 * The national heading of every document of a campaign, the points' minutes and the aggregate
 * report alike, from the body that runs it: a Party body (`PARTY_BODY`: "Ban Tổ chức Huyện ủy",
 * "… Thị ủy", "Đảng ủy …", "Ban Tổ chức Trung ương") writes under "ĐẢNG CỘNG SẢN VIỆT NAM"; any
 * other body under the State's Quốc hiệu ("Sở Nội vụ", "Ủy ban nhân dân …": an "Ủy ban" is not a
 * Party committee, whatever its "ủy"; nor is "Phòng Quản lý đô thị Ủy ban nhân dân thị xã", whose
 * "thị Ủy" is two words of two names). The points' working teams act for that body, so their
 * minutes carry its heading too (trials found the two documents under different headings).
 * Names are read in NFC with their spaces collapsed: "Uỷ" and "Ủy", typed or pasted, are one.
 */
export function headingOf(aggregator: string): Heading {
  const name = aggregator.normalize("NFC").replace(/\s+/gu, " ");
  return PARTY_BODY.test(name) ? "party" : "state";
}

/**
 * The issuing body from the aggregator's name: "Ban Tổ chức Huyện ủy" of "Huyện Hương Trà" is
 * printed as "HUYỆN ỦY HƯƠNG TRÀ" over "BAN TỔ CHỨC" under the Party's heading; any other name
 * (a State body after the 2025 reforms) stands alone under the State's. The aggregator issues the
 * report itself, so the report's issuer is a Party body exactly when the heading is the Party's.
 */
export function issuerOf(aggregator: string, district: string): { issuer: Issuer; heading: Heading } {
  const place = placeName(district);
  // Only a local committee's board takes the district's name ("Huyện ủy" → "Huyện ủy Hương Trà");
  // "Ban Tổ chức Trung ương" stands alone.
  const board =
    /^(Ban Tổ chức)\s+((?:Tỉnh|Thành|Huyện|Quận|Thị|Khu|Đảng)\s+(?:ủy|uỷ)(?![\p{L}\p{M}]).*)$/iu.exec(
      aggregator.normalize("NFC"),
    );
  const heading = headingOf(aggregator);
  const party = heading === "party";
  if (board?.[1] && board[2]) {
    // "Huyện ủy" of "Huyện Mỹ Đức" is "Huyện ủy Mỹ Đức"; a note in brackets stays last
    // ("Huyện ủy (dữ liệu mẫu)" → "Huyện ủy Mẫu (dữ liệu mẫu)"). A committee that already names its
    // place ("Thành ủy Huế") keeps it alone: the campaign's district is not its place.
    const [, body = board[2], note = ""] = /^(.*?)(\s*\([^()]*\))?$/u.exec(board[2]) ?? [];
    const named =
      /(?:ủy|uỷ)\s+\S/iu.test(body) || body.toLocaleLowerCase("vi").includes(place.toLocaleLowerCase("vi"));
    const superior = named ? board[2] : `${body} ${place}${note}`;
    return { issuer: { superior, name: board[1], party }, heading };
  }
  return { issuer: { superior: null, name: aggregator, party }, heading };
}

/**
 * The issuing body of a point's minutes: the point's working team under the body that runs the
 * campaign ("TỔ CÔNG TÁC THÔN 1" under "BAN TỔ CHỨC HUYỆN ỦY"). A working team (tổ công tác) is
 * not a Party body, whoever set it up, so it takes the rule, not the Party's star (Hướng dẫn
 * 36-HD/VPTW puts the star under a Party body's name); the heading on the right stays the
 * campaign's (`headingOf`).
 */
export const teamIssuerOf = (aggregator: string, pointName: string): Issuer => ({
  superior: aggregator,
  name: `Tổ công tác ${pointName}`,
  party: false,
});

/**
 * The aggregate report's model: officials, points and missing point-days in the one order of the
 * board's pages (inBoardOrder), which the board compares the print with.
 */
export function toAggregatePdfModel(given: Aggregate, extra: AggregatePdfExtra): AggregatePdfModel {
  const a = inBoardOrder(given, extra.communes);
  const communeName = new Map(extra.communes.map((c) => [c.code, c.name]));
  const { issuer, heading } = issuerOf(a.campaign.aggregator, extra.district);
  return {
    campaign: a.campaign,
    issuer,
    heading,
    place: placeName(extra.district),
    ruleSet: {
      name: a.ruleSet.name,
      denominator: a.ruleSet.denominator,
      source: citeRuleSet(a.ruleSet),
      thresholds: a.ruleSet.thresholds,
      consequences: a.ruleSet.consequences,
    },
    officials: a.officials.map((o) => ({
      code: o.code,
      name: o.name,
      position: o.position,
      commune: communeName.get(o.commune) ?? o.commune,
      points: o.points,
      collected: o.collected,
      valid: o.valid,
      blank: o.blank,
      high: o.high,
      medium: o.medium,
      low: o.low,
      denominator: o.denominator,
      band: o.band,
      pending: pendingOf(extra.missingOf, o.code),
    })),
    points: a.pointDays
      .filter((p) => p.verified)
      .map((p) => ({
        code: p.code,
        name: p.name,
        commune: communeName.get(p.commune) ?? p.commune,
        day: p.day,
        roster: p.roster,
        issued: p.issued,
        collected: p.collected,
        minutesDigest: p.minutesDigest ?? "",
        verified: true,
      })),
    missing: a.missing.map((p) => ({
      code: p.code,
      name: p.name,
      commune: communeName.get(p.commune) ?? p.commune,
      day: p.day,
      state: p.state,
      excused: p.excusal !== null,
      reason: p.reason ?? "",
    })),
    preparedAt: extra.preparedAt,
    certifiedAt: extra.certifiedAt,
    signatures: extra.signatures,
    digest: extra.digest,
    verification: `tinnhiem:results:${extra.digest}`,
  };
}
