import * as z from "zod";
import "./zod-vi.ts";
import { LevelOrBlankSchema } from "./ballot.ts";
import { addDays, daysBetween, firstVotingDay } from "./calendar.ts";
import { CodeSchema, IsoDateSchema, ONE_PER, TextSchema } from "./campaign.ts";
import { BUILT_IN_RULE_SET_IDS, ruleSetById } from "./threshold.ts";

/**
 * A whole campaign described as data (DESIGN §6), read by the seed and simulation scripts.
 * Marks per ballot group: an official left out of `marks` (or null) is a blank row.
 */

export const ScenarioBallotGroupSchema = z.object({
  count: z.number().int().min(1),
  marks: z.record(z.string(), LevelOrBlankSchema),
});

export const ScenarioOfficerSchema = z.object({
  name: TextSchema,
  role: z.enum(["Tổ trưởng", "Thư ký", "Thành viên"]),
});

export const ScenarioPointSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  commune: CodeSchema,
  day: IsoDateSchema,
  roster: z.number().int().min(0),
  officials: z.array(CodeSchema).optional(),
  officers: z.array(ScenarioOfficerSchema).default([]),
  ballots: z.array(ScenarioBallotGroupSchema).default([]),
  voided: z.number().int().min(0).default(0),
});

export const ScenarioSchema = z
  .object({
    $comment: z.string().optional(),
    campaign: z.object({
      code: CodeSchema,
      name: TextSchema,
      ruleSet: z.string().min(1),
      aggregator: TextSchema,
      district: TextSchema,
      days: z.array(IsoDateSchema).min(1),
      onePer: z.enum(ONE_PER),
    }),
    communes: z.array(z.object({ code: CodeSchema, name: TextSchema, mergedInto: TextSchema })).min(1),
    officials: z.array(
      z.object({ code: CodeSchema, name: TextSchema, position: TextSchema, commune: CodeSchema }),
    ),
    points: z.array(ScenarioPointSchema),
  })
  .superRefine((s, ctx) => {
    // What the stamp will require is checked here, so that a scenario is refused by path before
    // anything is written (issue #4 §6).
    if (!ruleSetById(s.campaign.ruleSet).ok) {
      ctx.addIssue({
        code: "custom",
        path: ["campaign", "ruleSet"],
        message: `không có bộ quy tắc này (có: ${BUILT_IN_RULE_SET_IDS.join(", ")})`,
      });
    }
    const days = new Set(s.campaign.days);
    // Codes are compared without regard to case, as the database does ("hq" and "HQ" are one commune).
    const key = (code: string) => code.toUpperCase();
    const communes = new Set<string>();
    // References must name a code exactly as it is written.
    const communeCodes = new Set(s.communes.map((c) => c.code));
    s.communes.forEach((c, i) => {
      if (communes.has(key(c.code)))
        ctx.addIssue({ code: "custom", path: ["communes", i, "code"], message: "mã xã bị trùng" });
      communes.add(key(c.code));
    });
    const officials = new Map<string, string>();
    const officialKeys = new Set<string>();
    s.officials.forEach((o, i) => {
      if (!communeCodes.has(o.commune)) {
        ctx.addIssue({
          code: "custom",
          path: ["officials", i, "commune"],
          message: "không có xã này trong communes",
        });
      }
      if (officialKeys.has(key(o.code))) {
        ctx.addIssue({
          code: "custom",
          path: ["officials", i, "code"],
          message: "mã người được lấy phiếu bị trùng",
        });
      }
      officials.set(o.code, o.commune);
      officialKeys.add(key(o.code));
    });
    const points = new Set<string>();
    s.points.forEach((p, i) => {
      if (points.has(key(p.code)))
        ctx.addIssue({ code: "custom", path: ["points", i, "code"], message: "mã điểm bị trùng" });
      points.add(key(p.code));
      if (!days.has(p.day)) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "day"],
          message: "not one of the campaign's days (không thuộc các ngày của đợt)",
        });
      }
      if (!communeCodes.has(p.commune)) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "commune"],
          message: "không có xã này trong communes",
        });
      }
      const style = new Set(
        p.officials ?? [...officials].filter(([, c]) => c === p.commune).map(([code]) => code),
      );
      if (style.size === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "officials"],
          message: "phiếu của điểm không có ai",
        });
      }
      if (p.roster < 1) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "roster"],
          message: "danh sách cần ít nhất 1 người",
        });
      }
      if (p.officers.length < 2) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "officers"],
          message: "cần ít nhất 2 cán bộ tổ công tác để ký biên bản",
        });
      }
      p.officials?.forEach((code, j) => {
        if (!officials.has(code)) {
          ctx.addIssue({
            code: "custom",
            path: ["points", i, "officials", j],
            message: "không có người được lấy phiếu này",
          });
        }
      });
      let cast = 0;
      p.ballots.forEach((b, j) => {
        cast += b.count;
        for (const code of Object.keys(b.marks)) {
          if (!style.has(code)) {
            ctx.addIssue({
              code: "custom",
              path: ["points", i, "ballots", j, "marks", code],
              message: "người này không có trên phiếu của điểm",
            });
          }
        }
      });
      if (cast + p.voided > p.roster) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "roster"],
          message: `số phiếu (${cast} thu về + ${p.voided} không thu về) vượt số người trong danh sách (${p.roster})`,
        });
      }
    });
  });

export type Scenario = z.infer<typeof ScenarioSchema>;

/** "points[3].day: not one of the campaign's days" — one line per problem, naming its path. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part, i) =>
        typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
      )
      .join("");
    return `${path || "(gốc)"}: ${issue.message}`;
  });
}

/**
 * Moves the voting days so that the first is `today`, keeping the gaps between days, so that a
 * newcomer can open a sample point and vote right away (issue #4 §7).
 */
export function shiftScenarioDays(s: Scenario, today: string): Scenario {
  const first = firstVotingDay(s.campaign.days);
  if (first === null) return s;
  const deltaDays = daysBetween(first, today);
  const shift = (d: string) => addDays(d, deltaDays);
  return {
    ...s,
    campaign: { ...s.campaign, days: s.campaign.days.map(shift) },
    points: s.points.map((p) => ({ ...p, day: shift(p.day) })),
  };
}
