import type { SealOptions } from "./crypto/keys.ts";
import { hashPassword } from "./crypto/password.ts";
import type { Actor } from "./domain/audit.ts";
import { firstVotingDay, vietnamDate } from "./domain/calendar.ts";
import { err, expectOk, fail, ok, type Refusal, type Result } from "./domain/result.ts";
import { formatIssues, type Scenario, ScenarioSchema, shiftScenarioDays } from "./domain/scenario.ts";
import { synthesizeRoster } from "./domain/synthetic-roster.ts";
import type { AccountRole } from "./domain/users.ts";
import { record, type ServiceDeps } from "./services/deps.ts";
import { type PreparedOfficer, prepareOfficer, writeOfficer } from "./services/officers.ts";
import { toNewEntry } from "./services/rosters.ts";
import { type StampError, stampCampaign } from "./services/setup.ts";

export const DEMO_PASSWORD = "tinnhiem-demo";
export const DEMO_BOARD_USERNAME = "bantochuc";

export type DemoLogin = { username: string; password: string; role: AccountRole; name: string; note: string };

export type SeedInput = {
  scenario: Scenario;
  /** Mark the campaign as sample data and move its days so the first is today. */
  sample: boolean;
  password?: string;
  /** Key-sealing cost; tests pass a cheap one, the app keeps the production default. */
  seal?: SealOptions;
  /** Called before each slow step (officer keys), for a start-up progress line. */
  onProgress?: (message: string) => void;
};

/** Parses a scenario file's JSON; problems are listed one per line with their path. */
export function parseScenario(json: unknown): Result<Scenario, string[]> {
  const parsed = ScenarioSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(formatIssues(parsed.error));
}

export type SeedError = Refusal<"not_empty" | StampError["code"]>;

/**
 * Loads a scenario into an empty store up to the stamped state (issue #4 §6): campaign, communes,
 * officials, points with their days and ballot styles, the board account, one officer account per
 * point officer (login `<point code>-<n>`, each with a sealed key pair), rosters synthesized from the
 * sizes, then the stamp. The set-up is written in one transaction; if anything fails nothing stays.
 */
export async function seedScenario(
  deps: ServiceDeps,
  actor: Actor,
  options: SeedInput,
): Promise<Result<DemoLogin[], SeedError>> {
  const { store } = deps;
  if (store.campaigns.current() !== null || store.users.count() > 0) {
    return fail("not_empty", "Cơ sở dữ liệu đã có dữ liệu; chỉ nạp kịch bản vào cơ sở dữ liệu trống.");
  }
  const now = deps.clock.now();
  const scenario = options.sample ? shiftScenarioDays(options.scenario, vietnamDate(now)) : options.scenario;
  const password = options.password ?? DEMO_PASSWORD;
  const at = now.toISOString();

  // The slow work first (argon2id, key sealing), two at a time (scrypt takes 128 MiB each) …
  const boardHash = await hashPassword(password);
  const officers = scenario.points.flatMap((p) =>
    p.officers.map((officer, i) => ({ point: p, officer, username: `${p.code.toLowerCase()}-${i + 1}` })),
  );
  const prepared: PreparedOfficer[] = [];
  for (let i = 0; i < officers.length; i += 2) {
    options.onProgress?.(
      `Tạo khóa ký cho cán bộ ${i + 1}–${Math.min(i + 2, officers.length)}/${officers.length}…`,
    );
    prepared.push(
      ...(await Promise.all(
        officers.slice(i, i + 2).map(({ officer, username }) =>
          prepareOfficer(
            // Points do not exist yet: their ids are filled in inside the transaction below.
            { username, displayName: officer.name, teamRole: officer.role, pointIds: [] },
            { password, mustChangePassword: !options.sample, seal: options.seal },
          ),
        ),
      )),
    );
  }

  // … then everything in one transaction, up to and including the stamp: a scenario that cannot be
  // stamped leaves nothing behind.
  const written = store.withTransaction((): Result<true, SeedError> => {
    const pointIds = writeSetup(deps, actor, scenario, options, at, boardHash);
    for (const [i, { point }] of officers.entries()) {
      const officer = prepared[i];
      if (!officer) throw new Error("prepared officers out of step");
      const created = writeOfficer(deps, actor, {
        ...officer,
        officer: { ...officer.officer, pointIds: [pointIds.get(point.code) ?? 0] },
      });
      // The store is empty: a taken username is a bug in the scenario's checks.
      if (!created.ok) throw new Error(created.error.message);
    }
    const stamped = stampCampaign(deps, actor);
    if (!stamped.ok) {
      // A failed Result rolls the whole set-up back: a scenario that cannot be stamped leaves nothing.
      return fail(stamped.error.code, [stamped.error.message, ...stamped.error.problems].join("\n"));
    }
    return ok(true);
  });
  if (!written.ok) return written;
  const logins: DemoLogin[] = [
    {
      username: DEMO_BOARD_USERNAME,
      password,
      role: "board",
      name: scenario.campaign.aggregator,
      note: "Ban Tổ chức",
    },
    ...officers.map(({ point, officer, username }) => ({
      username,
      password,
      role: "officer" as const,
      name: officer.name,
      note: `${officer.role}, ${point.name}`,
    })),
  ];
  logins.sort((a, b) =>
    a.role === b.role ? a.username.localeCompare(b.username) : a.role === "board" ? -1 : 1,
  );
  return ok(logins);
}

/** Campaign, communes, officials, points with ballots and synthesized rosters, the board account. */
function writeSetup(
  deps: ServiceDeps,
  actor: Actor,
  scenario: Scenario,
  options: SeedInput,
  at: string,
  boardHash: string,
): Map<string, number> {
  const { store } = deps;
  const pointIds = new Map<string, number>();
  const c = scenario.campaign;
  const campaign = expectOk(
    store.campaigns.create({
      code: c.code,
      name: c.name,
      ruleSet: c.ruleSet,
      aggregator: c.aggregator,
      district: c.district,
      days: [...c.days].sort(),
      onePer: c.onePer,
      minTurnoutPercent: null,
      smallPointThreshold: 5,
      isSample: options.sample,
      createdAt: at,
    }),
  );
  const communeIds = new Map<string, number>();
  for (const commune of scenario.communes) {
    communeIds.set(commune.code, expectOk(store.campaigns.addCommune(campaign.id, commune)).id);
  }
  const officialIds = new Map<string, number>();
  const order = new Map<string, number>();
  for (const official of scenario.officials) {
    const communeId = communeIds.get(official.commune);
    if (communeId === undefined) throw new Error(`validated scenario lost commune ${official.commune}`);
    const displayOrder = (order.get(official.commune) ?? 0) + 1;
    order.set(official.commune, displayOrder);
    officialIds.set(
      official.code,
      expectOk(store.campaigns.addOfficial(campaign.id, { ...official, communeId, displayOrder })).id,
    );
  }
  const usedCccd = new Set<string>();
  const firstDay = firstVotingDay(c.days);
  if (firstDay === null) throw new Error("validated scenario has no voting day");
  for (const p of scenario.points) {
    const communeId = communeIds.get(p.commune);
    if (communeId === undefined) throw new Error(`validated scenario lost commune ${p.commune}`);
    const point = expectOk(
      store.points.create(campaign.id, { code: p.code, name: p.name, communeId, days: [p.day] }),
    );
    pointIds.set(p.code, point.id);
    if (p.officials)
      store.points.setBallot(
        point.id,
        p.officials.map((code) => officialIds.get(code) ?? 0),
      );
    const entries = synthesizeRoster({
      pointCode: p.code,
      village: p.name,
      size: p.roster,
      onePer: c.onePer,
      firstVotingDay: firstDay,
      usedCccd,
    });
    const stored = store.rosters.replace(campaign.id, point.id, entries.map(toNewEntry));
    if (!stored.ok) throw new Error("synthesized CCCDs are unique in the campaign");
  }
  expectOk(
    store.users.create({
      username: DEMO_BOARD_USERNAME,
      displayName: c.aggregator,
      role: "board",
      passwordHash: boardHash,
      // The sample accounts share a published password, so they are not forced to change it.
      mustChangePassword: !options.sample,
      createdAt: at,
    }),
  );
  record(deps, actor, "scenario.load", campaign.code, {
    sample: options.sample,
    communes: scenario.communes.length,
    officials: scenario.officials.length,
    points: scenario.points.length,
  });
  return pointIds;
}
