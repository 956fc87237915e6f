import { describe, expect, it } from "vitest";
import {
  LEVEL_ICONS,
  LEVEL_LABELS,
  LEVEL_TITLES,
  LEVELS,
  type Level,
  LevelOrBlankSchema,
  levelLabel,
} from "../../server/domain/ballot.ts";

describe("levelLabel - ballot captions", () => {
  it.each([
    ["high", "tín nhiệm cao", "Tín nhiệm cao"],
    ["medium", "tín nhiệm", "Tín nhiệm"],
    ["low", "tín nhiệm thấp", "Tín nhiệm thấp"],
  ] as const)("levelLabel - %s is %s", (level, label, title) => {
    expect(levelLabel(level)).toBe(label);
    expect(LEVEL_LABELS[level]).toBe(label);
    expect(LEVEL_TITLES[level]).toBe(title);
  });

  it("levelLabel - ballot order", () => {
    expect(LEVELS).toEqual<Level[]>(["high", "medium", "low"]);
  });

  it("levels - every caption NFC, every icon distinct", () => {
    for (const text of [...Object.values(LEVEL_LABELS), ...Object.values(LEVEL_TITLES)]) {
      expect(text).toBe(text.normalize("NFC"));
    }
    expect(new Set(Object.values(LEVEL_ICONS)).size).toBe(LEVELS.length);
  });

  it("LevelOrBlankSchema - a box or null, nothing else", () => {
    expect(LevelOrBlankSchema.safeParse("low").success).toBe(true);
    expect(LevelOrBlankSchema.safeParse(null).success).toBe(true);
    expect(LevelOrBlankSchema.safeParse("Low").success).toBe(false);
    expect(LevelOrBlankSchema.safeParse("").success).toBe(false);
  });
});
