import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../server/clock.ts";
import { hashPassword } from "../../server/crypto/password.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { decodeMarks } from "../../server/domain/ballot.ts";
import { scenarioPointDays } from "../../server/domain/scenario.ts";
import { ballotFor } from "../../server/domain/setup.ts";
import { buildScenario, byCode, type ScenarioFixture } from "../../server/scenario-builder.ts";
import { parseScenario } from "../../server/seed.ts";
import { CHEAP_SEAL, PASSWORD, testScenario } from "../helpers.ts";

const DEMO = fileURLToPath(new URL("../../scripts/scenarios/demo.json", import.meta.url));

function demo() {
  const parsed = parseScenario(JSON.parse(readFileSync(DEMO, "utf8")));
  if (!parsed.ok) throw new Error("demo invalid");
  return parsed.value;
}

describe("buildScenario", () => {
  it("buildScenario - up to the voting day: today's points open, their ballots cast and tickets voided through the services", async () => {
    const store = Store.memory();
    const clock = new ManualClock(new Date("2026-10-27T01:00:00.000Z"));
    const scenario = demo();
    const built = await buildScenario({ store, clock }, SYSTEM_ACTOR, scenario, {
      until: "voting",
      officers: { password: PASSWORD, seal: CHEAP_SEAL, passwordHash: await hashPassword(PASSWORD) },
    });
    if (!built.ok) throw new Error(built.error.message);
    expect(built.value.campaign.state).toBe("voting");
    expect(built.value.officers).toHaveLength(30);
    for (const p of scenario.points) {
      const point = byCode(built.value.points, p.code);
      const [d] = scenarioPointDays(p);
      if (!d) throw new Error(`${p.code} has no day`);
      const record = store.voting.pointDay(point.id, d.day);
      if (d.day !== "2026-10-27") {
        expect(record, p.code).toBeNull();
        continue;
      }
      const collected = d.ballots.reduce((n, b) => n + b.count, 0);
      expect(record, p.code).toMatchObject({
        status: "open",
        issued: collected + d.voided,
        collected,
        voided: d.voided,
      });
      expect(built.value.kiosks.filter((k) => k.pointCode === p.code)).toHaveLength(1);
    }
    // The marks are the scenario's: count one official's "high" over the ballot groups of a point.
    const [hq] = scenarioPointDays(byCode(scenario.points, "HQ-T1"));
    if (!hq) throw new Error("HQ-T1 has no day");
    const highs = hq.ballots.filter((b) => b.marks["HQ-01"] === "high").reduce((n, b) => n + b.count, 0);
    const point = byCode(built.value.points, "HQ-T1");
    const codes = ballotFor(point, built.value.officials).map((o) => o.code);
    const stored = store.ballots
      .ballots(point.id, hq.day)
      .map((b) => decodeMarks(codes, b))
      .filter((m) => m?.["HQ-01"] === "high");
    expect(stored).toHaveLength(highs);
    expect(store.tickets.outstanding(point.id, hq.day)).toBe(0);
    expect(store.audit.verify().ok).toBe(true);
    const actions = new Set(store.audit.list().map((e) => e.action));
    for (const action of ["scenario.load", "roster.import", "officer.create", "campaign.stamp", "point.open"])
      expect(actions).toContain(action);
  }, 30_000);

  it("buildScenario - a refused step leaves nothing behind", async () => {
    const store = Store.memory();
    const clock = new ManualClock(new Date("2026-10-27T01:00:00.000Z"));
    // One officer: the stamp refuses (minutes need two signatures).
    const scenario: ScenarioFixture = testScenario({
      residents: [{ fullName: "Lê Văn An", birthYear: 1960 }],
    });
    const point = scenario.points[0];
    if (!point) throw new Error("fixture");
    const built = await buildScenario(
      { store, clock },
      SYSTEM_ACTOR,
      { ...scenario, points: [{ ...point, officers: [{ name: "Một Mình", role: "Tổ trưởng" }] }] },
      { officers: { password: PASSWORD, seal: CHEAP_SEAL } },
    );
    expect(built).toMatchObject({ ok: false, error: { code: "not_ready" } });
    expect(store.campaigns.current()).toBeNull();
    expect(store.users.count()).toBe(0);
    expect(store.audit.list()).toEqual([]);
  });
});
