/**
 * The one order of communes, points and officials on every board page and document: "Tiến độ",
 * "Kết quả" and an official's page, the points list, the aggregate PDF, the CSV and the XLSX. Trials
 * found the same points listed in three orders (by commune on Tiến độ, by code in the PDF and the
 * downloads, by code again on the points page) and the officials in the order their communes were
 * typed in: a board member comparing the PDF with the screen had to hunt for each row.
 *
 * The order is the one the "Xã" page and the filters already use, which a district reads its
 * communes in: new commune, then old commune, both in Vietnamese alphabetical order; within a
 * commune its points by code, a number in a code by its value ("HQ-T2" before "HQ-T10"), each
 * point's days in date order; its officials in ballot order. A commune the list does not know
 * comes last.
 *
 * results.json, which the board signs, keeps the aggregate's own order (point code, then day;
 * officials as stored): no locale or collation change may ever alter signed bytes.
 * scripts/verify.ts therefore matches a printed row to the signed one by its point or name, in
 * whatever order the print lists them.
 */
import type { Aggregate } from "./aggregate.ts";
import { compareVietnamese } from "./text.ts";

type CommuneLike<K> = { readonly key: K; readonly name: string; readonly mergedInto: string };

/**
 * Codes as a person sorts them: letters without regard to case, runs of digits by their value, so
 * "T2" comes before "T10" (byte order puts "T10" first). Pure and locale-free.
 *
 * A total order over every code CodeSchema admits (up to 40 characters): a run of digits is
 * compared as text, not as a Number, since a run longer than 15 digits loses precision beyond
 * 2^53 and two different runs would then tie. Without its leading zeros, the longer run is the
 * larger; runs of one length compare digit by digit. The same value written two ways ("T2",
 * "T02"): the shorter first. Codes that differ only in case ("hq-t1", "HQ-T1") fall to a plain
 * comparison of the code units, so only the same code compares 0.
 */
export function compareCodes(a: string, b: string): number {
  const chunks = (s: string) => s.toUpperCase().match(/\d+|\D+/g) ?? [];
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] ?? "";
    const q = y[i] ?? "";
    if (p === q) continue;
    const numeric = /^\d/.test(p) && /^\d/.test(q);
    if (numeric) {
      const byValue = compareDigits(p.replace(/^0+/, ""), q.replace(/^0+/, ""));
      if (byValue !== 0) return byValue;
      // "T02" and "T2": the same value, the shorter first.
      return p.length - q.length;
    }
    return p < q ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Two runs of digits without leading zeros, by value: the longer is larger, else digit by digit. */
const compareDigits = (p: string, q: string): number => p.length - q.length || (p < q ? -1 : p > q ? 1 : 0);

/**
 * Each commune's rank in the one order (new commune, then old commune, Vietnamese alphabetical),
 * by the key the items carry (a commune's id or its code). The same order as CampaignRepo.communes,
 * decided here again so that no page depends on the order its caller happened to pass. Two communes
 * with the same names (the store does not forbid it) fall to their key, as CampaignRepo.communes
 * falls to the id: numbers by value, codes by compareCodes.
 */
export function communeRank<K>(communes: readonly CommuneLike<K>[]): (key: K) => number {
  const sorted = [...communes].sort(
    (a, b) =>
      compareVietnamese(a.mergedInto, b.mergedInto) ||
      compareVietnamese(a.name, b.name) ||
      compareKeys(a.key, b.key),
  );
  const rank = new Map(sorted.map((c, i) => [c.key, i]));
  return (key) => rank.get(key) ?? sorted.length;
}

/** Commune keys: ids by value, codes by compareCodes, so the order never rests on the input's. */
function compareKeys<K>(a: K, b: K): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareCodes(String(a), String(b));
}

/** Point-days (or points, without `day`) in the one order: commune, point code, day. */
export function pointDayOrder<K, T>(
  communes: readonly CommuneLike<K>[],
  of: (item: T) => { readonly commune: K; readonly code: string; readonly day?: string },
): (a: T, b: T) => number {
  const rank = communeRank(communes);
  return (a, b) => {
    const x = of(a);
    const y = of(b);
    const dx = x.day ?? "";
    const dy = y.day ?? "";
    return (
      rank(x.commune) - rank(y.commune) || compareCodes(x.code, y.code) || (dx < dy ? -1 : dx > dy ? 1 : 0)
    );
  };
}

/**
 * Officials in the one order: by their commune's rank, then as given (the store gives each commune's
 * officials in ballot order; the sort is stable).
 */
export function inOfficialOrder<K, T>(
  communes: readonly CommuneLike<K>[],
  items: readonly T[],
  communeOf: (item: T) => K,
): T[] {
  const rank = communeRank(communes);
  return [...items].sort((a, b) => rank(communeOf(a)) - rank(communeOf(b)));
}

/** The aggregate's communes (keyed by code) as `communeRank` reads them. */
export const byCode = (
  communes: readonly { readonly code: string; readonly name: string; readonly mergedInto: string }[],
): CommuneLike<string>[] => communes.map((c) => ({ key: c.code, name: c.name, mergedInto: c.mergedInto }));

/** A campaign's communes (keyed by id) as `communeRank` reads them. */
export const byId = (
  communes: readonly { readonly id: number; readonly name: string; readonly mergedInto: string }[],
): CommuneLike<number>[] => communes.map((c) => ({ key: c.id, name: c.name, mergedInto: c.mergedInto }));

/**
 * The aggregate with its officials, point-days and missing point-days in the one order, for what
 * people read (the results page, the PDF, the CSV and XLSX); never for results.json.
 */
export function inBoardOrder(
  a: Aggregate,
  communes: readonly { readonly code: string; readonly name: string; readonly mergedInto: string }[],
): Aggregate {
  const keyed = byCode(communes);
  const order = pointDayOrder(keyed, (p: Aggregate["pointDays"][number]) => p);
  return {
    ...a,
    officials: inOfficialOrder(keyed, a.officials, (o) => o.commune),
    pointDays: [...a.pointDays].sort(order),
    missing: [...a.missing].sort(order),
  };
}
