import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { Store } from "../../server/db/store.ts";

const WRITER = fileURLToPath(new URL("../support/crash-writer.ts", import.meta.url));

it("crash - after kill -9 the database is sound, the chain verifies and every acknowledged entry is there", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tn-crash-"));
  const path = join(dir, "crash.sqlite");
  try {
    const child = Bun.spawn([process.execPath, WRITER, path], { stdout: "pipe", stderr: "inherit" });
    let acknowledged = 0;
    const reader = child.stdout.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    // Let it write a few hundred entries, then kill it mid-stream.
    while (acknowledged < 300) {
      const { value, done } = await reader.read();
      if (done) throw new Error("writer exited early");
      buffer += decoder.decode(value);
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line) acknowledged = Number(line);
    }
    child.kill("SIGKILL");
    await child.exited;
    expect(child.signalCode).toBe("SIGKILL");

    const raw = new Database(path);
    expect(raw.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    raw.close();
    const store = Store.open(path);
    const check = store.audit.verify();
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.count).toBeGreaterThanOrEqual(acknowledged);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
