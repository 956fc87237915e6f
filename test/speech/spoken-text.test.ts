import { describe, expect, it } from "vitest";
import { spokenText, vietnameseNumber, vietnameseOrdinal } from "../../server/speech/spoken-text.ts";

describe("spoken text", () => {
  it.each([
    [1, "một"],
    [10, "mười"],
    [15, "mười lăm"],
    [20, "hai mươi"],
    [21, "hai mươi mốt"],
    [24, "hai mươi tư"],
    [25, "hai mươi lăm"],
    [14, "mười bốn"],
    [11, "mười một"],
    [100, "một trăm"],
    [105, "một trăm linh năm"],
    [115, "một trăm mười lăm"],
    [999, "chín trăm chín mươi chín"],
  ])("vietnameseNumber - %i is read %s", (n, words) => {
    expect(vietnameseNumber(n)).toBe(words);
  });

  it("vietnameseNumber - outside 0–999 is a bug", () => {
    expect(() => vietnameseNumber(1000)).toThrow(RangeError);
    expect(() => vietnameseNumber(2.5)).toThrow(RangeError);
  });

  it.each([
    [1, "nhất"],
    [2, "hai"],
    [4, "tư"],
    [14, "mười bốn"],
  ])("vietnameseOrdinal - thứ %i is thứ %s", (n, words) => {
    expect(vietnameseOrdinal(n)).toBe(words);
  });

  it.each([
    ["Chủ tịch UBND xã", "Chủ tịch Ủy ban nhân dân xã"],
    ["Phó Chủ tịch HĐND xã", "Phó Chủ tịch Hội đồng nhân dân xã"],
    ["Chủ tịch UBMTTQ xã", "Chủ tịch Ủy ban Mặt trận Tổ quốc xã"],
    ["Bí thư ĐU xã", "Bí thư Đảng ủy xã"],
    ["Công chức ĐC-XD", "Công chức Địa chính - Xây dựng"],
    ["Công chức TP-HT", "Công chức Tư pháp - Hộ tịch"],
    ["Chỉ huy trưởng BCHQS xã", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã"],
    // Names and ordinary words that look like abbreviations are left alone.
    ["Lê Thị Ca", "Lê Thị Ca"],
    ["Trưởng Công an xã", "Trưởng Công an xã"],
    ["UBNDX", "UBNDX"],
  ])("spokenText - %s is read as %s", (written, spoken) => {
    expect(spokenText(written)).toBe(spoken);
  });

  it("spokenText - NFD input comes out NFC (eSpeak reads NFD as English letter names)", () => {
    const nfd = "Đỗ Thanh Hường, Chủ tịch UBND xã".normalize("NFD");
    const out = spokenText(nfd);
    expect(out).toBe(out.normalize("NFC"));
    expect(out).toBe("Đỗ Thanh Hường, Chủ tịch Ủy ban nhân dân xã");
  });

  it("spokenText - symbols eSpeak would spell become pauses; spaces fold", () => {
    expect(spokenText("Lê  Văn <b>Hà</b>\n  Bí thư")).toBe("Lê Văn b Hà b Bí thư");
    expect(spokenText("Nguyễn Văn A (Tổ trưởng)")).toBe("Nguyễn Văn A (Tổ trưởng)");
    // A screen's quoted button name is said as the sentence reads, no space before its stop.
    expect(spokenText("Nếu còn, xin bấm nút “Có, tôi đang ghi phiếu”. Nếu cần giúp")).toBe(
      "Nếu còn, xin bấm nút Có, tôi đang ghi phiếu. Nếu cần giúp",
    );
  });
});
