import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { allow } from "../../server/http/auth.ts";
import type { AppEnv } from "../../server/http/context.ts";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, dataAttr, makeApp, PASSWORD } from "../helpers.ts";

describe("CSRF", () => {
  it("csrf - a POST without a token is refused in Vietnamese and changes nothing", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.csrf();
    const res = await client.request(paths.login, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "bantochuc", password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Yêu cầu không hợp lệ hoặc trang đã mở quá lâu");
    expect(client.cookies.has("tn_session")).toBe(false);
    expect(t.store.audit.list()).toHaveLength(0);
  });

  it("csrf - a wrong token is refused", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    const res = await client.request(paths.logout, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${"0".repeat(64)}`,
    });
    expect(res.status).toBe(403);
    expect(t.store.db.query("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 1 });
  });

  it("csrf - a request with no CSRF cookie at all is refused", async () => {
    const t = makeApp();
    const res = await t.app.request(paths.login, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${"a".repeat(64)}&username=x&password=y`,
    });
    expect(res.status).toBe(403);
  });

  it("csrf - the token in the X-CSRF-Token header (htmx requests) is accepted", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    const token = await client.csrf();
    const res = await client.request(paths.logout, { method: "POST", headers: { "X-CSRF-Token": token } });
    expect(res.status).toBe(303);
  });

  it("csrf - a cross-origin POST is refused even with a matching token", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const token = await client.csrf();
    const res = await client.request(paths.login, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ _csrf: token, username: "bantochuc", password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
    expect(t.store.audit.list()).toHaveLength(0);
  });

  it("csrf - an htmx request gets the message as a fragment, not a whole page", async () => {
    const t = makeApp();
    const client = new Client(t);
    await client.csrf();
    const res = await client.request(paths.logout, { method: "POST", headers: { "HX-Request": "true" } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toMatch(/^<div class="alert alert-error" role="alert">/);
    expect(html).not.toContain("<html");
  });
});

describe("login rate limit", () => {
  it("throttle - the sixth wrong password from one address locks the account there with growing back-off", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    for (let i = 0; i < 4; i++) expect((await client.login("bantochuc", "sai")).status).toBe(401);
    expect((await client.login("bantochuc", "sai")).status).toBe(401); // 5th failure sets a 30 s lock
    const locked = await client.login("bantochuc"); // even the right password must wait
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("Vui lòng chờ 30 giây");
    expect(locked.headers.get("Retry-After")).toBe("30");
    t.clock.advance(31_000);
    expect((await client.login("bantochuc", "sai")).status).toBe(401); // 6th failure: twice as long
    const again = await client.login("bantochuc");
    expect(again.status).toBe(429);
    expect(await again.text()).toContain("Vui lòng chờ 1 phút");
    t.clock.advance(59_000);
    expect((await client.login("bantochuc")).status).toBe(429);
    t.clock.advance(1_000);
    expect((await client.login("bantochuc")).status).toBe(303);
  });

  it("throttle - a success clears the account's failures", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    for (let i = 0; i < 4; i++) await client.login("bantochuc", "sai");
    expect((await client.login("bantochuc")).status).toBe(303);
    const other = new Client(t, "192.0.2.99");
    for (let i = 0; i < 4; i++) expect((await other.login("bantochuc", "sai")).status).toBe(401);
  });

  it("throttle - one address guessing many accounts is slowed too", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const attacker = new Client(t, "198.51.100.7");
    for (let i = 0; i < 20; i++) await attacker.login(`tk-${i}`, "sai");
    expect((await attacker.login("bantochuc")).status).toBe(429);
    // Another address is not affected.
    expect((await new Client(t, "192.0.2.50").login("bantochuc")).status).toBe(303);
  });

  it("throttle - a lock is audited once, not every refused attempt", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    for (let i = 0; i < 5; i++) await client.login("bantochuc", "sai");
    for (let i = 0; i < 10; i++) expect((await client.login("bantochuc", "sai")).status).toBe(429);
    const actions = () => t.store.audit.list().map((e) => e.action);
    expect(actions().filter((a) => a === "login.locked")).toHaveLength(1);
    // The first failure of the minute on its own, the minute's five in one summary once it is over.
    expect(actions().filter((a) => a === "login.failure")).toHaveLength(1);
    t.clock.advance(60_000);
    await client.login("bantochuc", "sai");
    expect(t.store.audit.list().find((e) => e.action === "login.failure.summary")?.details).toMatchObject({
      failures: 5,
    });
    expect(t.store.audit.verify().ok).toBe(true);
  });

  it("throttle - a name that is no account is not written to the audit log (it may be a password)", async () => {
    const t = makeApp();
    const client = new Client(t);
    await client.login("MatKhauBiMat123", "x");
    const entry = t.store.audit.list().at(-1);
    expect(entry).toMatchObject({ action: "login.failure", subject: "(không có tài khoản)", actor: "khách" });
    expect(JSON.stringify(t.store.audit.list()).toLowerCase()).not.toContain("matkhaubimat123");
  });

  it("throttle - parallel guesses on one account are counted one by one", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t, "192.0.2.99");
    await client.csrf();
    const results = await Promise.all(Array.from({ length: 12 }, () => client.login("bantochuc", "sai")));
    const statuses = results.map((r) => r.status);
    // Five failures are free; the lock set by the fifth refuses the rest without checking them.
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });
});

describe("requests the app refuses", () => {
  it("bodyLimit - an oversized body gets 413 in Vietnamese and changes nothing", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const token = await client.csrf();
    const res = await client.request(paths.login, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: token,
        username: "bantochuc",
        password: "x".repeat(200_000),
      }).toString(),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Dữ liệu gửi lên quá lớn");
    expect(t.store.audit.list()).toHaveLength(0);
  });

  it("notFound - an unknown route gets a Vietnamese 404 page", async () => {
    const t = makeApp();
    const res = await new Client(t).get("/khong-co-trang-nay");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("Không tìm thấy trang");
  });

  it("onError - an unexpected error shows a request id, never a stack trace", async () => {
    const t = makeApp();
    const logged: string[] = [];
    const app = createApp({
      store: t.store,
      clock: t.clock,
      logger: { info: () => {}, error: (_e, f) => logged.push(JSON.stringify(f)) },
    });
    const boom = new Hono<AppEnv>().get("/no", allow("public"), () => {
      throw new Error("secret internal detail");
    });
    app.route("/", boom);
    const res = await app.request("/no");
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Hệ thống gặp sự cố ngoài dự kiến");
    expect(html).not.toContain("secret internal detail");
    const id = dataAttr(html, "request-id");
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(html).toContain(`>${id}</code>`); // shown to be read out to support
    expect(logged.join("\n")).toContain(`"id":"${id}"`);
    expect(logged.join("\n")).toContain("secret internal detail");
  });

  it("secureHeaders - pages carry a CSP that allows only this origin", async () => {
    const t = makeApp();
    const res = await new Client(t).get(paths.login);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("healthz - reports status and the database check as JSON", async () => {
    const t = makeApp();
    const res = await t.app.request(paths.health);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("healthz - reports 503 when the database is gone", async () => {
    const t = makeApp();
    t.store.close();
    const res = await t.app.request(paths.health);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "error" });
  });

  it("assets - htmx 4 and the font are served from node_modules", async () => {
    const t = makeApp();
    const htmx = await t.app.request(paths.assets.htmx);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("Content-Type")).toContain("javascript");
    expect(await htmx.text()).toContain("htmx");
    const font = await t.app.request(paths.assets.fontRegular);
    expect(font.status).toBe(200);
    expect(font.headers.get("Content-Type")).toBe("font/ttf");
    const again = await t.app.request(paths.assets.htmx, {
      headers: { "If-None-Match": htmx.headers.get("ETag") ?? "" },
    });
    expect(again.status).toBe(304);
    expect((await t.app.request("/assets/khong-co.js")).status).toBe(404);
  });
});

describe("review fixes", () => {
  it.each([
    ["/ban-to-chuc/nhat-ky", "/ban-to-chuc/nhat-ky"],
    ["/ban-to-chuc?x=1", "/ban-to-chuc?x=1"],
    ["//evil.example/", null],
    ["/\t/evil.example", null],
    ["/\\evil.example", null],
    ["https://evil.example/", null],
    ["/%0a/evil", "/%0a/evil"],
    ["/.//evil.example", null],
    ["/a/..//evil.example", null],
    ["/%2e//evil.example", null],
  ])("safeNext - %j → %j", async (next, expected) => {
    const { safeNext } = await import("../../server/http/paths.ts");
    expect(safeNext(next)).toBe(expected);
  });

  it("password change - ends every other login of the account and renews this one", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const laptop = new Client(t, "192.0.2.31");
    const phone = new Client(t, "192.0.2.32");
    await laptop.login("bantochuc");
    await phone.login("bantochuc");
    const before = laptop.cookies.get("tn_session");
    const res = await laptop.post(paths.changePassword, {
      current: PASSWORD,
      next: "mật khẩu mới hơn",
      confirm: "mật khẩu mới hơn",
    });
    expect(res.status).toBe(200);
    expect(laptop.cookies.get("tn_session")).not.toBe(before);
    expect((await laptop.get(paths.board.home)).status).toBe(200);
    expect((await phone.get(paths.board.home)).status).toBe(302);
  });

  it("upload limit - only a logged-in board member may send a large body", async () => {
    const t = makeApp();
    const anonymous = new Client(t);
    const token = await anonymous.csrf();
    const res = await anonymous.request("/ban-to-chuc/danh-sach/1/nhap", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token },
      body: `_csrf=${token}&x=${"a".repeat(200_000)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Dữ liệu gửi lên quá lớn");
  });

  it("healthz - a cheap check answers ok", async () => {
    const t = makeApp();
    expect(await (await t.app.request(paths.health)).json()).toMatchObject({ status: "ok", database: "ok" });
  });
});

describe("behind an HTTPS reverse proxy", () => {
  it("PUBLIC_URL - Secure cookies and the Origin check use the public address", async () => {
    const { createApp } = await import("../../server/app.ts");
    const { ConfigSchema } = await import("../../server/config.ts");
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const app = createApp({
      store: t.store,
      clock: t.clock,
      config: ConfigSchema.parse({ PUBLIC_URL: "https://tinnhiem.example.vn/" }),
    });
    const proxied = new Client({ ...t, app });
    await proxied.get(paths.login);
    // Behind an HTTPS proxy the cookies are __Host- cookies (the browser sees https).
    const token = proxied.cookies.get("__Host-tn_csrf") ?? "";
    const res = await proxied.request(paths.login, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://tinnhiem.example.vn" },
      body: new URLSearchParams({ _csrf: token, username: "bantochuc", password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("__Host-tn_session="))).toMatch(/Secure/);
  });

  it("PUBLIC_URL - a bad value names the variable", async () => {
    const { loadConfig } = await import("../../server/config.ts");
    const r = loadConfig({ PUBLIC_URL: "tinnhiem.example.vn" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("PUBLIC_URL");
  });
});
