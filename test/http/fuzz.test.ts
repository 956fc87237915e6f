import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BODY_LIMIT_BYTES } from "../../server/app.ts";
import { mulberry32 } from "../../server/domain/seeded-random.ts";
import { ticketRef } from "../../server/domain/voting.ts";
import { type AccessRule, rulesOf } from "../../server/http/auth.ts";
import { paths } from "../../server/http/paths.ts";
import { ROSTER_MAX_BYTES } from "../../server/import/roster-file.ts";
import { buildScenario, byCode, type FixtureResident } from "../../server/scenario-builder.ts";
import {
  addUser,
  BOARD_ACTOR,
  CHEAP_SEAL,
  Client,
  dataAttr,
  makeApp,
  PASSWORD,
  stampForm,
  type TestApp,
  testPasswordHash,
  testScenario,
  unwrap,
} from "../helpers.ts";
import { ballotOnKiosk, castHeld, deviceOf, entryIdOf, htmx, RESIDENTS } from "../voting-helpers.ts";

/**
 * Issue #12 §6: every state-changing route gets random, hostile input, and every answer is checked.
 *
 * Every request the generator makes is hostile in at least one respect that must get it refused,
 * named in the request's description (`hostile: …`) and chosen before anything else about it:
 *  - csrf: no token, a wrong one, another client's, an almost-right one, a foreign Origin, a
 *    cross-site Sec-Fetch-Site;
 *  - role: a client the route's access rule (allow(...)) refuses: another role, an anonymous
 *    browser, an unpaired kiosk device, garbage cookies, an officer's browser that holds a kiosk's
 *    cookie;
 *  - type: a body that is not a form (JSON, plain text, XML, multipart/mixed, no Content-Type);
 *  - unreadable: a broken multipart body (no boundary, another boundary, cut off, garbage), the
 *    token not in a header, so the body must be read to check it;
 *  - size: a body over the form limit (over the upload limit for the board's roster upload);
 *  - host: a Host the server does not serve (DNS rebinding);
 *  - id: a path parameter that is not the client's own: a real id of someone else (the other
 *    point, its kiosk, the board's own account as an "officer"), or no such record, or garbage;
 *  - field: a field the route's own validation must refuse (SPECS: a required field left out or
 *    given a value it cannot take: a code with a space, a name of 301 characters, a wrong
 *    password, a ticket the kiosk does not hold, a mark that is no level, a hostile roster file…),
 *    everything else in the form plausible, so that the route's own checks are what answer.
 * On top of that, any request may carry more of the same, random fields with hostile values
 * (injection strings, huge strings, invalid UTF-8 of several kinds, other records' real ids),
 * varied encodings (urlencoded, multipart, raw invalid UTF-8) and htmx or not.
 *
 * What is checked, for every request: never a 5xx; a POST is refused (4xx, nothing else: not a
 * redirect, not a 2xx) with a Vietnamese message and no stack trace or echoed markup; and the state
 * (see `stateOf`) is exactly what it was before. The exceptions are stated where they are made:
 * GET /kiosk, whose purpose is to register a device (`checkKioskGet`), the few polls that answer
 * normally (a GET carries no refusal: a hostile query must change nothing), and the board's roster
 * upload under htmx, answered 202 while its job checks the file: the job is followed to its end,
 * which must be a 422 with nothing stored. (The console's kiosk card used to refuse a request
 * without htmx with a bare redirect to the console, no reason given: this test found it.)
 *
 * Two campaigns: a draft, where the board's set-up routes (campaign, communes, officials, points,
 * ballot styles, officers, roster import, stamp) read the form and their validators answer, and a
 * stamped one with two points (each with its officers and a paired kiosk), fuzzed at a point not
 * yet opened, open with a ballot in progress, paused, and closed with its minutes made, while the
 * other point stays open. Seeded (FUZZ_SEED to try another seed): the same requests every run,
 * each named #i with its phase, client, method, path and what makes it hostile.
 */

const SEED = Number(process.env["FUZZ_SEED"] ?? 20261130);
/** Requests per phase: 3,700 in all. */
const PHASES = { draft: 1000, "not opened": 700, open: 700, paused: 600, closed: 700 } as const;
/** Each state-changing route is sent at least this many requests, and this many reach its handler. */
const MIN_SENT = 10;
const MIN_REACHED = 3;

const DAY = "2026-10-27";

/** A small seeded generator (mulberry32): the same seed, the same requests, every run. */
function random(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => {
    if (xs.length === 0) throw new Error("pick from nothing");
    return xs[int(xs.length)] as T;
  };
  const chance = (p: number) => next() < p;
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(16)]).join("");
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  /** One of `weights`' keys, each as likely as its weight. */
  const weighted = <K extends string>(weights: Partial<Record<K, number>>): K => {
    const entries = Object.entries(weights) as [K, number][];
    let x = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      x -= w;
      if (x < 0) return key;
    }
    return (entries.at(-1) as [K, number])[0];
  };
  return { next, int, pick, chance, hex, bytes, weighted };
}
type Random = ReturnType<typeof random>;

const UTF8 = new TextEncoder();
type Bytes = Uint8Array<ArrayBuffer>;
const concat = (...parts: (string | Bytes)[]): Bytes => {
  const chunks = parts.map((p) => (typeof p === "string" ? UTF8.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";

const HOSTILE = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "9".repeat(40),
  SCRIPT,
  IMG,
  "' OR 1=1 --",
  '"; DROP TABLE ballots; --',
  '=HYPERLINK("http://x")',
  "../../etc/passwd",
  "\u0000\u0001",
  "\u202eabc",
  "\u200b\u00ad",
  "Nguye\u0302\u0303n",
  "Đặng Văn Ưởng",
  "\ud800",
  "2026-10-27",
  "2026-02-30",
  "high",
  "low",
  "Tổ trưởng",
  "x".repeat(5000),
];

/** Ways UTF-8 goes wrong; each request that carries invalid bytes mixes a few at random. */
const INVALID_UTF8: Record<string, (r: Random) => number[]> = {
  "lone continuation byte": (r) => [0x80 + r.int(0x40)],
  "overlong encoding": (r) =>
    r.pick([
      [0xc0, 0xaf],
      [0xc1, 0xbf],
      [0xe0, 0x80, 0xaf],
      [0xf0, 0x80, 0x80, 0xaf],
    ]),
  "UTF-16 surrogate": (r) => [0xed, 0xa0 + r.int(0x20), 0x80 + r.int(0x40)],
  "above U+10FFFF": (r) => [0xf4, 0x90 + r.int(0x30), 0x80, 0x80],
  "byte never in UTF-8": (r) => [r.pick([0xc0, 0xc1, 0xf5, 0xf8, 0xfc, 0xfe, 0xff])],
  "sequence cut short": (r) => r.pick([[0xc3], [0xe1, 0xba], [0xf0, 0x9f, 0x98]]),
  "bad continuation": (r) =>
    r.pick([
      [0xc3, 0x28],
      [0xe2, 0x28, 0xa1],
      [0xf0, 0x28, 0x8c, 0x28],
    ]),
};
const invalidKinds = new Map<string, number>();

/** Text with one to four invalid UTF-8 sequences among valid Vietnamese and ASCII. */
function invalidUtf8(r: Random): Bytes {
  const parts: (string | Bytes)[] = [];
  for (let n = 1 + r.int(4); n > 0; n--) {
    const kind = r.pick(Object.keys(INVALID_UTF8));
    invalidKinds.set(kind, (invalidKinds.get(kind) ?? 0) + 1);
    parts.push(r.pick(["", "a", "Ng", "Đặng ", "x=1"]), Uint8Array.from(INVALID_UTF8[kind]?.(r) ?? []));
  }
  return concat(...parts, r.pick(["", "b", "ễn"]));
}

type Value = string | Bytes;
type Field = [name: Value, value: Value];
type FilePart = { kind: string; name: Value; type: string; bytes: Bytes };

/** Field names sent with hostile values: every form field of the app, and a few that are traps. */
const NOISE_FIELDS = [
  "code name username password current next confirm entryId kioskId reason t m.HQ-01 m.HQ-02",
  "confirmBlank days pointIds officialIds mode q incidents requiredSigners kioskIdleMinutes",
  "displayName teamRole communeId mergedInto ruleSet onePer smallPointThreshold minTurnoutPercent",
  "aggregator district position diem o level den doi day version ky digest phieu may tinh-trang",
  "ban-xem __proto__ constructor",
].flatMap((line) => line.split(" "));

// ---------------------------------------------------------------------------------------------
// Hostile roster files: never a roster that could be stored (every data row has a birth year the
// import refuses, or the file is no table at all).
// ---------------------------------------------------------------------------------------------

const HEADER = "STT,Họ và tên,Năm sinh,Giới tính,Số CCCD,Mã hộ,Quan hệ với chủ hộ,Thôn/Tổ dân phố\n";
const BAD_BIRTH = ["19x5", "3000", "", "abc", "1800", "2026-02-30", "=1+1"];
const fileKinds = new Map<string, number>();

function rosterFile(r: Random, huge: boolean): FilePart {
  const rows = (n: number, name: () => Value) =>
    concat(
      ...Array.from({ length: n }, (_, i) =>
        concat(
          `${i + 1},`,
          name(),
          `,${r.pick(BAD_BIRTH)},Nam,0011${r.hex(8).replace(/\D/g, "7")},H${i},Chủ hộ,Thôn 1\n`,
        ),
      ),
    );
  const kinds: Record<string, () => Bytes> = {
    empty: () => new Uint8Array(0),
    "random bytes": () => r.bytes(1 + r.int(4096)),
    "PNG image": () =>
      concat(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), r.bytes(200)),
    "broken xlsx (zip header, garbage)": () => concat("PK\u0003\u0004", r.bytes(500)),
    "CSV in invalid UTF-8": () =>
      concat(
        HEADER,
        rows(1 + r.int(5), () => invalidUtf8(r)),
      ),
    "CSV without a birth-year column": () =>
      concat("STT,Họ và tên,Giới tính\n1,Võ Văn Dũng,Nam\n2,", invalidUtf8(r), ",Nữ\n"),
    "CSV whose rows are all invalid": () =>
      concat(
        HEADER,
        rows(1 + r.int(30), () => r.pick([SCRIPT, '=HYPERLINK("http://x")', "Lê Văn Tám", "x".repeat(400)])),
      ),
    "CSV header only": () => UTF8.encode(HEADER),
    "UTF-16 text": () => concat(Uint8Array.from([0xff, 0xfe]), r.bytes(100)),
  };
  let kind = r.pick(Object.keys(kinds));
  let bytes: Bytes;
  if (huge) {
    kind = "over the upload limit";
    bytes = new Uint8Array(ROSTER_MAX_BYTES + BODY_LIMIT_BYTES + 1024).fill(0x61);
  } else bytes = (kinds[kind] as () => Bytes)();
  fileKinds.set(kind, (fileKinds.get(kind) ?? 0) + 1);
  const name: Value = r.chance(0.15)
    ? concat("ds-", invalidUtf8(r), ".csv")
    : r.pick([
        "danh-sach.csv",
        "danh-sach.xlsx",
        "ds",
        "../../etc/passwd",
        `${"x".repeat(300)}.csv`,
        `${SCRIPT}.csv`,
      ]);
  return { kind, name, type: r.pick(["text/csv", "application/octet-stream", "image/png", ""]), bytes };
}

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

const percent = (v: Value): string =>
  [...(typeof v === "string" ? UTF8.encode(v) : v)]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");

const urlencoded = (fields: readonly Field[], raw: boolean): Bytes =>
  concat(
    ...fields.flatMap(([name, value], i) => [
      i > 0 ? "&" : "",
      percent(name),
      "=",
      raw && typeof value !== "string" ? value : percent(value),
    ]),
  );

function multipart(fields: readonly Field[], file: FilePart | null, boundary: string): Bytes {
  const parts = fields.map(([name, value]) =>
    concat(`--${boundary}\r\nContent-Disposition: form-data; name="`, name, '"\r\n\r\n', value, "\r\n"),
  );
  if (file) {
    parts.push(
      concat(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`,
        file.name,
        `"\r\n${file.type ? `Content-Type: ${file.type}\r\n` : ""}\r\n`,
        file.bytes,
        "\r\n",
      ),
    );
  }
  return concat(...parts, `--${boundary}--\r\n`);
}

/** The encodings a page's own forms use (the token can ride in the body). */
type FormEncoding = "urlencoded" | "urlencoded, raw bytes" | "multipart" | "no body";
/** Bodies that are not forms: refused whole (415) before any route reads them. */
const NOT_A_FORM = ["JSON", "text/plain", "XML", "multipart/mixed", "no Content-Type"] as const;
/** Multipart bodies that cannot be read: refused (400) where the token is looked for. */
const BROKEN_MULTIPART = ["no boundary", "another boundary", "cut off", "garbage"] as const;
const encodings = new Map<string, number>();

function body(
  r: Random,
  encoding: FormEncoding | (typeof NOT_A_FORM)[number] | (typeof BROKEN_MULTIPART)[number],
  fields: readonly Field[],
  file: FilePart | null,
): { type: string | null; bytes: Bytes | null } {
  encodings.set(encoding, (encodings.get(encoding) ?? 0) + 1);
  const boundary = `----tn${r.hex(12)}`;
  const asText = (v: Value) => (typeof v === "string" ? v : new TextDecoder().decode(v));
  switch (encoding) {
    case "urlencoded":
      return {
        type: r.pick([
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded; charset=UTF-8",
          "application/x-www-form-urlencoded; charset=ISO-8859-1",
        ]),
        bytes: urlencoded(fields, false),
      };
    case "urlencoded, raw bytes":
      return { type: "application/x-www-form-urlencoded", bytes: urlencoded(fields, true) };
    case "multipart":
      return {
        type: r.chance(0.2)
          ? `multipart/form-data; boundary="${boundary}"`
          : `multipart/form-data; boundary=${boundary}`,
        bytes: multipart(fields, file, boundary),
      };
    case "no body":
      return { type: r.chance(0.5) ? "application/x-www-form-urlencoded" : null, bytes: null };
    case "JSON":
      return {
        type: "application/json",
        bytes: UTF8.encode(
          JSON.stringify(Object.fromEntries(fields.map(([k, v]) => [asText(k), asText(v)]))),
        ),
      };
    case "text/plain":
      return { type: "text/plain;charset=UTF-8", bytes: concat(urlencoded(fields, true), " ") };
    case "XML":
      return {
        type: "application/xml",
        bytes: concat("<?xml version='1.0'?><form>", urlencoded(fields, true), "</form>"),
      };
    case "multipart/mixed":
      return { type: `multipart/mixed; boundary=${boundary}`, bytes: multipart(fields, file, boundary) };
    case "no Content-Type":
      return { type: null, bytes: concat(urlencoded(fields, true), " ") };
    case "no boundary":
      return { type: "multipart/form-data", bytes: multipart(fields, file, boundary) };
    case "another boundary":
      return { type: `multipart/form-data; boundary=x${boundary}`, bytes: multipart(fields, file, boundary) };
    case "cut off": {
      const whole = multipart(fields, file, boundary);
      return {
        type: `multipart/form-data; boundary=${boundary}`,
        bytes: whole.slice(0, Math.max(0, whole.length - 3 - r.int(20))),
      };
    }
    case "garbage":
      return {
        type: `multipart/form-data; boundary=${boundary}`,
        bytes: concat(r.bytes(1 + r.int(300)), "\r\n--"),
      };
  }
}

// ---------------------------------------------------------------------------------------------
// The state a request must not change
// ---------------------------------------------------------------------------------------------

/**
 * Tables a refused request is meant to write: the audit log (refusals are audited; checked apart,
 * see `AUDITED_REFUSALS`), and the back-off counters of wrong passwords, pairing codes and kiosk
 * registrations (a wrong password must count).
 */
const WRITTEN_BY_REFUSALS = new Set(["audit_log", "login_throttle", "login_failure_tally"]);
/** Columns that record when something was last seen, not what it is. */
const PRESENCE: Record<string, readonly string[]> = {
  sessions: ["last_seen_at", "expires_at"],
  kiosks: ["last_seen_at"],
};
/** What refused requests may add to the audit log: failures, never a change made. */
const AUDITED_REFUSALS = /^(login\.(failure|failure\.summary|attack|locked)|[a-z_.]+\.failed)$/;

type State = {
  /** Each table's rows, hashed (every table of both files but WRITTEN_BY_REFUSALS and kiosks). */
  tables: Map<string, string>;
  /** The kiosk devices, by id, as JSON (GET /kiosk may add one: checkKioskGet). */
  kiosks: Map<string, string>;
  /** Tickets and ballots in progress, in memory (server/db/ticket-book.ts). */
  memory: string;
  auditSeq: number;
};

/**
 * The whole state a request could change: every row of every table of the main file and of the
 * ballot file (but WRITTEN_BY_REFUSALS, and PRESENCE columns), and in memory each kiosk's ticket,
 * whether it was opened, the marks and display of its ballot in progress (not which screen it is on
 * or when it was last touched: a refused cast shows the review again, by design), its last cast
 * and last voided ticket, and the tickets outstanding.
 */
function stateOf(t: TestApp): State {
  const tables = new Map<string, string>();
  const kiosks = new Map<string, string>();
  for (const [file, db] of [
    ["main", t.store.db],
    ["ballots", t.store.ballots.db],
  ] as const) {
    const names = db
      .query<{ name: string }, []>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((r) => r.name)
      .filter((n) => !WRITTEN_BY_REFUSALS.has(n));
    for (const table of names) {
      const hash = createHash("sha256");
      for (const row of db.query<Record<string, unknown>, []>(`SELECT * FROM "${table}"`).all()) {
        for (const column of PRESENCE[table] ?? []) delete row[column];
        if (file === "main" && table === "kiosks") kiosks.set(String(row["id"]), JSON.stringify(row));
        else hash.update(`${JSON.stringify(row)}\n`);
      }
      if (!(file === "main" && table === "kiosks")) tables.set(`${file}.${table}`, hash.digest("hex"));
    }
  }
  const book = t.store.tickets;
  const memory = [...kiosks.keys()]
    .sort()
    .flatMap((id) => {
      const ticket = book.forKiosk(id);
      const p = book.currentProgress(id);
      const held = [
        ticket?.id ?? null,
        ticket?.opened ?? null,
        p ? [p.marks, p.textSize, p.highContrast] : null,
        book.lastCastBy(id),
        book.lastVoidedAt(id),
      ];
      // A device with nothing in memory adds nothing (a new one is GET /kiosk's to judge).
      return held.every((x) => x === null) ? [] : [JSON.stringify([id, ...held])];
    })
    .concat(JSON.stringify([...book.outstandingAll()].sort()))
    .join("\n");
  const auditSeq =
    t.store.db.query<{ seq: number | null }, []>("SELECT max(seq) AS seq FROM audit_log").get()?.seq ?? 0;
  return { tables, kiosks, memory, auditSeq };
}

/** What changed between two states: tables, kiosk ids, memory (empty when nothing did). */
function changes(before: State, after: State, kiosksToo: boolean): string[] {
  const out = [...after.tables].filter(([k, v]) => before.tables.get(k) !== v).map(([k]) => k);
  if (before.tables.size !== after.tables.size) out.push("(a table appeared or vanished)");
  if (before.memory !== after.memory) out.push("(tickets or ballots in memory)");
  if (kiosksToo) {
    for (const id of new Set([...before.kiosks.keys(), ...after.kiosks.keys()])) {
      if (before.kiosks.get(id) !== after.kiosks.get(id)) out.push(`main.kiosks ${id}`);
    }
  }
  return out;
}

/**
 * GET /kiosk registers a browser as a kiosk device when a pairing window is open (that is its
 * purpose), or gives the device it already is a fresh code. What a hostile query string (?diem=…,
 * ?chon=…, garbage, invalid percent-encoding) or hostile cookies may therefore change, and nothing
 * more, is what the page's own requests — /kiosk, or /kiosk?diem=<a point the choice screen offers>
 * — change:
 *  - every table but kiosks, and memory, unchanged;
 *  - a paired kiosk, or one awaiting its second officer, unchanged;
 *  - the requesting browser's own unpaired device may get a fresh code (its pairing fields only),
 *    under a point whose window is open: its own, the one the query named, or the only one open;
 *  - a browser that is no device may become one: at most one new row, unpaired, with a code under
 *    a point whose window is open — and, while several windows are open, under the one the query
 *    named (plain /kiosk then shows the choice and creates nothing); making it may forget the oldest
 *    unpaired codes of that window (MAX_PENDING_PER_WINDOW), never a paired kiosk.
 * "Named" is the first ?diem= read as a number, as the route reads it ("0x1" and " 1" name point 1
 * too: lenient, but only ever a point the choice screen offers), and only if its window is open.
 */
function checkKioskGet(
  before: State,
  after: State,
  context: { device: string | null; windows: readonly number[]; named: number | null },
): string[] {
  const problems = changes(before, after, false);
  const row = (json: string | undefined) => (json ? (JSON.parse(json) as Record<string, unknown>) : null);
  const settled = (r: Record<string, unknown> | null) =>
    r?.["point_id"] != null || r?.["awaiting_point_id"] != null;
  const added = [...after.kiosks.keys()].filter((id) => !before.kiosks.has(id));
  if (added.length > 1) problems.push(`${added.length} kiosk devices made by one request`);
  for (const id of added) {
    const r = row(after.kiosks.get(id));
    if (context.device !== null) problems.push(`a new device ${id} for a browser that is a device already`);
    if (settled(r)) problems.push(`a new device ${id} came paired`);
    if (!context.windows.includes(Number(r?.["pairing_point_id"])))
      problems.push(
        `a new device ${id} has a code under point ${r?.["pairing_point_id"]}, whose window is not open`,
      );
    if (context.windows.length > 1 && Number(r?.["pairing_point_id"]) !== context.named)
      problems.push(
        `a new device ${id} under point ${r?.["pairing_point_id"]}: several windows are open and the query named ${context.named ?? "none"}`,
      );
  }
  const own = context.device;
  const renewed = own !== null && before.kiosks.get(own) !== after.kiosks.get(own);
  for (const [id, json] of before.kiosks) {
    const was = row(json);
    const now = row(after.kiosks.get(id));
    if (json === after.kiosks.get(id)) continue;
    if (settled(was)) problems.push(`paired kiosk ${id} changed`);
    else if (now === null) {
      if (added.length === 0 && !renewed) problems.push(`unpaired device ${id} forgotten, no code given`);
    } else if (id !== context.device) problems.push(`another browser's device ${id} changed`);
    else {
      const moved = Object.keys({ ...was, ...now }).filter(
        (k) => JSON.stringify(was?.[k]) !== JSON.stringify(now[k]),
      );
      const allowed = ["pairing_code", "pairing_expires_at", "pairing_point_id"];
      if (moved.some((k) => !allowed.includes(k)))
        problems.push(`own device ${id} changed ${moved.join(", ")}`);
      const under = Number(now["pairing_point_id"]);
      if (!context.windows.includes(under))
        problems.push(`own device ${id} has a code under point ${under}, whose window is not open`);
      if (
        under !== Number(was?.["pairing_point_id"]) &&
        under !== context.named &&
        context.windows.length > 1
      )
        problems.push(`own device ${id} moved under point ${under}, which the query did not name`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Clients and the two campaigns
// ---------------------------------------------------------------------------------------------

type Role = "board" | "officer" | "kiosk" | "anonymous" | "device";

/**
 * A browser as the fuzz sends it: its cookies are fixed for the whole run (a fuzz request's
 * Set-Cookie is never kept), so each client stays the role it is named for.
 */
type Fuzzer = {
  name: string;
  role: Role;
  ip: string;
  cookie: string;
  /** The CSRF token its pages carry: the one that passes. */
  token: string;
  /** The officer's point, or the point of the kiosk. */
  pointId: number | null;
  /** Its own kiosk device (paired, or waiting with a code). */
  deviceId: string | null;
};

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

function fuzzer(c: Client, name: string, role: Role, own: Partial<Fuzzer> = {}): Fuzzer {
  const token = c.cookies.get("tn_csrf");
  if (!token) throw new Error(`fixture: ${name} has no CSRF token`);
  return { name, role, ip: c.ip, cookie: cookieOf(c), token, pointId: null, deviceId: null, ...own };
}

/** Whether the route's access rule lets this client through (auth.ts: allow()). */
function allows(rules: readonly AccessRule[], f: Fuzzer): boolean {
  if (rules.includes("public")) return true;
  if (f.role === "kiosk") return rules.includes("kiosk");
  if (f.role === "anonymous" || f.role === "device") return false;
  if (rules.includes("user")) return true;
  return rules.includes(f.role);
}

type World = {
  name: string;
  t: TestApp;
  /** The fixture's own board browser: follows an upload's job, never fuzzed. */
  board: Client;
  fuzzers: Fuzzer[];
  points: number[];
  communes: number[];
  officials: number[];
  officerUsers: number[];
  boardUserId: number;
  /** Point id → its paired kiosks. */
  kiosksAt: Map<number, string[]>;
  /** Point id → its residents not yet checked in. */
  entriesAt: Map<number, number[]>;
  stampSeen: string;
  /** Tickets cast or voided before: a kiosk may send them again. */
  staleTickets: string[];
  hq: number;
  usernames: string[];
  state: State;
};

async function loggedIn(t: TestApp, username: string, ip: string): Promise<Client> {
  const c = new Client(t, ip);
  const res = await c.login(username);
  if (res.status !== 303) throw new Error(`fixture: login of ${username}: ${res.status}`);
  return c;
}

async function must(res: Promise<Response>, status: number, what: string): Promise<Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture: ${what}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  return r;
}

const garbageFuzzer = (r: Random, ip: string): Fuzzer => {
  const token = r.hex(64);
  return {
    name: "garbage cookies",
    role: "anonymous",
    ip,
    cookie: `tn_session=${r.hex(64)}; tn_kiosk=${r.hex(64)}; tn_csrf=${token}; tn_device=${r.hex(16)}`,
    token,
    pointId: null,
    deviceId: null,
  };
};

const officerOptions = async () => ({
  password: PASSWORD,
  mustChangePassword: false,
  seal: CHEAP_SEAL,
  passwordHash: await testPasswordHash(PASSWORD),
});

/** The campaign as the board prepares it: HQ-T1 with its two officers, no roster, not stamped. */
async function draftWorld(r: Random): Promise<World> {
  const t = makeApp();
  const built = unwrap(
    await buildScenario(t, BOARD_ACTOR, testScenario({ officers: true }), {
      until: "draft",
      officers: await officerOptions(),
    }),
  );
  const boardUser = await addUser(t, "bt-fuzz", "board");
  const board = await loggedIn(t, "bt-fuzz", "192.0.2.40");
  const officer = await loggedIn(t, "hq-t1-1", "192.0.2.21");
  const anonymous = new Client(t, "192.0.2.42");
  await anonymous.csrf();
  const point = byCode(built.points, "HQ-T1");
  const world: World = {
    name: "draft",
    t,
    board,
    fuzzers: [
      fuzzer(board, "board", "board"),
      fuzzer(officer, "officer HQ-T1", "officer", { pointId: point.id }),
      fuzzer(anonymous, "anonymous", "anonymous"),
      garbageFuzzer(r, "192.0.2.43"),
    ],
    points: built.points.map((p) => p.id),
    communes: built.communes.map((c) => c.id),
    officials: built.officials.map((o) => o.id),
    officerUsers: built.officers.map((o) => o.userId),
    boardUserId: boardUser.id,
    kiosksAt: new Map(),
    entriesAt: new Map(),
    stampSeen: (await stampForm(board))["ban-xem"] ?? "",
    staleTickets: [],
    hq: byCode(built.communes, "HQ").id,
    usernames: ["bt-fuzz", "hq-t1-1", "hq-t1-2"],
    state: stateOf(t),
  };
  return world;
}

const SECOND_POINT_RESIDENTS: FixtureResident[] = [
  {
    fullName: "Phan Thị Cúc",
    birthYear: 1961,
    cccd: "046161000123",
    householdCode: "K1",
    relation: "Chủ hộ",
  },
  { fullName: "Đinh Văn Tư", birthYear: 1990, cccd: "046190000456", householdCode: "K2", relation: "Chủ hộ" },
];

/**
 * The stamped campaign with two points voting today: HQ-T1 (officers hq-t1-1 and hq-t1-2, kiosk K1)
 * and HQ-T2 (hq-t2-1 and hq-t2-2, kiosk K2), both kiosks paired and confirmed, neither point opened;
 * both pairing windows stay open (the clock does not move), and an unpaired device waits with a code
 * under HQ-T1's. `phase` moves it on: open (a ballot cast at K1, then K1 holding a ballot with one row
 * chosen, K2 one untouched), HQ-T1 paused, HQ-T1 closed (its ticket voided, minutes made) while
 * HQ-T2 stays open.
 */
async function votingWorld(r: Random) {
  const t = makeApp();
  const base = testScenario({ residents: RESIDENTS, officers: true });
  const built = unwrap(
    await buildScenario(
      t,
      BOARD_ACTOR,
      {
        ...base,
        points: [
          ...base.points,
          {
            code: "HQ-T2",
            name: "Thôn 2, Xã Hương Quang",
            commune: "HQ",
            day: DAY,
            roster: SECOND_POINT_RESIDENTS.length,
            residents: SECOND_POINT_RESIDENTS,
            officers: [
              { name: "hq-t2-1", role: "Tổ trưởng" },
              { name: "hq-t2-2", role: "Thư ký" },
            ],
          },
        ],
      },
      { officers: await officerOptions() },
    ),
  );
  const p1 = byCode(built.points, "HQ-T1").id;
  const p2 = byCode(built.points, "HQ-T2").id;
  const boardUser = await addUser(t, "bt-fuzz", "board");
  const board = await loggedIn(t, "bt-fuzz", "192.0.2.40");
  const officer1 = await loggedIn(t, "hq-t1-1", "192.0.2.21");
  const officer2 = await loggedIn(t, "hq-t2-1", "192.0.2.23");
  const second = {
    [p1]: await loggedIn(t, "hq-t1-2", "192.0.2.22"),
    [p2]: await loggedIn(t, "hq-t2-2", "192.0.2.24"),
  };
  /** Pairs a new browser at the point: window, code (?diem= picks the point), pair, confirm. */
  const pair = async (officer: Client, pointId: number, ip: string) => {
    await must(officer.post(paths.officer.pairingWindow(pointId), {}, htmx), 200, "pairing window");
    const kiosk = new Client(t, ip);
    const code = dataAttr(
      await (await kiosk.get(`${paths.kiosk.home}?diem=${pointId}`)).text(),
      "pairing-code",
    );
    await must(officer.post(paths.officer.pair(pointId), { code: code ?? "" }, htmx), 200, "pair");
    const id = deviceOf(t, kiosk)?.id ?? "";
    const confirmer = second[pointId] as Client;
    await must(confirmer.post(paths.officer.confirmKiosk(pointId, id), {}, htmx), 200, "confirm");
    return { kiosk, id };
  };
  const k1 = await pair(officer1, p1, "192.0.2.50");
  const k2 = await pair(officer2, p2, "192.0.2.51");
  const waiting = new Client(t, "192.0.2.52");
  await waiting.get(`${paths.kiosk.home}?diem=${p1}`);
  const device = deviceOf(t, waiting);
  if (!device || device.pointId !== null) throw new Error("fixture: no unpaired device");
  const anonymous = new Client(t, "192.0.2.42");
  await anonymous.csrf();
  const mixed = fuzzer(officer1, "officer HQ-T1 holding kiosk K2's cookie", "kiosk", {
    ip: "192.0.2.25",
    pointId: p2,
    deviceId: k2.id,
  });
  mixed.cookie = `${mixed.cookie}; tn_kiosk=${k2.kiosk.cookies.get("tn_kiosk")}`;
  const entries = (names: string[]) => names.map((n) => entryIdOf(t, n));
  const world: World = {
    name: "voting",
    t,
    board,
    fuzzers: [
      fuzzer(board, "board", "board"),
      fuzzer(officer1, "officer HQ-T1", "officer", { pointId: p1 }),
      fuzzer(officer2, "officer HQ-T2", "officer", { pointId: p2 }),
      fuzzer(k1.kiosk, "kiosk K1 (HQ-T1)", "kiosk", { pointId: p1, deviceId: k1.id }),
      fuzzer(k2.kiosk, "kiosk K2 (HQ-T2)", "kiosk", { pointId: p2, deviceId: k2.id }),
      mixed,
      fuzzer(anonymous, "anonymous", "anonymous"),
      fuzzer(waiting, "unpaired device", "device", { deviceId: device.id }),
      garbageFuzzer(r, "192.0.2.43"),
    ],
    points: [p1, p2],
    communes: built.communes.map((c) => c.id),
    officials: built.officials.map((o) => o.id),
    officerUsers: built.officers.map((o) => o.userId),
    boardUserId: boardUser.id,
    kiosksAt: new Map([
      [p1, [k1.id]],
      [p2, [k2.id]],
    ]),
    entriesAt: new Map([
      [p1, entries(["Nguyễn Thị Hường", "Bùi Thế Hùng"])],
      [p2, entries(["Đinh Văn Tư"])],
    ]),
    stampSeen: "",
    staleTickets: [],
    hq: byCode(built.communes, "HQ").id,
    usernames: ["bt-fuzz", "hq-t1-1", "hq-t2-1", "hq-t1-2"],
    state: stateOf(t),
  };
  const issue = async (officer: Client, pointId: number, name: string, kioskId: string) => {
    await must(
      officer.post(paths.officer.issue(pointId), { entryId: String(entryIdOf(t, name)), kioskId }, htmx),
      200,
      `issue to ${name}`,
    );
  };
  const held = (kioskId: string) => t.store.tickets.forKiosk(kioskId)?.id ?? "";
  const phase = {
    open: async () => {
      await must(officer1.post(paths.officer.open(p1), {}, htmx), 200, "open HQ-T1");
      await must(officer2.post(paths.officer.open(p2), {}, htmx), 200, "open HQ-T2");
      await issue(officer1, p1, "Lê Diệu Lan", k1.id);
      world.staleTickets.push(held(k1.id));
      await castHeld(k1.kiosk);
      await issue(officer1, p1, "Võ Văn Dũng", k1.id);
      const { ticket } = await ballotOnKiosk(k1.kiosk);
      await must(
        k1.kiosk.post(paths.kiosk.choose, { t: ticket ?? "", o: "HQ-01", level: "low" }, htmx),
        200,
        "choose",
      );
      await issue(officer2, p2, "Phan Thị Cúc", k2.id);
      await ballotOnKiosk(k2.kiosk);
    },
    paused: async () => {
      await must(officer1.post(paths.officer.pause(p1), {}, htmx), 200, "pause HQ-T1");
    },
    closed: async () => {
      await must(officer1.post(paths.officer.resume(p1), {}, htmx), 200, "resume HQ-T1");
      const ticket = held(k1.id);
      world.staleTickets.push(ticket);
      await must(
        officer1.post(paths.officer.voidTicket(p1, k1.id), { phieu: ticketRef(ticket) }, htmx),
        200,
        "void",
      );
      await must(
        officer1.post(paths.officer.close(p1), { day: DAY, incidents: "" }, htmx),
        204,
        "close HQ-T1",
      );
    },
  };
  return { world, phase };
}

// ---------------------------------------------------------------------------------------------
// What each route's own validation must refuse
// ---------------------------------------------------------------------------------------------

const BAD_CODE = ["", " ", SCRIPT, "' OR 1=1 --", "Đặng", "a b", "x".repeat(41), "-abc", "../x", "\u0000"];
const BAD_TEXT = ["", "   ", "\u200b\u00ad", "x".repeat(301)];
const BAD_INT = ["", "0", "-1", "abc", "1.5", "9".repeat(40)];
const BAD_ISO_DAY = ["", "x", "2026-13-45", "2026-02-30", "27/10/2026", SCRIPT];
const BAD_PASSWORD = [
  "",
  "x",
  `${PASSWORD} `,
  PASSWORD.toUpperCase(),
  "' OR 1=1 --",
  "x".repeat(5000),
  "\u0000",
  "mat-khau-thu-2",
];
const BAD_VERSION = ["", "0", "-1", "abc", "1.5", "1234567"];
const BAD_LEVEL = ["", "medium ", "HIGH", "cao", SCRIPT];
const BAD_OFFICIAL = ["HQ-99", "HT-01", "", SCRIPT, "x".repeat(65)];

type Rule = {
  field: string;
  bad: (w: World, f: Fuzzer, r: Random) => readonly Value[];
  /** Leaving the field out is refused too. */
  orMissing: boolean;
  /** The field is sent twice, with two values each allowed alone. */
  twice?: readonly [string, string];
};
type Spec = { base: (w: World, f: Fuzzer) => Field[]; rules: Rule[] };

const rule = (field: string, bad: readonly Value[] | Rule["bad"], orMissing = true): Rule => ({
  field,
  bad: typeof bad === "function" ? bad : () => bad,
  orMissing,
});

/** The ticket a kiosk holds: never a value of a `t` the fuzz calls bad. */
const heldBy = (w: World, f: Fuzzer) =>
  f.deviceId ? (w.t.store.tickets.forKiosk(f.deviceId)?.id ?? null) : null;
const badTicket = rule("t", (w, f, r) => {
  const own = [heldBy(w, f), f.deviceId ? w.t.store.tickets.lastCastBy(f.deviceId) : null];
  const others = [...w.kiosksAt.values()].flat().map((id) => w.t.store.tickets.forKiosk(id)?.id ?? "");
  return [...HOSTILE, ...others, ...w.staleTickets, r.hex(32), "f".repeat(32)].filter(
    (v) => !own.includes(v),
  );
});
const ticketBase = (w: World, f: Fuzzer): Field[] => [["t", heldBy(w, f) ?? w.staleTickets[0] ?? ""]];

const campaignBase = (): Field[] => [
  ["code", "VQ-FUZZ"],
  ["name", "Đợt lấy phiếu thử"],
  ["aggregator", "Ban Tổ chức Huyện ủy"],
  ["district", "Huyện mẫu"],
  ["days", "27/10/2026, 28/10/2026"],
  ["onePer", "resident"],
  ["ruleSet", "qd96-2023"],
  ["smallPointThreshold", "5"],
  ["requiredSigners", "2"],
  ["kioskIdleMinutes", "2"],
  ["twoOfficerPairing", "1"],
];
const communeSpec: Spec = {
  base: () => [
    ["code", "HX"],
    ["name", "Xã Hương Xuân"],
    ["mergedInto", "Xã Quang Thọ"],
  ],
  rules: [rule("code", BAD_CODE), rule("name", BAD_TEXT), rule("mergedInto", BAD_TEXT)],
};
const officialSpec: Spec = {
  base: (w) => [
    ["code", "HQ-07"],
    ["name", "Trần Văn Bảy"],
    ["position", "Phó Chủ tịch UBND xã"],
    ["communeId", String(w.hq)],
  ],
  rules: [
    rule("code", BAD_CODE),
    rule("name", BAD_TEXT),
    rule("position", BAD_TEXT),
    rule("communeId", BAD_INT),
  ],
};
const pointSpec: Spec = {
  base: (w) => [
    ["code", "HQ-T9"],
    ["name", "Thôn 9, Xã Hương Quang"],
    ["communeId", String(w.hq)],
    ["days", DAY],
  ],
  rules: [
    rule("code", BAD_CODE),
    rule("name", BAD_TEXT),
    rule("communeId", BAD_INT),
    rule("days", BAD_ISO_DAY),
  ],
};
const officerRules = [
  rule("displayName", BAD_TEXT),
  rule("teamRole", ["", "Tổ phó", "admin", "Tổ trưởng ", SCRIPT]),
  rule("pointIds", ["0", "-1", "abc", "1.5", ""]),
];
const officerBase = (w: World): Field[] => [
  ["displayName", "Cán Bộ Chín"],
  ["teamRole", "Thành viên"],
  ["pointIds", String(w.points[0])],
];

/** Routes whose form can be refused by a field: key "METHOD /pattern". */
const SPECS: Record<string, Spec> = {
  "POST /dang-nhap": {
    base: (w) => [
      ["username", w.usernames[0] ?? ""],
      ["password", PASSWORD],
      ["next", "/ban-to-chuc"],
    ],
    rules: [rule("password", BAD_PASSWORD)],
  },
  "POST /doi-mat-khau": {
    base: () => [
      ["current", PASSWORD],
      ["next", "mat-khau-moi-that-dai-2026"],
      ["confirm", "mat-khau-moi-that-dai-2026"],
    ],
    rules: [rule("current", BAD_PASSWORD)],
  },
  "POST /ban-to-chuc/dot": {
    base: campaignBase,
    rules: [
      rule("code", BAD_CODE),
      rule("name", BAD_TEXT),
      rule("aggregator", BAD_TEXT),
      rule("district", BAD_TEXT),
      rule("days", ["", "x", "2026-02-30", "30/02/2026", SCRIPT]),
      rule("onePer", ["", "both", SCRIPT]),
      rule("ruleSet", ["", "qd96", "' OR 1=1 --"]),
      rule("smallPointThreshold", ["-1", "abc", "1001", "1.5", ""]),
      rule("requiredSigners", ["1", "10", "abc"], false),
      rule("kioskIdleMinutes", ["0", "31", "abc"], false),
      rule("minTurnoutPercent", ["0", "101", "abc"], false),
    ],
  },
  "POST /ban-to-chuc/xa": communeSpec,
  "POST /ban-to-chuc/xa/:id": communeSpec,
  "POST /ban-to-chuc/can-bo": officialSpec,
  "POST /ban-to-chuc/can-bo/:id": officialSpec,
  "POST /ban-to-chuc/diem": pointSpec,
  "POST /ban-to-chuc/diem/:id": pointSpec,
  "POST /ban-to-chuc/diem/:id/phieu": {
    base: (w) => [
      ["mode", "custom"],
      ...w.officials.slice(0, 2).map((id): Field => ["officialIds", String(id)]),
    ],
    rules: [rule("mode", ["", "both", "Default", "custom ", SCRIPT])],
  },
  "POST /ban-to-chuc/to-cong-tac": {
    base: (w) => [["username", "cb-moi-9"], ...officerBase(w)],
    rules: [
      rule("username", ["", "a", "-abc", SCRIPT, "Đặng", "x".repeat(41), "a b", "' or 1=1"]),
      ...officerRules,
    ],
  },
  "POST /ban-to-chuc/to-cong-tac/:id": { base: officerBase, rules: officerRules },
  "POST /ban-to-chuc/danh-sach/:id/dieu-chinh": {
    base: () => [
      ["fullName", "Người Bổ Sung"],
      ["birthYear", "1970"],
      ["gender", "Nam"],
      ["cccd", "001170000099"],
      ["householdCode", "H9"],
      ["relation", "Chủ hộ"],
      ["reason", "Bị sót khi lập danh sách"],
    ],
    rules: [
      rule("reason", ["", "abc", "    ", "x".repeat(301)]),
      rule("birthYear", ["", "abc", "3000", "1800", "19x5"]),
    ],
  },
  "POST /ban-to-chuc/dong-dau": {
    base: (w) => [["ban-xem", w.stampSeen]],
    rules: [rule("ban-xem", (_w, _f, r) => ["", "0".repeat(64), r.hex(64), SCRIPT, "x".repeat(5000)])],
  },
  "POST /ban-to-chuc/diem/:id/bien-ban/:day/mo-lai": {
    base: () => [
      ["version", "1"],
      ["ky", "0"],
      ["reason", "Biên bản ghi nhầm số liệu, cần lập lại"],
    ],
    rules: [rule("version", BAD_VERSION), rule("ky", ["", "abc", "123", "-1"])],
  },
  "POST /ban-to-chuc/ket-qua/diem/:id/:day/khong-tinh": {
    base: () => [
      ["reason", "Điểm không mở được vì mưa bão lớn"],
      ["tinh-trang", "not_opened"],
    ],
    rules: [rule("reason", ["", "ngắn", "x".repeat(501)]), rule("tinh-trang", ["", "garbage", SCRIPT])],
  },
  "POST /ban-to-chuc/ket-qua/xac-nhan": {
    base: (_w) => [
      ["digest", "a".repeat(64)],
      ["password", PASSWORD],
    ],
    rules: [rule("password", BAD_PASSWORD), rule("digest", ["", "xyz", SCRIPT])],
  },
  "POST /ban-to-chuc/khoa-ky": {
    base: () => [["password", PASSWORD]],
    rules: [rule("password", BAD_PASSWORD)],
  },
  "POST /to-cong-tac/diem/:id/phat-phieu": {
    base: (w, f) => [
      ["entryId", String(w.entriesAt.get(f.pointId ?? 0)?.[0] ?? 1)],
      ["kioskId", w.kiosksAt.get(f.pointId ?? 0)?.[0] ?? ""],
      ["q", ""],
    ],
    rules: [
      rule("entryId", (w, f) => [
        ...BAD_INT,
        "999999",
        ...[...w.entriesAt].filter(([p]) => p !== f.pointId).flatMap(([, ids]) => ids.map(String)),
      ]),
    ],
  },
  "POST /to-cong-tac/diem/:id/ket-noi": {
    base: () => [["code", "0000 0000"]],
    rules: [rule("code", ["", "1234", "abcdefgh", SCRIPT, "9".repeat(40), "1234-567"])],
  },
  "POST /to-cong-tac/diem/:id/may/:kiosk/khong-thu-ve": {
    base: (w, f) => {
      const ticket = w.t.store.tickets.forKiosk(w.kiosksAt.get(f.pointId ?? 0)?.[0] ?? "");
      return [["phieu", ticket ? ticketRef(ticket.id) : ""]];
    },
    rules: [
      rule("phieu", (w, f, r) => [
        "",
        "xyz",
        r.hex(16),
        SCRIPT,
        ...[...w.kiosksAt]
          .filter(([p]) => p !== f.pointId)
          .flatMap(([, ids]) => ids.map((id) => w.t.store.tickets.forKiosk(id)))
          .flatMap((ticket) => (ticket ? [ticketRef(ticket.id)] : [])),
      ]),
    ],
  },
  "POST /to-cong-tac/diem/:id/ket-thuc": {
    base: () => [
      ["day", DAY],
      ["incidents", ""],
    ],
    rules: [rule("day", BAD_ISO_DAY)],
  },
  "POST /to-cong-tac/diem/:id/bien-ban/:day/ky": {
    base: () => [
      ["version", "1"],
      ["password", PASSWORD],
    ],
    rules: [rule("version", BAD_VERSION), rule("password", BAD_PASSWORD)],
  },
  "POST /kiosk/chon": {
    base: (w, f) => [...ticketBase(w, f), ["o", "HQ-02"], ["level", "high"]],
    rules: [badTicket, rule("o", BAD_OFFICIAL), rule("level", BAD_LEVEL)],
  },
  "POST /kiosk/buoc": {
    base: (w, f) => [...ticketBase(w, f), ["den", "2"]],
    rules: [badTicket, rule("den", ["0", "-1", "1001", "abc", "1.5", ""])],
  },
  "POST /kiosk/xem-lai": { base: ticketBase, rules: [badTicket] },
  "POST /kiosk/sua-lai": {
    base: (w, f) => [...ticketBase(w, f), ["o", "HQ-01"]],
    rules: [badTicket, rule("o", BAD_OFFICIAL)],
  },
  "POST /kiosk/hien-thi": {
    base: (w, f) => [...ticketBase(w, f), ["doi", "chu"]],
    rules: [badTicket, rule("doi", ["", "chu ", "size", SCRIPT])],
  },
  "POST /kiosk/dang-ghi": { base: ticketBase, rules: [badTicket] },
  "POST /kiosk/phieu": {
    base: (w, f) => [...ticketBase(w, f), ["m.HQ-01", "low"], ["m.HQ-02", "high"]],
    rules: [
      badTicket,
      rule("m.HQ-01", ["medium ", "HIGH", "x", SCRIPT], false),
      rule("m.HQ-99", ["low", "high"], false),
      { ...rule("m.HQ-02", [], false), twice: ["low", "high"] },
    ],
  },
};

/** The roster upload: its file is always hostile (rosterFile), so it needs no rule. */
const ROSTER_UPLOAD = "POST /ban-to-chuc/danh-sach/:id/nhap";

// ---------------------------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------------------------

/** No such record, or not an id at all (never a path that normalises to another route). */
const NO_SUCH_ID = [
  "0",
  "999999",
  "abc",
  "-1",
  "1e3",
  "1.0",
  "%00",
  "1%20",
  "%C3%28",
  "%FF%FE",
  "9".repeat(40),
  "x".repeat(2000),
  "%27%20OR%201%3D1%20--",
  "%3Cscript%3E",
];
const BAD_DAY_SEGMENT = ["2026-13-45", "x", "2026-02-30", "1999-01-01", "%C3%28", "9".repeat(40)];

type ParamKind = "point" | "commune" | "official" | "officerUser" | "kiosk" | "day" | "job";

function paramKind(pattern: string, name: string): ParamKind {
  if (name === "kiosk" || name === "day" || name === "job") return name;
  if (pattern.startsWith("/ban-to-chuc/xa/")) return "commune";
  if (pattern.startsWith("/ban-to-chuc/can-bo/")) return "official";
  if (pattern.startsWith("/ban-to-chuc/to-cong-tac/")) return "officerUser";
  return "point";
}

/** The client's own value of a parameter: a record it may act on. */
function ownParam(kind: ParamKind, w: World, f: Fuzzer, r: Random): string {
  const ownPoint = f.role === "officer" && f.pointId ? f.pointId : (w.points[0] ?? 1);
  switch (kind) {
    case "point":
      return String(f.role === "officer" ? ownPoint : r.pick(w.points));
    case "commune":
      return String(r.pick(w.communes));
    case "official":
      return String(r.pick(w.officials));
    case "officerUser":
      return String(r.pick(w.officerUsers));
    case "kiosk":
      return w.kiosksAt.get(ownPoint)?.[0] ?? "k0";
    case "day":
      return DAY;
    case "job":
      return r.hex(16);
  }
}

/**
 * A value the client must be refused on: half the time someone else's real record where there is
 * one (the other point, its kiosk, a device waiting to pair, the board's own account as an
 * officer), else no such record or garbage.
 */
function badParam(kind: ParamKind, w: World, f: Fuzzer, r: Random): string {
  const either = (real: readonly string[], none: readonly string[]) =>
    real.length > 0 && r.chance(0.5) ? r.pick(real) : r.pick(none);
  switch (kind) {
    case "point":
      return either(
        f.role === "officer" ? w.points.filter((p) => p !== f.pointId).map(String) : [],
        NO_SUCH_ID,
      );
    case "commune":
    case "official":
      return r.pick(NO_SUCH_ID);
    case "officerUser":
      return either([String(w.boardUserId)], NO_SUCH_ID);
    case "kiosk": {
      const own = f.role === "officer" ? (w.kiosksAt.get(f.pointId ?? 0) ?? []) : [];
      const real = [...w.kiosksAt.values()].flat().filter((id) => !own.includes(id));
      const device = w.fuzzers.find((x) => x.role === "device")?.deviceId;
      return either([...real, ...(device ? [device] : [])], ["f".repeat(16), ...NO_SUCH_ID]);
    }
    case "day":
      return r.pick(BAD_DAY_SEGMENT);
    case "job":
      return r.pick([r.hex(16), ...NO_SUCH_ID]);
  }
}

// ---------------------------------------------------------------------------------------------
// One request
// ---------------------------------------------------------------------------------------------

type Route = { method: string; pattern: string; key: string; rules: AccessRule[] };

type Aspect = "csrf" | "role" | "type" | "unreadable" | "size" | "host" | "id" | "field" | "query";

type Planned = {
  route: Route;
  fuzzer: Fuzzer;
  url: string;
  init: { method: string; headers: Record<string, string>; body?: Bytes };
  /** What makes it hostile, for the assertion messages. */
  hostile: string[];
  /** The point of a roster upload, whose job is followed when it is answered 202. */
  upload: number | null;
  /** For GET /kiosk: what checkKioskGet needs. */
  kioskGet: { device: string | null; windows: readonly number[]; named: number | null } | null;
};

const CSRF_WAYS = [
  "none",
  "wrong",
  "another client's",
  "almost",
  "empty",
  "foreign Origin",
  "cross-site fetch",
] as const;

function plan(w: World, route: Route, r: Random): Planned {
  const post = route.method !== "GET";
  const params = [...route.pattern.matchAll(/:([a-z]+)/g)].map((m) => m[1] as string);
  const spec = SPECS[route.key];
  const upload = route.key === ROSTER_UPLOAD;
  const foreign = w.fuzzers.filter((f) => !allows(route.rules, f));
  const own = w.fuzzers.filter((f) => allows(route.rules, f));

  // The guaranteed refusal first, then (sometimes) more of the same.
  const weights: Partial<Record<Aspect, number>> = post
    ? { csrf: 2, type: 1, unreadable: 1, size: 0.4, host: 0.3 }
    : { query: 3, host: 0.3 };
  if (foreign.length > 0) weights.role = 2;
  if (params.length > 0) weights.id = 2;
  // In the draft the board's set-up forms mostly get past the gates, to their validators.
  const setup = w.name === "draft" && route.pattern.startsWith("/ban-to-chuc");
  if (spec || upload) weights.field = setup ? 20 : 5;
  if (own.length === 0) for (const k of Object.keys(weights)) if (k !== "role") delete weights[k as Aspect];
  const aspects = new Set<Aspect>([r.weighted(weights)]);
  for (const extra of Object.keys(weights) as Aspect[]) {
    if (extra !== "size" && extra !== "host" && r.chance(0.04)) aspects.add(extra);
  }
  if (upload) aspects.add("field");
  // One body shape at most: not a form, a broken one, or an oversized one.
  if (aspects.has("type")) aspects.delete("unreadable");
  if (aspects.has("type") || aspects.has("unreadable")) aspects.delete("size");

  const fuzzer = aspects.has("role") ? r.pick(foreign) : r.pick(own);
  const hostile: string[] = [];

  // Path.
  let corrupt = aspects.has("id") ? r.pick(params) : null;
  if (params.includes("job")) corrupt ??= "job";
  let path = route.pattern;
  for (const name of params) {
    const kind = paramKind(route.pattern, name);
    const bad = name === corrupt || kind === "job";
    const value = bad ? badParam(kind, w, fuzzer, r) : ownParam(kind, w, fuzzer, r);
    if (bad) hostile.push(`${name}=${value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value}`);
    path = path.replace(`:${name}`, value);
  }
  let url = path;
  if (aspects.has("host")) {
    const host = r.pick(["evil.example", "192.0.2.99", "tin-nhiem.invalid"]);
    url = `http://${host}${path}`;
    hostile.push(`Host ${host}`);
  }

  const headers: Record<string, string> = {};
  if (r.chance(0.5)) Object.assign(headers, htmx);
  if (r.chance(0.05)) headers["X-Forwarded-For"] = "203.0.113.9";
  if (r.chance(0.05)) headers["Accept"] = "application/json";
  let cookie = fuzzer.cookie;
  // Duplicates of our cookies after the real ones: the first of a name is read, so only noise.
  if (r.chance(0.1)) cookie = `${cookie}; tn_session=${r.hex(64)}; tn_kiosk=${r.pick(HOSTILE.slice(0, 12))}`;
  if (cookie) headers["Cookie"] = cookie;

  if (!post) {
    // GET: a hostile query string (the route must change nothing for it), or a refused role.
    const windows = w.t.store.voting.openPairingWindows(w.t.clock.now().toISOString()).map((x) => x.pointId);
    const query: string[] = [];
    if (aspects.has("query") || r.chance(0.5)) {
      const names = ["diem", "chon", "s", "t", "q", "next", "v", "sua", "ping", "diem"];
      for (let n = 1 + r.int(3); n > 0; n--) {
        const name = r.pick(names);
        const open = windows.map(String);
        const value = r.chance(0.3)
          ? r.pick([...w.points.map(String), ...NO_SUCH_ID, "1", "closed", "off"])
          : name === "diem" && open.length > 0 && r.chance(0.5)
            ? `${r.pick(["", "0x", "%20", "+", "00"])}${r.pick(open)}${r.pick(["", ".0", "e0", "%20"])}`
            : r.chance(0.3)
              ? percent(invalidUtf8(r))
              : r.pick([percent(r.pick(HOSTILE)), "%E0%A4%A", "%", "%%", "%zz"]);
        query.push(`${name}=${value}`);
      }
      if (r.chance(0.1)) query.push(`x=${"y".repeat(8000)}`);
      hostile.push(`query ?${query.join("&").slice(0, 80)}`);
    }
    if (aspects.has("role")) hostile.push(`role: ${fuzzer.name} on a ${route.rules.join("/")} route`);
    if (query.length > 0) url = `${url}?${query.join("&")}`;
    const diem = query.find((q) => q.startsWith("diem="))?.slice(5) ?? null;
    const lenient = (v: string) => {
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    };
    const picked = diem === null ? null : Number(lenient(diem));
    const named = picked !== null && windows.includes(picked) ? picked : null;
    const device = fuzzer.deviceId && w.t.store.voting.kiosk(fuzzer.deviceId) ? fuzzer.deviceId : null;
    return {
      route,
      fuzzer,
      url,
      init: { method: "GET", headers },
      hostile,
      upload: null,
      kioskGet: route.pattern === paths.kiosk.home ? { device, windows, named } : null,
    };
  }

  // Fields: the route's plausible form, noise with hostile values, then the field it must refuse.
  let fields: Field[] = spec ? spec.base(w, fuzzer) : [];
  const values: Value[] = [
    ...HOSTILE,
    ...w.points.map(String),
    ...[...w.entriesAt.values()].flat().map(String),
    ...[...w.kiosksAt.values()].flat(),
    ...w.staleTickets,
    "HQ-01",
    "HQ-99",
    "chu",
    "tuong-phan",
  ];
  for (let n = r.int(spec ? 3 : 6); n > 0; n--) {
    const value = r.chance(0.15) ? invalidUtf8(r) : r.pick(values);
    fields.push([r.chance(0.05) ? invalidUtf8(r) : r.pick(NOISE_FIELDS), value]);
  }
  if (aspects.has("field") && spec) {
    const chosen = r.pick(spec.rules);
    fields = fields.filter(([k]) => k !== chosen.field);
    if (chosen.twice) {
      fields.push([chosen.field, chosen.twice[0]], [chosen.field, chosen.twice[1]]);
      hostile.push(`${chosen.field} sent twice`);
    } else if (chosen.orMissing && r.chance(0.25)) hostile.push(`${chosen.field} left out`);
    else {
      const value = r.pick(chosen.bad(w, fuzzer, r));
      fields.push([chosen.field, value]);
      const shown = typeof value === "string" ? JSON.stringify(value) : "invalid UTF-8";
      hostile.push(
        `${chosen.field}=${shown.length > 40 ? `${shown.slice(0, 20)}…(${shown.length})` : shown}`,
      );
    }
  }
  // Over the upload limit: when size is what is hostile, and the board's first upload of the run.
  const huge =
    upload && fuzzer.role === "board" && (aspects.has("size") || !fileKinds.has("over the upload limit"));
  const file = upload && (huge || r.chance(0.9)) ? rosterFile(r, huge) : null;
  if (upload) hostile.push(file ? `file: ${file.kind}` : "no file");
  if (aspects.has("size") && !huge) {
    fields.push(["reason", "y".repeat(BODY_LIMIT_BYTES + 1 + r.int(10_000))]);
    hostile.push("body over the form limit");
  }
  if (huge) hostile.push("file over the upload limit");

  // CSRF: the token that passes, unless that is what is hostile.
  let token: string | null = fuzzer.token;
  if (aspects.has("csrf")) {
    const way = r.pick(CSRF_WAYS);
    hostile.push(`csrf: ${way}`);
    const others = w.fuzzers.map((x) => x.token).filter((x) => x !== fuzzer.token);
    if (way === "none") token = null;
    else if (way === "wrong") token = r.hex(64);
    else if (way === "another client's") token = r.pick(others);
    else if (way === "almost") token = r.chance(0.5) ? `${fuzzer.token}0` : fuzzer.token.slice(1);
    else if (way === "empty") token = "";
    else if (way === "foreign Origin")
      headers["Origin"] = r.pick(["http://evil.example", "null", "https://localhost"]);
    else headers["Sec-Fetch-Site"] = r.pick(["cross-site", "same-site"]);
  } else if (r.chance(0.1)) {
    headers["Origin"] = "http://localhost";
    headers["Sec-Fetch-Site"] = "same-origin";
  }
  if (aspects.has("role")) hostile.push(`role: ${fuzzer.name} on a ${route.rules.join("/")} route`);

  // Body.
  let encoding: Parameters<typeof body>[1];
  if (aspects.has("type")) encoding = r.pick(NOT_A_FORM);
  else if (aspects.has("unreadable")) encoding = r.pick(BROKEN_MULTIPART);
  else if (file) encoding = r.chance(0.9) ? "multipart" : "urlencoded";
  else
    encoding = r.weighted<FormEncoding>({
      urlencoded: 55,
      multipart: 25,
      "urlencoded, raw bytes": 12,
      // (Never for a body that must be over the limit or carry the refused field.)
      "no body": aspects.has("size") || aspects.has("field") ? 0 : fields.length === 0 ? 15 : 3,
    });
  if (aspects.has("type")) hostile.push(`body: ${encoding}`);
  if (aspects.has("unreadable")) hostile.push(`broken multipart: ${encoding}`);
  // The token rides in the body, or in the header (never for a broken body: it must be read).
  const inHeader =
    token !== null &&
    !aspects.has("unreadable") &&
    (encoding === "no body" || aspects.has("type") || r.chance(0.2));
  if (token !== null && inHeader) headers["X-CSRF-Token"] = token;
  if (token !== null && !inHeader) fields.splice(r.int(fields.length + 1), 0, ["_csrf", token]);
  const made = body(r, encoding, fields, file);
  if (made.type) headers["Content-Type"] = made.type;
  return {
    route,
    fuzzer,
    url,
    init: { method: route.method, headers, ...(made.bytes ? { body: made.bytes } : {}) },
    hostile,
    upload: upload ? Number(path.split("/")[3]) : null,
    kioskGet: null,
  };
}

/** Sent the way Client.request sends, with the client's fixed cookies; nothing kept. */
async function send(t: TestApp, p: Planned): Promise<Response> {
  const res = await t.app.request(p.url, { ...p.init, redirect: "manual" }, { ip: p.fuzzer.ip });
  await new Promise((resolve) => setImmediate(resolve));
  return res;
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const VIETNAMESE = /[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i;
const LEAK = /\bat [\w.<>]+ \(|\bError:|TypeError|RangeError|SQLITE|node_modules|\.tsx?:\d+/;
/** Messages of the checks every request meets before its route: an answer with one never reached it. */
const GATES = [
  "Yêu cầu không hợp lệ hoặc trang đã mở quá lâu",
  "Dữ liệu gửi lên không đọc được",
  "Dữ liệu gửi lên không phải biểu mẫu",
  "Dữ liệu gửi lên quá lớn",
  "Tệp quá lớn: tối đa 10 MB",
  "Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết",
  "Máy này chưa được kết nối với điểm lấy phiếu. Xin báo tổ công tác.",
  "Tài khoản của bạn không có quyền",
  "Máy ghi phiếu chỉ dùng để ghi phiếu",
  "Máy chủ này không phục vụ địa chỉ",
  "Không tìm thấy trang bạn cần",
];

type Tally = {
  /** Devices GET /kiosk registered (its purpose, checkKioskGet). */
  devices: number;
  sent: Map<string, number>;
  reached: Map<string, number>;
  statuses: Map<string, number>;
  audited: Map<string, number>;
  requests: number;
};

async function fuzzPhase(w: World, phase: string, count: number, routes: Route[], r: Random, tally: Tally) {
  // In the draft, most requests go to the board's set-up routes, whose validators then answer.
  const setup = routes.filter(
    (x) =>
      x.method === "POST" &&
      /^\/ban-to-chuc\/(dot|xa|can-bo|diem|to-cong-tac|danh-sach|dong-dau)/.test(x.pattern),
  );
  // GET /kiosk, the one GET that makes rows, three times as often as any other route.
  const home = routes.filter((x) => x.key === `GET ${paths.kiosk.home}`);
  const pool = [...routes, ...home, ...home];
  for (let n = 0; n < count; n++) {
    const i = tally.requests++;
    const route = w.name === "draft" && r.chance(0.6) ? r.pick(setup) : r.pick(pool);
    const p = plan(w, route, r);
    const where = `#${i} [${w.name}: ${phase}] ${p.fuzzer.name} ${route.method} ${p.url.length > 120 ? `${p.url.slice(0, 100)}…` : p.url} {hostile: ${p.hostile.join("; ") || "none"}} (seed ${SEED})`;
    const before = w.state;
    const res = await send(w.t, p);
    const text = await res.text();
    tally.sent.set(route.key, (tally.sent.get(route.key) ?? 0) + 1);
    tally.statuses.set(
      `${route.method} ${res.status}`,
      (tally.statuses.get(`${route.method} ${res.status}`) ?? 0) + 1,
    );

    expect(p.hostile.length, `${where}: the generator made a request with nothing hostile`).toBeGreaterThan(
      0,
    );
    expect(res.status, `${where}: a 5xx`).toBeLessThan(500);
    expect(text, `${where}: leaks internals`).not.toMatch(LEAK);
    expect(text.includes(SCRIPT) || text.includes(IMG), `${where}: echoes markup unescaped`).toBe(false);
    if (text.length > 0 || res.status >= 400)
      expect(text, `${where}: no Vietnamese message`).toMatch(VIETNAMESE);
    const gate = res.status >= 300 && res.status < 400 ? true : GATES.some((g) => text.includes(g));
    if (!gate) tally.reached.set(route.key, (tally.reached.get(route.key) ?? 0) + 1);

    let after: State;
    if (route.method === "GET") {
      // A GET is a read for a client its rule admits (200/204), else refused: 4xx, or a page
      // request sent on to log in or to pair (a redirect that changes nothing).
      if (res.status >= 300 && res.status < 400) {
        expect(res.headers.get("Location") ?? "", `${where}: redirected elsewhere`).toMatch(
          /^\/(dang-nhap|kiosk)(\?|$)/,
        );
      } else if (res.status < 300) {
        expect(allows(route.rules, p.fuzzer), `${where}: ${res.status} for a client the rule refuses`).toBe(
          true,
        );
      }
      after = stateOf(w.t);
    } else if (res.status === 202 && p.upload !== null) {
      // The board's upload under htmx: accepted for checking; its job must end refused.
      const job = /\/nhap\/([0-9a-f]{16})/.exec(text)?.[1];
      expect(job, `${where}: 202 without a job`).toBeTruthy();
      let last: Response | null = null;
      let html = "";
      for (let k = 0; k < 2000; k++) {
        last = await w.board.get(paths.board.rosterJob(p.upload, job ?? ""), htmx);
        html = await last.text();
        if (dataAttr(html, "job-id") === null) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(last?.status, `${where}: the upload's job ended ${last?.status}: ${html.slice(0, 300)}`).toBe(
        422,
      );
      expect(html, `${where}: the job's refusal`).toMatch(VIETNAMESE);
      after = stateOf(w.t);
    } else {
      expect(res.status, `${where}: not refused: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      after = stateOf(w.t);
    }
    const changed = p.kioskGet ? checkKioskGet(before, after, p.kioskGet) : changes(before, after, true);
    if (p.kioskGet) tally.devices += [...after.kiosks.keys()].filter((id) => !before.kiosks.has(id)).length;
    expect(changed, `${where} (${res.status}) changed the state`).toEqual([]);
    if (after.auditSeq !== before.auditSeq) {
      const actions = w.t.store.db
        .query<{ action: string }, [number]>("SELECT action FROM audit_log WHERE seq > ?")
        .all(before.auditSeq)
        .map((a) => a.action);
      for (const action of actions) {
        tally.audited.set(action, (tally.audited.get(action) ?? 0) + 1);
        expect(action, `${where}: audited as a change`).toMatch(AUDITED_REFUSALS);
      }
    }
    w.state = after;
  }
}

/** Every route that changes state: POST (and PUT/PATCH/DELETE, none yet), plus the GETs that write. */
function stateChangingRoutes(t: TestApp): Route[] {
  /**
   * GETs that write: /kiosk registers a device or renews its code; /kiosk/ket-noi, /kiosk/cho and
   * /kiosk/phieu/con write the kiosk's presence time and, the first time a ticket shows, mark it
   * opened and start its ballot in memory (the fixture shows each ticket first, so here they must
   * change nothing); /ban-to-chuc/danh-sach/:id/nhap/:job forgets a finished import job (memory
   * only, and the fuzz never names a real job). Every other GET, requested as its own role on a
   * voting day (2026-12, when this list was made), changed no row and nothing in memory.
   */
  const WRITING_GETS = [
    paths.kiosk.home,
    paths.kiosk.pairing,
    paths.kiosk.wait,
    paths.kiosk.still,
    paths.board.rosterJob(":id", ":job"),
  ];
  const found = new Map<string, Route>();
  for (const route of t.app.routes) {
    const rules = rulesOf(route.handler);
    if (!rules) continue;
    const writes =
      ["POST", "PUT", "PATCH", "DELETE"].includes(route.method) ||
      (route.method === "GET" && WRITING_GETS.includes(route.path));
    if (writes) {
      const key = `${route.method} ${route.path}`;
      found.set(key, { method: route.method, pattern: route.path, key, rules: [...rules] });
    }
  }
  return [...found.values()];
}

describe("fuzz (issue #12 §6)", () => {
  it("fuzz - every state-changing route, hostile input from every role in five states: never a 5xx, always refused in Vietnamese, nothing changed", async () => {
    const r = random(SEED);
    for (const kinds of [fileKinds, encodings, invalidKinds]) kinds.clear();
    const tally: Tally = {
      devices: 0,
      sent: new Map(),
      reached: new Map(),
      statuses: new Map(),
      audited: new Map(),
      requests: 0,
    };
    const draft = await draftWorld(r);
    const routes = stateChangingRoutes(draft.t);
    expect(routes.filter((x) => x.method === "POST").length).toBeGreaterThan(45);
    const started = performance.now();
    await fuzzPhase(draft, "set-up", PHASES.draft, routes, r, tally);
    const setupSeconds = (performance.now() - started) / 1000;

    const { world, phase } = await votingWorld(r);
    const votingStarted = performance.now();
    await fuzzPhase(world, "HQ-T1 not opened", PHASES["not opened"], routes, r, tally);
    for (const [name, count] of [
      ["open", PHASES.open],
      ["paused", PHASES.paused],
      ["closed", PHASES.closed],
    ] as const) {
      await phase[name]();
      world.state = stateOf(world.t);
      await fuzzPhase(world, `HQ-T1 ${name}`, count, routes, r, tally);
    }
    const seconds = setupSeconds + (performance.now() - votingStarted) / 1000;

    // Every state-changing route was sent requests, and some of them got past the gates (CSRF, body,
    // host, access rule) to the route itself — all but the routes with nothing of their own to
    // refuse (no path parameter, no field: log out, verify all minutes), which a request that got
    // that far would carry out.
    const gatesOnly = (x: Route) => !x.pattern.includes(":") && !SPECS[x.key] && x.key !== ROSTER_UPLOAD;
    const short = routes
      .filter(
        (x) =>
          (tally.sent.get(x.key) ?? 0) < MIN_SENT ||
          (!gatesOnly(x) && (tally.reached.get(x.key) ?? 0) < MIN_REACHED),
      )
      .map((x) => `${x.key} (sent ${tally.sent.get(x.key) ?? 0}, reached ${tally.reached.get(x.key) ?? 0})`);
    expect(short, "routes the fuzz did not reach").toEqual([]);
    // Every kind of body, file and broken UTF-8 was sent.
    const kinds = (m: Map<string, number>, all: readonly string[]) => all.filter((k) => !m.has(k));
    expect(
      kinds(encodings, [
        ...NOT_A_FORM,
        ...BROKEN_MULTIPART,
        "urlencoded",
        "multipart",
        "urlencoded, raw bytes",
        "no body",
      ]),
    ).toEqual([]);
    expect(kinds(invalidKinds, Object.keys(INVALID_UTF8))).toEqual([]);
    expect(fileKinds.size, `roster files sent: ${[...fileKinds.keys()].join(", ")}`).toBeGreaterThanOrEqual(
      10,
    );
    expect(tally.requests).toBe(Object.values(PHASES).reduce((a, b) => a + b, 0));
    console.log(
      `fuzz: ${tally.requests} requests in ${seconds.toFixed(1)} s; ${tally.devices} devices registered by GET /kiosk; statuses ${JSON.stringify(Object.fromEntries([...tally.statuses].sort()))}; audited ${JSON.stringify(Object.fromEntries(tally.audited))}`,
    );
    // The time is reported, never asserted (no timed assertions: the suite runs on a busy machine).
  }, 180_000);
});
