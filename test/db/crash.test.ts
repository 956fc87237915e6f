import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { Store } from "../../server/db/store.ts";

const WRITER = fileURLToPath(new URL("../support/crash-writer.ts", import.meta.url));

/** Runs the writer until it has acknowledged `target` writes, then kills it with SIGKILL. */
async function writeThenKill(path: string, mode: "audit" | "ballots", target: number): Promise<number> {
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
    for (const line of lines) if (/^\d+$/.test(line)) acknowledged = Number(line);
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
    const acknowledged = await writeThenKill(path, "ballots", 200);
    const raw = new Database(path);
    expect(raw.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    const ballots = raw.query<{ n: number }, []>("SELECT count(*) AS n FROM ballots").get()?.n ?? 0;
    const checkIns = raw.query<{ n: number }, []>("SELECT count(*) AS n FROM check_ins").get()?.n ?? 0;
    const counts = raw
      .query<{ issued: number; collected: number }, []>("SELECT issued, collected FROM point_days_state")
      .get();
    const tickets = raw.query<{ n: number }, []>("SELECT count(*) AS n FROM tickets").get()?.n ?? 0;
    raw.close();
    expect(ballots).toBeGreaterThanOrEqual(acknowledged);
    // Each loop commits the check-in and ticket together, then the cast: at most one ticket can be
    // outstanding, and the stored counts equal the rows.
    expect(counts?.collected).toBe(ballots);
    expect(counts?.issued).toBe(checkIns);
    expect(checkIns - ballots).toBe(tickets);
    expect(tickets).toBeLessThanOrEqual(1);
  }),
);
