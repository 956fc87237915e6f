import type { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { Store } from "../../server/db/store.ts";
import { decodeMarks } from "../../server/domain/ballot.ts";
import { paths } from "../../server/http/paths.ts";
import { castBallot, issueBallot, openPoint } from "../../server/services/voting.ts";
import { Client, makeApp } from "../helpers.ts";
import { ballotOnKiosk, entryIdOf, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

const columns = (db: Database, table: string) =>
  db
    .query<{ name: string }, []>(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => c.name)
    .sort();
const foreignKeys = (db: Database, table: string) =>
  db.query<{ table: string; from: string }, []>(`PRAGMA foreign_key_list(${table})`).all();
const tableSql = (db: Database, table: string) =>
  db.query<{ sql: string }, [string]>("SELECT sql FROM sqlite_master WHERE name = ?").get(table)?.sql ?? "";

describe("secrecy by schema (DESIGN §5)", () => {
  const { store } = makeApp();
  const db = store.db;

  it("ballots and tickets - not in the main database at all: ballots in their own file, tickets in memory", () => {
    const tables = db
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => r.name);
    expect(tables).not.toContain("ballots");
    expect(tables).not.toContain("tickets");
    expect(columns(db, "kiosks").some((c) => /ticket|cast/.test(c))).toBe(false);
  });

  it("ballot file - a slot holds the point-day, a random key, a filled flag and the marks; no time, no link", () => {
    const box = store.ballots.db;
    expect(columns(box, "slots")).toEqual(["day", "filled", "key", "marks", "point_id"]);
    expect(foreignKeys(box, "slots")).toEqual([]);
    expect(tableSql(box, "slots")).toMatch(/WITHOUT ROWID/);
    expect(() => box.query("SELECT rowid FROM slots").all()).toThrow(/rowid/);
  });

  it("check_ins - the roster entry and the time, but nothing pointing at a ticket or a ballot", () => {
    const cols = columns(db, "check_ins");
    expect(cols.some((c) => /ticket|ballot|kiosk/.test(c))).toBe(false);
    expect(
      foreignKeys(db, "check_ins")
        .map((f) => f.table)
        .sort(),
    ).toEqual(["points", "roster_entries"]);
  });

  it("no table at all links a ballot to a check-in, a ticket, a kiosk or a time", () => {
    const tables = db
      .query<{ name: string }, []>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all()
      .map((t) => t.name);
    for (const table of tables) {
      expect(
        columns(db, table).some((c) => c.includes("ballot") || c.includes("ticket")),
        table,
      ).toBe(false);
    }
    expect(
      columns(store.ballots.db, "slots").some((c) => /at$|time|created|ticket|kiosk|roster|entry/.test(c)),
    ).toBe(false);
  });
});

describe("secrecy in behaviour", () => {
  it("ballot order - reading ballots back is not casting order (rank correlation near zero over 1,000)", async () => {
    const t = makeApp();
    const day = await votingDay(t, { residents: 1000, extraOfficials: 4 });
    const actor = { name: "hq-t1-1", address: null };
    const opened = openPoint(t, actor, { campaignId: day.campaign.id, pointId: day.point.id });
    expect(opened.ok).toBe(true);
    await pairedKiosk(t, day.officer, day.point.id);
    const kioskId = kioskIdOf(t);
    const codes = ["HQ-01", "HQ-02", "HQ-03", "HQ-04", "HQ-05", "HQ-06"];
    const levels = ["high", "medium", "low", ""];
    const entries = t.store.db.query<{ id: number }, []>("SELECT id FROM roster_entries ORDER BY id").all();
    for (let i = 0; i < 1000; i++) {
      const issued = issueBallot(t, actor, {
        campaign: day.campaign,
        point: day.point,
        rosterEntryId: entries[i]?.id ?? 0,
        kioskId,
      });
      expect(issued.ok).toBe(true);
      const ticket = t.store.tickets.forKiosk(kioskId);
      // Ballot i carries i in base 4 over six officials, so each ballot is recognisable.
      const form: Record<string, string> = { confirmBlank: "1" };
      codes.forEach((code, d) => {
        const level = levels[Math.floor(i / 4 ** d) % 4] ?? "";
        if (level) form[`m.${code}`] = level;
      });
      const cast = castBallot(t, actor, { kioskId, ticketId: ticket?.id ?? "", form });
      expect(cast.ok).toBe(true);
    }
    const stored = t.store.ballots.ballots(day.point.id, "2026-10-27");
    expect(stored).toHaveLength(1000);
    const castIndex = stored.map((row) => {
      const marks = decodeMarks(codes, row) ?? {};
      return codes.reduce((n, code, d) => n + Math.max(0, levels.indexOf(marks[code] ?? "")) * 4 ** d, 0);
    });
    expect(new Set(castIndex).size).toBe(1000);
    // Spearman's rho between table position and casting order (both are permutations of 0..999).
    const ranks = [...castIndex].map((v, pos) => ({ v, pos })).sort((a, b) => a.v - b.v);
    const n = 1000;
    const d2 = ranks.reduce((sum, r, rank) => sum + (r.pos - rank) ** 2, 0);
    const rho = 1 - (6 * d2) / (n * (n * n - 1));
    expect(Math.abs(rho)).toBeLessThan(0.12);
    // Nothing of the hand-offs remains.
    expect(t.store.tickets.outstanding(day.point.id, "2026-10-27")).toBe(0);
    expect(t.store.voting.pointDay(day.point.id, "2026-10-27")).toMatchObject({
      issued: 1000,
      collected: 1000,
    });
  }, 60_000);

  it("logs and audit - no ballot content and no ticket id in request logs or the audit trail", async () => {
    const t = makeApp();
    const lines: string[] = [];
    const logger = {
      info: (e: string, f?: object) => lines.push(JSON.stringify({ e, ...f })),
      error: (e: string, f?: object) => lines.push(JSON.stringify({ e, ...f })),
    };
    const app = createApp({ store: t.store, clock: t.clock, logger });
    const t2 = { ...t, app };
    const day = await votingDay(t2);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t2, day.officer, day.point.id);
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    const { ticket } = await ballotOnKiosk(kiosk);
    await kiosk.post(paths.kiosk.review, { t: ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "medium" }, htmx);
    const res = await kiosk.post(
      paths.kiosk.cast,
      { t: ticket ?? "", "m.HQ-01": "low", "m.HQ-02": "medium" },
      htmx,
    );
    expect(res.status).toBe(200);
    const log = lines.join("\n");
    // Officer requests are logged; kiosk requests not at all (even a status can say "had blanks").
    expect(log).toContain("/to-cong-tac/diem/");
    expect(log).not.toContain("/kiosk");
    for (const secret of [ticket ?? "?", "HQ-01", "low", "medium", "Võ Văn Dũng"])
      expect(log).not.toContain(secret);
    const trail = JSON.stringify(t.store.audit.list());
    for (const secret of [ticket ?? "?", '"low"', '"medium"']) expect(trail).not.toContain(secret);
  });
});

describe("no double voting under concurrency", () => {
  it("issue - two officers issuing the same resident at once: exactly one succeeds", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.51");
    await pairedKiosk(t, day.officer, day.point.id, "192.0.2.52");
    const second = new Client(t, "192.0.2.22");
    await second.login("hq-t1-2");
    const entryId = String(entryIdOf(t, "Võ Văn Dũng"));
    const results = await Promise.all([
      day.officer.post(paths.officer.issue(day.point.id), { entryId, kioskId: kioskIdOf(t, "Máy 1") }, htmx),
      second.post(paths.officer.issue(day.point.id), { entryId, kioskId: kioskIdOf(t, "Máy 2") }, htmx),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(t.store.tickets.outstanding(day.point.id, "2026-10-27")).toBe(1);
    expect(t.store.db.query("SELECT count(*) AS n FROM check_ins").get()).toEqual({ n: 1 });
  });

  it("cast - two submissions of one ticket at once: exactly one ballot", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId: kioskIdOf(t) },
      htmx,
    );
    const { ticket } = await ballotOnKiosk(kiosk);
    const form = { t: ticket ?? "", "m.HQ-01": "high", "m.HQ-02": "low" };
    const results = await Promise.all([
      kiosk.post(paths.kiosk.cast, form, htmx),
      kiosk.post(paths.kiosk.cast, form, htmx),
    ]);
    // Both taps hear "đã ghi nhận"; only one ballot exists.
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(t.store.ballots.collected(day.point.id, "2026-10-27")).toBe(1);
  });

  it("database - a second check-in of the same entry is refused by the database itself, across connections", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-race-"));
    try {
      const path = join(dir, "db.sqlite");
      const a = Store.open(path);
      const b = Store.open(path);
      const t = { ...makeApp(), store: a };
      const day = await votingDay({ ...t, app: createApp({ store: a, clock: t.clock }) });
      const entry = entryIdOf(t, "Võ Văn Dũng");
      b.voting.openPointDay(day.point.id, "2026-10-27", "2026-10-27T01:00:00.000Z", "x");
      a.voting.insertCheckIn(entry, day.point.id, "2026-10-27", null, "2026-10-27T01:00:00.000Z", "hq-t1-1");
      expect(() =>
        b.voting.insertCheckIn(
          entry,
          day.point.id,
          "2026-10-27",
          null,
          "2026-10-27T01:00:01.000Z",
          "hq-t1-2",
        ),
      ).toThrow(/UNIQUE|PRIMARY KEY/);
      // A household campaign: the household key is unique too.
      a.voting.insertCheckIn(
        entryIdOf(t, "Nguyễn Thị Hường"),
        day.point.id,
        "2026-10-27",
        "1:H2",
        "2026-10-27T01:00:00.000Z",
        "x",
      );
      expect(() =>
        b.voting.insertCheckIn(
          entryIdOf(t, "Bùi Thế Hùng"),
          day.point.id,
          "2026-10-27",
          "1:H2",
          "2026-10-27T01:00:00.000Z",
          "x",
        ),
      ).toThrow(/UNIQUE/);
      a.close();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
