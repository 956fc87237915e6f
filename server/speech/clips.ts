import { sha256Hex } from "../crypto/digest.ts";
import type { AfterChoice } from "../domain/kiosk-ballot.ts";
import { spokenText, vietnameseNumber, vietnameseOrdinal } from "./spoken-text.ts";

/**
 * What the kiosk can say (issue #13 item 6), as pure data: one clip per key. The keys are the fixed
 * interface with the kiosk screens, which list them in `data-speak="…"` in the order to play:
 *
 *  - instruction, choices, review, review-send, done, voided, idle, waiting;
 *  - hint-next, hint-review, hint-back, change-next, change-review, change-back, chosen: what a
 *    touch does on an official's screen (choiceHint), as the line under the choices says it;
 *  - level-high, level-medium, level-low, level-blank: one choice word each (the review reads them
 *    back; the browser fetches the four together, so no request ever depends on a choice);
 *  - blank-count-<N> (N = 1 … the ballot's number of officials), blank-meaning-one,
 *    blank-meaning-many: the blank-row question with its number, then what sending means;
 *  - official-<CODE>: "Người thứ hai trong sáu người. <name>, <position>." — the number is the
 *    official's place on the ballot of the kiosk's point, so it is made per ballot, not per official;
 *  - name-<CODE>: the name only.
 *
 * A clip says what its screen shows, in the screen's own words (user trial: the idle question's
 * clip said another sentence than the screen): each text below is the one string the screen draws
 * and the clip reads (`test/kiosk/screens.test.ts` compares every screen with its clips). What a
 * clip adds is spoken form only — numbers in words, "Người thứ 2 / 6" as "Người thứ hai trong sáu
 * người" — and, where a listener cannot see the buttons, "bấm <the button's label>". `instruction`
 * is the one clip with no text on screen: the spoken introduction before the first official.
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
 * now means, and the two answers, in the words the screen shows and the clips read. A blank row is
 * invalid for that official only (DESIGN §3, QĐ 96: "không đánh dấu vào ô nào"): the ballot is
 * still collected and counts for everyone else; for the official left blank it carries no rating.
 * Said that plainly to an elderly resident, in one or several ("người này" / "những người này"),
 * never as "không hợp lệ", which reads as if the whole ballot were spoiled (newcomer trial).
 * `howMany`: the number as the screen shows it ("3"), or as the clip says it ("ba").
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

/** The question's clip for `count` rows left blank: the screen's sentence with its number in words. */
export const blankCountKey = (count: number): string => `blank-count-${count}`;

/** What sending now means, and the two answers: one clip for a single blank row, one for several. */
export const blankMeaningKey = (count: number): string =>
  count === 1 ? "blank-meaning-one" : "blank-meaning-many";

/** The clips the blank-row question plays for `count` rows left blank, in order. */
export const blankRowsKeys = (count: number): string[] => [blankCountKey(count), blankMeaningKey(count)];

/**
 * Every blank-row clip of a ballot of `total` officials. The question says the number (user trial:
 * the clip said "một số người" where the screen said "3 người"), so there is one short clip per
 * possible count, made per ballot size with the rest of the ballot's clips: at most the largest
 * ballot's number of officials, each text shared by every point whose ballot is that long or
 * longer. speech.js fetches the whole set together (the screen lists it in
 * `data-speak-together`), so no request tells how many rows were left blank.
 */
export function blankRowsGroup(total: number): string[] {
  const counts = Array.from({ length: total }, (_, i) => blankCountKey(i + 1));
  return [...counts, blankMeaningKey(1), blankMeaningKey(2)];
}

/** The clips of the question for 1 … total rows left blank: the screen's question, number in words. */
function blankCountClips(total: number): Clip[] {
  return Array.from({ length: total }, (_, i) => ({
    key: blankCountKey(i + 1),
    text: spokenText(blankRowsText(vietnameseNumber(i + 1), i === 0).question),
  }));
}

/** What sending means and the answers, read with the names of the buttons to press. */
function blankMeaningClip(one: boolean): string {
  const w = blankRowsText("", one);
  return `${w.meaning} Muốn chọn tiếp, bấm ${w.back}. Muốn gửi luôn, bấm ${w.send}.`;
}

/** A heading read as a sentence: "Xin chào" is said "Xin chào." before the text under it. */
const asSentence = (text: string): string => (/[.?!:]$/.test(text) ? text : `${text}.`);

/** The answer on the idle question's screen, which its text names for a listener. */
const STILL_HERE = "Có, tôi đang ghi phiếu";

/**
 * The fixed screens' heading and text (kiosk/screens.tsx), one string each: the screen shows them,
 * and the clip of the same key reads the heading, then the text.
 */
export const SCREEN_WORDS = {
  waiting: { heading: "Xin chào", lead: "Xin mời bà con đến bàn tổ công tác để nhận phiếu." },
  idle: {
    heading: "Bà con còn đang ghi phiếu không?",
    // Names the button, as the clip must (a listener does not see "the button below").
    lead: `Nếu còn, xin bấm nút “${STILL_HERE}”. Nếu cần giúp, cán bộ tổ công tác sẽ đến.`,
    answer: STILL_HERE,
  },
  done: { heading: "Phiếu của bà con đã được ghi nhận", lead: "Xin cảm ơn bà con." },
  // A voided ticket is final (counted issued, not collected; the resident stays checked in): the
  // team has no new ballot to give, so the kiosk promises none. It asks for what the team can do.
  voided: {
    heading: "Phiếu này đã được tổ công tác hủy",
    lead:
      "Phiếu này không được ghi nhận. " +
      "Nếu bà con chưa ghi phiếu xong, xin báo với tổ công tác để tổ ghi việc này vào biên bản.",
  },
} as const;

/** A fixed screen's clip: its heading as a sentence, then its text. */
const screenClip = (words: { heading: string; lead: string }): string =>
  `${asSentence(words.heading)} ${words.lead}`;

/**
 * The review (kiosk/screens.tsx `ReviewScreen`): its heading; under it how to change a row and how
 * to send (`change`, `send`, one line: at "Rất lớn" on a tablet lying flat a second line hides a
 * row); beside "Gửi phiếu", that a sent ballot is final (`final`, which the clip always said and
 * the screen did not). The clips read the heading and `change` (`review`), then each row, then
 * `send` and `final` (`review-send`), as the eye goes down to the button.
 */
export const REVIEW_WORDS = {
  heading: "Xem lại phiếu",
  change: "Muốn đổi dòng nào, bấm “Sửa” ở dòng đó.",
  send: "Xong thì bấm “Gửi phiếu”.",
  final: "Gửi rồi thì không sửa được nữa.",
} as const;

/**
 * Back on an official already chosen, the line under the choices starts with what is chosen:
 * "Đã chọn: Tín nhiệm cao." — said as the clip `chosen` and that choice's word.
 */
export const CHOSEN_WORDS = "Đã chọn:";

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
  // Back on an official already chosen: "Đã chọn:" and that choice's word, then what a touch does.
  chosen: CHOSEN_WORDS,
  ...CHOICE_HINTS,
  review: `${asSentence(REVIEW_WORDS.heading)} ${REVIEW_WORDS.change}`,
  "review-send": `${REVIEW_WORDS.send} ${REVIEW_WORDS.final}`,
  [blankMeaningKey(1)]: blankMeaningClip(true),
  [blankMeaningKey(2)]: blankMeaningClip(false),
  done: screenClip(SCREEN_WORDS.done),
  voided: screenClip(SCREEN_WORDS.voided),
  idle: screenClip(SCREEN_WORDS.idle),
  waiting: screenClip(SCREEN_WORDS.waiting),
};

/** The per-official keys of one official (codes are URL- and file-safe: CodeSchema). */
export const officialKey = (code: string) => `official-${code}`;
export const nameKey = (code: string) => `name-${code}`;

/**
 * Every clip one ballot needs: the generic ones, the blank-row question for each possible count,
 * then for each official (in ballot order) the full introduction and the name alone. Texts are
 * already as spoken (spokenText): NFC, abbreviations written out, numbers in words.
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
  return [...generic, ...blankCountClips(officials.length), ...perOfficial];
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
