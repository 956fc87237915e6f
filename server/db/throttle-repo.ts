import type { Database } from "bun:sqlite";
import { LOGIN_LIMITS, type LoginAttack, type ThrottleState } from "../domain/login-throttle.ts";

type Row = { failures: number; last_failure_at: string; locked_until: string | null };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The throttle row keys: the login back-offs, and wrong pairing codes per (point, officer). Kiosk
 * registration keeps its own `kiosk-register:<address>`.
 */
export const throttleKeys = {
  pair: (account: string, address: string) => `pair:${account} ${address}`,
  /** A browser known to the account by its device cookie (the cookie's hash). */
  device: (account: string, deviceHash: string) => `device:${account} ${deviceHash}`,
  address: (address: string) => `address:${address}`,
  account: (account: string) => `account:${account}`,
  pairing: (pointId: number, account: string) => `kiosk-pair:${pointId} ${account}`,
  /**
   * Wrong passwords of a logged-in user where the password opens a signing key: signing minutes,
   * certifying, changing the password. One row for the three, so each route does not add its own
   * free guesses at the same password.
   */
  keyPassword: (userId: number) => `key-password:${userId}`,
};

/*
 * Rows outside the cap on anonymous rows: one per existing account; one per (point, officer) for
 * wrong pairing codes; one per user for wrong passwords when signing minutes, certifying, "Tạo khóa
 * ký" or changing the password; one per browser an account knows (device cookie; at most
 * LOGIN_LIMITS.knownPerAccount, `forgetUnknownDevices`); one per (existing account, address) — a
 * new address on an account is refused once the account's own back-off runs (ACCOUNT_POLICY), so
 * those come at a few dozen an hour per account, forgotten after an hour. All bounded by the
 * accounts. A flood of failed logins, or of kiosk registrations, must not push those counts out (and
 * with them the limit on guessing: the (account, address) row is the only back-off at an address
 * the account knows). They are every kind but the two CAPPED_KINDS below.
 */

/**
 * The capped kinds, each a range of the primary key (a count or an eviction reads only its own
 * rows, never the uncapped ones): anonymous per-address back-offs, and kiosk registrations, capped
 * apart because they carry a future arrival time in last_failure_at (GCRA), which would make every
 * login row look older than them.
 */
export const CAPPED_KINDS = [
  "key >= 'address:' AND key < 'address;'",
  "key >= 'kiosk-register:' AND key < 'kiosk-register;'",
] as const;

/** One address's failed logins in the current audit window (server/services/accounts.ts). */
export type FailureTally = {
  /** "" gathers the addresses past the per-window limit. */
  address: string;
  windowStart: number;
  failures: number;
  lockLogged: boolean;
  /** Existing accounts tried from the address in the window (a few). */
  accounts: string[];
};

type TallyRow = {
  address: string;
  window_start: string;
  failures: number;
  lock_logged: number;
  accounts: string;
};

const toTally = (row: TallyRow): FailureTally => ({
  address: row.address,
  windowStart: Date.parse(row.window_start),
  failures: row.failures,
  lockLogged: row.lock_logged === 1,
  accounts: JSON.parse(row.accounts) as string[],
});

/**
 * Back-off state (login_throttle), recently successful (account, address) pairs (login_known) and
 * the failed-login tallies awaiting their audit summary (login_failure_tally). Anonymous clients
 * write here, so every write keeps the tables bounded (issue #9 §2).
 */
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

  /**
   * Writes a key's state, then forgets stale rows and evicts the least recently failed ones beyond
   * LOGIN_LIMITS.maxThrottleRows in each of CAPPED_KINDS (the other kinds are not counted).
   * `account` tags an (account, address) row so the account's failing addresses can be counted.
   * `now`: the time the stale rows are judged at — the failure's time, unless the row carries
   * another (kiosk registration keeps a future arrival time in lastFailureAt, which must not make
   * locks that are still running look over).
   */
  put(
    key: string,
    state: ThrottleState,
    account: string | null = null,
    now: number = state.lastFailureAt,
  ): void {
    this.db.run(
      `INSERT INTO login_throttle (key, failures, last_failure_at, locked_until, account) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
         last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
      [
        key,
        state.failures,
        iso(state.lastFailureAt),
        state.lockedUntil === null ? null : iso(state.lockedUntil),
        account,
      ],
    );
    this.prune(now);
  }

  clear(key: string): void {
    this.db.run("DELETE FROM login_throttle WHERE key = ?", [key]);
  }

  /** Deletes rows whose failures are forgotten and lock is over; then the oldest beyond the cap. */
  prune(now: number, maxRows: number = LOGIN_LIMITS.maxThrottleRows): void {
    this.db.run(
      `DELETE FROM login_throttle WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until <= ?)`,
      [iso(now - LOGIN_LIMITS.forgetAfterMs), iso(now)],
    );
    for (const kind of CAPPED_KINDS) {
      const count =
        this.db.query<{ n: number }, []>(`SELECT count(*) AS n FROM login_throttle WHERE ${kind}`).get()?.n ??
        0;
      if (count <= maxRows) continue;
      // Unlocked rows go first, then the longest quiet.
      this.db.run(
        `DELETE FROM login_throttle WHERE key IN (
           SELECT key FROM login_throttle WHERE ${kind}
           ORDER BY (locked_until IS NOT NULL AND locked_until > ?), last_failure_at LIMIT ?)`,
        [iso(now), count - maxRows],
      );
    }
  }

  /**
   * Distinct addresses with an (account, address) row that failed since `since`. A known browser's
   * failures (device rows, also tagged with the account) are no address of their own.
   */
  failingAddresses(account: string, since: number): number {
    return (
      this.db
        .query<{ n: number }, [string, string]>(
          "SELECT count(*) AS n FROM login_throttle WHERE account = ? AND key LIKE 'pair:%' AND last_failure_at >= ?",
        )
        .get(account, iso(since))?.n ?? 0
    );
  }

  /** When login.attack was last reported for the account (kept on its account row). */
  alertedAt(account: string): number | null {
    const row = this.db
      .query<{ alerted_at: string | null }, [string]>("SELECT alerted_at FROM login_throttle WHERE key = ?")
      .get(throttleKeys.account(account));
    return row?.alerted_at ? Date.parse(row.alerted_at) : null;
  }

  markAlerted(account: string, at: number): void {
    this.db.run("UPDATE login_throttle SET alerted_at = ? WHERE key = ?", [
      iso(at),
      throttleKeys.account(account),
    ]);
  }

  /** Accounts reported under attack since `since`, most recent first. */
  attacks(since: number): LoginAttack[] {
    const rows = this.db
      .query<Row & { key: string }, [string]>(
        `SELECT key, failures, last_failure_at, locked_until FROM login_throttle
         WHERE key LIKE 'account:%' AND alerted_at >= ? ORDER BY last_failure_at DESC`,
      )
      .all(iso(since));
    return rows.map((row) => {
      const account = row.key.slice("account:".length);
      return {
        account,
        failures: row.failures,
        addresses: this.failingAddresses(account, since),
        lastFailureAt: Date.parse(row.last_failure_at),
        lockedUntil: row.locked_until === null ? null : Date.parse(row.locked_until),
      };
    });
  }

  /** Whether the user logged in successfully from the address since `since`. */
  isKnown(userId: number, address: string, since: number): boolean {
    return (
      this.db
        .query<{ one: number }, [number, string, string]>(
          "SELECT 1 AS one FROM login_known WHERE user_id = ? AND address = ? AND last_success_at >= ?",
        )
        .get(userId, address, iso(since)) !== null
    );
  }

  /**
   * Remembers a successful login's address, or its browser (a `device:` entry); keeps only the
   * account's most recent few of each kind, counted apart (LOGIN_LIMITS.knownPerAccount each), so
   * browsers without cookies, each a new device, cannot push the office's address out, nor the
   * reverse.
   */
  remember(userId: number, address: string, at: number): void {
    this.db.run(
      `INSERT INTO login_known (user_id, address, last_success_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
      [userId, address, iso(at)],
    );
    const device = address.startsWith("device:") ? 1 : 0;
    this.db.run(
      `DELETE FROM login_known WHERE user_id = ? AND (last_success_at < ? OR (
         (address LIKE 'device:%') = ? AND address NOT IN (
           SELECT address FROM login_known WHERE user_id = ? AND (address LIKE 'device:%') = ?
           ORDER BY last_success_at DESC LIMIT ?)))`,
      [userId, iso(at - LOGIN_LIMITS.knownForMs), device, userId, device, LOGIN_LIMITS.knownPerAccount],
    );
  }

  /**
   * Deletes the account's device rows (wrong passwords from a known browser) whose browser it no
   * longer knows (forgotten, or pushed out of its most recent few): they could never be read again,
   * and one who has the password could otherwise make new ones without end.
   */
  forgetUnknownDevices(account: string, userId: number): void {
    const prefix = throttleKeys.device(account, "");
    this.db.run(
      `DELETE FROM login_throttle WHERE substr(key, 1, length(?1)) = ?1
         AND substr(key, length(?1) + 1) NOT IN (SELECT address FROM login_known WHERE user_id = ?2)`,
      [prefix, userId],
    );
  }

  /** Forgets one known address or browser of the user (a device cookie replaced by a new one). */
  forget(userId: number, address: string): void {
    this.db.run("DELETE FROM login_known WHERE user_id = ? AND address = ?", [userId, address]);
  }

  /**
   * Forgets every address and browser the user logged in from: after a password change or reset,
   * whoever knew the old password is a stranger again, wherever they log in from.
   */
  forgetAll(userId: number): void {
    this.db.run("DELETE FROM login_known WHERE user_id = ?", [userId]);
  }

  tally(address: string): FailureTally | null {
    const row = this.db
      .query<TallyRow, [string]>("SELECT * FROM login_failure_tally WHERE address = ?")
      .get(address);
    return row ? toTally(row) : null;
  }

  /** Addresses tallied one by one in the current window (the "" row not counted). */
  talliedAddresses(): number {
    return (
      this.db
        .query<{ n: number }, []>("SELECT count(*) AS n FROM login_failure_tally WHERE address <> ''")
        .get()?.n ?? 0
    );
  }

  putTally(tally: FailureTally): void {
    this.db.run(
      `INSERT INTO login_failure_tally (address, window_start, failures, lock_logged, accounts)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET window_start = excluded.window_start,
         failures = excluded.failures, lock_logged = excluded.lock_logged, accounts = excluded.accounts`,
      [
        tally.address,
        iso(tally.windowStart),
        tally.failures,
        tally.lockLogged ? 1 : 0,
        JSON.stringify(tally.accounts),
      ],
    );
  }

  /** Tallies of windows that started before `windowStart` (to be summarised), oldest first. */
  finishedTallies(windowStart: number): FailureTally[] {
    return this.db
      .query<TallyRow, [string]>(
        "SELECT * FROM login_failure_tally WHERE window_start < ? ORDER BY window_start, address",
      )
      .all(iso(windowStart))
      .map(toTally);
  }

  deleteTallies(before: number): void {
    this.db.run("DELETE FROM login_failure_tally WHERE window_start < ?", [iso(before)]);
  }
}
