import type { Database } from "bun:sqlite";

export type SessionRow = {
  tokenHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

type Row = {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
};

export class SessionRepo {
  constructor(private readonly db: Database) {}

  create(session: SessionRow): void {
    this.db.run(
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      [session.tokenHash, session.userId, session.createdAt, session.lastSeenAt, session.expiresAt],
    );
  }

  /**
   * Keeps the user's login `newest` and their `keep - 1` most recently created others; deletes the
   * rest (logins created in the same millisecond are told apart arbitrarily, never `newest`).
   */
  keepNewest(userId: number, newest: string, keep: number): void {
    this.db.run(
      `DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2 AND token_hash NOT IN (
         SELECT token_hash FROM sessions WHERE user_id = ?1 AND token_hash <> ?2
         ORDER BY created_at DESC, token_hash LIMIT ?3)`,
      [userId, newest, keep - 1],
    );
  }

  get(tokenHash: string): SessionRow | null {
    const row = this.db.query<Row, [string]>("SELECT * FROM sessions WHERE token_hash = ?").get(tokenHash);
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      userId: row.user_id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    };
  }

  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): void {
    this.db.run("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?", [
      lastSeenAt,
      expiresAt,
      tokenHash,
    ]);
  }

  delete(tokenHash: string): void {
    this.db.run("DELETE FROM sessions WHERE token_hash = ?", [tokenHash]);
  }

  deleteForUser(userId: number): void {
    this.db.run("DELETE FROM sessions WHERE user_id = ?", [userId]);
  }

  deleteExpired(now: string): number {
    return this.db.run("DELETE FROM sessions WHERE expires_at <= ?", [now]).changes;
  }
}
