import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, makeApp, PASSWORD } from "../helpers.ts";

describe("login", () => {
  it("login - the login page is Vietnamese and sets a CSRF cookie", async () => {
    const t = makeApp();
    const client = new Client(t);
    const res = await client.get(paths.login);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("Đăng nhập");
    expect(client.cookies.has("tn_csrf")).toBe(true);
  });

  it("login - a board account lands on the board area with an HttpOnly SameSite cookie", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const res = await client.login("bantochuc");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(paths.board.home);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("tn_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in tests
    expect((await client.get(paths.board.home)).status).toBe(200);
    const audit = t.store.audit.list();
    expect(audit.map((e) => e.action)).toEqual(["login.success"]);
  });

  it("login - the cookie is Secure (and a __Host- cookie) when served over HTTPS", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const page = await t.app.request("https://localhost/dang-nhap");
    const csrf = page.headers.getSetCookie().find((c) => c.startsWith("__Host-tn_csrf="));
    const token = csrf?.split(";")[0]?.split("=")[1] ?? "";
    const res = await t.app.request("https://localhost/dang-nhap", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: `__Host-tn_csrf=${token}`,
      },
      body: new URLSearchParams({ _csrf: token, username: "bantochuc", password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("__Host-tn_session="))).toMatch(/Secure/);
  });

  it("login - only the token's hash is stored, never the token", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    const token = client.cookies.get("tn_session") ?? "";
    const rows = t.store.db.query<{ token_hash: string }, []>("SELECT token_hash FROM sessions").all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toBe(token);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("login - a wrong password is refused in Vietnamese and logged without the password", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const res = await client.login("bantochuc", "sai-mat-khau-123");
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
    expect(client.cookies.has("tn_session")).toBe(false);
    const entries = t.store.audit.list();
    expect(entries.map((e) => e.action)).toEqual(["login.failure"]);
    expect(JSON.stringify(entries)).not.toContain("sai-mat-khau-123");
  });

  it("login - an unknown account gets the same answer as a wrong password", async () => {
    const t = makeApp();
    const res = await new Client(t).login("khong-ton-tai");
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
  });

  it("login - empty fields get a clear message", async () => {
    const t = makeApp();
    const res = await new Client(t).post(paths.login, { username: "", password: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Vui lòng nhập tên đăng nhập và mật khẩu.");
  });

  it("login - next= is followed only when it is a local path", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const a = new Client(t);
    const ok = await a.post(paths.login, {
      username: "bantochuc",
      password: PASSWORD,
      next: paths.board.audit,
    });
    expect(ok.headers.get("Location")).toBe(paths.board.audit);
    const b = new Client(t);
    const evil = await b.post(paths.login, {
      username: "bantochuc",
      password: PASSWORD,
      next: "//evil.example/",
    });
    expect(evil.headers.get("Location")).toBe(paths.board.home);
  });

  it("logout - ends the login server-side and is audited", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    const stolen = client.cookies.get("tn_session") ?? "";
    const res = await client.post(paths.logout, {});
    expect(res.status).toBe(303);
    expect(t.store.db.query("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 0 });
    // A copy of the old cookie no longer works.
    const replay = new Client(t);
    replay.cookies.set("tn_session", stolen);
    expect((await replay.get(paths.board.home)).status).toBe(302);
    expect(t.store.audit.list().map((e) => e.action)).toEqual(["login.success", "logout"]);
  });

  it("session - expires after the idle time and after the absolute maximum", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    t.clock.advance(119 * 60_000);
    expect((await client.get(paths.board.home)).status).toBe(200);
    // Activity slid the idle deadline; keep active every 100 minutes until the 12-hour cap.
    for (let i = 0; i < 6; i++) {
      t.clock.advance(100 * 60_000);
      expect((await client.get(paths.board.home)).status).toBe(200);
    }
    t.clock.advance(100 * 60_000); // now past 12 hours since login
    const res = await client.get(paths.board.home);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain(paths.login);
  });

  it("session - idle longer than allowed means logging in again", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    t.clock.advance(121 * 60_000);
    expect((await client.get(paths.board.home)).status).toBe(302);
  });

  it("passwords - the app stores argon2id hashes at the production cost (19 MiB, two passes), never the password", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    // A hash the app made itself (the fixture's own is cheap on purpose: testPasswordHash).
    const next = "mật khẩu mới dài";
    const changed = await client.post(paths.changePassword, { current: PASSWORD, next, confirm: next });
    expect(changed.status).toBeLessThan(400);
    const row = t.store.db.query<{ password_hash: string }, []>("SELECT password_hash FROM users").get();
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain(next);
    expect(row?.password_hash).not.toContain(PASSWORD);
  });
});

describe("change password", () => {
  it("changePassword - first login is sent to change the password before anything else", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer", { mustChangePassword: true });
    const client = new Client(t);
    const res = await client.login("hq-t1-1");
    expect(res.headers.get("Location")).toBe(paths.changePassword);
    const blocked = await client.get(paths.officer.home);
    expect(blocked.status).toBe(303);
    expect(blocked.headers.get("Location")).toBe(paths.changePassword);
    const page = await client.get(paths.changePassword);
    expect(await page.text()).toContain("lần đăng nhập đầu tiên");
  });

  it("changePassword - checks the current password, length and confirmation, changing nothing on error", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer", { mustChangePassword: true });
    const client = new Client(t);
    await client.login("hq-t1-1");
    const before = t.store.users.credentials("hq-t1-1")?.passwordHash;
    const res = await client.post(paths.changePassword, { current: "sai", next: "ngan", confirm: "khac" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Mật khẩu hiện tại không đúng.");
    expect(html).toContain("Mật khẩu cần ít nhất 8 ký tự.");
    expect(html).toContain("Hai lần nhập mật khẩu mới không giống nhau.");
    expect(t.store.users.credentials("hq-t1-1")?.passwordHash).toBe(before);
  });

  it("changePassword - guesses at the current password (it opens the signing key) are slowed as signing is and audited; the right one after the wait works", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const client = new Client(t);
    await client.login("hq-t1-1");
    const guess = (current: string) =>
      client.post(paths.changePassword, { current, next: "mật khẩu mới dài", confirm: "mật khẩu mới dài" });
    const before = t.store.users.credentials("hq-t1-1")?.passwordHash;
    for (let i = 0; i < 3; i++) expect((await guess(`sai-${i}`)).status).toBe(400);
    // Locked by the third: even the right password waits, and says for how long.
    const locked = await guess(PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await locked.text()).toContain(
      "Mật khẩu đã bị nhập sai nhiều lần (khi ký biên bản hoặc đổi mật khẩu). Vui lòng chờ",
    );
    expect(t.store.audit.list().filter((e) => e.action === "password.change.failed")).toHaveLength(3);
    expect(t.store.users.credentials("hq-t1-1")?.passwordHash).toBe(before);
    t.clock.advance(31_000);
    const done = await guess(PASSWORD);
    expect(done.status).toBe(200);
    expect(t.store.users.credentials("hq-t1-1")?.passwordHash).not.toBe(before);
    const id = t.store.users.credentials("hq-t1-1")?.user.id;
    expect(t.store.throttle.get(`key-password:${id}`) ?? null).toBeNull();
  });

  it("changePassword - parallel guesses at the current password are counted one by one: the limit cannot be raced", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const client = new Client(t);
    await client.login("hq-t1-1");
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.post(paths.changePassword, {
          current: `sai-${i}`,
          next: "mật khẩu mới dài",
          confirm: "mật khẩu mới dài",
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([400, 400, 400, 429, 429, 429, 429, 429]);
    expect(t.store.audit.list().filter((e) => e.action === "password.change.failed")).toHaveLength(3);
  });

  it("login - at a console already logged in as the account, the login form shares the key-password count: it is no second oracle for the password that opens the key", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const client = new Client(t);
    await client.login("hq-t1-1");
    expect((await client.login("hq-t1-1", "sai-1")).status).toBe(401);
    expect((await client.login("hq-t1-1", "sai-2")).status).toBe(401);
    const third = await client.post(paths.changePassword, {
      current: "sai-3",
      next: "mật khẩu mới dài",
      confirm: "mật khẩu mới dài",
    });
    expect(await third.text()).toContain("vui lòng chờ 30 giây");
    // Now the login form waits too, even with the right password, and says where the mistakes were.
    const waiting = await client.login("hq-t1-1");
    expect(waiting.status).toBe(429);
    expect(await waiting.text()).toContain(
      "Mật khẩu đã bị nhập sai nhiều lần (khi ký biên bản hoặc đổi mật khẩu).",
    );
    // A stranger's browser (no login of this account) is not held by it: its own limits apply.
    expect((await new Client(t, "198.51.100.3").login("hq-t1-1")).status).toBe(303);
  });

  it("login - at a console logged in as the account, a login and a password change sent together take turns: the third mistake is counted once, the other waits", async () => {
    const t = makeApp();
    const user = await addUser(t, "hq-t1-1", "officer");
    const client = new Client(t);
    await client.login("hq-t1-1");
    const change = (current: string) =>
      client.post(paths.changePassword, { current, next: "mật khẩu mới dài", confirm: "mật khẩu mới dài" });
    expect((await change("sai-1")).status).toBe(400);
    expect((await change("sai-2")).status).toBe(400);
    const [changed, login] = await Promise.all([change("sai-3"), client.login("hq-t1-1", "sai-4")]);
    expect([changed.status, login.status].sort()).toEqual(changed.status === 400 ? [400, 429] : [401, 429]);
    expect(t.store.throttle.get(`key-password:${user.id}`)?.failures).toBe(3);
  });

  it("changePassword - the second wrong current password says that one more starts a wait", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    const client = new Client(t);
    await client.login("hq-t1-1");
    const guess = (current: string) =>
      client.post(paths.changePassword, { current, next: "mật khẩu mới dài", confirm: "mật khẩu mới dài" });
    const first = await (await guess("sai-1")).text();
    expect(first).toContain("Mật khẩu hiện tại không đúng.");
    expect(first).not.toContain("Nếu nhập sai thêm");
    expect(await (await guess("sai-2")).text()).toContain(
      "Nếu nhập sai thêm 1 lần, phải chờ 30 giây mới thử lại được.",
    );
    expect(await (await guess("sai-3")).text()).toContain("vui lòng chờ 30 giây rồi thử lại");
  });

  it("changePassword - a change made by choice says it is done and leads home, with no empty form left to fill in", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer");
    await addUser(t, "bantochuc", "board");
    for (const [username, home] of [
      ["hq-t1-1", paths.officer.home],
      ["bantochuc", paths.board.home],
    ] as const) {
      const client = new Client(t);
      await client.login(username);
      const res = await client.post(paths.changePassword, {
        current: PASSWORD,
        next: "thôn một năm nay",
        confirm: "thôn một năm nay",
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
      expect(main).toContain("Đã đổi mật khẩu.");
      // The way back, as a button to this account's own home page.
      expect(main).toContain(`<a class="btn" href="${home}">Về trang chính</a>`);
      // Not the form again: no password field, nothing to save a second time.
      expect(main).not.toContain('type="password"');
      expect(main).not.toContain("Lưu mật khẩu mới");
      expect(main).not.toContain(`action="${paths.changePassword}"`);
      // The link leads somewhere this account may go, logged in with the new password's session.
      expect((await client.get(home)).status).toBe(200);
    }
  });

  it("changePassword - a valid change lifts the first-login block and the new password works", async () => {
    const t = makeApp();
    await addUser(t, "hq-t1-1", "officer", { mustChangePassword: true });
    const client = new Client(t);
    await client.login("hq-t1-1");
    const res = await client.post(paths.changePassword, {
      current: PASSWORD,
      next: "thôn một năm nay",
      confirm: "thôn một năm nay",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(paths.officer.home);
    expect((await client.get(paths.officer.home)).status).toBe(200);
    const fresh = new Client(t);
    expect((await fresh.login("hq-t1-1", "thôn một năm nay")).status).toBe(303);
    expect(t.store.audit.list().map((e) => e.action)).toContain("password.change");
  });
});
