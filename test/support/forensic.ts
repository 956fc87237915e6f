/**
 * The attacker's view of SQLite's raw files (issue #9, DESIGN §5).
 *
 * Secrecy must hold for a copy of every file the server writes, taken at any moment: the main
 * database, its -wal, -shm and rollback -journal. Asking SQLite itself only shows what SQLite
 * chooses to show (live rows of the latest snapshot); an attacker holding the bytes also sees old
 * page images in the WAL, the original pages in a journal, freed cells and freed pages. So this
 * module parses the file formats by hand (https://sqlite.org/fileformat2.html, walformat.html) and
 * reports every record it can find, live or not, with where it sat: secrecy tests then assert that
 * nothing there links a check-in to a ballot or gives the ballots' order.
 *
 * It never throws on damaged or garbage bytes (a copy taken mid-write is normal input): whatever
 * cannot be decoded is skipped. Only programming errors (unequal lists given to `spearman`) throw.
 *
 * A secrecy test copies the files at the moment it cares about and attacks them:
 *
 *   const records = allRecords(snapshotFiles(path)); // mid-voting, right after a cast, after kill -9
 *   const checkIns = firstAppearances(records, (r) =>
 *     r.tree === "check_ins" && r.live && r.rowid !== null ? String(r.rowid) : undefined);
 *   const ballots = firstAppearances(records, (r) =>
 *     r.tree === "ballots" && r.live ? JSON.stringify(r.values.map(String)) : undefined);
 *   const guesses = guessLinks(checkIns, ballots); // right guesses must stay near chance
 *   // and |spearman(castOrder, writeOrder of each ballot's first appearance)| < 0.2
 *
 * Keying ballots by their whole record (not only the id) also dates a pre-allocated row that a
 * cast merely updates. Known tokens (ticket ids, roster entry ids as text) are checked in every
 * file, logs included, with `searchBytes`, which also finds what carving cannot decode.
 */
import { existsSync, readFileSync } from "node:fs";

/** A column value as stored: integers wider than 2^53 stay bigint so nothing is rounded away. */
export type SqlValue = null | number | bigint | string | Uint8Array;
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be";
export type BtreePageType = "table-leaf" | "table-interior" | "index-leaf" | "index-interior";
/**
 * Where a record was found inside its page image:
 * - `cell`: reached through the page's cell pointer array (allocated);
 * - `freeblock`: carved from a freed cell (its first 4 bytes are overwritten by the freeblock link);
 * - `unallocated`: carved from the gap between the cell pointer array and the cell content area
 *   (a freed cell that sat at the start of the content area stays whole there);
 * - `free-page` / `orphan-page`: a page on the freelist / reached by nothing (main file only),
 *   decoded through its stale b-tree header when it still has one, carved otherwise;
 * - `raw-page`: carved from a WAL or journal page image that is not a b-tree page.
 */
export type RecordArea = "cell" | "freeblock" | "unallocated" | "free-page" | "orphan-page" | "raw-page";
export type PageRole =
  | "btree"
  | "freelist-trunk"
  | "freelist-leaf"
  | "overflow"
  | "ptrmap"
  | "lock-byte"
  | "orphan";
export type RecordSource = "main" | "wal" | "journal";

/** One record found in a raw file. */
export interface ForensicRecord {
  source: RecordSource;
  /** Byte offset in the source file where the cell (or the carved bytes) starts. */
  offset: number;
  /** Database page number (1-based) of the page image holding it. */
  page: number;
  /** Offset of the cell or carved bytes inside the page image. */
  pageOffset: number;
  area: RecordArea;
  /**
   * Main file: an allocated cell of a page reachable from a b-tree root. WAL and journal: an
   * allocated cell of that page image (it was live in the version of the page the frame holds).
   */
  live: boolean;
  pageType: BtreePageType | null;
  /** Name of the b-tree (table or index) the page belongs to, when the schema tells (best effort). */
  tree: string | null;
  /** The table that b-tree belongs to. */
  table: string | null;
  /** The rowid of a table-leaf cell (an INTEGER PRIMARY KEY column is stored as null and lives here). */
  rowid: number | bigint | null;
  values: SqlValue[];
  serialTypes: number[];
  /** False when part of the payload (an overflow page) could not be found: values may be cut short. */
  complete: boolean;
  /** WAL only: the frame's 0-based position in the file. */
  frame?: number;
  /** WAL only: rank of the frame in write order (older WAL generations first). */
  writeOrder?: number;
  /** WAL only: transaction number in write order (frames up to and including a commit frame). */
  txn?: number;
  /** WAL only: the frame belongs to the valid, committed prefix SQLite would replay. */
  committed?: boolean;
  /** WAL only: the frame's salt matches the header (false: a stale frame of an earlier generation). */
  saltMatches?: boolean;
  /** Journal only: index of the page record in the journal. */
  journalRecord?: number;
}

/** A record of one page image, before it is placed in a file. */
export type PageImageRecord = Omit<ForensicRecord, "source" | "offset">;

export interface DatabaseHeader {
  /** The 16-byte magic string is there. */
  valid: boolean;
  pageSize: number;
  writeVersion: number;
  readVersion: number;
  reservedBytes: number;
  usableSize: number;
  changeCounter: number;
  /** The in-header page count; trust it only when `pageCountValid`. */
  pageCount: number;
  pageCountValid: boolean;
  freelistTrunk: number;
  freelistCount: number;
  schemaCookie: number;
  schemaFormat: number;
  largestRootPage: number;
  encoding: TextEncodingName;
  userVersion: number;
  incrementalVacuum: number;
  applicationId: number;
  versionValidFor: number;
  sqliteVersion: number;
}

export interface BtreePageHeader {
  type: BtreePageType;
  /** 100 on page 1 (after the database header), 0 elsewhere. */
  headerOffset: number;
  firstFreeblock: number;
  cellCount: number;
  contentStart: number;
  fragmentedBytes: number;
  rightChild: number | null;
  cellPointers: number[];
  freeblocks: { offset: number; size: number }[];
  /** Gap between the end of the cell pointer array and the cell content area. */
  unallocated: { start: number; end: number };
}

export interface PageInfo {
  page: number;
  offset: number;
  role: PageRole;
  tree: string | null;
  /** The b-tree header, for b-tree pages and for free or orphan pages that still carry one. */
  btree: BtreePageHeader | null;
}

export interface SchemaEntry {
  type: string;
  name: string;
  table: string;
  root: number;
  sql: string | null;
}

export interface DatabaseImage {
  header: DatabaseHeader;
  /** Whole pages present in the bytes (the header's count may be stale in WAL mode). */
  pageCount: number;
  pages: PageInfo[];
  schema: SchemaEntry[];
  records: ForensicRecord[];
}

export interface WalHeader {
  magic: number;
  /** Magic 0x377f0682/0x377f0683 is there. */
  valid: boolean;
  bigEndianChecksums: boolean;
  version: number;
  pageSize: number;
  checkpointSequence: number;
  salt1: number;
  salt2: number;
  checksum1: number;
  checksum2: number;
  checksumValid: boolean;
}

export interface WalFrame {
  /** 0-based position in the file. */
  index: number;
  offset: number;
  page: number;
  /** Database size in pages after this commit; 0 for a frame that is not a commit. */
  commitSize: number;
  salt1: number;
  salt2: number;
  checksum1: number;
  checksum2: number;
  saltMatches: boolean;
  /** Checked against the chain from the previous frame of the same generation; null if unknowable. */
  checksumValid: boolean | null;
  /** In the prefix SQLite's recovery accepts (matching salt, unbroken checksum chain). */
  valid: boolean;
  /** Valid and at or before the last valid commit frame. */
  committed: boolean;
  /** Salt-1 minus the header's salt-1: 0 now, -1 for frames left from the previous generation. */
  generation: number;
  writeOrder: number;
  txn: number;
  image: Uint8Array;
  pageType: BtreePageType | null;
  /** `overflow` when a cell's payload continued into this frame's page. */
  role: "btree" | "overflow" | "other";
}

export interface WalImage {
  header: WalHeader | null;
  pageSize: number;
  /** Every whole frame in the file, in write order. */
  frames: WalFrame[];
  records: ForensicRecord[];
}

export interface ShmIndexHeader {
  version: number;
  change: number;
  isInit: number;
  bigEndianChecksums: boolean;
  pageSize: number;
  /** Frames of the WAL that are part of the current snapshot (1..mxFrame). */
  mxFrame: number;
  pageCount: number;
  frameChecksum: [number, number];
  salt1: number;
  salt2: number;
  checksum: [number, number];
  checksumValid: boolean;
}

export interface ShmFrameEntry {
  /** 0-based WAL frame index (SQLite's frame number minus one), as in `WalFrame.index`. */
  index: number;
  page: number;
  /** Within mxFrame; later entries are stale but still readable. */
  current: boolean;
}

export interface ShmImage {
  littleEndian: boolean;
  headers: ShmIndexHeader[];
  headersMatch: boolean;
  checkpoint: { backfilled: number; readMarks: number[]; backfillAttempted: number } | null;
  frames: ShmFrameEntry[];
}

export interface JournalHeader {
  offset: number;
  magicValid: boolean;
  /** nRec as written: 0 before the journal was synced, 0xffffffff with synchronous=OFF. */
  recordCount: number;
  checksumInit: number;
  originalPageCount: number;
  sectorSize: number;
  pageSize: number;
}

export interface JournalPage {
  index: number;
  offset: number;
  page: number;
  checksum: number;
  /** False for a page record left by an earlier transaction (another checksum nonce). */
  checksumValid: boolean;
  segment: number;
  image: Uint8Array;
  pageType: BtreePageType | null;
}

export interface JournalImage {
  headers: JournalHeader[];
  pageSize: number;
  sectorSize: number;
  pages: JournalPage[];
  records: ForensicRecord[];
}

export interface ReadOptions {
  /** Fewest columns a carved record may have (default 2: one-column guesses are mostly noise). */
  minCarvedColumns?: number;
  /** Text encoding when the bytes do not tell (a WAL without page 1, a zeroed journal header). */
  encoding?: TextEncodingName;
}

export interface ContextOptions extends ReadOptions {
  /** The main database file: page size, encoding and overflow pages not in the WAL or journal. */
  main?: Uint8Array;
}

export interface ForensicFiles {
  main?: Uint8Array;
  wal?: Uint8Array;
  shm?: Uint8Array;
  journal?: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Bytes, varints, records

const UTF8 = new TextDecoder("utf-8");
const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true });
const ENCODER = new TextEncoder();
// Control characters other than tab and line breaks: real text columns do not hold them, carved
// garbage often does.
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

function u16(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) * 0x1000000 + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o + 3] ?? 0) * 0x1000000 + (((b[o + 2] ?? 0) << 16) | ((b[o + 1] ?? 0) << 8) | (b[o] ?? 0));
}

function safe(big: bigint): number | bigint {
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

interface Varint {
  value: number | bigint;
  length: number;
}

/** SQLite's big-endian varint (1–9 bytes; the 9th byte carries 8 bits). Undefined past `end`. */
function readVarint(b: Uint8Array, o: number, end: number): Varint | undefined {
  let value = 0;
  // Seven 7-bit groups (49 bits) fit a double exactly; wider values go through bigint.
  for (let i = 0; i < 7; i++) {
    if (o + i >= end) return undefined;
    const byte = b[o + i] ?? 0;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  if (o + 7 >= end) return undefined;
  const eighth = b[o + 7] ?? 0;
  let big = BigInt(value) * 128n + BigInt(eighth & 0x7f);
  if ((eighth & 0x80) === 0) return { value: safe(big), length: 8 };
  if (o + 8 >= end) return undefined;
  big = big * 256n + BigInt(b[o + 8] ?? 0);
  return { value: safe(BigInt.asIntN(64, big)), length: 9 };
}

/** Bytes a value of this serial type takes in the record body; undefined for the reserved 10 and 11. */
function serialSize(t: number): number | undefined {
  if (t >= 12) return (t - 12 - (t & 1)) / 2;
  return SMALL_SERIAL_SIZES[t];
}
const SMALL_SERIAL_SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, undefined, undefined];

function readInt(b: Uint8Array, o: number, size: number): number | bigint {
  if (size === 8) {
    let big = 0n;
    for (let i = 0; i < 8; i++) big = (big << 8n) | BigInt(b[o + i] ?? 0);
    return safe(BigInt.asIntN(64, big));
  }
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + (b[o + i] ?? 0);
  const top = 2 ** (8 * size);
  return v >= top / 2 ? v - top : v;
}

function decodeUtf16(b: Uint8Array, littleEndian: boolean): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) {
    const hi = b[i + (littleEndian ? 1 : 0)] ?? 0;
    const lo = b[i + (littleEndian ? 0 : 1)] ?? 0;
    units.push((hi << 8) | lo);
  }
  let out = "";
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

function decodeText(b: Uint8Array, encoding: TextEncodingName, strict: boolean): string | undefined {
  let text: string;
  if (encoding === "utf-8") {
    if (!strict) return UTF8.decode(b);
    try {
      text = UTF8_STRICT.decode(b);
    } catch {
      return undefined;
    }
  } else {
    text = decodeUtf16(b, encoding === "utf-16le");
  }
  return strict && hasControl(text) ? undefined : text;
}

/** Largest record header carving accepts (hundreds of columns): longer ones are noise. */
const MAX_CARVED_HEADER = 1024;

interface DecodedRecord {
  values: SqlValue[];
  serialTypes: number[];
  /** Header plus body, in bytes. */
  length: number;
  complete: boolean;
}

/**
 * Decodes the record at b[o..end). Lenient for cells (a payload cut short by a missing overflow
 * page keeps what it has: partial text or blob, null for a cut number). Strict for carving, where
 * most positions are garbage: canonical varints, at least `minColumns` columns, a non-empty body
 * that fits, and text that is valid and free of control characters.
 */
function decodeRecord(
  b: Uint8Array,
  o: number,
  end: number,
  encoding: TextEncodingName,
  strict: false | { minColumns: number },
): DecodedRecord | undefined {
  const head = readVarint(b, o, end);
  if (!head || typeof head.value !== "number") return undefined;
  if (strict && (b[o] === 0x80 || head.value > MAX_CARVED_HEADER)) return undefined;
  const headerEnd = o + head.value;
  if (head.value < head.length || headerEnd > end) return undefined;
  const serialTypes: number[] = [];
  let bodyLength = 0;
  for (let q = o + head.length; q < headerEnd; ) {
    const t = readVarint(b, q, headerEnd);
    if (!t || typeof t.value !== "number") return undefined;
    if (strict && b[q] === 0x80) return undefined;
    const size = serialSize(t.value);
    if (size === undefined) return undefined;
    serialTypes.push(t.value);
    bodyLength += size;
    q += t.length;
    // Carving tries every byte: give up as soon as the body cannot fit.
    if (strict && headerEnd + bodyLength > end) return undefined;
  }
  if (strict && (serialTypes.length < strict.minColumns || bodyLength === 0 || headerEnd + bodyLength > end))
    return undefined;
  const values: SqlValue[] = [];
  let complete = headerEnd + bodyLength <= end;
  let q = headerEnd;
  for (const t of serialTypes) {
    const size = serialSize(t) ?? 0;
    const fits = q + size <= end;
    if (t === 0) values.push(null);
    else if (t === 8) values.push(0);
    else if (t === 9) values.push(1);
    else if (t <= 6) values.push(fits ? readInt(b, q, size) : null);
    else if (t === 7)
      values.push(fits ? new DataView(b.buffer, b.byteOffset + q, 8).getFloat64(0, false) : null);
    else {
      const bytes = b.subarray(Math.min(q, end), Math.min(q + size, end));
      if (t % 2 === 0) values.push(bytes.slice());
      else {
        const text = decodeText(bytes, encoding, strict !== false);
        if (text === undefined) return undefined;
        values.push(text);
      }
    }
    if (!fits) complete = false;
    q += size;
  }
  return { values, serialTypes, length: head.value + bodyLength, complete };
}

// ---------------------------------------------------------------------------------------------
// Pages

const PAGE_TYPES = new Map<number, BtreePageType>([
  [2, "index-interior"],
  [5, "table-interior"],
  [10, "index-leaf"],
  [13, "table-leaf"],
]);

interface PageContext {
  usableSize: number;
  encoding: TextEncodingName;
  minCarvedColumns: number;
  /** Another page of the same database version (for overflow chains). */
  getPage: (page: number) => Uint8Array | undefined;
}

function parseBtreeHeader(image: Uint8Array, page: number, usableSize: number): BtreePageHeader | null {
  const headerOffset = page === 1 ? 100 : 0;
  if (image.length < headerOffset + 12 || usableSize > image.length) return null;
  const type = PAGE_TYPES.get(image[headerOffset] ?? 0);
  if (!type) return null;
  const interior = type.endsWith("interior");
  const pointersStart = headerOffset + (interior ? 12 : 8);
  const firstFreeblock = u16(image, headerOffset + 1);
  const cellCount = u16(image, headerOffset + 3);
  const contentStart = u16(image, headerOffset + 5) || 65536;
  const pointersEnd = pointersStart + 2 * cellCount;
  if (pointersEnd > usableSize || contentStart > usableSize || contentStart < pointersEnd) return null;
  const cellPointers: number[] = [];
  for (let i = 0; i < cellCount; i++) cellPointers.push(u16(image, pointersStart + 2 * i));
  const freeblocks: { offset: number; size: number }[] = [];
  // Freeblocks are chained in increasing offset order; anything else means a damaged or reused page.
  for (let at = firstFreeblock; at !== 0 && freeblocks.length < usableSize / 4; ) {
    const size = u16(image, at + 2);
    if (at < contentStart || size < 4 || at + size > usableSize) break;
    freeblocks.push({ offset: at, size });
    const next = u16(image, at);
    if (next !== 0 && next < at + size) break;
    at = next;
  }
  return {
    type,
    headerOffset,
    firstFreeblock,
    cellCount,
    contentStart,
    fragmentedBytes: image[headerOffset + 7] ?? 0,
    rightChild: interior ? u32(image, headerOffset + 8) : null,
    cellPointers,
    freeblocks,
    unallocated: { start: pointersEnd, end: contentStart },
  };
}

/** Bytes of a payload of size p stored on the b-tree page itself (the rest goes to overflow pages). */
function localPayloadSize(p: number, tableLeaf: boolean, usable: number): number {
  const max = tableLeaf ? usable - 35 : Math.floor(((usable - 12) * 64) / 255) - 23;
  if (p <= max) return p;
  const min = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = min + ((p - min) % (usable - 4));
  return k <= max ? k : min;
}

interface ParsedCell {
  pageOffset: number;
  leftChild: number | null;
  rowid: number | bigint | null;
  record: DecodedRecord | null;
  overflowPages: number[];
}

function parseCell(image: Uint8Array, type: BtreePageType, at: number, ctx: PageContext): ParsedCell | null {
  const usable = ctx.usableSize;
  let q = at;
  let leftChild: number | null = null;
  if (type === "index-interior" || type === "table-interior") {
    if (q + 4 > usable) return null;
    leftChild = u32(image, q);
    q += 4;
  }
  if (type === "table-interior") {
    const key = readVarint(image, q, usable);
    return key ? { pageOffset: at, leftChild, rowid: key.value, record: null, overflowPages: [] } : null;
  }
  const size = readVarint(image, q, usable);
  if (!size || typeof size.value !== "number") return null;
  q += size.length;
  let rowid: number | bigint | null = null;
  if (type === "table-leaf") {
    const key = readVarint(image, q, usable);
    if (!key) return null;
    rowid = key.value;
    q += key.length;
  }
  const total = size.value;
  const local = localPayloadSize(total, type === "table-leaf", usable);
  if (q + local > usable) return null;
  const overflowPages: number[] = [];
  if (local === total) {
    const record = decodeRecord(image, q, q + local, ctx.encoding, false) ?? null;
    return { pageOffset: at, leftChild, rowid, record, overflowPages };
  }
  if (q + local + 4 > usable) return null;
  const payload = new Uint8Array(total);
  payload.set(image.subarray(q, q + local));
  let filled = local;
  for (let next = u32(image, q + local); filled < total && next !== 0; ) {
    // A chain that loops or runs into a missing page is where a copy taken mid-write ends.
    if (overflowPages.includes(next)) break;
    const page = ctx.getPage(next);
    if (!page) break;
    overflowPages.push(next);
    const n = Math.min(total - filled, usable - 4);
    payload.set(page.subarray(4, 4 + n), filled);
    filled += n;
    next = u32(page, 0);
  }
  const record = decodeRecord(payload, 0, filled, ctx.encoding, false) ?? null;
  return { pageOffset: at, leftChild, rowid, record, overflowPages };
}

interface Carved {
  start: number;
  rowid: number | bigint | null;
  record: DecodedRecord;
}

/** Which cell layout a region held: table cells carry a rowid before the record, index cells none. */
type CellKind = "table" | "index" | "any";

/** How far into a cell its record header can start: payload length (≤ 3 bytes) plus rowid (≤ 9). */
const MAX_PREFIX = 12;

/**
 * Best-effort record carving in b[start..end). Every byte is tried as the start of a record header;
 * most hits inside text or numbers are noise, so candidates are kept in two rounds:
 * 1. those still preceded by their cell prefix (payload length equal to the record's length, and a
 *    rowid on a table page), which chance almost never produces;
 * 2. without a prefix, only where a cell can start: just inside a freeblock (`anchored`: its first
 *    4 bytes became the freeblock link) or right after a record already kept (freed cells lie back
 *    to back).
 * A record whose header fell in the 4 overwritten bytes is lost to carving (its text may still be
 * found with `searchBytes`).
 */
function carve(
  b: Uint8Array,
  start: number,
  end: number,
  ctx: PageContext,
  kind: CellKind,
  anchored: boolean,
) {
  const strict = { minColumns: ctx.minCarvedColumns };
  const prefixed: { start: number; recordStart: number; end: number; carved: Carved }[] = [];
  const loose: typeof prefixed = [];
  for (let p = start; p < end - 2; p++) {
    const first = b[p] ?? 0;
    // Header size is at least 1 + minColumns; zero-filled (secure_delete) space is skipped fast.
    if (first === 0 || (first < 0x80 && first < 1 + strict.minColumns)) continue;
    const record = decodeRecord(b, p, end, ctx.encoding, strict);
    if (!record) continue;
    const prefix = cellPrefix(b, start, p, record.length, kind);
    const candidate = {
      start: prefix?.start ?? p,
      recordStart: p,
      end: p + record.length,
      carved: { start: prefix?.start ?? p, rowid: prefix?.rowid ?? null, record },
    };
    (prefix ? prefixed : loose).push(candidate);
  }
  const kept: typeof prefixed = [];
  const free = (c: (typeof prefixed)[number]) => kept.every((k) => c.end <= k.start || c.start >= k.end);
  for (const c of prefixed) if (free(c)) kept.push(c);
  const anchors = kept.map((k) => k.end);
  if (anchored) anchors.push(start - 4);
  for (const c of loose) {
    if (!anchors.some((a) => c.recordStart >= a && c.recordStart <= a + MAX_PREFIX) || !free(c)) continue;
    kept.push(c);
    anchors.push(c.end);
  }
  return kept.sort((x, y) => x.start - y.start).map((k) => k.carved);
}

/** The cell prefix ending at p whose payload length equals the record length, if it survived. */
function cellPrefix(
  b: Uint8Array,
  regionStart: number,
  p: number,
  length: number,
  kind: CellKind,
): { start: number; rowid: number | bigint | null } | null {
  const rowidLengths =
    kind === "index" ? [0] : kind === "table" ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (const r of rowidLengths) {
    for (let l = 1; l <= 3; l++) {
      const q = p - r - l;
      if (q < regionStart || b[q] === 0x80 || (r > 0 && b[q + l] === 0x80)) continue;
      const size = readVarint(b, q, q + l);
      if (!size || size.length !== l || size.value !== length) continue;
      if (r === 0) return { start: q, rowid: null };
      const rowid = readVarint(b, q + l, p);
      if (rowid && rowid.length === r) return { start: q, rowid: rowid.value };
    }
  }
  return null;
}

function blank(
  page: number,
  pageType: BtreePageType | null,
): Omit<PageImageRecord, "pageOffset" | "area" | "live"> {
  return {
    page,
    pageType,
    tree: null,
    table: null,
    rowid: null,
    values: [],
    serialTypes: [],
    complete: true,
  };
}

interface PageRead {
  header: BtreePageHeader | null;
  records: PageImageRecord[];
  /** Pages a cell's payload continued into. */
  overflowPages: number[];
  leftChildren: number[];
}

/**
 * Every record of one page image: its cells (area `cellArea`) and what can be carved from its
 * freeblocks and unallocated gap; a page without a b-tree header is carved whole.
 */
function readPage(
  image: Uint8Array,
  page: number,
  ctx: PageContext,
  how: {
    cellArea: RecordArea;
    live: boolean;
    freeArea: RecordArea | null;
    rawArea: RecordArea;
  },
): PageRead {
  const header = parseBtreeHeader(image, page, ctx.usableSize);
  const records: PageImageRecord[] = [];
  const overflowPages: number[] = [];
  const leftChildren: number[] = [];
  if (!header) {
    for (const c of carve(image, 0, ctx.usableSize, ctx, "any", false))
      records.push({ ...fromCarved(page, null, c), area: how.rawArea, live: false });
    return { header, records, overflowPages, leftChildren };
  }
  for (const at of header.cellPointers) {
    if (at < header.unallocated.start || at >= ctx.usableSize) continue;
    const cell = parseCell(image, header.type, at, ctx);
    if (!cell) continue;
    if (cell.leftChild !== null) leftChildren.push(cell.leftChild);
    overflowPages.push(...cell.overflowPages);
    if (!cell.record) continue;
    records.push({
      ...blank(page, header.type),
      pageOffset: at,
      area: how.cellArea,
      live: how.live,
      rowid: cell.rowid,
      values: cell.record.values,
      serialTypes: cell.record.serialTypes,
      complete: cell.record.complete,
    });
  }
  if (header.rightChild !== null) leftChildren.push(header.rightChild);
  // An interior page's gap can still hold the leaf cells it had before the tree grew a level.
  const kind = header.type.startsWith("table") ? "table" : "index";
  const regions: [number, number, RecordArea, boolean][] = [
    [header.unallocated.start, header.unallocated.end, how.freeArea ?? "unallocated", false],
    ...header.freeblocks.map((f): [number, number, RecordArea, boolean] => [
      f.offset + 4,
      f.offset + f.size,
      how.freeArea ?? "freeblock",
      true,
    ]),
  ];
  for (const [from, to, area, anchored] of regions)
    for (const c of carve(image, from, to, ctx, kind, anchored))
      records.push({ ...fromCarved(page, header.type, c), area, live: false });
  return { header, records, overflowPages, leftChildren };
}

/**
 * Decodes one page image on its own (a frame, a journal record, a page cut from a copy): its cells
 * and what can be carved from its free space. Overflow pages cannot be followed, so records that
 * continue on one come back with `complete: false`.
 */
export function readPageImage(
  image: Uint8Array,
  page: number,
  options: ReadOptions & { usableSize?: number } = {},
): { header: BtreePageHeader | null; records: PageImageRecord[] } {
  const ctx: PageContext = {
    usableSize: options.usableSize ?? image.length,
    encoding: options.encoding ?? "utf-8",
    minCarvedColumns: options.minCarvedColumns ?? 2,
    getPage: () => undefined,
  };
  const read = readPage(image, page, ctx, {
    cellArea: "cell",
    live: true,
    freeArea: null,
    rawArea: "raw-page",
  });
  return { header: read.header, records: read.records };
}

function fromCarved(
  page: number,
  pageType: BtreePageType | null,
  c: Carved,
): Omit<PageImageRecord, "area" | "live"> {
  return {
    ...blank(page, pageType),
    pageOffset: c.start,
    rowid: c.rowid,
    values: c.record.values,
    serialTypes: c.record.serialTypes,
    complete: c.record.complete,
  };
}

// ---------------------------------------------------------------------------------------------
// Main database file

const MAGIC = "SQLite format 3\u0000";
const ENCODINGS: Record<number, TextEncodingName> = { 1: "utf-8", 2: "utf-16le", 3: "utf-16be" };

function isPageSize(n: number): boolean {
  return n >= 512 && n <= 65536 && (n & (n - 1)) === 0;
}

function parseDatabaseHeader(bytes: Uint8Array, options: ReadOptions = {}): DatabaseHeader {
  const valid = bytes.length >= 100 && String.fromCharCode(...bytes.subarray(0, 16)) === MAGIC;
  const raw = u16(bytes, 16);
  const pageSize = valid && isPageSize(raw === 1 ? 65536 : raw) ? (raw === 1 ? 65536 : raw) : 4096;
  const reservedBytes = valid ? (bytes[20] ?? 0) : 0;
  const changeCounter = u32(bytes, 24);
  const versionValidFor = u32(bytes, 92);
  const pageCount = u32(bytes, 28);
  return {
    valid,
    pageSize,
    writeVersion: bytes[18] ?? 0,
    readVersion: bytes[19] ?? 0,
    reservedBytes,
    usableSize: pageSize - reservedBytes,
    changeCounter,
    pageCount,
    pageCountValid: valid && pageCount > 0 && changeCounter === versionValidFor,
    freelistTrunk: u32(bytes, 32),
    freelistCount: u32(bytes, 36),
    schemaCookie: u32(bytes, 40),
    schemaFormat: u32(bytes, 44),
    largestRootPage: u32(bytes, 52),
    encoding: (valid ? ENCODINGS[u32(bytes, 56)] : undefined) ?? options.encoding ?? "utf-8",
    userVersion: u32(bytes, 60),
    incrementalVacuum: u32(bytes, 64),
    applicationId: u32(bytes, 68),
    versionValidFor,
    sqliteVersion: u32(bytes, 96),
  };
}

/**
 * Parses a main database file: walks the schema and every b-tree from its root (cells found there
 * are live), the freelist and the overflow chains, and carves freeblocks, unallocated gaps, free
 * pages and pages nothing reaches.
 */
export function readDatabaseImage(bytes: Uint8Array, options: ReadOptions = {}): DatabaseImage {
  const header = parseDatabaseHeader(bytes, options);
  const { pageSize, usableSize } = header;
  const pageCount = Math.floor(bytes.length / pageSize);
  const getPage = (n: number) =>
    n >= 1 && n <= pageCount ? bytes.subarray((n - 1) * pageSize, n * pageSize) : undefined;
  const ctx: PageContext = {
    usableSize,
    encoding: header.encoding,
    minCarvedColumns: options.minCarvedColumns ?? 2,
    getPage,
  };
  const pages: PageInfo[] = [];
  for (let n = 1; n <= pageCount; n++)
    pages.push({ page: n, offset: (n - 1) * pageSize, role: "orphan", tree: null, btree: null });
  const info = (n: number) => pages[n - 1];
  const reads = new Map<number, PageRead>();
  const schema: SchemaEntry[] = [];
  const trees = new Map<number, SchemaEntry>();

  const walkTree = (entry: SchemaEntry) => {
    const stack = [entry.root];
    while (stack.length > 0) {
      const n = stack.pop() ?? 0;
      const page = info(n);
      const image = getPage(n);
      if (!page || !image || page.role !== "orphan") continue;
      const read = readPage(image, n, ctx, {
        cellArea: "cell",
        live: true,
        freeArea: null,
        rawArea: "orphan-page",
      });
      if (!read.header) continue;
      page.role = "btree";
      page.tree = entry.name;
      trees.set(n, entry);
      reads.set(n, read);
      stack.push(...read.leftChildren);
      for (const o of read.overflowPages) {
        const p = info(o);
        if (p?.role === "orphan") {
          p.role = "overflow";
          p.tree = entry.name;
        }
      }
    }
  };

  if (header.valid && pageCount > 0) {
    walkTree({ type: "table", name: "sqlite_schema", table: "sqlite_schema", root: 1, sql: null });
    for (const [, read] of reads)
      for (const r of read.records) {
        const [type, name, table, root, sql] = r.values;
        if (r.area !== "cell" || r.pageType !== "table-leaf" || typeof root !== "number" || root < 1)
          continue;
        schema.push({
          type: String(type),
          name: String(name),
          table: String(table),
          root,
          sql: typeof sql === "string" ? sql : null,
        });
      }
    for (const entry of schema) walkTree(entry);
    // The freelist: trunk pages list leaf pages; freed pages keep their old content unless
    // secure_delete overwrote them.
    const trunks = new Set<number>();
    for (let t = header.freelistTrunk; t !== 0 && !trunks.has(t); ) {
      const page = info(t);
      const image = getPage(t);
      if (!page || !image) break;
      trunks.add(t);
      page.role = "freelist-trunk";
      const count = Math.min(u32(image, 4), (usableSize - 8) / 4);
      for (let i = 0; i < count; i++) {
        const leaf = info(u32(image, 8 + 4 * i));
        if (leaf && leaf.role === "orphan") leaf.role = "freelist-leaf";
      }
      t = u32(image, 0);
    }
    // Auto-vacuum pointer-map pages and the lock-byte page hold no records.
    if (header.largestRootPage !== 0)
      for (let n = 2; n <= pageCount; n += Math.floor(usableSize / 5) + 1) {
        const page = info(n);
        if (page) page.role = "ptrmap";
      }
    const lockByte = info(Math.floor(1073741824 / pageSize) + 1);
    if (lockByte) lockByte.role = "lock-byte";
  }

  const records: ForensicRecord[] = [];
  for (const page of pages) {
    const image = getPage(page.page);
    if (!image) continue;
    let read: PageRead | undefined;
    if (page.role === "btree") read = reads.get(page.page);
    else if (page.role === "freelist-leaf" || page.role === "orphan") {
      const area = page.role === "orphan" ? "orphan-page" : "free-page";
      read = readPage(image, page.page, ctx, { cellArea: area, live: false, freeArea: area, rawArea: area });
    } else if (page.role === "freelist-trunk") {
      const from = 8 + 4 * Math.min(u32(image, 4), (usableSize - 8) / 4);
      // Its first bytes list free pages; the rest still holds whatever the page held before.
      const records = carve(image, from, usableSize, ctx, "any", false).map(
        (c): PageImageRecord => ({ ...fromCarved(page.page, null, c), area: "free-page", live: false }),
      );
      read = { header: null, records, overflowPages: [], leftChildren: [] };
    }
    if (!read) continue;
    page.btree = read.header;
    const entry = trees.get(page.page);
    for (const r of read.records)
      records.push({
        ...r,
        source: "main",
        offset: page.offset + r.pageOffset,
        tree: entry?.name ?? null,
        table: entry?.table ?? null,
      });
  }
  return { header, pageCount, pages, schema, records };
}

// ---------------------------------------------------------------------------------------------
// WAL

function walChecksum(b: Uint8Array, from: number, to: number, bigEndian: boolean, seed: [number, number]) {
  let s1 = seed[0];
  let s2 = seed[1];
  const word = bigEndian ? u32 : u32le;
  for (let i = from; i + 8 <= to; i += 8) {
    s1 = (s1 + word(b, i) + s2) >>> 0;
    s2 = (s2 + word(b, i + 4) + s1) >>> 0;
  }
  return [s1, s2] as [number, number];
}

/** Page size, usable size and encoding of a database, from its page 1 if we have one. */
function databaseFacts(page1: Uint8Array | undefined, options: ReadOptions, pageSize?: number) {
  const header = page1 ? parseDatabaseHeader(page1, options) : undefined;
  const size = header?.valid ? header.pageSize : (pageSize ?? 4096);
  return {
    pageSize: size,
    usableSize: size - (header?.valid ? header.reservedBytes : 0),
    encoding: header?.valid ? header.encoding : (options.encoding ?? "utf-8"),
  };
}

/**
 * Parses a -wal file: its header and every whole frame, including frames past the last commit and
 * stale frames an earlier generation left after a restart. Frames are returned in write order
 * (salt-1 grows by one at each restart, so older generations sort first). Records of each frame's
 * page image carry the frame, its write rank and its transaction number.
 */
export function readWal(bytes: Uint8Array, pageSize?: number, options: ContextOptions = {}): WalImage {
  if (bytes.length < 32) return { header: null, pageSize: pageSize ?? 4096, frames: [], records: [] };
  const magic = u32(bytes, 0);
  const valid = magic === 0x377f0682 || magic === 0x377f0683;
  const bigEndian = (magic & 1) === 1;
  const headerSum = walChecksum(bytes, 0, 24, bigEndian, [0, 0]);
  const header: WalHeader = {
    magic,
    valid,
    bigEndianChecksums: bigEndian,
    version: u32(bytes, 4),
    pageSize: u32(bytes, 8),
    checkpointSequence: u32(bytes, 12),
    salt1: u32(bytes, 16),
    salt2: u32(bytes, 20),
    checksum1: u32(bytes, 24),
    checksum2: u32(bytes, 28),
    checksumValid: false,
  };
  header.checksumValid = headerSum[0] === header.checksum1 && headerSum[1] === header.checksum2;
  const mainFacts = options.main ? databaseFacts(options.main.subarray(0, 100), options) : undefined;
  const size = isPageSize(header.pageSize) ? header.pageSize : (pageSize ?? mainFacts?.pageSize ?? 4096);
  const frameSize = size + 24;
  const frames: WalFrame[] = [];
  for (let index = 0; 32 + (index + 1) * frameSize <= bytes.length; index++) {
    const offset = 32 + index * frameSize;
    const salt1 = u32(bytes, offset + 8);
    const salt2 = u32(bytes, offset + 12);
    const previous = frames[index - 1];
    // The checksum chain runs from the header through every frame of one generation.
    const seed: [number, number] | null =
      index === 0
        ? salt1 === header.salt1 && salt2 === header.salt2
          ? [header.checksum1, header.checksum2]
          : null
        : previous && previous.salt1 === salt1 && previous.salt2 === salt2
          ? [previous.checksum1, previous.checksum2]
          : null;
    const frame: WalFrame = {
      index,
      offset,
      page: u32(bytes, offset),
      commitSize: u32(bytes, offset + 4),
      salt1,
      salt2,
      checksum1: u32(bytes, offset + 16),
      checksum2: u32(bytes, offset + 20),
      saltMatches: salt1 === header.salt1 && salt2 === header.salt2,
      checksumValid: null,
      valid: false,
      committed: false,
      generation: (salt1 - header.salt1) | 0,
      writeOrder: 0,
      txn: 0,
      image: bytes.subarray(offset + 24, offset + frameSize),
      pageType: null,
      role: "other",
    };
    if (seed) {
      const sum = walChecksum(
        bytes,
        offset + 24,
        offset + frameSize,
        bigEndian,
        walChecksum(bytes, offset, offset + 8, bigEndian, seed),
      );
      frame.checksumValid = sum[0] === frame.checksum1 && sum[1] === frame.checksum2;
    }
    frames.push(frame);
  }
  let lastCommit = -1;
  for (const frame of frames) {
    if (!valid || !header.checksumValid || !frame.saltMatches || frame.checksumValid !== true) break;
    frame.valid = true;
    if (frame.commitSize > 0) lastCommit = frame.index;
  }
  for (const frame of frames) frame.committed = frame.valid && frame.index <= lastCommit;
  frames.sort((a, b) => a.generation - b.generation || a.index - b.index);
  let txn = 0;
  for (const [rank, frame] of frames.entries()) {
    frame.writeOrder = rank;
    frame.txn = txn;
    if (frame.commitSize > 0) txn++;
  }

  // Page 1 as of the newest frame that holds it, else the main file, tells the encoding.
  const page1 = [...frames].reverse().find((f) => f.page === 1)?.image;
  const facts = databaseFacts(page1 ?? options.main?.subarray(0, 100), options, size);
  const mainPage = (n: number) =>
    options.main && n >= 1 && n * size <= options.main.length
      ? options.main.subarray((n - 1) * size, n * size)
      : undefined;
  const byPage = new Map<number, WalFrame[]>();
  for (const f of frames) {
    const list = byPage.get(f.page);
    if (list) list.push(f);
    else byPage.set(f.page, [f]);
  }
  const txnEnd = new Map<number, number>();
  for (const f of frames) txnEnd.set(f.txn, f.writeOrder);

  const records: ForensicRecord[] = [];
  const stamp = (f: WalFrame, r: PageImageRecord): ForensicRecord => ({
    ...r,
    source: "wal",
    offset: f.offset + 24 + r.pageOffset,
    frame: f.index,
    writeOrder: f.writeOrder,
    txn: f.txn,
    committed: f.committed,
    saltMatches: f.saltMatches,
  });
  const raw: WalFrame[] = [];
  for (const f of frames) {
    if (f.page === 0) continue;
    const limit = txnEnd.get(f.txn) ?? f.writeOrder;
    const ctx: PageContext = {
      usableSize: facts.usableSize,
      encoding: facts.encoding,
      minCarvedColumns: options.minCarvedColumns ?? 2,
      // An overflow page is written in the same transaction as its cell, before or after it.
      getPage: (n) => {
        const version = (byPage.get(n) ?? []).filter((g) => g.writeOrder <= limit).at(-1);
        if (version) version.role = "overflow";
        return version?.image ?? mainPage(n);
      },
    };
    const header = parseBtreeHeader(f.image, f.page, facts.usableSize);
    if (!header) {
      raw.push(f);
      continue;
    }
    f.pageType = header.type;
    f.role = "btree";
    const read = readPage(f.image, f.page, ctx, {
      cellArea: "cell",
      live: true,
      freeArea: null,
      rawArea: "raw-page",
    });
    for (const r of read.records) records.push(stamp(f, r));
  }
  // Non-b-tree pages are carved last, once we know which of them carried overflow payload.
  const ctx: PageContext = {
    usableSize: facts.usableSize,
    encoding: facts.encoding,
    minCarvedColumns: options.minCarvedColumns ?? 2,
    getPage: () => undefined,
  };
  for (const f of raw) {
    if (f.role === "overflow") continue;
    for (const c of carve(f.image, 0, facts.usableSize, ctx, "any", false))
      records.push(stamp(f, { ...fromCarved(f.page, null, c), area: "raw-page", live: false }));
  }
  records.sort((a, b) => (a.writeOrder ?? 0) - (b.writeOrder ?? 0) || a.pageOffset - b.pageOffset);
  return { header, pageSize: size, frames, records };
}

/**
 * The database as SQLite would see it: the main file with the valid, committed WAL frames applied,
 * cut to the size the last commit gives.
 */
export function applyWal(main: Uint8Array, wal: Uint8Array | WalImage): Uint8Array {
  const image = wal instanceof Uint8Array ? readWal(wal, undefined, { main }) : wal;
  const committed = image.frames.filter((f) => f.committed).sort((a, b) => a.index - b.index);
  const last = committed.at(-1);
  if (!last) return main.slice();
  const size = image.pageSize;
  const out = new Uint8Array(last.commitSize * size);
  out.set(main.subarray(0, Math.min(main.length, out.length)));
  for (const f of committed) if (f.page <= last.commitSize) out.set(f.image, (f.page - 1) * size);
  return out;
}

// ---------------------------------------------------------------------------------------------
// SHM (wal-index)

const SHM_BLOCK = 32768;
const SHM_HEADER = 136;
const SHM_FIRST_ENTRIES = 4096 - SHM_HEADER / 4;

/**
 * Parses a -shm file: both copies of the wal-index header, the checkpoint info and the frame →
 * page table of every hash block. The table alone tells which pages were written in which order,
 * even when the WAL itself is gone; entries past mxFrame are stale but still there.
 */
export function readShm(bytes: Uint8Array): ShmImage {
  if (bytes.length < SHM_HEADER)
    return { littleEndian: true, headers: [], headersMatch: false, checkpoint: null, frames: [] };
  // The wal-index is in the writer's native byte order.
  const littleEndian = u32le(bytes, 0) === 3007000 || u32(bytes, 0) !== 3007000;
  const word = littleEndian ? u32le : u32;
  const half = (o: number) => (littleEndian ? (bytes[o] ?? 0) | ((bytes[o + 1] ?? 0) << 8) : u16(bytes, o));
  const readHeader = (o: number): ShmIndexHeader => {
    const sum = walChecksum(bytes, o, o + 40, !littleEndian, [0, 0]);
    const szPage = half(o + 14);
    const checksum: [number, number] = [word(bytes, o + 40), word(bytes, o + 44)];
    return {
      version: word(bytes, o),
      change: word(bytes, o + 8),
      isInit: bytes[o + 12] ?? 0,
      bigEndianChecksums: (bytes[o + 13] ?? 0) !== 0,
      pageSize: (szPage & 0xfe00) + ((szPage & 1) << 16),
      mxFrame: word(bytes, o + 16),
      pageCount: word(bytes, o + 20),
      frameChecksum: [word(bytes, o + 24), word(bytes, o + 28)],
      // The salts are a byte copy of the WAL header's, so they read big-endian like there.
      salt1: u32(bytes, o + 32),
      salt2: u32(bytes, o + 36),
      checksum,
      checksumValid: sum[0] === checksum[0] && sum[1] === checksum[1],
    };
  };
  const headers = [readHeader(0), readHeader(48)];
  const headersMatch = bytes.subarray(0, 48).every((b, i) => b === bytes[48 + i]);
  const checkpoint = {
    backfilled: word(bytes, 96),
    readMarks: [0, 1, 2, 3, 4].map((i) => word(bytes, 100 + 4 * i)),
    backfillAttempted: word(bytes, 128),
  };
  const mxFrame = headers[0]?.mxFrame ?? 0;
  const frames: ShmFrameEntry[] = [];
  for (let block = 0; block * SHM_BLOCK < bytes.length; block++) {
    const from = block === 0 ? SHM_HEADER : block * SHM_BLOCK;
    const entries = block === 0 ? SHM_FIRST_ENTRIES : 4096;
    const firstFrame = block === 0 ? 0 : SHM_FIRST_ENTRIES + (block - 1) * 4096;
    for (let i = 0; i < entries && from + 4 * i + 4 <= bytes.length; i++) {
      const page = word(bytes, from + 4 * i);
      if (page !== 0) frames.push({ index: firstFrame + i, page, current: firstFrame + i < mxFrame });
    }
  }
  return { littleEndian, headers, headersMatch, checkpoint, frames };
}

// ---------------------------------------------------------------------------------------------
// Rollback journal

const JOURNAL_MAGIC = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

function journalChecksum(init: number, image: Uint8Array, pageSize: number): number {
  let sum = init;
  for (let i = pageSize - 200; i > 0; i -= 200) sum = (sum + (image[i] ?? 0)) >>> 0;
  return sum;
}

/** Looks like a page SQLite wrote: a b-tree header, the database header, or a freelist/overflow link. */
function plausiblePage(image: Uint8Array, page: number): boolean {
  if (page < 1 || page > 0x7fffffff) return false;
  if (page === 1) return String.fromCharCode(...image.subarray(0, 16)) === MAGIC;
  return PAGE_TYPES.has(image[0] ?? 0);
}

/**
 * Parses a rollback -journal: headers (a zeroed one too: with synchronous=FULL the magic and count
 * are written only when the journal is synced, and journal_mode=PERSIST zeroes the header at commit
 * but keeps the pages) and every page record, whose images are the pages as they were before the
 * transaction. Records past the header's count, left by an earlier and larger transaction, are read
 * too (their checksum fails against this header's nonce).
 */
export function readJournal(
  bytes: Uint8Array,
  pageSize?: number,
  options: ContextOptions = {},
): JournalImage {
  const hasMagic = (o: number) => JOURNAL_MAGIC.every((m, i) => bytes[o + i] === m);
  const mainFacts =
    options.main && options.main.length >= 100 ? databaseFacts(options.main, options) : undefined;
  const headerPageSize = u32(bytes, 24);
  const headerSector = u32(bytes, 20);
  const recordsFrom = (sector: number, size: number) => {
    let n = 0;
    for (let o = sector; o + size + 8 <= bytes.length; o += size + 8, n++)
      if (!plausiblePage(bytes.subarray(o + 4, o + 4 + size), u32(bytes, o))) break;
    return n;
  };
  let size = isPageSize(headerPageSize) ? headerPageSize : (pageSize ?? mainFacts?.pageSize);
  let sector = isPageSize(headerSector) ? headerSector : undefined;
  if (size === undefined || sector === undefined) {
    // A zeroed header: take the layout under which the most page records look like pages.
    let best = { score: -1, size: size ?? 4096, sector: sector ?? 512 };
    for (let s = 512; s <= 65536; s *= 2)
      for (let p = 512; p <= 65536; p *= 2) {
        if ((size !== undefined && p !== size) || (sector !== undefined && s !== sector)) continue;
        const score = recordsFrom(s, p);
        if (score > best.score) best = { score, size: p, sector: s };
      }
    size = best.size;
    sector = best.sector;
  }
  const headers: JournalHeader[] = [];
  const pages: JournalPage[] = [];
  const recordSize = size + 8;
  let offset = 0;
  let segment = 0;
  let checksumInit = u32(bytes, 12);
  while (offset + 28 <= bytes.length && (offset === 0 || hasMagic(offset))) {
    const header: JournalHeader = {
      offset,
      magicValid: hasMagic(offset),
      recordCount: u32(bytes, offset + 8),
      checksumInit: u32(bytes, offset + 12),
      originalPageCount: u32(bytes, offset + 16),
      sectorSize: u32(bytes, offset + 20),
      pageSize: u32(bytes, offset + 24),
    };
    headers.push(header);
    checksumInit = header.checksumInit;
    const counted = header.magicValid && header.recordCount > 0 && header.recordCount !== 0xffffffff;
    const available = Math.max(0, Math.floor((bytes.length - offset - sector) / recordSize));
    const n = counted ? Math.min(header.recordCount, available) : available;
    for (let i = 0; i < n; i++) {
      const o = offset + sector + i * recordSize;
      const image = bytes.subarray(o + 4, o + 4 + size);
      const checksum = u32(bytes, o + 4 + size);
      pages.push({
        index: pages.length,
        offset: o,
        page: u32(bytes, o),
        checksum,
        checksumValid: checksum === journalChecksum(header.checksumInit, image, size),
        segment,
        image,
        pageType: null,
      });
    }
    const end = offset + sector + n * recordSize;
    if (!counted) {
      offset = end;
      break;
    }
    const next = Math.ceil(end / sector) * sector;
    if (!hasMagic(next)) {
      offset = end;
      break;
    }
    offset = next;
    segment++;
  }
  // Stale page records of an earlier, larger transaction keep the same stride.
  for (let o = offset; o + recordSize <= bytes.length && headers.length > 0; o += recordSize) {
    const image = bytes.subarray(o + 4, o + 4 + size);
    const checksum = u32(bytes, o + 4 + size);
    pages.push({
      index: pages.length,
      offset: o,
      page: u32(bytes, o),
      checksum,
      checksumValid: checksum === journalChecksum(checksumInit, image, size),
      segment,
      image,
      pageType: null,
    });
  }

  const page1 = pages.find((p) => p.page === 1)?.image;
  const facts = databaseFacts(page1 ?? options.main?.subarray(0, 100), options, size);
  const mainPage = (n: number) =>
    options.main && n >= 1 && n * size <= options.main.length
      ? options.main.subarray((n - 1) * size, n * size)
      : undefined;
  const ctx: PageContext = {
    usableSize: facts.usableSize,
    encoding: facts.encoding,
    minCarvedColumns: options.minCarvedColumns ?? 2,
    // The journal holds the original of every page the transaction touched; others are unchanged.
    getPage: (n) => pages.find((p) => p.page === n)?.image ?? mainPage(n),
  };
  const records: ForensicRecord[] = [];
  for (const p of pages) {
    if (p.page === 0) continue;
    const read = readPage(p.image, p.page, ctx, {
      cellArea: "cell",
      live: true,
      freeArea: null,
      rawArea: "raw-page",
    });
    p.pageType = read.header?.type ?? null;
    for (const r of read.records)
      records.push({ ...r, source: "journal", offset: p.offset + 4 + r.pageOffset, journalRecord: p.index });
  }
  return { headers, pageSize: size, sectorSize: sector, pages, records };
}

// ---------------------------------------------------------------------------------------------
// Helpers for tests

/**
 * Every record in every file given, each with its source, offset and (WAL) frame. WAL records are
 * labelled with the b-tree their page belongs to in the database as SQLite sees it now (main plus
 * committed WAL), journal records with the main file's: a page reused by another tree since then is
 * labelled wrongly, which is why labels are best effort. The -shm holds no record content (see
 * `readShm`) and is accepted only so a test can pass the whole set of files.
 */
export function allRecords(files: ForensicFiles, options: ReadOptions = {}): ForensicRecord[] {
  const main = files.main ?? new Uint8Array(0);
  const image = readDatabaseImage(main, options);
  const records = [...image.records];
  const label = (db: DatabaseImage) => {
    const byPage = new Map<
      number,
      { tree: string | null; table: string | null; type: BtreePageType | null }
    >();
    const tables = new Map(db.schema.map((s) => [s.name, s.table]));
    for (const p of db.pages)
      if (p.role === "btree")
        byPage.set(p.page, {
          tree: p.tree,
          table: p.tree ? (tables.get(p.tree) ?? p.tree) : null,
          type: p.btree?.type ?? null,
        });
    return (r: ForensicRecord): ForensicRecord => {
      const l = byPage.get(r.page);
      // Same tree only if the page still has the same kind of b-tree page.
      if (!l || (r.pageType !== null && l.type !== null && r.pageType.split("-")[0] !== l.type.split("-")[0]))
        return r;
      return { ...r, tree: l.tree, table: l.table };
    };
  };
  const context = { ...options, main };
  if (files.wal) {
    const wal = readWal(files.wal, image.header.valid ? image.header.pageSize : undefined, context);
    const now = readDatabaseImage(applyWal(main, wal), options);
    records.push(...wal.records.map(label(now)));
  }
  if (files.journal) {
    const journal = readJournal(
      files.journal,
      image.header.valid ? image.header.pageSize : undefined,
      context,
    );
    records.push(...journal.records.map(label(image)));
  }
  return records;
}

/** What to look for in a record: a value predicate, or a needle matched against every value. */
export type RecordNeedle =
  | string
  | number
  | bigint
  | Uint8Array
  | ((value: SqlValue, record: ForensicRecord) => boolean);

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  return searchBytes(hay, needle).length > 0;
}

/**
 * Records holding the needle: text containing a string (or a blob containing its UTF-8 bytes), an
 * integer or real equal to a number (the rowid counts: it is where an INTEGER PRIMARY KEY lives),
 * text or blob bytes containing a byte string, or any value the predicate accepts.
 */
export function findRecordsContaining<R extends ForensicRecord>(
  records: readonly R[],
  needle: RecordNeedle,
): R[] {
  const test = (value: SqlValue, record: R): boolean => {
    if (typeof needle === "function") return needle(value, record);
    if (typeof needle === "string") {
      if (typeof value === "string") return value.includes(needle);
      return value instanceof Uint8Array && contains(value, ENCODER.encode(needle));
    }
    if (typeof needle === "number" || typeof needle === "bigint")
      return (typeof value === "number" || typeof value === "bigint") && sameNumber(value, needle);
    if (typeof value === "string") return contains(ENCODER.encode(value), needle);
    return value instanceof Uint8Array && contains(value, needle);
  };
  return records.filter(
    (r) =>
      r.values.some((v) => test(v, r)) ||
      ((typeof needle === "number" || typeof needle === "bigint") &&
        r.rowid !== null &&
        sameNumber(r.rowid, needle)),
  );
}

function sameNumber(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b;
  const n = typeof a === "number" ? a : b;
  const big = typeof a === "bigint" ? a : b;
  return Number.isInteger(n) && BigInt(n) === big;
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const out = new Array<number>(xs.length).fill(0);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]?.x === order[k]?.x) j++;
    // Ties share the mean of the ranks they span.
    const mean = (k + j) / 2 + 1;
    for (let t = k; t <= j; t++) out[order[t]?.i ?? 0] = mean;
    k = j + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation (ties get their average rank; Pearson's r of the ranks). NaN when it
 * is undefined (fewer than two points, or a constant list), so a test asserting |rho| < 0.2 fails.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error(`spearman: ${xs.length} values against ${ys.length}`);
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] ?? 0) - mean;
    const dy = (ry[i] ?? 0) - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Every offset (overlapping ones too) where the needle occurs; a string is searched as UTF-8. */
export function searchBytes(haystack: Uint8Array, needle: Uint8Array | string): number[] {
  const n = typeof needle === "string" ? ENCODER.encode(needle) : needle;
  if (n.length === 0) return [];
  const hay = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  const out: number[] = [];
  for (let at = hay.indexOf(n); at !== -1; at = hay.indexOf(n, at + 1)) out.push(at);
  return out;
}

/**
 * For each key, the WAL record where it first appears in write order: a row appears in the frame
 * of the transaction that wrote it, then again in every later image of its page, so its first
 * appearance dates it. `keyOf` returns undefined for records to ignore.
 */
export function firstAppearances(
  records: readonly ForensicRecord[],
  keyOf: (record: ForensicRecord) => string | undefined,
): Map<string, ForensicRecord> {
  const first = new Map<string, ForensicRecord>();
  for (const r of records) {
    if (r.source !== "wal" || r.writeOrder === undefined) continue;
    const key = keyOf(r);
    if (key === undefined) continue;
    const seen = first.get(key);
    if (!seen || (seen.writeOrder ?? 0) > r.writeOrder) first.set(key, r);
  }
  return first;
}

/**
 * The attacker's link guess between two kinds of WAL records dated by `firstAppearances` (say
 * check-ins and ballots): each `from` key is paired with the `to` key first written in the same
 * transaction or the next one after it. Right when the two are written together or one right after
 * the other; a store that hides the link makes these guesses no better than chance (1 in n).
 */
export function guessLinks(
  from: ReadonlyMap<string, ForensicRecord>,
  to: ReadonlyMap<string, ForensicRecord>,
): Map<string, string> {
  const targets = [...to]
    .filter(([, r]) => r.txn !== undefined)
    .sort(([, a], [, b]) => (a.txn ?? 0) - (b.txn ?? 0) || (a.writeOrder ?? 0) - (b.writeOrder ?? 0));
  const guesses = new Map<string, string>();
  for (const [key, r] of from) {
    const txn = r.txn;
    if (txn === undefined) continue;
    let lo = 0;
    let hi = targets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((targets[mid]?.[1].txn ?? 0) < txn) lo = mid + 1;
      else hi = mid;
    }
    const target = targets[lo];
    if (target) guesses.set(key, target[0]);
  }
  return guesses;
}

/** A copy of every file SQLite keeps for the database at `path`, as it is on disk right now. */
export function snapshotFiles(path: string): ForensicFiles {
  const read = (p: string) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined);
  const files: ForensicFiles = {};
  const main = read(path);
  const wal = read(`${path}-wal`);
  const shm = read(`${path}-shm`);
  const journal = read(`${path}-journal`);
  if (main) files.main = main;
  if (wal) files.wal = wal;
  if (shm) files.shm = shm;
  if (journal) files.journal = journal;
  return files;
}
