import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ManualClock } from "../../server/clock.ts";
import { ConfigSchema, loadConfig } from "../../server/config.ts";
import { loadMigrations, migrate } from "../../server/db/migrate.ts";
import { SettingsRepo } from "../../server/db/settings-repo.ts";
import { Store } from "../../server/db/store.ts";
import { paths } from "../../server/http/paths.ts";
import { DEMO_PASSWORD } from "../../server/seed.ts";
import { prepareDemo } from "../../server/services/demo.ts";
import { startServer } from "../e2e/harness.ts";
import { addUser, Client, makeApp, T0 } from "../helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const deps = () => ({ store: Store.memory(), clock: new ManualClock(T0) });
const demoMark = (store: Store) => new SettingsRepo(store.db).get("demo");

describe("demo seeding (issue #9 §3)", () => {
  it("prepareDemo - a database made now with DEMO on is marked as a demo and gets the sample", () => {
    const d = deps();
    expect(prepareDemo(d, { demo: true, fresh: true })).toEqual({ seed: true, demoDatabase: true });
    expect(demoMark(d.store)).toBe("1");
    // Next start: still a demo database; the sample is there, so nothing is loaded again.
    d.store.db.run(
      "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('bantochuc', 'B', 'board', 'x', '')",
    );
    expect(prepareDemo(d, { demo: true, fresh: false })).toEqual({ seed: false, demoDatabase: true });
  });

  it("prepareDemo - an existing database that was not made as a demo never gets the sample, even empty", () => {
    const d = deps();
    expect(prepareDemo(d, { demo: true, fresh: false })).toEqual({ seed: false, demoDatabase: false });
    expect(demoMark(d.store)).toBeNull();
  });

  it("prepareDemo - DEMO=0 neither marks nor seeds a new database", () => {
    const d = deps();
    expect(prepareDemo(d, { demo: false, fresh: true })).toEqual({ seed: false, demoDatabase: false });
    expect(demoMark(d.store)).toBeNull();
    // Turning DEMO on later does not make it a demo.
    expect(prepareDemo(d, { demo: true, fresh: false }).seed).toBe(false);
  });

  it("migrate - a database that already holds the sample campaign is marked as a demo", () => {
    const db = new Database(":memory:", { strict: true });
    const all = loadMigrations();
    migrate(
      db,
      all.filter((m) => m.id < 10),
    );
    db.run(
      `INSERT INTO campaigns (code, name, rule_set, aggregator, district, days, one_per, small_point_threshold, is_sample, state, created_at)
       VALUES ('MAU', 'Mẫu', 'qd96-2023', 'Ban Tổ chức', 'Huyện', '["2026-10-27"]', 'resident', 5, 1, 'draft', '')`,
    );
    migrate(db, all);
    expect(new SettingsRepo(db).get("demo")).toBe("1");
  });

  it("loadConfig - DEMO on with NODE_ENV=production is refused, naming DEMO; DEMO=0 starts", () => {
    const refused = loadConfig({ NODE_ENV: "production" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain("DEMO");
    expect(loadConfig({ NODE_ENV: "production", DEMO: "0" }).ok).toBe(true);
  });

  it("logIn - in production the published demo password is refused with a message to change it", async () => {
    const base = makeApp();
    const config = ConfigSchema.parse({ NODE_ENV: "production", DEMO: "0" });
    const t = { ...base, app: createApp({ store: base.store, clock: base.clock, config }) };
    await addUser(t, "bantochuc", "board", { password: DEMO_PASSWORD });
    const client = new Client(t);
    const res = await client.login("bantochuc", DEMO_PASSWORD);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("mật khẩu mẫu đã công bố");
    expect(html).toContain("Hãy đổi mật khẩu");
    expect(client.cookies.has("tn_session")).toBe(false);
    expect(t.store.audit.list()).toHaveLength(0);
    // Outside production (a demo), the same account logs in.
    const demo = new Client(base);
    expect((await demo.login("bantochuc", DEMO_PASSWORD)).status).toBe(303);
    expect((await demo.get(paths.board.home)).status).toBe(200);
  });
});

describe("the real server's start (issue #9 §3)", () => {
  it("main - refuses to start with DEMO on when NODE_ENV=production", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-demo-"));
    try {
      const child = Bun.spawn([process.execPath, join(ROOT, "server/main.ts")], {
        cwd: dir,
        env: {
          ...process.env,
          NODE_ENV: "production",
          DEMO: "",
          PORT: "0",
          DATABASE_PATH: join(dir, "db.sqlite"),
        },
        stdout: "pipe",
        stderr: "pipe",
      });
      const timer = setTimeout(() => child.kill(), 20_000);
      const code = await child.exited;
      clearTimeout(timer);
      expect(code).toBe(1);
      expect(await new Response(child.stderr).text()).toContain("DEMO");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("main - a stop (SIGTERM) sweeps, says so while it works and after, exits 0 and leaves no WAL, shared-memory or journal file beside the database", async () => {
    // Fresh: the seed's own writes are what the stop must sweep (a copy of the sample is swept already).
    const server = await startServer({}, undefined, { freshSample: true });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await server.signal("SIGTERM")).toBe(0);
      const said = server.output();
      expect(said).toContain("Đang dừng: dọn cơ sở dữ liệu, có thể mất vài giây…");
      expect(said.trimEnd().endsWith("Đã dừng.")).toBe(true);
      const files = readdirSync(dirname(server.databasePath));
      expect(files).toContain("db.sqlite");
      expect(files.filter((f) => /-(wal|shm|journal)$/.test(f))).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("harness - a server that fails to start is not left behind: the error names its output, and its folder is gone", async () => {
    let databasePath = "";
    await expect(
      startServer({ NODE_ENV: "production", DEMO: "" }, (path) => {
        databasePath = path;
      }),
    ).rejects.toThrow(/server exited[\s\S]*DEMO/);
    expect(databasePath).not.toBe("");
    expect(existsSync(dirname(databasePath))).toBe(false);
  }, 60_000);

  it("main - an existing database that was not made as a demo gets no sample accounts with DEMO on", async () => {
    const server = await startServer({ DEMO: "1" }, (db) => {
      Store.open(db).close(); // e.g. made by `npm start` with DEMO=0, or by scripts/add-board.ts
    });
    try {
      expect(server.output()).not.toContain(DEMO_PASSWORD);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const db = new Database(server.databasePath, { readonly: true });
      expect(db.query("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
      db.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
