/**
 * Vietnamese typed in the old font encodings (issue #14 "Invisible and legacy characters"). Before
 * Unicode, communes typed with TCVN3 (the ".Vn" fonts, "ABC") or VNI (the "VNI-" fonts): the file
 * stores Western-European letters and symbols, and only the font made them look Vietnamese. Opened
 * with a Unicode font, "Nguyễn Thị Thúy" reads "NguyÔn ThÞ Thóy" (TCVN3) or "Nguyeãn Thò Thuùy"
 * (VNI). Such text is recognised here, word by word against the shape of a Vietnamese syllable, and
 * converted back; what cannot be told apart is left for the user to convert ("chuyển mã"). Pure.
 */

export type LegacyEncoding = "tcvn3" | "vni";

/** How the encodings are named to users: the names Unikey's converter uses. */
export const LEGACY_ENCODING_NAMES: Readonly<Record<LegacyEncoding, string>> = {
  tcvn3: "TCVN3 (ABC)",
  vni: "VNI",
};

/**
 * TCVN3 (TCVN 5712:1993, VN3): one byte a letter. It has no capitals with tone marks (the ".VnTimeH"
 * fonts draw the small letters' codes as capitals), so only Ă Â Ê Ô Ơ Ư Đ have codes of their own.
 * Byte 0xAD is "ư": a soft hyphen in Unicode, so this conversion must run before invisible
 * characters are stripped.
 */
const TCVN3: Readonly<Record<string, string>> = {
  "\u00a1": "Ă",
  "\u00a2": "Â",
  "\u00a3": "Ê",
  "\u00a4": "Ô",
  "\u00a5": "Ơ",
  "\u00a6": "Ư",
  "\u00a7": "Đ",
  "\u00a8": "ă",
  "\u00a9": "â",
  "\u00aa": "ê",
  "\u00ab": "ô",
  "\u00ac": "ơ",
  "\u00ad": "ư",
  "\u00ae": "đ",
  "\u00b5": "à",
  "\u00b6": "ả",
  "\u00b7": "ã",
  "\u00b8": "á",
  "\u00b9": "ạ",
  "\u00bb": "ằ",
  "\u00bc": "ẳ",
  "\u00bd": "ẵ",
  "\u00be": "ắ",
  "\u00c6": "ặ",
  "\u00c7": "ầ",
  "\u00c8": "ẩ",
  "\u00c9": "ẫ",
  "\u00ca": "ấ",
  "\u00cb": "ậ",
  "\u00cc": "è",
  "\u00ce": "ẻ",
  "\u00cf": "ẽ",
  "\u00d0": "é",
  "\u00d1": "ẹ",
  "\u00d2": "ề",
  "\u00d3": "ể",
  "\u00d4": "ễ",
  "\u00d5": "ế",
  "\u00d6": "ệ",
  "\u00d7": "ì",
  "\u00d8": "ỉ",
  "\u00dc": "ĩ",
  "\u00dd": "í",
  "\u00de": "ị",
  "\u00df": "ò",
  "\u00e1": "ỏ",
  "\u00e2": "õ",
  "\u00e3": "ó",
  "\u00e4": "ọ",
  "\u00e5": "ồ",
  "\u00e6": "ổ",
  "\u00e7": "ỗ",
  "\u00e8": "ố",
  "\u00e9": "ộ",
  "\u00ea": "ờ",
  "\u00eb": "ở",
  "\u00ec": "ỡ",
  "\u00ed": "ớ",
  "\u00ee": "ợ",
  "\u00ef": "ù",
  "\u00f1": "ủ",
  "\u00f2": "ũ",
  "\u00f3": "ú",
  "\u00f4": "ụ",
  "\u00f5": "ừ",
  "\u00f6": "ử",
  "\u00f7": "ữ",
  "\u00f8": "ứ",
  "\u00f9": "ự",
  "\u00fa": "ỳ",
  "\u00fb": "ỷ",
  "\u00fc": "ỹ",
  "\u00fd": "ý",
  "\u00fe": "ỵ",
};

/**
 * VNI-Windows: a base letter followed by a mark character ("a" + "ù" = "á", "e" + "ã" = "ễ"); "ô" and
 * "ö" stand alone for ơ and ư, "ñ" for đ, and the i-vowels and "ỵ" have single codes. Capitals take
 * the capital mark characters. Longest sequences are matched first.
 */
const VNI_MARKS: Readonly<Record<string, string>> = {
  // mark character → combining marks it adds (lower-case forms; capitals below)
  ø: "\u0300",
  ù: "\u0301",
  û: "\u0309",
  õ: "\u0303",
  ï: "\u0323",
  â: "\u0302",
  á: "\u0302\u0301",
  à: "\u0302\u0300",
  å: "\u0302\u0309",
  ã: "\u0302\u0303",
  ä: "\u0302\u0323",
  ê: "\u0306",
  é: "\u0306\u0301",
  è: "\u0306\u0300",
  ú: "\u0306\u0309",
  ü: "\u0306\u0303",
  ë: "\u0306\u0323",
};
/** Which marks may follow which base letter ("â" after "a", "e", "o"; the breve only after "a"). */
const VNI_BASES: Readonly<Record<string, string>> = {
  a: "øùûõïâáàåãäêéèúüë",
  e: "øùûõïâáàåãä",
  o: "øùûõïâáàåãä",
  u: "øùûõï",
  y: "øùûõ",
  ơ: "øùûõï",
  ư: "øùûõï",
};
const VNI_SINGLE: Readonly<Record<string, string>> = {
  ì: "ì",
  í: "í",
  æ: "ỉ",
  ó: "ĩ",
  ò: "ị",
  ô: "ơ",
  ö: "ư",
  ñ: "đ",
  î: "ỵ",
};

function buildVniTable(): Map<string, string> {
  const table = new Map<string, string>();
  const upper = (s: string) => s.toUpperCase();
  for (const [base, marks] of Object.entries(VNI_BASES)) {
    for (const mark of marks) {
      const combining = VNI_MARKS[mark];
      if (combining === undefined) continue;
      // ơ and ư are written with their own codes, then the tone mark.
      const baseCode = base === "ơ" ? "ô" : base === "ư" ? "ö" : base;
      const letter = `${base}${combining}`.normalize("NFC");
      table.set(`${baseCode}${mark}`, letter);
      table.set(`${upper(baseCode)}${upper(mark)}`, upper(letter));
    }
  }
  for (const [code, letter] of Object.entries(VNI_SINGLE)) {
    if (!table.has(code)) table.set(code, letter);
    if (!table.has(upper(code))) table.set(upper(code), upper(letter));
  }
  return table;
}
const VNI = buildVniTable();

/** Converts TCVN3 text read as Windows-1252 letters to Unicode (NFC). */
export function fromTcvn3(text: string): string {
  let out = "";
  for (const ch of text) out += TCVN3[ch] ?? ch;
  return restoreCapitals(out, text);
}

/** Converts VNI-Windows text read as Windows-1252 letters to Unicode (NFC). */
export function fromVni(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; ) {
    const pair = VNI.get(text.slice(i, i + 2));
    if (pair !== undefined) {
      out += pair;
      i += 2;
      continue;
    }
    const ch = text[i] as string;
    out += VNI.get(ch) ?? ch;
    i += 1;
  }
  return out.normalize("NFC");
}

/**
 * TCVN3 capitals typed in a ".VnTimeH" font are stored with the small letters' codes: a word whose
 * plain letters are all capitals ("NGUYÔN") is a capitalised word, so its converted letters are too.
 */
function restoreCapitals(converted: string, original: string): string {
  const words = converted.split(/(\s+)/);
  const originals = original.split(/(\s+)/);
  return words
    .map((word, i) => {
      const plain = (originals[i] ?? "").replace(/[^A-Za-z]/g, "");
      return plain.length >= 2 && plain === plain.toUpperCase() ? word.toUpperCase() : word;
    })
    .join("")
    .normalize("NFC");
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const INITIAL = "(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?";
/** Vowel groups of Vietnamese rhymes (with the semivowel endings i/y/o/u), before the final consonant. */
const NUCLEUS =
  "(?:iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|ue|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)";
const FINAL = "(?:ch|ng|nh|c|m|n|p|t)?";
const SYLLABLE = new RegExp(`^${INITIAL}${NUCLEUS}${FINAL}$`);

/**
 * Whether a word has the shape of a Vietnamese syllable: an initial consonant, a vowel group, a final
 * consonant, at most one tone mark. Approximate (it accepts some non-words) but it tells "Thúy" from
 * "Thuùy" and "ThÞ", which is what detection needs. The Icelandic Ð/ð that some converters put for
 * Đ/đ counts as đ.
 */
export function isVietnameseSyllable(word: string): boolean {
  const decomposed = word.normalize("NFD");
  const tones = decomposed.match(TONE_MARKS)?.length ?? 0;
  if (tones > 1) return false;
  const bare = decomposed.replace(TONE_MARKS, "").normalize("NFC").toLowerCase().replace(/ð/g, "đ");
  return SYLLABLE.test(bare);
}

/**
 * The words of a cell that carry letters; plain ASCII words ("H01", "Con") are left out. The symbols
 * that TCVN3 uses as letters ("¸", "µ", "÷"…) count as letters here, so "N÷" is one word.
 */
const wordsOf = (text: string): string[] =>
  text.split(/[^\p{L}\p{M}\u00a1-\u00bf\u00d7\u00f7]+/u).filter((w) => w !== "" && !/^[A-Za-z]+$/.test(w));

/** Every lettered word of the text is a Vietnamese syllable (plain ASCII words are left alone). */
const readsAsVietnamese = (text: string): boolean => wordsOf(text).every(isVietnameseSyllable);

/**
 * Text that could have been typed in an old font: only characters up to U+00FF (and the few
 * Windows-1252 symbols above it), at least one of them beyond ASCII. Unicode Vietnamese almost
 * always has letters beyond U+00FF ("ễ", "ă", "ư"), which legacy text never has.
 */
function couldBeLegacy(text: string): boolean {
  if (!BEYOND_ASCII.test(text)) return false;
  // The first letter above U+00FF that is not a Windows-1252 symbol settles it (fast for Unicode text).
  for (const match of text.matchAll(ABOVE_LATIN_1)) if (!WINDOWS_1252_EXTRA.has(match[0])) return false;
  return true;
}
const BEYOND_ASCII = /[\u0080-\uffff]/;
const ABOVE_LATIN_1 = /[\u0100-\uffff]/g;
const WINDOWS_1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

export type LegacyCheck =
  | { kind: "unicode" }
  | { kind: "converted"; encoding: LegacyEncoding; text: string }
  | { kind: "unreadable" };

/**
 * Decides what a cell's text is: Unicode (left as it is), TCVN3 or VNI (converted, with the
 * encoding named so the user is told), or text that looks like an old encoding but converts to
 * Vietnamese under neither or both (`unreadable`: the user must convert the file, "chuyển mã sang
 * Unicode"). `preferred` (the encoding of the file's other converted cells) settles a text that
 * reads as Vietnamese under both. A name such as "Hà Tú", all of whose letters are also Western-European ones, reads as
 * Vietnamese already and is left alone.
 */
export function checkLegacyText(text: string, preferred?: LegacyEncoding): LegacyCheck {
  if (!couldBeLegacy(text)) return { kind: "unicode" };
  if (readsAsVietnamese(text)) return { kind: "unicode" };
  const tcvn3 = fromTcvn3(text);
  const vni = fromVni(text);
  const tcvn3Reads = tcvn3 !== text && readsAsVietnamese(tcvn3);
  const vniReads = vni !== text && readsAsVietnamese(vni);
  if (tcvn3Reads && !vniReads) return { kind: "converted", encoding: "tcvn3", text: tcvn3 };
  if (vniReads && !tcvn3Reads) return { kind: "converted", encoding: "vni", text: vni };
  if (tcvn3Reads && vniReads && tcvn3 === vni) return { kind: "converted", encoding: "tcvn3", text: tcvn3 };
  // Both read as Vietnamese ("Chuû hoä" is "Chủ hộ" in VNI and "Chuỷ hoọ" in TCVN3): the encoding
  // the rest of the file was typed in decides.
  if (tcvn3Reads && vniReads && preferred !== undefined) {
    return { kind: "converted", encoding: preferred, text: preferred === "tcvn3" ? tcvn3 : vni };
  }
  return { kind: "unreadable" };
}
