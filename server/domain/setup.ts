import * as z from "zod";
import "./zod-vi.ts";
import { digestOf } from "../crypto/digest.ts";
import { ADULT_AGE, firstVotingDay, isAdultOn } from "./calendar.ts";
import {
  type Campaign,
  type CampaignState,
  CodeSchema,
  type Commune,
  IsoDateSchema,
  type Official,
  ONE_PER,
  TextSchema,
} from "./campaign.ts";
import { fail, ok, type Refusal, type Result } from "./result.ts";
import { birthOf } from "./roster.ts";
import {
  BUILT_IN_RULE_SET_IDS,
  CustomRuleSetSchema,
  type RuleSet,
  RuleSetSchema,
  ruleSetById,
} from "./threshold.ts";

// ---------------------------------------------------------------------------------------------
// Campaign states (issue #4 §1): draft → stamped → voting → closed → certified, each step explicit.
// ---------------------------------------------------------------------------------------------

export type CampaignAction = "stamp" | "open" | "close" | "certify";

const TRANSITIONS: Record<CampaignAction, { from: CampaignState; to: CampaignState; refusal: string }> = {
  stamp: { from: "draft", to: "stamped", refusal: "Chỉ đóng dấu được danh sách của đợt đang chuẩn bị." },
  open: { from: "stamped", to: "voting", refusal: "Chỉ bắt đầu lấy phiếu được khi danh sách đã đóng dấu." },
  close: { from: "voting", to: "closed", refusal: "Chỉ kết thúc được đợt đang lấy phiếu." },
  certify: { from: "closed", to: "certified", refusal: "Chỉ xác nhận kết quả được khi đợt đã kết thúc." },
};

export function nextState(
  state: CampaignState,
  action: CampaignAction,
): Result<CampaignState, Refusal<"wrong_state">> {
  const t = TRANSITIONS[action];
  return state === t.from ? ok(t.to) : fail("wrong_state", t.refusal);
}

/** The lists are edited freely only before the stamp; afterwards only by amendment (issue #4 §5). */
export function checkEditable(campaign: Pick<Campaign, "state">): Result<true, Refusal<"stamped">> {
  if (campaign.state === "draft") return ok(true);
  return fail(
    "stamped",
    "Danh sách đã được đóng dấu nên không sửa trực tiếp được nữa. Người bị sót hoặc lỗi đánh máy trong danh sách cử tri được điều chỉnh ở trang danh sách của điểm, có ghi lý do. Danh sách người được lấy phiếu, các điểm và phiếu của điểm không thay đổi được sau khi đóng dấu.",
  );
}

/** A campaign's rule set as stored: a built-in id, or a whole custom rule set. */
export type RuleSetRef = string | RuleSet;

/** A stored custom rule set is parsed again: the engine must never decide on a malformed one. */
export function resolveRuleSet(
  ref: RuleSetRef,
): Result<RuleSet, Refusal<"rule_set_unknown" | "rule_set_invalid">> {
  if (typeof ref === "string") return ruleSetById(ref);
  const parsed = RuleSetSchema.safeParse(ref);
  return parsed.success
    ? ok(parsed.data as RuleSet)
    : fail("rule_set_invalid", "Quy định riêng của đợt bị hỏng; Ban Tổ chức cần đặt lại quy định áp dụng.");
}

// ---------------------------------------------------------------------------------------------
// Set-up entities as the board edits them
// ---------------------------------------------------------------------------------------------

export const TEAM_ROLES = ["Tổ trưởng", "Thư ký", "Thành viên"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
/** The team member who must be among a minutes' signers (DESIGN §4 step 3). */
export const LEADER_ROLE: TeamRole = "Tổ trưởng";

export type Point = {
  id: number;
  code: string;
  name: string;
  communeId: number;
  days: string[];
  /** null: the default ballot (all officials of the point's commune). */
  customOfficialIds: number[] | null;
};

export type Officer = {
  userId: number;
  username: string;
  displayName: string;
  teamRole: TeamRole;
  publicKey: string;
  pointIds: number[];
  mustChangePassword: boolean;
};

/** The officials on a point's ballot, in ballot order (DESIGN §3 "ballot style"). */
export function ballotFor(
  point: Pick<Point, "communeId" | "customOfficialIds">,
  officials: Official[],
): Official[] {
  if (point.customOfficialIds) {
    const byId = new Map(officials.map((o) => [o.id, o]));
    return point.customOfficialIds.flatMap((id) => {
      const o = byId.get(id);
      return o ? [o] : [];
    });
  }
  return officials
    .filter((o) => o.communeId === point.communeId)
    .sort((a, b) => a.displayOrder - b.displayOrder || a.code.localeCompare(b.code));
}

// ---------------------------------------------------------------------------------------------
// Forms (parsed at the edge; messages are shown next to the field)
// ---------------------------------------------------------------------------------------------

/** A whole number typed in a form field; "" is null when the field is optional. */
const intField = (min: number, max: number, message: string, optional: boolean) =>
  z
    .string({ error: message })
    // A field left out of the form altogether reads as left empty.
    .default("")
    .transform((s) => s.trim())
    .transform((s, ctx): number | null => {
      if (s === "" && optional) return null;
      // A dot is a thousands separator only in groups of three ("1.000"); "2.5" is refused.
      const plain = /^\d{1,3}(\.\d{3})+$/.test(s) ? s.replace(/\./g, "") : s;
      const n = /^\d+$/.test(plain) ? Number(plain) : Number.NaN;
      if (s === "" || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });

const optionalInt = (min: number, max: number, message: string) => intField(min, max, message, true);
const requiredInt = (min: number, max: number, message: string) =>
  intField(min, max, message, false).transform((n) => n ?? 0);

/** Voting days typed as dd/mm/yyyy or yyyy-mm-dd, separated by commas, spaces or new lines. */
export const DayListSchema = z
  .string()
  .transform((s) =>
    s
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((d) => {
        const vn = d.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
        return vn ? `${vn[3]}-${vn[2]?.padStart(2, "0")}-${vn[1]?.padStart(2, "0")}` : d;
      }),
  )
  .pipe(
    z
      .array(IsoDateSchema)
      .min(1, "Cần ít nhất một ngày lấy phiếu.")
      .max(14, "Tối đa 14 ngày.")
      .transform((days) => [...new Set(days)].sort()),
  );

export const CampaignFormSchema = z
  .object({
    code: CodeSchema,
    name: TextSchema,
    aggregator: TextSchema,
    district: TextSchema,
    days: DayListSchema,
    onePer: z.enum(ONE_PER, { error: "Chọn một phiếu cho mỗi cử tri hoặc cho mỗi hộ." }),
    ruleSet: z.enum([...BUILT_IN_RULE_SET_IDS, "custom"], { error: "Chọn quy định áp dụng." }),
    customDenominator: z.enum(["collected", "roster", "valid"]).optional(),
    customFirst: z.string().optional(),
    customSecond: z.string().optional(),
    minTurnoutPercent: optionalInt(1, 100, "Tỉ lệ tối thiểu là số nguyên từ 1 đến 100, hoặc để trống."),
    smallPointThreshold: requiredInt(0, 1000, "Ngưỡng cảnh báo là số nguyên từ 0 đến 1000."),
    // A checkbox after a hidden "0": checked sends "1" last. A form that sends neither keeps the
    // safe default (on).
    twoOfficerPairing: z
      .enum(["0", "1"], { error: "Chọn có hoặc không." })
      .optional()
      .transform((v) => v !== "0"),
    // Left out (an older form): the default, 2.
    requiredSigners: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? "2" : v.trim()))
      .pipe(
        z
          .string()
          .regex(/^[2-9]$/, "Số cán bộ ký biên bản là số nguyên từ 2 đến 9.")
          .transform(Number),
      ),
    // Left out (an older form): the default, 2.
    kioskIdleMinutes: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? "2" : v.trim()))
      .pipe(
        z
          .string()
          .regex(/^([1-9]|[12][0-9]|30)$/, "Thời gian chờ là số phút nguyên từ 1 đến 30.")
          .transform(Number),
      ),
  })
  .superRefine((form, ctx) => {
    if (form.ruleSet !== "custom") return;
    for (const key of ["customFirst", "customSecond"] as const) {
      if (!parseFraction(form[key] ?? "")) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "Ghi ngưỡng dạng phân số, ví dụ 1/2 hoặc 2/3.",
        });
      }
    }
  });

export function parseFraction(s: string): { numerator: number; denominator: number } | null {
  const m = s.trim().match(/^(\d{1,6})\s*\/\s*(\d{1,6})$/);
  if (!m) return null;
  return { numerator: Number(m[1]), denominator: Number(m[2]) };
}

export const CommuneFormSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  mergedInto: TextSchema,
});

export const OfficialFormSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  position: TextSchema,
  communeId: requiredInt(1, Number.MAX_SAFE_INTEGER, "Chọn xã."),
});

export const PointFormSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  communeId: requiredInt(1, Number.MAX_SAFE_INTEGER, "Chọn xã."),
  days: z
    .array(IsoDateSchema)
    .min(1, "Chọn ít nhất một ngày lấy phiếu của điểm.")
    .transform((days) => [...new Set(days)].sort()),
});

export const OfficerFormSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9][a-z0-9._-]{1,39}$/,
      "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch (2–40 ký tự).",
    ),
  displayName: TextSchema,
  teamRole: z.enum(TEAM_ROLES, { error: "Chọn vai trò trong tổ." }),
  pointIds: z.array(z.coerce.number().int().positive()).min(1, "Chọn ít nhất một điểm lấy phiếu."),
});

/** Editing an officer: everything but the login name. */
export const OfficerEditSchema = OfficerFormSchema.omit({ username: true });

export const AmendmentReasonSchema = TextSchema.pipe(
  z.string().min(5, "Ghi rõ lý do điều chỉnh (ít nhất 5 ký tự)."),
);

/** What the user typed, kept to show the form again after a refusal. */
export type FormValues<K extends string = string> = Partial<Record<K, string>>;

/** One Vietnamese message per field of a form, shown next to the field. */
export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

/** zod issues → the first message of each field. */
export function fieldErrors<K extends string = string>(error: z.ZodError): FieldErrors<K> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    out[key] ??= issue.message;
  }
  return out as FieldErrors<K>;
}

/** The rule set a campaign form describes, validated by the threshold engine's own schema. */
export function ruleSetFromForm(form: z.infer<typeof CampaignFormSchema>, code: string): Result<RuleSetRef> {
  if (form.ruleSet !== "custom") {
    const found = ruleSetById(form.ruleSet);
    return found.ok ? ok(form.ruleSet) : found;
  }
  const first = parseFraction(form.customFirst ?? "");
  const second = parseFraction(form.customSecond ?? "");
  if (!first || !second) return fail("custom_rule_set", "Ghi ngưỡng dạng phân số, ví dụ 1/2 hoặc 2/3.");
  return customRuleSet(code, form.customDenominator ?? "collected", first, second);
}

function customRuleSet(
  code: string,
  denominator: "collected" | "roster" | "valid",
  first: { numerator: number; denominator: number },
  second: { numerator: number; denominator: number },
): Result<RuleSet> {
  const parsed = CustomRuleSetSchema.safeParse({
    // One custom rule set per campaign: its id need not carry the campaign code (which may hold
    // characters a rule-set id may not).
    id: "custom",
    name: `Quy định riêng của đợt ${code}`,
    denominator,
    thresholds: { over_half: first, two_thirds: second },
  });
  if (parsed.success) return ok(parsed.data as RuleSet);
  return fail("custom_rule_set", parsed.error.issues.map((i) => i.message).join(" "));
}

// ---------------------------------------------------------------------------------------------
// The stamp (đóng dấu): readiness and commitments (DESIGN §4–§5)
// ---------------------------------------------------------------------------------------------

export type SetupModel = {
  campaign: Campaign;
  ruleSet: RuleSet;
  communes: Commune[];
  officials: Official[];
  points: Point[];
  officers: Officer[];
  rosterSizes: Map<number, number>;
};

/** What still stops the board from stamping, each as a sentence an officer can act on. */
export function stampProblems(m: SetupModel): string[] {
  const problems: string[] = [];
  if (m.points.length === 0) problems.push("Chưa có điểm lấy phiếu nào.");
  const days = new Set(m.campaign.days);
  for (const point of m.points) {
    const label = `Điểm ${point.code} (${point.name})`;
    if ((m.rosterSizes.get(point.id) ?? 0) === 0)
      problems.push(`${label} chưa có danh sách người ghi phiếu.`);
    if (ballotFor(point, m.officials).length === 0)
      problems.push(`${label} chưa có người được lấy phiếu trên phiếu.`);
    if (point.days.length === 0) problems.push(`${label} chưa có ngày lấy phiếu.`);
    for (const day of point.days) {
      if (!days.has(day)) problems.push(`${label} có ngày ${day} không thuộc các ngày của đợt.`);
    }
    // Minutes need at least two officers' signatures (DESIGN §4 "Close").
    const team = m.officers.filter((o) => o.pointIds.includes(point.id)).length;
    if (team < 2)
      problems.push(`${label} mới có ${team} thành viên tổ công tác; cần ít nhất 2 người để ký biên bản.`);
  }
  return problems;
}

/** What of an entry the campaign's settings judge (age on the first day, household when one per household). */
export type RosterSettingFields = Pick<RosterCommitmentEntry, "birthYear" | "birthDate" | "householdCode">;

/**
 * Entries imported under earlier settings that the current ones no longer accept: a campaign switched
 * to one ballot per household needs every entry's household code; moved voting days change who is 18
 * on the first voting day (the roster age rule, `isAdultOn`: to the day for a stored date of birth, by
 * the year for a year alone), so a list imported for a later first day is checked again here.
 */
export function rosterSettingProblems(
  point: Pick<Point, "code" | "name">,
  entries: readonly RosterSettingFields[],
  campaign: Pick<Campaign, "days" | "onePer">,
): string[] {
  const problems: string[] = [];
  const label = `Điểm ${point.code} (${point.name})`;
  const firstDay = firstVotingDay(campaign.days);
  const tooYoung = firstDay === null ? 0 : entries.filter((e) => !isAdultOn(birthOf(e), firstDay)).length;
  if (tooYoung > 0) {
    problems.push(
      `${label}: ${tooYoung} người trong danh sách chưa đủ ${ADULT_AGE} tuổi theo ngày lấy phiếu hiện tại; hãy nhập lại danh sách.`,
    );
  }
  if (campaign.onePer === "household") {
    const noHousehold = entries.filter((e) => !e.householdCode).length;
    if (noHousehold > 0) {
      problems.push(
        `${label}: ${noHousehold} người không có mã hộ, mà đợt này mỗi hộ một phiếu; hãy nhập lại danh sách có cột “Mã hộ”.`,
      );
    }
  }
  return problems;
}

/**
 * SHA-256 of the canonical configuration: campaign, communes, officials, ballot styles, rule set.
 * Everything is keyed and sorted by code, so the same data gives the same digest whatever order it
 * was entered in; the ballot order itself is data and is kept.
 */
export function configCommitment(m: Omit<SetupModel, "officers" | "rosterSizes">): string {
  const communeCode = new Map(m.communes.map((c) => [c.id, c.code]));
  const byCode = <T extends { code: string }>(xs: T[]) =>
    [...xs].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return digestOf({
    campaign: {
      code: m.campaign.code,
      name: m.campaign.name,
      aggregator: m.campaign.aggregator,
      district: m.campaign.district,
      days: [...m.campaign.days].sort(),
      onePer: m.campaign.onePer,
      minTurnoutPercent: m.campaign.minTurnoutPercent,
      smallPointThreshold: m.campaign.smallPointThreshold,
      // Only when turned off, so that configurations stamped before the setting keep their digest
      // and the minutes show an auditor that one officer alone could pair a kiosk.
      ...(m.campaign.twoOfficerPairing ? {} : { twoOfficerPairing: false }),
      // Likewise only when not the default 2.
      ...(m.campaign.requiredSigners === 2 ? {} : { requiredSigners: m.campaign.requiredSigners }),
    },
    ruleSet: m.ruleSet,
    communes: byCode(m.communes).map((c) => ({ code: c.code, name: c.name, mergedInto: c.mergedInto })),
    officials: byCode(m.officials).map((o) => ({
      code: o.code,
      name: o.name,
      position: o.position,
      commune: communeCode.get(o.communeId) ?? null,
      order: o.displayOrder,
    })),
    points: byCode(m.points).map((p) => ({
      code: p.code,
      name: p.name,
      commune: communeCode.get(p.communeId) ?? null,
      days: [...p.days].sort(),
      ballot: ballotFor(p, m.officials).map((o) => o.code),
    })),
  });
}

/** A roster entry as its commitment covers it; `birthDate` is "YYYY-MM-DD" or null (year only). */
export type RosterCommitmentEntry = {
  fullName: string;
  birthYear: number;
  birthDate: string | null;
  gender: string | null;
  cccd: string | null;
  householdCode: string | null;
  relation: string | null;
};

/**
 * SHA-256 over a point's stamped roster, independent of row order (entries sorted by their JCS form).
 * A date of birth is covered when the entry has one; an entry without one (year only, or imported
 * before dates were kept: migration 0008) has no `birthDate` member, so lists stamped before then
 * keep their digest.
 */
export function rosterCommitment(pointCode: string, entries: RosterCommitmentEntry[]): string {
  const canonical = entries
    .map((e) => ({
      fullName: e.fullName.normalize("NFC"),
      birthYear: e.birthYear,
      ...(e.birthDate === null ? {} : { birthDate: e.birthDate }),
      gender: e.gender,
      cccd: e.cccd,
      householdCode: e.householdCode,
      relation: e.relation,
    }))
    .map((e) => ({ e, key: JSON.stringify(e) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ e }) => e);
  return digestOf({ point: pointCode, entries: canonical });
}
