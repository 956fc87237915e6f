import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, MigrationError, migrate } from "../../server/db/migrate.ts";
import { Store } from "../../server/db/store.ts";
import { fail, ok } from "../../server/domain/result.ts";
import { rosterSettingProblems } from "../../server/domain/setup.ts";
import { unwrap } from "../helpers.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-store-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A database at the schema just before migration `before`, holding campaign C1 (voting on `day`),
 * commune HQ and point HQ-T1, each with id 1: the starting point of a migration's test.
 */
function databaseBefore(
  db: Database,
  before: number,
  campaign: { day: string; onePer: "resident" | "household" },
): void {
  db.run("PRAGMA foreign_keys = ON");
  migrate(
    db,
    loadMigrations().filter((m) => m.id < before),
  );
  db.run(
    `INSERT INTO campaigns (code, name, rule_set, aggregator, district, days, one_per, created_at)
     VALUES ('C1', 'Đợt', '"qd96-2023"', 'Ban', 'Huyện', ?, ?, 't')`,
    [JSON.stringify([campaign.day]), campaign.onePer],
  );
  db.run("INSERT INTO communes (campaign_id, code, name, merged_into) VALUES (1, 'HQ', 'Xã A', 'Xã B')");
  db.run("INSERT INTO points (campaign_id, commune_id, code, name) VALUES (1, 1, 'HQ-T1', 'Thôn 1')");
}

describe("Store", () => {
  it("Store.open - file database uses WAL, synchronous=FULL, foreign keys and a busy timeout", () => {
    const store = Store.open(join(tempDir(), "nested", "db.sqlite"));
    expect(store.pragma("journal_mode")).toBe("wal");
    expect(store.pragma("synchronous")).toBe(2); // FULL
    expect(store.pragma("foreign_keys")).toBe(1);
    expect(store.pragma("busy_timeout")).toBe(5000);
    store.close();
  });

  it("Store.memory - applies every migration and records them", () => {
    const store = Store.memory();
    const ids = store.db.query<{ id: number }, []>("SELECT id FROM schema_migrations ORDER BY id").all();
    expect(ids.map((r) => r.id)).toEqual(loadMigrations().map((m) => m.id));
    expect(store.check()).toEqual({ ok: true, detail: "ok" });
  });

  it("Store.open - reopening does not re-apply migrations and keeps data", () => {
    const path = join(tempDir(), "db.sqlite");
    const a = Store.open(path);
    a.audit.append({
      at: "2026-10-27T00:00:00.000Z",
      actor: "a",
      action: "logout",
      subject: "s",
      details: {},
    });
    a.close();
    const b = Store.open(path);
    expect(b.audit.list()).toHaveLength(1);
    expect(b.db.query("SELECT count(*) AS n FROM schema_migrations").get()).toEqual({
      n: loadMigrations().length,
    });
    b.close();
  });

  it("withTransaction - a throw rolls back every write in it", () => {
    const store = Store.memory();
    expect(() =>
      store.withTransaction(() => {
        store.audit.append({
          at: "2026-10-27T00:00:00.000Z",
          actor: "a",
          action: "logout",
          subject: "s",
          details: {},
        });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(store.audit.list()).toHaveLength(0);
  });

  it("withTransaction - a failed Result rolls back every write in it and is returned", () => {
    const store = Store.memory();
    const entry = {
      at: "2026-10-27T00:00:00.000Z",
      actor: "a",
      action: "logout",
      subject: "s",
      details: {},
    } as const;
    const refused = store.withTransaction(() => {
      store.audit.append(entry);
      return fail("refused", "Không.");
    });
    expect(refused).toEqual(fail("refused", "Không."));
    expect(store.audit.list()).toHaveLength(0);
    const done = store.withTransaction(() => {
      store.audit.append(entry);
      return ok(1);
    });
    expect(done).toEqual(ok(1));
    expect(store.audit.list()).toHaveLength(1);
    expect(store.db.inTransaction).toBe(false);
  });

  it("withTransaction - a nested failed Result undoes only the nested writes", () => {
    const store = Store.memory();
    const entry = (subject: string) =>
      ({ at: "2026-10-27T00:00:00.000Z", actor: "a", action: "logout", subject, details: {} }) as const;
    const outer = store.withTransaction(() => {
      store.audit.append(entry("outer"));
      const inner = store.withTransaction(() => {
        store.audit.append(entry("inner"));
        return fail("refused", "Không.");
      });
      expect(inner.ok).toBe(false);
      return ok(true);
    });
    expect(outer.ok).toBe(true);
    expect(store.audit.list().map((e) => e.subject)).toEqual(["outer"]);
  });

  it("withTransaction - an async function is a bug: refused, nothing written", () => {
    const store = Store.memory();
    expect(() => store.withTransaction(async () => ok(true))).toThrow("async");
    expect(store.db.inTransaction).toBe(false);
  });

  it("users - usernames are unique regardless of case", async () => {
    const store = Store.memory();
    const base = {
      displayName: "A",
      role: "board" as const,
      passwordHash: "x",
      mustChangePassword: false,
      createdAt: "t",
    };
    unwrap(store.users.create({ ...base, username: "bantochuc" }));
    expect(store.users.create({ ...base, username: "BanToChuc" })).toEqual({
      ok: false,
      error: { code: "duplicate", field: "username" },
    });
  });

  it("users - display names are stored NFC", () => {
    const store = Store.memory();
    const decomposed = "Đỗ Thanh Hường".normalize("NFD");
    const user = unwrap(
      store.users.create({
        username: "a1",
        displayName: decomposed,
        role: "officer",
        passwordHash: "x",
        mustChangePassword: true,
        createdAt: "t",
      }),
    );
    expect(user.displayName).toBe("Đỗ Thanh Hường".normalize("NFC"));
    expect(store.users.byId(user.id)?.mustChangePassword).toBe(true);
  });
});

describe("migrate", () => {
  it("migrate - a failing migration leaves the database as it was and names itself", () => {
    const db = new Database(":memory:", { strict: true });
    const good = { id: 1, name: "0001-good", sql: "CREATE TABLE a (x INTEGER) STRICT;" };
    migrate(db, [good]);
    const bad = {
      id: 2,
      name: "0002-bad",
      sql: "CREATE TABLE b (y INTEGER) STRICT; INSERT INTO a VALUES (1); CREATE TABLE a (z TEXT);",
    };
    expect(() => migrate(db, [good, bad])).toThrow(MigrationError);
    expect(() => migrate(db, [good, bad])).toThrow(/0002-bad/);
    const tables = db
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .all();
    expect(tables.map((t) => t.name)).toEqual(["a", "schema_migrations"]);
    expect(db.query("SELECT count(*) AS n FROM a").get()).toEqual({ n: 0 });
    expect(db.query("SELECT id FROM schema_migrations").all()).toEqual([{ id: 1 }]);
  });

  it("loadMigrations - files are numbered, in order, without gaps", () => {
    const ids = loadMigrations().map((m) => m.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
  });
});

describe("migration 0005", () => {
  it("migrate - codes that clash without regard to case are named, in Vietnamese, before anything changes", () => {
    const db = new Database(":memory:", { strict: true });
    const all = loadMigrations();
    migrate(
      db,
      all.filter((m) => m.id < 5),
    );
    db.run(
      `INSERT INTO campaigns (code, name, rule_set, aggregator, district, days, one_per, created_at)
       VALUES ('C1', 'Đợt', '"qd96-2023"', 'Ban', 'Huyện', '["2026-10-27"]', 'resident', 't')`,
    );
    db.run(
      "INSERT INTO communes (campaign_id, code, name, merged_into) VALUES (1, 'HQ', 'Xã A', 'Xã B'), (1, 'hq', 'Xã C', 'Xã B')",
    );
    expect(() => migrate(db, all)).toThrow(/0005-codes-nocase.*xã “HQ”/);
    expect(db.query("SELECT max(id) AS id FROM schema_migrations").get()).toEqual({ id: 4 });
  });
});

describe("migration 0007", () => {
  it("migrate - kiosks paired before numbering keep their number; the next pairing counts on", () => {
    const db = new Database(":memory:", { strict: true });
    db.run("PRAGMA foreign_keys = ON");
    const all = loadMigrations();
    migrate(
      db,
      all.filter((m) => m.id < 7),
    );
    db.run(
      `INSERT INTO campaigns (code, name, rule_set, aggregator, district, days, one_per, created_at)
       VALUES ('C1', 'Đợt', '"qd96-2023"', 'Ban', 'Huyện', '["2026-10-27"]', 'resident', 't')`,
    );
    db.run("INSERT INTO communes (campaign_id, code, name, merged_into) VALUES (1, 'HQ', 'Xã A', 'Xã B')");
    db.run("INSERT INTO points (campaign_id, commune_id, code, name) VALUES (1, 1, 'HQ-T1', 'Thôn 1')");
    db.run(
      "INSERT INTO kiosks (id, token_hash, point_id, label) VALUES ('a', 'ha', 1, 'Máy 1'), ('b', 'hb', 1, 'Máy 3')",
    );
    migrate(db, all);
    expect(db.query("SELECT id, number FROM kiosks ORDER BY id").all()).toEqual([
      { id: "a", number: 1 },
      { id: "b", number: 3 },
    ]);
    expect(db.query("SELECT kiosk_counter FROM points").get()).toEqual({ kiosk_counter: 3 });
  });
});

describe("migration 0011", () => {
  it("migrate - kiosks waiting with a 6-digit code are dropped, paired ones stay (unconfirmed); campaigns get two-officer pairing", () => {
    const db = new Database(":memory:", { strict: true });
    databaseBefore(db, 11, { day: "2026-10-27", onePer: "resident" });
    const all = loadMigrations();
    db.run(
      `INSERT INTO kiosks (id, token_hash, point_id, number, label, pairing_code, pairing_expires_at)
       VALUES ('a', 'ha', 1, 1, 'Máy 1', NULL, NULL), ('b', 'hb', NULL, NULL, NULL, '123456', 'x')`,
    );
    migrate(db, all);
    expect(
      db.query("SELECT id, point_id, awaiting_point_id, confirmed_by FROM kiosks ORDER BY id").all(),
    ).toEqual([{ id: "a", point_id: 1, awaiting_point_id: null, confirmed_by: null }]);
    expect(db.query("SELECT two_officer_pairing FROM campaigns").get()).toEqual({ two_officer_pairing: 1 });
    expect(db.query("SELECT count(*) AS n FROM pairing_windows").get()).toEqual({ n: 0 });
  });
});

describe("migration 0008", () => {
  it("migrate - entries from before dates of birth were kept read back with no date, are judged by the year and can be corrected", () => {
    const path = join(tempDir(), "db.sqlite");
    const old = new Database(path, { create: true, strict: true });
    databaseBefore(old, 8, { day: "2026-03-01", onePer: "resident" });
    old.run(
      `INSERT INTO roster_entries (campaign_id, point_id, source_row, full_name, name_folded, birth_year)
       VALUES (1, 1, 2, 'Võ Văn Dũng', 'vo van dung', 1952), (1, 1, 3, 'Nguyễn Văn Trẻ', 'nguyen van tre', 2008)`,
    );
    old.close();

    const store = Store.open(path);
    expect(store.db.query("SELECT max(id) AS id FROM schema_migrations").get()).toEqual({
      id: loadMigrations().at(-1)?.id,
    });
    const entries = store.rosters.list(1);
    expect(entries.map((e) => [e.fullName, e.birthYear, e.birthDate])).toEqual([
      ["Võ Văn Dũng", 1952, null],
      ["Nguyễn Văn Trẻ", 2008, null],
    ]);
    // Judged by the year alone, as before: born 2008 turns 18 during 2026.
    expect(
      rosterSettingProblems({ code: "HQ-T1", name: "Thôn 1" }, entries, {
        days: ["2026-03-01"],
        onePer: "resident",
      }),
    ).toEqual([]);
    const young = entries[1];
    if (!young) throw new Error("fixture");
    // A correction can now add the whole date, which the stamp's re-check then judges to the day.
    store.rosters.correct(young.id, { ...young, birthDate: "2008-09-01" });
    const corrected = store.rosters.list(1);
    expect(corrected[1]?.birthDate).toBe("2008-09-01");
    expect(
      rosterSettingProblems({ code: "HQ-T1", name: "Thôn 1" }, corrected, {
        days: ["2026-03-01"],
        onePer: "resident",
      }),
    ).toHaveLength(1);
    store.close();
  });

  it("roster_entries - a malformed date of birth, or one outside the birth year, is refused by the database", () => {
    const store = Store.memory();
    store.db.run(
      `INSERT INTO campaigns (code, name, rule_set, aggregator, district, days, one_per, created_at)
       VALUES ('C1', 'Đợt', '"qd96-2023"', 'Ban', 'Huyện', '["2026-10-27"]', 'resident', 't')`,
    );
    store.db.run(
      "INSERT INTO communes (campaign_id, code, name, merged_into) VALUES (1, 'HQ', 'Xã A', 'Xã B')",
    );
    store.db.run("INSERT INTO points (campaign_id, commune_id, code, name) VALUES (1, 1, 'HQ-T1', 'Thôn 1')");
    const entry = (birthDate: string | null) => ({
      sourceRow: 2,
      fullName: "Võ Văn Dũng",
      birthYear: 1952,
      birthDate,
      gender: null,
      cccd: null,
      householdCode: null,
      relation: null,
      village: null,
    });
    expect(unwrap(store.rosters.add(1, 1, entry("1952-03-12"), false))).toBeGreaterThan(0);
    expect(unwrap(store.rosters.add(1, 1, entry(null), false))).toBeGreaterThan(0);
    expect(() => store.rosters.add(1, 1, entry("12/03/1952"), false)).toThrow(/CHECK/);
    expect(() => store.rosters.add(1, 1, entry("1953-03-12"), false)).toThrow(/CHECK/);
    store.close();
  });
});

describe("migration 0016", () => {
  it("migrate - household codes stored before the folded column are folded by the backfill and found by the search", () => {
    const path = join(tempDir(), "db.sqlite");
    const old = new Database(path, { create: true, strict: true });
    databaseBefore(old, 16, { day: "2026-03-01", onePer: "household" });
    old.run(
      `INSERT INTO roster_entries (campaign_id, point_id, source_row, full_name, name_folded, birth_year, household_code)
       VALUES (1, 1, 2, 'Võ Văn Dũng', 'vo van dung', 1952, ?), (1, 1, 3, 'Lê Thị Na', 'le thi na', 1960, NULL)`,
      ["Đt-012".normalize("NFD")],
    );
    old.close();

    const store = Store.open(path);
    expect(
      store.db.query("SELECT full_name, household_folded FROM roster_entries ORDER BY id").all(),
    ).toEqual([
      { full_name: "Võ Văn Dũng", household_folded: "dt012" },
      { full_name: "Lê Thị Na", household_folded: null },
    ]);
    expect(store.rosters.search(1, "ĐT-012").map((e) => e.fullName)).toEqual(["Võ Văn Dũng"]);
    expect(store.rosters.search(1, "na").map((e) => e.fullName)).toEqual(["Lê Thị Na"]);
    store.close();
  });
});

describe("migration 0019", () => {
  it("migrate - the separate wrong-password rows of signing, certifying and changing the password become one per user, the longest lock and most failures kept", () => {
    const path = join(tempDir(), "db.sqlite");
    const old = new Database(path, { create: true, strict: true });
    databaseBefore(old, 19, { day: "2026-03-01", onePer: "resident" });
    const row = (key: string, failures: number, last: string, locked: string | null) =>
      old.run(
        "INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)",
        [key, failures, last, locked],
      );
    row("sign:7", 3, "2026-03-01T02:00:00.000Z", "2026-03-01T02:00:30.000Z");
    row("password-change:7", 1, "2026-03-01T02:05:00.000Z", null);
    row("certify:9", 2, "2026-03-01T01:00:00.000Z", null);
    row("address:192.0.2.1", 4, "2026-03-01T02:00:00.000Z", null);
    old.close();

    const store = Store.open(path);
    expect(store.db.query("SELECT key FROM login_throttle ORDER BY key").all()).toEqual([
      { key: "address:192.0.2.1" },
      { key: "key-password:7" },
      { key: "key-password:9" },
    ]);
    expect(store.throttle.get("key-password:7")).toEqual({
      failures: 3,
      lastFailureAt: Date.parse("2026-03-01T02:05:00.000Z"),
      lockedUntil: Date.parse("2026-03-01T02:00:30.000Z"),
    });
    expect(store.throttle.get("key-password:9")?.failures).toBe(2);
    store.close();
  });
});
