import * as z from "zod";
import "./zod-vi.ts";
import { isIsoDay } from "./calendar.ts";
import type { RuleSet } from "./threshold.ts";

/** Campaign states; each transition is explicit and logged (issue #4). */
export const CAMPAIGN_STATES = ["draft", "stamped", "voting", "closed", "certified"] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CAMPAIGN_STATE_LABELS: Record<CampaignState, string> = {
  draft: "Đang chuẩn bị",
  stamped: "Đã đóng dấu danh sách",
  voting: "Đang lấy phiếu",
  closed: "Đã kết thúc lấy phiếu",
  certified: "Đã xác nhận kết quả",
};

/** One ballot per resident, or per household representative: the law leaves it open (DESIGN §3). */
export const ONE_PER = ["resident", "household"] as const;
export type OnePer = (typeof ONE_PER)[number];

export type Campaign = {
  id: number;
  code: string;
  name: string;
  /** A built-in rule-set id, or a custom rule set (server/domain/threshold.ts). */
  ruleSet: string | RuleSet;
  aggregator: string;
  district: string;
  days: string[];
  onePer: OnePer;
  minTurnoutPercent: number | null;
  smallPointThreshold: number;
  /**
   * Pairing a kiosk needs a second officer of the point to confirm it on their own screen (issue #9
   * §4): one officer alone cannot pair a scripted "kiosk" and cast for absent residents. Default on.
   */
  twoOfficerPairing: boolean;
  /** Officers who must sign each point's minutes, the Tổ trưởng among them (2 to 9; default 2). */
  requiredSigners: number;
  /**
   * Minutes without a touch before the kiosk asks whether the resident is still voting, and half a
   * minute later alerts the officer console (issue #13 §7; 1 to 30; default 2).
   */
  kioskIdleMinutes: number;
  state: CampaignState;
  isSample: boolean;
  /** SHA-256 of the configuration recorded at the stamp (DESIGN §5); null before it. */
  configDigest: string | null;
  stampedAt: string | null;
};

export type Commune = { id: number; code: string; name: string; mergedInto: string };

export type Official = {
  id: number;
  code: string;
  name: string;
  position: string;
  communeId: number;
  displayOrder: number;
};

/** Text typed by people: NFC so that "Hường" typed on two keyboards compares equal. */
export const TextSchema = z
  .string()
  .transform((s) => s.normalize("NFC").trim().replace(/\s+/g, " "))
  .pipe(z.string().min(1, "Không được để trống.").max(300, "Quá dài (tối đa 300 ký tự)."));

export const CodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "Mã chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch.");

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng YYYY-MM-DD.")
  .refine(isIsoDay, { message: "Ngày không có thật." });
