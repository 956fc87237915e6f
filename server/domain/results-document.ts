/**
 * The results document (DESIGN §6, issue #11 §4) as other tools read it: the shape of
 * `results.json`, and of the certified file, which adds the board member's signatures. Strict (an
 * unknown member is refused: a signature covers every member) and untransformed, as the minutes
 * schema is. The builder is domain/aggregate.ts `resultsDocument`.
 */
import * as z from "zod";
import "./zod-vi.ts";
import { Ed25519PublicKeySchema, Ed25519SignatureSchema } from "../crypto/ed25519.ts";
import { BANDS } from "./format.ts";
import { DigestSchema } from "./minutes-document.ts";
import { DenominatorKindSchema } from "./threshold.ts";

const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "Mã không hợp lệ.");
const Text = z.string().min(1, "Không được để trống.").max(5000, "Quá dài.");
const Count = z.int("Phải là số nguyên.").min(0, "Không được là số âm.");
const Percent = z
  .string()
  .regex(/^\d{1,3}(\.\d{3})*,\d{2}$/, "Tỉ lệ phải viết kiểu Việt Nam, hai chữ số thập phân (51,02).")
  .nullable();
const STATES = [
  "not_opened",
  "open",
  "paused",
  "closed",
  "unsigned",
  "signed",
  "verified",
  "discrepant",
] as const;

export const ResultsOfficialSchema = z.strictObject({
  code: Code,
  name: Text,
  position: Text,
  commune: Code,
  points: Count,
  collected: Count,
  valid: Count,
  blank: Count,
  high: Count,
  medium: Count,
  low: Count,
  denominator: Count,
  band: z.enum(BANDS),
  percent: z.strictObject({ high: Percent, medium: Percent, low: Percent }),
});

export const ResultsDocumentSchema = z.strictObject({
  version: z.literal(1, { error: "Phiên bản kết quả phải là 1." }),
  campaign: z.strictObject({ code: Code, name: Text, aggregator: Text }),
  ruleSet: z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Mã bộ quy tắc không hợp lệ."),
    denominator: DenominatorKindSchema,
    source: Text,
  }),
  officials: z.array(ResultsOfficialSchema),
  points: z.array(
    z.strictObject({
      code: Code,
      day: z.iso.date(),
      state: z.enum(STATES),
      roster: Count,
      issued: Count,
      collected: Count,
      minutesDigest: DigestSchema.nullable(),
      verified: z.boolean(),
    }),
  ),
  missing: z.array(
    z.strictObject({
      code: Code,
      day: z.iso.date(),
      state: z.enum(STATES),
      reason: Text,
      excused: z.strictObject({ reason: Text, by: Text, at: z.iso.datetime() }).nullable(),
    }),
  ),
});

/** The certified file: the results document and the board members' signatures over its JCS. */
export const SignedResultsSchema = ResultsDocumentSchema.extend({
  signatures: z
    .array(
      z.strictObject({
        member: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, "Mã thành viên không hợp lệ."),
        publicKey: Ed25519PublicKeySchema,
        signature: Ed25519SignatureSchema,
      }),
    )
    .min(1, "Kết quả đã xác nhận phải có ít nhất một chữ ký."),
});

export type SignedResults = z.infer<typeof SignedResultsSchema>;

/** A file looks like results (not minutes) when it has the results' own members. */
export const looksLikeResults = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "missing" in value && "points" in value;
