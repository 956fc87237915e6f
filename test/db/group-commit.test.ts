import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { GroupCommit } from "../../server/db/group-commit.ts";
import { TicketBook } from "../../server/db/ticket-book.ts";
import { ticket } from "../support/ticket.ts";

const isFailed = (v: unknown) => typeof v === "object" && v !== null && "ok" in v && v.ok === false;

function setUp() {
  const db = new Database(":memory:");
  db.run("PRAGMA foreign_keys = ON");
  db.run("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
  db.run("CREATE TABLE t (v TEXT NOT NULL)");
  db.run(
    "CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
  );
  const book = new TicketBook();
  const group = new GroupCommit(db, book, isFailed);
  const rows = () =>
    db
      .query<{ v: string }, []>("SELECT v FROM t ORDER BY v")
      .all()
      .map((r) => r.v);
  /** Writes `v`, then answers `result` (what a service returns after its writes). */
  const insert = <T = true>(v: string, result: T = true as T): T => {
    db.run("INSERT INTO t (v) VALUES (?)", [v]);
    return result;
  };
  return { db, book, group, rows, insert };
}

describe("group commit (issue #12 §3)", () => {
  it("changes queued together share one COMMIT; a refused or throwing change undoes only its own writes", async () => {
    const { db, group, rows, insert } = setUp();
    const run = vi.spyOn(db, "run");
    const answers = await Promise.allSettled([
      group.run(() => insert("a", { ok: true })),
      group.run(() => insert("refused", { ok: false, error: { code: "no" } })),
      group.run(() => {
        insert("thrown");
        throw new Error("a bug");
      }),
      group.run(() => insert("b", { ok: true })),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(answers[1]).toEqual({ status: "fulfilled", value: { ok: false, error: { code: "no" } } });
    expect(rows()).toEqual(["a", "b"]);
    const statements = run.mock.calls.map((call) => String(call[0]));
    expect(statements.filter((s) => s === "BEGIN IMMEDIATE")).toHaveLength(1);
    expect(statements.filter((s) => s === "COMMIT")).toHaveLength(1);
    expect(db.inTransaction).toBe(false);
  });

  it("no one is answered before the COMMIT: each answer finds its write committed", async () => {
    const { db, group, insert } = setUp();
    const seen: boolean[] = [];
    await Promise.all(
      ["a", "b", "c"].map((v) => group.run(() => insert(v, true)).then(() => seen.push(db.inTransaction))),
    );
    expect(seen).toEqual([false, false, false]);
  });

  it("a change that hands out a ticket and is then refused leaves the kiosk without it", async () => {
    const { book, group, insert } = setUp();
    const refused = await group.run(() => {
      insert("check-in");
      book.issue(ticket(1), 0);
      return { ok: false };
    });
    expect(refused).toEqual({ ok: false });
    expect(book.forKiosk("k1")).toBeNull();
  });

  it("a cast that consumes a ticket and then throws gives the ticket back, with nothing remembered as cast", async () => {
    const { book, group } = setUp();
    book.issue(ticket(1), 1_000);
    await expect(
      group.run(() => {
        book.consume(ticket(1), 2_000);
        throw new Error("a bug after the ballot");
      }),
    ).rejects.toThrow("a bug after the ballot");
    expect(book.forKiosk("k1")?.id).toBe("t1");
    expect(book.lastCastBy("k1")).toBeNull();
    expect(book.paceOf("k1", "2026-10-27")).toEqual({ fast: 0, of: 0, alert: false });
    // The journal is closed: a later change outside a batch is not undone by anything.
    book.consume(ticket(1), 3_000);
    expect(book.lastCastBy("k1")).toBe("t1");
  });

  it("a failed COMMIT undoes the whole batch, on disk and in memory, and every caller hears it", async () => {
    const { db, book, group, rows, insert } = setUp();
    book.issue(ticket(1, "k1"), 0);
    const answers = await Promise.allSettled([
      group.run(() => {
        insert("cast");
        book.consume(ticket(1, "k1"), 20_000);
        return { ok: true };
      }),
      group.run(() => {
        insert("check-in");
        book.issue(ticket(2, "k2"), 20_000);
        // Checked only at COMMIT: the batch's COMMIT fails (as a full disk would make it).
        db.run("INSERT INTO child (parent_id) VALUES (42)");
        return { ok: true };
      }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["rejected", "rejected"]);
    expect(String((answers[0] as PromiseRejectedResult).reason)).toContain("FOREIGN KEY");
    expect(rows()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    expect(book.forKiosk("k1")?.id).toBe("t1");
    expect(book.lastCastBy("k1")).toBeNull();
    expect(book.forKiosk("k2")).toBeNull();
    // The next batch runs normally.
    await group.run(() => insert("later", true));
    expect(rows()).toEqual(["later"]);
  });

  it("changes run in arrival order: the second cast of one ticket finds it consumed", async () => {
    const { book, group } = setUp();
    book.issue(ticket(1), 0);
    const castOnce = () =>
      group.run(() => {
        const held = book.forKiosk("k1");
        if (!held) return { ok: true, repeated: book.lastCastBy("k1") === "t1" };
        book.consume(held, 30_000);
        return { ok: true, repeated: false };
      });
    expect(await Promise.all([castOnce(), castOnce()])).toEqual([
      { ok: true, repeated: false },
      { ok: true, repeated: true },
    ]);
  });

  it("a batch that cannot even begin (the file is locked) rejects every caller, undoes nothing it did not do, and the next batch runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-group-"));
    try {
      const path = join(dir, "g.sqlite");
      const db = new Database(path, { create: true });
      db.run("PRAGMA busy_timeout = 0");
      db.run("CREATE TABLE t (v TEXT NOT NULL)");
      const book = new TicketBook();
      book.issue(ticket(1), 0);
      const group = new GroupCommit(db, book, isFailed);
      const other = new Database(path);
      other.run("BEGIN IMMEDIATE");
      const refused = await Promise.allSettled([
        group.run(() => {
          book.consume(ticket(1), 1);
          return true;
        }),
      ]);
      expect(refused[0]?.status).toBe("rejected");
      expect(book.forKiosk("k1")?.id).toBe("t1");
      other.run("ROLLBACK");
      other.close();
      await group.run(() => db.run("INSERT INTO t (v) VALUES ('after')").changes);
      expect(db.query<{ n: number }, []>("SELECT count(*) AS n FROM t").get()?.n).toBe(1);
      expect(db.inTransaction).toBe(false);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
