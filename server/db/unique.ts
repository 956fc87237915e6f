import { SQLiteError } from "bun:sqlite";
import { err, ok, type Result } from "../domain/result.ts";

/** A write refused because another row already holds the same value in a unique field. */
export type Duplicate<F extends string> = { readonly code: "duplicate"; readonly field: F };

/**
 * Runs one write whose only user-chosen unique column is `field` (a code, a username, a CCCD) and
 * reports a UNIQUE conflict as a value. Recognised by SQLite's extended result code
 * (SQLITE_CONSTRAINT_UNIQUE), never by the wording of its message; any other failure is a bug and
 * is thrown. Inside a transaction only the failed statement is undone, so the caller decides.
 */
export function uniqueWrite<T, F extends string>(field: F, write: () => T): Result<T, Duplicate<F>> {
  try {
    return ok(write());
  } catch (e) {
    if (e instanceof SQLiteError && e.code === "SQLITE_CONSTRAINT_UNIQUE")
      return err({ code: "duplicate", field });
    throw e;
  }
}
