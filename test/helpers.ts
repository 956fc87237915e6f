import { createApp } from "../server/app.ts";
import { ManualClock } from "../server/clock.ts";
import { defaultConfig } from "../server/config.ts";
import { Store } from "../server/db/store.ts";
import type { Actor } from "../server/domain/audit.ts";
import type { Result } from "../server/domain/result.ts";
import type { AccountRole, User } from "../server/domain/users.ts";
import { paths } from "../server/http/paths.ts";
import {
  buildScenario,
  byCode,
  type FixtureResident,
  type ScenarioFixture,
} from "../server/scenario-builder.ts";

export const T0 = new Date("2026-10-27T01:00:00.000Z");
export const PASSWORD = "mat-khau-thu-1";

const testHashes = new Map<string, Promise<string>>();
/**
 * The argon2id hash (PHC string) that fixture accounts store for `password`: made once per password
 * and worker, at the smallest cost argon2id takes (1 MiB, one pass). A login verifies at the cost
 * written in the hash, so the login code runs unchanged, only cheaper. At the production cost
 * (19 MiB, two passes: crypto/password.ts) the fixtures' 750 hashes and 1,800 logins took about 50 s
 * of the suite's 6½ CPU-minutes. Accounts the app creates itself (officers made by the board,
 * changed passwords) still get the production cost (test/http/auth.test.ts, "passwords").
 */
export const testPasswordHash = (password: string): Promise<string> => {
  let hash = testHashes.get(password);
  if (!hash) {
    hash = Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 1024, timeCost: 1 });
    testHashes.set(password, hash);
  }
  return hash;
};

export type TestApp = {
  store: Store;
  clock: ManualClock;
  app: ReturnType<typeof createApp>;
};

export function makeApp(): TestApp {
  const store = Store.memory();
  const clock = new ManualClock(T0);
  const app = createApp({ store, clock, config: defaultConfig() });
  return { store, clock, app };
}

export async function addUser(
  t: TestApp,
  username: string,
  role: AccountRole,
  options: { mustChangePassword?: boolean; password?: string } = {},
): Promise<User> {
  return unwrap(
    t.store.users.create({
      username,
      displayName: `Người dùng ${username}`,
      role,
      passwordHash: await testPasswordHash(options.password ?? PASSWORD),
      mustChangePassword: options.mustChangePassword ?? false,
      createdAt: t.clock.now().toISOString(),
    }),
  );
}

/**
 * A browser-like client over app.request(): keeps cookies, and sends the CSRF token that the pages
 * embed, the way the real pages do.
 */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly t: TestApp,
    readonly ip = "192.0.2.10",
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await this.t.app.request(path, { ...init, headers, redirect: "manual" }, { ip: this.ip });
    // Over a real connection the server's event loop turns before the client can send again, so the
    // writes a request left to the next group commit (a kiosk's last-seen time, not awaited by its
    // poll) are in before the next request. In process nothing turns it: one turn here, or a page
    // read right after a kiosk's poll (the board's, a console's) raced that write.
    await new Promise((resolve) => setImmediate(resolve));
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** The CSRF token, fetched the way a page load would set it. */
  async csrf(): Promise<string> {
    if (!this.cookies.has("tn_csrf")) await this.get(paths.login);
    const token = this.cookies.get("tn_csrf");
    if (!token) throw new Error("no CSRF cookie after a page load");
    return token;
  }

  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const token = await this.csrf();
    return this.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
  }

  async login(username: string, password = PASSWORD): Promise<Response> {
    return this.post(paths.login, { username, password });
  }
}

export const text = (res: Response) => res.text();

/**
 * The value of the first `data-<name>` attribute in a page or fragment: ids a test needs (a kiosk's
 * pairing code, a ticket, an import job) are read from the attributes the views put on them, never
 * scraped out of the text around them.
 */
/** The stamp form as the stamp page fills it: what stamping would freeze, as the page showed it. */
export async function stampForm(board: Client): Promise<Record<string, string>> {
  const html = await (await board.get(paths.board.stamp)).text();
  return { "ban-xem": html.match(/name="ban-xem" value="([0-9a-f]{64})"/)?.[1] ?? "" };
}

export function dataAttr(html: string, name: string): string | null {
  return new RegExp(`\\sdata-${name}="([^"]*)"`).exec(html)?.[1] ?? null;
}

/** The board member who prepares the test campaigns, as the audit trail names them. */
export const BOARD_ACTOR: Actor = { name: "bantochuc", address: null };

/** The value of a step a test relies on; a refusal there is a broken fixture, not a test result. */
export function unwrap<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`fixture step refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * The test campaign as a scenario: two communes (HQ, HT), three officials (HQ-01, HQ-02, HT-01, then
 * `extraOfficials` more of HQ), and point HQ-T1 voting on 27/10/2026 (the test clock's day) with the
 * given residents and, with `officers`, a team of two (logins hq-t1-1 and hq-t1-2).
 */
export function testScenario(
  options: {
    onePer?: "resident" | "household";
    residents?: readonly FixtureResident[];
    extraOfficials?: number;
    officers?: boolean;
  } = {},
): ScenarioFixture {
  const residents = options.residents ?? [];
  const extraOfficials = Array.from({ length: options.extraOfficials ?? 0 }, (_, i) => ({
    code: `HQ-${String(i + 3).padStart(2, "0")}`,
    name: `Người Thứ ${i + 3}`,
    position: "Công chức xã",
    commune: "HQ",
  }));
  return {
    campaign: {
      code: "VQ-TEST",
      name: "Đợt lấy phiếu thử",
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức Huyện ủy",
      district: "Huyện mẫu",
      days: ["2026-10-27", "2026-10-28"],
      onePer: options.onePer ?? "resident",
    },
    communes: [
      { code: "HQ", name: "Xã Hương Quang", mergedInto: "Xã Quang Thọ" },
      { code: "HT", name: "Xã Hương Thọ", mergedInto: "Xã Quang Thọ" },
    ],
    officials: [
      { code: "HQ-01", name: "Đỗ Thanh Hường", position: "Bí thư Đảng ủy xã", commune: "HQ" },
      { code: "HQ-02", name: "Đặng Quang Long", position: "Chủ tịch UBND xã", commune: "HQ" },
      { code: "HT-01", name: "Bùi Thu Mai", position: "Bí thư Đảng ủy xã", commune: "HT" },
      ...extraOfficials,
    ],
    points: [
      {
        code: "HQ-T1",
        name: "Thôn 1, Xã Hương Quang",
        commune: "HQ",
        day: "2026-10-27",
        roster: residents.length,
        residents,
        officers: options.officers
          ? [
              { name: "hq-t1-1", role: "Tổ trưởng" },
              { name: "hq-t1-2", role: "Thư ký" },
            ]
          : [],
      },
    ],
  };
}

/** The test campaign as the board is preparing it: a draft, no roster, no officers yet. */
export async function draftCampaign(t: TestApp) {
  const built = unwrap(await buildScenario(t, BOARD_ACTOR, testScenario(), { until: "draft" }));
  return {
    campaign: built.campaign,
    hq: byCode(built.communes, "HQ"),
    ht: byCode(built.communes, "HT"),
    officials: built.officials,
    point: byCode(built.points, "HQ-T1"),
  };
}

/** Cheap key sealing for tests that create many officers (the keys module tests the real cost). */
export const CHEAP_SEAL = { kdf: { name: "scrypt" as const, N: 1024, r: 8, p: 1 } };
