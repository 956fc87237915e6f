/**
 * base64url (RFC 4648 §5) without padding: the one text form of every key and signature in our
 * documents (DESIGN §6). Decoding is strict so that each byte string has exactly one accepted text
 * form: padding ("="), the standard alphabet ("+", "/"), whitespace, impossible lengths and
 * non-zero unused trailing bits are all refused. A lenient decoder would let two different
 * strings in a signed document stand for the same key, and a verifier that compares keys as text
 * could then be told apart from one that compares bytes.
 */
import * as z from "zod";

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/**
 * The bytes of a canonical unpadded base64url string, or undefined for any other string.
 * Canonical means: only `A–Z a–z 0–9 - _`, a length that is not 1 mod 4, and the unused low bits
 * of the last character zero (checked by re-encoding: Node's decoder ignores those bits).
 */
export function parseBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, "base64url"));
  return toBase64Url(bytes) === text ? bytes : undefined;
}

/**
 * Like parseBase64Url, but throws (TypeError) on a non-canonical string: for values our own code
 * wrote or a schema below already accepted, where a failure is a bug.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const bytes = parseBase64Url(text);
  if (bytes === undefined) throw new TypeError("fromBase64Url: not unpadded canonical base64url");
  return bytes;
}

/** Schema: a canonical base64url string whose decoded length lies in [min, max] bytes. */
export const base64UrlBytes = (min: number, max = min) =>
  z.string().refine(
    (s) => {
      const bytes = parseBase64Url(s);
      return bytes !== undefined && bytes.length >= min && bytes.length <= max;
    },
    `phải là base64url không đệm, ${min === max ? min : `${min}–${max}`} byte`,
  );
