import { afterEach, describe, expect, it, vi } from "vitest";
import { CAPPED_KINDS } from "../../server/db/throttle-repo.ts";
import { ACCOUNT_POLICY } from "../../server/domain/login-throttle.ts";
import { paths } from "../../server/http/paths.ts";
import { deviceEntry } from "../../server/services/accounts.ts";
import { addUser, Client, makeApp, PASSWORD, type TestApp } from "../helpers.ts";

/** Rows in every table of the database, for "what can an anonymous client make us write". */
function totalRows(t: TestApp): Record<string, number> {
  const tables = t.store.db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((r) => r.name);
  return Object.fromEntries(
    tables.map((name) => [
      name,
      t.store.db.query<{ n: number }, []>(`SELECT count(*) AS n FROM "${name}"`).get()?.n ?? 0,
    ]),
  );
}

const sum = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("login lockout (issue #9 §2)", () => {
  it("throttle - wrong passwords from one address do not lock the account for another address", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const attacker = new Client(t, "203.0.113.66");
    for (let i = 0; i < 6; i++) await attacker.login("bantochuc", "sai");
    // The guessing address waits…
    expect((await attacker.login("bantochuc")).status).toBe(429);
    // …the board member at the office does not.
    expect((await new Client(t, "192.0.2.20").login("bantochuc")).status).toBe(303);
  });

  it("throttle - an address that logged in before is never slowed by failures from other addresses", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    expect((await new Client(t, "192.0.2.20").login("bantochuc")).status).toBe(303);
    // Voting day: the account is guessed from a dozen addresses, a few times each.
    for (let a = 0; a < 12; a++) {
      const attacker = new Client(t, `203.0.113.${a}`);
      for (let i = 0; i < 2; i++) await attacker.login("bantochuc", "sai");
    }
    // A new address is slowed down (the attack is spread over addresses)…
    const stranger = await new Client(t, "198.51.100.1").login("bantochuc");
    expect(stranger.status).toBe(429);
    // …the office, which logged in successfully before, is not.
    expect((await new Client(t, "192.0.2.20").login("bantochuc")).status).toBe(303);
    // Nor is it after the attackers come back for more.
    t.clock.advance(20 * 60_000);
    for (let a = 12; a < 20; a++) await new Client(t, `203.0.113.${a}`).login("bantochuc", "sai");
    expect((await new Client(t, "192.0.2.20").login("bantochuc")).status).toBe(303);
  });

  it("throttle - an address guessing across many accounts cannot slow a known address of those accounts", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const point = new Client(t, "192.0.2.30");
    expect((await point.login("hq-t1-1")).status).toBe(303);
    // Someone behind the same commune network tries names.
    const sameNat = new Client(t, "192.0.2.30");
    for (let i = 0; i < 25; i++) await sameNat.login(`tk-${i}`, "sai");
    expect((await sameNat.login("tk-99", "sai")).status).toBe(429);
    // The officer who logged in from there before still can.
    expect((await new Client(t, "192.0.2.30").login("hq-t1-1")).status).toBe(303);
  });

  it("throttle - a stranger behind the same address cannot lock the owner out: the owner's browser (device cookie) is slowed only by its own failures", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const office = new Client(t, "192.0.2.20");
    expect((await office.login("bantochuc")).status).toBe(303);
    const device = office.cookies.get("tn_device");
    expect(device).toMatch(/^[0-9a-f]{64}$/);
    // The stranger shares the office's address (one NAT) and guesses until locked, again and again.
    const stranger = new Client(t, "192.0.2.20");
    for (let i = 0; i < 12; i++) await stranger.login("bantochuc", `sai-${i}`);
    expect((await stranger.login("bantochuc")).status).toBe(429);
    // The board member's own browser still logs in, at once, every time, and gets a new device
    // cookie each time: the one it showed is forgotten.
    let current = device ?? "";
    for (let i = 0; i < 3; i++) {
      const again = new Client(t, "192.0.2.20");
      again.cookies.set("tn_device", current);
      expect((await again.login("bantochuc")).status).toBe(303);
      const issued = again.cookies.get("tn_device") ?? "";
      expect(issued).toMatch(/^[0-9a-f]{64}$/);
      expect(issued).not.toBe(current);
      current = issued;
      await stranger.login("bantochuc", "sai");
    }
    // A copy of a replaced cookie is no device any more: the stranger's lock at the address applies.
    const stale = new Client(t, "192.0.2.20");
    stale.cookies.set("tn_device", device ?? "");
    expect((await stale.login("bantochuc")).status).toBe(429);
    // A copied current device cookie is no master key: its own wrong passwords slow it down (5 free)…
    const thief = new Client(t, "198.51.100.7");
    thief.cookies.set("tn_device", current);
    for (let i = 0; i < 5; i++) expect((await thief.login("bantochuc", "sai")).status).toBe(401);
    expect((await thief.login("bantochuc", "sai")).status).toBe(429);
    // …and a made-up or foreign one is no device at all: the address's back-off applies.
    const forged = new Client(t, "192.0.2.20");
    forged.cookies.set("tn_device", "f".repeat(64));
    expect((await forged.login("bantochuc")).status).toBe(429);
    // The failures are audited as any others.
    expect(t.store.audit.list().some((e) => e.action === "login.failure")).toBe(true);
  });

  it("device cookies - a team laptop: each officer who logs in on it keeps their own standing; a stranger at the same address cannot lock the first one out after the second logged in", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    await addUser(t, "hq-t1-2", "officer");
    const laptop = new Client(t, "192.0.2.30");
    expect((await laptop.login("hq-t1-1")).status).toBe(303);
    const first = laptop.cookies.get("tn_device") ?? "";
    await laptop.post(paths.logout, {});
    expect((await laptop.login("hq-t1-2")).status).toBe(303);
    // One cookie, one token per account, newest first.
    const both = laptop.cookies.get("tn_device") ?? "";
    expect(both).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
    expect(both.endsWith(first)).toBe(true);
    await laptop.post(paths.logout, {});
    const stranger = new Client(t, "192.0.2.30");
    for (let i = 0; i < 8; i++) await stranger.login("hq-t1-1", `sai-${i}`);
    expect((await stranger.login("hq-t1-1")).status).toBe(429);
    expect((await laptop.login("hq-t1-1")).status).toBe(303);
    // hq-t1-1's token was replaced, hq-t1-2's kept: a copy of the old one is no device any more.
    const after = (laptop.cookies.get("tn_device") ?? "").split(".");
    expect(after).toHaveLength(2);
    expect(after).not.toContain(first);
    expect(after).toContain(both.split(".")[0]);
    const copy = new Client(t, "192.0.2.30");
    copy.cookies.set("tn_device", first);
    expect((await copy.login("hq-t1-1")).status).toBe(429);
  });

  it("login - the right password checked while the password is being changed opens nothing: the check finishes after the change, and is refused", async () => {
    const t = makeApp();
    const user = await addUser(t, "hq-t1-1", "officer");
    const real = Bun.password.verify.bind(Bun.password);
    vi.spyOn(Bun.password, "verify").mockImplementation(async (password, hash) => {
      const right = await real(password, hash);
      // The owner's new password is stored while this (old, right) one is being checked.
      t.store.users.setPassword(user.id, await Bun.password.hash("mật khẩu mới dài"), false);
      return right;
    });
    const thief = new Client(t, "203.0.113.9");
    expect((await thief.login("hq-t1-1")).status).toBe(401);
    expect(t.store.db.query("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(user.id)).toEqual({
      n: 0,
    });
    expect(t.store.throttle.isKnown(user.id, "203.0.113.9", 0)).toBe(false);
  });

  it("device cookies - guessing with a copied cookie warns the board like guessing from addresses; the copy's failures are not counted as addresses", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const owner = new Client(t, "192.0.2.20");
    expect((await owner.login("hq-t1-1")).status).toBe(303);
    const thief = new Client(t, "198.51.100.7");
    thief.cookies.set("tn_device", owner.cookies.get("tn_device") ?? "");
    let failures = 0;
    while (failures < 10) {
      const res = await thief.login("hq-t1-1", `sai-${failures}`);
      if (res.status === 429) t.clock.advance((Number(res.headers.get("Retry-After")) + 1) * 1000);
      else {
        expect(res.status).toBe(401);
        failures++;
      }
    }
    const attack = t.store.audit.list().filter((e) => e.action === "login.attack");
    expect(attack).toHaveLength(1);
    expect(attack[0]).toMatchObject({ subject: "hq-t1-1", details: { failures: 10, addresses: 0 } });
  });

  it("device cookies - browsers without cookies (each a new device) cannot push the office's address out of the account's known addresses", async () => {
    const t = makeApp();
    const { id } = await addUser(t, "bantochuc", "board");
    expect((await new Client(t, "192.0.2.20").login("bantochuc")).status).toBe(303);
    // A phone that keeps no cookies logs in fifteen times from its own address: each login is a new
    // browser to remember.
    for (let i = 0; i < 15; i++) {
      t.clock.advance(1_000);
      expect((await new Client(t, "198.51.100.1").login("bantochuc")).status).toBe(303);
    }
    const known = t.store.db
      .query<{ address: string }, [number]>("SELECT address FROM login_known WHERE user_id = ?")
      .all(id)
      .map((r) => r.address);
    expect(known.filter((a) => a.startsWith("device:"))).toHaveLength(10);
    expect(known.filter((a) => !a.startsWith("device:")).sort()).toEqual(["192.0.2.20", "198.51.100.1"]);
    expect(t.store.throttle.isKnown(id, "192.0.2.20", t.clock.now().getTime() - 60_000)).toBe(true);
  });

  it("device cookies - a password change forgets every other address and browser the account was known from; this browser gets a new cookie", async () => {
    const t = makeApp();
    const { id } = await addUser(t, "hq-t1-1", "officer");
    const home = new Client(t, "198.51.100.9");
    expect((await home.login("hq-t1-1")).status).toBe(303);
    const homeDevice = home.cookies.get("tn_device") ?? "";
    const office = new Client(t, "192.0.2.20");
    expect((await office.login("hq-t1-1")).status).toBe(303);
    const before = office.cookies.get("tn_device");
    const changed = await office.post(paths.changePassword, {
      current: PASSWORD,
      next: "mật khẩu mới dài",
      confirm: "mật khẩu mới dài",
    });
    expect(changed.status).toBe(200);
    const after = office.cookies.get("tn_device") ?? "";
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
    const since = t.clock.now().getTime() - 60_000;
    expect(t.store.throttle.isKnown(id, "192.0.2.20", since)).toBe(true);
    expect(t.store.throttle.isKnown(id, "198.51.100.9", since)).toBe(false);
    expect(t.store.throttle.isKnown(id, deviceEntry(homeDevice), since)).toBe(false);
    expect(t.store.throttle.isKnown(id, deviceEntry(after), since)).toBe(true);
  });

  it("login.attack - failures from many addresses warn the board on its home page, audited once an hour", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    await addUser(t, "hq-t1-1", "officer");
    const board = new Client(t, "192.0.2.20");
    await board.login("bantochuc");
    expect(await (await board.get(paths.board.home)).text()).not.toContain("dò mật khẩu");
    for (let a = 0; a < 4; a++) await new Client(t, `203.0.113.${a}`).login("hq-t1-1", "sai");
    const html = await (await board.get(paths.board.home)).text();
    expect(html).toContain("dò mật khẩu");
    expect(html).toContain("hq-t1-1");
    expect(html).toMatch(/4 lần đăng nhập sai từ 4 địa chỉ/);
    const attacks = () => t.store.audit.list().filter((e) => e.action === "login.attack");
    expect(attacks()).toHaveLength(1);
    expect(attacks()[0]).toMatchObject({ subject: "hq-t1-1", actor: "hệ thống" });
    for (let a = 4; a < 8; a++) await new Client(t, `203.0.113.${a}`).login("hq-t1-1", "sai");
    expect(attacks()).toHaveLength(1);
    t.clock.advance(61 * 60_000);
    // An hour without failures: the alert is gone.
    expect(await (await board.get(paths.board.home)).text()).not.toContain("dò mật khẩu");
    for (let a = 8; a < 12; a++) await new Client(t, `203.0.113.${a}`).login("hq-t1-1", "sai");
    expect(attacks()).toHaveLength(2);
    expect(t.store.audit.verify().ok).toBe(true);
  });

  it("login.attack - many failures from one address (over 10 an hour) also warn the board", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const guesser = new Client(t, "203.0.113.5");
    for (let i = 0; i < 12; i++) {
      await guesser.login("bantochuc", "sai");
      t.clock.advance(5 * 60_000); // slow enough to pass the back-off each time
    }
    expect(t.store.audit.list().filter((e) => e.action === "login.attack")).toHaveLength(1);
  });
});

describe("bounded writes from anonymous failures (issue #9 §2)", () => {
  it("audit - failures from one address within a minute are one entry, then one summary", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    for (let i = 0; i < 3; i++) await client.login("bantochuc", "sai");
    for (let i = 0; i < 4; i++) await client.login(`khong-co-${i}`, "sai");
    const actions = () => t.store.audit.list().map((e) => e.action);
    expect(actions().filter((a) => a === "login.failure")).toHaveLength(1);
    t.clock.advance(61_000);
    await client.login("bantochuc", "sai"); // the next attempt writes the last minute's summary
    const summary = t.store.audit.list().find((e) => e.action === "login.failure.summary");
    expect(summary).toMatchObject({
      subject: "192.0.2.10",
      details: { failures: 7, accounts: ["bantochuc"] },
    });
    expect(JSON.stringify(t.store.audit.list())).not.toContain("khong-co");
  });

  it("throttle - the counts of logged-in users' wrong passwords (signing, certifying, changing the password) and of known browsers are never evicted by anonymous rows", () => {
    const t = makeApp();
    const now = t.clock.now().getTime();
    // Two mistakes, not locked yet, and older than the flood: the first rows a cap would evict.
    const locked = { failures: 2, lastFailureAt: now - 60_000, lockedUntil: null };
    const kept = ["key-password:7", "device:bantochuc abc", "kiosk-pair:1 hq-t1-1"];
    for (const key of kept) t.store.throttle.put(key, locked);
    for (let i = 0; i < 1_200; i++) {
      t.store.throttle.put(`address:203.0.113.${i}`, {
        failures: 1,
        lastFailureAt: now + i,
        lockedUntil: null,
      });
    }
    for (const key of kept) expect(t.store.throttle.get(key)).toEqual(locked);
  });

  it("throttle - a flood of kiosk registrations or of anonymous failures cannot evict the (account, address) back-off at the owner's address", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const now = t.clock.now().getTime();
    const pair = { failures: 4, lastFailureAt: now - 30 * 60_000, lockedUntil: null };
    t.store.throttle.put("pair:hq-t1-1 192.0.2.20", pair, "hq-t1-1");
    // Kiosk registrations keep a future arrival time: before, they made every login row the oldest.
    for (let i = 0; i < 1_100; i++) {
      t.store.throttle.put(
        `kiosk-register:2001:db8::${i.toString(16)}`,
        { failures: 0, lastFailureAt: now + 60_000, lockedUntil: null },
        null,
        now,
      );
    }
    for (let i = 0; i < 1_100; i++) {
      t.store.throttle.put(`address:198.51.100.${i}`, {
        failures: 1,
        lastFailureAt: now + i,
        lockedUntil: null,
      });
    }
    expect(t.store.throttle.get("pair:hq-t1-1 192.0.2.20")).toEqual(pair);
    const count = (like: string) =>
      t.store.db
        .query<{ n: number }, [string]>("SELECT count(*) AS n FROM login_throttle WHERE key LIKE ?")
        .get(like)?.n;
    // Each kind keeps its own cap.
    expect(count("kiosk-register:%")).toBe(1_000);
    expect(count("address:%")).toBe(1_000);
  });

  it("throttle - what each write prunes reads only the capped kinds' own rows (primary-key ranges) and the stale rows' index, never the whole table: tens of thousands of (account, address) rows in a large district cost a failed login nothing", () => {
    const t = makeApp();
    const plan = (sql: string) =>
      t.store.db
        .query<{ detail: string }, []>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => r.detail)
        .join("; ");
    for (const kind of CAPPED_KINDS) {
      expect(plan(`SELECT count(*) FROM login_throttle WHERE ${kind}`)).toMatch(
        /SEARCH login_throttle USING PRIMARY KEY/,
      );
    }
    expect(
      plan(
        "SELECT key FROM login_throttle WHERE last_failure_at < '2026' AND (locked_until IS NULL OR locked_until <= '2026')",
      ),
    ).toMatch(/SEARCH login_throttle USING INDEX/);
  });

  it("device cookies - one who has the password cannot make wrong-password rows without end: only browsers the account still knows keep theirs", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    for (let i = 0; i < 30; i++) {
      const browser = new Client(t, "192.0.2.40");
      expect((await browser.login("hq-t1-1")).status).toBe(303);
      const again = new Client(t, "192.0.2.40");
      again.cookies.set("tn_device", browser.cookies.get("tn_device") ?? "");
      expect((await again.login("hq-t1-1", "sai")).status).toBe(401);
    }
    const devices = t.store.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM login_throttle WHERE key LIKE 'device:%'")
      .get()?.n;
    expect(devices).toBeLessThanOrEqual(10);
    // Logins beyond ten end the oldest: the table does not grow with them either.
    const sessions = t.store.db.query<{ n: number }, []>("SELECT count(*) AS n FROM sessions").get()?.n;
    expect(sessions).toBe(10);
  });

  it("throttle - 2,000 failed logins from rotating addresses and names write a bounded number of rows", async () => {
    // argon2 is stubbed (every password is wrong): what is measured here is the rows, not the hashing.
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const office = new Client(t, "192.0.2.20");
    expect((await office.login("bantochuc", PASSWORD)).status).toBe(303);
    vi.spyOn(Bun.password, "verify").mockResolvedValue(false);
    const client = new Client(t);
    const token = await client.csrf();
    const before = totalRows(t);
    for (let i = 0; i < 2_000; i++) {
      const res = await t.app.request(
        paths.login,
        {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `tn_csrf=${token}` },
          body: new URLSearchParams({
            _csrf: token,
            username: i % 2 === 0 ? "bantochuc" : `khong-co-${i}`,
            password: `sai-${i}`,
          }).toString(),
        },
        { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
      );
      expect([401, 429]).toContain(res.status);
      t.clock.advance(16); // 62 a second, as in the report
    }
    const after = totalRows(t);
    const written = sum(after) - sum(before);
    // Throttle rows: at most 1,000 per-address rows (oldest evicted), plus one per existing account,
    // plus the (account, address) rows of the existing account — only as many as its own back-off
    // let unknown addresses try (10 free, then a doubling wait: 11 in these 32 s). Audit: per minute
    // at most 10 addresses' first failure and lock, one summary each plus one for the rest, and one
    // login.attack per attacked account and hour.
    const pairRows = t.store.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM login_throttle WHERE key LIKE 'pair:%'")
      .get()?.n;
    expect(pairRows).toBeLessThanOrEqual(ACCOUNT_POLICY.freeFailures + 1);
    expect(after["login_throttle"] ?? 0).toBeLessThanOrEqual(1_000 + 1 + ACCOUNT_POLICY.freeFailures + 1);
    expect((after["audit_log"] ?? 0) - (before["audit_log"] ?? 0)).toBeLessThanOrEqual(
      2 * (10 + 10 + 11) + 1,
    );
    expect(written).toBeLessThanOrEqual(1_100);
    expect(t.store.audit.verify().ok).toBe(true);
    // The board can still log in from its office.
    vi.restoreAllMocks();
    expect((await new Client(t, "192.0.2.20").login("bantochuc", PASSWORD)).status).toBe(303);
    // Known to the account: the office's address and its browser (device cookie); nothing per stranger.
    expect(after["login_known"] ?? 0).toBe(2);
  }, 120_000);
});
