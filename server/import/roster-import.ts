/**
 * One call for the roster upload route: read the file, map its columns against the campaign, check
 * the rows in batches. Between batches it reports progress ("đã kiểm tra N/M dòng") and gives the
 * event loop a turn, so a 50,000-row list neither freezes the server nor leaves the officer staring
 * at a still screen.
 */
import type { DomainError, Result } from "../domain/result.ts";
import {
  createRosterValidator,
  mapColumns,
  type RosterContext,
  type RosterEntry,
  type RosterRowError,
} from "../domain/roster.ts";
import { readRosterFile } from "./roster-file.ts";

export type RosterImportProgress = { checked: number; total: number; badRows: number };

export type RosterImportOptions = {
  /** Rows checked between two progress reports. */
  batchSize?: number;
  onProgress?: (progress: RosterImportProgress) => void | Promise<void>;
};

export const ROSTER_IMPORT_BATCH = 1000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The entries of a valid file; otherwise either one file-level `DomainError` (wrong type, no header,
 * missing column…) or every bad row (`RosterRowError[]`). Nothing is imported here: storing the
 * entries is the caller's, and only after an `ok`.
 */
export async function importRosterFile(
  bytes: Uint8Array,
  fileName: string,
  context: RosterContext,
  { batchSize = ROSTER_IMPORT_BATCH, onProgress }: RosterImportOptions = {},
): Promise<Result<RosterEntry[], RosterRowError[] | DomainError>> {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`);
  const table = await readRosterFile(bytes, fileName);
  if (!table.ok) return table;
  const columns = mapColumns(table.value.headers, context.onePer);
  if (!columns.ok) return columns;

  const rows = table.value.rows;
  const validator = createRosterValidator(columns.value, context);
  for (let start = 0; start < rows.length; start += batchSize) {
    for (const row of rows.slice(start, start + batchSize)) validator.push(row);
    await onProgress?.({ checked: validator.checked, total: rows.length, badRows: validator.badRows });
    await nextTurn();
  }
  return validator.finish();
}
