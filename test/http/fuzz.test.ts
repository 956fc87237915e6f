import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, makeApp, type TestApp } from "../helpers.ts";
import { entryIdOf, htmx, kioskIdOf, pairedKiosk, votingDay } from "../voting-helpers.ts";

/** A small seeded generator (mulberry32): the same seed, the same requests, every run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return { next, pick };
}

const HOSTILE = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "9".repeat(40),
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '"; DROP TABLE ballots; --',
  '=HYPERLINK("http://x")',
  "../../etc/passwd",
  "\u0000\u0001",
  "Nguye\u0302\u0303n",
  "Đặng Văn Ưởng",
  "\ud800",
  "2026-10-27",
  "2026-02-30",
  "high",
  "low",
  "Tổ trưởng",
  "x".repeat(5000),
  // Over the 64 KiB form limit: refused whole (413) before any handler reads it.
  "y".repeat(70_000),
];

const FIELDS = [
  "code",
  "name",
  "username",
  "password",
  "current",
  "next",
  "confirm",
  "entryId",
  "kioskId",
  "reason",
  "t",
  "m.HQ-01",
  "m.HQ-02",
  "confirmBlank",
  "days",
  "pointIds",
  "officialIds",
  "mode",
  "q",
  "incidents",
  "requiredSigners",
  "kioskIdleMinutes",
  "displayName",
  "teamRole",
  "communeId",
  "mergedInto",
  "ruleSet",
  "onePer",
  "smallPointThreshold",
  "minTurnoutPercent",
  "aggregator",
  "district",
  "position",
  "diem",
  // The kiosk's steps through a ballot in progress (issue #13).
  "o",
  "level",
  "den",
  "doi",
];

/**
 * Everything a request could have changed, except what a refused request is meant to record: the
 * audit log, login back-off rows and sessions (a failed login counts, by design), and each kiosk's
 * last-seen time (a poll). Plus the ballot file's count and the tickets in memory.
 */
function snapshot(t: TestApp): string {
  const db = t.store.db;
  const tables = db
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name)
    .filter((n) => !["audit_log", "login_throttle", "sessions"].includes(n));
  const hash = createHash("sha256");
  for (const table of tables) {
    const rows = db.query<Record<string, unknown>, []>(`SELECT * FROM "${table}"`).all();
    for (const row of rows) {
      if (table === "kiosks") row["last_seen_at"] = null;
      hash.update(`${table}:${JSON.stringify(row)}\n`);
    }
  }
  hash.update(`ballots:${t.store.ballots.collectedTotal()}`);
  return hash.digest("hex");
}

const VIETNAMESE = /[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i;

describe("fuzz (issue #12 §6)", () => {
  it("fuzz - every state-changing route, hostile input from every role: never a 5xx, a Vietnamese refusal, nothing changed by a refusal", async () => {
    const t = makeApp();
    const day = await votingDay(t);
    await day.officer.post(paths.officer.open(day.point.id), {}, htmx);
    // The kiosk holding a ticket is the one fuzzed as "kiosk", and its real ticket id is among the
    // values: the steps of a ballot in progress are reached, not only "no such ticket".
    const kiosk = await pairedKiosk(t, day.officer, day.point.id);
    const kioskId = kioskIdOf(t);
    await day.officer.post(
      paths.officer.issue(day.point.id),
      { entryId: String(entryIdOf(t, "Võ Văn Dũng")), kioskId },
      htmx,
    );
    await addUser(t, "bt-fuzz", "board");
    const board = new Client(t, "192.0.2.40");
    await board.login("bt-fuzz");
    const ticket = t.store.tickets.forKiosk(kioskId)?.id;
    if (!ticket) throw new Error("fixture: the kiosk holds no ticket");
    const values = [...HOSTILE, ticket, "HQ-01", "HQ-99", "chu", "tuong-phan", "2", "0"];
    const anonymous = new Client(t, "192.0.2.42");
    const clients = [board, day.officer, kiosk, anonymous];
    const routes = [...new Set(t.app.routes.filter((r) => r.method === "POST").map((r) => r.path))];
    expect(routes.length).toBeGreaterThan(30);
    const rng = random(20261130);
    const ids = [String(day.point.id), "0", "999999", "abc", "-1", "1e3"];
    const kiosks = [kioskId, "f".repeat(32), "../x"];
    const fill = (path: string) =>
      path
        .replaceAll(":id", rng.pick(ids))
        .replaceAll(":kiosk", rng.pick(kiosks))
        .replaceAll(":day", rng.pick(["2026-10-27", "2026-13-45", "x"]))
        .replaceAll(":job", rng.pick(["abc123", "0"]))
        .replaceAll(":code", rng.pick(["HQ-01", "X"]))
        .replace(/:[a-z]+/g, "1");
    let refused = 0;
    for (let i = 0; i < 1500; i++) {
      const pattern = rng.pick(routes);
      // Mostly the role the route is for (to reach its own checks), sometimes anyone else's.
      const own = pattern.startsWith("/ban-to-chuc")
        ? board
        : pattern.startsWith("/to-cong-tac")
          ? day.officer
          : pattern.startsWith("/kiosk")
            ? kiosk
            : anonymous;
      const any = rng.next() < 0.7 ? own : rng.pick(clients);
      // Logging out or in again would end the logged-in clients' sessions for the rest of the run:
      // those two are fuzzed anonymously (the route guard test covers them per role).
      const client = pattern === paths.logout || pattern === paths.login ? anonymous : any;
      const path = fill(pattern);
      const body = new URLSearchParams();
      const n = Math.floor(rng.next() * 6);
      for (let f = 0; f < n; f++) body.append(rng.pick(FIELDS), rng.pick(values));
      const csrf = rng.next();
      const token = await client.csrf();
      if (csrf < 0.8) body.append("_csrf", csrf < 0.7 ? token : "0".repeat(64));
      const raw = rng.next() < 0.05;
      const before = snapshot(t);
      const res = await client.request(path, {
        method: "POST",
        headers: {
          "Content-Type": raw ? "application/x-www-form-urlencoded" : "application/x-www-form-urlencoded",
          ...(rng.next() < 0.5 ? htmx : {}),
        },
        // A few bodies are not even UTF-8.
        body: raw ? new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xc3, 0x28, 0xff, 0xfe]) : body.toString(),
      });
      const text = await res.text();
      const where = `#${i} ${client === board ? "board" : client === day.officer ? "officer" : client === kiosk ? "kiosk" : "anonymous"} POST ${path}`;
      expect(res.status, where).toBeLessThan(500);
      if (res.status >= 400) {
        refused++;
        expect(text, where).toMatch(VIETNAMESE);
        expect(text, where).not.toMatch(/at [\w.]+ \(|Error:|TypeError|SQLITE/);
        expect(snapshot(t), `${where} changed the database although it was refused (${res.status})`).toBe(
          before,
        );
      }
    }
    // Most hostile requests are refused; the run is not vacuous.
    expect(refused).toBeGreaterThan(1000);
  }, 120_000);
});
