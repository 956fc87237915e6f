import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { votingFixture } from "../../scripts/voting-fixture.ts";
import { systemClock } from "../../server/clock.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { castBallot, issueBallot } from "../../server/services/voting.ts";

/**
 * Within each 4 KiB page, the share of pairs of ballots whose position in the file follows their
 * casting order (SQLite puts a later row lower in the page). 0.5 is no information; 1 gives the
 * casting order away.
 */
function inPageOrder(offsets: number[]): number {
  let agree = 0;
  let pairs = 0;
  for (let i = 0; i < offsets.length; i++) {
    for (let j = i + 1; j < offsets.length; j++) {
      const a = offsets[i] ?? 0;
      const b = offsets[j] ?? 0;
      if (Math.floor(a / 4096) !== Math.floor(b / 4096)) continue;
      pairs++;
      if (b < a) agree++;
    }
  }
  return pairs === 0 ? 0.5 : agree / pairs;
}

/** Spearman's rho of two equal-length lists of distinct numbers. */
function rho(a: number[], b: number[]): number {
  const rank = (xs: number[]) => {
    const order = xs.map((x, i) => ({ x, i })).sort((p, q) => p.x - q.x);
    const r = new Array<number>(xs.length);
    order.forEach((o, k) => {
      r[o.i] = k;
    });
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((sum, r, i) => sum + (r - (rb[i] ?? 0)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

it("sweep - after it, the database file no longer keeps the order ballots were cast in, and the WAL is empty", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-sweep-"));
  try {
    const path = join(dir, "db.sqlite");
    const store = Store.open(path);
    const fixture = await votingFixture(store, { code: "SWEEP", officials: 1, roster: 200, kiosks: 1 });
    const { campaign, point } = fixture;
    const kioskId = fixture.kiosks[0]?.id ?? "";
    const entries = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
    const deps = { store, clock: systemClock };
    const actor = SYSTEM_ACTOR;
    const castOrder: string[] = [];
    const known = new Set<string>();
    for (const [i, entry] of entries.entries()) {
      expect(issueBallot(deps, actor, { campaign, point, rosterEntryId: entry.id, kioskId }).ok).toBe(true);
      const ticket = store.voting.ticketForKiosk(kioskId);
      const form = { "m.A-01": i % 2 ? "high" : "low" };
      expect(castBallot(deps, actor, { kioskId, ticketId: ticket?.id ?? "", form }).ok).toBe(true);
      for (const { id } of store.db.query<{ id: string }, []>("SELECT id FROM ballots").all()) {
        if (!known.has(id)) castOrder.push(id);
        known.add(id);
      }
    }
    const positions = () => {
      const file = readFileSync(path);
      return castOrder.map((id) => file.indexOf(Buffer.from(id)));
    };
    const castIndex = castOrder.map((_, i) => i);

    // Until the sweep, the WAL holds every ballot in the order it was written.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expect(store.sweep().ok).toBe(true);
    const after = positions();
    expect(after.every((p) => p >= 0)).toBe(true);
    // Rows now sit in key (random id) order: neither the page order nor the order within a page says
    // anything about casting order.
    expect(Math.abs(rho(after, castIndex))).toBeLessThan(0.25);
    expect(Math.abs(inPageOrder(after) - 0.5)).toBeLessThan(0.1);
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
  });
  const kioskId = kiosks[0]?.id ?? "";
  const events: string[] = [];
  const logger = { info: (e: string) => events.push(e), error: (e: string) => events.push(`error:${e}`) };
  const sweeper = startSecrecySweep(store, logger, 10);
  await new Promise((r) => setTimeout(r, 40));
  expect(events).toEqual(["secrecy.sweep"]); // the first tick sweeps what an earlier run left
  events.length = 0;
  await new Promise((r) => setTimeout(r, 40));
  expect(events).toEqual([]); // nothing cast since: nothing to sweep
  const entry = store.db.query<{ id: number }, []>("SELECT id FROM roster_entries LIMIT 1").get();
  const deps = { store, clock: systemClock };
  issueBallot(deps, SYSTEM_ACTOR, { campaign, point, rosterEntryId: entry?.id ?? 0, kioskId });
  const ticketId = store.voting.ticketForKiosk(kioskId)?.id ?? "";
  castBallot(deps, SYSTEM_ACTOR, { kioskId, ticketId, form: { "m.A-01": "high" } });
  await new Promise((r) => setTimeout(r, 40));
  expect(events).toEqual(["secrecy.sweep"]);
  sweeper.stop();
});

it("sweep - reports failure (and is retried later) while another reader holds old WAL frames", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-sweep-busy-"));
  try {
    const path = join(dir, "db.sqlite");
    const writer = Store.open(path);
    await votingFixture(writer, { code: "BUSY", officials: 1, roster: 5, kiosks: 1 });
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
