import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../server/domain/seeded-random.ts";
import {
  allRecords,
  applyWal,
  type ForensicRecord,
  findRecordsContaining,
  firstAppearances,
  guessLinks,
  readDatabaseImage,
  readJournal,
  readPageImage,
  readShm,
  readWal,
  type SqlValue,
  searchBytes,
  snapshotFiles,
  spearman,
} from "./forensic.ts";

// Real databases written by bun:sqlite, copied at chosen moments, read back byte by byte.

function withDir(fn: (dir: string) => void | Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-forensic-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const hex = (next: () => number, bytes = 16) =>
  Array.from({ length: bytes }, () =>
    Math.floor(next() * 256)
      .toString(16)
      .padStart(2, "0"),
  ).join("");

function shuffle<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A row as the table holds it: the INTEGER PRIMARY KEY column (stored as null) takes the rowid. */
const row = (r: ForensicRecord): SqlValue[] => r.values.map((v, i) => (i === 0 && v === null ? r.rowid : v));
/** Comparable text for a list of values (bigints and blobs included). */
const key = (values: SqlValue[]) =>
  values.map((v) => (v instanceof Uint8Array ? `blob:${v.join(",")}` : `${typeof v}:${String(v)}`)).join("|");
const live = (records: ForensicRecord[], tree: string) => records.filter((r) => r.live && r.tree === tree);
/**
 * The product's settings (server/db/store.ts) so that the files are what the server would leave,
 * except synchronous: the server's FULL writes the same WAL bytes, only with an fsync per commit,
 * which would make these tests slow.
 */
function productDb(path: string): Database {
  const db = new Database(path, { create: true, strict: true });
  db.run("PRAGMA journal_mode = WAL");
  db.run("PRAGMA synchronous = OFF");
  db.run("PRAGMA secure_delete = ON");
  return db;
}

const NAMES = [
  "Nguyễn Thị Hường",
  "Trần Văn Đức",
  "Lê Thị Ánh Tuyết",
  "Phạm Quốc Việt",
  "Võ Văn Dũng",
  "Đặng Thị Ngọc Hân",
].map((n) => n.normalize("NFC"));

const INTS: (number | bigint)[] = [
  0,
  1,
  -1,
  127,
  -128,
  32767,
  -32768,
  8388607,
  -8388608,
  2147483647,
  -2147483648,
  140737488355327,
  -140737488355328,
  Number.MAX_SAFE_INTEGER,
  9223372036854775807n,
  -9223372036854775808n,
];

describe("readDatabaseImage", () => {
  it(
    "readDatabaseImage - header, schema and exactly the rows of rowid and WITHOUT ROWID tables, overflow and index b-trees included",
    withDir((dir) => {
      const path = join(dir, "rollback.sqlite");
      const db = new Database(path, { create: true });
      db.run("PRAGMA journal_mode = DELETE");
      db.run(
        "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, born INTEGER, weight REAL, photo BLOB)",
      );
      db.run("CREATE INDEX people_name ON people (name)");
      db.run("CREATE TABLE tokens (id TEXT PRIMARY KEY, point INTEGER, label TEXT) WITHOUT ROWID");
      const next = mulberry32(9);
      const big = Uint8Array.from({ length: 20_000 }, () => Math.floor(next() * 256));
      const people: SqlValue[][] = INTS.map((born, i) => [
        i + 1,
        `${NAMES[i % NAMES.length]} ${i}`,
        born,
        i === 3 ? null : i / 7 - 1.5,
        i === 5 ? big : i % 2 ? new Uint8Array([i, 0, 255]) : null,
      ]);
      const insertPerson = db.prepare("INSERT INTO people VALUES (?, ?, ?, ?, ?)");
      db.transaction(() => {
        for (const p of people) insertPerson.run(...(p as [number, string, number, number, Uint8Array]));
      })();
      const tokens: SqlValue[][] = Array.from({ length: 400 }, (_, i) => [hex(next), i % 7, `Điểm ${i}`]);
      const insertToken = db.prepare("INSERT INTO tokens VALUES (?, ?, ?)");
      db.transaction(() => {
        for (const t of tokens) insertToken.run(...(t as [string, number, string]));
      })();
      db.close();

      const bytes = snapshotFiles(path).main ?? new Uint8Array();
      const image = readDatabaseImage(bytes);
      expect(image.header).toMatchObject({
        valid: true,
        pageSize: 4096,
        encoding: "utf-8",
        pageCountValid: true,
      });
      expect(image.header.pageCount).toBe(bytes.length / 4096);
      expect(image.schema.map((s) => [s.type, s.name, s.table])).toEqual([
        ["table", "people", "people"],
        ["index", "people_name", "people"],
        ["table", "tokens", "tokens"],
      ]);
      // Every page is accounted for: b-tree or overflow, nothing unreachable, no freelist yet.
      expect(image.pages.filter((p) => p.role !== "btree" && p.role !== "overflow")).toEqual([]);
      // The 20 KB record keeps 3,672 bytes on its leaf (SQLite's rule makes the rest a whole number
      // of 4,092-byte overflow payloads): 4 overflow pages.
      expect(image.pages.filter((p) => p.role === "overflow").length).toBe(4);

      const found = live(image.records, "people").map(row);
      expect(found).toEqual(people);
      const photo = live(image.records, "people").find((r) => r.rowid === 6);
      expect(photo?.complete).toBe(true);
      expect(photo?.values[4]).toEqual(big);
      expect(live(image.records, "people_name").map((r) => r.values)).toEqual(
        // BINARY collation: UTF-8 byte order, which UTF-16 code unit order matches outside surrogates.
        people.map((p) => [p[1], p[0]]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
      );
      // A WITHOUT ROWID table is an index b-tree whose interior pages hold rows too: each row once.
      const tokenRecords = live(image.records, "tokens");
      expect(tokenRecords.some((r) => r.pageType === "index-interior")).toBe(true);
      expect(tokenRecords.map((r) => r.values).sort()).toEqual([...tokens].sort());
      // Offsets point at the cell in the file (its key follows a few bytes of lengths and header).
      // A key can appear twice: a page split leaves stale copies of cells in the old page's gap.
      for (const r of tokenRecords)
        expect(searchBytes(bytes, String(r.values[0])).some((o) => o > r.offset && o < r.offset + 16)).toBe(
          true,
        );
      // Not live but not noise either: splits leave earlier copies of cells in freeblocks and in the
      // gap of the page that became the root. Each one is a real row.
      const stale = image.records.filter((r) => !r.live);
      expect(stale.length).toBeGreaterThan(0);
      const known = new Set([...people.map((p) => key(p.slice(1))), ...tokens.map(key)]);
      for (const r of stale)
        expect(known.has(key(r.tree === "people" ? r.values.slice(1) : r.values))).toBe(true);
      // Where a stale people cell kept its prefix, its rowid is the person's id.
      const byName = new Map(people.map((p) => [p[1], p[0]]));
      for (const r of stale.filter((s) => s.tree === "people" && s.rowid !== null))
        expect(r.rowid).toBe(byName.get(r.values[1] ?? null));
      expect(stale.some((s) => s.tree === "people" && s.rowid !== null)).toBe(true);
    }),
  );

  it(
    "readDatabaseImage - text in UTF-16le and UTF-16be databases",
    withDir((dir) => {
      for (const encoding of ["UTF-16le", "UTF-16be"]) {
        const path = join(dir, `${encoding}.sqlite`);
        const db = new Database(path, { create: true });
        db.run(`PRAGMA encoding = '${encoding}'`);
        db.run("CREATE TABLE t (name TEXT, n INTEGER)");
        db.transaction(() => {
          for (const [i, name] of NAMES.entries()) db.run("INSERT INTO t VALUES (?, ?)", [name, i]);
        })();
        db.close();
        const image = readDatabaseImage(snapshotFiles(path).main ?? new Uint8Array());
        expect(image.header.encoding).toBe(encoding.toLowerCase());
        expect(live(image.records, "t").map((r) => r.values)).toEqual(NAMES.map((n, i) => [n, i]));
        expect(image.schema[0]?.sql).toBe("CREATE TABLE t (name TEXT, n INTEGER)");
      }
    }),
  );

  it(
    "readDatabaseImage - deleted rows are carved from freeblocks, the unallocated gap and free pages without secure_delete, and are gone with it",
    withDir((dir) => {
      for (const secure of [false, true]) {
        const path = join(dir, `carve-${secure}.sqlite`);
        const db = new Database(path, { create: true });
        db.run("PRAGMA journal_mode = DELETE");
        db.run(`PRAGMA secure_delete = ${secure ? "ON" : "OFF"}`);
        db.run("CREATE TABLE tickets (id INTEGER PRIMARY KEY, token TEXT, kiosk TEXT, opened INTEGER)");
        const next = mulberry32(42);
        const rows: SqlValue[][] = Array.from({ length: 150 }, (_, i) => [
          1000 + i,
          hex(next, 32),
          // Over 127 bytes of payload and rowids over 127: the 4 bytes a freeblock link overwrites are
          // the cell's length and rowid, and the record header survives.
          `Máy ${i % 9} — điểm bỏ phiếu thôn Đông, xã Hòa Bình, tỉnh Quảng Trị`,
          i % 2,
        ]);
        const insert = db.prepare("INSERT INTO tickets VALUES (?, ?, ?, ?)");
        db.transaction(() => {
          for (const r of rows) insert.run(...(r as [number, string, string, number]));
        })();
        // Scattered cells become freeblocks, the last cell written returns to the unallocated gap,
        // and a long run empties whole pages onto the freelist.
        const deleted = new Set([1010, 1020, 1149, ...Array.from({ length: 70 }, (_, i) => 1040 + i)]);
        db.transaction(() => {
          for (const id of deleted) db.run("DELETE FROM tickets WHERE id = ?", [id]);
        })();
        db.close();

        const bytes = snapshotFiles(path).main ?? new Uint8Array();
        const image = readDatabaseImage(bytes);
        const kept = rows.filter((r) => !deleted.has(r[0] as number));
        const gone = rows.filter((r) => deleted.has(r[0] as number));
        expect(live(image.records, "tickets").map(row)).toEqual(kept);
        expect(image.header.freelistCount).toBeGreaterThan(0);
        const dead = image.records.filter((r) => !r.live);
        if (secure) {
          expect(dead).toEqual([]);
          for (const r of gone) expect(searchBytes(bytes, String(r[1]))).toEqual([]);
          continue;
        }
        // Every carved record is a real row (no garbage; some are stale copies of rows still live),
        // and every deleted row whose bytes are still in the file is carved whole. Rows a page
        // rebalance wrote over are gone for SQLite and for us alike.
        const byToken = new Map(rows.map((r) => [r[1], r]));
        for (const r of dead) expect(byToken.get(r.values[1] ?? null)?.slice(1)).toEqual(r.values.slice(1));
        const recovered = new Set(dead.map((r) => r.values[1]));
        const surviving = gone.filter((r) => searchBytes(bytes, String(r[1])).length > 0);
        expect(surviving.length).toBeGreaterThan(20);
        expect(surviving.filter((r) => !recovered.has(r[1] ?? null))).toEqual([]);
        for (const id of [1010, 1020, 1149]) expect(recovered.has(rows[id - 1000]?.[1] ?? null)).toBe(true);
        expect(new Set(dead.map((r) => r.area))).toEqual(new Set(["freeblock", "unallocated", "free-page"]));
        // Where the cell prefix survived, the rowid (an INTEGER PRIMARY KEY) comes back too.
        const last = dead.find((r) => r.area === "unallocated" && r.values[1] === rows[149]?.[1]);
        expect(last?.rowid).toBe(1149);
        expect(image.pages.some((p) => p.role === "freelist-trunk")).toBe(true);
      }
    }),
  );
});

describe("readWal and readShm", () => {
  it(
    "readWal - rows committed one by one: frames in write order, first appearances give the insertion order (rho = 1), the -shm maps the same frames",
    withDir((dir) => {
      const path = join(dir, "wal.sqlite");
      const db = productDb(path);
      db.run(
        "CREATE TABLE ballots (id TEXT PRIMARY KEY, point_id INTEGER, marks TEXT) STRICT, WITHOUT ROWID",
      );
      const next = mulberry32(7);
      const ids = Array.from({ length: 240 }, () => hex(next));
      const insert = db.prepare("INSERT INTO ballots VALUES (?, 1, ?)");
      for (const [i, id] of ids.entries())
        insert.run(id, JSON.stringify({ "HQ-01": i % 3 ? "high" : "low" }));
      // Copied before close, as after kill -9: nothing has been checkpointed yet.
      const files = snapshotFiles(path);
      db.close();

      const wal = readWal(files.wal ?? new Uint8Array(), undefined, { main: files.main });
      expect(wal.header).toMatchObject({
        valid: true,
        checksumValid: true,
        pageSize: 4096,
        version: 3007000,
      });
      expect(wal.frames.length).toBeGreaterThan(240);
      expect(wal.frames.every((f) => f.valid && f.committed && f.saltMatches && f.checksumValid)).toBe(true);
      expect(wal.frames.map((f) => f.writeOrder)).toEqual(wal.frames.map((f) => f.index));
      // One commit frame per transaction: the table's creation and 240 inserts.
      expect(wal.frames.filter((f) => f.commitSize > 0)).toHaveLength(241);

      // The main file is still empty of ballots; the database SQLite sees holds them all.
      expect(
        readDatabaseImage(files.main ?? new Uint8Array()).records.some((r) => r.tree === "ballots"),
      ).toBe(false);
      const now = readDatabaseImage(applyWal(files.main ?? new Uint8Array(), wal));
      expect(
        live(now.records, "ballots")
          .map((r) => r.values[0])
          .sort(),
      ).toEqual([...ids].sort());

      // A frame's image decodes on its own to the same records.
      const last = wal.frames.at(-1);
      const alone = readPageImage(last?.image ?? new Uint8Array(), last?.page ?? 0);
      expect([...alone.records].sort((a, b) => a.pageOffset - b.pageOffset).map((r) => r.values)).toEqual(
        wal.records.filter((r) => r.frame === last?.index).map((r) => r.values),
      );

      const records = allRecords(files);
      expect(
        records.filter((r) => r.source === "wal").every((r) => r.tree === "ballots" || r.page === 1),
      ).toBe(true);
      const first = firstAppearances(records, (r) =>
        r.tree === "ballots" && r.live ? String(r.values[0]) : undefined,
      );
      expect(first.size).toBe(240);
      // The attack the product must defeat: the WAL dates every ballot.
      const txns = ids.map((id) => first.get(id)?.txn ?? -1);
      expect(
        spearman(
          ids.map((_, i) => i),
          txns,
        ),
      ).toBe(1);
      expect(txns).toEqual(ids.map((_, i) => i + 1));

      const shm = readShm(files.shm ?? new Uint8Array());
      expect(shm.headersMatch).toBe(true);
      expect(shm.headers[0]).toMatchObject({
        checksumValid: true,
        mxFrame: wal.frames.length,
        pageSize: 4096,
        salt1: wal.header?.salt1,
        salt2: wal.header?.salt2,
      });
      expect(shm.frames).toEqual(wal.frames.map((f) => ({ index: f.index, page: f.page, current: true })));
    }),
  );

  it(
    "readWal - after a checkpoint restart, stale frames of the earlier generation are still read and ordered before the new ones",
    withDir((dir) => {
      const path = join(dir, "restart.sqlite");
      const db = productDb(path);
      db.run("PRAGMA wal_autocheckpoint = 0");
      db.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
      for (let i = 0; i < 60; i++) db.run("INSERT INTO t (v) VALUES (?)", [`cũ ${i}`]);
      expect(db.query("PRAGMA wal_checkpoint(RESTART)").get()).toMatchObject({ busy: 0 });
      for (let i = 0; i < 2; i++) db.run("INSERT INTO t (v) VALUES (?)", [`mới ${i}`]);
      const files = snapshotFiles(path);
      db.close();

      const wal = readWal(files.wal ?? new Uint8Array());
      const current = wal.frames.filter((f) => f.generation === 0);
      const stale = wal.frames.filter((f) => f.generation === -1);
      expect(current.length).toBe(2);
      expect(current.every((f) => f.valid && f.committed)).toBe(true);
      expect(stale.length).toBeGreaterThan(50);
      expect(stale.every((f) => !f.saltMatches && !f.valid && !f.committed)).toBe(true);
      // Their own checksum chain still holds (only the first, whose predecessor was overwritten, is unknowable).
      expect(stale.filter((f) => f.checksumValid !== true).map((f) => f.index)).toEqual([2]);
      expect(wal.frames.map((f) => f.generation)).toEqual([...stale, ...current].map((f) => f.generation));

      const first = firstAppearances(wal.records, (r) => (r.live ? String(r.values[1]) : undefined));
      const order = [...Array.from({ length: 60 }, (_, i) => `cũ ${i}`), "mới 0", "mới 1"];
      // The first rows' frames were overwritten by the restart; what the stale frames still hold is read.
      const seen = order.filter((v) => first.has(v));
      expect(seen.length).toBeGreaterThan(50);
      expect(seen.slice(-2)).toEqual(["mới 0", "mới 1"]);
      expect(
        spearman(
          seen.map((v) => order.indexOf(v)),
          seen.map((v) => first.get(v)?.writeOrder ?? -1),
        ),
      ).toBe(1);
    }),
  );

  it(
    "readDatabaseImage - after VACUUM and wal_checkpoint(TRUNCATE), cell offsets of a random-keyed WITHOUT ROWID table say nothing of insertion order",
    withDir((dir) => {
      const path = join(dir, "sweep.sqlite");
      const db = productDb(path);
      db.run("CREATE TABLE ballots (id TEXT PRIMARY KEY, marks TEXT) STRICT, WITHOUT ROWID");
      db.run("CREATE TABLE entries (id INTEGER PRIMARY KEY, name TEXT)");
      const next = mulberry32(2026);
      const ids = Array.from({ length: 300 }, () => hex(next));
      for (const [i, id] of ids.entries()) {
        db.run("INSERT INTO ballots VALUES (?, ?)", [id, `{"HQ-01":"${i % 2 ? "high" : "low"}"}`]);
        db.run("INSERT INTO entries (name) VALUES (?)", [`${NAMES[i % NAMES.length]} ${i}`]);
      }
      db.run("VACUUM");
      expect(db.query("PRAGMA wal_checkpoint(TRUNCATE)").get()).toMatchObject({ busy: 0 });
      const files = snapshotFiles(path);
      db.close();

      expect(files.wal?.length ?? 0).toBe(0);
      const records = allRecords(files);
      expect(records.every((r) => r.source === "main" && r.live)).toBe(true);
      const offset = new Map(live(records, "ballots").map((r) => [String(r.values[0]), r.offset]));
      expect(offset.size).toBe(300);
      const rho = spearman(
        ids.map((_, i) => i),
        ids.map((id) => offset.get(id) ?? -1),
      );
      expect(Math.abs(rho)).toBeLessThan(0.2);
      expect(
        Math.abs(
          spearman(
            ids.map((_, i) => i),
            ids.map((id) => Math.floor((offset.get(id) ?? 0) / 4096)),
          ),
        ),
      ).toBeLessThan(0.2);
      // The same measure does see order where the key is the insertion order (a rowid table): pages
      // follow it (within a page, later rows sit lower, which sweep.test.ts measures).
      const entries = live(records, "entries");
      expect(
        spearman(
          entries.map((r) => Number(r.rowid)),
          entries.map((r) => r.page),
        ),
      ).toBeGreaterThan(0.9);
    }),
  );

  it(
    "readWal - a copy taken after kill -9 of the writer holds every acknowledged row in committed frames",
    withDir(async (dir) => {
      const path = join(dir, "killed.sqlite");
      const script = `
        import { Database } from "bun:sqlite";
        const db = new Database(${JSON.stringify(path)}, { create: true });
        db.run("PRAGMA journal_mode = WAL"); db.run("PRAGMA synchronous = FULL");
        db.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        for (let i = 0; ; i++) { db.run("INSERT INTO t (v) VALUES (?)", ["phiếu " + i]); console.log(i); }`;
      const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
      const reader = child.stdout.getReader();
      const decoder = new TextDecoder();
      let acknowledged = -1;
      let buffer = "";
      while (acknowledged < 30) {
        const { value, done } = await reader.read();
        if (done) throw new Error("writer exited early");
        buffer += decoder.decode(value);
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) if (/^\d+$/.test(line)) acknowledged = Number(line);
      }
      child.kill("SIGKILL");
      await child.exited;
      const files = snapshotFiles(path);
      const wal = readWal(files.wal ?? new Uint8Array());
      const committed = new Set(
        wal.records.filter((r) => r.committed && r.live).map((r) => String(r.values[1])),
      );
      for (let i = 0; i <= acknowledged; i++) expect(committed.has(`phiếu ${i}`)).toBe(true);
    }),
  );
});

describe("readJournal", () => {
  it(
    "readJournal - mid-transaction in journal_mode=DELETE the -journal holds the original pages: rows deleted or changed in it are read back",
    withDir((dir) => {
      for (const synchronous of ["FULL", "OFF"]) {
        const path = join(dir, `journal-${synchronous}.sqlite`);
        const db = new Database(path, { create: true });
        db.run("PRAGMA journal_mode = DELETE");
        db.run(`PRAGMA synchronous = ${synchronous}`);
        db.run("CREATE TABLE check_ins (roster_entry_id INTEGER PRIMARY KEY, at TEXT)");
        const insert = db.prepare("INSERT INTO check_ins VALUES (?, ?)");
        db.transaction(() => {
          for (let i = 1; i <= 80; i++) insert.run(i, `2026-10-27T08:${i}`);
        })();
        db.run("BEGIN IMMEDIATE");
        db.run("DELETE FROM check_ins WHERE roster_entry_id % 4 = 0");
        db.run("UPDATE check_ins SET at = 'sửa' WHERE roster_entry_id = 1");
        const files = snapshotFiles(path);
        db.run("ROLLBACK");
        db.close();

        const journal = readJournal(files.journal ?? new Uint8Array(), undefined, { main: files.main });
        // FULL writes the magic and the count only when it syncs the journal, before touching the
        // database; OFF writes them at once, with "count unknown".
        expect(journal.headers[0]).toMatchObject(
          synchronous === "FULL"
            ? { magicValid: false, recordCount: 0, pageSize: 4096 }
            : { magicValid: true, recordCount: 0xffffffff, pageSize: 4096 },
        );
        expect(journal.headers[0]?.originalPageCount).toBe((files.main?.length ?? 0) / 4096);
        expect(journal.pages.length).toBeGreaterThan(0);
        expect(journal.pages.every((p) => p.checksumValid && p.pageType === "table-leaf")).toBe(true);
        const before = journal.records.filter((r) => r.live).map(row);
        expect(before).toEqual(Array.from({ length: 80 }, (_, i) => [i + 1, `2026-10-27T08:${i + 1}`]));
        expect(
          allRecords(files)
            .filter((r) => r.source === "journal")
            .every((r) => r.tree === "check_ins"),
        ).toBe(true);
      }
    }),
  );

  it(
    "readJournal - journal_mode=PERSIST zeroes the header at commit but the page records remain, even without the main file",
    withDir((dir) => {
      const path = join(dir, "persist.sqlite");
      const db = new Database(path, { create: true });
      db.run("PRAGMA journal_mode = PERSIST");
      db.run("PRAGMA secure_delete = ON");
      db.run("CREATE TABLE tickets (id TEXT PRIMARY KEY, kiosk TEXT) WITHOUT ROWID");
      const next = mulberry32(5);
      const ids = Array.from({ length: 30 }, () => hex(next));
      const insert = db.prepare("INSERT INTO tickets VALUES (?, 'Máy 1')");
      db.transaction(() => {
        for (const id of ids) insert.run(id);
      })();
      db.run("DELETE FROM tickets");
      const files = snapshotFiles(path);
      db.close();

      const bytes = files.journal ?? new Uint8Array();
      expect(bytes.subarray(0, 28).every((b) => b === 0)).toBe(true);
      const journal = readJournal(bytes);
      expect(journal).toMatchObject({ pageSize: 4096, sectorSize: 512 });
      const found = new Set(journal.records.filter((r) => r.live).map((r) => r.values[0]));
      expect(ids.filter((id) => !found.has(id))).toEqual([]);
      // secure_delete scrubbed the consumed tickets from the database, not from the journal.
      expect(ids.some((id) => searchBytes(files.main ?? new Uint8Array(), id).length > 0)).toBe(false);
      for (const id of ids) expect(searchBytes(bytes, id).length).toBeGreaterThan(0);
    }),
  );
});

describe("the link attack on a toy voting schema", () => {
  const SCHEMA = [
    "CREATE TABLE check_ins (roster_entry_id INTEGER PRIMARY KEY, point_id INTEGER NOT NULL, at TEXT NOT NULL) STRICT",
    "CREATE TABLE ballots (id TEXT PRIMARY KEY, point_id INTEGER NOT NULL, marks TEXT NOT NULL) STRICT, WITHOUT ROWID",
  ];

  /** Residents check in and vote in a shuffled order; returns who cast which ballot, in cast order. */
  function vote(db: Database, separate: boolean) {
    for (const sql of SCHEMA) db.run(sql);
    const next = mulberry32(96);
    const cast = shuffle(
      Array.from({ length: 200 }, (_, i) => i + 1),
      next,
    ).map((entry) => ({ entry, ballot: hex(next) }));
    const checkIn = db.prepare("INSERT INTO check_ins VALUES (?, 1, '2026-10-27')");
    const ballot = db.prepare("INSERT INTO ballots VALUES (?, 1, ?)");
    for (const [i, c] of cast.entries()) {
      const marks = JSON.stringify({ "HQ-01": i % 3 === 0 ? "low" : "high" });
      if (separate) {
        checkIn.run(c.entry);
        ballot.run(c.ballot, marks);
      } else
        db.transaction(() => {
          checkIn.run(c.entry);
          ballot.run(c.ballot, marks);
        })();
    }
    return cast;
  }

  /** The attacker: date every check-in and every ballot by the WAL transaction that first holds it. */
  function attack(files: ReturnType<typeof snapshotFiles>) {
    const records = allRecords(files);
    const checkIns = firstAppearances(records, (r) =>
      r.tree === "check_ins" && r.live && r.rowid !== null ? String(r.rowid) : undefined,
    );
    const ballots = firstAppearances(records, (r) =>
      r.tree === "ballots" && r.live ? String(r.values[0]) : undefined,
    );
    return { records, checkIns, ballots };
  }

  it(
    "link attack - a check-in and a ballot written in one WAL transaction are linked by the transaction they first appear in",
    withDir((dir) => {
      const path = join(dir, "toy.sqlite");
      const db = productDb(path);
      const cast = vote(db, false);
      const files = snapshotFiles(path);
      db.close();

      const { checkIns, ballots } = attack(files);
      expect(checkIns.size).toBe(200);
      expect(ballots.size).toBe(200);
      // Both rows first appear in the same transaction's frames.
      for (const c of cast) expect(ballots.get(c.ballot)?.txn).toBe(checkIns.get(String(c.entry))?.txn);
      const guesses = guessLinks(checkIns, ballots);
      expect(cast.map((c) => guesses.get(String(c.entry)))).toEqual(cast.map((c) => c.ballot));
      // The two cells even sit in frames of the same commit: the frame numbers are adjacent.
      for (const c of cast.slice(0, 10)) {
        const a = checkIns.get(String(c.entry))?.frame ?? 0;
        const b = ballots.get(c.ballot)?.frame ?? 0;
        expect(Math.abs(a - b)).toBe(1);
      }
      expect(
        spearman(
          cast.map((_, i) => i),
          cast.map((c) => ballots.get(c.ballot)?.writeOrder ?? -1),
        ),
      ).toBe(1);
    }),
  );

  it(
    "link attack - separate transactions do not help: the ballot is the first one written after the check-in",
    withDir((dir) => {
      const path = join(dir, "toy-separate.sqlite");
      const db = productDb(path);
      const cast = vote(db, true);
      const files = snapshotFiles(path);
      db.close();

      const { checkIns, ballots } = attack(files);
      for (const c of cast)
        expect(ballots.get(c.ballot)?.txn).toBe((checkIns.get(String(c.entry))?.txn ?? -2) + 1);
      const guesses = guessLinks(checkIns, ballots);
      expect(cast.map((c) => guesses.get(String(c.entry)))).toEqual(cast.map((c) => c.ballot));
    }),
  );

  it(
    "link attack - after VACUUM and wal_checkpoint(TRUNCATE) nothing dates or links a ballot",
    withDir((dir) => {
      const path = join(dir, "toy-swept.sqlite");
      const db = productDb(path);
      const cast = vote(db, false);
      db.run("VACUUM");
      db.query("PRAGMA wal_checkpoint(TRUNCATE)").get();
      const files = snapshotFiles(path);
      db.close();

      const { records, checkIns, ballots } = attack(files);
      expect(checkIns.size + ballots.size).toBe(0);
      expect(guessLinks(checkIns, ballots).size).toBe(0);
      expect(records.some((r) => r.source !== "main" || !r.live)).toBe(false);
      const offsets = new Map(live(records, "ballots").map((r) => [String(r.values[0]), r.offset]));
      expect(offsets.size).toBe(200);
      expect(
        Math.abs(
          spearman(
            cast.map((_, i) => i),
            cast.map((c) => offsets.get(c.ballot) ?? -1),
          ),
        ),
      ).toBeLessThan(0.2);
    }),
  );
});

describe("helpers", () => {
  it("spearman - perfect, reversed, ties averaged, undefined", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 3, 4], [9, 7, 5, 1])).toBe(-1);
    // Ranks of [1, 2, 2, 3] are [1, 2.5, 2.5, 4]; Pearson's r against [1, 2, 3, 4].
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486833, 6);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 10);
    expect(spearman([1], [1])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow();
    const next = mulberry32(1);
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(Math.abs(spearman(xs, shuffle(xs, next)))).toBeLessThan(0.1);
  });

  it("searchBytes - every offset, overlapping, strings as UTF-8", () => {
    const bytes = new TextEncoder().encode("aaa Đức aa Đức");
    expect(searchBytes(bytes, "aa")).toEqual([0, 1, 11]);
    expect(searchBytes(bytes, "Đức")).toEqual([4, 14]);
    expect(searchBytes(bytes.subarray(4), new Uint8Array([0xc4, 0x90]))).toEqual([0, 10]);
    expect(searchBytes(bytes, "x")).toEqual([]);
    expect(searchBytes(bytes, "")).toEqual([]);
  });

  it("findRecordsContaining - text, numbers and rowids, bytes, predicates", () => {
    const base: ForensicRecord = {
      source: "main",
      offset: 0,
      page: 2,
      pageOffset: 0,
      area: "cell",
      live: true,
      pageType: "table-leaf",
      tree: "t",
      table: "t",
      rowid: 7,
      values: [null, "Võ Văn Dũng", 9007199254740993n, new Uint8Array([1, 2, 3])],
      serialTypes: [0, 35, 6, 18],
      complete: true,
    };
    const other: ForensicRecord = { ...base, rowid: 8, values: ["khác", 1.5] };
    const records = [base, other];
    expect(findRecordsContaining(records, "Văn")).toEqual([base]);
    expect(findRecordsContaining(records, 7)).toEqual([base]);
    expect(findRecordsContaining(records, 9007199254740993n)).toEqual([base]);
    expect(findRecordsContaining(records, 1.5)).toEqual([other]);
    expect(findRecordsContaining(records, new Uint8Array([2, 3]))).toEqual([base]);
    expect(findRecordsContaining(records, new TextEncoder().encode("khá"))).toEqual([other]);
    expect(findRecordsContaining(records, (v) => typeof v === "bigint")).toEqual([base]);
    expect(findRecordsContaining(records, "nobody")).toEqual([]);
  });

  it("readers - garbage, truncated and empty files never throw", () => {
    const next = mulberry32(3);
    const noise = Uint8Array.from({ length: 64 * 1024 }, () => Math.floor(next() * 256));
    const empty = new Uint8Array();
    for (const bytes of [noise, empty, noise.subarray(0, 50)]) {
      expect(() => readDatabaseImage(bytes)).not.toThrow();
      expect(() => readWal(bytes)).not.toThrow();
      expect(() => readShm(bytes)).not.toThrow();
      expect(() => readJournal(bytes)).not.toThrow();
      expect(() => allRecords({ main: bytes, wal: bytes, shm: bytes, journal: bytes })).not.toThrow();
    }
    // A database header on noise: every page is an orphan, carved best effort.
    const fake = noise.slice();
    fake.set(new TextEncoder().encode("SQLite format 3\u0000"), 0);
    fake.set([0x10, 0x00], 16);
    expect(readDatabaseImage(fake).pages.length).toBe(16);
    expect(readWal(empty).frames).toEqual([]);
    expect(readShm(empty).frames).toEqual([]);
  });
});
