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

/** One character per row of a stored ballot, in the ballot's order; "_" is a blank row. */
const CODE_OF: Readonly<Record<Level, string>> = { high: "H", medium: "M", low: "L" };
const LEVEL_OF: Readonly<Record<string, Level | null>> = { H: "high", M: "medium", L: "low", _: null };

/**
 * A ballot as stored: one character per official of the point's ballot, in ballot order
 * (H = tín nhiệm cao, M = tín nhiệm, L = tín nhiệm thấp, _ = blank). Fixed width for a ballot
 * style, so every stored ballot of a point-day has the same size (the ballot file relies on it).
 * Throws when marks name an official not on the ballot (a bug: the kiosk form is checked first).
 */
export function encodeMarks(ballotCodes: readonly string[], marks: Marks): string {
  for (const code of Object.keys(marks)) {
    if (!ballotCodes.includes(code)) throw new Error(`marks for ${code}, who is not on this ballot`);
  }
  return ballotCodes
    .map((code) => {
      const level = marks[code];
      return level ? CODE_OF[level] : "_";
    })
    .join("");
}

/** The inverse of encodeMarks; null when text is not a ballot of this width (a damaged row). */
export function decodeMarks(ballotCodes: readonly string[], text: string): Marks | null {
  if (text.length !== ballotCodes.length) return null;
  const marks: Marks = {};
  for (const [i, code] of ballotCodes.entries()) {
    const level = LEVEL_OF[text.charAt(i)];
    if (level === undefined) return null;
    marks[code] = level;
  }
  return marks;
}
