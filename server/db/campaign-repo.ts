import type { Database } from "bun:sqlite";
import type { Campaign, CampaignState, Commune, Official, OnePer } from "../domain/campaign.ts";
import type { Result } from "../domain/result.ts";
import { ballotFor, type Point } from "../domain/setup.ts";
import { compareVietnamese } from "../domain/text.ts";
import { type Duplicate, uniqueWrite } from "./unique.ts";

type CampaignRow = {
  id: number;
  code: string;
  name: string;
  rule_set: string;
  aggregator: string;
  district: string;
  days: string;
  one_per: OnePer;
  min_turnout_percent: number | null;
  small_point_threshold: number;
  two_officer_pairing: number;
  required_signers: number;
  kiosk_idle_minutes: number;
  state: CampaignState;
  is_sample: number;
  config_digest: string | null;
  stamped_at: string | null;
  stamped_by: string | null;
};

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  code: row.code,
  name: row.name,
  ruleSet: JSON.parse(row.rule_set) as Campaign["ruleSet"],
  aggregator: row.aggregator,
  district: row.district,
  days: JSON.parse(row.days) as string[],
  onePer: row.one_per,
  minTurnoutPercent: row.min_turnout_percent,
  smallPointThreshold: row.small_point_threshold,
  twoOfficerPairing: row.two_officer_pairing === 1,
  requiredSigners: row.required_signers,
  kioskIdleMinutes: row.kiosk_idle_minutes,
  state: row.state,
  isSample: row.is_sample === 1,
  configDigest: row.config_digest,
  stampedAt: row.stamped_at,
});

export type NewCampaign = Omit<
  Campaign,
  "id" | "state" | "configDigest" | "stampedAt" | "requiredSigners" | "kioskIdleMinutes"
> & {
  /** Default 2. */
  requiredSigners?: number;
  /** Default 2. */
  kioskIdleMinutes?: number;
  createdAt: string;
};

export type CampaignSettings = Omit<NewCampaign, "createdAt" | "isSample">;

export class CampaignRepo {
  constructor(private readonly db: Database) {}

  /** A new campaign; a code already used (in any case) is reported as a duplicate. */
  create(c: NewCampaign): Result<Campaign, Duplicate<"code">> {
    return uniqueWrite("code", () => this.insertCampaign(c));
  }

  private insertCampaign(c: NewCampaign): Campaign {
    const row = this.db
      .query<CampaignRow, (string | number | null)[]>(
        `INSERT INTO campaigns (code, name, rule_set, aggregator, district, days, one_per,
           min_turnout_percent, small_point_threshold, two_officer_pairing, required_signers, kiosk_idle_minutes, is_sample, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        c.code,
        c.name,
        JSON.stringify(c.ruleSet),
        c.aggregator,
        c.district,
        JSON.stringify(c.days),
        c.onePer,
        c.minTurnoutPercent,
        c.smallPointThreshold,
        c.twoOfficerPairing ? 1 : 0,
        c.requiredSigners ?? 2,
        c.kioskIdleMinutes ?? 2,
        c.isSample ? 1 : 0,
        c.createdAt,
      );
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return toCampaign(row);
  }

  /** The campaign the app works on: the newest one. */
  current(): Campaign | null {
    const row = this.db.query<CampaignRow, []>("SELECT * FROM campaigns ORDER BY id DESC LIMIT 1").get();
    return row ? toCampaign(row) : null;
  }

  byCode(code: string): Campaign | null {
    const row = this.db.query<CampaignRow, [string]>("SELECT * FROM campaigns WHERE code = ?").get(code);
    return row ? toCampaign(row) : null;
  }

  byId(id: number): Campaign | null {
    const row = this.db.query<CampaignRow, [number]>("SELECT * FROM campaigns WHERE id = ?").get(id);
    return row ? toCampaign(row) : null;
  }

  update(id: number, c: CampaignSettings): Result<void, Duplicate<"code">> {
    return uniqueWrite("code", () => this.updateCampaign(id, c));
  }

  private updateCampaign(id: number, c: CampaignSettings): void {
    this.db.run(
      `UPDATE campaigns SET code = ?, name = ?, rule_set = ?, aggregator = ?, district = ?, days = ?, one_per = ?,
         min_turnout_percent = ?, small_point_threshold = ?, two_officer_pairing = ?, required_signers = ?, kiosk_idle_minutes = ? WHERE id = ?`,
      [
        c.code,
        c.name,
        JSON.stringify(c.ruleSet),
        c.aggregator,
        c.district,
        JSON.stringify(c.days),
        c.onePer,
        c.minTurnoutPercent,
        c.smallPointThreshold,
        c.twoOfficerPairing ? 1 : 0,
        c.requiredSigners ?? 2,
        c.kioskIdleMinutes ?? 2,
        id,
      ],
    );
  }

  /** Moves the campaign from one state to the next; false when it was no longer in `from`. */
  setState(id: number, from: CampaignState, to: CampaignState): boolean {
    return (
      this.db.run("UPDATE campaigns SET state = ? WHERE id = ? AND state = ?", [to, id, from]).changes === 1
    );
  }

  recordStamp(id: number, configDigest: string, at: string, by: string): void {
    this.db.run("UPDATE campaigns SET config_digest = ?, stamped_at = ?, stamped_by = ? WHERE id = ?", [
      configDigest,
      at,
      by,
      id,
    ]);
  }

  addCommune(campaignId: number, c: Omit<Commune, "id">): Result<Commune, Duplicate<"code">> {
    return uniqueWrite("code", () => {
      const row = this.db
        .query<{ id: number }, [number, string, string, string]>(
          "INSERT INTO communes (campaign_id, code, name, merged_into) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .get(campaignId, c.code, c.name, c.mergedInto);
      if (!row) throw new Error("INSERT … RETURNING gave no row");
      return { id: row.id, ...c };
    });
  }

  /** The campaign's communes, by new commune then name, in Vietnamese alphabetical order. */
  communes(campaignId: number): Commune[] {
    return this.db
      .query<{ id: number; code: string; name: string; merged_into: string }, [number]>(
        "SELECT id, code, name, merged_into FROM communes WHERE campaign_id = ?",
      )
      .all(campaignId)
      .map((r) => ({ id: r.id, code: r.code, name: r.name, mergedInto: r.merged_into }))
      .sort(
        (a, b) =>
          compareVietnamese(a.mergedInto, b.mergedInto) || compareVietnamese(a.name, b.name) || a.id - b.id,
      );
  }

  commune(campaignId: number, id: number): Commune | null {
    return this.communes(campaignId).find((c) => c.id === id) ?? null;
  }

  updateCommune(id: number, c: Omit<Commune, "id">): Result<void, Duplicate<"code">> {
    return uniqueWrite("code", () => {
      this.db.run("UPDATE communes SET code = ?, name = ?, merged_into = ? WHERE id = ?", [
        c.code,
        c.name,
        c.mergedInto,
        id,
      ]);
    });
  }

  /** How many officials and points still belong to a commune (it cannot be deleted while any do). */
  communeUse(id: number): { officials: number; points: number } {
    const row = this.db
      .query<{ officials: number; points: number }, [number, number]>(
        `SELECT (SELECT count(*) FROM officials WHERE commune_id = ?) AS officials,
                (SELECT count(*) FROM points WHERE commune_id = ?) AS points`,
      )
      .get(id, id);
    return row ?? { officials: 0, points: 0 };
  }

  deleteCommune(id: number): void {
    this.db.run("DELETE FROM communes WHERE id = ?", [id]);
  }

  addOfficial(campaignId: number, o: Omit<Official, "id">): Result<Official, Duplicate<"code">> {
    return uniqueWrite("code", () => {
      const row = this.db
        .query<{ id: number }, [number, number, string, string, string, number]>(
          `INSERT INTO officials (campaign_id, commune_id, code, name, position, display_order)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .get(campaignId, o.communeId, o.code, o.name, o.position, o.displayOrder);
      if (!row) throw new Error("INSERT … RETURNING gave no row");
      return { id: row.id, ...o };
    });
  }

  officials(campaignId: number): Official[] {
    return this.db
      .query<OfficialRow, [number]>(
        `SELECT id, code, name, position, commune_id, display_order FROM officials
         WHERE campaign_id = ? ORDER BY commune_id, display_order`,
      )
      .all(campaignId)
      .map(toOfficial);
  }

  /**
   * The officials on a point's ballot, in ballot order (domain ballotFor): reads only the point's
   * commune unless the point has a ballot of its own (every cast and kiosk screen asks for it).
   */
  ballotOfficials(campaignId: number, point: Pick<Point, "communeId" | "customOfficialIds">): Official[] {
    if (point.customOfficialIds) return ballotFor(point, this.officials(campaignId));
    const rows = this.db
      .query<OfficialRow, [number, number]>(
        `SELECT id, code, name, position, commune_id, display_order FROM officials
         WHERE campaign_id = ? AND commune_id = ?`,
      )
      .all(campaignId, point.communeId);
    return ballotFor(point, rows.map(toOfficial));
  }

  official(campaignId: number, id: number): Official | null {
    return this.officials(campaignId).find((o) => o.id === id) ?? null;
  }

  updateOfficial(id: number, o: Omit<Official, "id" | "displayOrder">): Result<void, Duplicate<"code">> {
    return uniqueWrite("code", () => {
      this.db.run("UPDATE officials SET code = ?, name = ?, position = ?, commune_id = ? WHERE id = ?", [
        o.code,
        o.name,
        o.position,
        o.communeId,
        id,
      ]);
    });
  }

  deleteOfficial(id: number): void {
    this.db.run("DELETE FROM officials WHERE id = ?", [id]);
  }

  setOfficialOrder(id: number, displayOrder: number): void {
    this.db.run("UPDATE officials SET display_order = ? WHERE id = ?", [displayOrder, id]);
  }

  nextOfficialOrder(communeId: number): number {
    const row = this.db
      .query<{ n: number | null }, [number]>(
        "SELECT max(display_order) AS n FROM officials WHERE commune_id = ?",
      )
      .get(communeId);
    return (row?.n ?? 0) + 1;
  }
}

type OfficialRow = {
  id: number;
  code: string;
  name: string;
  position: string;
  commune_id: number;
  display_order: number;
};

const toOfficial = (r: OfficialRow): Official => ({
  id: r.id,
  code: r.code,
  name: r.name,
  position: r.position,
  communeId: r.commune_id,
  displayOrder: r.display_order,
});
