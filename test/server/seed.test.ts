import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../server/clock.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { shiftScenarioDays } from "../../server/domain/scenario.ts";
import { ballotFor, configCommitment } from "../../server/domain/setup.ts";
import { parseScenario, seedScenario } from "../../server/seed.ts";
import { loadSetupModel } from "../../server/services/setup.ts";
import { CHEAP_SEAL, unwrap } from "../helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEMO = join(ROOT, "scripts/scenarios/demo.json");
type DemoJsonFull = { campaign: { ruleSet: string }; points: { officers: unknown[]; roster: number }[] };
type DemoJson = { points: { day: string; commune: string; roster: number }[] };
const demoJson = () => JSON.parse(readFileSync(DEMO, "utf8")) as DemoJson;
const point = (json: DemoJson, i: number) => {
  const p = json.points[i];
  if (!p) throw new Error(`demo has no point ${i}`);
  return p;
};

describe("scenario files", () => {
  it("parseScenario - the committed sample campaign is valid", () => {
    const parsed = parseScenario(demoJson());
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.points).toHaveLength(10);
  });

  it("parseScenario - each problem names its path in the file", () => {
    const bad = demoJson();
    point(bad, 3).day = "2026-12-31";
    point(bad, 0).commune = "XX";
    point(bad, 1).roster = 5;
    const parsed = parseScenario(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(
        "points[3].day: not one of the campaign's days (không thuộc các ngày của đợt)",
      );
      expect(parsed.error).toContain("points[0].commune: không có xã này trong communes");
      expect(parsed.error.some((l) => l.startsWith("points[1].ballots: số phiếu"))).toBe(true);
    }
  });

  it("shiftScenarioDays - moves every day by the same amount so the first is today", () => {
    const parsed = parseScenario(demoJson());
    if (!parsed.ok) throw new Error("demo invalid");
    const shifted = shiftScenarioDays(parsed.value, "2026-11-22");
    expect(shifted.campaign.days).toEqual(["2026-11-22", "2026-11-23"]);
    expect(new Set(shifted.points.map((p) => p.day))).toEqual(new Set(["2026-11-22", "2026-11-23"]));
  });
});

describe("seedScenario", () => {
  it("seedScenario - loads the sample campaign up to the stamped state", async () => {
    const store = Store.memory();
    const parsed = parseScenario(demoJson());
    if (!parsed.ok) throw new Error("demo invalid");
    const clock = new ManualClock(new Date("2026-11-22T02:00:00Z"));
    const seeded = await seedScenario({ store, clock }, SYSTEM_ACTOR, {
      scenario: parsed.value,
      sample: true,
      seal: CHEAP_SEAL,
    });
    expect(seeded.ok).toBe(true);
    if (!seeded.ok) return;
    expect(seeded.value).toHaveLength(31);
    const campaign = store.campaigns.current();
    expect(campaign).toMatchObject({ state: "stamped", isSample: true, days: ["2026-11-22", "2026-11-23"] });
    const points = store.points.list(campaign?.id ?? 0);
    expect(points).toHaveLength(10);
    const sizes = store.rosters.sizes(campaign?.id ?? 0);
    for (const p of parsed.value.points) {
      const point = points.find((x) => x.code === p.code);
      expect(sizes.get(point?.id ?? 0)).toBe(p.roster);
      expect(store.rosters.commitments(point?.id ?? 0)).toHaveLength(1);
    }
    const officers = store.officers.list();
    expect(officers).toHaveLength(30);
    expect(officers.every((o) => o.pointIds.length === 1 && !o.mustChangePassword)).toBe(true);
    // The stamp's digest is the configuration's, recomputed from the stored data.
    const model = loadSetupModel(store, store.campaigns.current() ?? (campaign as never));
    if (!model.ok) throw new Error(model.error.message);
    expect(campaign?.configDigest).toBe(configCommitment(model.value));
    const hq = points.find((p) => p.code === "HQ-T1");
    expect(ballotFor(hq as never, model.value.officials).map((o) => o.code)).toEqual([
      "HQ-01",
      "HQ-02",
      "HQ-03",
      "HQ-04",
      "HQ-05",
      "HQ-06",
    ]);
    expect(store.audit.verify().ok).toBe(true);
  }, 30_000);

  it("seedScenario - refuses a database that already has data", async () => {
    const store = Store.memory();
    unwrap(
      store.users.create({
        username: "x1",
        displayName: "X",
        role: "board",
        passwordHash: "h",
        mustChangePassword: false,
        createdAt: "t",
      }),
    );
    const parsed = parseScenario(demoJson());
    if (!parsed.ok) throw new Error("demo invalid");
    const seeded = await seedScenario({ store, clock: new ManualClock(new Date()) }, SYSTEM_ACTOR, {
      scenario: parsed.value,
      sample: false,
    });
    expect(seeded.ok).toBe(false);
  });
});

describe("scenario refusals that the stamp would otherwise meet", () => {
  it.each([
    [
      "a point with one officer",
      (j: DemoJsonFull) => void j.points[2]?.officers.splice(1),
      "points[2].officers: cần ít nhất 2 cán bộ",
    ],
    [
      "an unknown rule set",
      (j: DemoJsonFull) => {
        j.campaign.ruleSet = "qd96";
      },
      "campaign.ruleSet: không có bộ quy tắc này",
    ],
    [
      "an empty roster",
      (j: DemoJsonFull) => {
        const p = j.points[4];
        if (p) p.roster = 0;
      },
      "points[4].roster: danh sách cần ít nhất 1 người",
    ],
    [
      "two points whose codes differ only by case",
      (j: DemoJsonFull) => {
        const p = j.points[1] as unknown as { code: string };
        p.code = "hq-t1";
      },
      "points[1].code: mã điểm bị trùng",
    ],
  ])("parseScenario - %s is refused by path, and seeding writes nothing", async (_what, spoil, message) => {
    const json = JSON.parse(readFileSync(DEMO, "utf8")) as DemoJsonFull;
    spoil(json);
    const parsed = parseScenario(json);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.some((l) => l.startsWith(message))).toBe(true);
  });
});

describe("scripts/seed.ts", () => {
  const run = (args: string[]) => {
    const proc = Bun.spawnSync([process.execPath, join(ROOT, "scripts/seed.ts"), ...args], {
      stdout: "pipe",
      stderr: "pipe",
    });
    return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
  };

  it("seed CLI - an invalid scenario is refused by path with a non-zero exit, and nothing is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-seed-"));
    try {
      const bad = demoJson();
      point(bad, 3).day = "2026-12-31";
      writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
      const db = join(dir, "db.sqlite");
      const r = run(["--scenario", join(dir, "bad.json"), "--db", db]);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain("points[3].day: not one of the campaign's days");
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("seed CLI - a missing file and a missing argument get clear messages", () => {
    expect(run([]).err).toContain("Cách dùng");
    const r = run(["--scenario", "/khong/co/tep.json"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("Không đọc được");
  });
});
