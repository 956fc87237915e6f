import { describe, expect, it } from "vitest";
import { paths } from "../../server/http/paths.ts";
import { openPairingWindow } from "../../server/services/kiosks.ts";
import { addUser, Client, draftCampaign, makeApp, PASSWORD, type TestApp } from "../helpers.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

const sessions = (t: TestApp) =>
  t.store.db.query<{ n: number }, []>("SELECT count(*) AS n FROM sessions").get()?.n;

/** name=value of a Set-Cookie line, and its attributes. */
function setCookie(res: Response, name: string): { value: string; line: string } | null {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  if (!line) return null;
  return { value: line.slice(name.length + 1).split(";")[0] ?? "", line };
}

describe("CSRF (issue #9 §3)", () => {
  it("csrf - Origin: null is refused even with a matching token", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const token = await client.csrf();
    const res = await client.request(paths.login, {
      ...form({ _csrf: token, username: "bantochuc", password: PASSWORD }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "null" },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Yêu cầu không hợp lệ");
    expect(t.store.audit.list()).toHaveLength(0);
  });

  it("csrf - a cross-site fetch (Sec-Fetch-Site: cross-site) is refused", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const token = await client.csrf();
    const res = await client.request(paths.login, {
      ...form({ _csrf: token, username: "bantochuc", password: PASSWORD }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" },
    });
    expect(res.status).toBe(403);
  });

  it("csrf - the token is bound to the login: a token known before login is refused after it", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const victim = new Client(t);
    // Someone read (or planted) the token of the browser before the officer logged in on it.
    const planted = await victim.csrf();
    await victim.login("bantochuc");
    victim.cookies.set("tn_csrf", planted);
    const res = await victim.request(paths.logout, form({ _csrf: planted }));
    expect(res.status).toBe(403);
    expect(sessions(t)).toBe(1);
  });

  it("csrf - the token changes at login and again at logout", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    const anonymous = await client.csrf();
    await client.login("bantochuc");
    const loggedIn = client.cookies.get("tn_csrf") ?? "";
    expect(loggedIn).toMatch(/^[0-9a-f]{64}$/);
    expect(loggedIn).not.toBe(anonymous);
    // The pages carry the new token (the htmx header and the forms).
    expect(await (await client.get(paths.board.home)).text()).toContain(loggedIn);
    expect((await client.post(paths.logout, {})).status).toBe(303);
    const after = client.cookies.get("tn_csrf") ?? "";
    expect(after).not.toBe(loggedIn);
    expect(after).not.toBe(anonymous);
  });

  it("csrf - a page of an earlier login cannot post under the next one", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    const first = client.cookies.get("tn_csrf") ?? "";
    await client.post(paths.logout, {});
    await client.login("bantochuc");
    const res = await client.request(paths.logout, form({ _csrf: first }));
    expect(res.status).toBe(403);
    expect(sessions(t)).toBe(1);
  });
});

describe("cookies under HTTPS (issue #9 §3)", () => {
  it("cookies - the session, CSRF and kiosk cookies are __Host- cookies: Secure, Path=/, no Domain", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const page = await t.app.request("https://localhost/dang-nhap");
    const csrf = setCookie(page, "__Host-tn_csrf");
    expect(csrf?.line).toMatch(/; Secure/);
    expect(csrf?.line).toMatch(/; Path=\//);
    expect(csrf?.line).not.toMatch(/Domain=/i);
    const token = csrf?.value ?? "";
    const login = await t.app.request("https://localhost/dang-nhap", {
      ...form({ _csrf: token, username: "bantochuc", password: PASSWORD }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `__Host-tn_csrf=${token}` },
    });
    expect(login.status).toBe(303);
    const session = setCookie(login, "__Host-tn_session");
    expect(session?.line).toMatch(/; HttpOnly/);
    expect(session?.line).toMatch(/; Secure/);
    expect(session?.line).toMatch(/; SameSite=Lax/);
    expect(session?.line).not.toMatch(/Domain=/i);
    const home = (cookie: string) =>
      t.app.request("https://localhost/ban-to-chuc", { headers: { Cookie: cookie } });
    expect((await home(`__Host-tn_session=${session?.value}`)).status).toBe(200);
    // A cookie without the prefix (which a sibling host could have set) is not read under HTTPS.
    expect((await home(`tn_session=${session?.value}`)).status).toBe(302);
    // Among the others of the header, wherever it stands; of two with one name, the first counts.
    expect((await home(`a=1; tn_session=x; __Host-tn_session=${session?.value}; b=2`)).status).toBe(200);
    expect((await home(`__Host-tn_session=${session?.value}; __Host-tn_session=x`)).status).toBe(200);
    expect((await home(`__Host-tn_session=x; __Host-tn_session=${session?.value}`)).status).toBe(302);
    // A kiosk browser gets its device cookie while a point's pairing window is open.
    const { point } = await draftCampaign(t);
    openPairingWindow(t, { name: "hq-t1-1", address: null }, { point });
    const kiosk = await t.app.request("https://localhost/kiosk");
    expect(setCookie(kiosk, "__Host-tn_kiosk")?.line).toMatch(/; Secure/);
  });

  it("cookies - plain HTTP (a LAN without TLS) keeps the plain names", async () => {
    const t = makeApp();
    const page = await t.app.request("http://localhost/dang-nhap");
    expect(setCookie(page, "tn_csrf")).not.toBeNull();
  });
});

describe("logging in again (issue #9 §3)", () => {
  it("relogin - logging in again from a logged-in browser ends the earlier login server-side", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    await addUser(t, "hq-t1-1", "officer");
    const client = new Client(t);
    await client.login("bantochuc");
    const first = client.cookies.get("tn_session") ?? "";
    expect((await client.login("hq-t1-1")).status).toBe(303);
    expect(client.cookies.get("tn_session")).not.toBe(first);
    expect(sessions(t)).toBe(1);
    const replay = new Client(t);
    replay.cookies.set("tn_session", first);
    expect((await replay.get(paths.board.home)).status).toBe(302);
    expect((await client.get(paths.officer.home)).status).toBe(200);
  });

  it("relogin - a failed second login leaves the first one as it was", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    const client = new Client(t);
    await client.login("bantochuc");
    expect((await client.login("bantochuc", "sai")).status).toBe(401);
    expect((await client.get(paths.board.home)).status).toBe(200);
  });
});
