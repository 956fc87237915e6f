import { describe, expect, it } from "vitest";
import { reopenMinutes } from "../../server/services/close.ts";
import { loadAggregate } from "../../server/services/results.ts";
import { verifyAll, verifyPointDay } from "../../server/services/verify-points.ts";
import { aggregateCampaign, DAY, stuffBallots, tamperOneBallot } from "../aggregate-helpers.ts";
import { makeApp, unwrap } from "../helpers.ts";

const board = { name: "bantochuc", address: null };

describe("verification of signed minutes (issue #11 §2)", () => {
  it("verifyPointDay - runs by itself when the second signature completes the minutes: verified, every check passed", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    c.close("HQ-T1");
    await c.sign("HQ-T1", [0]);
    const minutes = t.store.minutes.current(c.pointId("HQ-T1"), DAY);
    if (!minutes) throw new Error("no minutes");
    expect(t.store.results.latestVerification(minutes.id)).toBeNull();
    await c.sign("HQ-T1", [1]);
    const v = t.store.results.latestVerification(minutes.id);
    expect(v?.outcome).toBe("verified");
    expect(v?.checks.map((x) => [x.id, x.ok])).toEqual([
      ["signatures", true],
      ["reconciliation", true],
      ["document", true],
      ["config", true],
      ["roster", true],
      ["ballots", true],
      ["previous", true],
      ["counts", true],
      ["tally", true],
    ]);
    expect(v?.signatures).toBe(2);
    expect(t.store.audit.list().filter((e) => e.action === "minutes.verify")).toHaveLength(1);
  });

  it("verifyPointDay - refused for minutes not yet complete", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    c.close("HQ-T1");
    const refused = await verifyPointDay(t, board, { pointId: c.pointId("HQ-T1"), day: DAY });
    expect(!refused.ok && refused.error.code).toBe("not_complete");
  });

  it("verifyAll - a ballot row changed in the database after signing is caught: the point is discrepant, the check named 'ballots', excluded from the totals and listed", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    tamperOneBallot(t, c.pointId("HQ-T2"), DAY);
    const report = unwrap(await verifyAll(t, board));
    expect(report.verified).toBe(3);
    expect(report.discrepant.map((d) => [d.point, d.day, d.failed?.id])).toEqual([["HQ-T2", DAY, "ballots"]]);
    const loaded = unwrap(loadAggregate(t.store));
    const hq2 = loaded.aggregate.pointDays.find((p) => p.code === "HQ-T2");
    expect(hq2?.state).toBe("discrepant");
    expect(hq2?.reason).toContain("Cam kết phiếu trong hòm phiếu");
    expect(loaded.aggregate.missing.map((p) => p.code)).toContain("HQ-T2");
    // HQ-02 is now summed over HQ-T1 only.
    const hq02 = loaded.aggregate.officials.find((o) => o.code === "HQ-02");
    expect(hq02).toMatchObject({ points: 1, collected: 4, low: 1 });
    const audit = t.store.audit.list().filter((e) => e.action === "minutes.verify.all");
    expect(audit.at(-1)?.details["discrepant"]).toEqual([
      { point: "HQ-T2", day: DAY, failedCheck: "ballots" },
    ]);
    // The outcome is append-only.
    expect(() => t.store.db.run("DELETE FROM minutes_verifications")).toThrow(/append-only/);
    expect(() => t.store.db.run("UPDATE minutes_verifications SET outcome = 'verified'")).toThrow(
      /append-only/,
    );
  });

  it("verifyAll - a box stuffed before the close (more ballots than tickets) is signed as found but never checked 'Khớp': discrepant on 'reconciliation', out of the totals", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    stuffBallots(t, c.pointId("HQ-T2"), DAY, 2, "LL");
    await c.closeAndSignAll();
    const report = unwrap(await verifyAll(t, board));
    expect(report.discrepant.map((d) => [d.point, d.failed?.id])).toEqual([["HQ-T2", "reconciliation"]]);
    expect(report.discrepant[0]?.failed?.detail).toMatch(/Số liệu trong biên bản không khớp: .*thu về/i);
    const loaded = unwrap(loadAggregate(t.store));
    expect(loaded.aggregate.pointDays.find((p) => p.code === "HQ-T2")?.state).toBe("discrepant");
    expect(loaded.aggregate.missing.map((p) => p.code)).toContain("HQ-T2");
    // The stuffed LL ballots reach no official's totals: without HQ-T2, HQ-01 is HQ-T1 + HT-T1
    // (3 + 3 low of 8) and HQ-02 HQ-T1 alone (1 low of 4) — not 8/14 "over half" and 7/10.
    const official = (code: string) => loaded.aggregate.officials.find((o) => o.code === code);
    expect(official("HQ-01")).toMatchObject({ points: 2, collected: 8, low: 6 });
    expect(official("HQ-02")).toMatchObject({ points: 1, collected: 4, low: 1 });
  });

  it("verifyAll - a ballot whose marks cannot be read (marks ≠ collected in the minutes) is discrepant on 'reconciliation'", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    const pointId = c.pointId("HQ-T2");
    t.store.ballots.db.run(
      "UPDATE slots SET marks = 'X?' WHERE point_id = ? AND day = ? AND key = (SELECT key FROM slots WHERE point_id = ? AND day = ? AND filled = 1 ORDER BY key LIMIT 1)",
      [pointId, DAY, pointId, DAY],
    );
    await c.closeAndSignAll();
    const report = unwrap(await verifyAll(t, board));
    expect(report.discrepant.map((d) => [d.point, d.failed?.id])).toEqual([["HQ-T2", "reconciliation"]]);
  });

  it("loadAggregate - a check counts for the stored bytes it saw: a rewritten document is 'not checked'; a check from before migration 0017 (no stored hash) counts by the signed document's digest", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const state = (code: string) =>
      unwrap(loadAggregate(t.store)).aggregate.pointDays.find((p) => p.code === code)?.state;
    expect(state("HQ-T1")).toBe("verified");
    const m = t.store.minutes.current(c.pointId("HQ-T1"), DAY);
    if (!m) throw new Error("no minutes");
    const checked = t.store.results.latestVerification(m.id);
    if (!checked) throw new Error("no check");
    // A legacy check (no stored hash) over the same signed document still counts…
    t.store.results.addVerification({ ...checked, storedHash: null });
    expect(state("HQ-T1")).toBe("verified");
    // …and one over another document does not.
    t.store.results.addVerification({ ...checked, storedHash: null, minutesDigest: "0".repeat(64) });
    expect(state("HQ-T1")).not.toBe("verified");
    // A stored hash over other bytes does not count either.
    t.store.results.addVerification({ ...checked, storedHash: "0".repeat(64) });
    expect(state("HQ-T1")).not.toBe("verified");
    t.store.results.addVerification(checked);
    expect(state("HQ-T1")).toBe("verified");
    // The document rewritten under the check: not counted until checked again.
    t.store.db.run("DROP TRIGGER minutes_no_edit");
    t.store.db.run(
      "UPDATE minutes SET document = replace(document, '\"issued\":', '\"issued\": ') WHERE id = ?",
      [m.id],
    );
    expect(state("HQ-T1")).not.toBe("verified");
  });

  it("loadAggregate - a check from before migration 0017, answered once, is asked again when the stored minutes change under it", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    const state = (code: string) =>
      unwrap(loadAggregate(t.store)).aggregate.pointDays.find((p) => p.code === code)?.state;
    const m = t.store.minutes.current(c.pointId("HQ-T1"), DAY);
    const checked = m ? t.store.results.latestVerification(m.id) : null;
    if (!m || !checked) throw new Error("no checked minutes");
    t.store.results.addVerification({ ...checked, storedHash: null });
    expect(state("HQ-T1")).toBe("verified");
    expect(state("HQ-T1")).toBe("verified");
    // The count of issued tickets rewritten in the database: the remembered answer is not reused.
    t.store.db.run("DROP TRIGGER minutes_no_edit");
    t.store.db.run(
      "UPDATE minutes SET document = replace(document, '\"issued\":', '\"issued\":1') WHERE id = ?",
      [m.id],
    );
    expect(t.store.minutes.current(c.pointId("HQ-T1"), DAY)?.document).not.toBe(m.document);
    expect(state("HQ-T1")).not.toBe("verified");
  });

  it("verifyAll - an edited point-day counter and a signature under a key the board never registered are named", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    await c.closeAndSignAll();
    t.store.db.run("UPDATE point_days_state SET issued = issued + 1 WHERE point_id = ?", [
      c.pointId("HT-T1"),
    ]);
    // The board's registry says another key belongs to PD-T1's leader.
    const leader = c.officersOf("PD-T1")[0];
    if (!leader) throw new Error("no leader");
    const other = c.officersOf("HQ-T1")[0]?.publicKey ?? "";
    t.store.audit.append({
      at: "2026-10-27T00:00:00.000Z",
      actor: "bantochuc",
      action: "officer.reset",
      subject: leader.username,
      details: { publicKey: other },
    });
    const report = unwrap(await verifyAll(t, board));
    expect(report.discrepant.map((d) => [d.point, d.failed?.id])).toEqual([
      ["HT-T1", "counts"],
      ["PD-T1", "signatures"],
    ]);
  });

  it("verifyAll - under a rule set whose base is the roster (NQ 85/2014) every point verifies and the aggregate divides by the rosters", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t, { ruleSet: "nq85-2014" });
    await c.closeAndSignAll();
    const report = unwrap(await verifyAll(t, board));
    expect([report.verified, report.discrepant.length]).toEqual([4, 0]);
    const a = unwrap(loadAggregate(t.store)).aggregate;
    // HQ-01: 6 low over the rosters of HQ-T1, HQ-T2 and HT-T1 (10 + 8 + 6 = 24).
    expect(a.officials.find((o) => o.code === "HQ-01")).toMatchObject({
      low: 6,
      denominator: 24,
      band: "none",
    });
    // PD-01: 2 low of a roster of 4 — exactly half, not over half (and two-thirds of the collected).
    expect(a.officials.find((o) => o.code === "PD-01")).toMatchObject({
      low: 2,
      collected: 3,
      denominator: 4,
      band: "none",
    });
  });

  it("verifyPointDay - minutes reopened by the board and signed again chain to the old version and verify", async () => {
    const t = makeApp();
    const c = await aggregateCampaign(t);
    c.close("HQ-T1");
    await c.sign("HQ-T1");
    t.clock.advance(60_000);
    unwrap(
      reopenMinutes(t, board, {
        campaignId: c.campaign.id,
        pointId: c.pointId("HQ-T1"),
        day: DAY,
        reason: "Tổ công tác ký nhầm người",
      }),
    );
    t.clock.advance(60_000);
    await c.sign("HQ-T1");
    const current = t.store.minutes.current(c.pointId("HQ-T1"), DAY);
    expect(current?.version).toBe(2);
    const v = t.store.results.latestVerification(current?.id ?? 0);
    expect(v?.checks.find((x) => x.id === "previous")?.ok).toBe(true);
    expect(v?.outcome).toBe("verified");
  });
});
