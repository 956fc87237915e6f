import type { Database } from "bun:sqlite";
import { ok, type Result } from "../domain/result.ts";
import type { Point } from "../domain/setup.ts";
import { type Duplicate, uniqueWrite } from "./unique.ts";

type PointRow = { id: number; code: string; name: string; commune_id: number; custom_style: number };

export type NewPoint = Omit<Point, "id" | "customOfficialIds">;

export class PointRepo {
  constructor(private readonly db: Database) {}

  create(campaignId: number, p: NewPoint): Result<Point, Duplicate<"code">> {
    const created = uniqueWrite("code", () => {
      const row = this.db
        .query<{ id: number }, [number, number, string, string]>(
          "INSERT INTO points (campaign_id, commune_id, code, name) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .get(campaignId, p.communeId, p.code, p.name);
      if (!row) throw new Error("INSERT … RETURNING gave no row");
      return row.id;
    });
    if (!created.ok) return created;
    this.setDays(created.value, p.days);
    return ok({ id: created.value, ...p, customOfficialIds: null });
  }

  update(id: number, p: NewPoint): Result<void, Duplicate<"code">> {
    const updated = uniqueWrite("code", () => {
      this.db.run("UPDATE points SET code = ?, name = ?, commune_id = ? WHERE id = ?", [
        p.code,
        p.name,
        p.communeId,
        id,
      ]);
    });
    if (!updated.ok) return updated;
    this.setDays(id, p.days);
    return ok(undefined);
  }

  delete(id: number): void {
    this.db.run("DELETE FROM points WHERE id = ?", [id]);
  }

  private setDays(id: number, days: string[]): void {
    this.db.run("DELETE FROM point_days WHERE point_id = ?", [id]);
    for (const day of days) this.db.run("INSERT INTO point_days (point_id, day) VALUES (?, ?)", [id, day]);
  }

  /** null restores the default ballot (all officials of the point's commune). */
  setBallot(id: number, officialIds: number[] | null): void {
    this.db.run("DELETE FROM point_officials WHERE point_id = ?", [id]);
    this.db.run("UPDATE points SET custom_style = ? WHERE id = ?", [officialIds ? 1 : 0, id]);
    officialIds?.forEach((officialId, i) => {
      this.db.run("INSERT INTO point_officials (point_id, official_id, position) VALUES (?, ?, ?)", [
        id,
        officialId,
        i + 1,
      ]);
    });
  }

  list(campaignId: number): Point[] {
    return this.read(campaignId, null);
  }

  /** One point (read alone: every kiosk and console request asks for its point). */
  get(campaignId: number, id: number): Point | null {
    return this.read(campaignId, id)[0] ?? null;
  }

  /** The campaign's points, or only the point `id` (null: all). */
  private read(campaignId: number, id: number | null): Point[] {
    // Two fixed statements (cached by bun:sqlite), each with a plan that uses its index.
    const which = id === null ? "campaign_id = ?1" : "campaign_id = ?1 AND id = ?2";
    const args = id === null ? [campaignId] : [campaignId, id];
    const rows = this.db
      .query<PointRow, number[]>(
        `SELECT id, code, name, commune_id, custom_style FROM points WHERE ${which} ORDER BY code`,
      )
      .all(...args);
    const days = new Map<number, string[]>();
    for (const d of this.db
      .query<{ point_id: number; day: string }, number[]>(
        `SELECT point_id, day FROM point_days WHERE point_id IN (SELECT id FROM points WHERE ${which})
         ORDER BY day`,
      )
      .all(...args)) {
      days.set(d.point_id, [...(days.get(d.point_id) ?? []), d.day]);
    }
    const styles = new Map<number, number[]>();
    for (const s of this.db
      .query<{ point_id: number; official_id: number }, number[]>(
        `SELECT point_id, official_id FROM point_officials
         WHERE point_id IN (SELECT id FROM points WHERE ${which}) ORDER BY point_id, position`,
      )
      .all(...args)) {
      styles.set(s.point_id, [...(styles.get(s.point_id) ?? []), s.official_id]);
    }
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      communeId: r.commune_id,
      days: days.get(r.id) ?? [],
      customOfficialIds: r.custom_style === 1 ? (styles.get(r.id) ?? []) : null,
    }));
  }
}
