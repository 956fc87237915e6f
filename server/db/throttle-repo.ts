import type { Database } from "bun:sqlite";
import type { ThrottleState } from "../domain/login-throttle.ts";

type Row = { failures: number; last_failure_at: string; locked_until: string | null };

export class ThrottleRepo {
  constructor(private readonly db: Database) {}

  get(key: string): ThrottleState | null {
    const row = this.db
      .query<Row, [string]>(
        "SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = ?",
      )
      .get(key);
    if (!row) return null;
    return {
      failures: row.failures,
      lastFailureAt: Date.parse(row.last_failure_at),
      lockedUntil: row.locked_until === null ? null : Date.parse(row.locked_until),
    };
  }

  put(key: string, state: ThrottleState): void {
    this.db.run(
      `INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
         last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
      [
        key,
        state.failures,
        new Date(state.lastFailureAt).toISOString(),
        state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString(),
      ],
    );
  }

  clear(key: string): void {
    this.db.run("DELETE FROM login_throttle WHERE key = ?", [key]);
  }
}
