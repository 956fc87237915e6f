import { describe, expect, it } from "vitest";
import {
  BlankRowsScreen,
  IdleScreen,
  OfficialScreen,
  ReviewScreen,
  StillVotingScreen,
  ThanksScreen,
  VoidedScreen,
  WaitForWindowScreen,
} from "../../kiosk/screens.tsx";
import type { Official } from "../../server/domain/campaign.ts";
import { type BallotProgress, startBallot } from "../../server/domain/kiosk-ballot.ts";
import { clipsForBallot } from "../../server/speech/clips.ts";
import { spokenText, vietnameseNumber, vietnameseOrdinal } from "../../server/speech/spoken-text.ts";

/**
 * The words of the kiosk's screens for a resident (kiosk/screens.tsx): one way of addressing them
 * ("bà con"), the blank-row question in one or several, and each screen's clip saying what the
 * screen says (server/speech/clips.ts).
 */

const OFFICIALS: Official[] = ["Đỗ Thanh Hường", "Đặng Quang Long", "Võ Ngọc Hoa", "Trần Văn Bình"].map(
  (name, i) => ({
    id: i + 1,
    code: `HQ-0${i + 1}`,
    name,
    position: "Phó Chủ tịch UBND xã",
    communeId: 1,
    displayOrder: i,
  }),
);

/** A ballot at the blank-row question with the first `chosen` officials marked. */
const atBlanks = (chosen: number): BallotProgress => ({
  ...startBallot("t1", 0),
  step: { kind: "blanks" },
  marks: Object.fromEntries(OFFICIALS.slice(0, chosen).map((o) => [o.code, "high"])),
});

const html = (node: unknown): string => String(node);

/** What a person reads: the text of the markup, tags and hidden-from-sight labels aside. */
const textOf = (markup: string): string =>
  markup
    .replace(/<span class="sr-only">.*?<\/span>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();

/** The text of the first element with `tag` in the markup. */
const first = (markup: string, tag: string): string =>
  textOf(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(markup)?.[1] ?? "");

/**
 * The markup as a person sees it: without what is hidden from sight (`aria-hidden` marks and
 * icons) and without the keyboard half of a hint, which only a keyboard user is shown and no clip
 * reads; inline emphasis is part of the sentence around it (no space where its tags were).
 */
const inSight = (markup: string): string =>
  markup
    .replace(/<(\w+)[^>]*aria-hidden="true"[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<span class="keys-only">[\s\S]*?<\/span>/g, "")
    .replace(/<\/?(strong|em|kbd)( [^>]*)?>/g, "");

/** Text a person reads (screen-reader labels aside), from markup already `inSight`. */
const visibleText = (markup: string): string => textOf(markup).replace(/&#39;/g, "'");

/** The visible text of every `tag` element whose class is exactly `cls`, in order. */
const seenAll = (markup: string, tag: string, cls: string): string[] =>
  [...inSight(markup).matchAll(new RegExp(`<${tag}[^>]*class="${cls}"[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map(
    (m) => visibleText(m[1] ?? ""),
  );

/** The visible text of the first `tag` element (with class `cls`, when given). */
const seen = (markup: string, tag: string, cls?: string): string =>
  cls
    ? (seenAll(markup, tag, cls)[0] ?? "")
    : visibleText(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(inSight(markup))?.[1] ?? "");

/** Every screen a resident can see, in each of its states. */
function everyScreen(): [string, string][] {
  const props = { ticketId: "t1", csrfToken: "c".repeat(64), officials: OFFICIALS, kioskLabel: "Máy 1" };
  return [
    ["wait", html(WaitForWindowScreen())],
    ...(["voting", "closed", "off"] as const).map((state): [string, string] => [
      `idle ${state}`,
      html(IdleScreen({ pointName: "Thôn 1", kioskLabel: "Máy 1", state })),
    ]),
    ["official", html(OfficialScreen({ ...props, progress: startBallot("t1", 0), index: 0 }))],
    ["review", html(ReviewScreen({ ...props, progress: { ...atBlanks(1), step: { kind: "review" } } }))],
    ["blanks one", html(BlankRowsScreen({ ...props, progress: atBlanks(3) }))],
    ["blanks several", html(BlankRowsScreen({ ...props, progress: atBlanks(1) }))],
    [
      "still voting",
      html(StillVotingScreen({ ticketId: "t1", csrfToken: "c".repeat(64), progress: startBallot("t1", 0) })),
    ],
    ["thanks", html(ThanksScreen())],
    ["voided", html(VoidedScreen())],
  ];
}

/** "bạn" as a word (not inside another word), any case. */
const BAN = /(^|[^\p{L}])bạn(?![\p{L}])/iu;

describe("kiosk screens' words", () => {
  it("screens - every screen and every clip addresses the resident as 'bà con', never 'bạn'", () => {
    for (const [name, markup] of everyScreen()) expect(textOf(markup), name).not.toMatch(BAN);
    for (const clip of clipsForBallot(OFFICIALS)) expect(clip.text, clip.key).not.toMatch(BAN);
    const still = textOf(
      html(StillVotingScreen({ ticketId: "t1", csrfToken: "c".repeat(64), progress: startBallot("t1", 0) })),
    );
    expect(still).toContain("Bà con còn đang ghi phiếu không?");
  });

  it("BlankRowsScreen - one row left blank and several are said in the singular and the plural: the ballot is recorded, and gives no rating to whoever was left blank; no 'không hợp lệ'", () => {
    const one = html(
      BlankRowsScreen({
        ticketId: "t1",
        csrfToken: "c".repeat(64),
        officials: OFFICIALS,
        kioskLabel: "",
        progress: atBlanks(3),
      }),
    );
    expect(first(one, "h1")).toBe("Bà con còn để trống 1 người.");
    expect(textOf(one)).toContain(
      "Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho người để trống.",
    );
    expect(textOf(one)).toContain("Gửi phiếu, để trống người này");
    expect(textOf(one)).toContain("Trần Văn Bình");
    expect(one).toContain('data-speak="blank-count-1 blank-meaning-one"');

    const three = html(
      BlankRowsScreen({
        ticketId: "t1",
        csrfToken: "c".repeat(64),
        officials: OFFICIALS,
        kioskLabel: "",
        progress: atBlanks(1),
      }),
    );
    expect(first(three, "h1")).toBe("Bà con còn để trống 3 người.");
    expect(textOf(three)).toContain(
      "Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho những người để trống.",
    );
    expect(textOf(three)).toContain("Gửi phiếu, để trống những người này");
    expect(three).toContain('data-speak="blank-count-3 blank-meaning-many"');
    // The rule's word (DESIGN §3) reads as if the whole ballot were spoiled: not said to the resident.
    for (const markup of [one, three]) expect(textOf(markup)).not.toContain("không hợp lệ");
  });

  it("clips - on every screen, each clip 'Nghe hướng dẫn' plays says the words the screen shows: heading and text, the official's place, name and position, the three choices, the line under them (with the choice made), each review row, the blank-row question with its number; only the instruction is heard and not seen", () => {
    const clips = new Map(clipsForBallot(OFFICIALS).map((c) => [c.key, c.text]));
    const said = (key: string) => clips.get(key) ?? `(no clip ${key})`;
    /** What the screen shows, as a listener should hear it: numbers in words, the clips' spoken form. */
    const asHeard = (text: string) => spokenText(text.replace(/\d+/g, (n) => vietnameseNumber(Number(n))));
    const sentence = (text: string) => (/[.?!:]$/.test(text) ? text : `${text}.`);
    const keysOf = (markup: string) => (/data-speak="([^"]*)"/.exec(markup)?.[1] ?? "").split(" ");
    const props = { ticketId: "t1", csrfToken: "c".repeat(64), officials: OFFICIALS, kioskLabel: "Máy 1" };

    // The fixed screens: the clip is the heading, then the text under it.
    const fixed: [string, string][] = [
      ["waiting", html(IdleScreen({ pointName: "Thôn 1", kioskLabel: "Máy 1" }))],
      [
        "idle",
        html(
          StillVotingScreen({ ticketId: "t1", csrfToken: "c".repeat(64), progress: startBallot("t1", 0) }),
        ),
      ],
      ["done", html(ThanksScreen())],
      ["voided", html(VoidedScreen())],
    ];
    for (const [key, markup] of fixed) {
      expect(keysOf(markup), key).toEqual([key]);
      const shown = `${sentence(seen(markup, "h1"))} ${seen(markup, "p", "lead")}`;
      expect(said(key), key).toBe(asHeard(shown));
    }
    // User trial: the idle question's clip named the button, the screen said "nút dưới đây". Both
    // name it now, as the button reads.
    const idle = html(
      StillVotingScreen({ ticketId: "t1", csrfToken: "c".repeat(64), progress: startBallot("t1", 0) }),
    );
    expect(seen(idle, "p", "lead")).toContain(`“${seen(idle, "button", "big-button primary")}”`);

    // An official's screen: its place, name and position; the three choices; the line under them.
    const official = (index: number, progress: BallotProgress) =>
      html(OfficialScreen({ ...props, progress, index }));
    const first = official(0, startBallot("t1", 0));
    expect(keysOf(first)).toEqual(["instruction", "official-HQ-01", "choices", "hint-next"]);
    const chosenBack = official(1, {
      ...startBallot("t1", 0),
      marks: { "HQ-02": "low" },
      editing: true,
      step: { kind: "official", index: 1 },
    });
    expect(keysOf(chosenBack)).toEqual(["official-HQ-02", "choices", "chosen", "level-low", "change-back"]);
    for (const [markup, index] of [
      [first, 0],
      [chosenBack, 1],
    ] as const) {
      const [place, of] = seen(markup, "span", "step").match(/\d+/g)?.map(Number) ?? [];
      const o = OFFICIALS[index];
      expect(said(`official-${o?.code}`)).toBe(
        spokenText(
          `Người thứ ${vietnameseOrdinal(place ?? 0)} trong ${vietnameseNumber(of ?? 0)} người. ` +
            `${seen(markup, "span", "name")}, ${seen(markup, "p", "position")}.`,
        ),
      );
      const choices = seenAll(markup, "span", "text");
      expect(choices).toEqual(["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"]);
      expect(said("choices")).toBe(asHeard(`Có ba ô để chọn. ${choices.map(sentence).join(" ")}`));
      // The line under the choices, keyboard help aside, is exactly the clips after "choices".
      const line = keysOf(markup).slice(keysOf(markup).indexOf("choices") + 1);
      expect(line.map(said).join(" ")).toBe(asHeard(seen(markup, "p", "choice-hint")));
    }
    expect(seen(chosenBack, "p", "choice-hint")).toBe(
      "Đã chọn: Tín nhiệm thấp. Muốn đổi, chạm vào ô khác: máy tự quay về trang xem lại phiếu.",
    );

    // The review: heading and text (two clips, around the rows) and the note beside "Gửi phiếu"
    // that a sent ballot is final; each row's name and choice.
    const review = html(ReviewScreen({ ...props, progress: { ...atBlanks(2), step: { kind: "review" } } }));
    const reviewKeys = keysOf(review);
    expect(reviewKeys[0]).toBe("review");
    expect(reviewKeys.at(-1)).toBe("review-send");
    expect(`${said("review")} ${said("review-send")}`).toBe(
      asHeard(
        `${sentence(seen(review, "h1"))} ${seen(review, "p", "lead review-lead")} ${seen(review, "span", "final-note")}`,
      ),
    );
    const rows = [...review.matchAll(/<li class="review-row[\s\S]*?<\/li>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(OFFICIALS.length);
    expect(reviewKeys.slice(1, -1)).toHaveLength(2 * rows.length);
    rows.forEach((row, i) => {
      const [nameKey, levelKey] = reviewKeys.slice(1 + 2 * i, 3 + 2 * i);
      expect(said(nameKey ?? "")).toBe(asHeard(sentence(seen(row, "span", "name"))));
      expect(said(levelKey ?? "")).toBe(asHeard(sentence(seen(row, "span", "chosen"))));
    });

    // The blank-row question: its number said (user trial: "một số người" where the screen said
    // "3 người"), what sending means, and the two answers by their buttons' names.
    for (const chosen of [3, 2, 1]) {
      const markup = html(BlankRowsScreen({ ...props, progress: atBlanks(chosen) }));
      const blanks = OFFICIALS.length - chosen;
      const [question, meaning] = keysOf(markup);
      expect(question).toBe(`blank-count-${blanks}`);
      expect(said(question ?? "")).toBe(asHeard(seen(markup, "h1")));
      const [back, send] = [
        ...seenAll(markup, "button", "big-button quiet"),
        ...seenAll(markup, "button", "big-button primary"),
      ];
      expect(said(meaning ?? "")).toBe(
        asHeard(`${seen(markup, "p", "lead")} Muốn chọn tiếp, bấm ${back}. Muốn gửi luôn, bấm ${send}.`),
      );
      // Every count's clip is fetched with it: the requests do not tell how many were left blank.
      const together = (/data-speak-together="([^"]*)"/.exec(markup)?.[1] ?? "").split(" ");
      expect(together).toEqual([
        ...OFFICIALS.map((_, i) => `blank-count-${i + 1}`),
        "blank-meaning-one",
        "blank-meaning-many",
      ]);
      for (const key of together) expect(clips.has(key), key).toBe(true);
    }

    // No screen names a clip the ballot does not have; the instruction is the one clip never shown.
    const played = new Set(
      everyScreen().flatMap(([, markup]) => (markup.includes("data-speak=") ? keysOf(markup) : [])),
    );
    for (const key of played) expect(clips.has(key), key).toBe(true);
    expect(said("instruction")).toMatch(/^Hướng dẫn ghi phiếu\. /);
  });

  it("VoidedScreen - a voided ballot is final: the kiosk promises no help the team cannot give, and says what the team can do (write it into the minutes)", () => {
    const voided = textOf(html(VoidedScreen()));
    expect(voided).toContain("Phiếu này đã được tổ công tác hủy");
    expect(voided).toContain(
      "Phiếu này không được ghi nhận. Nếu bà con chưa ghi phiếu xong, xin báo với tổ công tác để tổ ghi việc này vào biên bản.",
    );
    expect(voided).not.toContain("để được giúp");
    expect(voided).not.toContain("chưa được ghi nhận");
  });

  it("IdleScreen - on a day the point does not vote: 'Hôm nay điểm này không lấy phiếu.'", () => {
    const off = textOf(html(IdleScreen({ pointName: "Thôn 1", kioskLabel: "Máy 1", state: "off" })));
    expect(off).toContain("Hôm nay không lấy phiếu");
    expect(off).toContain("Hôm nay điểm này không lấy phiếu. Cảm ơn bà con.");
    expect(off).not.toContain("trong hôm nay");
  });
});
