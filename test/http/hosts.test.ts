import { hostname, networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ConfigSchema, loadConfig } from "../../server/config.ts";
import { addUser, makeApp, PASSWORD, type TestApp } from "../helpers.ts";

function appWith(t: TestApp, env: Record<string, string>): TestApp {
  return { ...t, app: createApp({ store: t.store, clock: t.clock, config: ConfigSchema.parse(env) }) };
}

/** This machine's first non-internal IPv4 address, if it has one. */
const lanAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

describe("Host check (issue #9 §3: DNS rebinding on a LAN)", () => {
  it("hosts - a request for another host name gets a Vietnamese 421 page before anything runs", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const page = await t.app.request("http://rebind.evil.example:3000/dang-nhap");
    expect(page.status).toBe(421);
    const html = await page.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("rebind.evil.example");
    expect(page.headers.getSetCookie()).toEqual([]);
    // A rebinding page posting to us with the token it read from our own page changes nothing.
    const login = await t.app.request("http://rebind.evil.example:3000/dang-nhap", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `tn_csrf=${"a".repeat(64)}` },
      body: new URLSearchParams({
        _csrf: "a".repeat(64),
        username: "bantochuc",
        password: PASSWORD,
      }).toString(),
    });
    expect(login.status).toBe(421);
    expect(t.store.audit.list()).toHaveLength(0);
  });

  it("hosts - a Host header no URL can be made of (as Bun passes it on) gets a Vietnamese 400, not a 500", async () => {
    const t = makeApp();
    const errors: unknown[] = [];
    const app = createApp({
      store: t.store,
      clock: t.clock,
      logger: { info: () => {}, error: (event) => errors.push(event) },
    });
    for (const url of [
      "http://localhost:evil/healthz",
      "http://127.0.0.1:99999/healthz",
      "http://:80/healthz",
    ]) {
      const request = new Request("http://localhost/healthz");
      Object.defineProperty(request, "url", { value: url });
      const res = await app.fetch(request);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Yêu cầu ghi sai địa chỉ máy chủ (Host)");
    }
    expect(errors).toEqual([]);
  });

  it("hosts - localhost, 127.0.0.1, [::1], this machine's name and addresses are allowed by default", async () => {
    const t = makeApp();
    const hosts = ["localhost", "127.0.0.1", "[::1]", hostname(), "LOCALHOST:3000", "127.0.0.1:8080"];
    const lan = lanAddress();
    if (lan) hosts.push(lan);
    for (const host of hosts) {
      expect([host, (await t.app.request(`http://${host}/healthz`)).status]).toEqual([host, 200]);
    }
  });

  it("hosts - PUBLIC_URL's host is allowed (the proxy may pass it on)", async () => {
    const t = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn" });
    expect((await t.app.request("http://tinnhiem.example.vn/healthz")).status).toBe(200);
    expect((await t.app.request("http://other.example.vn/healthz")).status).toBe(421);
  });

  it("hosts - ALLOWED_HOSTS replaces the automatic list", async () => {
    const t = appWith(makeApp(), { ALLOWED_HOSTS: "tinnhiem.lan, 10.1.2.3, ::1" });
    expect((await t.app.request("http://tinnhiem.lan:3000/healthz")).status).toBe(200);
    expect((await t.app.request("http://10.1.2.3/healthz")).status).toBe(200);
    expect((await t.app.request("http://[::1]/healthz")).status).toBe(200);
    expect((await t.app.request("http://localhost/healthz")).status).toBe(421);
  });

  it("security headers - Cross-Origin-Opener-Policy and Origin-Agent-Cluster only where a browser applies them (HTTPS, loopback), not over plain HTTP on the room's network, where Chromium logged an error for every page", async () => {
    const t = appWith(makeApp(), { ALLOWED_HOSTS: "192.168.1.20, localhost, 127.0.0.1, ::1" });
    const isolation = async (url: string) => {
      const res = await t.app.request(url);
      expect(res.status, url).toBe(200);
      // The rest of the security headers stand everywhere.
      expect(res.headers.get("Content-Security-Policy"), url).toContain("default-src 'self'");
      expect(res.headers.get("X-Content-Type-Options"), url).toBe("nosniff");
      return [res.headers.get("Cross-Origin-Opener-Policy"), res.headers.get("Origin-Agent-Cluster")];
    };
    for (const url of ["http://localhost:3000/dang-nhap", "http://127.0.0.1/kiosk", "http://[::1]/healthz"])
      expect(await isolation(url), url).toEqual(["same-origin", "?1"]);
    for (const url of [
      "http://192.168.1.20:3000/dang-nhap",
      "http://192.168.1.20/kiosk",
      "http://192.168.1.20/healthz",
    ])
      expect(await isolation(url), url).toEqual([null, null]);
    const https = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn" });
    const behindProxy = await https.app.request("http://tinnhiem.example.vn/dang-nhap");
    expect(behindProxy.headers.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
    expect(behindProxy.headers.get("Origin-Agent-Cluster")).toBe("?1");
  });

  it("ALLOWED_HOSTS - a URL or a port instead of a host name is refused, naming the variable", () => {
    for (const bad of ["http://tinnhiem.lan", "tinnhiem.lan:3000", " , "]) {
      const r = loadConfig({ ALLOWED_HOSTS: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain("ALLOWED_HOSTS");
    }
  });
});
