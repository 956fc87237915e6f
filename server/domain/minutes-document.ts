/**
 * The minutes document (biên bản kiểm phiếu, DESIGN §6): what a point's working team signs at the
 * close of a day (DESIGN §4 step 3) and what any other tool must be able to read and check. The
 * schema is the contract for READING a document: every object is strict (an unknown member is
 * refused, never dropped, since the signatures cover it) and nothing is transformed (no trimming,
 * no normalization), so the parsed value is the value that was signed.
 *
 * Shape (every count a non-negative safe integer; every string NFC, checked by canonicalize):
 * {
 *   version: 1,
 *   campaign: { code, name, aggregator },            đợt lấy phiếu; aggregator = Ban Tổ chức …
 *   point: { code, name, commune },                   điểm lấy phiếu; commune = the old commune's code
 *   day: "YYYY-MM-DD",                                the point's voting day
 *   counts: { roster, issued, collected, notCollected },
 *   officials: [{ code, name, position, high, medium, low, blank, denominator, band }],  ballot order
 *   ruleSet: { id, denominator },                     denominator: collected | roster | valid
 *   commitments: { config, roster, ballots, previous }, SHA-256 lowercase hex; previous null on day 1
 *   officers: [{ code, name, role }],                 the working team; code = login name
 *   incidents: [{ code, message, at? }],              sự cố recorded during the day and at close
 *                                                     (failed reconciliation checks, damaged ballot
 *                                                     rows, tickets lost in a restart, a kiosk's fast
 *                                                     casts, without `at`); at = ISO instant
 *   warnings?: [{ kind: "small_point", threshold } | { kind: "low_turnout", minimumPercent }],
 *                                                     shown at close, never blocking (DESIGN §3, §5);
 *                                                     the counts they speak of are `counts`
 *   openedAt, closedAt: ISO 8601 UTC instants,
 *   signatures: [{ officer, publicKey, signature }]   Ed25519, base64url; officer = an officers[].code
 * }
 * Each signature is over the JCS bytes of the document without `signatures` (DESIGN §6).
 * `incidents[].at` and `warnings` are optional so that version-1 documents written before the close
 * of day recorded them stay valid; documents built by minutes.ts always carry `warnings`.
 */
import * as z from "zod";
import "./zod-vi.ts";
import { Ed25519PublicKeySchema, Ed25519SignatureSchema } from "../crypto/ed25519.ts";
import { BANDS } from "./format.ts";
import { TEAM_ROLES } from "./setup.ts";
import { DenominatorKindSchema } from "./threshold.ts";

export const MINUTES_VERSION = 1;

/** Codes as the set-up screens accept them (CodeSchema), checked without trimming. */
const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "Mã không hợp lệ.");
/** Officer codes are login names (UsernameSchema), checked without lower-casing. */
const OfficerCode = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, "Mã cán bộ không hợp lệ.");
const Text = z.string().min(1, "Không được để trống.").max(300, "Quá dài (tối đa 300 ký tự).");
const Count = z
  .int({ error: (issue) => (issue.input === undefined ? "Thiếu số liệu." : "Phải là số nguyên.") })
  .min(0, "Không được là số âm.");
export const DigestSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "Phải là SHA-256 viết bằng 64 chữ số hex thường.");
const Day = z.iso.date("Ngày phải có dạng YYYY-MM-DD.");
const Instant = z.iso.datetime({ error: "Thời điểm phải có dạng ISO 8601 giờ UTC (…Z)." });

const uniqueBy =
  <T>(key: (item: T) => string, what: string) =>
  (items: readonly T[], ctx: z.RefinementCtx<T[]>) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i], message: `${what} “${k}” bị lặp.` });
      seen.add(k);
    });
  };

export const MinutesOfficialSchema = z.strictObject({
  code: Code,
  name: Text,
  position: Text,
  high: Count,
  medium: Count,
  low: Count,
  blank: Count,
  denominator: Count,
  band: z.enum(BANDS, { error: "Kết quả phải là none, over_half, two_thirds hoặc no_votes." }),
});

export const MinutesOfficerSchema = z.strictObject({
  code: OfficerCode,
  name: Text,
  role: z.enum(TEAM_ROLES, { error: "Vai trò phải là Tổ trưởng, Thư ký hoặc Thành viên." }),
});

export const MinutesSignatureSchema = z.strictObject({
  officer: OfficerCode,
  publicKey: Ed25519PublicKeySchema,
  signature: Ed25519SignatureSchema,
});

/**
 * A warning recorded at close (DESIGN §3 minimum turnout, §5 small points): `threshold` is the
 * campaign's small-point limit in ballots (collected < threshold), `minimumPercent` its minimum
 * turnout in whole percent of the roster (collected × 100 < minimumPercent × roster).
 */
export const MinutesWarningSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("small_point"), threshold: Count }),
    z.strictObject({
      kind: z.literal("low_turnout"),
      minimumPercent: z.int("Phải là số nguyên.").min(1, "Từ 1 đến 100.").max(100, "Từ 1 đến 100."),
    }),
  ],
  { error: "Cảnh báo phải là small_point hoặc low_turnout." },
);

export const MinutesIncidentSchema = z.strictObject({
  code: Code,
  message: z.string().min(1, "Không được để trống.").max(2000, "Quá dài (tối đa 2000 ký tự)."),
  at: Instant.optional(),
});

export const MinutesDocumentSchema = z.strictObject({
  version: z.literal(MINUTES_VERSION, { error: `Phiên bản biên bản phải là ${MINUTES_VERSION}.` }),
  campaign: z.strictObject({ code: Code, name: Text, aggregator: Text }),
  point: z.strictObject({ code: Code, name: Text, commune: Code }),
  day: Day,
  counts: z.strictObject({ roster: Count, issued: Count, collected: Count, notCollected: Count }),
  officials: z
    .array(MinutesOfficialSchema)
    .min(1, "Biên bản phải có ít nhất một người được lấy phiếu.")
    .superRefine(uniqueBy((o) => o.code, "Mã người được lấy phiếu")),
  ruleSet: z.strictObject({
    // As RuleSetSchema's ids: a built-in one ("qd96-2023") or a campaign's own ("custom").
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Mã bộ quy tắc không hợp lệ."),
    denominator: DenominatorKindSchema,
  }),
  commitments: z.strictObject({
    config: DigestSchema,
    roster: DigestSchema,
    ballots: DigestSchema,
    previous: DigestSchema.nullable(),
  }),
  officers: z
    .array(MinutesOfficerSchema)
    .min(1, "Biên bản phải ghi tổ công tác.")
    .superRefine(uniqueBy((o) => o.code, "Mã cán bộ")),
  incidents: z.array(MinutesIncidentSchema),
  warnings: z.array(MinutesWarningSchema).optional(),
  openedAt: Instant,
  closedAt: Instant,
  signatures: z.array(MinutesSignatureSchema).superRefine(uniqueBy((s) => s.officer, "Chữ ký của cán bộ")),
});

export type MinutesDocument = z.infer<typeof MinutesDocumentSchema>;
export type MinutesOfficial = z.infer<typeof MinutesOfficialSchema>;
export type MinutesSignature = z.infer<typeof MinutesSignatureSchema>;
export type MinutesIncident = z.infer<typeof MinutesIncidentSchema>;
export type MinutesWarning = z.infer<typeof MinutesWarningSchema>;
/** What the officers sign: the document without its signatures. */
export type UnsignedMinutes = Omit<MinutesDocument, "signatures">;
