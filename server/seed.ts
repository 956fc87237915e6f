import type { Clock } from "./clock.ts";
import type { Store } from "./db/store.ts";
import { err, ok, type Result } from "./domain/result.ts";
import { formatIssues, type Scenario, ScenarioSchema, shiftScenarioDays } from "./domain/scenario.ts";
import type { AccountRole } from "./domain/users.ts";
import { hashPassword } from "./http/auth.ts";

export const DEMO_PASSWORD = "tinnhiem-demo";
export const DEMO_BOARD_USERNAME = "bantochuc";

export type DemoLogin = { username: string; password: string; role: AccountRole; name: string; note: string };

export type SeedOptions = {
  clock: Clock;
  /** Mark the campaign as sample data and move its days so the first is today. */
  sample: boolean;
  password?: string;
};

/** Parses a scenario file's JSON; problems are listed one per line with their path. */
export function parseScenario(json: unknown): Result<Scenario, string[]> {
  const parsed = ScenarioSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(formatIssues(parsed.error));
}

/**
 * Loads a scenario into an empty store in one transaction: the campaign, communes, officials, the
 * board account and one account per point officer (login `<point code>-<n>`). Points, rosters and
 * the stamp join the loader with the set-up issue (#4).
 */
export async function seedScenario(
  store: Store,
  input: Scenario,
  options: SeedOptions,
): Promise<Result<DemoLogin[], string>> {
  if (store.campaigns.current() !== null || store.users.count() > 0) {
    return err("Cơ sở dữ liệu đã có dữ liệu; chỉ nạp kịch bản vào cơ sở dữ liệu trống.");
  }
  const now = options.clock.now();
  const scenario = options.sample ? shiftScenarioDays(input, vietnamDate(now)) : input;
  const password = options.password ?? DEMO_PASSWORD;

  const accounts: { username: string; name: string; role: AccountRole; note: string }[] = [
    { username: DEMO_BOARD_USERNAME, name: scenario.campaign.aggregator, role: "board", note: "Ban Tổ chức" },
  ];
  for (const point of scenario.points) {
    point.officers.forEach((officer, i) => {
      accounts.push({
        username: `${point.code.toLowerCase()}-${i + 1}`,
        name: officer.name,
        role: "officer",
        note: `${officer.role}, ${point.name}`,
      });
    });
  }
  // Hashing is slow by design; do it before the transaction so the write lock is held briefly.
  const hashes = await Promise.all(accounts.map(() => hashPassword(password)));

  const at = now.toISOString();
  store.withTransaction(() => {
    const c = scenario.campaign;
    const campaign = store.campaigns.create({
      code: c.code,
      name: c.name,
      ruleSetId: c.ruleSet,
      aggregator: c.aggregator,
      district: c.district,
      days: c.days,
      onePer: c.onePer,
      minTurnoutPercent: null,
      smallPointThreshold: 5,
      isSample: options.sample,
      createdAt: at,
    });
    const communeIds = new Map<string, number>();
    for (const commune of scenario.communes) {
      communeIds.set(commune.code, store.campaigns.addCommune(campaign.id, commune).id);
    }
    const order = new Map<string, number>();
    for (const official of scenario.officials) {
      const communeId = communeIds.get(official.commune);
      if (communeId === undefined) throw new Error(`validated scenario lost commune ${official.commune}`);
      const displayOrder = (order.get(official.commune) ?? 0) + 1;
      order.set(official.commune, displayOrder);
      store.campaigns.addOfficial(campaign.id, {
        code: official.code,
        name: official.name,
        position: official.position,
        communeId,
        displayOrder,
      });
    }
    accounts.forEach((account, i) => {
      store.users.create({
        username: account.username,
        displayName: account.name,
        role: account.role,
        passwordHash: hashes[i] ?? "",
        // Sample accounts share a published password, so they are not forced to change it.
        mustChangePassword: false,
        createdAt: at,
      });
    });
    store.audit.append({
      at,
      actor: "hệ thống",
      action: "scenario.load",
      subject: campaign.code,
      details: {
        sample: options.sample,
        communes: scenario.communes.length,
        officials: scenario.officials.length,
        accounts: accounts.length,
      },
    });
  });
  return ok(accounts.map((a) => ({ ...a, password })));
}

/** Today's date in Vietnam (UTC+7), where the polling points are. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
