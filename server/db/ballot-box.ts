import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The ballot box: every ballot, in a database file of its own (issue #9 §1, DESIGN §5).
 *
 * Why a file of its own, and why this shape. A copy of the files taken at any moment — a backup,
 * a VM snapshot, the disk after a power cut or a kill -9 — must not link a check-in to a ballot nor
 * give the order in which ballots were cast:
 *  - Nothing about a ballot is written to the main database (check-ins, counters, audit): a cast
 *    changes only this file, so no commit of the main database's WAL holds a ballot, and no commit
 *    here holds a check-in. The live "collected" count lives here too, in the same transaction as
 *    the ballot, so the two can never disagree after a crash (one file, one atomic commit; SQLite is
 *    not atomic across files when the main database is in WAL mode).
 *  - No WAL: a rollback journal, which holds a page's previous image only while a commit is under
 *    way and is deleted when it ends; `secure_delete` zeroes freed content.
 *  - Slots: when a point opens, empty fixed-size slots are created for its day under random keys, in
 *    random order. A cast fills a randomly chosen free slot in place (same size, so SQLite
 *    overwrites the cell where it is and nothing moves): neither the key order, nor the position of
 *    a cell in its page, nor the page it sits on says when it was filled.
 *
 * What remains (README threat model): during the few milliseconds of a commit the journal holds the
 * pre-images of the pages that commit changes (one cast's, or those of the casts that arrived together
 * and share the commit: group-commit.ts), which tell which slots are being filled right then.
 */
export class BallotBox {
  private constructor(readonly db: Database) {
    db.run("PRAGMA journal_mode = DELETE");
    db.run("PRAGMA synchronous = FULL");
    db.run("PRAGMA busy_timeout = 5000");
    db.run("PRAGMA secure_delete = ON");
    // A savepoint's journal (each cast of a group commit has one) stays in memory, never in a
    // temporary file whose freed blocks could keep a ballot's old page.
    db.run("PRAGMA temp_store = MEMORY");
    db.run(`CREATE TABLE IF NOT EXISTS slots (
      point_id INTEGER NOT NULL,
      day TEXT NOT NULL,
      key INTEGER NOT NULL,
      filled INTEGER NOT NULL,
      marks TEXT NOT NULL,
      PRIMARY KEY (point_id, day, key)
    ) STRICT, WITHOUT ROWID`);
    db.run(`CREATE TABLE IF NOT EXISTS counts (
      point_id INTEGER NOT NULL,
      day TEXT NOT NULL,
      width INTEGER NOT NULL,
      slots INTEGER NOT NULL,
      collected INTEGER NOT NULL,
      PRIMARY KEY (point_id, day)
    ) STRICT, WITHOUT ROWID`);
  }

  /** The ballot file beside a main database file: `x.sqlite` → `x-ballots.sqlite`. */
  static pathBeside(mainPath: string): string {
    return mainPath.replace(/(\.sqlite3?|\.db)?$/, (ext) => `-ballots${ext || ".sqlite"}`);
  }

  static open(path: string): BallotBox {
    mkdirSync(dirname(path), { recursive: true });
    return new BallotBox(new Database(path, { create: true, strict: true }));
  }

  static memory(): BallotBox {
    return new BallotBox(new Database(":memory:", { strict: true }));
  }

  /**
   * Makes sure a point-day has at least `total` slots of `width` characters (one per official on
   * its ballot), adding empty ones under fresh random keys. Idempotent; returns how many were added.
   * Throws when the point-day already has slots of another width (the ballot style is frozen by the
   * stamp, so that is a bug).
   */
  ensureSlots(pointId: number, day: string, width: number, total: number): number {
    return this.db.transaction(() => this.addSlots(pointId, day, width, total)).immediate();
  }

  /**
   * Stores one ballot (see encodeMarks) in a random free slot of its point-day and returns the
   * point-day's new collected count. When no slot is free (the roster grew during the day), a batch
   * of fresh slots is added first. Durable when this returns (synchronous=FULL): only then may the
   * kiosk be told "đã ghi nhận".
   */
  cast(pointId: number, day: string, encoded: string): number {
    return this.db
      .transaction(() => {
        let count = this.count(pointId, day);
        if (!count) throw new Error(`no slots for point ${pointId} on ${day}: the point was never opened`);
        if (encoded.length !== count.width) throw new Error("ballot width differs from the point's ballot");
        if (count.slots - count.collected <= 0) {
          this.addSlots(pointId, day, count.width, count.slots + Math.max(8, Math.ceil(count.slots / 10)));
          count = this.count(pointId, day);
          if (!count) throw new Error("slots vanished");
        }
        const free = count.slots - count.collected;
        const pick = this.db
          .query<{ key: number }, [number, string, number]>(
            "SELECT key FROM slots WHERE point_id = ? AND day = ? AND filled = 0 LIMIT 1 OFFSET ?",
          )
          .get(pointId, day, randomBelow(free));
        if (!pick) throw new Error("free-slot count out of step with the slots");
        this.db.run("UPDATE slots SET filled = 1, marks = ? WHERE point_id = ? AND day = ? AND key = ?", [
          encoded,
          pointId,
          day,
          pick.key,
        ]);
        this.db.run("UPDATE counts SET collected = collected + 1 WHERE point_id = ? AND day = ?", [
          pointId,
          day,
        ]);
        return count.collected + 1;
      })
      .immediate();
  }

  /** Ballots collected at a point-day (0 when it never opened). */
  collected(pointId: number, day: string): number {
    return this.count(pointId, day)?.collected ?? 0;
  }

  /** Collected per point-day, every point-day at once (for the progress page). */
  collectedAll(): { pointId: number; day: string; collected: number }[] {
    return this.db
      .query<{ point_id: number; day: string; collected: number }, []>(
        "SELECT point_id, day, collected FROM counts",
      )
      .all()
      .map((r) => ({ pointId: r.point_id, day: r.day, collected: r.collected }));
  }

  /** Ballots collected so far, all points and days. */
  collectedTotal(): number {
    return this.db.query<{ n: number | null }, []>("SELECT sum(collected) AS n FROM counts").get()?.n ?? 0;
  }

  /** The stored ballots of a point-day (encoded), in key order, which is random. */
  ballots(pointId: number, day: string): string[] {
    return this.db
      .query<{ marks: string }, [number, string]>(
        "SELECT marks FROM slots WHERE point_id = ? AND day = ? AND filled = 1",
      )
      .all(pointId, day)
      .map((r) => r.marks);
  }

  close(): void {
    this.db.close();
  }

  private count(pointId: number, day: string) {
    return this.db
      .query<{ width: number; slots: number; collected: number }, [number, string]>(
        "SELECT width, slots, collected FROM counts WHERE point_id = ? AND day = ?",
      )
      .get(pointId, day);
  }

  private addSlots(pointId: number, day: string, width: number, total: number): number {
    const count = this.count(pointId, day);
    if (count && count.width !== width) throw new Error("a point-day's ballot width cannot change");
    const have = count?.slots ?? 0;
    if (have >= total) return 0;
    const insert = this.db.prepare<unknown, [number, string, number, string]>(
      "INSERT OR IGNORE INTO slots (point_id, day, key, filled, marks) VALUES (?, ?, ?, 0, ?)",
    );
    const empty = ".".repeat(width);
    let added = 0;
    while (have + added < total) {
      // A collision of 53-bit random keys is astronomically rare; OR IGNORE just draws again.
      added += insert.run(pointId, day, randomKey(), empty).changes;
    }
    this.db.run(
      `INSERT INTO counts (point_id, day, width, slots, collected) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (point_id, day) DO UPDATE SET slots = excluded.slots`,
      [pointId, day, width, have + added],
    );
    return added;
  }
}

/** A uniformly random integer in [0, n), from the system's CSPRNG (no modulo bias). */
function randomBelow(n: number): number {
  if (n <= 1) return 0;
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while ((word[0] ?? 0) >= limit);
  return (word[0] ?? 0) % n;
}

/** A random positive 52-bit integer: a slot's key, so key order says nothing of when it was made. */
function randomKey(): number {
  const words = new Uint32Array(2);
  crypto.getRandomValues(words);
  return ((words[0] ?? 0) & 0xf_ffff) * 0x1_0000_0000 + (words[1] ?? 0) + 1;
}
