import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { verifyEd25519 } from "../../server/crypto/ed25519.ts";
import { BallotBox } from "../../server/db/ballot-box.ts";
import { Store } from "../../server/db/store.ts";
import { allRecords, searchBytes, snapshotFiles } from "../support/forensic.ts";

const WRITER = fileURLToPath(new URL("../support/crash-writer.ts", import.meta.url));

/** Runs the writer until it has acknowledged `target` writes, then kills it with SIGKILL. */
async function writeThenKill(
  path: string,
  mode: "audit" | "ballots" | "close" | "sign",
  target: number,
  tickets: string[] = [],
): Promise<number> {
  const child = Bun.spawn([process.execPath, WRITER, path, mode], { stdout: "pipe", stderr: "inherit" });
  let acknowledged = 0;
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  while (acknowledged < target) {
    const { value, done } = await reader.read();
    if (done) throw new Error("writer exited early");
    buffer += decoder.decode(value);
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (/^\d+$/.test(line)) acknowledged = Number(line);
      if (line.startsWith("t ")) tickets.push(line.slice(2));
    }
  }
  child.kill("SIGKILL");
  await child.exited;
  expect(child.signalCode).toBe("SIGKILL");
  return acknowledged;
}

function withTempDir(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-crash-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

it(
  "crash - after kill -9 the database is sound, the audit chain verifies and every acknowledged entry is there",
  withTempDir(async (dir) => {
    const path = join(dir, "crash.sqlite");
    const acknowledged = await writeThenKill(path, "audit", 300);
    const raw = new Database(path);
    expect(raw.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    raw.close();
    const store = Store.open(path);
    const check = store.audit.verify();
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.count).toBeGreaterThanOrEqual(acknowledged);
    store.close();
  }),
);

it(
  "crash - a ballot acknowledged to the kiosk survives kill -9, and the counts still reconcile",
  withTempDir(async (dir) => {
    const path = join(dir, "ballots.sqlite");
    const tickets: string[] = [];
    const acknowledged = await writeThenKill(path, "ballots", 200, tickets);
    // What a copy of the files taken right after the kill shows: no ticket anywhere, no ballot in
    // the main database's files.
    const files = [
      ...Object.values(snapshotFiles(path)),
      ...Object.values(snapshotFiles(BallotBox.pathBeside(path))),
    ];
    expect(tickets.length).toBeGreaterThanOrEqual(acknowledged);
    for (const ticket of tickets) for (const bytes of files) expect(searchBytes(bytes, ticket)).toEqual([]);
    expect(allRecords(snapshotFiles(path)).some((r) => r.tree === "slots" || r.tree === "ballots")).toBe(
      false,
    );
    const raw = new Database(path);
    expect(raw.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    const checkIns = raw.query<{ n: number }, []>("SELECT count(*) AS n FROM check_ins").get()?.n ?? 0;
    const counts = raw.query<{ issued: number }, []>("SELECT issued FROM point_days_state").get();
    raw.close();
    const box = new Database(BallotBox.pathBeside(path));
    expect(box.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    const ballots =
      box.query<{ n: number }, []>("SELECT count(*) AS n FROM slots WHERE filled = 1").get()?.n ?? 0;
    const collected = box.query<{ n: number }, []>("SELECT collected AS n FROM counts").get()?.n ?? 0;
    box.close();
    expect(ballots).toBeGreaterThanOrEqual(acknowledged);
    // The ballot and its count are in one file, committed together: they always agree.
    expect(collected).toBe(ballots);
    expect(counts?.issued).toBe(checkIns);
    // Each loop commits the check-in, then the cast: at most one ticket was outstanding, and it was
    // in memory only, so the restart shows it as lost (issued − collected), never as a ballot.
    expect(checkIns - ballots).toBeGreaterThanOrEqual(0);
    expect(checkIns - ballots).toBeLessThanOrEqual(1);
  }),
);

it(
  "crash - a kill during the close leaves each point-day open without minutes, or closed with its minutes, never half",
  withTempDir(async (dir) => {
    const path = join(dir, "close.sqlite");
    // The kill comes while the writer goes on to the next closes: some open, some closed, maybe one mid-way.
    const acknowledged = await writeThenKill(path, "close", 4);
    const raw = new Database(path);
    expect(raw.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    raw.close();
    const store = Store.open(path);
    expect(store.audit.verify().ok).toBe(true);
    const campaign = store.campaigns.current();
    const points = campaign ? store.points.list(campaign.id) : [];
    expect(points).toHaveLength(12);
    let closed = 0;
    for (const point of points) {
      const [day] = point.days;
      const record = store.voting.pointDay(point.id, day ?? "");
      const minutes = store.minutes.current(point.id, day ?? "");
      expect({ point: point.code, closed: Boolean(record?.closedAt), minutes: Boolean(minutes) }).toEqual({
        point: point.code,
        closed: Boolean(minutes),
        minutes: Boolean(minutes),
      });
      if (minutes) {
        closed++;
        expect(JSON.parse(minutes.document).counts.collected).toBe(
          store.ballots.collected(point.id, day ?? ""),
        );
      }
    }
    expect(closed).toBeGreaterThanOrEqual(acknowledged);
    store.close();
  }),
);

it(
  "crash - a kill during signing keeps every stored signature with its audit entry, each over the stored bytes",
  withTempDir(async (dir) => {
    const path = join(dir, "sign.sqlite");
    const acknowledged = await writeThenKill(path, "sign", 7);
    const store = Store.open(path);
    expect(store.audit.verify().ok).toBe(true);
    const keys = new Map(store.officers.list().map((o) => [o.username, o.publicKey]));
    const all = store.minutes.allCurrent();
    expect(all).toHaveLength(12);
    let stored = 0;
    for (const minutes of all) {
      const audited = store.audit
        .about(minutes.signatures[0]?.officer ?? "-", ["minutes.sign"])
        .concat(store.audit.about(minutes.signatures[1]?.officer ?? "-", ["minutes.sign"]))
        .filter((e) => e.details["point"] === minutes.pointId);
      expect(audited).toHaveLength(minutes.signatures.length);
      for (const sig of minutes.signatures) {
        expect(keys.get(sig.officer)).toBe(sig.publicKey);
        const bytes = new TextEncoder().encode(minutes.document);
        expect((await verifyEd25519(sig.publicKey, bytes, sig.signature)).ok).toBe(true);
      }
      stored += minutes.signatures.length;
    }
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    // Signatures come in order, two per point: at most the one being written when the kill came is missing.
    expect(stored).toBeLessThanOrEqual(acknowledged + 1);
    // An officer's signature whose entry was not written is not there: no officer has an entry without it.
    const entries = store.officers.list().flatMap((o) => store.audit.about(o.username, ["minutes.sign"]));
    expect(entries).toHaveLength(stored);
    store.close();
  }),
);
