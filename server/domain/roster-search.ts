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
 * The chip-based CCCD's QR code as a keyboard-like scanner types it into the search box: fields
 * separated by "|", the CCCD first ("CCCD|CMND|Họ và tên|ngày sinh ddmmyyyy|giới tính|nơi
 * thường trú|ngày cấp"). Only the CCCD is used: the officer still checks the face and the card.
 */
const CARD_QR = /^\s*(\d{12})\|/;

/**
 * The query's terms, folded; empty when nothing searchable was typed. A scanned card (CARD_QR) is
 * one term, its CCCD.
 */
export function searchTerms(query: string): SearchTerm[] {
  const card = CARD_QR.exec(query)?.[1];
  if (card) return [termOf(card)];
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
