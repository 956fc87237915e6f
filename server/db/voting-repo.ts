import type { Database } from "bun:sqlite";
import type { PairingWindow } from "../domain/pairing.ts";
import type { Kiosk, PointDayCounts, PointDayRecord, PointDayStatus } from "../domain/voting.ts";
import type { BallotBox } from "./ballot-box.ts";

type KioskRow = {
  id: string;
  point_id: number | null;
  number: number | null;
  pairing_code: string | null;
  pairing_point_id: number | null;
  pairing_expires_at: string | null;
  awaiting_point_id: number | null;
  label: string | null;
  last_seen_at: string | null;
  paired_at: string | null;
  paired_by: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
};

const KIOSK_FIELDS = [
  "id",
  "point_id",
  "number",
  "pairing_code",
  "pairing_point_id",
  "pairing_expires_at",
  "awaiting_point_id",
  "label",
  "last_seen_at",
  "paired_at",
  "paired_by",
  "confirmed_at",
  "confirmed_by",
] as const satisfies readonly (keyof KioskRow)[];

/** The device row without its token hash (which only the token lookup needs). */
const KIOSK_COLUMNS = KIOSK_FIELDS.join(", ");

const toKiosk = (r: KioskRow): Kiosk => ({
  id: r.id,
  pointId: r.point_id,
  number: r.number,
  pairingCode: r.pairing_code,
  pairingPointId: r.pairing_point_id,
  pairingExpiresAt: r.pairing_expires_at,
  awaitingPointId: r.awaiting_point_id,
  label: r.label,
  lastSeenAt: r.last_seen_at,
  pairedAt: r.paired_at,
  pairedBy: r.paired_by,
  confirmedAt: r.confirmed_at,
  confirmedBy: r.confirmed_by,
});

type WindowRow = { point_id: number; opened_at: string; opened_by: string; closes_at: string };

const toWindow = (r: WindowRow): PairingWindow => ({
  pointId: r.point_id,
  openedAt: r.opened_at,
  openedBy: r.opened_by,
  closesAt: r.closes_at,
});

type PointDayRow = {
  point_id: number;
  day: string;
  state: "open" | "paused" | "closed";
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  issued: number;
  voided: number;
  reissued: number;
};

const toPointDay = (row: PointDayRow, collected: number): PointDayRecord => ({
  pointId: row.point_id,
  day: row.day,
  status: row.state,
  openedAt: row.opened_at,
  openedBy: row.opened_by,
  closedAt: row.closed_at,
  issued: row.issued,
  collected,
  voided: row.voided,
  reissued: row.reissued,
});

/** More device rows than any district pairs: past it the kept rows are dropped and read again. */
const KIOSKS_KEPT = 5_000;

/**
 * What the voting day writes to the main database: kiosks, point-day states and counts, check-ins.
 * Ballots are in the ballot file (BallotBox) and tickets in memory (TicketBook); a point-day record
 * reads its "collected" count from the ballot file. Every statement on the kiosk's hot path (poll)
 * is a lookup by primary or unique key.
 */
export class VotingRepo {
  /** Device rows by token hash, valid while `changes` is this connection's total_changes(). */
  private readonly kept = { changes: -1, byToken: new Map<string, Kiosk>() };

  constructor(
    private readonly db: Database,
    private readonly box: BallotBox,
  ) {}

  // --- kiosks ---------------------------------------------------------------------------------

  /** A browser's device row with its first code, issued under the window of `pointId`. */
  createKiosk(
    id: string,
    tokenHash: string,
    code: { code: string; pointId: number; expiresAt: string },
    now: string,
  ): void {
    this.db.run(
      `INSERT INTO kiosks (id, token_hash, pairing_code, pairing_point_id, pairing_expires_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [id, tokenHash, code.code, code.pointId, code.expiresAt, now],
    );
  }

  /**
   * The device behind a kiosk cookie (`tokenHash`: SHA-256 hex of the cookie), read on every kiosk
   * request. The row is kept between requests for as long as this connection has changed nothing
   * (SQLite's `total_changes()`, which any INSERT, UPDATE or DELETE raises, cascades included):
   * pairing, unpairing, a kiosk's presence or any check-in drops it, so what is returned is always
   * what a read would give. (A cast writes the ballot file, through its own connection, and leaves it:
   * nothing of the device row is about ballots.) Why: a read outside a transaction costs three
   * system calls on the WAL's shared memory (≈ 3.5 µs), as much as the rest of the ballot page's
   * server time. Inside a transaction it is read, neither used nor filled: a change rolled back must
   * not stay. Only this server writes the database while it runs (tickets live in its memory alone).
   * The row kept is frozen, since every request shares it.
   */
  kioskByToken(tokenHash: string): Kiosk | null {
    if (this.db.inTransaction) return this.readKioskByToken(tokenHash);
    const changes = this.db.query<{ n: number }, []>("SELECT total_changes() AS n").get()?.n ?? -1;
    if (changes !== this.kept.changes || this.kept.byToken.size >= KIOSKS_KEPT) {
      this.kept.byToken.clear();
      this.kept.changes = changes;
    }
    const kept = this.kept.byToken.get(tokenHash);
    if (kept) return kept;
    // An unknown token (a forged or stale cookie) is not kept: strangers must not fill the map.
    const kiosk = this.readKioskByToken(tokenHash);
    if (kiosk) this.kept.byToken.set(tokenHash, Object.freeze(kiosk));
    return kiosk;
  }

  private readKioskByToken(tokenHash: string): Kiosk | null {
    const row = this.db
      .query<KioskRow, [string]>(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE token_hash = ?`)
      .get(tokenHash);
    return row ? toKiosk(row) : null;
  }

  kioskByCode(code: string): Kiosk | null {
    const row = this.db
      .query<KioskRow, [string]>(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE pairing_code = ?`)
      .get(code);
    return row ? toKiosk(row) : null;
  }

  kiosk(id: string): Kiosk | null {
    const row = this.db.query<KioskRow, [string]>(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE id = ?`).get(id);
    return row ? toKiosk(row) : null;
  }

  /** A point's kiosks: paired, and paired but awaiting a second officer's confirmation. */
  kiosksAt(pointId: number): Kiosk[] {
    return this.db
      .query<KioskRow, [number, number]>(
        `SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE point_id = ? OR awaiting_point_id = ? ORDER BY number, id`,
      )
      .all(pointId, pointId)
      .map(toKiosk);
  }

  /** Every paired or awaiting kiosk of a campaign, in one query (the board's progress page). */
  kiosksOf(campaignId: number): Kiosk[] {
    return this.db
      .query<KioskRow, [number]>(
        // CROSS JOIN keeps kiosks as the outer loop, each finding its point by primary key; a plain
        // JOIN let SQLite loop over the points and scan every kiosk for each (0.4 s at 800 points).
        `SELECT ${KIOSK_FIELDS.map((f) => `k.${f}`).join(", ")} FROM kiosks k
         CROSS JOIN points p ON p.id = coalesce(k.point_id, k.awaiting_point_id)
         WHERE p.campaign_id = ? ORDER BY p.code, k.number, k.id`,
      )
      .all(campaignId)
      .map(toKiosk);
  }

  renewPairingCode(id: string, code: { code: string; pointId: number; expiresAt: string }): void {
    this.db.run(
      "UPDATE kiosks SET pairing_code = ?, pairing_point_id = ?, pairing_expires_at = ? WHERE id = ?",
      [code.code, code.pointId, code.expiresAt, id],
    );
  }

  /**
   * Pairs a kiosk with a point under the point's next kiosk number; returns its label. Confirmed
   * (point_id set) at once when no second officer is needed, else awaiting one (awaiting_point_id).
   */
  pair(id: string, pointId: number, at: string, by: string, awaitConfirmation = false): string {
    const row = this.db
      .query<{ n: number }, [number]>(
        "UPDATE points SET kiosk_counter = kiosk_counter + 1 WHERE id = ? RETURNING kiosk_counter AS n",
      )
      .get(pointId);
    if (!row) throw new Error(`no point ${pointId} to pair a kiosk with`);
    const label = `Máy ${row.n}`;
    this.db.run(
      `UPDATE kiosks SET point_id = ?, awaiting_point_id = ?, number = ?, label = ?, paired_at = ?, paired_by = ?,
         pairing_code = NULL, pairing_point_id = NULL, pairing_expires_at = NULL WHERE id = ?`,
      [awaitConfirmation ? null : pointId, awaitConfirmation ? pointId : null, row.n, label, at, by, id],
    );
    return label;
  }

  /** A second officer confirms an awaiting pairing; false when it was no longer awaiting at that point. */
  confirmPairing(id: string, pointId: number, at: string, by: string): boolean {
    return (
      this.db.run(
        `UPDATE kiosks SET point_id = awaiting_point_id, awaiting_point_id = NULL, confirmed_at = ?, confirmed_by = ?
         WHERE id = ? AND awaiting_point_id = ?`,
        [at, by, id, pointId],
      ).changes === 1
    );
  }

  /** Forgets codes that ran out (their devices start again with a new code when a window is open). */
  forgetExpiredPairings(now: string): void {
    this.db.run("DELETE FROM kiosks WHERE pairing_code IS NOT NULL AND pairing_expires_at <= ?", [now]);
  }

  /**
   * Keeps at most `max` codes waiting under a point's window, forgetting the least recently seen
   * first (a real kiosk polls every few seconds; a flood's rows are seen once). `keep` is never
   * forgotten (the registration being made). Returns how many were forgotten.
   */
  trimPendingPairings(pointId: number, max: number, keep: string): number {
    return this.db.run(
      `DELETE FROM kiosks WHERE id IN (
         SELECT id FROM kiosks WHERE pairing_code IS NOT NULL AND pairing_point_id = ? AND id <> ?
         ORDER BY last_seen_at, pairing_expires_at, id
         LIMIT max(0, (SELECT count(*) FROM kiosks WHERE pairing_code IS NOT NULL AND pairing_point_id = ?) - ?))`,
      [pointId, keep, pointId, max],
    ).changes;
  }

  // --- pairing windows ------------------------------------------------------------------------

  pairingWindow(pointId: number): PairingWindow | null {
    const row = this.db
      .query<WindowRow, [number]>("SELECT * FROM pairing_windows WHERE point_id = ?")
      .get(pointId);
    return row ? toWindow(row) : null;
  }

  /** The windows open at `now`, by point (a handful: each is open a few minutes). */
  openPairingWindows(now: string): PairingWindow[] {
    return this.db
      .query<WindowRow, [string]>("SELECT * FROM pairing_windows WHERE closes_at > ? ORDER BY point_id")
      .all(now)
      .map(toWindow);
  }

  putPairingWindow(w: PairingWindow): void {
    this.db.run(
      `INSERT INTO pairing_windows (point_id, opened_at, opened_by, closes_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (point_id) DO UPDATE SET opened_at = excluded.opened_at, opened_by = excluded.opened_by,
         closes_at = excluded.closes_at`,
      [w.pointId, w.openedAt, w.openedBy, w.closesAt],
    );
  }

  /** Ends the point's pairing window at `at` (ISO) if it is still open then; no-op otherwise. */
  endPairingWindow(pointId: number, at: string): void {
    this.db.run("UPDATE pairing_windows SET closes_at = ? WHERE point_id = ? AND closes_at > ?", [
      at,
      pointId,
      at,
    ]);
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
    return row ? toPointDay(row, this.box.collected(pointId, day)) : null;
  }

  /**
   * A point-day's state alone ("open", "paused", "closed"; null when it never opened): asked before
   * every check-in, cast and kiosk poll, so it does not read the ballot file's count as `pointDay`
   * does (a second file's lock, ≈ 9 µs).
   */
  pointDayState(pointId: number, day: string): Exclude<PointDayStatus, "not_opened"> | null {
    return (
      this.db
        .query<{ state: Exclude<PointDayStatus, "not_opened"> }, [number, string]>(
          "SELECT state FROM point_days_state WHERE point_id = ? AND day = ?",
        )
        .get(pointId, day)?.state ?? null
    );
  }

  /** Every point-day record of a campaign, in one query (the board's progress page). */
  pointDaysOf(campaignId: number): PointDayRecord[] {
    const collected = new Map(this.box.collectedAll().map((c) => [`${c.pointId}:${c.day}`, c.collected]));
    return this.db
      .query<PointDayRow, [number]>(
        `SELECT s.* FROM point_days_state s JOIN points p ON p.id = s.point_id WHERE p.campaign_id = ?`,
      )
      .all(campaignId)
      .map((row) => toPointDay(row, collected.get(`${row.point_id}:${row.day}`) ?? 0));
  }

  openPointDay(pointId: number, day: string, at: string, by: string): void {
    this.db.run(
      "INSERT INTO point_days_state (point_id, day, state, opened_at, opened_by) VALUES (?, ?, 'open', ?, ?)",
      [pointId, day, at, by],
    );
  }

  /** Days a point opened and has not closed yet (open or paused), oldest first. */
  unclosedDays(pointId: number): string[] {
    return this.db
      .query<{ day: string }, [number]>(
        "SELECT day FROM point_days_state WHERE point_id = ? AND state IN ('open', 'paused') ORDER BY day",
      )
      .all(pointId)
      .map((r) => r.day);
  }

  /** Closes a point-day from the expected state, recording when; false if it had already changed. */
  closePointDay(pointId: number, day: string, from: PointDayStatus, at: string): boolean {
    return (
      this.db.run(
        "UPDATE point_days_state SET state = 'closed', closed_at = ? WHERE point_id = ? AND day = ? AND state = ?",
        [at, pointId, day, from],
      ).changes === 1
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

  /** Adds to a point-day's issued, voided or re-issued count (inside the caller's transaction). */
  addCounts(pointId: number, day: string, delta: Partial<Omit<PointDayCounts, "collected">>): void {
    this.db.run(
      `UPDATE point_days_state SET issued = issued + ?, voided = voided + ?, reissued = reissued + ?
       WHERE point_id = ? AND day = ?`,
      [delta.issued ?? 0, delta.voided ?? 0, delta.reissued ?? 0, pointId, day],
    );
  }

  /** Check-ins of a point-day, counted once when it opens (the zero report), never on the hot path. */
  checkInCount(pointId: number, day: string): number {
    return (
      this.db
        .query<{ n: number }, [number, string]>(
          "SELECT count(*) AS n FROM check_ins WHERE point_id = ? AND day = ?",
        )
        .get(pointId, day)?.n ?? 0
    );
  }
}
