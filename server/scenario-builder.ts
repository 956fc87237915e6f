import type * as z from "zod";
import { createSealedKeyPair, type SealOptions } from "./crypto/keys.ts";
import { hashPassword } from "./crypto/password.ts";
import { type Actor, anonymousActor } from "./domain/audit.ts";
import { firstVotingDay, vietnamDate } from "./domain/calendar.ts";
import type { Campaign, Commune, Official } from "./domain/campaign.ts";
import { err, expectOk, ok, type Refusal, type Result } from "./domain/result.ts";
import type { RosterEntry } from "./domain/roster.ts";
import { type ScenarioPointSchema, type ScenarioSchema, scenarioPointDays } from "./domain/scenario.ts";
import type { Point, TeamRole } from "./domain/setup.ts";
import { synthesizeRoster } from "./domain/synthetic-roster.ts";
import { householdKey, ticketRef } from "./domain/voting.ts";
import { record, type ServiceDeps } from "./services/deps.ts";
import {
  type ConfirmKioskError,
  confirmKioskPairing,
  openPairingWindow,
  type PairKioskError,
  pairKiosk,
  type RegisterKioskError,
  registerKiosk,
} from "./services/kiosks.ts";
import {
  type CreateOfficerError,
  type NewOfficer,
  type PreparedOfficer,
  prepareOfficer,
  writeOfficer,
} from "./services/officers.ts";
import { type ImportRosterError, storeImportedRoster } from "./services/rosters.ts";
import { type StampError, stampCampaign } from "./services/setup.ts";
import {
  type CastBallotError,
  castBallot,
  type IssueBallotError,
  issueBallot,
  type OpenPointError,
  openPoint,
  type VoidTicketError,
  voidTicket,
} from "./services/voting.ts";

/**
 * The one way to turn a scenario (DESIGN §6) into a store: the seed, the tests' fixtures, the
 * benchmark and the crash test all build through it. Every step after the set-up goes through the
 * services, so the audit trail, the stamp's commitments and the voting-day invariants are the real
 * ones. Campaign, communes, officials and points are written to the repos under one "scenario.load"
 * audit entry (no set-up service exists yet for them).
 */

/** A resident given in full, for a test that finds them by name, CCCD, birth year or household. */
export type FixtureResident = Pick<RosterEntry, "fullName" | "birthYear"> &
  Partial<Pick<RosterEntry, "gender" | "cccd" | "householdCode" | "relation">>;

/** A scenario point, with test-only knobs (scenario files never carry them). */
export type FixturePoint = z.input<typeof ScenarioPointSchema> & {
  /** These residents head the roster; invented ones fill it up to `roster`. */
  residents?: readonly FixtureResident[];
  /** Kiosks paired with the point when the build reaches the voting day (default: 1 if it casts). */
  kiosks?: number;
};

/**
 * A scenario as the zod schema reads it (defaults optional), with test-only knobs. A scenario file
 * parsed by `ScenarioSchema` is one; a test may also write one by hand, e.g. a draft with no roster.
 */
export type ScenarioFixture = Omit<z.input<typeof ScenarioSchema>, "points"> & {
  points: readonly FixturePoint[];
};

/**
 * The campaign and its one commune ("X1") of a one-day trial scenario that scripts and crash tests
 * build around their own officials and points: legal rules (QĐ 96), one ballot per resident.
 */
export function oneDayTrial(
  code: string,
  name: string,
  day: string,
): Pick<ScenarioFixture, "campaign" | "communes"> {
  return {
    campaign: {
      code,
      name,
      ruleSet: "qd96-2023",
      aggregator: "Ban Tổ chức Huyện ủy",
      district: "Huyện",
      days: [day],
      onePer: "resident",
    },
    communes: [{ code: "X1", name: "Xã Một", mergedInto: "Xã Mới" }],
  };
}

export type BuildOptions = {
  /**
   * How far the campaign goes: "draft" (set-up, rosters, officers), "stamped" (the default, where
   * the seed stops), or "voting": every point whose day is today (the clock's) is opened, its kiosks
   * are paired, and its scenario ballots are cast and its `voided` tickets voided.
   */
  until?: "draft" | "stamped" | "voting";
  /** The campaign is sample data (shown as such on every page). */
  sample?: boolean;
  officers?: {
    /** Every officer's first password; default: a fresh readable one each. */
    password?: string;
    /** Default true: the board hands out first passwords. */
    mustChangePassword?: boolean;
    /** Key-sealing cost; tests pass a cheap one. */
    seal?: SealOptions;
    /**
     * Test-only: an argon2id hash of `password`, shared by every officer, so that a fixture with
     * many officers does not pay one argon2id each.
     */
    passwordHash?: string;
  };
  /** A board (Ban Tổ chức) account created with the campaign, named after the aggregator. */
  board?: { username: string; password: string; mustChangePassword: boolean };
  /** Called before each slow step (officer keys), for a start-up progress line. */
  onProgress?: (message: string) => void;
};

export type BuiltOfficer = {
  pointCode: string;
  username: string;
  userId: number;
  password: string;
  publicKey: string;
  displayName: string;
  teamRole: TeamRole;
};

/** A paired kiosk and its device token (the tn_kiosk cookie). */
export type BuiltKiosk = { pointCode: string; id: string; token: string; label: string };

/** What was built, each list in scenario order. */
export type BuiltScenario = {
  campaign: Campaign;
  communes: Commune[];
  officials: Official[];
  points: Point[];
  officers: BuiltOfficer[];
  kiosks: BuiltKiosk[];
};

export type BuildError = Refusal<
  | ImportRosterError["code"]
  | CreateOfficerError["code"]
  | StampError["code"]
  | OpenPointError["code"]
  | RegisterKioskError["code"]
  | PairKioskError["code"]
  | ConfirmKioskError["code"]
  | IssueBallotError["code"]
  | CastBallotError["code"]
  | VoidTicketError["code"]
>;

/** The record with this code (a scenario's references are by code); a missing one is a bug. */
export function byCode<T extends { code: string }>(items: readonly T[], code: string): T {
  const found = items.find((item) => item.code === code);
  if (!found) throw new Error(`no ${code} in the built scenario`);
  return found;
}

/** Scenario files use the login `<point code>-<n>` for the n-th officer of a point. */
const officerUsername = (pointCode: string, n: number): string => `${pointCode.toLowerCase()}-${n}`;

/**
 * Builds the scenario into the store in one transaction: if any step is refused, nothing stays.
 * The slow work (argon2id, key sealing) happens first, outside it.
 */
export async function buildScenario(
  deps: ServiceDeps,
  actor: Actor,
  scenario: ScenarioFixture,
  options: BuildOptions = {},
): Promise<Result<BuiltScenario, BuildError>> {
  const prepared = await prepareOfficers(scenario, options);
  const boardHash = options.board ? await hashPassword(options.board.password) : null;
  return deps.store.withTransaction((): Result<BuiltScenario, BuildError> => {
    const built = writeSetup(deps, actor, scenario, options);
    const { campaign, points } = built;
    if (options.board && boardHash) {
      deps.store.users.create({
        username: options.board.username,
        displayName: campaign.aggregator,
        role: "board",
        passwordHash: boardHash,
        mustChangePassword: options.board.mustChangePassword,
        createdAt: deps.clock.now().toISOString(),
      });
      record(deps, actor, "board.create", options.board.username);
    }
    const usedCccd = new Set<string>();
    for (const p of scenario.points) {
      const point = byCode(points, p.code);
      const entries = rosterOf(p, campaign, usedCccd);
      if (entries.length === 0) continue;
      const stored = storeImportedRoster(deps, actor, {
        campaignId: campaign.id,
        pointId: point.id,
        fileName: `${scenario.campaign.code}.json`,
        entries,
      });
      if (!stored.ok) return refused(p.code, stored.error);
    }
    const officers: BuiltOfficer[] = [];
    for (const { pointCode, officer } of prepared) {
      const pointIds = [byCode(points, pointCode).id];
      const written = writeOfficer(deps, actor, { ...officer, officer: { ...officer.officer, pointIds } });
      if (!written.ok) return refused(pointCode, written.error);
      officers.push({
        pointCode,
        username: officer.officer.username,
        userId: written.value,
        password: officer.password,
        publicKey: officer.sealed.publicKey,
        displayName: officer.officer.displayName,
        teamRole: officer.officer.teamRole,
      });
    }
    const result = (kiosks: BuiltKiosk[] = []): Result<BuiltScenario, BuildError> => {
      const fresh = deps.store.campaigns.byId(campaign.id);
      if (!fresh) throw new Error("the built campaign vanished");
      return ok({ ...built, campaign: fresh, officers, kiosks });
    };
    if ((options.until ?? "stamped") === "draft") return result();
    const stamped = stampCampaign(deps, actor);
    if (!stamped.ok) {
      const { code, message, problems } = stamped.error;
      return err({ code, message: [message, ...problems].join("\n") });
    }
    if (options.until !== "voting") return result();
    const kiosks: BuiltKiosk[] = [];
    for (const p of scenario.points) {
      const opened = openVotingDay(deps, actor, byCode(points, p.code), p, campaign);
      if (!opened.ok) return refused(p.code, opened.error);
      kiosks.push(...opened.value);
    }
    return result(kiosks);
  });
}

const refused = <C extends BuildError["code"]>(pointCode: string, error: Refusal<C>) =>
  err({ code: error.code, message: `Điểm ${pointCode}: ${error.message}` });

/** One prepared account per scenario officer, two at a time (scrypt takes 128 MiB each). */
async function prepareOfficers(
  scenario: ScenarioFixture,
  options: BuildOptions,
): Promise<{ pointCode: string; officer: PreparedOfficer }[]> {
  const wanted = scenario.points.flatMap((p) =>
    (p.officers ?? []).map((o, i) => ({
      pointCode: p.code,
      // Points do not exist yet: their ids are filled in inside the transaction.
      officer: {
        username: officerUsername(p.code, i + 1),
        displayName: o.name,
        teamRole: o.role,
        pointIds: [],
      },
    })),
  );
  const { password, mustChangePassword, seal, passwordHash } = options.officers ?? {};
  const prepare = async (officer: NewOfficer): Promise<PreparedOfficer> => {
    if (passwordHash === undefined || password === undefined) {
      return prepareOfficer(officer, { password, mustChangePassword, seal });
    }
    const sealed = await createSealedKeyPair(password, seal);
    return { officer, password, passwordHash, sealed, mustChangePassword: mustChangePassword ?? true };
  };
  const prepared: { pointCode: string; officer: PreparedOfficer }[] = [];
  for (let i = 0; i < wanted.length; i += 2) {
    options.onProgress?.(
      `Tạo khóa ký cho cán bộ ${i + 1}–${Math.min(i + 2, wanted.length)}/${wanted.length}…`,
    );
    const pair = wanted.slice(i, i + 2);
    const done = await Promise.all(pair.map((w) => prepare(w.officer)));
    done.forEach((officer, j) => {
      prepared.push({ pointCode: pair[j]?.pointCode ?? "", officer });
    });
  }
  return prepared;
}

/** Campaign, communes, officials, points with their ballot styles, under one audit entry. */
function writeSetup(
  deps: ServiceDeps,
  actor: Actor,
  scenario: ScenarioFixture,
  options: BuildOptions,
): Omit<BuiltScenario, "officers" | "kiosks"> {
  const { store } = deps;
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
      twoOfficerPairing: true,
      requiredSigners: c.requiredSigners ?? 2,
      isSample: options.sample ?? false,
      createdAt: deps.clock.now().toISOString(),
    }),
  );
  // A validated scenario has unique codes: a duplicate here is a bug (expectOk throws).
  const communes = scenario.communes.map((commune) =>
    expectOk(store.campaigns.addCommune(campaign.id, commune)),
  );
  const order = new Map<string, number>();
  const officials = scenario.officials.map((official) => {
    const displayOrder = (order.get(official.commune) ?? 0) + 1;
    order.set(official.commune, displayOrder);
    const communeId = byCode(communes, official.commune).id;
    return expectOk(store.campaigns.addOfficial(campaign.id, { ...official, communeId, displayOrder }));
  });
  const points = scenario.points.map((p) => {
    const communeId = byCode(communes, p.commune).id;
    const point = expectOk(
      store.points.create(campaign.id, {
        code: p.code,
        name: p.name,
        communeId,
        days: [...new Set(scenarioPointDays(p).map((d) => d.day))].sort(),
      }),
    );
    if (!p.officials) return point;
    const ballot = p.officials.map((code) => byCode(officials, code).id);
    store.points.setBallot(point.id, ballot);
    return { ...point, customOfficialIds: ballot };
  });
  record(deps, actor, "scenario.load", campaign.code, {
    sample: options.sample ?? false,
    communes: communes.length,
    officials: officials.length,
    points: points.length,
  });
  return { campaign, communes, officials, points };
}

/** The point's residents: those the scenario names, then invented ones up to its roster size. */
function rosterOf(p: FixturePoint, campaign: Campaign, usedCccd: Set<string>): RosterEntry[] {
  const named = (p.residents ?? []).map(
    (r, i): RosterEntry => ({
      row: i + 2,
      fullName: r.fullName,
      birthYear: r.birthYear,
      birthDate: null,
      gender: r.gender ?? null,
      cccd: r.cccd ?? null,
      householdCode: r.householdCode ?? null,
      relation: r.relation ?? null,
      village: null,
    }),
  );
  for (const r of named) if (r.cccd) usedCccd.add(r.cccd);
  const invented = synthesizeRoster({
    pointCode: p.code,
    village: p.name,
    size: Math.max(0, p.roster - named.length),
    onePer: campaign.onePer,
    firstVotingDay: firstVotingDay(campaign.days) ?? "1970-01-01",
    usedCccd,
  });
  return [...named, ...invented.map((e) => ({ ...e, row: e.row + named.length }))];
}

type VotingDayError =
  | OpenPointError
  | RegisterKioskError
  | PairKioskError
  | ConfirmKioskError
  | IssueBallotError
  | CastBallotError
  | VoidTicketError;

/**
 * A point whose day is today: opened (zero report), its kiosks paired as a browser and an officer
 * would, then its ballots cast and its voided tickets voided, each through the services.
 */
function openVotingDay(
  deps: ServiceDeps,
  actor: Actor,
  point: Point,
  p: FixturePoint,
  campaign: Campaign,
): Result<BuiltKiosk[], VotingDayError> {
  const today = vietnamDate(deps.clock.now());
  if (!point.days.includes(today)) return ok([]);
  const opened = openPoint(deps, actor, { campaignId: campaign.id, pointId: point.id });
  if (!opened.ok) return opened;
  // Only today's ballots: the builder is one moment, and earlier days would need their own clock.
  const todays = scenarioPointDays(p).find((d) => d.day === today);
  const ballots = todays?.ballots ?? [];
  const voided = todays?.voided ?? 0;
  const casts = ballots.length > 0 || voided > 0;
  const kiosks: BuiltKiosk[] = [];
  const wanted = p.kiosks ?? (casts ? 1 : 0);
  // The point's first officer opens its pairing window and types each kiosk's code; the second
  // confirms it when the campaign asks for two officers (a stamped point has at least two).
  const officer: Actor = { name: officerUsername(point.code, 1), address: null };
  const second: Actor = { name: officerUsername(point.code, 2), address: null };
  if (wanted > 0) openPairingWindow(deps, officer, { point });
  for (let n = 1; n <= wanted; n++) {
    // Each kiosk is its own browser (its own address for the registration limit).
    const registered = registerKiosk(deps, anonymousActor(`${point.code}/${n}`), { pointId: point.id });
    if (!registered.ok) return registered;
    const { token, kiosk } = registered.value;
    const paired = pairKiosk(deps, officer, { point, code: kiosk.pairingCode ?? "" });
    if (!paired.ok) return paired;
    if (paired.value.pointId === null) {
      const confirmed = confirmKioskPairing(deps, second, { point, kioskId: kiosk.id });
      if (!confirmed.ok) return confirmed;
    }
    kiosks.push({ pointCode: point.code, id: kiosk.id, token, label: paired.value.label ?? "" });
  }
  if (!casts) return ok(kiosks);
  const kioskId = kiosks[0]?.id ?? "";
  // One resident per ballot, in roster order; per household, one member of each household.
  const seen = new Set<string>();
  const residents = deps.store.rosters.list(point.id).filter((e) => {
    const key = campaign.onePer === "household" ? householdKey(point.id, e.householdCode) : String(e.id);
    if (key === null || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  let next = 0;
  const issue = () => {
    const entry = residents[next++];
    return issueBallot(deps, actor, { campaign, point, rosterEntryId: entry?.id ?? 0, kioskId });
  };
  for (const group of ballots) {
    const form: Record<string, string> = { confirmBlank: "1" };
    for (const [code, level] of Object.entries(group.marks)) if (level) form[`m.${code}`] = level;
    for (let i = 0; i < group.count; i++) {
      const issued = issue();
      if (!issued.ok) return issued;
      const ticketId = deps.store.tickets.forKiosk(kioskId)?.id ?? "";
      const cast = castBallot(deps, anonymousActor(null), { kioskId, ticketId, form });
      if (!cast.ok) return cast;
    }
  }
  for (let i = 0; i < voided; i++) {
    const issued = issue();
    if (!issued.ok) return issued;
    const held = deps.store.tickets.forKiosk(kioskId);
    const voidedTicket = voidTicket(deps, actor, { point, kioskId, ticketRef: ticketRef(held?.id ?? "") });
    if (!voidedTicket.ok) return voidedTicket;
  }
  return ok(kiosks);
}
