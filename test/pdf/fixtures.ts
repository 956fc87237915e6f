import { createHash } from "node:crypto";
import { evaluate, RULE_SETS } from "../../server/domain/threshold.ts";
import type { AggregatePdfModel } from "../../server/pdf/aggregate-pdf.ts";
import { pdfRuleSet } from "../../server/pdf/document.ts";
import type { MinutesPdfModel } from "../../server/pdf/minutes-pdf.ts";

const RULES = RULE_SETS["qd96-2023"];

const sha = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Names chosen so that every tone mark and every Vietnamese letter with a diacritic is drawn. */
export const FIXED_NAMES = [
  "Nguyễn Thị Thuý",
  "Đặng Văn Ưởng",
  "Trương Thị Kiều Oanh",
  "Võ Ngọc Hoà",
  "Bùi Quốc Nghĩa",
  "Hồ Thị Mỹ Ẩn",
  "Lý Văn Ửng",
  "Dương Thị Ỷ Lan",
  "Phạm Đức Lộc",
  "Huỳnh Thị Phượng",
];

const FAMILY = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
];
const MIDDLE = ["Thị", "Văn", "Hữu", "Đức", "Ngọc", "Quốc", "Minh", "Thanh", "Xuân", "Kiều"];
const GIVEN = [
  "Hường",
  "Dũng",
  "Tuấn",
  "Hạnh",
  "Quỳnh",
  "Yến",
  "Khải",
  "Tiến",
  "Đạt",
  "Nhẫn",
  "Ưng",
  "Ổn",
  "Ấm",
  "Ước",
  "Ỵ",
  "Sửu",
  "Giỗ",
  "Thoả",
  "Ngữ",
  "Chiểu",
];

export const POSITIONS = [
  "Bí thư Đảng ủy xã",
  "Phó Bí thư Thường trực Đảng ủy xã",
  "Chủ tịch Hội đồng nhân dân xã",
  "Chủ tịch Ủy ban nhân dân xã",
  "Phó Chủ tịch Ủy ban nhân dân xã phụ trách kinh tế",
  "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã",
  "Công chức Địa chính - Xây dựng - Đô thị và Môi trường",
  "Công chức Văn hóa - Xã hội",
];

export function officialName(i: number): string {
  return (
    FIXED_NAMES[i] ??
    `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 3) % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`
  );
}

/** Counts per official: mostly confident, with a few over half and a few at two-thirds or more. */
function marks(i: number, collected: number): { high: number; medium: number; low: number; blank: number } {
  const blank = i % 5 === 0 ? 2 : i % 3;
  const rest = collected - blank;
  let low: number;
  if (i % 11 === 3) low = Math.ceil((rest * 2) / 3) + 1;
  else if (i % 7 === 4) low = Math.floor(collected / 2) + 1;
  else if (i % 13 === 6)
    low = collected / 2; // exactly half: not "quá nửa"
  else low = (i * 17) % 23;
  low = Math.min(Math.floor(low), rest);
  const high = Math.floor((rest - low) * 0.6);
  return { high, medium: rest - low - high, low, blank };
}

export function minutesModel(
  officialCount: number,
  overrides: Partial<MinutesPdfModel> = {},
): MinutesPdfModel {
  const counts = { roster: 1523, issued: 1472, collected: 1458, notCollected: 14 };
  const digest = sha(`minutes-${officialCount}`);
  return {
    campaign: {
      code: "VQ-2019-SN",
      name: "Lấy phiếu đánh giá, tín nhiệm cán bộ, công chức các xã sáp nhập",
      aggregator: "Ban Tổ chức Huyện ủy Hương Trà",
    },
    // As the app prints it: the team works for the campaign's aggregating body.
    issuer: { superior: "Ban Tổ chức Huyện ủy Hương Trà", name: "Tổ công tác thôn Đông Phước", party: false },
    point: { code: "HQ-T01", name: "Thôn Đông Phước", commune: "xã Hương Quang", newCommune: "Xã Quang Thọ" },
    day: "2026-10-27",
    counts,
    officials: Array.from({ length: officialCount }, (_, i) => {
      const m = marks(i, counts.collected);
      const evaluation = evaluate(RULES, {
        roster: counts.roster,
        issued: counts.issued,
        collected: counts.collected,
        ...m,
      });
      if (!evaluation.ok) throw new Error(evaluation.error.message);
      return {
        code: `HQ-${String(i + 1).padStart(3, "0")}`,
        name: officialName(i),
        position: POSITIONS[i % POSITIONS.length] ?? "",
        ...m,
        denominator: evaluation.value.denominator,
        band: evaluation.value.band,
      };
    }),
    ruleSet: pdfRuleSet(RULES),
    checks: [
      { label: "Số phiếu phát ra bằng số lượt phát phiếu", ok: true, detail: "1.472 = 1.472" },
      { label: "Số phiếu thu về không lớn hơn số phiếu phát ra", ok: true, detail: "1.458 ≤ 1.472" },
      {
        label: "Tổng số dấu của từng người bằng số phiếu thu về",
        ok: false,
        detail: "Ông Đặng Văn Ưởng: 1.457 dòng, thiếu 1 dòng so với 1.458 phiếu thu về",
      },
    ],
    warnings: [{ kind: "low_turnout", collected: 1458, roster: 1523, minimumPercent: 97 }],
    incidents: [
      {
        at: "2026-10-27T02:40:00.000Z",
        text: "Máy kiosk số 2 mất điện 5 phút; phiếu đang ghi được giữ nguyên, không phát phiếu lại.",
      },
    ],
    officers: [
      { code: "CB-01", name: "Trương Thị Kiều Oanh", role: "Tổ trưởng" },
      { code: "CB-02", name: "Lê Văn Hiếu", role: "Thư ký" },
      { code: "CB-03", name: "Phan Thị Ngọc Diễm", role: "Thành viên" },
    ],
    signatures: [
      {
        officer: "Trương Thị Kiều Oanh",
        role: "Tổ trưởng",
        fingerprint: "3F2A 91C0 7B1E 04D9 A6C2",
        signed: true,
      },
      { officer: "Lê Văn Hiếu", role: "Thư ký", fingerprint: "9B04 E1D7 22C8 5A3F 0E61", signed: true },
      {
        officer: "Phan Thị Ngọc Diễm",
        role: "Thành viên",
        fingerprint: "C7D1 0A9E 4B25 F3C8 6D17",
        signed: false,
      },
    ],
    openedAt: "2026-10-27T00:00:00.000Z",
    closedAt: "2026-10-27T10:05:00.000Z",
    digest,
    verification: `tinnhiem:minutes:${digest}`,
    ...overrides,
  };
}

export function aggregateModel(officialCount: number): AggregatePdfModel {
  const digest = sha(`aggregate-${officialCount}`);
  const communes = ["Xã Hương Quang", "Xã Hương Thọ", "Xã Hương Điền", "Xã Sơn Thọ"];
  return {
    campaign: {
      code: "VQ-2019-SN",
      name: "Lấy phiếu đánh giá, tín nhiệm cán bộ, công chức các xã sáp nhập",
      aggregator: "Ban Tổ chức Huyện ủy Hương Trà",
    },
    issuer: { superior: "Huyện ủy Hương Trà", name: "Ban Tổ chức", party: true },
    heading: "party",
    place: "Hương Trà",
    ruleSet: pdfRuleSet(RULES),
    officials: Array.from({ length: officialCount }, (_, i) => {
      const collected = 2900 + ((i * 37) % 300);
      const m = marks(i, collected);
      const evaluation = evaluate(RULES, { roster: 3300, collected, ...m });
      if (!evaluation.ok) throw new Error(evaluation.error.message);
      return {
        code: `OF-${String(i + 1).padStart(3, "0")}`,
        name: officialName(i),
        position: POSITIONS[i % POSITIONS.length] ?? "",
        commune: communes[i % communes.length] ?? "",
        points: 3 + (i % 4),
        collected,
        valid: evaluation.value.valid,
        ...m,
        denominator: evaluation.value.denominator,
        band: evaluation.value.band,
        pending: 0,
      };
    }),
    points: Array.from({ length: 12 }, (_, i) => ({
      code: `P-${String(i + 1).padStart(2, "0")}`,
      name: `Thôn ${["Đông Phước", "Tây Hồ", "Ngọc Hồ", "Giáp Ba", "Thượng Lộ", "Quảng Tế"][i % 6]} ${Math.floor(i / 6) + 1}`,
      commune: communes[i % communes.length] ?? "",
      day: i % 2 === 0 ? "2026-10-27" : "2026-10-28",
      roster: 700 + i * 13,
      issued: 690 + i * 12,
      collected: 688 + i * 12,
      minutesDigest: sha(`point-${i}`),
      verified: i !== 5,
    })),
    missing: [
      {
        code: "P-13",
        name: "Thôn Phú Ốc",
        commune: "Xã Sơn Thọ",
        day: "2026-10-28",
        state: "paused",
        excused: false,
        reason: "Điểm đang tạm dừng, chưa có biên bản kiểm phiếu.",
      },
      {
        code: "P-14",
        name: "Thôn Kim Ngọc",
        commune: "Xã Hương Điền",
        day: "2026-10-28",
        state: "unsigned",
        excused: false,
        reason: "Biên bản mới có một chữ ký, cần ít nhất hai.",
      },
    ],
    preparedAt: "2026-10-29T03:00:00.000Z",
    certifiedAt: "2026-10-29T08:30:00.000Z",
    signatures: [
      {
        officer: "Hoàng Minh Tuệ",
        role: "Trưởng Ban Tổ chức",
        fingerprint: "0A1B 2C3D 4E5F 6071 8293",
        signed: true,
      },
      {
        officer: "Đỗ Thị Ngọc Hân",
        role: "Phó Trưởng Ban",
        fingerprint: "A4B5 C6D7 E8F9 0112 2334",
        signed: true,
      },
    ],
    digest,
    verification: `tinnhiem:results:${digest}`,
  };
}
