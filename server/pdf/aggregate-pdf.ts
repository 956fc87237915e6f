/**
 * "Biên bản tổng hợp kết quả lấy phiếu tín nhiệm": the board's aggregate over every point's signed
 * minutes (DESIGN §4 step 6, results document of §6), as a pure function of its model. Percentages
 * and bands come from the same counts and the same rule set as at the points; the consequence the
 * rule set attaches to a band is quoted under each official it applies to.
 */

import { type AggregateOfficial, type PointDayState, rosterOnce } from "../domain/aggregate.ts";
import { LEVEL_LABELS, LEVELS } from "../domain/ballot.ts";
import { formatDate, vietnamDate } from "../domain/calendar.ts";
import { BANDS, bandLabel, formatCount, formatPercent, isFlaggedBand } from "../domain/format.ts";
import { EXCUSED_TEXT, pointDayStateText } from "../domain/progress.ts";
import { PROVISIONAL_MARK, PROVISIONAL_TEXT, resultNote } from "../domain/provisional.ts";
import { DENOMINATOR_LABELS } from "../domain/threshold.ts";
import {
  capitalise,
  clockTime,
  drawClosing,
  drawLetterhead,
  drawSection,
  drawTitle,
  groupDigest,
  type Heading,
  type Issuer,
  type PdfRuleSet,
  type PdfSignature,
  saveDocument,
  startDocument,
} from "./document.ts";
import {
  type Cell,
  type Column,
  FAIL_FILL,
  GREY,
  HEADER_FILL,
  type PageFlow,
  RED,
  type TableRow,
} from "./layout.ts";

/**
 * One official summed over the points that rated them (results document `officials`): the
 * aggregate's own line (server/domain/aggregate.ts), without what the PDF does not print.
 */
export type AggregateOfficialRow = Pick<
  AggregateOfficial,
  | "code"
  | "name"
  | "position"
  | "commune"
  | "points"
  | "collected"
  | "valid"
  | "blank"
  | "high"
  | "medium"
  | "low"
  | "denominator"
  | "band"
> & {
  /**
   * Point-days still to come whose ballot lists this official (domain/provisional.ts): while any
   * is, the row says "Tạm tính" and the consequence is a condition, not red. 0 once certified.
   */
  readonly pending: number;
};

/** A point whose signed minutes are in the totals. */
export type AggregatePoint = {
  readonly code: string;
  readonly name: string;
  readonly commune: string;
  readonly day: string;
  readonly roster: number;
  readonly issued: number;
  readonly collected: number;
  readonly minutesDigest: string;
  /** Tallies recomputed from the ballots and signatures checked (DESIGN §4 step 6). */
  readonly verified: boolean;
};

/** A point-day left out of the totals, and why. */
export type MissingPoint = {
  readonly code: string;
  readonly name: string;
  readonly commune: string;
  readonly day: string;
  /** As the board's pages name it (pointDayStateText), so print and screen say the same. */
  readonly state: PointDayState;
  /** The board left it out with a written reason (the reason says so too). */
  readonly excused: boolean;
  readonly reason: string;
};

export type AggregatePdfModel = {
  readonly campaign: { readonly code: string; readonly name: string; readonly aggregator: string };
  /** Printed top left, e.g. superior "Huyện ủy Hương Trà", name "Ban Tổ chức". */
  readonly issuer: Issuer;
  /** "party" for a Party committee's board, "state" for a State body after the 2025 reforms. */
  readonly heading: Heading;
  /** The place on the date line, e.g. "Hương Trà". */
  readonly place: string;
  readonly ruleSet: PdfRuleSet;
  readonly officials: readonly AggregateOfficialRow[];
  readonly points: readonly AggregatePoint[];
  readonly missing: readonly MissingPoint[];
  /** When the totals were drawn up: dates the PDF and the date line. */
  readonly preparedAt: string;
  /** Null while the board has not certified: the document then says it is a draft. */
  readonly certifiedAt: string | null;
  /** The board members who certify. */
  readonly signatures: readonly PdfSignature[];
  /** SHA-256 (lowercase hex) of the results JSON this PDF renders. */
  readonly digest: string;
  /** What the QR code holds, e.g. "tinnhiem:results:<digest>". */
  readonly verification: string;
};

const count = (n: number): string => formatCount(n);

const countWithPercent = (n: number, denominator: number): Cell => [
  count(n),
  { text: denominator > 0 ? `${formatPercent(n, denominator)}%` : "—", color: GREY },
];

/** The points in the totals counted as the aggregate counts them (`rosterOnce`); `days` the point-days. */
const pointsCounted = (
  points: readonly AggregatePoint[],
): { points: number; days: number; roster: number } => ({
  ...rosterOnce(points.map((p) => ({ point: p.code, day: p.day, roster: p.roster }))),
  days: points.length,
});

/** "4 điểm", or "4 điểm, 5 ngày lấy phiếu" when a point voted on several days. */
const pointsLabel = (c: { points: number; days: number }): string =>
  c.days === c.points
    ? `${count(c.points)} điểm`
    : `${count(c.points)} điểm, ${count(c.days)} ngày lấy phiếu`;

/** "4 điểm lấy phiếu", or "4 điểm lấy phiếu (5 ngày lấy phiếu)". */
const pointsPhrase = (c: { points: number; days: number }): string =>
  c.days === c.points
    ? `${count(c.points)} điểm lấy phiếu`
    : `${count(c.points)} điểm lấy phiếu (${count(c.days)} ngày lấy phiếu)`;

function drawPoints(flow: PageFlow, points: readonly AggregatePoint[]): void {
  const columns: Column[] = [
    { header: "STT", width: 24, align: "center" },
    { header: "Điểm lấy phiếu", width: 128 },
    { header: "Ngày", width: 56, align: "center" },
    { header: "Danh sách", width: 46, align: "right" },
    { header: "Phát ra", width: 46, align: "right" },
    { header: "Thu về", width: 46, align: "right" },
    { header: "Mã biên bản", width: 70 },
    { header: "Kiểm tra lại", width: 56, align: "center" },
  ];
  const rows: TableRow[] = points.map((p, i) => ({
    cells: [
      String(i + 1),
      [{ text: `${p.name} (${p.code})` }, { text: p.commune, color: GREY }],
      formatDate(p.day),
      count(p.roster),
      count(p.issued),
      count(p.collected),
      groupDigest(p.minutesDigest.slice(0, 16)),
      p.verified ? "Khớp" : { text: "Chưa kiểm tra lại", bold: true, color: RED },
    ],
  }));
  const sum = (pick: (p: AggregatePoint) => number) => count(points.reduce((s, p) => s + pick(p), 0));
  const counted = pointsCounted(points);
  rows.push({
    cells: [
      "",
      { text: `Cộng ${pointsLabel(counted)}`, bold: true },
      "",
      { text: count(counted.roster), bold: true },
      { text: sum((p) => p.issued), bold: true },
      { text: sum((p) => p.collected), bold: true },
      "",
      "",
    ],
    fill: HEADER_FILL,
  });
  flow.table(columns, rows, { size: 8.5 });
}

function drawMissing(flow: PageFlow, missing: readonly MissingPoint[], statesOn: string): void {
  // The words of "Tiến độ" and "Kết quả" on the day the states were read: a point whose day had
  // not come then is "Chưa đến ngày", one whose day had passed without opening "Chưa mở".
  flow.gap(6);
  if (missing.length === 0) {
    flow.paragraph("Tất cả các điểm lấy phiếu của đợt đều có trong số liệu tổng hợp.");
    return;
  }
  flow.paragraph(
    {
      text: `${missing.length} điểm lấy phiếu chưa có trong số liệu tổng hợp:`,
      bold: true,
      color: RED,
    },
    { spaceAfter: 4 },
  );
  flow.table(
    [
      { header: "Điểm lấy phiếu", width: 150 },
      { header: "Ngày", width: 56, align: "center" },
      // "Đã kết thúc, chưa có biên bản" on two lines, "Không tính (có lý do)" on one.
      { header: "Tình trạng", width: 90 },
      { header: "Lý do", width: 170 },
    ],
    missing.map((m) => ({
      cells: [
        [{ text: `${m.name} (${m.code})` }, { text: m.commune, color: GREY }],
        formatDate(m.day),
        [
          { text: pointDayStateText(m.state, m.day, statesOn, m.excused) },
          ...(m.excused ? [{ text: EXCUSED_TEXT, bold: true }] : []),
        ],
        m.reason,
      ],
      color: RED,
      fill: FAIL_FILL,
    })),
    { size: 8.5 },
  );
}

function drawOfficials(flow: PageFlow, model: AggregatePdfModel): void {
  const rs = model.ruleSet;
  const intro = `Căn cứ ${rs.source}. Tỉ lệ phần trăm tính trên ${DENOMINATOR_LABELS[rs.denominator]}; dòng không đánh dấu ô nào là phiếu không hợp lệ đối với người đó.`;
  const incomplete =
    model.missing.length === 0
      ? null
      : {
          text: `Số liệu dưới đây chưa gồm ${model.missing.length} điểm lấy phiếu nêu tại mục I.`,
          bold: true,
          color: RED,
          size: 10,
        };
  const columns: Column[] = [
    { header: "STT", width: 22, align: "center" },
    { header: "Họ và tên, chức vụ, xã", width: 120 },
    { header: "Số điểm", width: 28, align: "right" },
    { header: "Phiếu thu về", width: 38, align: "right" },
    { header: "Hợp lệ", width: 36, align: "right" },
    // The results page's word: beside "Hợp lệ", "Không đánh dấu" read as a part of the valid ones.
    { header: "Không hợp lệ", width: 34, align: "right" },
    { header: "Mẫu số", width: 36, align: "right" },
    ...LEVELS.map(
      (level): Column => ({ header: capitalise(LEVEL_LABELS[level]), width: 42, align: "right" }),
    ),
    { header: "Mức phiếu tín nhiệm thấp", width: 58 },
  ];
  const rows: TableRow[] = model.officials.map((o, i) => {
    const flagged = isFlaggedBand(o.band);
    const pending = o.pending;
    const label = bandLabel(o.band, rs.thresholds);
    return {
      cells: [
        String(i + 1),
        [{ text: o.name, bold: true }, o.position, { text: o.commune, color: GREY }],
        count(o.points),
        count(o.collected),
        count(o.valid),
        count(o.blank),
        count(o.denominator),
        ...LEVELS.map((level) => countWithPercent(o[level], o.denominator)),
        // Red only once every point that rates the official is in: on partial data a red
        // "Từ hai phần ba trở lên" reads as a verdict (domain/provisional.ts).
        pending > 0
          ? [{ text: PROVISIONAL_TEXT, bold: true }, label]
          : { text: label, bold: flagged, color: flagged ? RED : undefined },
      ],
      note: flagged
        ? [{ text: resultNote(rs, { band: o.band, consequence: rs.consequences[o.band] }, pending) }]
        : undefined,
    };
  });
  const introHeight =
    flow.measure(intro, flow.width) +
    4 +
    (incomplete === null ? 0 : flow.measure(incomplete, flow.width) + 4);
  drawSection(
    flow,
    "II. KẾT QUẢ THEO TỪNG NGƯỜI ĐƯỢC LẤY PHIẾU",
    introHeight + flow.tableStart(columns, rows[0], { size: 8 }),
  );
  flow.paragraph(intro, { spaceAfter: 4 });
  if (incomplete !== null) flow.paragraph(incomplete, { spaceAfter: 4 });
  flow.table(columns, rows, { size: 8 });
}

function drawBandSummary(flow: PageFlow, model: AggregatePdfModel): void {
  const rs = model.ruleSet;
  const marked = model.officials.some((o) => isFlaggedBand(o.band) && o.pending > 0);
  if (marked) {
    flow.paragraph(
      `Người có ghi “${PROVISIONAL_MARK}”: còn điểm lấy phiếu có người đó trên phiếu chưa vào số liệu tổng hợp, nên mức phiếu tín nhiệm thấp của người đó còn có thể thay đổi.`,
      { spaceAfter: 3 },
    );
  }
  for (const band of BANDS) {
    const names = model.officials
      .filter((o) => o.band === band)
      .map((o) => (o.pending > 0 ? `${o.name} ${PROVISIONAL_MARK}` : o.name));
    const flagged = isFlaggedBand(band);
    const list = flagged && names.length > 0 ? `: ${names.join(", ")}` : "";
    flow.paragraph(
      {
        text: `- ${bandLabel(band, rs.thresholds)}: ${count(names.length)} người${list}.`,
        bold: flagged && names.length > 0,
      },
      { spaceAfter: 2 },
    );
  }
}

/**
 * The aggregate report's bytes. `statesOn`: the Vietnam day ("YYYY-MM-DD") on which the point-days'
 * states in `model` were read, which decides "Chưa đến ngày" against "Chưa mở" for a point not
 * opened — for a draft, the day it is printed (its states are those of that moment, not of
 * `preparedAt`, the last check or excusal); for the certified report, the day of certification.
 */
export async function renderAggregatePdf(model: AggregatePdfModel, statesOn: string): Promise<Uint8Array> {
  const { campaign } = model;
  const date = model.certifiedAt ?? model.preparedAt;
  const flow = await startDocument({
    title: `Biên bản tổng hợp kết quả lấy phiếu tín nhiệm - ${campaign.code}`,
    subject: campaign.name,
    author: campaign.aggregator,
    date,
    digest: model.digest,
    footer: `Biên bản tổng hợp kết quả lấy phiếu tín nhiệm · mã xác thực ${model.digest.slice(0, 16)}…`,
  });

  drawLetterhead(flow, {
    issuer: model.issuer,
    heading: model.heading,
    place: model.place,
    day: vietnamDate(new Date(date)),
  });
  drawTitle(flow, "BIÊN BẢN TỔNG HỢP KẾT QUẢ LẤY PHIẾU TÍN NHIỆM", [
    // The campaign by its name: its code is for files and tools (the metadata), not for readers.
    { text: campaign.name, bold: true },
    ...(model.certifiedAt === null
      ? [{ text: "BẢN DỰ THẢO - CHƯA ĐƯỢC XÁC NHẬN", bold: true, color: RED } as const]
      : []),
  ]);
  flow.paragraph(
    `${campaign.aggregator} tổng hợp kết quả từ biên bản kiểm phiếu đã ký của ${pointsPhrase(pointsCounted(model.points))}; số liệu chốt lúc ${clockTime(model.preparedAt)}.`,
  );

  drawSection(flow, "I. CÁC ĐIỂM LẤY PHIẾU");
  drawPoints(flow, model.points);
  drawMissing(flow, model.missing, statesOn);

  drawOfficials(flow, model);

  drawSection(flow, "III. TỔNG HỢP THEO MỨC PHIẾU TÍN NHIỆM THẤP");
  drawBandSummary(flow, model);

  drawClosing(
    flow,
    model.certifiedAt === null
      ? `Bản dự thảo để ${campaign.aggregator} rà soát; chưa có giá trị xác nhận kết quả.`
      : `${campaign.aggregator} xác nhận kết quả tổng hợp trên lúc ${clockTime(model.certifiedAt)}; các thành viên dưới đây ký số bằng khóa của mình.`,
    model.signatures,
    {
      heading: "XÁC THỰC BIÊN BẢN TỔNG HỢP",
      digest: model.digest,
      verification: model.verification,
      note: "Quét mã QR hoặc so mã xác thực với bản điện tử của kết quả tổng hợp; chữ ký số được kiểm tra trên bản điện tử.",
    },
    { heading: "IV. XÁC NHẬN" },
  );
  return saveDocument(flow);
}
