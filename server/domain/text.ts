/**
 * Text helpers for what people type and what communes' spreadsheets hold. The same name reaches us
 * typed on different keyboards (precomposed NFC or decomposed NFD), in capitals, with or without
 * diacritics ("Hường", "HƯỜNG", "Huong"); comparisons go through one folded form so that they all
 * meet. Folded text is for matching only, never for display or storage.
 */

/**
 * Characters with no visible width that Excel and copy-paste from web pages leave behind: zero-width
 * spaces and joiners, and a byte-order mark in the middle of a text.
 */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Display form of a typed or imported text: NFC (so "Hường" typed on two keyboards is one string),
 * invisible characters removed, runs of whitespace (including line breaks inside an Excel cell and
 * non-breaking spaces) collapsed to one space, trimmed.
 */
export function cleanText(s: string): string {
  return s.normalize("NFC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/**
 * Search and matching key: lowercase, diacritics stripped (including đ → d, which is a letter of its
 * own, not a base letter with a combining mark), whitespace collapsed. Text converted from the old
 * VNI/TCVN3 fonts sometimes carries the Icelandic eth (Ð/ð) for Đ/đ, so it folds to d as well.
 * "  Nguyễn  Thị HƯỜNG " and "nguyen thi huong" fold to the same key. Every format character
 * (Unicode category Cf: soft hyphen, zero-width spaces and joiners, bidi marks, BOM) is dropped, so a
 * name that came with one hidden inside ("Thu\u00ADý") is still found by "thuy" (issue #14).
 * Stored folded (roster_entries.name_folded, and household_folded through codeKey): a change here
 * must come with a migration that folds the stored rows again, or searches miss people.
 */
export function foldVietnamese(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}|\p{Cf}/gu, "")
    .replace(/[đĐðÐ]/g, "d")
    .toLowerCase()
    .replace(INVISIBLE, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Every Unicode format character (general category Cf: zero-width spaces and joiners, direction
 * marks such as the U+200E that copy-paste from web pages leaves, the byte-order mark, word joiners)
 * and the soft hyphen (U+00AD, also Cf). They are invisible, so a name that holds one looks right but
 * is never found by a search (issue #14, `05c-soft-hyphen-name.csv`). Applied to every cell of an
 * imported roster and every submitted form field, before anything else reads the text.
 */
export function stripInvisible(s: string): string {
  return s.replace(/\p{Cf}/gu, "");
}

const VIETNAMESE = new Intl.Collator("vi");

/**
 * Vietnamese alphabetical order, as a reader expects a list of communes: "Xã Điền Thọ" after
 * "Xã Dương", before "Xã Quang Thọ" (byte order puts every "Đ" after "Z"). For what people read
 * only; signed documents keep code order, which never depends on a locale.
 */
export const compareVietnamese = (a: string, b: string): number => VIETNAMESE.compare(a, b);

/**
 * The place in front of a document's date line: the locality's name without its unit word, as
 * Vietnamese documents write it ("Huyện Mỹ Đức" → "Mỹ Đức", "Thị xã Sơn Tây" → "Sơn Tây", "Quận Ba
 * Đình" → "Ba Đình", "Thành phố Thủ Đức" → "Thủ Đức", "Xã Quang Thọ" → "Quang Thọ"; "TP. Huế" →
 * "Huế"). Any case; NFC. A name without a unit word, or that is only one, is kept whole; so is a
 * numbered unit, whose number alone names no place ("Quận 1, ngày …", "Phường 5, ngày …").
 */
export function placeName(name: string): string {
  const whole = name.normalize("NFC").trim();
  const place = whole.replace(
    /^(?:(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+|(?:tp|tx)\.\s*)(?=\S)/iu,
    "",
  );
  return /^\p{Nd}/u.test(place) ? whole : place;
}

/**
 * Comparison signs in the words a Vietnamese document uses: Noto Serif has no "≤" glyph, and a
 * stand-in "<=" is programmer's notation, not something an officer or a board member reads
 * ("169 phiếu phát ra ≤ 200 người" is printed "169 phiếu phát ra không quá 200 người").
 */
const SIGN_WORDS: readonly (readonly [RegExp, string])[] = [
  // Spaces and tabs only around the sign: a line break beside it stays one (the PDFs draw each
  // line of a text on its own line).
  [/[ \t]*≤[ \t]*/gu, "không quá"],
  [/[ \t]*≥[ \t]*/gu, "không dưới"],
  [/[ \t]*≠[ \t]*/gu, "khác"],
];

const atBreak = (text: string, at: number): boolean =>
  at < 0 || at >= text.length || text[at] === "\n" || text[at] === "\r";

/**
 * What the PDFs print of a string (pdf/fontkit-adapter.ts `printable`), and so what a reader of a
 * PDF compares a document's text with (scripts/verify.ts --pdf): NFC, and each comparison sign
 * spelt out (SIGN_WORDS) with one space on either side, none at the start or end of a line.
 */
export function spellSigns(text: string): string {
  return SIGN_WORDS.reduce(
    (t, [sign, words]) =>
      t.replace(sign, (match: string, at: number, whole: string) =>
        [atBreak(whole, at - 1) ? "" : " ", words, atBreak(whole, at + match.length) ? "" : " "].join(""),
      ),
    text.normalize("NFC"),
  );
}

/**
 * The answer to a form sent from a page older than what it acts on (it lacks, or no longer matches,
 * what its page showed): "Trang này đã cũ: <nothing done>. <what to do>." Every such refusal says
 * the same two things — nothing changed, and how to go on — in the same words.
 */
export const pageTooOld = (nothingDone: string, then: string): string =>
  `Trang này đã cũ: ${nothingDone}. ${then}`;
