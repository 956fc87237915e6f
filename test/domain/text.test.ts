import { describe, expect, it } from "vitest";
import { cleanText, foldVietnamese, placeName, spellSigns } from "../../server/domain/text.ts";

describe("foldVietnamese", () => {
  it.each([
    ["Nguyễn Thị Hường", "nguyen thi huong"],
    ["NGUYỄN THỊ HƯỜNG", "nguyen thi huong"],
    ["nguyen thi huong", "nguyen thi huong"],
    ["Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031b\u0300ng", "nguyen thi huong"], // NFD input
    ["Đặng Đức Tâm", "dang duc tam"],
    ["đ Đ ð Ð", "d d d d"], // Đ is a letter of its own; ð/Ð come from old font conversions
    ["  Họ\u00a0 và\ttên \n", "ho va ten"],
    ["Số\u200b CCCD", "so cccd"],
    ["Thu\u00ADý", "thuy"], // a soft hyphen (Cf) inside a name, as in a real roster (issue #14)
    ["\u202bĐT-012\u202c", "dt-012"], // bidi embedding marks around a pasted code
    ["Thôn/Tổ dân phố", "thon/to dan pho"],
    ["", ""],
  ])("foldVietnamese - %j folds to %j", (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it("foldVietnamese - NFC and NFD spellings of a name meet", () => {
    const nfc = "Hồ Ngọc Hường".normalize("NFC");
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    expect(foldVietnamese(nfd)).toBe(foldVietnamese(nfc));
  });
});

describe("cleanText", () => {
  it.each([
    ["  Võ   Văn Dũng ", "Võ Văn Dũng"],
    ["Thôn 1, Xã Hương Quang\n", "Thôn 1, Xã Hương Quang"],
    ["Lê\u00a0Kim\u200bHoa", "Lê KimHoa"],
    ["\ufeffSTT", "STT"],
  ])("cleanText - %j is %j", (input, cleaned) => {
    expect(cleanText(input)).toBe(cleaned);
  });

  it("cleanText - NFD input comes out NFC", () => {
    const out = cleanText("Hồ Ngọc Hường".normalize("NFD"));
    expect(out).toBe("Hồ Ngọc Hường".normalize("NFC"));
    expect(out.normalize("NFC")).toBe(out);
  });
});

describe("placeName", () => {
  it.each([
    ["Huyện Mỹ Đức", "Mỹ Đức"],
    ["Thị xã Sơn Tây", "Sơn Tây"],
    ["Quận Ba Đình", "Ba Đình"],
    ["Thành phố Thủ Đức", "Thủ Đức"],
    ["THÀNH PHỐ Thủ Đức", "Thủ Đức"],
    ["thị xã Sơn Tây", "Sơn Tây"],
    ["huyện Mỹ Đức", "Mỹ Đức"],
    ["Huye\u0323\u0302n Mỹ Đức", "Mỹ Đức"], // NFD input
    ["TP. Thủ Đức", "Thủ Đức"],
    ["Xã Quang Thọ", "Quang Thọ"],
    ["Thị trấn Tứ Hạ", "Tứ Hạ"],
    ["Huyện Mẫu", "Mẫu"],
    // The unit word only, or a name that merely starts like one: kept whole.
    ["Huyện", "Huyện"],
    ["Thành phố", "Thành phố"],
    ["Quang Thọ", "Quang Thọ"],
    ["Quận Thành phố", "Thành phố"],
    // A numbered unit: its number alone names no place ("Quận 1, ngày …", not "1, ngày …").
    ["Quận 1", "Quận 1"],
    ["Phường 5", "Phường 5"],
    ["  phường 12 ", "phường 12"],
    ["Quận 10 (dữ liệu mẫu)", "Quận 10 (dữ liệu mẫu)"],
    ["Quận Bình Thạnh", "Bình Thạnh"],
  ])("placeName - %s → %s", (name, place) => {
    expect(placeName(name)).toBe(place);
  });
});

describe("spellSigns", () => {
  it.each([
    ["1.458 ≤ 1.472", "1.458 không quá 1.472"],
    ["1.458≤1.472 ≥ 3", "1.458 không quá 1.472 không dưới 3"],
    ["≤ 10 người", "không quá 10 người"],
    ["thu về ≠", "thu về khác"],
    ["a \t≤\t b", "a không quá b"],
    // A line break beside a sign stays: the PDFs draw each line of a text on its own line.
    ["quá hạn\n≤ 3 ngày", "quá hạn\nkhông quá 3 ngày"],
    ["quá hạn ≥\n3 ngày", "quá hạn không dưới\n3 ngày"],
    ["quá hạn\r\n≠ 3", "quá hạn\r\nkhác 3"],
    ["Hu\u0323\u0302n ≤ 1", "Hụ\u0302n không quá 1".normalize("NFC")], // NFD input comes out NFC
    ["không có dấu so sánh", "không có dấu so sánh"],
  ])("spellSigns - %j → %j", (text, printed) => {
    expect(spellSigns(text)).toBe(printed);
  });
});
