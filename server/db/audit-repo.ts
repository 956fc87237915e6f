import type { Database } from "bun:sqlite";
import type { AuditAction } from "../domain/audit.ts";
import {
  type AuditDraft,
  type AuditEntry,
  type ChainCheck,
  GENESIS_HASH,
  hashAuditEntry,
  verifyAuditChain,
} from "../domain/audit-chain.ts";

type Row = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
};

const toEntry = (row: Row): AuditEntry => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  details: JSON.parse(row.details) as Record<string, unknown>,
  prevHash: row.prev_hash,
  hash: row.hash,
});

export class AuditRepo {
  constructor(private readonly db: Database) {}

  /**
   * Appends one entry chained to the current head. Runs inside the caller's transaction when there
   * is one (the state change and its audit entry commit together), else in its own IMMEDIATE one.
   */
  append(draft: AuditDraft): AuditEntry {
    const write = (): AuditEntry => {
      const head = this.db
        .query<{ seq: number; hash: string }, []>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .get();
      const unsigned = {
        seq: (head?.seq ?? 0) + 1,
        at: draft.at,
        actor: draft.actor.normalize("NFC"),
        action: draft.action,
        subject: draft.subject.normalize("NFC"),
        // Hashed exactly as stored: JSON drops undefined members and turns a Date into its string,
        // and the chain is re-checked later from the stored JSON.
        details: JSON.parse(JSON.stringify(draft.details)) as Record<string, unknown>,
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...unsigned, hash: hashAuditEntry(unsigned) };
      this.db.run(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
          entry.seq,
          entry.at,
          entry.actor,
          entry.action,
          entry.subject,
          JSON.stringify(entry.details),
          entry.prevHash,
          entry.hash,
        ],
      );
      return entry;
    };
    if (this.db.inTransaction) return write();
    return this.db.transaction(write).immediate();
  }

  /** Entries in chain order; `after` pages from a sequence number. */
  list(options: { after?: number; limit?: number } = {}): AuditEntry[] {
    return this.db
      .query<Row, [number, number]>("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?")
      .all(options.after ?? 0, options.limit ?? 1_000_000)
      .map(toEntry);
  }

  /** Entries of some actions about one subject (e.g. a point's incidents), in chain order. */
  about(subject: string, actions: readonly AuditAction[]): AuditEntry[] {
    if (actions.length === 0) return [];
    return this.db
      .query<Row, string[]>(
        `SELECT * FROM audit_log WHERE subject = ? AND action IN (${actions.map(() => "?").join(", ")}) ORDER BY seq`,
      )
      .all(subject, ...actions)
      .map(toEntry);
  }

  /** Entries of the given actions only, in chain order (e.g. every key registration). */
  byActions(actions: readonly string[]): AuditEntry[] {
    if (actions.length === 0) return [];
    return this.db
      .query<Row, string[]>(
        `SELECT * FROM audit_log WHERE action IN (${actions.map(() => "?").join(", ")}) ORDER BY seq`,
      )
      .all(...actions)
      .map(toEntry);
  }

  /** Newest first, for the board's audit page. */
  recent(limit: number): AuditEntry[] {
    return this.db
      .query<Row, [number]>("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?")
      .all(limit)
      .map(toEntry);
  }

  /**
   * One page of the board's log, newest first (issue #14): entries up to `upTo` (the head when the
   * first page was shown, so later entries do not shift the pages being read), filtered by action,
   * actor and point — a point's entries are those about its code and those naming its id in their
   * details (a signature is about the officer and names the point). `total` counts every match.
   */
  page(
    filter: { action?: string; actor?: string; point?: { id: number; code: string } },
    options: { upTo: number; offset: number; limit: number },
  ): { entries: AuditEntry[]; total: number } {
    const where = ["seq <= ?"];
    const params: (string | number)[] = [options.upTo];
    if (filter.action) {
      where.push("action = ?");
      params.push(filter.action);
    }
    if (filter.actor) {
      where.push("actor = ?");
      params.push(filter.actor);
    }
    if (filter.point) {
      where.push("(subject = ? COLLATE NOCASE OR json_extract(details, '$.point') = ?)");
      params.push(filter.point.code, filter.point.id);
    }
    const clause = where.join(" AND ");
    const total =
      this.db
        .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM audit_log WHERE ${clause}`)
        .get(...params)?.n ?? 0;
    const entries = this.db
      .query<Row, (string | number)[]>(
        `SELECT * FROM audit_log WHERE ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, options.limit, options.offset)
      .map(toEntry);
    return { entries, total };
  }

  /** The newest entry's number (0 for an empty log). */
  head(): number {
    return this.db.query<{ seq: number }, []>("SELECT max(seq) AS seq FROM audit_log").get()?.seq ?? 0;
  }

  /** Every actor and every action the log holds, for the board's filters. */
  facets(): { actors: string[]; actions: string[] } {
    const actors = this.db
      .query<{ actor: string }, []>("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
      .all()
      .map((r) => r.actor);
    const actions = this.db
      .query<{ action: string }, []>("SELECT DISTINCT action FROM audit_log ORDER BY action")
      .all()
      .map((r) => r.action);
    return { actors, actions };
  }

  /** Streams the whole chain through the verifier without holding it all in memory. */
  verify(): ChainCheck {
    const stmt = this.db.query<Row, []>("SELECT * FROM audit_log ORDER BY seq");
    const entries = (function* () {
      for (const row of stmt.iterate()) yield toEntry(row);
    })();
    return verifyAuditChain(entries);
  }
}
