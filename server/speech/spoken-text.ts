/**
 * Text as eSpeak NG should read it (issue #13 item 6). Pure: no I/O.
 *
 * eSpeak's Vietnamese voice reads an unknown all-capital word with English rules ("UBND" comes out
 * as an English "ubnd"), reads text in NFD as English letter names, and reads "15" as "mười năm"
 * and "thứ 1" as "thứ một". So every text is NFC, the abbreviations of commune positions are
 * written out, and the numbers the kiosk speaks are written in words here.
 */

/** Abbreviations found in commune officials' positions, with what a reader says for them. */
const ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ["BCHQS", "Ban Chỉ huy Quân sự"],
  ["UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"],
  ["UBMTTQ", "Ủy ban Mặt trận Tổ quốc"],
  ["MTTQVN", "Mặt trận Tổ quốc Việt Nam"],
  ["MTTQ", "Mặt trận Tổ quốc"],
  ["UBND", "Ủy ban nhân dân"],
  ["HĐND", "Hội đồng nhân dân"],
  ["UBKT", "Ủy ban Kiểm tra"],
  ["BCH", "Ban Chấp hành"],
  ["BTV", "Ban Thường vụ"],
  ["ĐTNCS", "Đoàn Thanh niên Cộng sản"],
  ["TNCS", "Thanh niên Cộng sản"],
  ["HCM", "Hồ Chí Minh"],
  ["LHPN", "Liên hiệp Phụ nữ"],
  ["HLHPN", "Hội Liên hiệp Phụ nữ"],
  ["HND", "Hội Nông dân"],
  ["CCB", "Cựu chiến binh"],
  ["HTX", "Hợp tác xã"],
  ["ĐU", "Đảng ủy"],
  ["ĐTN", "Đoàn Thanh niên"],
  ["PCT", "Phó Chủ tịch"],
  ["CT", "Chủ tịch"],
  ["PBT", "Phó Bí thư"],
  ["BT", "Bí thư"],
  ["VP", "Văn phòng"],
  ["TK", "Thống kê"],
  ["VH-XH", "Văn hóa - Xã hội"],
  ["VHXH", "Văn hóa - Xã hội"],
  ["ĐC-XD", "Địa chính - Xây dựng"],
  ["ĐCXD", "Địa chính - Xây dựng"],
  ["TP-HT", "Tư pháp - Hộ tịch"],
  ["TPHT", "Tư pháp - Hộ tịch"],
  ["TC-KT", "Tài chính - Kế toán"],
  ["TCKT", "Tài chính - Kế toán"],
  ["VP-TK", "Văn phòng - Thống kê"],
  ["QS", "Quân sự"],
  ["CA", "Công an"],
  ["TT", "Thị trấn"],
  ["TX", "Thị xã"],
  ["TP", "Thành phố"],
];

/** Letters and digits of Vietnamese (NFC): what may stand on either side of a word. */
const WORD_CHAR = "0-9A-Za-zÀ-ỹĐđ";

const ABBREVIATION_PATTERN = new RegExp(
  `(?<![${WORD_CHAR}])(${[...ABBREVIATIONS]
    .map(([short]) => short)
    // Longest first, so "UBMTTQ" is not read as "UB" + "MTTQ".
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[-]/g, "\\-"))
    .join("|")})(?![${WORD_CHAR}])`,
  "g",
);

const EXPANSION = new Map(ABBREVIATIONS);

/**
 * The text as it should be spoken: NFC, abbreviations written out (only whole upper-case words, so
 * a name like "Ca" or "Tư" is never touched), symbols eSpeak would spell out ("<" is read as a
 * letter name, quotation marks) turned into pauses, runs of spaces and line breaks folded, and no
 * space left before a stop (`bấm nút “Sửa”.` is said as the screen writes it: "bấm nút Sửa.").
 */
export function spokenText(text: string): string {
  return text
    .normalize("NFC")
    .replace(ABBREVIATION_PATTERN, (short) => EXPANSION.get(short) ?? short)
    .replace(new RegExp(`[^${WORD_CHAR}\\s.,;:?!()\\-–]`, "g"), " ")
    .replace(/\s+/g, " ")
    .replace(/ ([.,;:?!])/g, "$1")
    .trim()
    .normalize("NFC");
}

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;

const digit = (d: number): string => DIGITS[d] ?? "";

/** 0–99 in words, with the spoken forms "mười lăm", "hai mươi mốt", "hai mươi tư". */
function belowHundred(n: number): string {
  const tens = Math.floor(n / 10);
  const units = n % 10;
  if (tens === 0) return digit(units);
  const head = tens === 1 ? "mười" : `${digit(tens)} mươi`;
  if (units === 0) return head;
  if (units === 5) return `${head} lăm`;
  if (units === 1 && tens > 1) return `${head} mốt`;
  if (units === 4 && tens > 1) return `${head} tư`;
  return `${head} ${digit(units)}`;
}

/**
 * A whole number 0–999 in Vietnamese words ("một trăm linh năm"). A ballot lists a few dozen
 * officials at most; anything outside 0–999 is a programming error.
 */
export function vietnameseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`số ngoài 0–999: ${n}`);
  if (n < 100) return belowHundred(n);
  const hundreds = `${digit(Math.floor(n / 100))} trăm`;
  const rest = n % 100;
  if (rest === 0) return hundreds;
  if (rest < 10) return `${hundreds} linh ${digit(rest)}`;
  return `${hundreds} ${belowHundred(rest)}`;
}

/** The ordinal after "thứ": "nhất" for 1 and "tư" for 4 (never "thứ một", "thứ bốn"). */
export function vietnameseOrdinal(n: number): string {
  if (n === 1) return "nhất";
  if (n === 4) return "tư";
  return vietnameseNumber(n);
}
