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
import { blankRowsKey, blankRowsWords, clipsForBallot, GENERIC_TEXTS } from "../../server/speech/clips.ts";
import { spokenText } from "../../server/speech/spoken-text.ts";

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

/** Every screen a resident can see, in each of its states. */
function everyScreen(): [string, string][] {
  const props = { ticketId: "t1", officials: OFFICIALS, kioskLabel: "Máy 1" };
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
    ["still voting", html(StillVotingScreen({ ticketId: "t1", progress: startBallot("t1", 0) }))],
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
    const still = textOf(html(StillVotingScreen({ ticketId: "t1", progress: startBallot("t1", 0) })));
    expect(still).toContain("Bà con còn đang ghi phiếu không?");
  });

  it("BlankRowsScreen - one row left blank and several are said in the singular and the plural: the ballot is recorded, and gives no rating to whoever was left blank; no 'không hợp lệ'", () => {
    const one = html(
      BlankRowsScreen({ ticketId: "t1", officials: OFFICIALS, kioskLabel: "", progress: atBlanks(3) }),
    );
    expect(first(one, "h1")).toBe("Bà con còn để trống 1 người.");
    expect(textOf(one)).toContain(
      "Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho người để trống.",
    );
    expect(textOf(one)).toContain("Gửi phiếu, để trống người này");
    expect(textOf(one)).toContain("Trần Văn Bình");
    expect(one).toContain('data-speak="blank-confirm-one"');

    const three = html(
      BlankRowsScreen({ ticketId: "t1", officials: OFFICIALS, kioskLabel: "", progress: atBlanks(1) }),
    );
    expect(first(three, "h1")).toBe("Bà con còn để trống 3 người.");
    expect(textOf(three)).toContain(
      "Nếu gửi bây giờ, phiếu vẫn được ghi nhận, nhưng phiếu này không có đánh giá nào cho những người để trống.",
    );
    expect(textOf(three)).toContain("Gửi phiếu, để trống những người này");
    expect(three).toContain('data-speak="blank-confirm-many"');
    // The rule's word (DESIGN §3) reads as if the whole ballot were spoiled: not said to the resident.
    for (const markup of [one, three]) expect(textOf(markup)).not.toContain("không hợp lệ");
  });

  it("clips - each fixed screen's clip says the screen's words: the heading and the text under it, the blank-row question with its answers in the singular and the plural", () => {
    const clips = new Map(clipsForBallot(OFFICIALS).map((c) => [c.key, c.text]));
    const said = (key: string) => clips.get(key) ?? `(no clip ${key})`;
    // What the screen shows, as the clip reads it: quotation marks are not spoken.
    const spoken = (text: string) => spokenText(text.replace(/[“”"]/g, ""));
    const withStop = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);
    const screens: [string, string][] = [
      ["waiting", html(IdleScreen({ pointName: "Thôn 1", kioskLabel: "Máy 1" }))],
      ["done", html(ThanksScreen())],
      ["voided", html(VoidedScreen())],
    ];
    for (const [key, markup] of screens) {
      const lead = /<p class="lead">([\s\S]*?)<\/p>/.exec(markup)?.[1] ?? "";
      expect(said(key), key).toBe(spoken(`${withStop(first(markup, "h1"))} ${textOf(lead)}`));
    }
    const idle = html(StillVotingScreen({ ticketId: "t1", progress: startBallot("t1", 0) }));
    expect(said("idle")).toMatch(new RegExp(`^${first(idle, "h1").replace("?", "\\?")} `));

    for (const count of [1, 3]) {
      const w = blankRowsWords(count);
      const key = blankRowsKey(count);
      const text = said(key);
      expect(text, key).toBe(
        spoken(
          `${w.question.replace(String(count), count === 1 ? "một" : "một số")} ${w.meaning} ` +
            `Muốn chọn tiếp, bấm ${w.back}. Muốn gửi luôn, bấm ${w.send}.`,
        ),
      );
    }
    expect(said("blank-confirm-one")).toMatch(/^Bà con còn để trống một người\. /);
    expect(said("blank-confirm-many")).toMatch(/^Bà con còn để trống một số người\. /);
    expect(Object.keys(GENERIC_TEXTS)).not.toContain("blank-confirm");
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
