/**
 * One call for the roster upload route: read the file, map its columns against the campaign, check
 * the rows in batches. Between batches it reports progress ("đã kiểm tra N/M dòng") and gives the
 * event loop a turn, so a 50,000-row list neither freezes the server nor leaves the officer staring
 * at a still screen.
 */
import type { LegacyEncoding } from "../domain/legacy-encoding.ts";
import { type DomainError, ok, type Result } from "../domain/result.ts";
import {
  createRosterValidator,
  mapColumns,
  type RawRow,
  ROSTER_FIELDS,
  type RosterColumns,
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

/** A row whose text was typed in an old font encoding and converted: shown to the board row by row. */
export type LegacyConversion = { row: number; encoding: LegacyEncoding; before: string; after: string };

/** A file read and checked: its entries, the sheet they came from (workbooks), and the conversions. */
export type RosterImport = {
  entries: RosterEntry[];
  sheet: string | null;
  conversions: LegacyConversion[];
};

/** What was converted in the columns the roster uses, as "before" → "after" (cells joined by " | "). */
function conversionsOf(rows: readonly RawRow[], columns: RosterColumns): LegacyConversion[] {
  const used = ROSTER_FIELDS.map((f) => columns[f]?.index).filter((i): i is number => i !== undefined);
  const out: LegacyConversion[] = [];
  for (const row of rows) {
    const legacy = row.legacy;
    if (!legacy) continue;
    const cells = used.filter((i) => legacy.columns.includes(i));
    if (cells.length === 0) continue;
    out.push({
      row: row.row,
      encoding: legacy.encoding,
      before: cells.map((i) => legacy.before[i] ?? "").join(" | "),
      after: cells.map((i) => row.cells[i] ?? "").join(" | "),
    });
  }
  return out;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The entries of a valid file, with the sheet read and the rows converted from an old font encoding;
 * otherwise either one file-level `DomainError` (wrong type, no header, missing column, several
 * sheets…) or every bad row (`RosterRowError[]`). Nothing is imported here: storing the entries is the
 * caller's, and only after an `ok`.
 */
export async function importRosterFile(
  bytes: Uint8Array,
  fileName: string,
  context: RosterContext,
  { batchSize = ROSTER_IMPORT_BATCH, onProgress }: RosterImportOptions = {},
): Promise<Result<RosterImport, RosterRowError[] | DomainError>> {
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
  const checked = validator.finish();
  if (!checked.ok) return checked;
  return ok({
    entries: checked.value,
    sheet: table.value.sheet ?? null,
    conversions: conversionsOf(rows, columns.value),
  });
}
