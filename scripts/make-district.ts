// A generated district for the simulator (issue #12 §1): N points, each casting B ballots on one
// day, printed as a scenario file (DESIGN §6) on stdout.
//   bun scripts/make-district.ts [--points 200] [--ballots 2000] [--officials 6] [--days 1] [--seed 1] > FILE
// Communes of 10 points each, `--officials` officials per commune; each point has a roster 5% larger
// than its ballots, two officers (Tổ trưởng, Thư ký), three voided tickets, and its ballots spread
// over 12 mark patterns (some with blank rows). With --days 2 every fifth point votes on both days
// (the `days` form), the others on the first or the second. Deterministic for a given --seed.
import * as z from "zod";
import type { Level } from "../server/domain/ballot.ts";
import { type Scenario, ScenarioSchema } from "../server/domain/scenario.ts";
import { mulberry32 } from "../server/domain/seeded-random.ts";
import { readCommandLine } from "./command-line.ts";

const ArgsSchema = z.object({
  points: z.coerce.number().int().min(1).max(5000).default(200),
  ballots: z.coerce.number().int().min(0).max(100_000).default(2000),
  officials: z.coerce.number().int().min(1).max(40).default(6),
  days: z.coerce.number().int().min(1).max(2).default(1),
  seed: z.coerce.number().int().min(0).default(1),
});

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The district as a scenario (valid by construction; parsed once to be sure). */
export function makeDistrict(o: z.infer<typeof ArgsSchema>): Scenario {
  const next = mulberry32(o.seed);
  const communeCount = Math.ceil(o.points / 10);
  const communes = Array.from({ length: communeCount }, (_, i) => ({
    code: `X${pad(i + 1, 3)}`,
    name: `Xã Mô Phỏng ${i + 1}`,
    mergedInto: `Xã Mới ${Math.floor(i / 2) + 1}`,
  }));
  const positions = ["Bí thư Đảng ủy xã", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Chủ tịch HĐND xã"];
  const officials = communes.flatMap((c) =>
    Array.from({ length: o.officials }, (_, j) => ({
      code: `${c.code}-${pad(j + 1, 2)}`,
      name: `Cán Bộ ${c.code} Số ${j + 1}`,
      position: positions[j] ?? "Công chức xã",
      commune: c.code,
    })),
  );
  const days = o.days === 2 ? ["2026-10-27", "2026-10-28"] : ["2026-10-27"];
  const levels: (Level | null)[] = ["high", "high", "high", "medium", "medium", "low", null];
  const points = Array.from({ length: o.points }, (_, i) => {
    const commune = communes[Math.floor(i / 10)]?.code ?? "X001";
    const codes = officials.filter((x) => x.commune === commune).map((x) => x.code);
    // Twelve patterns of marks; the ballots are shared out among them at random.
    const patterns = Array.from({ length: 12 }, () => {
      const marks: Record<string, Level | null> = {};
      for (const code of codes) {
        const level = levels[Math.floor(next() * levels.length)] ?? null;
        if (level !== null) marks[code] = level;
      }
      return marks;
    });
    const groups = (total: number) => {
      const counts = patterns.map(() => 0);
      for (let b = 0; b < total; b++) {
        const k = Math.floor(next() * counts.length);
        counts[k] = (counts[k] ?? 0) + 1;
      }
      return patterns.map((marks, j) => ({ count: counts[j] ?? 0, marks })).filter((g) => g.count > 0);
    };
    const voided = Math.min(3, o.ballots);
    const base = {
      code: `${commune}-T${pad((i % 10) + 1, 2)}`,
      name: `Thôn ${(i % 10) + 1}, Xã Mô Phỏng ${Math.floor(i / 10) + 1}`,
      commune,
      roster: Math.ceil(o.ballots * 1.05) + voided * 2 + 1,
      officers: [
        { name: `Tổ Trưởng Điểm ${i + 1}`, role: "Tổ trưởng" as const },
        { name: `Thư Ký Điểm ${i + 1}`, role: "Thư ký" as const },
      ],
    };
    if (o.days === 2 && i % 5 === 0) {
      const first = Math.floor(o.ballots / 2);
      return {
        ...base,
        days: [
          { day: "2026-10-27", ballots: groups(first), voided },
          { day: "2026-10-28", ballots: groups(o.ballots - first), voided },
        ],
      };
    }
    return { ...base, day: days[i % days.length] ?? "2026-10-27", ballots: groups(o.ballots), voided };
  });
  return ScenarioSchema.parse({
    $comment: `Huyện mô phỏng: ${o.points} điểm × ${o.ballots} phiếu (scripts/make-district.ts, seed ${o.seed}). Mọi tên đều là giả.`,
    campaign: {
      code: `SIM-${o.points}x${o.ballots}`,
      name: `Lấy phiếu tín nhiệm mô phỏng ${o.points} điểm`,
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức Huyện ủy (mô phỏng)",
      district: "Huyện Mô Phỏng",
      days,
      onePer: "resident",
    },
    communes,
    officials,
    points,
  });
}

const USAGE =
  "Cách dùng: bun scripts/make-district.ts [--points 200] [--ballots 2000] [--officials 6] [--days 1|2] [--seed 1] > TỆP";

if (import.meta.main) {
  const { values } = readCommandLine(
    {
      args: process.argv.slice(2),
      options: {
        points: { type: "string" },
        ballots: { type: "string" },
        officials: { type: "string" },
        days: { type: "string" },
        seed: { type: "string" },
      },
    },
    USAGE,
    "--points 200",
  );
  const args = ArgsSchema.safeParse(values);
  if (!args.success) {
    process.stderr.write(
      `${args.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("\n")}\n` + `${USAGE}\n`,
    );
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(makeDistrict(args.data), null, 1)}\n`);
}
