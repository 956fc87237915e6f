/**
 * Strict Ed25519 verification (RFC 8032 §5.1.7 plus the usual hardening), for signatures on the
 * minutes and anything else read from outside. WebCrypto does the curve arithmetic; before it runs,
 * the encodings are checked here, because WebCrypto (BoringSSL in Bun) accepts what a strict
 * verifier must not:
 *
 * - Small-order public keys. With the identity point as key, the signature R = identity, S = 0
 *   verifies for EVERY message under Bun's WebCrypto (see test/crypto/ed25519.test.ts). The eight
 *   small-order points have fourteen encodings (eight canonical, six not); all are refused, as in
 *   libsodium's `ge25519_has_small_order` blocklist and the "low_order" vectors of "Taming the
 *   many EdDSAs" (Chalkias, Garillot, Nikolaenko, SSR 2020) and C2SP/CCTV ed25519vectors.
 * - Non-canonical point encodings: y ≥ p (p = 2^255 − 19), and x = 0 with the sign bit set. One
 *   point, one encoding, so a key compared as bytes or as text is the same key.
 * - Non-canonical S (S ≥ L, L the prime order of the base point): S and S + L both satisfy the
 *   verification equation, so accepting S ≥ L makes signatures malleable (RFC 8032 §5.1.7 step 1).
 * - The same point checks on R, the first half of the signature.
 *
 * Not checked: keys of mixed order (a small-order component added to a good key). Refusing them
 * needs a full scalar multiplication; they cannot make a signature verify for a message the key's
 * owner did not sign, and our keys are made by WebCrypto and registered by the board.
 *
 * Text forms are canonical base64url (./base64url.ts): one key, one string.
 */
import { type DomainError, err, ok, type Result } from "../domain/result.ts";
import { base64UrlBytes, parseBase64Url } from "./base64url.ts";

/** Encoding-level schemas (canonical base64url, right length); the point and scalar checks are below. */
export const Ed25519PublicKeySchema = base64UrlBytes(32);
export const Ed25519SignatureSchema = base64UrlBytes(64);

export type Ed25519ErrorCode =
  | "public_key_encoding"
  | "public_key_non_canonical"
  | "public_key_small_order"
  | "signature_encoding"
  | "signature_r_non_canonical"
  | "signature_r_small_order"
  | "signature_s_non_canonical"
  | "signature_invalid";

export type Ed25519Error = DomainError & { readonly code: Ed25519ErrorCode };

/** p = 2^255 − 19, the field prime. */
const P = 2n ** 255n - 19n;
/** L = 2^252 + 27742317777372353535851937790883648493, the order of the base point (RFC 8032 §5.1). */
export const ED25519_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

/** y of the two order-8 point pairs, little-endian hex as in libsodium's blocklist. */
const ORDER_8_Y = [
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
];

const littleEndian = (bytes: Uint8Array): bigint => {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
};

/**
 * y coordinates of the eight small-order points: 1 (order 1, the identity), p − 1 (order 2),
 * 0 (order 4, both signs of x), and the two order-8 values (both signs of x each).
 */
const SMALL_ORDER_Y: ReadonlySet<bigint> = new Set([
  0n,
  1n,
  P - 1n,
  ...ORDER_8_Y.map((h) => littleEndian(Buffer.from(h, "hex"))),
]);

const toHex32 = (n: bigint, sign: 0 | 1): string => {
  const bytes = Buffer.alloc(32);
  let rest = n;
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  bytes[31] = (bytes[31] ?? 0) | (sign << 7);
  return bytes.toString("hex");
};

/**
 * Every 32-byte encoding of a small-order point that some decoder accepts, as hex: the eight
 * canonical ones (y ∈ {0, 1, p − 1, two order-8 values}, both signs of x where x ≠ 0) and six
 * non-canonical ones (y = 1 or p − 1 with the sign bit set although x = 0; y = p ≡ 0 and
 * y = p + 1 ≡ 1 with either sign bit). For tests and for other tools to compare against.
 */
export const SMALL_ORDER_ENCODINGS: readonly string[] = Object.freeze([
  toHex32(1n, 0),
  toHex32(P - 1n, 0),
  toHex32(0n, 0),
  toHex32(0n, 1),
  ...ORDER_8_Y.flatMap((h) => {
    const y = littleEndian(Buffer.from(h, "hex"));
    return [toHex32(y, 0), toHex32(y, 1)];
  }),
  toHex32(1n, 1),
  toHex32(P - 1n, 1),
  toHex32(P, 0),
  toHex32(P, 1),
  toHex32(P + 1n, 0),
  toHex32(P + 1n, 1),
]);

type PointProblem = "non_canonical" | "small_order" | null;

/** Checks a 32-byte point encoding (RFC 8032 §5.1.3) without decoding the point. */
function pointProblem(bytes: Uint8Array): PointProblem {
  const last = bytes[31] ?? 0;
  const sign = last >> 7;
  const yBytes = Uint8Array.from(bytes);
  yBytes[31] = last & 0x7f;
  const y = littleEndian(yBytes);
  if (y >= P) return "non_canonical";
  // x = 0 exactly for y = ±1; then a set sign bit is a second encoding of the same point.
  if (sign === 1 && (y === 1n || y === P - 1n)) return "non_canonical";
  if (SMALL_ORDER_Y.has(y)) return "small_order";
  return null;
}

const fault = (code: Ed25519ErrorCode, message: string) => err<Ed25519Error>({ code, message });

/**
 * The 32 raw bytes of a public key that passes every check above.
 * Errors: public_key_encoding (not canonical unpadded base64url of 32 bytes),
 * public_key_non_canonical, public_key_small_order.
 */
export function parsePublicKey(text: string): Result<Uint8Array<ArrayBuffer>, Ed25519Error> {
  const bytes = parseBase64Url(text);
  if (bytes?.length !== 32) {
    return fault(
      "public_key_encoding",
      "Khóa công khai phải là 32 byte viết bằng base64url chuẩn (không dấu “=”, không “+” hay “/”, bit thừa bằng 0).",
    );
  }
  switch (pointProblem(bytes)) {
    case "non_canonical":
      return fault(
        "public_key_non_canonical",
        "Khóa công khai được mã hóa không chuẩn (tọa độ y ≥ p hoặc bit dấu sai): một khóa chỉ có một cách viết.",
      );
    case "small_order":
      return fault(
        "public_key_small_order",
        "Khóa công khai là điểm bậc nhỏ (small-order) trên đường cong: với khóa này có thể giả chữ ký cho mọi nội dung.",
      );
    case null:
      return ok(bytes);
  }
}

/**
 * The 64 raw bytes of a signature whose R is a canonical point of large order and whose S < L.
 * Errors: signature_encoding, signature_r_non_canonical, signature_r_small_order,
 * signature_s_non_canonical.
 */
export function parseSignature(text: string): Result<Uint8Array<ArrayBuffer>, Ed25519Error> {
  const bytes = parseBase64Url(text);
  if (bytes?.length !== 64) {
    return fault(
      "signature_encoding",
      "Chữ ký phải là 64 byte viết bằng base64url chuẩn (không dấu “=”, không “+” hay “/”, bit thừa bằng 0).",
    );
  }
  switch (pointProblem(bytes.subarray(0, 32))) {
    case "non_canonical":
      return fault("signature_r_non_canonical", "Chữ ký không hợp lệ: phần R được mã hóa không chuẩn.");
    case "small_order":
      return fault("signature_r_small_order", "Chữ ký không hợp lệ: phần R là điểm bậc nhỏ.");
    case null:
      break;
  }
  if (littleEndian(bytes.subarray(32)) >= ED25519_ORDER) {
    return fault(
      "signature_s_non_canonical",
      "Chữ ký không chuẩn: phần S không nhỏ hơn bậc L của nhóm (chữ ký bị biến đổi từ một chữ ký khác).",
    );
  }
  return ok(bytes);
}

/**
 * Strict verification: the encodings checked as above, then RFC 8032 verification by WebCrypto.
 *
 * Shape: `verifyEd25519(publicKey, data, signature)` → `ok(true)` | `err({ code, message })`.
 * Errors: the parsePublicKey and parseSignature codes, and signature_invalid (the equation does not
 * hold: other data, other key, or a damaged signature). Never throws.
 */
export async function verifyEd25519(
  publicKey: string,
  data: Uint8Array,
  signature: string,
): Promise<Result<true, Ed25519Error>> {
  const key = parsePublicKey(publicKey);
  if (!key.ok) return key;
  const sig = parseSignature(signature);
  if (!sig.ok) return sig;
  const message =
    data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
  try {
    const imported = await crypto.subtle.importKey("raw", key.value, { name: "Ed25519" }, false, ["verify"]);
    if (await crypto.subtle.verify("Ed25519", imported, sig.value, message)) return ok(true);
  } catch {
    // A y with no point on the curve: WebCrypto refuses the key; the signature cannot be valid.
  }
  return fault(
    "signature_invalid",
    "Chữ ký không khớp: nội dung đã bị sửa sau khi ký, hoặc chữ ký không do khóa này tạo ra.",
  );
}
