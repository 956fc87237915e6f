import { foldVietnamese } from "./text.ts";

/**
 * The officer's check-in search (issue #14 "Search"): the query is split into terms and a resident is
 * found when **every** term matches one of their fields, so "thuy 1980" narrows to the Thuỷs born in
 * 1980 instead of finding nobody. Every comparison is folded text against folded text: SQLite's
 * lower() knows only ASCII and would never meet "ĐT-012" typed as "dt-012".
 *
 * What one term can match:
 * - a word of the name, from its start, in any case and tone placement ("thuy" finds "Thuý", "Thúy",
 *   "THUỶ"; "ng" finds "Nguyễn", "Ngọc");
 * - a birth year (four digits, 1900–2099) or its last two digits ("80" finds 1980), as people say it;
 * - CCCD digits (three or more, anywhere in the twelve: usually the last four);
 * - a whole CCCD (twelve digits typed, or the chip card's QR code read by a scanner that types it,
 *   "001180012345|123456789|Nguyễn Thị Thuý|…"): that person only, nothing else;
 * - the household code, compared letters and digits only ("dt-012", "ĐT 012", "đt012" are one code),
 *   contained in the code: "012" or "dt012".
 */
export type SearchTerm = {
  /** Folded text of the term, for name words ("thuy"). */
  readonly word: string;
  /** Letters and digits of the folded term, for household codes ("dt012"); "" when there are none. */
  readonly code: string;
  /** A year of birth this term names, when it names one. */
  readonly year: number | null;
  /** Two digits: the last two of a year of birth. */
  readonly yearSuffix: number | null;
  /** Three or more digits: part of a CCCD. */
  readonly cccdDigits: string | null;
  /**
   * Twelve digits: a whole CCCD. It names one person, so it matches the CCCD alone (not a year, a
   * household code or a name that happens to hold the digits), and the search reads one index entry.
   */
  readonly wholeCccd: string | null;
};

/** At most this many terms count; the rest of a pasted paragraph is ignored. */
export const MAX_SEARCH_TERMS = 6;

/**
 * Letters and digits only, of a folded text: the form household codes are compared in. Stored as
 * roster_entries.household_folded (migration 0016): a change here needs a migration that refolds.
 */
export const codeKey = (s: string): string => foldVietnamese(s).replace(/[^a-z0-9]/g, "");

/**
 * What the search reads off a chip-based CCCD's QR code, as a keyboard-like scanner types it into
 * the search box: fields separated by "|", "CCCD|CMND|Họ và tên|ngày sinh ddmmyyyy|giới tính|nơi
 * thường trú|ngày cấp". `cccd` (twelve digits) finds the entry; `name` (NFC, spaces collapsed, may
 * be "") and `birthDate` ("ddmmyyyy" or "") find the resident by name when the list holds them
 * without that number; `birthYear` is the date's year, or null. The officer still checks the face.
 */
export type CardRead = { cccd: string; name: string; birthDate: string; birthYear: number | null };

/** The card a query is, or null: at least two "|"-separated fields, the first twelve digits. */
export function cardOf(query: string): CardRead | null {
  const fields = query.trim().split("|");
  const cccd = fields[0]?.trim() ?? "";
  if (fields.length < 2 || !/^\d{12}$/.test(cccd)) return null;
  const name = (fields[2] ?? "").normalize("NFC").trim().replace(/\s+/g, " ");
  const date = (fields[3] ?? "").trim();
  const birthDate = /^\d{8}$/.test(date) ? date : "";
  const year = birthDate ? Number(birthDate.slice(4)) : Number.NaN;
  return { cccd, name, birthDate, birthYear: year >= 1900 && year <= 2099 ? year : null };
}

/**
 * A scanned card cut to what the search uses, "CCCD||Họ và tên|ddmmyyyy"; any other query as it
 * is. The console's script sends the cut form and the server echoes only it: the address, sex, old
 * CMND number and issue date go no further than the search box (not into addresses, browser
 * history or a proxy's log).
 */
export function cardQuery(query: string): string {
  const card = cardOf(query);
  return card ? `${card.cccd}||${card.name}|${card.birthDate}` : query;
}

/**
 * The query's terms, folded; empty when nothing searchable was typed. A scanned card (`cardOf`) is
 * one term, its CCCD.
 */
export function searchTerms(query: string): SearchTerm[] {
  const card = cardOf(query);
  if (card) return [termOf(card.cccd)];
  return foldVietnamese(query)
    .split(/[\s,;]+/)
    .filter((t) => t !== "")
    .slice(0, MAX_SEARCH_TERMS)
    .map(termOf);
}

/**
 * The CCCD a query names whole (twelve digits alone, or a scanned card), or null: the console then
 * says who is not on this list by that number, and where they are, rather than echo the code.
 */
export function wholeCccdOf(query: string): string | null {
  const terms = searchTerms(query);
  return terms.length === 1 ? (terms[0]?.wholeCccd ?? null) : null;
}

/** One folded word of the query as a term: what it can match. */
function termOf(word: string): SearchTerm {
  const digits = /^\d+$/.test(word) ? word : null;
  const asNumber = digits ? Number(digits) : Number.NaN;
  return {
    word,
    code: word.replace(/[^a-z0-9]/g, ""),
    year: digits?.length === 4 && asNumber >= 1900 && asNumber <= 2099 ? asNumber : null,
    yearSuffix: digits?.length === 2 ? asNumber : null,
    cccdDigits: digits && digits.length >= 3 ? digits : null,
    wholeCccd: digits?.length === 12 ? digits : null,
  };
}

/** Whether a household code (as stored, any spelling) matches a term: the term's letters and digits inside it. */
export function householdMatches(term: SearchTerm, householdCode: string | null): boolean {
  return householdCode !== null && householdKeyMatches(term, codeKey(householdCode));
}

/** householdMatches over a code already folded with codeKey (fold a point's codes once per search). */
export function householdKeyMatches(term: SearchTerm, key: string): boolean {
  if (term.code === "" || term.wholeCccd !== null) return false;
  // One character alone would match nearly every code: only an exact code counts then.
  return term.code.length === 1 ? key === term.code : key.includes(term.code);
}
