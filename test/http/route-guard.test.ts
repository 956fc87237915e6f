import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../server/crypto/digest.ts";
import { type AccessRule, rulesOf } from "../../server/http/auth.ts";
import { addUser, Client, draftCampaign, makeApp, T0, type TestApp } from "../helpers.ts";

const KIOSK_TOKEN = "k".repeat(64);

/**
 * Every route and the rule it must declare. A new route fails this test until it is added here with
 * its rule, and a changed rule fails it until the change is made here on purpose.
 */
const EXPECTED: Record<string, AccessRule[]> = {
  "GET /": ["public"],
  "GET /healthz": ["public"],
  "GET /assets/*": ["public"],
  "GET /dang-nhap": ["public"],
  "POST /dang-nhap": ["public"],
  "POST /dang-xuat": ["public"],
  "GET /doi-mat-khau": ["user"],
  "POST /doi-mat-khau": ["user"],
  "GET /ban-to-chuc": ["board"],
  "GET /ban-to-chuc/nhat-ky": ["board"],
  "GET /to-cong-tac": ["officer"],
  "GET /to-cong-tac/diem/:id": ["officer"],
  "POST /to-cong-tac/diem/:id/mo": ["officer"],
  "POST /to-cong-tac/diem/:id/tam-dung": ["officer"],
  "POST /to-cong-tac/diem/:id/tiep-tuc": ["officer"],
  "GET /to-cong-tac/diem/:id/so-lieu": ["officer"],
  "GET /to-cong-tac/diem/:id/tim": ["officer"],
  "POST /to-cong-tac/diem/:id/phat-phieu": ["officer"],
  "POST /to-cong-tac/diem/:id/mo-ket-noi": ["officer"],
  "POST /to-cong-tac/diem/:id/ket-noi": ["officer"],
  "POST /to-cong-tac/diem/:id/may/:kiosk/khong-thu-ve": ["officer"],
  "POST /to-cong-tac/diem/:id/may/:kiosk/ngat": ["officer"],
  "POST /to-cong-tac/diem/:id/may/:kiosk/xac-nhan": ["officer"],
  "POST /to-cong-tac/diem/:id/may/:kiosk/phat-lai": ["officer"],
  "POST /to-cong-tac/diem/:id/don-may": ["officer"],
  "GET /to-cong-tac/diem/:id/ket-thuc": ["officer"],
  "POST /to-cong-tac/diem/:id/ket-thuc": ["officer"],
  "GET /to-cong-tac/diem/:id/bien-ban/:day": ["officer"],
  "POST /to-cong-tac/diem/:id/bien-ban/:day/lap": ["officer"],
  "POST /to-cong-tac/diem/:id/bien-ban/:day/ky": ["officer"],
  "GET /to-cong-tac/diem/:id/bien-ban/:day/bien-ban.json": ["officer"],
  "GET /to-cong-tac/diem/:id/bien-ban/:day/bien-ban.pdf": ["officer"],
  "GET /ban-to-chuc/diem/:id/bien-ban/:day": ["board"],
  "GET /ban-to-chuc/diem/:id/bien-ban/:day/bien-ban.json": ["board"],
  "GET /ban-to-chuc/diem/:id/bien-ban/:day/bien-ban.pdf": ["board"],
  "POST /ban-to-chuc/diem/:id/bien-ban/:day/mo-lai": ["board"],
  "GET /ban-to-chuc/khoa-can-bo.json": ["board"],
  "GET /ban-to-chuc/tien-do": ["board"],
  "GET /ban-to-chuc/tien-do/may": ["board"],
  "GET /ban-to-chuc/ket-qua": ["board"],
  "GET /ban-to-chuc/ket-qua/nguoi/:code": ["board"],
  "POST /ban-to-chuc/ket-qua/kiem-tra": ["board"],
  "POST /ban-to-chuc/ket-qua/diem/:id/:day/khong-tinh": ["board"],
  "POST /ban-to-chuc/khoa-ky": ["board"],
  "POST /ban-to-chuc/ket-qua/xac-nhan": ["board"],
  "GET /ban-to-chuc/ket-qua/results.json": ["board"],
  "GET /ban-to-chuc/ket-qua/ket-qua.csv": ["board"],
  "GET /ban-to-chuc/ket-qua/ket-qua.xlsx": ["board"],
  "GET /ban-to-chuc/ket-qua/ket-qua.pdf": ["board"],
  "GET /ban-to-chuc/ket-qua/ket-qua-da-ky.json": ["board"],
  "GET /ban-to-chuc/khoa-ban-to-chuc.json": ["board"],
  "GET /kiosk": ["public"],
  "GET /kiosk/ket-noi": ["public"],
  "GET /kiosk/cho": ["kiosk"],
  "GET /kiosk/phieu/con": ["kiosk"],
  "POST /kiosk/chon": ["kiosk"],
  "POST /kiosk/buoc": ["kiosk"],
  "POST /kiosk/xem-lai": ["kiosk"],
  "POST /kiosk/sua-lai": ["kiosk"],
  "POST /kiosk/hien-thi": ["kiosk"],
  "POST /kiosk/dang-ghi": ["kiosk"],
  "POST /kiosk/phieu": ["kiosk"],
  "GET /kiosk/am-thanh/:file": ["kiosk"],
  "GET /ban-to-chuc/dot": ["board"],
  "POST /ban-to-chuc/dot": ["board"],
  "GET /ban-to-chuc/xa": ["board"],
  "POST /ban-to-chuc/xa": ["board"],
  "GET /ban-to-chuc/xa/:id/sua": ["board"],
  "POST /ban-to-chuc/xa/:id": ["board"],
  "POST /ban-to-chuc/xa/:id/xoa": ["board"],
  "GET /ban-to-chuc/can-bo": ["board"],
  "POST /ban-to-chuc/can-bo": ["board"],
  "GET /ban-to-chuc/can-bo/:id/sua": ["board"],
  "POST /ban-to-chuc/can-bo/:id": ["board"],
  "POST /ban-to-chuc/can-bo/:id/len": ["board"],
  "POST /ban-to-chuc/can-bo/:id/xuong": ["board"],
  "POST /ban-to-chuc/can-bo/:id/xoa": ["board"],
  "GET /ban-to-chuc/diem": ["board"],
  "POST /ban-to-chuc/diem": ["board"],
  "GET /ban-to-chuc/diem/:id/sua": ["board"],
  "POST /ban-to-chuc/diem/:id": ["board"],
  "POST /ban-to-chuc/diem/:id/xoa": ["board"],
  "GET /ban-to-chuc/diem/:id/phieu": ["board"],
  "POST /ban-to-chuc/diem/:id/phieu": ["board"],
  "GET /ban-to-chuc/to-cong-tac": ["board"],
  "POST /ban-to-chuc/to-cong-tac": ["board"],
  "GET /ban-to-chuc/to-cong-tac/:id": ["board"],
  "POST /ban-to-chuc/to-cong-tac/:id": ["board"],
  "POST /ban-to-chuc/to-cong-tac/:id/cap-lai": ["board"],
  "GET /ban-to-chuc/danh-sach/:id": ["board"],
  "POST /ban-to-chuc/danh-sach/:id/nhap": ["board"],
  "GET /ban-to-chuc/danh-sach/:id/nhap/:job": ["board"],
  "POST /ban-to-chuc/danh-sach/:id/nhap/:job/xac-nhan": ["board"],
  "POST /ban-to-chuc/danh-sach/:id/dieu-chinh": ["board"],
  "GET /ban-to-chuc/dong-dau": ["board"],
  "POST /ban-to-chuc/dong-dau": ["board"],
};

/** Concrete URLs for patterns with wildcards. */
const SAMPLE_URL: Record<string, string> = {
  "/assets/*": "/assets/app.css",
};

/** Parameters get a concrete value: no such record exists, so an allowed role gets a Vietnamese 404. */
const urlFor = (pattern: string): string =>
  SAMPLE_URL[pattern] ?? pattern.replace(":job", "abc123").replace(":kiosk", "k0").replace(":id", "1");

function declaredRoutes(t: TestApp): Map<string, AccessRule[] | null> {
  const found = new Map<string, AccessRule[] | null>();
  for (const route of t.app.routes) {
    if (route.method === "ALL") continue; // app.use middleware, not an endpoint
    const key = `${route.method} ${route.path}`;
    const rules = rulesOf(route.handler);
    if (!found.has(key)) found.set(key, null);
    if (rules) found.set(key, [...rules]);
  }
  return found;
}

type Who = "anonymous" | "board" | "officer" | "officer-first-login" | "kiosk";

const allowed = (rules: AccessRule[], who: Who): boolean => {
  if (rules.includes("public")) return true;
  if (who === "kiosk") return rules.includes("kiosk");
  if (who === "anonymous") return false;
  if (rules.includes("user")) return true;
  if (who === "officer-first-login") return false;
  return rules.includes(who);
};

const LOGINS: Partial<Record<Who, string>> = {
  board: "bantochuc",
  officer: "hq-t1-1",
  "officer-first-login": "hq-t1-2",
};

/**
 * One client per role, reused across every route: a login costs an argon2id verification, so each
 * role logs in once, and again only after a route ended its session (đăng xuất).
 */
function clientsFor(t: TestApp): { ready: (who: Who) => Promise<Client>; logins: () => number } {
  const clients = new Map<Who, Client>();
  let logins = 0;
  return {
    logins: () => logins,
    ready: async (who) => {
      let client = clients.get(who);
      if (!client) {
        client = new Client(t, `192.0.2.${clients.size + 1}`);
        if (who === "kiosk") client.cookies.set("tn_kiosk", KIOSK_TOKEN);
        clients.set(who, client);
      }
      const username = LOGINS[who];
      if (username && !client.cookies.has("tn_session")) {
        const res = await client.login(username);
        if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`);
        logins++;
      }
      return client;
    },
  };
}

describe("route guard", () => {
  it("routes - every registered route declares an access rule", () => {
    const t = makeApp();
    const missing = [...declaredRoutes(t)].filter(([, rules]) => rules === null).map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it("routes - the declared rules are exactly the expected table", () => {
    const t = makeApp();
    expect(Object.fromEntries(declaredRoutes(t))).toEqual(EXPECTED);
  });

  it("routes - a route registered without allow() is caught", async () => {
    const t = makeApp();
    t.app.get("/quen-khai-bao", (c) => c.text("lộ"));
    const missing = [...declaredRoutes(t)].filter(([, rules]) => rules === null).map(([key]) => key);
    expect(missing).toEqual(["GET /quen-khai-bao"]);
  });

  it("routes - each role reaches exactly the routes its rule allows", async () => {
    const t = makeApp();
    await addUser(t, "bantochuc", "board");
    await addUser(t, "hq-t1-1", "officer");
    await addUser(t, "hq-t1-2", "officer", { mustChangePassword: true });
    // A kiosk paired with a point, with a known device token.
    const { point } = await draftCampaign(t);
    t.store.voting.createKiosk(
      "k0",
      sha256Hex(KIOSK_TOKEN),
      { code: "12345678", pointId: point.id, expiresAt: T0.toISOString() },
      T0.toISOString(),
    );
    t.store.voting.pair("k0", point.id, T0.toISOString(), "test");
    const clients = clientsFor(t);
    const failures: string[] = [];
    for (const [key, rules] of Object.entries(EXPECTED)) {
      const [method = "GET", pattern = "/"] = key.split(" ");
      const url = urlFor(pattern);
      for (const who of ["anonymous", "board", "officer", "officer-first-login", "kiosk"] as const) {
        const client = await clients.ready(who);
        const res = method === "GET" ? await client.get(url) : await client.post(url, {});
        const location = res.headers.get("Location") ?? "";
        const refused =
          res.status === 401 ||
          res.status === 403 ||
          (res.status >= 300 &&
            res.status < 400 &&
            (location.startsWith("/dang-nhap?next") ||
              location === "/doi-mat-khau" ||
              location === "/kiosk"));
        if (refused === allowed(rules, who)) {
          failures.push(`${key} as ${who}: status ${res.status} ${location}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Once per role, and once more per role after the logout route.
    expect(clients.logins()).toBeLessThanOrEqual(6);
  });
});
