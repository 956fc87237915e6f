import { type Database, SQLiteError } from "bun:sqlite";
import { err, ok, type Result } from "../domain/result.ts";
import type { NewRosterEntry, RosterCommitmentRecord, StoredRosterEntry } from "../domain/roster.ts";
import { codeKey, searchTerms } from "../domain/roster-search.ts";
import type { RosterCommitmentEntry, RosterSettingFields } from "../domain/setup.ts";
import { foldVietnamese } from "../domain/text.ts";
import { householdKey } from "../domain/voting.ts";

type Row = {
  id: number;
  point_id: number;
  source_row: number | null;
  full_name: string;
  birth_year: number;
  /** "YYYY-MM-DD" when the imported list gave the whole date of birth (migration 0008). */
  birth_date: string | null;
  gender: string | null;
  cccd: string | null;
  household_code: string | null;
  relation: string | null;
  village: string | null;
  amended: number;
};

const toEntry = (r: Row): StoredRosterEntry => ({
  id: r.id,
  pointId: r.point_id,
  sourceRow: r.source_row,
  fullName: r.full_name,
  birthYear: r.birth_year,
  birthDate: r.birth_date,
  gender: r.gender,
  cccd: r.cccd,
  householdCode: r.household_code,
  relation: r.relation,
  village: r.village,
  amended: r.amended === 1,
});

/** A household code as the search compares it (`codeKey`: "ĐT-012" → "dt012"); null stays null. */
const foldedCode = (code: string | null): string | null => (code === null ? null : codeKey(code));

/** A resident may be on only one list of the campaign: this CCCD is already on one. */
export type DuplicateCccd = { readonly code: "duplicate"; readonly field: "cccd" };

/**
 * Runs a write of roster entries; the one UNIQUE index on roster_entries is (campaign_id, cccd), so a
 * unique-constraint refusal is a duplicate CCCD. Only that statement is undone: the caller's
 * transaction decides about the rest (a failed Result rolls it back).
 */
function uniqueCccd<T>(write: () => T): Result<T, DuplicateCccd> {
  try {
    return ok(write());
  } catch (e) {
    if (e instanceof SQLiteError && e.code === "SQLITE_CONSTRAINT_UNIQUE") {
      return err({ code: "duplicate", field: "cccd" });
    }
    throw e;
  }
}

export class RosterRepo {
  constructor(private readonly db: Database) {}

  /**
   * Replaces a point's whole roster (import while the campaign is a draft); run in a transaction, and
   * roll it back on a duplicate: the old list is already deleted by then.
   */
  replace(campaignId: number, pointId: number, entries: NewRosterEntry[]): Result<number, DuplicateCccd> {
    this.changed(pointId);
    this.db.run("DELETE FROM roster_entries WHERE point_id = ?", [pointId]);
    for (const e of entries) {
      const added = uniqueCccd(() => this.insert(campaignId, pointId, e, false));
      if (!added.ok) return added;
    }
    return ok(entries.length);
  }

  /** The new entry's id. */
  add(
    campaignId: number,
    pointId: number,
    e: NewRosterEntry,
    amended: boolean,
  ): Result<number, DuplicateCccd> {
    this.changed(pointId);
    return uniqueCccd(() => this.insert(campaignId, pointId, e, amended));
  }

  /**
   * Gives the point's list a new revision (see revisions), once per change however many rows it
   * writes. Every method that writes roster_entries calls it, inside the same transaction as its
   * write, so a rolled-back change leaves the revision as it was.
   */
  private changed(pointId: number): void {
    // Random (53 bits, exact in JavaScript), never a counter: a point deleted and made again under
    // the same code (SQLite may give it the same id), or two points that swap codes, would bring a
    // counter's earlier values back with other lists, and the stamp would take the page's token for
    // lists its reader never saw. Two random revisions agree by chance once in 2^53.
    this.db.run("UPDATE points SET roster_revision = random() >> 11 WHERE id = ?", [pointId]);
  }

  private insert(campaignId: number, pointId: number, e: NewRosterEntry, amended: boolean): number {
    // query() caches the prepared statement: a 10,000-row import prepares it once.
    const row = this.db
      .query<{ id: number }, (string | number | null)[]>(
        `INSERT INTO roster_entries (campaign_id, point_id, source_row, full_name, name_folded, birth_year, birth_date,
           gender, cccd, household_code, household_folded, relation, village, amended)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        campaignId,
        pointId,
        e.sourceRow,
        e.fullName,
        foldVietnamese(e.fullName),
        e.birthYear,
        e.birthDate,
        e.gender,
        e.cccd,
        e.householdCode,
        foldedCode(e.householdCode),
        e.relation,
        e.village,
        amended ? 1 : 0,
      );
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return row.id;
  }

  correct(id: number, e: RosterCommitmentEntry): Result<true, DuplicateCccd> {
    const entry = this.db
      .query<{ point_id: number }, [number]>("SELECT point_id FROM roster_entries WHERE id = ?")
      .get(id);
    if (entry) this.changed(entry.point_id);
    return uniqueCccd(() => this.update(id, e));
  }

  private update(id: number, e: RosterCommitmentEntry): true {
    this.db.run(
      `UPDATE roster_entries SET full_name = ?, name_folded = ?, birth_year = ?, birth_date = ?, gender = ?, cccd = ?,
         household_code = ?, household_folded = ?, relation = ? WHERE id = ?`,
      [
        e.fullName,
        foldVietnamese(e.fullName),
        e.birthYear,
        e.birthDate,
        e.gender,
        e.cccd,
        e.householdCode,
        foldedCode(e.householdCode),
        e.relation,
        id,
      ],
    );
    return true;
  }

  entry(id: number): StoredRosterEntry | null {
    const row = this.db.query<Row, [number]>("SELECT * FROM roster_entries WHERE id = ?").get(id);
    return row ? toEntry(row) : null;
  }

  list(pointId: number, limit = 1_000_000, offset = 0): StoredRosterEntry[] {
    return this.db
      .query<Row, [number, number, number]>(
        "SELECT * FROM roster_entries WHERE point_id = ? ORDER BY coalesce(source_row, 1e9), id LIMIT ? OFFSET ?",
      )
      .all(pointId, limit, offset)
      .map(toEntry);
  }

  /**
   * Only what the settings check of the stamp needs (rosterSettingProblems), in no order: the stamp
   * page reads it for every list on every load, and the whole rows in their order cost about four
   * times as much.
   */
  settingFields(pointId: number): RosterSettingFields[] {
    return this.db
      .query<RosterSettingFields, [number]>(
        `SELECT birth_year AS birthYear, birth_date AS birthDate, household_code AS householdCode
         FROM roster_entries WHERE point_id = ?`,
      )
      .all(pointId);
  }

  count(pointId: number): number {
    return (
      this.db
        .query<{ n: number }, [number]>("SELECT count(*) AS n FROM roster_entries WHERE point_id = ?")
        .get(pointId)?.n ?? 0
    );
  }

  /** Entries per point for a campaign, for the set-up overview. */
  sizes(campaignId: number): Map<number, number> {
    const rows = this.db
      .query<{ point_id: number; n: number }, [number]>(
        "SELECT point_id, count(*) AS n FROM roster_entries WHERE campaign_id = ? GROUP BY point_id",
      )
      .all(campaignId);
    return new Map(rows.map((r) => [r.point_id, r.n]));
  }

  /**
   * Each point's list revision for a campaign (point id → number, migration 0020): a fresh random
   * 53-bit number from every method of this repo that writes the point's list, once per call, in
   * the same transaction. Equal revisions mean an unchanged list; the number says nothing else.
   */
  revisions(campaignId: number): Map<number, number> {
    const rows = this.db
      .query<{ id: number; roster_revision: number }, [number]>(
        "SELECT id, roster_revision FROM points WHERE campaign_id = ?",
      )
      .all(campaignId);
    return new Map(rows.map((r) => [r.id, r.roster_revision]));
  }

  /**
   * Whether this CCCD is already on another point's list of the campaign (a resident may be on only
   * one): one look in the campaign's unique CCCD index. Asked row by row during an import rather
   * than reading every other point's CCCDs into memory first, which at a district's 420,000 entries
   * held ≈ 30 MB per import in flight (1.9 GB for 64 imports at once in the simulator) and took a
   * full scan before each import and each amendment.
   */
  cccdTakenOutside(campaignId: number, pointId: number, cccd: string): boolean {
    return (
      this.db
        .query<{ one: number }, [number, string, number]>(
          "SELECT 1 AS one FROM roster_entries WHERE campaign_id = ? AND cccd = ? AND point_id != ?",
        )
        .get(campaignId, cccd, pointId) !== null
    );
  }

  /**
   * The point whose list holds this scanned card's CCCD **and name** in the point's campaign, other
   * than `pointId` itself: the officer who scanned a card and found nobody here can send the
   * resident there (a person is on one point's list only, DESIGN §4). Both must match (names
   * compared folded): a number alone would let anyone at a console map numbers to villages by
   * trying them, while the card in hand names its holder. The campaign's CCCD index; null when no
   * other list has that person, or the card gives no name.
   */
  pointOfCardElsewhere(
    pointId: number,
    card: { cccd: string; name: string },
  ): { code: string; name: string } | null {
    const name = foldVietnamese(card.name);
    if (name === "") return null;
    return (
      this.db
        .query<{ code: string; name: string }, [number, string, number, string]>(
          `SELECT p.code, p.name FROM roster_entries e JOIN points p ON p.id = e.point_id
           WHERE e.campaign_id = (SELECT campaign_id FROM points WHERE id = ?) AND e.cccd = ? AND e.point_id != ?
             AND e.name_folded = ?`,
        )
        .get(pointId, card.cccd, pointId, name) ?? null
    );
  }

  addCommitment(pointId: number, c: RosterCommitmentRecord): void {
    this.db.run(
      `INSERT INTO roster_commitments (point_id, version, digest, entries, households, reason, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [pointId, c.version, c.digest, c.entries, c.households, c.reason, c.createdAt, c.createdBy],
    );
  }

  commitments(pointId: number): RosterCommitmentRecord[] {
    return this.db
      .query<
        {
          version: number;
          digest: string;
          entries: number;
          households: number | null;
          reason: string;
          created_at: string;
          created_by: string;
        },
        [number]
      >("SELECT * FROM roster_commitments WHERE point_id = ? ORDER BY version")
      .all(pointId)
      .map((r) => ({
        version: r.version,
        digest: r.digest,
        entries: r.entries,
        households: r.households,
        reason: r.reason,
        createdAt: r.created_at,
        createdBy: r.created_by,
      }));
  }

  /** The latest roster version of every point of a campaign that has one (stamped lists), in one query. */
  latestCommitments(campaignId: number): Map<number, { entries: number; households: number | null }> {
    const rows = this.db
      .query<{ point_id: number; entries: number; households: number | null }, [number]>(
        `SELECT c.point_id, c.entries, c.households FROM roster_commitments c
         JOIN points p ON p.id = c.point_id AND p.campaign_id = ?
         WHERE c.version = (SELECT max(version) FROM roster_commitments l WHERE l.point_id = c.point_id)`,
      )
      .all(campaignId);
    return new Map(rows.map((r) => [r.point_id, { entries: r.entries, households: r.households }]));
  }

  addAmendment(a: {
    pointId: number;
    kind: "add" | "correct";
    entryId: number;
    before: RosterCommitmentEntry | null;
    after: RosterCommitmentEntry;
    reason: string;
    createdAt: string;
    createdBy: string;
  }): void {
    this.db.run(
      `INSERT INTO roster_amendments (point_id, kind, entry_id, before, after, reason, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        a.pointId,
        a.kind,
        a.entryId,
        a.before ? JSON.stringify(a.before) : null,
        JSON.stringify(a.after),
        a.reason,
        a.createdAt,
        a.createdBy,
      ],
    );
  }

  /**
   * The officer's roster search at check-in (issue #14): every term of the query must match a field
   * of the entry (name word, birth year, CCCD digits, household code; `searchTerms` says how), folded
   * against folded. At most `limit` entries, in name order, except that entries whose CCCD ends with
   * typed digits (or born in the year typed) come first; each says whether that person (or, per
   * household, their household) already received a ballot. Household codes are compared in their
   * folded form (`household_folded`, written with the code by `codeKey`) rather than through SQL's
   * lower(), which is ASCII only. The comparisons read the search index alone: this runs on every
   * keystroke of every officer of the district.
   */
  search(pointId: number, query: string, limit = 20): (StoredRosterEntry & { issued: boolean })[] {
    const terms = searchTerms(query);
    if (terms.length === 0) return [];
    const clauses: string[] = [];
    const params: (string | number)[] = [pointId];
    for (const term of terms) {
      // A whole CCCD names one person: read through the campaign's CCCD index, not the point's list.
      if (term.wholeCccd !== null) {
        clauses.push("e.campaign_id = (SELECT campaign_id FROM points WHERE id = ?) AND e.cccd = ?");
        params.push(pointId, term.wholeCccd);
        continue;
      }
      // Name words from their start, matched as plain text (instr): "%" or "_" typed match themselves.
      const any = ["instr(' ' || e.name_folded, ?) > 0"];
      params.push(` ${term.word}`);
      if (term.year !== null) {
        any.push("e.birth_year = ?");
        params.push(term.year);
      }
      if (term.yearSuffix !== null) {
        any.push("e.birth_year % 100 = ?");
        params.push(term.yearSuffix);
      }
      if (term.cccdDigits !== null) {
        any.push("instr(e.cccd, ?) > 0");
        params.push(term.cccdDigits);
      }
      // householdKeyMatches, in SQL: one character alone must be the whole code, more are contained.
      if (term.code.length === 1) {
        any.push("e.household_folded = ?");
        params.push(term.code);
      } else if (term.code.length > 1) {
        any.push("instr(e.household_folded, ?) > 0");
        params.push(term.code);
      }
      clauses.push(`(${any.join(" OR ")})`);
    }
    // Digits typed whole come first: a CCCD that ends with them (officers type the last four, and
    // "4605" is also inside every CCCD of a man of province 046 born in 195x, a list where the person
    // at the table was tenth), and, ranked the same, the birth year they name ("1960": born in 1960
    // is as likely meant as a CCCD ending in 1960). Then name order.
    const whole: string[] = [];
    for (const term of terms) {
      if (term.cccdDigits === null) continue;
      whole.push("substr(e.cccd, ?) = ?");
      params.push(-term.cccdDigits.length, term.cccdDigits);
      if (term.year !== null) {
        whole.push("e.birth_year = ?");
        params.push(term.year);
      }
    }
    const wholeFirst = whole.length === 0 ? "" : `coalesce(${whole.join(" OR ")}, 0) DESC, `;
    params.push(limit);
    const rows = this.db
      .query<Row & { issued: number }, (string | number)[]>(
        `SELECT e.*, (c.roster_entry_id IS NOT NULL) AS issued
         FROM roster_entries e LEFT JOIN check_ins c ON c.roster_entry_id = e.id
         WHERE e.point_id = ? AND ${clauses.join(" AND ")}
         ORDER BY ${wholeFirst}e.name_folded, e.birth_year, e.id LIMIT ?`,
      )
      .all(...params);
    // Per household, the household's mark counts too; keys are normalised the way issuing does.
    const keys = rows
      .map((r) => householdKey(r.point_id, r.household_code))
      .filter((k): k is string => k !== null);
    const issuedHouseholds = new Set(
      keys.length === 0
        ? []
        : this.db
            .query<{ household_key: string }, string[]>(
              `SELECT household_key FROM check_ins WHERE household_key IN (${keys.map(() => "?").join(", ")})`,
            )
            .all(...keys)
            .map((r) => r.household_key),
    );
    return rows.map((r) => {
      const key = householdKey(r.point_id, r.household_code);
      return { ...toEntry(r), issued: r.issued === 1 || (key !== null && issuedHouseholds.has(key)) };
    });
  }
}
