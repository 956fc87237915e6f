/**
 * A bounded, exact reader of .xlsx workbooks for roster import (issue #14 "Memory and stalls").
 *
 * Why not exceljs: its full reader builds every cell of the used range in memory — a workbook of
 * three residents whose borders reach row 300,000 took 1.66 GB and froze the server for 6 s — and its
 * streaming reader, tried here, loses data (merged cells, all but the last run of inline rich text,
 * shared formulas' results, hidden sheets behind absolute relationship targets). This reader
 * inflates each part of the ZIP package as a stream (server/import/zip-directory.ts) and parses the
 * XML with `saxes` as it arrives, keeping only cells that hold a value: formatted empty rows cost
 * time, never memory. Every value comes from what Excel saved: shared strings (every rich-text run,
 * phonetic guides left out), inline strings, the cached result of every formula (shared or not),
 * numbers with their date formats (1900 and 1904 systems), booleans and errors. A formula without a
 * cached result is reported as such. Between chunks it gives the event loop a turn, so the server
 * keeps answering while a large file is read.
 *
 * Memory is bounded by the caps below and by the rows that hold data (the caller stops a read past
 * the roster's row limit), not by the sheet's formatted extent.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { inflateEntry, type ZipEntry, ZipEntryError } from "./zip-directory.ts";

/** A read stops, and the file is refused, when a package part inflates beyond this. */
export const XLSX_PART_MAX_BYTES = 200 * 1024 * 1024;
/** Workbook, relationships and styles are small; a bigger one is not a roster workbook. */
const SMALL_PART_MAX_BYTES = 16 * 1024 * 1024;
/** Columns past this are ignored: a roster has a dozen, and each kept cell costs memory. */
export const XLSX_MAX_COLUMNS = 100;

export class XlsxError extends Error {
  constructor(
    readonly reason: "corrupt" | "too_large" | "no_sheets",
    detail: string,
  ) {
    super(`xlsx ${reason}: ${detail}`);
  }
}

export type SheetState = "visible" | "hidden" | "veryHidden";
export type SheetInfo = { name: string; state: SheetState; entry: ZipEntry | null };

export type WorkbookInfo = {
  sheets: SheetInfo[];
  /** Index into `sheets` of the sheet the workbook opens on (workbook.xml `activeTab`, default 0). */
  activeTab: number;
  date1904: boolean;
  sharedStrings: ZipEntry | null;
  /** Style indexes (the `s` of a cell) whose number format is a date. */
  dateStyles: ReadonlySet<number>;
};

/** A cell range, 1-based rows, 0-based columns, inclusive. */
export type CellRange = { top: number; left: number; bottom: number; right: number };

/**
 * A cell as read: text, or a shared-string index to resolve once the sheet is read (the strings
 * table is read after the sheet, keeping only the strings the kept cells use).
 */
type RawCell = string | { sst: number };

export type SheetRow = {
  /** 1-based, as Excel shows it. */
  row: number;
  cells: RawCell[];
  /** 0-based columns whose cell is a number (not text), for the CCCD's lost leading zeros. */
  numeric: number[];
  /** 0-based columns whose cell is a formula that has no saved result. */
  formulaWithoutResult: number[];
  /** Hidden in Excel (`hidden="1"`): by a filter, a collapsed group or "Ẩn" (Hide). */
  hidden: boolean;
};

export type SheetContent = {
  rows: { row: number; cells: string[]; numericCells: number[]; formulaCells: number[]; hidden: boolean }[];
  merges: CellRange[];
  /** True when the read stopped at `maxRows` rows with data: the sheet has more. */
  truncated: boolean;
};

// ---------------------------------------------------------------------------------------------
// Streaming XML over a ZIP entry
// ---------------------------------------------------------------------------------------------

/** How long the reader may keep the event loop before giving other requests a turn, in ms. */
const SLICE_MS = 4;

const localName = (name: string): string => {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
};

/**
 * An attribute's value. Plain attributes are looked up as they are ("r", "t", "s": SpreadsheetML
 * never prefixes them); `prefixed` looks for a namespaced one by its local name ("r:id", whatever the
 * prefix is called in the file).
 */
function attr(tag: SaxesTagPlain, name: string, prefixed = false): string | undefined {
  const attributes = tag.attributes as Record<string, string>;
  if (!prefixed) return attributes[name];
  for (const key in attributes) {
    const colon = key.indexOf(":");
    if (colon >= 0 && key.slice(colon + 1) === name) return attributes[key];
  }
  return undefined;
}

type XmlHandlers = {
  open?: (name: string, tag: SaxesTagPlain) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
  /** Rewrites each piece of text before it is parsed; the piece always ends at a tag's end. */
  filter?: (text: string) => string;
};

/**
 * Empty cells that only carry formatting (`<c r="B9" s="1"/>`) and rows left empty by that
 * (`<row r="9" spans="1:7"></row>`): a sheet formatted down to row 300,000 is almost all of them.
 * Dropping them before the XML parser is exact — such an element has no value, no formula and no
 * inline text — provided it names its position (`r`), so that no later cell's or row's position,
 * which may be implied by order, shifts. It makes reading such a sheet several times faster.
 */
const EMPTY_CELL = /<(?:[A-Za-z_][\w.-]*:)?c\s[^<>]*?\br="[A-Za-z]{1,3}\d+"[^<>]*\/>/g;
const EMPTY_ROW =
  /<(?:[A-Za-z_][\w.-]*:)?row\s[^<>]*?\br="\d+"[^<>]*?(?:\/>|>\s*<\/(?:[A-Za-z_][\w.-]*:)?row>)/g;
export const dropEmptyCells = (xml: string): string => xml.replace(EMPTY_CELL, "").replace(EMPTY_ROW, "");

/** Thrown by a handler to end a read early (a sheet's preview has what it needs). */
class StopReading extends Error {}

/**
 * Streams one ZIP entry through the XML parser. Returns false when a handler stopped it early.
 * Damaged XML or deflate data is `XlsxError("corrupt")`; a part inflating past `maxBytes` is
 * `XlsxError("too_large")`.
 */
async function streamXml(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  handlers: XmlHandlers,
): Promise<boolean> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on("opentag", (tag) => handlers.open?.(localName(tag.name), tag as SaxesTagPlain));
  if (handlers.close) {
    const close = handlers.close;
    parser.on("closetag", (tag) => close(localName(tag.name)));
  }
  if (handlers.text) {
    const text = handlers.text;
    parser.on("text", text);
    parser.on("cdata", text);
  }
  const decoder = new TextDecoder("utf-8");
  let slice = performance.now();
  const chunks = inflateEntry(bytes, entry, maxBytes);
  const filter = handlers.filter;
  // With a filter, text after the last complete tag waits for the next chunk, so that the filter
  // never sees half an element.
  let carry = "";
  const feed = (text: string, last: boolean) => {
    if (!filter) {
      parser.write(text);
      return;
    }
    const all = carry + text;
    const cut = last ? all.length : all.lastIndexOf(">") + 1;
    carry = all.slice(cut);
    parser.write(filter(all.slice(0, cut)));
  };
  try {
    for await (const chunk of chunks) {
      feed(decoder.decode(chunk, { stream: true }), false);
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        slice = performance.now();
      }
    }
    feed(decoder.decode(), true);
    parser.close();
    return true;
  } catch (error) {
    if (error instanceof StopReading) {
      await chunks.return(undefined);
      return false;
    }
    if (error instanceof ZipEntryError) throw new XlsxError(error.reason, entry.name);
    throw new XlsxError(
      "corrupt",
      `${entry.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Package: workbook, relationships, styles
// ---------------------------------------------------------------------------------------------

type Relationship = { id: string; type: string; target: string };

async function readRelationships(bytes: Uint8Array, entry: ZipEntry): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await streamXml(bytes, entry, SMALL_PART_MAX_BYTES, {
    open(name, tag) {
      if (name !== "Relationship") return;
      if (attr(tag, "TargetMode") === "External") return;
      rels.push({
        id: attr(tag, "Id") ?? "",
        type: attr(tag, "Type") ?? "",
        target: attr(tag, "Target") ?? "",
      });
    },
  });
  return rels;
}

/** A relationship's target as a package path: absolute ("/xl/worksheets/sheet1.xml") or relative. */
function resolveTarget(base: string, target: string): string {
  const decoded = decodeURIComponent(target.replace(/\\/g, "/"));
  if (decoded.startsWith("/")) return decoded.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const part of decoded.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

const relsPathOf = (part: string): string => {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** Number formats Excel shows as dates without declaring them (ECMA-376 §18.8.30). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format code is a date when, outside quoted text, escapes and [brackets], it has d, m or y. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "")
    .split(";")[0]
    ?.toLowerCase();
  return bare !== undefined && /[dmy]/.test(bare) && !/^general$/.test(bare.trim());
}

async function readDateStyles(bytes: Uint8Array, entry: ZipEntry | null): Promise<Set<number>> {
  const styles = new Set<number>();
  if (entry === null) return styles;
  const customDates = new Set<number>();
  let inCellXfs = false;
  let xfIndex = 0;
  await streamXml(bytes, entry, SMALL_PART_MAX_BYTES, {
    open(name, tag) {
      if (name === "numFmt") {
        const id = Number(attr(tag, "numFmtId"));
        if (isDateFormatCode(attr(tag, "formatCode") ?? "")) customDates.add(id);
      } else if (name === "cellXfs") {
        inCellXfs = true;
      } else if (name === "xf" && inCellXfs) {
        const id = Number(attr(tag, "numFmtId") ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(id) || customDates.has(id)) styles.add(xfIndex);
        xfIndex += 1;
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return styles;
}

/**
 * The workbook's sheets (name, visibility, part), the sheet it opens on, its date system, and where
 * its shared strings and date styles are. Only small parts are read here.
 */
export async function readWorkbookInfo(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
): Promise<WorkbookInfo> {
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const find = (path: string) => byName.get(path.toLowerCase()) ?? null;

  let workbookPath = "xl/workbook.xml";
  const packageRels = find("_rels/.rels");
  if (packageRels) {
    const office = (await readRelationships(bytes, packageRels)).find((r) =>
      r.type.endsWith("/officeDocument"),
    );
    if (office) workbookPath = resolveTarget("", office.target);
  }
  const workbook = find(workbookPath);
  if (!workbook) throw new XlsxError("corrupt", "no workbook part");

  const sheetRefs: { name: string; state: SheetState; id: string }[] = [];
  let activeTab = 0;
  let date1904 = false;
  await streamXml(bytes, workbook, SMALL_PART_MAX_BYTES, {
    open(name, tag) {
      if (name === "sheet") {
        const state = attr(tag, "state");
        sheetRefs.push({
          name: (attr(tag, "name") ?? "").normalize("NFC"),
          state: state === "hidden" || state === "veryHidden" ? state : "visible",
          id: attr(tag, "id", true) ?? "",
        });
      } else if (name === "workbookView" && activeTab === 0) {
        const tab = Number(attr(tag, "activeTab") ?? 0);
        if (Number.isInteger(tab) && tab >= 0) activeTab = tab;
      } else if (name === "workbookPr") {
        const value = attr(tag, "date1904");
        date1904 = value === "1" || value === "true";
      }
    },
  });
  if (sheetRefs.length === 0) throw new XlsxError("no_sheets", workbookPath);

  const relsEntry = find(relsPathOf(workbookPath));
  const rels = relsEntry ? await readRelationships(bytes, relsEntry) : [];
  const target = (rel: Relationship | undefined) =>
    rel ? find(resolveTarget(workbookPath, rel.target)) : null;
  const sheets = sheetRefs.map((s) => ({
    name: s.name,
    state: s.state,
    entry: target(rels.find((r) => r.id === s.id)),
  }));
  const sharedStrings = target(rels.find((r) => r.type.endsWith("/sharedStrings")));
  const dateStyles = await readDateStyles(bytes, target(rels.find((r) => r.type.endsWith("/styles"))));
  return {
    sheets,
    activeTab: activeTab < sheets.length ? activeTab : 0,
    date1904,
    sharedStrings,
    dateStyles,
  };
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/** "B12" → column 1 (0-based) and row 12; null when it is not a cell reference. */
export function parseCellRef(ref: string): { column: number; row: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!match?.[1] || !match[2]) return null;
  let column = 0;
  for (const ch of match[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { column: column - 1, row: Number(match[2]) };
}

/** "A4:B5" → its range; a single cell is a range of one; null when unreadable. */
export function parseRange(ref: string): CellRange | null {
  const [from, to = from] = ref.split(":");
  const a = from ? parseCellRef(from) : null;
  const b = to ? parseCellRef(to) : null;
  if (!a || !b) return null;
  return {
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.column, b.column),
    right: Math.max(a.column, b.column),
  };
}

/** A number as a person reads it in the cell: no grouping, no exponent ("1952", "59083016613"). */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * An Excel date serial as dd/mm/yyyy. In the 1900 system day 1 is 01/01/1900 and Excel counts a
 * 29/02/1900 that never was (serial 60), so serials from 61 are one day ahead; the 1904 system
 * (old Mac workbooks) counts from 01/01/1904. The time of day is dropped.
 */
export function serialToDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  const days = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, days >= 61 ? 30 : 31);
  const date = new Date(epoch + days * 86_400_000);
  if (Number.isNaN(date.getTime())) return null;
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCFullYear(), 4)}`;
}

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

export type SheetReadOptions = {
  /** Stop after this many rows with data (a preview of the top, or the roster's row limit + 1). */
  maxRows: number;
  /** Read merged ranges (they follow the cells in the file, so a preview stops before them). */
  merges: boolean;
};

/**
 * Reads a sheet's rows that hold data, top to bottom, as raw cells (shared strings unresolved).
 * Formatted but empty rows and cells are passed over without being kept.
 */
async function readSheetRows(
  bytes: Uint8Array,
  workbook: WorkbookInfo,
  entry: ZipEntry,
  options: SheetReadOptions,
): Promise<{ rows: SheetRow[]; merges: CellRange[]; truncated: boolean }> {
  const rows: SheetRow[] = [];
  const merges: CellRange[] = [];
  let truncated = false;

  let rowNumber = 0;
  let current: SheetRow | null = null;
  let column = -1;
  let cellType = "n";
  let cellStyle = 0;
  let hasFormula = false;
  let value: string | null = null;
  let inline: string | null = null;
  let collecting: "v" | "t" | null = null;
  let inPhonetic = false;
  let inCell = false;

  const finishRow = () => {
    if (current === null) return;
    const filled =
      current.cells.some((c) => c !== undefined && c !== "") || current.formulaWithoutResult.length > 0;
    if (filled) {
      if (rows.length >= options.maxRows) {
        truncated = true;
        current = null;
        throw new StopReading();
      }
      rows.push(current);
    }
    current = null;
  };

  const finishCell = () => {
    if (current === null || column < 0 || column >= XLSX_MAX_COLUMNS) return;
    let cell: RawCell | null = null;
    let numeric = false;
    switch (cellType) {
      case "s": {
        const index = Number(value);
        if (value !== null && Number.isInteger(index) && index >= 0) cell = { sst: index };
        break;
      }
      case "inlineStr":
        cell = inline ?? value ?? null;
        break;
      case "str":
        cell = value;
        break;
      case "b":
        cell = value === null ? null : value.trim() === "1" || value.trim() === "true" ? "TRUE" : "FALSE";
        break;
      case "e":
        cell = value;
        break;
      case "d":
        cell = value === null ? null : isoDateText(value);
        break;
      default: {
        if (value === null || value.trim() === "") break;
        const n = Number(value);
        if (!Number.isFinite(n)) {
          cell = value;
          break;
        }
        if (workbook.dateStyles.has(cellStyle)) {
          cell = serialToDate(n, workbook.date1904) ?? numberText(n);
        } else {
          cell = numberText(n);
          numeric = true;
        }
      }
    }
    if (cell === null && hasFormula) {
      current.formulaWithoutResult.push(column);
      return;
    }
    if (cell === null) return;
    current.cells[column] = cell;
    if (numeric) current.numeric.push(column);
  };

  await streamXml(bytes, entry, XLSX_PART_MAX_BYTES, {
    filter: dropEmptyCells,
    open(name, tag) {
      switch (name) {
        case "row": {
          finishRow();
          const r = Number(attr(tag, "r"));
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          const hidden = attr(tag, "hidden");
          current = {
            row: rowNumber,
            cells: [],
            numeric: [],
            formulaWithoutResult: [],
            hidden: hidden === "1" || hidden === "true",
          };
          column = -1;
          break;
        }
        case "c": {
          const ref = attr(tag, "r");
          const parsed = ref ? parseCellRef(ref) : null;
          column = parsed ? parsed.column : column + 1;
          cellType = attr(tag, "t") ?? "n";
          cellStyle = Number(attr(tag, "s") ?? 0);
          hasFormula = false;
          value = null;
          inline = null;
          inCell = true;
          break;
        }
        case "f":
          if (inCell) hasFormula = true;
          break;
        case "v":
          if (inCell) {
            collecting = "v";
            value = "";
          }
          break;
        case "rPh":
          inPhonetic = true;
          break;
        case "t":
          if (inCell && !inPhonetic) {
            collecting = "t";
            inline ??= "";
          }
          break;
        case "mergeCell": {
          const range = parseRange(attr(tag, "ref") ?? "");
          if (range && options.merges) merges.push(range);
          break;
        }
        case "mergeCells":
          if (!options.merges) throw new StopReading();
          break;
      }
    },
    text(text) {
      if (collecting === "v") value += text;
      else if (collecting === "t") inline += text;
    },
    close(name) {
      switch (name) {
        case "v":
        case "t":
          collecting = null;
          break;
        case "rPh":
          inPhonetic = false;
          break;
        case "c":
          finishCell();
          inCell = false;
          break;
        case "row":
          finishRow();
          break;
        case "sheetData":
          finishRow();
          if (!options.merges) throw new StopReading();
          break;
      }
    },
  });
  return { rows, merges, truncated };
}

/** A `t="d"` cell holds an ISO 8601 date ("1965-03-15T00:00:00"): shown as dd/mm/yyyy. */
function isoDateText(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/**
 * The strings at the given indexes of the shared-strings table, each the text of all its runs
 * (phonetic guides left out). The table is streamed, and only the wanted strings are kept.
 */
async function readSharedStrings(
  bytes: Uint8Array,
  entry: ZipEntry | null,
  wanted: ReadonlySet<number>,
): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (entry === null || wanted.size === 0) return found;
  let last = 0;
  for (const index of wanted) if (index > last) last = index;
  let index = -1;
  let text: string | null = null;
  let inText = false;
  let inPhonetic = false;
  await streamXml(bytes, entry, XLSX_PART_MAX_BYTES, {
    open(name) {
      if (name === "si") {
        index += 1;
        text = wanted.has(index) ? "" : null;
      } else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && !inPhonetic) inText = true;
    },
    text(t) {
      if (inText && text !== null) text += t;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "si") {
        if (text !== null) found.set(index, text);
        text = null;
        if (index >= last) throw new StopReading();
      }
    },
  });
  return found;
}

/**
 * Reads a sheet: its rows with data, as text, and (unless a preview) its merged ranges. A shared
 * string the table does not have reads as an empty cell.
 */
export async function readSheet(
  bytes: Uint8Array,
  workbook: WorkbookInfo,
  sheet: SheetInfo,
  options: SheetReadOptions,
): Promise<SheetContent> {
  if (sheet.entry === null) return { rows: [], merges: [], truncated: false };
  const read = await readSheetRows(bytes, workbook, sheet.entry, options);
  const wanted = new Set<number>();
  for (const row of read.rows) {
    for (const cell of row.cells) if (typeof cell === "object" && cell !== null) wanted.add(cell.sst);
  }
  const strings = await readSharedStrings(bytes, workbook.sharedStrings, wanted);
  return {
    rows: read.rows.map((row) => ({
      row: row.row,
      cells: Array.from(row.cells, (cell) =>
        cell === undefined ? "" : typeof cell === "string" ? cell : (strings.get(cell.sst) ?? ""),
      ),
      numericCells: row.numeric,
      formulaCells: row.formulaWithoutResult,
      hidden: row.hidden,
    })),
    merges: read.merges,
    truncated: read.truncated,
  };
}
