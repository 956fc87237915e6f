import type { Database } from "bun:sqlite";
import type { Officer, TeamRole } from "../domain/setup.ts";

type Row = {
  user_id: number;
  username: string;
  display_name: string;
  must_change_password: number;
  team_role: TeamRole;
  public_key: string;
};

export class OfficerRepo {
  constructor(private readonly db: Database) {}

  create(userId: number, teamRole: TeamRole, publicKey: string, sealedKey: string, pointIds: number[]): void {
    this.db.run("INSERT INTO officers (user_id, team_role, public_key, sealed_key) VALUES (?, ?, ?, ?)", [
      userId,
      teamRole,
      publicKey,
      sealedKey,
    ]);
    this.setPoints(userId, pointIds);
  }

  update(userId: number, displayName: string, teamRole: TeamRole, pointIds: number[]): void {
    this.db.run("UPDATE users SET display_name = ? WHERE id = ?", [displayName, userId]);
    this.db.run("UPDATE officers SET team_role = ? WHERE user_id = ?", [teamRole, userId]);
    this.setPoints(userId, pointIds);
  }

  private setPoints(userId: number, pointIds: number[]): void {
    this.db.run("DELETE FROM officer_points WHERE user_id = ?", [userId]);
    for (const pointId of pointIds) {
      this.db.run("INSERT INTO officer_points (user_id, point_id) VALUES (?, ?)", [userId, pointId]);
    }
  }

  /** The sealed private key (JSON); only the officer's password opens it. */
  sealedKey(userId: number): string | null {
    return (
      this.db
        .query<{ sealed_key: string }, [number]>("SELECT sealed_key FROM officers WHERE user_id = ?")
        .get(userId)?.sealed_key ?? null
    );
  }

  /** The officer's key pair as stored: the public key and its sealed private key, always together. */
  setKey(userId: number, publicKey: string, sealedKey: string): void {
    this.db.run("UPDATE officers SET public_key = ?, sealed_key = ? WHERE user_id = ?", [
      publicKey,
      sealedKey,
      userId,
    ]);
  }

  list(): Officer[] {
    return this.read(null);
  }

  /** One officer (read alone: every console request checks its officer's points). */
  get(userId: number): Officer | null {
    return this.read(userId)[0] ?? null;
  }

  /** Every officer, or only `userId` (null: all). */
  private read(userId: number | null): Officer[] {
    // Two fixed statements per case (cached by bun:sqlite), each with a plan that uses its index.
    const args = userId === null ? [] : [userId];
    const rows = this.db
      .query<Row, number[]>(
        `SELECT o.user_id, u.username, u.display_name, u.must_change_password, o.team_role, o.public_key
         FROM officers o JOIN users u ON u.id = o.user_id
         ${userId === null ? "" : "WHERE o.user_id = ?1"} ORDER BY u.username`,
      )
      .all(...args);
    const points = new Map<number, number[]>();
    for (const r of this.db
      .query<{ user_id: number; point_id: number }, number[]>(
        `SELECT user_id, point_id FROM officer_points ${userId === null ? "" : "WHERE user_id = ?1"}
         ORDER BY point_id`,
      )
      .all(...args)) {
      const list = points.get(r.user_id);
      if (list) list.push(r.point_id);
      else points.set(r.user_id, [r.point_id]);
    }
    return rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      teamRole: r.team_role,
      publicKey: r.public_key,
      pointIds: points.get(r.user_id) ?? [],
      mustChangePassword: r.must_change_password === 1,
    }));
  }
}
