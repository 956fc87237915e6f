import type { Database } from "bun:sqlite";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codeKey } from "../domain/roster-search.ts";

export type Migration = { id: number; name: string; sql: string };

/** Resolved from this file, not the working directory, so the server starts from any folder. */
const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** The numbered SQL files `NNNN-name.sql`, in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      id: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ""),
      sql: readFileSync(`${dir}/${file}`, "utf8"),
    }));
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(
      `Không áp dụng được bản nâng cấp cơ sở dữ liệu ${migration}: ${cause instanceof Error ? cause.message : String(cause)}. Cơ sở dữ liệu được giữ nguyên như trước.`,
    );
    this.name = "MigrationError";
  }
}

/**
 * Checks a migration needs before it runs, with a message that says what to fix (in Vietnamese,
 * naming the data) instead of the SQL error the migration would stop with.
 */
const PREFLIGHT: Record<number, (db: Database) => string | null> = {
  // 0005 makes codes unique without regard to case: name the codes that already clash.
  5: (db) => {
    const clashes = db
      .query<{ what: string; code: string }, []>(
        `SELECT 'đợt' AS what, code FROM campaigns GROUP BY code COLLATE NOCASE HAVING count(*) > 1
         UNION ALL SELECT 'xã', code FROM communes GROUP BY campaign_id, code COLLATE NOCASE HAVING count(*) > 1
         UNION ALL SELECT 'người được lấy phiếu', code FROM officials GROUP BY campaign_id, code COLLATE NOCASE HAVING count(*) > 1
         UNION ALL SELECT 'điểm', code FROM points GROUP BY campaign_id, code COLLATE NOCASE HAVING count(*) > 1`,
      )
      .all();
    if (clashes.length === 0) return null;
    const list = clashes.map((c) => `${c.what} “${c.code}”`).join(", ");
    return `có mã chỉ khác nhau ở chữ hoa, chữ thường (${list}); hãy đổi một trong các mã trùng bằng bản cũ của phần mềm rồi khởi động lại`;
  },
};

/**
 * Data a migration's new columns need that SQL cannot compute, run in the migration's transaction
 * right after its SQL (so a failure leaves the database as it was, like a failing statement).
 */
const BACKFILL: Record<number, (db: Database) => void> = {
  // 0016 keeps each household code folded for the search; folding (Vietnamese letters, tone marks,
  // any Unicode form) is the domain's codeKey, the same function the search folds a typed term with.
  16: (db) => {
    const update = db.query("UPDATE roster_entries SET household_folded = ? WHERE id = ?");
    // Read whole before writing: rows are not updated under a running scan of their own table.
    for (const row of db
      .query<{ id: number; household_code: string }, []>(
        "SELECT id, household_code FROM roster_entries WHERE household_code IS NOT NULL",
      )
      .all()) {
      update.run(codeKey(row.household_code), row.id);
    }
  },
};

/**
 * Applies every migration not yet recorded, each in its own transaction: a failing one is rolled
 * back whole, leaving the database as it was, and stops start-up with a MigrationError.
 */
export function migrate(db: Database, migrations: Migration[] = loadMigrations()): number[] {
  db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
  ) STRICT`);
  const done = new Set(
    db
      .query<{ id: number }, []>("SELECT id FROM schema_migrations")
      .all()
      .map((row) => row.id),
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    const blocker = PREFLIGHT[migration.id]?.(db);
    if (blocker) throw new MigrationError(migration.name, new Error(blocker));
    try {
      db.transaction(() => {
        db.run(migration.sql);
        BACKFILL[migration.id]?.(db);
        db.run("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)", [
          migration.id,
          migration.name,
          new Date().toISOString(),
        ]);
      }).immediate();
    } catch (cause) {
      throw new MigrationError(migration.name, cause);
    }
    applied.push(migration.id);
  }
  return applied;
}
