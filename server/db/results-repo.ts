import type { Database } from "bun:sqlite";
import type { VerificationCheck } from "../domain/verification.ts";

/** One check of one minutes version (migration 0013): append-only. */
export type StoredVerification = {
  id: number;
  minutesId: number;
  /** How many signatures the minutes had when checked: the signed document checked. */
  signatures: number;
  minutesDigest: string;
  /** `storedMinutesHash` of the minutes as stored when checked; null for checks before migration 0017. */
  storedHash: string | null;
  outcome: "verified" | "discrepant";
  failedCheck: string | null;
  detail: string;
  checks: VerificationCheck[];
  checkedAt: string;
  checkedBy: string;
};

export type Excusal = { pointId: number; day: string; reason: string; excusedBy: string; excusedAt: string };

type ExcusalRow = { point_id: number; day: string; reason: string; excused_by: string; excused_at: string };

const toExcusal = (r: ExcusalRow): Excusal => ({
  pointId: r.point_id,
  day: r.day,
  reason: r.reason,
  excusedBy: r.excused_by,
  excusedAt: r.excused_at,
});

export type StoredCertification = {
  campaignId: number;
  /** The results document (canonical JSON): exactly the bytes signed. */
  document: string;
  digest: string;
  memberId: number;
  memberCode: string;
  publicKey: string;
  signature: string;
  certifiedAt: string;
};

type VerificationRow = {
  id: number;
  minutes_id: number;
  signatures: number;
  minutes_digest: string;
  stored_hash: string | null;
  outcome: "verified" | "discrepant";
  failed_check: string | null;
  detail: string;
  checks: string;
  checked_at: string;
  checked_by: string;
};

const toVerification = (r: VerificationRow): StoredVerification => ({
  id: r.id,
  minutesId: r.minutes_id,
  signatures: r.signatures,
  minutesDigest: r.minutes_digest,
  storedHash: r.stored_hash,
  outcome: r.outcome,
  failedCheck: r.failed_check,
  detail: r.detail,
  checks: JSON.parse(r.checks) as VerificationCheck[],
  checkedAt: r.checked_at,
  checkedBy: r.checked_by,
});

/**
 * The aggregate's own records (issue #11): verifications of minutes, excused point-days and the
 * certification. The database refuses edits and deletions of all three (migration 0013).
 */
export class ResultsRepo {
  constructor(private readonly db: Database) {}

  addVerification(v: Omit<StoredVerification, "id">): number {
    const row = this.db
      .query<{ id: number }, (string | number | null)[]>(
        `INSERT INTO minutes_verifications (minutes_id, signatures, minutes_digest, stored_hash, outcome,
           failed_check, detail, checks, checked_at, checked_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        v.minutesId,
        v.signatures,
        v.minutesDigest,
        v.storedHash,
        v.outcome,
        v.failedCheck,
        v.detail,
        JSON.stringify(v.checks),
        v.checkedAt,
        v.checkedBy,
      );
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return row.id;
  }

  /** The latest check of a minutes version, or null if it was never checked. */
  latestVerification(minutesId: number): StoredVerification | null {
    const row = this.db
      .query<VerificationRow, [number]>(
        "SELECT * FROM minutes_verifications WHERE minutes_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(minutesId);
    return row ? toVerification(row) : null;
  }

  /** The latest check of every minutes version ever checked, in one query (the results page). */
  latestVerifications(): Map<number, StoredVerification> {
    const rows = this.db
      .query<VerificationRow, []>(
        `SELECT v.* FROM minutes_verifications v
         JOIN (SELECT minutes_id, max(id) AS id FROM minutes_verifications GROUP BY minutes_id) l ON l.id = v.id`,
      )
      .all();
    return new Map(rows.map((r) => [r.minutes_id, toVerification(r)]));
  }

  /** Every check of a minutes version, oldest first. */
  verifications(minutesId: number): StoredVerification[] {
    return this.db
      .query<VerificationRow, [number]>(
        "SELECT * FROM minutes_verifications WHERE minutes_id = ? ORDER BY id",
      )
      .all(minutesId)
      .map(toVerification);
  }

  /** False when the point-day was already excused (once only). */
  addExcusal(e: Excusal): boolean {
    return (
      this.db.run(
        `INSERT OR IGNORE INTO point_day_excusals (point_id, day, reason, excused_by, excused_at)
         VALUES (?, ?, ?, ?, ?)`,
        [e.pointId, e.day, e.reason, e.excusedBy, e.excusedAt],
      ).changes === 1
    );
  }

  /** Excused point-days keyed `pointId:day`. */
  excusals(): Map<string, Excusal> {
    const rows = this.db.query<ExcusalRow, []>("SELECT * FROM point_day_excusals").all();
    return new Map(rows.map((r) => [`${r.point_id}:${r.day}`, toExcusal(r)]));
  }

  /** The excusal of one point-day, or null (one primary-key read: the kiosk's idle poll asks it). */
  excusal(pointId: number, day: string): Excusal | null {
    const row = this.db
      .query<ExcusalRow, [number, string]>("SELECT * FROM point_day_excusals WHERE point_id = ? AND day = ?")
      .get(pointId, day);
    return row ? toExcusal(row) : null;
  }

  addCertification(c: StoredCertification): void {
    this.db.run(
      `INSERT INTO certifications (campaign_id, document, digest, member_id, member_code, public_key, signature,
         certified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [c.campaignId, c.document, c.digest, c.memberId, c.memberCode, c.publicKey, c.signature, c.certifiedAt],
    );
  }

  certification(campaignId: number): StoredCertification | null {
    const r = this.db
      .query<
        {
          campaign_id: number;
          document: string;
          digest: string;
          member_id: number;
          member_code: string;
          public_key: string;
          signature: string;
          certified_at: string;
        },
        [number]
      >("SELECT * FROM certifications WHERE campaign_id = ?")
      .get(campaignId);
    return r
      ? {
          campaignId: r.campaign_id,
          document: r.document,
          digest: r.digest,
          memberId: r.member_id,
          memberCode: r.member_code,
          publicKey: r.public_key,
          signature: r.signature,
          certifiedAt: r.certified_at,
        }
      : null;
  }
}

/** Board members' sealed signing keys (migration 0013). */
export class BoardKeyRepo {
  constructor(private readonly db: Database) {}

  /** False when the member already has a key. */
  create(userId: number, publicKey: string, sealedKey: string, at: string): boolean {
    return (
      this.db.run(
        "INSERT OR IGNORE INTO board_keys (user_id, public_key, sealed_key, created_at) VALUES (?, ?, ?, ?)",
        [userId, publicKey, sealedKey, at],
      ).changes === 1
    );
  }

  /** A password change: the same pair sealed under the new password. */
  reseal(userId: number, sealedKey: string): void {
    this.db.run("UPDATE board_keys SET sealed_key = ? WHERE user_id = ?", [sealedKey, userId]);
  }

  get(userId: number): { publicKey: string; sealedKey: string; createdAt: string } | null {
    const r = this.db
      .query<{ public_key: string; sealed_key: string; created_at: string }, [number]>(
        "SELECT public_key, sealed_key, created_at FROM board_keys WHERE user_id = ?",
      )
      .get(userId);
    return r ? { publicKey: r.public_key, sealedKey: r.sealed_key, createdAt: r.created_at } : null;
  }

  /** Every board member's public key, by login name: what a reader of the certified results trusts. */
  list(): { code: string; name: string; publicKey: string }[] {
    return this.db
      .query<{ username: string; display_name: string; public_key: string }, []>(
        `SELECT u.username, u.display_name, k.public_key FROM board_keys k JOIN users u ON u.id = k.user_id
         ORDER BY u.username`,
      )
      .all()
      .map((r) => ({ code: r.username, name: r.display_name, publicKey: r.public_key }));
  }
}
