import { sha256Hex } from "../crypto/digest.ts";
import type { AfterChoice } from "../domain/kiosk-ballot.ts";
import { spokenText, vietnameseNumber, vietnameseOrdinal } from "./spoken-text.ts";

/**
 * What the kiosk can say (issue #13 item 6), as pure data: one clip per key. The keys are the fixed
 * interface with the kiosk screens, which list them in `data-speak="…"` in the order to play:
 *
 *  - instruction, choices, review, review-send, blank-confirm-one, blank-confirm-many, done, voided,
 *    idle, waiting;
 *  - hint-next, hint-review, hint-back, change-next, change-review, change-back, chosen: what a
 *    touch does on an official's screen (choiceHint), as the line under the choices says it;
 *  - level-high, level-medium, level-low, level-blank: one choice word each (the review reads them
 *    back; the browser fetches the four together, so no request ever depends on a choice);
 *  - official-<CODE>: "Người thứ hai trong sáu người. <name>, <position>." — the number is the
 *    official's place on the ballot of the kiosk's point, so it is made per ballot, not per official;
 *  - name-<CODE>: the name only.
 *
 * Nothing here is per resident or per ballot cast: the texts depend only on the stamped set-up.
 */
export type Clip = { key: string; text: string };

/** The officials of one point's ballot, in ballot order. */
export type BallotOfficial = { code: string; name: string; position: string };

/** The three choices as the ballot shows them (DESIGN §2) and the blank row. */
export const LEVEL_WORDS = {
  high: "Tín nhiệm cao",
  medium: "Tín nhiệm",
  low: "Tín nhiệm thấp",
  blank: "Để trống",
} as const;

/** Where a choice goes (domain/kiosk-ballot.ts `afterChoice`), in the words of the screen. */
const AFTER_CHOICE_WORDS: Readonly<Record<AfterChoice, string>> = {
  next: "máy tự sang người tiếp theo",
  review: "máy tự sang trang xem lại phiếu",
  back: "máy tự quay về trang xem lại phiếu",
};

/**
 * The line under an official's choices: what a touch does there, before a choice and after one
 * (`chosen`: the resident came back to an official already chosen). Read aloud as the same words.
 */
export function choiceHint(after: AfterChoice, chosen: boolean): string {
  return chosen
    ? `Muốn đổi, chạm vào ô khác: ${AFTER_CHOICE_WORDS[after]}.`
    : `Chạm vào một ô để chọn: ${AFTER_CHOICE_WORDS[after]}.`;
}

/** The clip of choiceHint's words. */
export const choiceHintKey = (after: AfterChoice, chosen: boolean): string =>
  `${chosen ? "change" : "hint"}-${after}`;

const CHOICE_HINTS = Object.fromEntries(
  (Object.keys(AFTER_CHOICE_WORDS) as AfterChoice[]).flatMap((after) =>
    [false, true].map((chosen) => [choiceHintKey(after, chosen), choiceHint(after, chosen)]),
  ),
);

/**
 * "Gửi phiếu" with rows left blank (kiosk/screens.tsx `BlankRowsScreen`): the question, what sending
 * now means, and the two answers, in the words the screen shows and the clip reads. A blank row is
 * invalid for that official only (DESIGN §3, QĐ 96: "không đánh dấu vào ô nào"): the ballot is
 * still collected and counts for everyone else; for the official left blank it carries no rating.
 * Said that plainly to an elderly resident, in one or several ("người này" / "những người này"),
 * never as "không hợp lệ", which reads as if the whole ballot were spoiled (newcomer trial).
 * `howMany`: the number as the screen shows it ("3"), or as the clip says it.
 */
function blankRowsText(howMany: string, one: boolean) {
  const who = one ? "người" : "những người";
  return {
    question: `Bà con còn để trống ${howMany} người.`,
    meaning: `Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho ${who} để trống.`,
    back: "Quay lại chọn",
    send: `Gửi phiếu, để trống ${who} này`,
  };
}

/** The blank-row question's words on the screen, for `count` rows left blank. */
export const blankRowsWords = (count: number) => blankRowsText(String(count), count === 1);

/**
 * The clip of the blank-row question: one for a single blank row, one for several (which says "một
 * số người": clips are made per ballot, never per resident). speech.js fetches the two together, so
 * the request does not tell how many rows were left blank.
 */
export const blankRowsKey = (count: number): string =>
  count === 1 ? "blank-confirm-one" : "blank-confirm-many";

function blankRowsClip(howMany: string, one: boolean): string {
  const w = blankRowsText(howMany, one);
  return `${w.question} ${w.meaning} Muốn chọn tiếp, bấm ${w.back}. Muốn gửi luôn, bấm ${w.send}.`;
}

/**
 * Texts that are the same on every ballot: the words of the kiosk screens (kiosk/screens.tsx,
 * issue #13 items 1–3 and 7), read aloud with the names of the buttons to press.
 */
export const GENERIC_TEXTS: Readonly<Record<string, string>> = {
  instruction:
    // Each official's own clip says "Người thứ nhất trong sáu người": the instruction says instead
    // that a choice moves on by itself (a "Tiếp" pressed after it leaves the next official blank).
    "Hướng dẫn ghi phiếu. " +
    "Xin chạm vào một trong ba ô: Tín nhiệm cao, Tín nhiệm, hoặc Tín nhiệm thấp. " +
    "Chọn xong, máy tự sang người tiếp theo. " +
    "Cuối cùng, xem lại rồi bấm Gửi phiếu. Không ai biết bà con đã chọn gì.",
  choices: `Có ba ô để chọn. ${LEVEL_WORDS.high}. ${LEVEL_WORDS.medium}. ${LEVEL_WORDS.low}.`,
  "level-high": `${LEVEL_WORDS.high}.`,
  "level-medium": `${LEVEL_WORDS.medium}.`,
  "level-low": `${LEVEL_WORDS.low}.`,
  "level-blank": `${LEVEL_WORDS.blank}.`,
  // Back on an official already chosen: "Đã chọn." and that choice's word, then what a touch does.
  chosen: "Đã chọn.",
  ...CHOICE_HINTS,
  review: "Xem lại phiếu. Màn hình ghi từng người và ô đã chọn. Muốn đổi dòng nào, bấm nút Sửa ở dòng đó.",
  "review-send": "Xong thì bấm nút Gửi phiếu. Gửi rồi thì không sửa được nữa.",
  [blankRowsKey(1)]: blankRowsClip("một", true),
  [blankRowsKey(2)]: blankRowsClip("một số", false),
  done: "Phiếu của bà con đã được ghi nhận. Xin cảm ơn bà con.",
  // A voided ticket is final (counted issued, not collected; the resident stays checked in): the
  // team has no new ballot to give, so the kiosk promises none. It asks for what the team can do.
  voided:
    "Phiếu này đã được tổ công tác hủy. Phiếu này không được ghi nhận. " +
    "Nếu bà con chưa ghi phiếu xong, xin báo với tổ công tác để tổ ghi việc này vào biên bản.",
  idle:
    "Bà con còn đang ghi phiếu không? Nếu còn, xin bấm nút Có, tôi đang ghi phiếu. " +
    "Nếu cần giúp, cán bộ tổ công tác sẽ đến.",
  waiting: "Xin chào. Xin mời bà con đến bàn tổ công tác để nhận phiếu.",
};

/** The per-official keys of one official (codes are URL- and file-safe: CodeSchema). */
export const officialKey = (code: string) => `official-${code}`;
export const nameKey = (code: string) => `name-${code}`;

/**
 * Every clip one ballot needs: the generic ones, then for each official (in ballot order) the
 * full introduction and the name alone. Texts are already as spoken (spokenText): NFC,
 * abbreviations written out, numbers in words.
 */
export function clipsForBallot(officials: readonly BallotOfficial[]): Clip[] {
  const total = vietnameseNumber(officials.length);
  const generic = Object.entries(GENERIC_TEXTS).map(([key, text]) => ({ key, text: spokenText(text) }));
  const perOfficial = officials.flatMap((o, i) => {
    const name = spokenText(o.name);
    const position = spokenText(o.position);
    return [
      {
        key: officialKey(o.code),
        text: spokenText(`Người thứ ${vietnameseOrdinal(i + 1)} trong ${total} người. ${name}, ${position}.`),
      },
      { key: nameKey(o.code), text: `${name}.` },
    ];
  });
  return [...generic, ...perOfficial];
}

/** eSpeak NG's Vietnamese voices: Northern (the default), Southern, Central. */
export const SPEECH_VOICES = ["vi", "vi-vn-x-south", "vi-vn-x-central"] as const;
export type SpeechVoice = (typeof SPEECH_VOICES)[number];

/** How the synthesizer speaks; part of every clip's file name, so changing it makes new files. */
export type VoiceSettings = { voice: string; rate: number };

/**
 * The clip's file name: the key, then the first 16 hex digits of SHA-256 over the voice settings
 * and the text. A changed text (a name corrected before the stamp, another point's ballot order)
 * or voice gives another file; the same text at several points is one file.
 */
export function clipFileName(clip: Clip, settings: VoiceSettings): string {
  const digest = sha256Hex(`tinnhiem:speech:v1\n${settings.voice}\n${settings.rate}\n${clip.text}`);
  return `${clip.key}.${digest.slice(0, 16)}.wav`;
}

/** The clips of several ballots, each file once (the generic clips are shared by every point). */
export function uniqueClips(ballots: readonly Clip[][], settings: VoiceSettings): Clip[] {
  const byFile = new Map<string, Clip>();
  for (const clip of ballots.flat()) byFile.set(clipFileName(clip, settings), clip);
  return [...byFile.values()];
}
