import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { ConfigSchema, loadConfig } from "../../server/config.ts";
import { paths } from "../../server/http/paths.ts";
import { addUser, Client, makeApp, PASSWORD, type TestApp } from "../helpers.ts";

/** The app as run with these environment variables, over the test's store and clock. */
function appWith(t: TestApp, env: Record<string, string>): TestApp {
  return { ...t, app: createApp({ store: t.store, clock: t.clock, config: ConfigSchema.parse(env) }) };
}

/** A form POST through the HTTPS proxy: its CSRF cookie is the __Host- one. */
async function post(
  client: Client,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> | Headers = {},
): Promise<Response> {
  if (!client.cookies.has("__Host-tn_csrf")) await client.get(paths.login);
  const token = client.cookies.get("__Host-tn_csrf") ?? client.cookies.get("tn_csrf") ?? "";
  const all = new Headers(headers);
  all.set("Content-Type", "application/x-www-form-urlencoded");
  return client.request(path, {
    method: "POST",
    headers: all,
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

/** Logs in through the proxy with this X-Forwarded-For; returns the address the audit log recorded. */
async function loggedAddress(t: TestApp, forwardedFor: string | null, socket = "10.0.0.2"): Promise<unknown> {
  const client = new Client(t, socket);
  const headers: Record<string, string> = forwardedFor ? { "X-Forwarded-For": forwardedFor } : {};
  const res = await post(client, paths.login, { username: "bantochuc", password: PASSWORD }, headers);
  expect(res.status).toBe(303);
  return t.store.audit.list().at(-1)?.details["address"];
}

describe("client address behind a reverse proxy (issue #9 §3)", () => {
  it("clientAddress - behind PUBLIC_URL the proxy's own (right-most) X-Forwarded-For entry is the client", async () => {
    const t = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn" });
    await addUser(t, "bantochuc", "board");
    // An appending proxy passes on what the client sent, then adds what it saw.
    expect(await loggedAddress(t, "203.0.113.9, 198.51.100.23")).toBe("198.51.100.23");
    expect(await loggedAddress(t, "198.51.100.24")).toBe("198.51.100.24");
  });

  it("clientAddress - TRUSTED_PROXY_HOPS=2 takes the entry the outer of two proxies added", async () => {
    const t = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn", TRUSTED_PROXY_HOPS: "2" });
    await addUser(t, "bantochuc", "board");
    expect(await loggedAddress(t, "203.0.113.9, 198.51.100.23, 10.0.0.7")).toBe("198.51.100.23");
  });

  it("clientAddress - TRUSTED_PROXY_HOPS=0 ignores the header and uses the socket's address", async () => {
    const t = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn", TRUSTED_PROXY_HOPS: "0" });
    await addUser(t, "bantochuc", "board");
    expect(await loggedAddress(t, "203.0.113.9, 198.51.100.23", "192.0.2.44")).toBe("192.0.2.44");
  });

  it("clientAddress - without PUBLIC_URL the header is ignored", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    expect(await loggedAddress(t, "203.0.113.9", "192.0.2.45")).toBe("192.0.2.45");
  });

  it("clientAddress - several X-Forwarded-For headers count as one list", async () => {
    const t = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn" });
    await addUser(t, "bantochuc", "board");
    const client = new Client(t, "10.0.0.2");
    const headers = new Headers();
    headers.append("X-Forwarded-For", "203.0.113.9");
    headers.append("X-Forwarded-For", "198.51.100.25");
    const res = await post(client, paths.login, { username: "bantochuc", password: PASSWORD }, headers);
    expect(res.status).toBe(303);
    expect(t.store.audit.list().at(-1)?.details["address"]).toBe("198.51.100.25");
  });

  it("throttle - a client cannot dodge the per-address back-off by forging X-Forwarded-For", async () => {
    const t = appWith(makeApp(), { PUBLIC_URL: "https://tinnhiem.example.vn" });
    const client = new Client(t, "10.0.0.2");
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const forged = { "X-Forwarded-For": `203.0.113.${i}, 198.51.100.30` };
      statuses.push(
        (await post(client, paths.login, { username: `tk-${i}`, password: "sai" }, forged)).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it("TRUSTED_PROXY_HOPS - a bad value names the variable", () => {
    const r = loadConfig({ TRUSTED_PROXY_HOPS: "-1" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("TRUSTED_PROXY_HOPS");
  });
});
