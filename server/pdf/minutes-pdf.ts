/**
 * "Biên bản kiểm phiếu": one point's counting minutes for one day (DESIGN §4 step 3, §6), as a
 * pure function of the minutes model. The PDF is the printed face of the signed minutes JSON: its
 * QR code and digest lead back to that document, which is what signatures and tools check.
 */

import { headingOf } from "../domain/aggregate.ts";
import { LEVEL_LABELS, LEVELS } from "../domain/ballot.ts";
import { formatDate } from "../domain/calendar.ts";
import { type Band, bandLabel, formatCount, formatPercent, isFlaggedBand } from "../domain/format.ts";
import { placeName } from "../domain/text.ts";
import { DENOMINATOR_LABELS } from "../domain/threshold.ts";
import {
  capitalise,
  clockTime,
  drawClosing,
  drawLetterhead,
  drawSection,
  drawTitle,
  groupDigest,
  type Issuer,
  inSentence,
  type PdfRuleSet,
  type PdfSignature,
  saveDocument,
  shortTime,
  startDocument,
} from "./document.ts";
import { type Cell, type Column, FAIL_FILL, GREY, type PageFlow, RED, type TableRow } from "./layout.ts";

/** One official's row at this point: counts as tallied, band from the threshold engine. */
export type MinutesOfficialRow = {
  readonly code: string;
  readonly name: string;
  readonly position: string;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  /** Rows left unmarked: invalid for this official only (DESIGN §3), still among those collected. */
  readonly blank: number;
  /** The base of this official's percentages under the rule set (collected, roster or valid). */
  readonly denominator: number;
  readonly band: Band;
};

/** One reconciliation check at close (DESIGN §4 step 3), e.g. "Phiếu phát ra = số lượt phát phiếu". */
export type MinutesCheck = { readonly label: string; readonly ok: boolean; readonly detail: string };

/** Warnings shown at close; they never block the minutes (DESIGN §3, §5). */
export type MinutesWarning =
  | { readonly kind: "small_point"; readonly collected: number; readonly threshold: number }
  | {
      readonly kind: "low_turnout";
      readonly collected: number;
      readonly roster: number;
      /** The campaign's minimum, whole percent of the roster. */
      readonly minimumPercent: number;
    };

/** `at` null: a finding about the whole day (a kiosk's fast casts), printed "Trong ngày". */
/**
 * An incident as printed. `typedAtClose`: the officers typed it on the close page, so `at` is when
 * they wrote it, not when it happened (their text says that): printed "Ghi khi kết thúc (HH:MM)".
 */
export type MinutesIncident = {
  readonly at: string | null;
  readonly text: string;
  readonly typedAtClose?: boolean;
};

export type MinutesOfficer = { readonly code: string; readonly name: string; readonly role: string };

export type MinutesPdfModel = {
  readonly campaign: { readonly code: string; readonly name: string; readonly aggregator: string };
  /** Printed top left: e.g. superior "Ủy ban nhân dân xã Quang Thọ", name "Tổ công tác thôn Đông". */
  readonly issuer: Issuer;
  readonly point: {
    readonly code: string;
    readonly name: string;
    /** The old commune the point belongs to. */
    readonly commune: string;
    /** The merged commune; its name is the place on the date line. */
    readonly newCommune: string;
  };
  /** The voting day, "YYYY-MM-DD". */
  readonly day: string;
  readonly counts: {
    readonly roster: number;
    /** What `roster` counts: residents, or households when one ballot per household (default "người"). */
    readonly rosterUnit?: "người" | "hộ";
    readonly issued: number;
    readonly collected: number;
    /** Issued but not collected: voided tickets, residents who left. */
    readonly notCollected: number;
  };
  readonly officials: readonly MinutesOfficialRow[];
  readonly ruleSet: PdfRuleSet;
  readonly checks: readonly MinutesCheck[];
  readonly warnings: readonly MinutesWarning[];
  readonly incidents: readonly MinutesIncident[];
  readonly officers: readonly MinutesOfficer[];
  readonly signatures: readonly PdfSignature[];
  /** ISO date-times; `closedAt` also dates the PDF itself. */
  readonly openedAt: string;
  readonly closedAt: string;
  /** SHA-256 (lowercase hex) of the minutes JSON this PDF renders. */
  readonly digest: string;
  /** What the QR code holds, e.g. "tinnhiem:minutes:<digest>". */
  readonly verification: string;
  /**
   * The minutes' commitments (DESIGN §5): SHA-256 of the configuration, the roster, the ballots
   * (order-free) and the previous minutes (null on the point's first day). Printed so a paper copy
   * can be compared with the stored data.
   */
  readonly commitments?: {
    readonly config: string;
    readonly roster: string;
    readonly ballots: string;
    readonly previous: string | null;
  };
  /**
   * Which version of the point-day's minutes this is (2 and up after the board reopened them) and
   * whether enough officers have signed (services/minutes.ts). Printed under the title, so a paper
   * copy says whether it is final; absent, nothing is printed.
   */
  readonly status?: { readonly version: number; readonly complete: boolean };
};

const count = (n: number): string => formatCount(n);

/** "1.458" over "51,02%", or a dash when there is no base to divide by. */
const countWithPercent = (n: number, denominator: number): Cell => [
  count(n),
  { text: denominator > 0 ? `${formatPercent(n, denominator)}%` : "—", color: GREY },
];

const levelHeader = (level: (typeof LEVELS)[number]): string => capitalise(LEVEL_LABELS[level]);

function warningText(w: MinutesWarning, unit: "người" | "hộ"): string {
  switch (w.kind) {
    case "small_point":
      return `Điểm chỉ thu về ${count(w.collected)} phiếu, ít hơn ${count(w.threshold)} phiếu: kết quả riêng của điểm có thể cho biết lựa chọn của từng người ghi phiếu; cần cân nhắc khi công bố kết quả theo từng điểm.`;
    case "low_turnout": {
      const turnout = w.roster > 0 ? `${formatPercent(w.collected, w.roster)}%` : "0%";
      return `Số phiếu thu về bằng ${turnout} số ${unit} trong danh sách ghi phiếu, thấp hơn mức tối thiểu ${w.minimumPercent}% của đợt lấy phiếu. Đây là cảnh báo, không làm thay đổi kết quả kiểm phiếu.`;
    }
  }
}

function drawOfficers(flow: PageFlow, officers: readonly MinutesOfficer[]): void {
  const columns: Column[] = [
    { header: "STT", width: 26, align: "center" },
    { header: "Họ và tên", width: 170 },
    { header: "Mã cán bộ", width: 80 },
    { header: "Nhiệm vụ", width: 120 },
  ];
  flow.table(
    columns,
    officers.map((o, i) => ({ cells: [String(i + 1), o.name, o.code, o.role] })),
  );
}

function drawCounts(flow: PageFlow, model: MinutesPdfModel): void {
  const c = model.counts;
  const rows: [string, number][] = [
    [`Số ${c.rosterUnit ?? "người"} trong danh sách ghi phiếu`, c.roster],
    ["Số phiếu phát ra", c.issued],
    ["Số phiếu thu về", c.collected],
    ["Số phiếu phát ra nhưng không thu về", c.notCollected],
  ];
  flow.table(
    [
      { header: "Nội dung", width: 300 },
      { header: "Số lượng", width: 80, align: "right" },
      { header: "Tỉ lệ so với danh sách", width: 90, align: "right" },
    ],
    rows.map(([label, n]) => ({
      cells: [label, count(n), c.roster > 0 ? `${formatPercent(n, c.roster)}%` : "—"],
    })),
  );
}

function drawResults(flow: PageFlow, model: MinutesPdfModel): void {
  const rs = model.ruleSet;
  const intro = `Căn cứ ${rs.source}. Tỉ lệ phần trăm tính trên ${DENOMINATOR_LABELS[rs.denominator]}; dòng không đánh dấu ô nào là phiếu không hợp lệ đối với người đó.`;
  const columns: Column[] = [
    { header: "STT", width: 24, align: "center" },
    { header: "Họ và tên, chức vụ", width: 124 },
    ...LEVELS.map((level): Column => ({ header: levelHeader(level), width: 52, align: "right" })),
    { header: "Không đánh dấu", width: 46, align: "right" },
    { header: "Mẫu số", width: 42, align: "right" },
    { header: "Mức phiếu tín nhiệm thấp", width: 78 },
  ];
  const rows: TableRow[] = model.officials.map((o, i) => {
    const flagged = isFlaggedBand(o.band);
    return {
      cells: [
        String(i + 1),
        [{ text: o.name, bold: true }, o.position],
        ...LEVELS.map((level) => countWithPercent(o[level], o.denominator)),
        count(o.blank),
        count(o.denominator),
        { text: bandLabel(o.band, rs.thresholds), bold: flagged, color: flagged ? RED : undefined },
      ],
    };
  });
  // Said before the table, not under it: a note under the last row can fall alone onto the next page.
  const note = {
    text: "Kết quả tại điểm được cộng với các điểm khác trong biên bản tổng hợp; hệ quả theo quy định chỉ xác định trên kết quả tổng hợp.",
    size: 9,
    color: GREY,
  };
  drawSection(
    flow,
    "II. KẾT QUẢ KIỂM PHIẾU",
    flow.measure(intro, flow.width) +
      flow.measure(note, flow.width) +
      10 +
      flow.tableStart(columns, rows[0], { size: 8.5 }),
  );
  flow.paragraph(intro, { spaceAfter: 3 });
  flow.paragraph(note, { spaceAfter: 6 });
  flow.table(columns, rows, { size: 8.5 });
}

function drawChecks(flow: PageFlow, model: MinutesPdfModel): void {
  const failed = model.checks.filter((c) => !c.ok).length;
  flow.table(
    [
      { header: "Nội dung đối chiếu", width: 180 },
      // Wide enough for "KHÔNG KHỚP" in bold on one line.
      { header: "Kết quả", width: 82, align: "center" },
      { header: "Chi tiết", width: 208 },
    ],
    model.checks.map(
      (c): TableRow => ({
        cells: [c.label, c.ok ? "Khớp" : { text: "KHÔNG KHỚP", bold: true }, c.detail],
        color: c.ok ? undefined : RED,
        fill: c.ok ? undefined : FAIL_FILL,
      }),
    ),
  );
  flow.gap(6);
  if (failed > 0) {
    flow.paragraph(
      {
        // The failed checks are already among the incidents (closeIncidents); what is left is to report.
        text: `Có ${failed} nội dung đối chiếu không khớp. Tổ công tác báo cáo ${model.campaign.aggregator} để xem xét nguyên nhân.`,
        bold: true,
        color: RED,
        size: 10,
      },
      { spaceAfter: 4 },
    );
  }
  for (const w of model.warnings) {
    flow.paragraph(
      { text: `Lưu ý: ${warningText(w, model.counts.rosterUnit ?? "người")}`, size: 10, bold: true },
      { spaceAfter: 3 },
    );
  }
}

/** "Thôn 2, Xã Hương Quang" already names "xã Hương Quang": the sentence does not say it twice. */
function namesCommune(pointName: string, commune: string): boolean {
  const key = (s: string) => s.normalize("NFC").toLocaleLowerCase("vi").trim();
  return commune.trim() !== "" && key(pointName).includes(key(commune));
}

/**
 * Under the title: the version after a reopening, and a warning while signatures are still missing
 * (at least two officers, the Tổ trưởng among them: DESIGN §4 step 3), so that a printout made
 * before then is not taken for the final minutes.
 */
function statusLines(status: MinutesPdfModel["status"]): Cell[] {
  if (status === undefined) return [];
  const lines: Cell[] = [];
  if (status.version > 1) {
    lines.push(`Phiên bản ${status.version}, lập lại sau khi biên bản được mở lại.`);
  }
  if (!status.complete) {
    lines.push({ text: "BẢN CHƯA ĐỦ CHỮ KÝ", bold: true, color: RED });
  }
  return lines;
}

function drawIncidents(flow: PageFlow, incidents: readonly MinutesIncident[]): void {
  if (incidents.length === 0) {
    flow.paragraph("Không có sự cố.");
    return;
  }
  for (const incident of incidents) {
    const when = incident.at
      ? incident.typedAtClose
        ? `Ghi khi kết thúc (${shortTime(incident.at)})`
        : shortTime(incident.at)
      : "Trong ngày";
    flow.paragraph(`- ${when}: ${incident.text}`, {
      indent: 0,
    });
  }
}

export async function renderMinutesPdf(model: MinutesPdfModel): Promise<Uint8Array> {
  const { point, campaign } = model;
  const flow = await startDocument({
    title: `Biên bản kiểm phiếu - ${point.name} - ${formatDate(model.day)}`,
    subject: `${campaign.name} (${campaign.code})`,
    author: point.name,
    date: model.closedAt,
    digest: model.digest,
    footer: `Biên bản kiểm phiếu điểm ${point.code}, ngày ${formatDate(model.day)} · mã xác thực ${model.digest.slice(0, 16)}…`,
  });

  // The heading of the body the team works for, as on the board's aggregate report.
  drawLetterhead(flow, {
    issuer: model.issuer,
    heading: headingOf(campaign.aggregator),
    place: placeName(point.newCommune),
    day: model.day,
  });
  drawTitle(flow, "BIÊN BẢN KIỂM PHIẾU", [
    // The campaign by its name: its code is for files and tools (the metadata), not for readers.
    { text: campaign.name, bold: true },
    ...statusLines(model.status),
  ]);

  flow.paragraph(
    `Điểm lấy phiếu: ${point.name} (mã ${point.code}), ${namesCommune(point.name, point.commune) ? "" : `${inSentence(point.commune)}, `}nay thuộc ${inSentence(point.newCommune)}.`,
  );
  flow.paragraph(
    `Ngày lấy phiếu: ${formatDate(model.day)}. Mở điểm lúc ${clockTime(model.openedAt)}; kết thúc lấy phiếu và kiểm phiếu lúc ${clockTime(model.closedAt)}.`,
  );
  flow.paragraph("Tổ công tác (Ban kiểm phiếu tại điểm) gồm:", { spaceAfter: 4 });
  drawOfficers(flow, model.officers);

  drawSection(flow, "I. SỐ PHIẾU");
  drawCounts(flow, model);

  drawResults(flow, model);

  drawSection(flow, "III. ĐỐI CHIẾU SỐ LIỆU");
  drawChecks(flow, model);

  drawSection(flow, "IV. SỰ CỐ");
  drawIncidents(flow, model.incidents);

  if (model.commitments) {
    const c = model.commitments;
    drawSection(flow, "V. MÃ BĂM CAM KẾT DỮ LIỆU");
    flow.paragraph(`Cấu hình đợt lấy phiếu: ${groupDigest(c.config)}`);
    flow.paragraph(`Danh sách cử tri của điểm: ${groupDigest(c.roster)}`);
    flow.paragraph(`Các phiếu (không theo thứ tự): ${groupDigest(c.ballots)}`);
    flow.paragraph(
      c.previous === null
        ? "Biên bản trước đó: không có (ngày lấy phiếu đầu tiên của điểm)."
        : `Biên bản trước đó: ${groupDigest(c.previous)}`,
    );
  }

  flow.gap(6);
  drawClosing(
    flow,
    `Biên bản lập xong lúc ${clockTime(model.closedAt)}, gồm các nội dung trên; các thành viên Tổ công tác ký số bằng khóa của mình. Mã xác thực ${groupDigest(model.digest).split(" ").slice(0, 2).join(" ")}… in ở cuối biên bản là mã của bản điện tử được ký.`,
    model.signatures,
    {
      heading: "XÁC THỰC BIÊN BẢN",
      digest: model.digest,
      verification: model.verification,
      note: "Quét mã QR hoặc so mã xác thực với bản điện tử của biên bản; chữ ký số được kiểm tra trên bản điện tử.",
    },
    { quietUnsigned: model.status?.complete === true },
  );
  return saveDocument(flow);
}
