import type { SealOptions } from "./crypto/keys.ts";
import type { Actor } from "./domain/audit.ts";
import { vietnamDate } from "./domain/calendar.ts";
import { err, fail, ok, type Refusal, type Result } from "./domain/result.ts";
import { formatIssues, type Scenario, ScenarioSchema, shiftScenarioDays } from "./domain/scenario.ts";
import type { AccountRole } from "./domain/users.ts";
import { type BuildError, buildScenario, byCode } from "./scenario-builder.ts";
import type { ServiceDeps } from "./services/deps.ts";

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

/**
 * The sample campaign moved so that its first day is `today` ("YYYY-MM-DD"), and a year in its code
 * moved with it ("VQ-2026-SN" seeded in 2027 becomes "VQ-2027-SN"): a code naming one year beside
 * voting days in another reads as a mistake on every page and minutes (issue #14).
 */
export function sampleOnToday(scenario: Scenario, today: string): Scenario {
  const shifted = shiftScenarioDays(scenario, today);
  const first = [...shifted.campaign.days].sort()[0];
  if (!first) return shifted;
  const code = shifted.campaign.code.replace(/\b(19|20)\d{2}\b/, first.slice(0, 4));
  return { ...shifted, campaign: { ...shifted.campaign, code } };
}

export type SeedError = Refusal<"not_empty" | BuildError["code"]>;

/**
 * Loads a scenario into an empty store up to the stamped state (issue #4 §6): campaign, communes,
 * officials, points with their days and ballot styles, the board account, one officer account per
 * point officer (login `<point code>-<n>`, each with a sealed key pair), rosters synthesized from the
 * sizes, then the stamp. Built in one transaction (server/scenario-builder.ts): if anything is
 * refused, nothing stays.
 */
export async function seedScenario(
  deps: ServiceDeps,
  actor: Actor,
  input: SeedInput,
): Promise<Result<DemoLogin[], SeedError>> {
  const { store } = deps;
  if (store.campaigns.current() !== null || store.users.count() > 0) {
    return fail("not_empty", "Cơ sở dữ liệu đã có dữ liệu; chỉ nạp kịch bản vào cơ sở dữ liệu trống.");
  }
  const scenario = input.sample
    ? sampleOnToday(input.scenario, vietnamDate(deps.clock.now()))
    : input.scenario;
  const password = input.password ?? DEMO_PASSWORD;
  // The sample accounts share a published password, so they are not forced to change it.
  const mustChangePassword = !input.sample;
  const built = await buildScenario(deps, actor, scenario, {
    until: "stamped",
    sample: input.sample,
    officers: { password, mustChangePassword, seal: input.seal },
    board: { username: DEMO_BOARD_USERNAME, password, mustChangePassword },
    onProgress: input.onProgress,
  });
  if (!built.ok) return built;
  const logins: DemoLogin[] = [
    {
      username: DEMO_BOARD_USERNAME,
      password,
      role: "board",
      name: scenario.campaign.aggregator,
      note: "Ban Tổ chức",
    },
    ...built.value.officers.map((officer) => ({
      username: officer.username,
      password,
      role: "officer" as const,
      name: officer.displayName,
      note: `${officer.teamRole}, ${byCode(built.value.points, officer.pointCode).name}`,
    })),
  ];
  logins.sort((a, b) =>
    a.role === b.role ? a.username.localeCompare(b.username) : a.role === "board" ? -1 : 1,
  );
  return ok(logins);
}
