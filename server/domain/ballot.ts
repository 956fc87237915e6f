import * as z from "zod";

/**
 * The ballot's vocabulary (DESIGN §2–§3; QĐ 96-QĐ/TW, mẫu phiếu): for each official, one of three
 * boxes, in this order, or none (a blank row, invalid for that official only). One definition for
 * the kiosk, the tally, the scenario files and every printed caption.
 */
export const LEVELS = ["high", "medium", "low"] as const;

/** One box on the ballot. */
export type Level = (typeof LEVELS)[number];

export const LevelSchema = z.enum(LEVELS);

/** A row: a box, or null for a row left blank. */
export const LevelOrBlankSchema = LevelSchema.nullable();

/** One ballot: each official on the point's ballot (by code) → a level, or null for a blank row. */
export type Marks = Record<string, Level | null>;

/** The box captions exactly as printed on the ballot, in running text (lower case). */
export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  high: "tín nhiệm cao",
  medium: "tín nhiệm",
  low: "tín nhiệm thấp",
};

/** The same captions at the start of a line or on a button ("Tín nhiệm cao"). */
export const LEVEL_TITLES: Readonly<Record<Level, string>> = {
  high: "Tín nhiệm cao",
  medium: "Tín nhiệm",
  low: "Tín nhiệm thấp",
};

/** The shape shown with each choice on the kiosk, so colour is never the only cue. */
export const LEVEL_ICONS: Readonly<Record<Level, string>> = { high: "▲", medium: "●", low: "▼" };

export const levelLabel = (level: Level): string => LEVEL_LABELS[level];
