import type { Database } from "bun:sqlite";
import type { Marks, PointDayStatus } from "../domain/voting.ts";

export type Kiosk = {
  id: string;
  pointId: number | null;
  /** The kiosk's number at its point ("Máy 3"): never reused, shown on the kiosk screen. */
  number: number | null;
  /** The ticket this kiosk consumed last (a retried cast of it is answered "đã ghi nhận"). */
  lastCastTicket: string | null;
  pairingCode: string | null;
  pairingExpiresAt: string | null;
  label: string | null;
  lastSeenAt: string | null;
};

type KioskRow = {
  id: string;
  point_id: number | null;
  number: number | null;
  last_cast_ticket: string | null;
  pairing_code: string | null;
  pairing_expires_at: string | null;
  label: string | null;
  last_seen_at: string | null;
};

const toKiosk = (r: KioskRow): Kiosk => ({
  id: r.id,
  pointId: r.point_id,
  number: r.number,
  lastCastTicket: r.last_cast_ticket,
  pairingCode: r.pairing_code,
  pairingExpiresAt: r.pairing_expires_at,
  label: r.label,
  lastSeenAt: r.last_seen_at,
});

export type PointDayCounts = { issued: number; collected: number; voided: number };

export type PointDayRecord = PointDayCounts & {
  pointId: number;
  day: string;
  status: PointDayStatus;
  openedAt: string;
  openedBy: string;
};

type PointDayRow = {
  point_id: number;
  day: string;
  state: "open" | "paused" | "closed";
  opened_at: string;
  opened_by: string;
  issued: number;
  collected: number;
  voided: number;
};

const toPointDay = (row: PointDayRow): PointDayRecord => ({
  pointId: row.point_id,
  day: row.day,
  status: row.state,
  openedAt: row.opened_at,
  openedBy: row.opened_by,
  issued: row.issued,
  collected: row.collected,
  voided: row.voided,
});

export type Ticket = { id: string; kioskId: string; pointId: number; day: string; opened: boolean };

/**
 * Everything the voting day writes. Every statement on the kiosk's hot path (poll, cast) is a lookup
 * by primary or unique key: no table scan, no count(*) over ballots.
 */
export class VotingRepo {
  constructor(private readonly db: Database) {}

  // --- kiosks ---------------------------------------------------------------------------------

  createKiosk(id: string, tokenHash: string, pairingCode: string, expiresAt: string, now: string): void {
    this.db.run(
      "INSERT INTO kiosks (id, token_hash, pairing_code, pairing_expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      [id, tokenHash, pairingCode, expiresAt, now],
    );
  }

  kioskByToken(tokenHash: string): Kiosk | null {
    const row = this.db
      .query<KioskRow, [string]>(
        "SELECT id, point_id, number, last_cast_ticket, pairing_code, pairing_expires_at, label, last_seen_at FROM kiosks WHERE token_hash = ?",
      )
      .get(tokenHash);
    return row ? toKiosk(row) : null;
  }

  kioskByCode(code: string): Kiosk | null {
    const row = this.db
      .query<KioskRow, [string]>(
        "SELECT id, point_id, number, last_cast_ticket, pairing_code, pairing_expires_at, label, last_seen_at FROM kiosks WHERE pairing_code = ?",
      )
      .get(code);
    return row ? toKiosk(row) : null;
  }

  kiosk(id: string): Kiosk | null {
    const row = this.db
      .query<KioskRow, [string]>(
        "SELECT id, point_id, number, last_cast_ticket, pairing_code, pairing_expires_at, label, last_seen_at FROM kiosks WHERE id = ?",
      )
      .get(id);
    return row ? toKiosk(row) : null;
  }

  kiosksAt(pointId: number): Kiosk[] {
    return this.db
      .query<KioskRow, [number]>(
        `SELECT id, point_id, number, last_cast_ticket, pairing_code, pairing_expires_at, label, last_seen_at FROM kiosks
         WHERE point_id = ? ORDER BY number, id`,
      )
      .all(pointId)
      .map(toKiosk);
  }

  renewPairingCode(id: string, code: string, expiresAt: string): void {
    this.db.run("UPDATE kiosks SET pairing_code = ?, pairing_expires_at = ? WHERE id = ?", [
      code,
      expiresAt,
      id,
    ]);
  }

  /** Pairs a kiosk with a point under the point's next kiosk number; returns its label. */
  pair(id: string, pointId: number, at: string, by: string): string {
    const row = this.db
      .query<{ n: number }, [number]>(
        "UPDATE points SET kiosk_counter = kiosk_counter + 1 WHERE id = ? RETURNING kiosk_counter AS n",
      )
      .get(pointId);
    if (!row) throw new Error(`no point ${pointId} to pair a kiosk with`);
    const label = `Máy ${row.n}`;
    this.db.run(
      `UPDATE kiosks SET point_id = ?, number = ?, label = ?, paired_at = ?, paired_by = ?, pairing_code = NULL,
         pairing_expires_at = NULL WHERE id = ?`,
      [pointId, row.n, label, at, by, id],
    );
    return label;
  }

  /** Unpaired kiosks whose code expired are forgotten; returns how many pairings are still pending. */
  forgetExpiredPairings(now: string): number {
    this.db.run("DELETE FROM kiosks WHERE point_id IS NULL AND pairing_expires_at <= ?", [now]);
    return (
      this.db.query<{ n: number }, []>("SELECT count(*) AS n FROM kiosks WHERE point_id IS NULL").get()?.n ??
      0
    );
  }

  setLastCast(id: string, ticketId: string): void {
    this.db.run("UPDATE kiosks SET last_cast_ticket = ? WHERE id = ?", [ticketId, id]);
  }

  /** The kiosk forgets its point; its browser must be paired again (and gets a new device cookie). */
  deleteKiosk(id: string): void {
    this.db.run("DELETE FROM kiosks WHERE id = ?", [id]);
  }

  touchKiosk(id: string, at: string): void {
    this.db.run("UPDATE kiosks SET last_seen_at = ? WHERE id = ?", [at, id]);
  }

  // --- point days -----------------------------------------------------------------------------

  pointDay(pointId: number, day: string): PointDayRecord | null {
    const row = this.db
      .query<PointDayRow, [number, string]>("SELECT * FROM point_days_state WHERE point_id = ? AND day = ?")
      .get(pointId, day);
    return row ? toPointDay(row) : null;
  }

  /** Every point-day record of a campaign, in one query (the board's progress page). */
  pointDaysOf(campaignId: number): PointDayRecord[] {
    return this.db
      .query<PointDayRow, [number]>(
        `SELECT s.* FROM point_days_state s JOIN points p ON p.id = s.point_id WHERE p.campaign_id = ?`,
      )
      .all(campaignId)
      .map(toPointDay);
  }

  /**
   * Kiosks holding a ticket, per point and day, for a whole campaign in one query: a ticket belongs
   * to one day, so a busy kiosk counts on that day only.
   */
  busyKiosksOf(campaignId: number): { pointId: number; day: string; kiosks: number }[] {
    return this.db
      .query<{ point_id: number; day: string; n: number }, [number]>(
        `SELECT k.point_id, t.day, count(*) AS n FROM tickets t
         JOIN kiosks k ON k.id = t.kiosk_id JOIN points p ON p.id = k.point_id
         WHERE p.campaign_id = ? GROUP BY k.point_id, t.day`,
      )
      .all(campaignId)
      .map((r) => ({ pointId: r.point_id, day: r.day, kiosks: r.n }));
  }

  openPointDay(pointId: number, day: string, at: string, by: string): void {
    this.db.run(
      "INSERT INTO point_days_state (point_id, day, state, opened_at, opened_by) VALUES (?, ?, 'open', ?, ?)",
      [pointId, day, at, by],
    );
  }

  /** Changes a point-day's state only from the expected one; false if it had already changed. */
  setPointDayState(pointId: number, day: string, from: PointDayStatus, to: PointDayStatus): boolean {
    return (
      this.db.run("UPDATE point_days_state SET state = ? WHERE point_id = ? AND day = ? AND state = ?", [
        to,
        pointId,
        day,
        from,
      ]).changes === 1
    );
  }

  // --- check-in and tickets -------------------------------------------------------------------

  checkedIn(rosterEntryId: number): boolean {
    return (
      this.db
        .query<{ one: number }, [number]>("SELECT 1 AS one FROM check_ins WHERE roster_entry_id = ?")
        .get(rosterEntryId) !== null
    );
  }

  householdCheckedIn(householdKey: string): boolean {
    return (
      this.db
        .query<{ one: number }, [string]>("SELECT 1 AS one FROM check_ins WHERE household_key = ?")
        .get(householdKey) !== null
    );
  }

  /** Throws on a second check-in of the same entry or household (primary key / unique): the caller's transaction rolls back. */
  insertCheckIn(
    rosterEntryId: number,
    pointId: number,
    day: string,
    householdKey: string | null,
    at: string,
    by: string,
  ): void {
    this.db.run(
      "INSERT INTO check_ins (roster_entry_id, point_id, day, household_key, at, by) VALUES (?, ?, ?, ?, ?, ?)",
      [rosterEntryId, pointId, day, householdKey, at, by],
    );
  }

  insertTicket(id: string, kioskId: string, pointId: number, day: string): void {
    this.db.run("INSERT INTO tickets (id, kiosk_id, point_id, day) VALUES (?, ?, ?, ?)", [
      id,
      kioskId,
      pointId,
      day,
    ]);
  }

  ticketForKiosk(kioskId: string): Ticket | null {
    const row = this.db
      .query<{ id: string; kiosk_id: string; point_id: number; day: string; opened: number }, [string]>(
        "SELECT id, kiosk_id, point_id, day, opened FROM tickets WHERE kiosk_id = ?",
      )
      .get(kioskId);
    return row
      ? { id: row.id, kioskId: row.kiosk_id, pointId: row.point_id, day: row.day, opened: row.opened === 1 }
      : null;
  }

  markTicketOpened(id: string): void {
    this.db.run("UPDATE tickets SET opened = 1 WHERE id = ?", [id]);
  }

  /** Deletes a ticket; true only for the one caller that actually deleted it. */
  deleteTicket(id: string): boolean {
    return this.db.run("DELETE FROM tickets WHERE id = ?", [id]).changes === 1;
  }

  addCounts(pointId: number, day: string, delta: Partial<PointDayCounts>): void {
    this.db.run(
      `UPDATE point_days_state SET issued = issued + ?, collected = collected + ?, voided = voided + ?
       WHERE point_id = ? AND day = ?`,
      [delta.issued ?? 0, delta.collected ?? 0, delta.voided ?? 0, pointId, day],
    );
  }

  /** What a point-day holds, counted once when it opens (the zero report), never on the hot path. */
  pointDayContents(pointId: number, day: string): { ballots: number; checkIns: number; tickets: number } {
    const row = this.db
      .query<
        { ballots: number; check_ins: number; tickets: number },
        [number, string, number, string, number, string]
      >(
        `SELECT (SELECT count(*) FROM ballots WHERE point_id = ? AND day = ?) AS ballots,
                (SELECT count(*) FROM check_ins WHERE point_id = ? AND day = ?) AS check_ins,
                (SELECT count(*) FROM tickets WHERE point_id = ? AND day = ?) AS tickets`,
      )
      .get(pointId, day, pointId, day, pointId, day);
    return { ballots: row?.ballots ?? 0, checkIns: row?.check_ins ?? 0, tickets: row?.tickets ?? 0 };
  }

  insertBallot(id: string, pointId: number, day: string, marks: Marks): void {
    this.db.run("INSERT INTO ballots (id, point_id, day, marks) VALUES (?, ?, ?, ?)", [
      id,
      pointId,
      day,
      JSON.stringify(marks),
    ]);
  }
}
