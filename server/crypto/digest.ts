/**
 * Canonical JSON and digests (DESIGN §6): RFC 8785 (JCS) bytes, UTF-8, every string NFC; SHA-256 as
 * lowercase hex. Every commitment, the audit chain and every signature on the minutes rest on these
 * bytes, so a value either has exactly one canonical form or is refused with the reason.
 *
 * Two doors, one rule set:
 * - `canonicalize(value)` is for untrusted input (the verify script, a document read back): a Result,
 *   never an exception. It refuses rather than repairs: a string that is not NFC is an error, not
 *   silently normalized, because the signer signed other bytes than the ones we would check.
 * - `canonicalJson(value)` is for values our own code builds (minutes, commitments, audit entries):
 *   it NFC-normalizes first (`nfcDeep`) and throws a TypeError when the value still has no canonical
 *   form; that is a bug in the caller (DESIGN §7: throw only for bugs).
 *
 * The refusals ("document profile" of JCS): anything that is not a plain JSON value (undefined,
 * functions, symbols, bigint, Date, Map, class instances, boxed primitives, objects whose prototype
 * is not Object.prototype or null, accessor or non-enumerable properties, symbol keys, arrays with
 * holes or extra properties), cycles, nesting deeper than MAX_DEPTH, non-finite numbers, numbers
 * that are not safe integers (our documents carry counts only; a float in them is a bug or
 * tampering, and integers never meet JCS's float-formatting corner cases), strings or member names
 * with lone surrogates, and strings or member names that are not NFC.
 *
 * Serialization itself is the pinned `canonicalize` package (5.1.0, RFC 8785 §3.2: ECMAScript
 * number and string forms, members sorted by UTF-16 code units); it runs only on values that passed
 * the checks here, so its lenient corners (dropping undefined members, calling toJSON) never apply.
 */
import { timingSafeEqual } from "node:crypto";
import serializeJcs from "canonicalize";
import { type DomainError, err, ok, type Result } from "../domain/result.ts";

/** Deep enough for any document we write (the minutes nest 3 levels), shallow enough for any stack. */
export const MAX_DEPTH = 64;

export type CanonicalErrorCode =
  | "unsupported_type"
  | "not_plain_object"
  | "sparse_array"
  | "non_finite_number"
  | "not_integer"
  | "unsafe_integer"
  | "lone_surrogate"
  | "not_nfc"
  | "cycle"
  | "too_deep";

/**
 * Why a value has no canonical form, and where: `path` is a JavaScript-style path from the root
 * (`officials[2].high`, `counts["số phiếu"]`; "" for the root itself). `message` is Vietnamese and
 * names the path, fit to print as is.
 */
export type CanonicalError = DomainError & { readonly code: CanonicalErrorCode; readonly path: string };

/**
 * Which of the refusals apply. `DOCUMENT_PROFILE` (safe integers only, NFC required) is the one for
 * every document of ours; `RFC8785_PROFILE` is plain JCS over plain JSON values (any finite
 * number, any well-formed string), for checking against the RFC's own examples.
 */
export type JcsProfile = { readonly integersOnly: boolean; readonly requireNfc: boolean };
export const DOCUMENT_PROFILE: JcsProfile = Object.freeze({ integersOnly: true, requireNfc: true });
export const RFC8785_PROFILE: JcsProfile = Object.freeze({ integersOnly: false, requireNfc: false });

/**
 * The RFC 8785 canonical JSON text of an untrusted value, or the first reason it has none.
 *
 * Shape: `canonicalize(value, profile?)` → `ok("{…}")` | `err({ code, message, path })`.
 * Errors: the CanonicalErrorCode values above. Never throws (a Proxy that throws from its traps
 * excepted: no JSON parser makes one).
 * Sources: RFC 8785 §3.1–3.2 (I-JSON subset, serialization, UTF-16 member order); DESIGN §6.
 */
export function canonicalize(
  value: unknown,
  profile: JcsProfile = DOCUMENT_PROFILE,
): Result<string, CanonicalError> {
  const problem = check(value, profile, [], new Set(), 0);
  if (problem !== null) return err(problem);
  const text = serializeJcs(value);
  // Unreachable after the checks: every checked value has a JSON form.
  if (text === undefined) throw new TypeError("canonicalize: checked value has no JSON form");
  return ok(text);
}

/**
 * Canonical JSON of a value our own code built, every string NFC-normalized first.
 * Throws a TypeError naming the path when the value has no canonical form (a bug in the caller,
 * e.g. a float, an undefined member or a Date left in a document).
 */
export function canonicalJson(value: unknown): string {
  const result = canonicalize(nfcDeep(value));
  if (!result.ok) {
    const { code, path, message } = result.error;
    throw new TypeError(`canonicalJson: ${code} at ${path || "(root)"}: ${message}`);
  }
  return result.value;
}

/**
 * A copy of a plain JSON value with every string and member name in NFC, for builders whose input
 * may come from forms or files typed with decomposed Vietnamese (Telex/VNI keyboards, macOS file
 * names). Only strings change; anything that is not plain JSON is passed through as it is, for
 * `canonicalize` to refuse with its reason. Throws a TypeError when two member names of one object
 * become equal after NFC: one of them would be lost, and which one is not ours to guess.
 */
export function nfcDeep<T>(value: T): T {
  return normalizeDeep(value, new Set(), 0) as T;
}

export function sha256Hex(data: string | Uint8Array): string {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(data);
  return hasher.digest("hex");
}

/** Two secrets (tokens, tags) compared in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC-SHA-256 of `data` under `key`, lowercase hex (a value bound to a secret the server holds). */
export function hmacSha256Hex(key: string, data: string): string {
  const hasher = new Bun.CryptoHasher("sha256", key);
  hasher.update(data);
  return hasher.digest("hex");
}

/** SHA-256 of the canonical JSON bytes (via canonicalJson: trusted values only; throws on a bug). */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Random bytes as lowercase hex (tokens, ids). */
export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Buffer.from(buf).toString("hex");
}

// ---------------------------------------------------------------------------------------------
// The checks

type Segment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `officials[2].high`; member names that are not identifiers in brackets: `a["tên gọi"]`. */
export function formatPath(path: readonly Segment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function problemAt(path: readonly Segment[], code: CanonicalErrorCode, reason: string): CanonicalError {
  const where = formatPath(path);
  return { code, path: where, message: `${where === "" ? "Toàn bộ giá trị" : `Tại ${where}`}: ${reason}` };
}

const describeNumber = (n: number): string => (Number.isNaN(n) ? "NaN" : String(n));

function checkString(
  s: string,
  profile: JcsProfile,
  path: readonly Segment[],
  what: string,
): CanonicalError | null {
  if (!s.isWellFormed()) {
    return problemAt(
      path,
      "lone_surrogate",
      `${what} chứa ký tự UTF-16 lẻ (lone surrogate), không mã hóa được thành UTF-8.`,
    );
  }
  if (profile.requireNfc && s.normalize("NFC") !== s) {
    return problemAt(
      path,
      "not_nfc",
      `${what} không ở dạng chuẩn Unicode NFC (dấu tiếng Việt tách rời); tài liệu phải ghi mọi chuỗi ở dạng NFC.`,
    );
  }
  return null;
}

function typeName(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor =
    proto !== null && typeof proto === "object" ? (proto as { constructor?: unknown }).constructor : null;
  return typeof ctor === "function" && ctor.name ? ctor.name : "đối tượng có prototype lạ";
}

function check(
  value: unknown,
  profile: JcsProfile,
  path: Segment[],
  ancestors: Set<object>,
  depth: number,
): CanonicalError | null {
  switch (typeof value) {
    case "boolean":
      return null;
    case "string":
      return checkString(value, profile, path, "Chuỗi");
    case "number":
      if (!Number.isFinite(value)) {
        return problemAt(path, "non_finite_number", `số ${describeNumber(value)} không có dạng JSON.`);
      }
      if (profile.integersOnly && !Number.isInteger(value)) {
        return problemAt(
          path,
          "not_integer",
          `số ${describeNumber(value)} không phải số nguyên; tài liệu chỉ chứa số nguyên.`,
        );
      }
      if (profile.integersOnly && !Number.isSafeInteger(value)) {
        return problemAt(
          path,
          "unsafe_integer",
          `số ${describeNumber(value)} vượt quá 2^53 − 1, không biểu diễn chính xác được.`,
        );
      }
      return null;
    case "undefined":
    case "function":
    case "symbol":
    case "bigint":
      return problemAt(path, "unsupported_type", `giá trị kiểu ${typeof value} không có trong JSON.`);
    case "object":
      break;
  }
  if (value === null) return null;
  const container = value as object;
  if (ancestors.has(container)) {
    return problemAt(
      path,
      "cycle",
      "giá trị tự chứa chính nó (vòng tham chiếu), không viết được thành JSON.",
    );
  }
  if (depth >= MAX_DEPTH) {
    return problemAt(path, "too_deep", `lồng nhau quá ${MAX_DEPTH} tầng.`);
  }
  ancestors.add(container);
  const problem = Array.isArray(container)
    ? checkArray(container, profile, path, ancestors, depth)
    : checkObject(container, profile, path, ancestors, depth);
  ancestors.delete(container);
  return problem;
}

function checkArray(
  array: unknown[],
  profile: JcsProfile,
  path: Segment[],
  ancestors: Set<object>,
  depth: number,
): CanonicalError | null {
  if (Object.getPrototypeOf(array) !== Array.prototype) {
    return problemAt(path, "not_plain_object", `${typeName(array)} không phải mảng JSON thuần.`);
  }
  // Own keys of a plain array: its indices and "length". Anything else JSON would silently drop.
  if (Reflect.ownKeys(array).length !== array.length + 1) {
    const hasHole = array.length > 0 && Object.keys(array).length < array.length;
    return hasHole
      ? problemAt(path, "sparse_array", "mảng có phần tử bị bỏ trống (lỗ).")
      : problemAt(path, "not_plain_object", "mảng có thuộc tính ngoài các phần tử.");
  }
  for (let i = 0; i < array.length; i++) {
    path.push(i);
    const descriptor = Object.getOwnPropertyDescriptor(array, i);
    const problem =
      descriptor === undefined
        ? problemAt(path, "sparse_array", "phần tử bị bỏ trống (lỗ trong mảng).")
        : !("value" in descriptor)
          ? problemAt(path, "not_plain_object", "phần tử là getter/setter, không phải giá trị.")
          : check(descriptor.value, profile, path, ancestors, depth + 1);
    path.pop();
    if (problem !== null) return problem;
  }
  return null;
}

function checkObject(
  object: object,
  profile: JcsProfile,
  path: Segment[],
  ancestors: Set<object>,
  depth: number,
): CanonicalError | null {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    return problemAt(path, "not_plain_object", `${typeName(object)} không phải đối tượng JSON thuần.`);
  }
  for (const key of Reflect.ownKeys(object)) {
    if (typeof key === "symbol") {
      return problemAt(path, "unsupported_type", "đối tượng có khóa kiểu symbol, không có trong JSON.");
    }
    path.push(key);
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    const problem =
      descriptor === undefined || !descriptor.enumerable || !("value" in descriptor)
        ? problemAt(path, "not_plain_object", "thuộc tính ẩn hoặc getter/setter, không phải giá trị JSON.")
        : (checkString(key, profile, path, "Tên thuộc tính") ??
          check(descriptor.value, profile, path, ancestors, depth + 1));
    path.pop();
    if (problem !== null) return problem;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// NFC normalization for builders

function isPlainArray(value: object): value is unknown[] {
  return (
    Array.isArray(value) &&
    Object.getPrototypeOf(value) === Array.prototype &&
    Object.keys(value).length === value.length &&
    Reflect.ownKeys(value).length === value.length + 1
  );
}

function isPlainRecord(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "symbol") return false;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !descriptor.enumerable || !("value" in descriptor)) return false;
  }
  return true;
}

function normalizeDeep(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === "string") return value.normalize("NFC");
  if (value === null || typeof value !== "object") return value;
  // Cycles and excess depth are left as they are: canonicalize then names them.
  if (ancestors.has(value) || depth >= MAX_DEPTH) return value;
  ancestors.add(value);
  try {
    if (isPlainArray(value)) return value.map((item) => normalizeDeep(item, ancestors, depth + 1));
    if (!isPlainRecord(value)) return value;
    const entries = Object.keys(value).map(
      (key) => [key.normalize("NFC"), normalizeDeep(value[key], ancestors, depth + 1)] as const,
    );
    const names = new Set(entries.map(([key]) => key));
    if (names.size !== entries.length) {
      throw new TypeError("nfcDeep: two member names of one object are equal after NFC normalization");
    }
    // fromEntries defines own properties, so a member named "__proto__" stays a member.
    return Object.fromEntries(entries);
  } finally {
    ancestors.delete(value);
  }
}
