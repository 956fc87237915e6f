import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { votingFixture } from "../../scripts/voting-fixture.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { castBallot, issueBallot } from "../../server/services/voting.ts";
import { testClock } from "../support/clock.ts";
import { allRecords, snapshotFiles } from "../support/forensic.ts";

it("sweep - empties the main database's WAL; the main files never hold a ballot at any moment", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-sweep-"));
  try {
    const path = join(dir, "db.sqlite");
    const store = Store.open(path);
    const { campaign, point, officialCodes, kiosks } = await votingFixture(store, {
      code: "SWEEP",
      officials: 5,
      roster: 60,
      kiosks: 1,
      clock: testClock,
    });
    const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
    const deps = { store, clock: testClock };
    const kioskId = kiosks[0]?.id ?? "";
    const cast: string[] = [];
    for (const [i, entry] of entries.entries()) {
      expect(issueBallot(deps, SYSTEM_ACTOR, { campaign, point, rosterEntryId: entry.id, kioskId }).ok).toBe(
        true,
      );
      const ticket = store.tickets.forKiosk(kioskId);
      const form: Record<string, string> = { confirmBlank: "1" };
      officialCodes.forEach((code, d) => {
        const level = ["high", "medium", "low", ""][Math.floor(i / 4 ** d) % 4] ?? "";
        if (level) form[`m.${code}`] = level;
      });
      expect(castBallot(deps, SYSTEM_ACTOR, { kioskId, ticketId: ticket?.id ?? "", form }).ok).toBe(true);
      cast.push(store.ballots.ballots(point.id, campaign.days[0] ?? "").find((b) => !cast.includes(b)) ?? "");
      // Right after each cast, nothing in the main files holds the ballot just stored.
      if (i % 20 === 0) {
        const values = allRecords(snapshotFiles(path)).flatMap((r) => r.values);
        for (const ballot of cast) expect(values).not.toContain(ballot);
      }
    }
    expect(new Set(cast).size).toBe(entries.length);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expect(store.sweep().ok).toBe(true);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(store.check()).toEqual({ ok: true, detail: "ok" });
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("startSecrecySweep - sweeps only after new ballots, and can be stopped", async () => {
  const { startSecrecySweep } = await import("../../server/services/sweep.ts");
  const store = Store.memory();
  const { campaign, point, kiosks } = await votingFixture(store, {
    code: "SW2",
    officials: 1,
    roster: 3,
    kiosks: 1,
    clock: testClock,
  });
  const kioskId = kiosks[0]?.id ?? "";
  const events: string[] = [];
  const logger = { info: (e: string) => events.push(e), error: (e: string) => events.push(`error:${e}`) };
  // The timer is an hour: the test drives the ticks itself (sweepNow), so the machine's load cannot
  // make it flaky.
  const sweeper = startSecrecySweep(store, logger, 3_600_000);
  sweeper.sweepNow();
  expect(events).toEqual(["secrecy.sweep"]); // the first tick sweeps what an earlier run left
  events.length = 0;
  sweeper.sweepNow();
  expect(events).toEqual([]); // nothing cast since: nothing to sweep
  const entry = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries LIMIT 1").get();
  const deps = { store, clock: testClock };
  expect(
    issueBallot(deps, SYSTEM_ACTOR, { campaign, point, rosterEntryId: entry?.id ?? 0, kioskId }).ok,
  ).toBe(true);
  const ticketId = store.tickets.forKiosk(kioskId)?.id ?? "";
  expect(castBallot(deps, SYSTEM_ACTOR, { kioskId, ticketId, form: { "m.A-01": "high" } }).ok).toBe(true);
  sweeper.sweepNow();
  expect(events).toEqual(["secrecy.sweep"]);
  sweeper.stop();
});

it("sweep - reports failure (and is retried later) while another reader holds old WAL frames", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-sweep-busy-"));
  try {
    const path = join(dir, "db.sqlite");
    const writer = Store.open(path);
    await votingFixture(writer, { code: "BUSY", officials: 1, roster: 5, kiosks: 1, clock: testClock });
    const reader = Store.open(path);
    reader.db.run("BEGIN");
    reader.db.query("SELECT count(*) FROM roster_entries").get();
    writer.audit.append({
      at: "2026-10-27T00:00:00.000Z",
      actor: "t",
      action: "logout",
      subject: "t",
      details: {},
    });
    expect(writer.sweep()).toEqual({ ok: false, reason: "checkpoint busy" });
    reader.db.run("COMMIT");
    expect(writer.sweep().ok).toBe(true);
    reader.close();
    writer.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
