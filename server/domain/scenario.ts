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

/** One voting day of a point: the ballots its kiosks take and the tickets its officers void. */
export const ScenarioDaySchema = z.object({
  day: IsoDateSchema,
  ballots: z.array(ScenarioBallotGroupSchema).default([]),
  voided: z.number().int().min(0).default(0),
});

/**
 * A point votes either on one day (`day`, with `ballots` and `voided` beside it, the original form)
 * or on several (`days: [{ day, ballots, voided }]`); read both through `scenarioPointDays`.
 */
export const ScenarioPointSchema = z.object({
  code: CodeSchema,
  name: TextSchema,
  commune: CodeSchema,
  day: IsoDateSchema.optional(),
  days: z.array(ScenarioDaySchema).min(1).optional(),
  roster: z.number().int().min(0),
  officials: z.array(CodeSchema).optional(),
  officers: z.array(ScenarioOfficerSchema).default([]),
  ballots: z.array(ScenarioBallotGroupSchema).optional(),
  voided: z.number().int().min(0).optional(),
});

/** A point's voting day with its ballots, and where it sits in the file (for messages). */
export type ScenarioPointDay = {
  day: string;
  ballots: readonly z.input<typeof ScenarioBallotGroupSchema>[];
  voided: number;
  /** The path of the day's own fields below the point: `[]` (the one-day form) or `["days", j]`. */
  at: (string | number)[];
};

/**
 * The days a scenario point votes on, in the order written, whichever form it uses. Accepts a
 * parsed point or a test fixture written by hand (defaults not yet applied).
 */
export function scenarioPointDays(p: {
  day?: string | undefined;
  days?: readonly z.input<typeof ScenarioDaySchema>[] | undefined;
  ballots?: readonly z.input<typeof ScenarioBallotGroupSchema>[] | undefined;
  voided?: number | undefined;
}): ScenarioPointDay[] {
  if (p.days) {
    return p.days.map((d, j) => ({
      day: d.day,
      ballots: d.ballots ?? [],
      voided: d.voided ?? 0,
      at: ["days", j],
    }));
  }
  if (p.day === undefined) return [];
  return [{ day: p.day, ballots: p.ballots ?? [], voided: p.voided ?? 0, at: [] }];
}

/** Every day any point of the scenario votes on, sorted. */
export function scenarioDays(s: { points: readonly Parameters<typeof scenarioPointDays>[0][] }): string[] {
  return [...new Set(s.points.flatMap((p) => scenarioPointDays(p).map((d) => d.day)))].sort();
}

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
      /** Officers who sign each minutes (the Tổ trưởng among them): 2 to 9, default 2. */
      requiredSigners: z.number().int().min(2).max(9).optional(),
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
      if (p.days && (p.day !== undefined || p.ballots !== undefined || p.voided !== undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "days"],
          message: "dùng days[] hoặc day/ballots/voided, không dùng cả hai",
        });
      }
      if (!p.days && p.day === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "day"],
          message: "cần ngày lấy phiếu của điểm (day, hoặc days[] cho nhiều ngày)",
        });
      }
      const pointDays = scenarioPointDays(p);
      const seenDays = new Set<string>();
      for (const d of pointDays) {
        if (!days.has(d.day)) {
          ctx.addIssue({
            code: "custom",
            path: ["points", i, ...d.at, "day"],
            message: "not one of the campaign's days (không thuộc các ngày của đợt)",
          });
        }
        if (seenDays.has(d.day)) {
          ctx.addIssue({ code: "custom", path: ["points", i, ...d.at, "day"], message: "ngày bị trùng" });
        }
        seenDays.add(d.day);
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
      const signers = s.campaign.requiredSigners ?? 2;
      if (p.officers.length < signers) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "officers"],
          message: `cần ít nhất ${signers} cán bộ tổ công tác để ký biên bản`,
        });
      } else if (!p.officers.some((o) => o.role === "Tổ trưởng")) {
        ctx.addIssue({
          code: "custom",
          path: ["points", i, "officers"],
          message: "tổ công tác cần một Tổ trưởng (người ký biên bản đầu tiên)",
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
      // A resident checks in once for the whole campaign, whatever day they come: the roster must
      // hold every day's ballots and voided tickets together. The problem is named where the count
      // first goes past the roster, in the order the point's days are written (on a day, its ballots
      // are handed out before its voided tickets), so that the place to change is the one named.
      let cast = 0;
      let voided = 0;
      let over: (string | number)[] | null = null;
      for (const d of pointDays) {
        d.ballots.forEach((b, j) => {
          cast += b.count;
          for (const code of Object.keys(b.marks)) {
            if (!style.has(code)) {
              ctx.addIssue({
                code: "custom",
                path: ["points", i, ...d.at, "ballots", j, "marks", code],
                message: "người này không có trên phiếu của điểm",
              });
            }
          }
        });
        if (!over && cast + voided > p.roster) over = [...d.at, "ballots"];
        voided += d.voided;
        if (!over && cast + voided > p.roster) over = [...d.at, "voided"];
      }
      if (over) {
        const days = p.days ? " (mọi ngày của điểm cộng lại)" : "";
        ctx.addIssue({
          code: "custom",
          path: ["points", i, ...over],
          message: `số phiếu${days} là ${cast} thu về + ${voided} không thu về = ${cast + voided}, vượt số người trong danh sách của điểm (roster: ${p.roster})`,
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
    points: s.points.map((p) => ({
      ...p,
      ...(p.day === undefined ? {} : { day: shift(p.day) }),
      ...(p.days ? { days: p.days.map((d) => ({ ...d, day: shift(d.day) })) } : {}),
    })),
  };
}
