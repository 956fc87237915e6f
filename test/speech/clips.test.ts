import { describe, expect, it } from "vitest";
import {
  blankRowsGroup,
  blankRowsKeys,
  blankRowsWords,
  choiceHint,
  choiceHintKey,
  clipFileName,
  clipsForBallot,
  GENERIC_TEXTS,
  uniqueClips,
} from "../../server/speech/clips.ts";
import { readWav, wavFile, wavSamples } from "../../server/speech/wav.ts";

const BALLOT = [
  { code: "HQ-01", name: "Đỗ Thanh Hường", position: "Bí thư Đảng ủy xã" },
  { code: "HQ-02", name: "Đặng Quang Long", position: "Chủ tịch UBND xã" },
  { code: "HQ-03", name: "Võ Ngọc Hoa", position: "Phó Chủ tịch UBND xã" },
];
const VOICE = { voice: "vi", rate: 150 };

describe("clips", () => {
  it("clipsForBallot - every key the kiosk screens use, once, with the official's place on this ballot", () => {
    const clips = clipsForBallot(BALLOT);
    const keys = clips.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        "instruction",
        "choices",
        "level-high",
        "level-medium",
        "level-low",
        "level-blank",
        "review",
        "review-send",
        "blank-count-1",
        "blank-count-2",
        "blank-count-3",
        "blank-meaning-one",
        "blank-meaning-many",
        "done",
        "voided",
        "idle",
        "waiting",
        "official-HQ-01",
        "name-HQ-01",
        "official-HQ-03",
        "name-HQ-03",
      ]),
    );
    expect(keys).toHaveLength(Object.keys(GENERIC_TEXTS).length + 3 * BALLOT.length);
    const text = (key: string) => clips.find((c) => c.key === key)?.text;
    expect(text("official-HQ-01")).toBe("Người thứ nhất trong ba người. Đỗ Thanh Hường, Bí thư Đảng ủy xã.");
    // A listener hears, as the screen says, that a choice moves on by itself (a "Tiếp" pressed after
    // it would leave the next official blank).
    expect(text("instruction")).toContain("Chọn xong, máy tự sang người tiếp theo.");
    expect(text("official-HQ-02")).toBe(
      "Người thứ hai trong ba người. Đặng Quang Long, Chủ tịch Ủy ban nhân dân xã.",
    );
    expect(text("name-HQ-03")).toBe("Võ Ngọc Hoa.");
    expect(text("choices")).toBe("Có ba ô để chọn. Tín nhiệm cao. Tín nhiệm. Tín nhiệm thấp.");
    for (const clip of clips) expect(clip.text).toBe(clip.text.normalize("NFC"));
  });

  it("choiceHint - every line an official's screen shows under the choices is a clip with the same words, so a listener hears where a choice goes (the next official, the review, back to the review)", () => {
    const clips = clipsForBallot(BALLOT);
    const text = (key: string) => clips.find((c) => c.key === key)?.text;
    for (const after of ["next", "review", "back"] as const) {
      for (const chosen of [false, true]) {
        expect(text(choiceHintKey(after, chosen)), `${after} ${chosen}`).toBe(choiceHint(after, chosen));
      }
    }
    expect(text("hint-review")).toBe("Chạm vào một ô để chọn: máy tự sang trang xem lại phiếu.");
    expect(text("change-back")).toBe("Muốn đổi, chạm vào ô khác: máy tự quay về trang xem lại phiếu.");
    expect(text("chosen")).toBe("Đã chọn:");
  });

  it("blank rows - the question's clip says the number the screen shows, for every count the ballot allows; the whole set is one group, bounded by the ballot's length", () => {
    const clips = clipsForBallot(BALLOT);
    const text = (key: string) => clips.find((c) => c.key === key)?.text;
    // User trial: the screen said "3 người", the clip "một số người".
    expect(text("blank-count-1")).toBe("Bà con còn để trống một người.");
    expect(text("blank-count-3")).toBe("Bà con còn để trống ba người.");
    expect(blankRowsWords(3).question).toBe("Bà con còn để trống 3 người.");
    expect(blankRowsKeys(3)).toEqual(["blank-count-3", "blank-meaning-many"]);
    expect(blankRowsKeys(1)).toEqual(["blank-count-1", "blank-meaning-one"]);
    expect(text("blank-meaning-many")).toBe(
      "Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho những người để trống. " +
        "Muốn chọn tiếp, bấm Quay lại chọn. Muốn gửi luôn, bấm Gửi phiếu, để trống những người này.",
    );
    // No count beyond the ballot's officials; every key of the group is a clip of this ballot.
    expect(text("blank-count-4")).toBeUndefined();
    expect(blankRowsGroup(BALLOT.length)).toEqual([
      "blank-count-1",
      "blank-count-2",
      "blank-count-3",
      "blank-meaning-one",
      "blank-meaning-many",
    ]);
    for (const key of blankRowsGroup(BALLOT.length)) expect(text(key), key).toBeDefined();
    // Larger numbers are said in words as people say them.
    const long = Array.from({ length: 25 }, (_, i) => ({
      code: `X-${i}`,
      name: `Người ${i}`,
      position: "Cán bộ",
    }));
    const longClips = clipsForBallot(long);
    expect(longClips.find((c) => c.key === "blank-count-15")?.text).toBe(
      "Bà con còn để trống mười lăm người.",
    );
    expect(longClips.find((c) => c.key === "blank-count-21")?.text).toBe(
      "Bà con còn để trống hai mươi mốt người.",
    );
  });

  it("clipFileName - a changed text or voice makes another file; the same text is the same file", () => {
    const [first] = clipsForBallot(BALLOT.slice(0, 1)).filter((c) => c.key === "official-HQ-01");
    const [moved] = clipsForBallot(BALLOT.slice(1).concat(BALLOT[0] ?? [])).filter(
      (c) => c.key === "official-HQ-01",
    );
    if (!first || !moved) throw new Error("clip missing");
    expect(clipFileName(first, VOICE)).toMatch(/^official-HQ-01\.[0-9a-f]{16}\.wav$/);
    expect(clipFileName(moved, VOICE)).not.toBe(clipFileName(first, VOICE));
    expect(clipFileName(first, { voice: "vi-vn-x-south", rate: 150 })).not.toBe(clipFileName(first, VOICE));
    expect(clipFileName(first, { voice: "vi", rate: 175 })).not.toBe(clipFileName(first, VOICE));
    expect(clipFileName({ ...first }, VOICE)).toBe(clipFileName(first, VOICE));
  });

  it("uniqueClips - two points' ballots share the generic clips and differ where the order does", () => {
    const a = clipsForBallot(BALLOT);
    const b = clipsForBallot([BALLOT[1], BALLOT[0], BALLOT[2]].flatMap((o) => (o ? [o] : [])));
    const all = uniqueClips([a, b], VOICE);
    // Generic clips once, the blank-row counts (1–3, the same texts on both) once; HQ-03 is third
    // on both; HQ-01 and HQ-02 swap places (two texts each).
    expect(all).toHaveLength(Object.keys(GENERIC_TEXTS).length + 3 /* counts */ + 3 /* names */ + 1 + 2 * 2);
  });

  it("wavFile / readWav - a 16-bit mono 22,050 Hz file reads back with its length", () => {
    const samples = Int16Array.from({ length: 22_050 }, (_, i) => Math.round(Math.sin(i / 10) * 8000));
    const bytes = wavFile(samples);
    const info = readWav(bytes);
    expect(info).toEqual({
      ok: true,
      value: { sampleRate: 22_050, channels: 1, bitsPerSample: 16, dataBytes: 44_100, seconds: 1 },
    });
    expect(wavSamples(bytes)).toEqual(samples);
    expect(readWav(bytes.subarray(0, 1000)).ok).toBe(false);
    expect(readWav(new TextEncoder().encode("<html>404</html>".padEnd(60))).ok).toBe(false);
  });
});
