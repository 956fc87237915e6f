import type { Database } from "bun:sqlite";
import { sha256Hex } from "../crypto/digest.ts";
import type { MinutesSignature, UnsignedMinutes } from "../domain/minutes-document.ts";
import type { Check } from "../domain/tally.ts";

/** One stored version of a point-day's minutes, with the signatures gathered so far. */
export type StoredMinutes = {
  id: number;
  pointId: number;
  day: string;
  version: number;
  /** The unsigned document's canonical JSON: the exact bytes each officer signs. */
  document: string;
  signingDigest: string;
  checks: Check[];
  createdAt: string;
  supersededAt: string | null;
  reopenReason: string | null;
  signatures: (MinutesSignature & { officerId: number; signedAt: string })[];
};

type Row = {
  id: number;
  point_id: number;
  day: string;
  version: number;
  document: string;
  signing_digest: string;
  checks: string;
  created_at: string;
  superseded_at: string | null;
  reopen_reason: string | null;
};

/** Minutes and their signatures; the database refuses any edit or deletion (migration 0012). */
export class MinutesRepo {
  constructor(private readonly db: Database) {}

  insert(m: {
    pointId: number;
    day: string;
    version: number;
    document: string;
    signingDigest: string;
    checks: readonly Check[];
    at: string;
  }): number {
    const row = this.db
      .query<{ id: number }, [number, string, number, string, string, string, string]>(
        `INSERT INTO minutes (point_id, day, version, document, signing_digest, checks, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(m.pointId, m.day, m.version, m.document, m.signingDigest, JSON.stringify(m.checks), m.at);
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return row.id;
  }

  /** The current (not superseded) minutes of a point-day, or null before its close. */
  current(pointId: number, day: string): StoredMinutes | null {
    const row = this.db
      .query<Row, [number, string]>(
        "SELECT * FROM minutes WHERE point_id = ? AND day = ? AND superseded_at IS NULL ORDER BY version DESC LIMIT 1",
      )
      .get(pointId, day);
    return row ? this.withSignatures(row) : null;
  }

  byId(id: number): StoredMinutes | null {
    const row = this.db.query<Row, [number]>("SELECT * FROM minutes WHERE id = ?").get(id);
    return row ? this.withSignatures(row) : null;
  }

  /**
   * The current minutes of every point-day, with their signatures, in two queries whatever their
   * number (the board's results page reads them all).
   */
  allCurrent(): StoredMinutes[] {
    const rows = this.db
      .query<Row, []>("SELECT * FROM minutes WHERE superseded_at IS NULL ORDER BY id")
      .all();
    const signatures = new Map<number, StoredMinutes["signatures"]>();
    for (const s of this.db
      .query<SignatureRow, []>(
        `SELECT s.minutes_id, s.officer_id, s.officer_code, s.public_key, s.signature, s.signed_at
         FROM minutes_signatures s JOIN minutes m ON m.id = s.minutes_id
         WHERE m.superseded_at IS NULL ORDER BY s.minutes_id, s.officer_code`,
      )
      .all()) {
      const list = signatures.get(s.minutes_id) ?? [];
      list.push(toSignature(s));
      signatures.set(s.minutes_id, list);
    }
    return rows.map((r) => toStored(r, signatures.get(r.id) ?? []));
  }

  /** Every version of every day of a point, oldest day and version first (the day chain). */
  ofPoint(pointId: number): StoredMinutes[] {
    return this.db
      .query<Row, [number]>("SELECT * FROM minutes WHERE point_id = ? ORDER BY day, version")
      .all(pointId)
      .map((r) => this.withSignatures(r));
  }

  /** Every version of a point-day's minutes, oldest first. */
  versions(pointId: number, day: string): StoredMinutes[] {
    return this.db
      .query<Row, [number, string]>("SELECT * FROM minutes WHERE point_id = ? AND day = ? ORDER BY version")
      .all(pointId, day)
      .map((r) => this.withSignatures(r));
  }

  /** The latest minutes of a point before `day` (for the day chain), or null on its first day. */
  previous(pointId: number, day: string): StoredMinutes | null {
    const row = this.db
      .query<Row, [number, string]>(
        `SELECT * FROM minutes WHERE point_id = ? AND day < ? AND superseded_at IS NULL
         ORDER BY day DESC, version DESC LIMIT 1`,
      )
      .get(pointId, day);
    return row ? this.withSignatures(row) : null;
  }

  addSignature(s: {
    minutesId: number;
    officerId: number;
    officerCode: string;
    publicKey: string;
    signature: string;
    at: string;
  }): void {
    this.db.run(
      `INSERT INTO minutes_signatures (minutes_id, officer_id, officer_code, public_key, signature, signed_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [s.minutesId, s.officerId, s.officerCode, s.publicKey, s.signature, s.at],
    );
  }

  supersede(id: number, at: string, reason: string): boolean {
    return (
      this.db.run(
        "UPDATE minutes SET superseded_at = ?, reopen_reason = ? WHERE id = ? AND superseded_at IS NULL",
        [at, reason, id],
      ).changes === 1
    );
  }

  private withSignatures(row: Row): StoredMinutes {
    const signatures = this.db
      .query<SignatureRow, [number]>(
        "SELECT minutes_id, officer_id, officer_code, public_key, signature, signed_at FROM minutes_signatures WHERE minutes_id = ? ORDER BY officer_code",
      )
      .all(row.id)
      .map(toSignature);
    return toStored(row, signatures);
  }
}

type SignatureRow = {
  minutes_id: number;
  officer_id: number;
  officer_code: string;
  public_key: string;
  signature: string;
  signed_at: string;
};

const toSignature = (s: SignatureRow): StoredMinutes["signatures"][number] => ({
  officer: s.officer_code,
  publicKey: s.public_key,
  signature: s.signature,
  officerId: s.officer_id,
  signedAt: s.signed_at,
});

const toStored = (row: Row, signatures: StoredMinutes["signatures"]): StoredMinutes => ({
  id: row.id,
  pointId: row.point_id,
  day: row.day,
  version: row.version,
  document: row.document,
  signingDigest: row.signing_digest,
  checks: JSON.parse(row.checks) as Check[],
  createdAt: row.created_at,
  supersededAt: row.superseded_at,
  reopenReason: row.reopen_reason,
  signatures,
});

/**
 * SHA-256 (hex) over the minutes exactly as stored: the unsigned document's text and each
 * signature (officer, public key, signature) in order. Cheap beside `minutesDigest` (no parse, no
 * canonical form): what a stored check is compared with to know it saw these very bytes.
 */
export function storedMinutesHash(m: StoredMinutes): string {
  return sha256Hex(
    JSON.stringify([m.document, m.signatures.map((s) => [s.officer, s.publicKey, s.signature])]),
  );
}

/** The signed document: the stored unsigned minutes with the signatures gathered, in officer order. */
export function signedDocument(m: StoredMinutes): UnsignedMinutes & { signatures: MinutesSignature[] } {
  const unsigned = JSON.parse(m.document) as UnsignedMinutes;
  return {
    ...unsigned,
    signatures: m.signatures.map((s) => ({
      officer: s.officer,
      publicKey: s.publicKey,
      signature: s.signature,
    })),
  };
}
