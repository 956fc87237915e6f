/**
 * Officers' Ed25519 keys (DESIGN §4 step 3, §6): each officer gets a key pair at creation; the
 * private key is kept only "sealed" (AES-256-GCM under a key derived from the officer's password),
 * so nobody without that password, the board included, can sign minutes in the officer's name.
 *
 * KDF choice: scrypt N=2^17, r=8, p=1 (OWASP Password Storage Cheat Sheet, first scrypt setting).
 * Measured on this machine (2 cores, Bun 1.4.5), one derivation: scrypt 2^17/8/1 ≈ 235–310 ms
 * (430 ms cold) and 128 MiB; PBKDF2-SHA-256 at 600,000 iterations ≈ 67–79 ms. Both run off the
 * event loop. The sealed blob sits in the database next to everything else, so the threat is an
 * offline guess at the password after the database leaks; scrypt's 128 MiB per guess makes GPU
 * and ASIC guessing far costlier than PBKDF2, whose cost is time only. A few hundred ms is fine:
 * an officer unseals only to sign minutes or change a password, a handful of times per voting day.
 * PBKDF2 stays readable (the format is self-describing) and can be chosen through the options.
 *
 * Format (SealedKeySchema, v1): the KDF turns password + salt into a 32-byte master secret; HKDF
 * splits it into the AES key and a key-check value. The key check is stored so that a wrong
 * password ("wrong_password") can be told apart from a tampered blob ("sealed_key_corrupt"): an
 * AES-GCM failure alone cannot say which. It gives a guesser nothing new: the GCM tag already lets
 * them test a guess at the same KDF cost. The AES-GCM additional data binds the format version,
 * the algorithm and the public key, so a blob's public key cannot be replaced by another officer's;
 * whoever stores a blob must still check that its publicKey is the one on the officer's record.
 */
import { scrypt, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { fail, ok, type Result } from "../domain/result.ts";
import { base64UrlBytes, fromBase64Url, toBase64Url } from "./base64url.ts";
import { canonicalJson, sha256Hex } from "./digest.ts";
import { Ed25519PublicKeySchema, verifyEd25519 } from "./ed25519.ts";

// ---------------------------------------------------------------------------------------------
// Sealed key format

const SCRYPT_MAX_N = 2 ** 20;

const ScryptParamsSchema = z.object({
  name: z.literal("scrypt"),
  // Bounds reject nonsense and cap what a damaged record can ask for: 128·N·r ≤ 1 GiB of memory.
  N: z
    .int()
    .min(2)
    .max(SCRYPT_MAX_N)
    .refine((n) => (n & (n - 1)) === 0, "N phải là lũy thừa của 2"),
  r: z.int().min(1).max(8),
  p: z.int().min(1).max(16),
});

const Pbkdf2ParamsSchema = z.object({
  name: z.literal("PBKDF2-SHA-256"),
  iterations: z.int().min(1).max(10_000_000),
});

export const KdfParamsSchema = z.discriminatedUnion("name", [ScryptParamsSchema, Pbkdf2ParamsSchema]);
export type KdfParams = z.infer<typeof KdfParamsSchema>;

/** Production cost (see the header). Tests of unrelated code may pass a cheaper one. */
export const DEFAULT_KDF: Readonly<KdfParams> = Object.freeze({ name: "scrypt", N: 2 ** 17, r: 8, p: 1 });

export const SealedKeySchema = z.strictObject({
  v: z.literal(1),
  alg: z.literal("Ed25519"),
  publicKey: Ed25519PublicKeySchema,
  kdf: z.discriminatedUnion("name", [
    ScryptParamsSchema.extend({ salt: base64UrlBytes(16, 64) }),
    Pbkdf2ParamsSchema.extend({ salt: base64UrlBytes(16, 64) }),
  ]),
  keyCheck: base64UrlBytes(32),
  iv: base64UrlBytes(12),
  // PKCS#8 of an Ed25519 key (48 bytes, more if it carries the public key) + 16-byte GCM tag.
  ciphertext: base64UrlBytes(17, 512),
});
export type SealedKey = z.infer<typeof SealedKeySchema>;

export type SealOptions = { readonly kdf?: KdfParams };

const WRONG_PASSWORD = "Mật khẩu không đúng, chưa mở được khóa ký của cán bộ.";
const SEALED_KEY_CORRUPT =
  "Khóa ký đã niêm phong bị hỏng hoặc bị sửa đổi nên không dùng được. Ban tổ chức cần cấp khóa mới cho cán bộ.";

// ---------------------------------------------------------------------------------------------
// Creating, unsealing and re-sealing

/** A fresh key pair for a new officer, its private key sealed under the officer's password. */
export async function createSealedKeyPair(password: string, options: SealOptions = {}): Promise<SealedKey> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)));
  try {
    return await seal(pkcs8, publicKey, password, options.kdf ?? DEFAULT_KDF);
  } finally {
    pkcs8.fill(0); // best effort: the runtime may still hold copies
  }
}

/**
 * The officer's signing key, usable only for signing and not extractable, so code holding it can
 * sign minutes but cannot leak the key material.
 */
export async function unsealPrivateKey(sealed: SealedKey, password: string): Promise<Result<CryptoKey>> {
  const opened = await openSealed(sealed, password);
  if (!opened.ok) return opened;
  try {
    const key = await crypto.subtle.importKey("pkcs8", opened.value, { name: "Ed25519" }, false, ["sign"]);
    return ok(key);
  } finally {
    opened.value.fill(0);
  }
}

/**
 * Password change: the same private key sealed under the new password with a fresh salt and IV,
 * so the public key printed on earlier minutes stays the officer's key.
 */
export async function resealKey(
  sealed: SealedKey,
  oldPassword: string,
  newPassword: string,
  options: SealOptions = {},
): Promise<Result<SealedKey>> {
  const opened = await openSealed(sealed, oldPassword);
  if (!opened.ok) return opened;
  try {
    return ok(await seal(opened.value, sealed.publicKey, newPassword, options.kdf ?? DEFAULT_KDF));
  } finally {
    opened.value.fill(0);
  }
}

async function seal(
  pkcs8: Uint8Array,
  publicKey: string,
  password: string,
  params: KdfParams,
): Promise<SealedKey> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const kdf = { ...params, salt: toBase64Url(salt) };
  const { aesKey, keyCheck } = await deriveKeys(password, kdf);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(publicKey) },
    aesKey,
    asBufferSource(pkcs8),
  );
  return {
    v: 1,
    alg: "Ed25519",
    publicKey,
    kdf,
    keyCheck: toBase64Url(keyCheck),
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(new Uint8Array(ciphertext)),
  };
}

/** The PKCS#8 bytes, checked against the recorded public key. The caller wipes them. */
async function openSealed(sealed: SealedKey, password: string): Promise<Result<Uint8Array<ArrayBuffer>>> {
  // Parsed again here: a stored record can be damaged after it was first parsed, and a damaged
  // record must come back as an error value, not a decoding exception.
  const parsed = SealedKeySchema.safeParse(sealed);
  if (!parsed.success) return fail("sealed_key_corrupt", SEALED_KEY_CORRUPT);
  const { publicKey, kdf, keyCheck, iv, ciphertext } = parsed.data;

  const derived = await deriveKeys(password, kdf);
  if (!timingSafeEqual(derived.keyCheck, fromBase64Url(keyCheck)))
    return fail("wrong_password", WRONG_PASSWORD);

  let pkcs8: Uint8Array<ArrayBuffer>;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: additionalData(publicKey) },
      derived.aesKey,
      fromBase64Url(ciphertext),
    );
    pkcs8 = new Uint8Array(plain);
  } catch {
    // Right password but the tag does not verify: ciphertext, IV or public key was changed.
    return fail("sealed_key_corrupt", SEALED_KEY_CORRUPT);
  }

  // Defence in depth: the sealed private key must be the one whose public key is on record.
  const matches = await publicKeyOf(pkcs8).then(
    (x) => x === publicKey,
    () => false,
  );
  if (matches) return ok(pkcs8);
  pkcs8.fill(0);
  return fail("sealed_key_corrupt", SEALED_KEY_CORRUPT);
}

async function publicKeyOf(pkcs8: Uint8Array<ArrayBuffer>): Promise<string | undefined> {
  const key = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  return (await crypto.subtle.exportKey("jwk", key)).x;
}

const encoder = new TextEncoder();

function additionalData(publicKey: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`tin-nhiem/sealed-key/v1/Ed25519/${publicKey}`);
}

async function deriveKeys(
  password: string,
  kdf: SealedKey["kdf"],
): Promise<{ aesKey: CryptoKey; keyCheck: Uint8Array<ArrayBuffer> }> {
  const master = await kdfMaster(password, kdf);
  const hkdf = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveBits", "deriveKey"]);
  master.fill(0);
  const info = (label: string) => ({
    name: "HKDF",
    hash: "SHA-256",
    salt: new Uint8Array(),
    info: encoder.encode(label),
  });
  const aesKey = await crypto.subtle.deriveKey(
    info("tin-nhiem/sealed-key/v1/aes-256-gcm"),
    hkdf,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const keyCheck = new Uint8Array(
    await crypto.subtle.deriveBits(info("tin-nhiem/sealed-key/v1/key-check"), hkdf, 256),
  );
  return { aesKey, keyCheck };
}

/** 32 bytes from the password. NFC first: Vietnamese keyboards (Telex, VNI) may send the same
 *  visible password composed or decomposed, and the officer must still get their key back. */
async function kdfMaster(password: string, kdf: SealedKey["kdf"]): Promise<Uint8Array<ArrayBuffer>> {
  const secret = encoder.encode(password.normalize("NFC"));
  const salt = fromBase64Url(kdf.salt);
  if (kdf.name === "PBKDF2-SHA-256") {
    const base = await crypto.subtle.importKey("raw", secret, "PBKDF2", false, ["deriveBits"]);
    const bits = { name: "PBKDF2", hash: "SHA-256", salt, iterations: kdf.iterations };
    return new Uint8Array(await crypto.subtle.deriveBits(bits, base, 256));
  }
  const { N, r, p } = kdf;
  return new Promise((resolve, reject) => {
    // scrypt needs about 128·N·r bytes; node's default cap (32 MiB) is below the production cost.
    scrypt(secret, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Fingerprints, signatures

/**
 * What officers and readers of the minutes compare by eye: the first 80 bits of SHA-256 over the
 * raw 32-byte public key, as 20 uppercase hex digits in groups of 4 ("3F2A 91C0 7B1E 04D9 A6C2").
 * 80 bits is beyond any second-preimage search; tools compare the full public key instead.
 */
export function publicKeyFingerprint(publicKey: string): string {
  const hex = sha256Hex(fromBase64Url(publicKey)).slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)?.join(" ") ?? hex;
}

/** Ed25519 signature (deterministic, RFC 8032) as base64url. */
export async function signBytes(privateKey: CryptoKey, data: Uint8Array): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, asBufferSource(data))));
}

/**
 * False, never an exception, for a malformed key or signature: both come from documents we did
 * not necessarily produce (the verify script reads minutes from any source). Strict: small-order
 * and non-canonical keys, non-canonical R and S ≥ L are refused before WebCrypto runs
 * (./ed25519.ts; `verifyEd25519` says which check failed).
 */
export async function verifyBytes(publicKey: string, data: Uint8Array, signature: string): Promise<boolean> {
  return (await verifyEd25519(publicKey, data, signature)).ok;
}

/** The bytes every signature on a document covers: JCS of the document without `signatures` (§6). */
export function documentSigningBytes(doc: Readonly<Record<string, unknown>>): Uint8Array<ArrayBuffer> {
  const { signatures: _ignored, ...signed } = doc;
  return encoder.encode(canonicalJson(signed));
}

export async function signDocument(
  privateKey: CryptoKey,
  doc: Readonly<Record<string, unknown>>,
): Promise<string> {
  return signBytes(privateKey, documentSigningBytes(doc));
}

/**
 * For documents our own code holds: the bytes are rebuilt with canonicalJson, which NFC-normalizes
 * first (so a decomposed copy still verifies) and throws on a value with no canonical form. A
 * document from outside goes through `verifyMinutes` (./verify-minutes.ts), which refuses such
 * documents instead of repairing them.
 */
export async function verifyDocumentSignature(
  publicKey: string,
  doc: Readonly<Record<string, unknown>>,
  signature: string,
): Promise<boolean> {
  return verifyBytes(publicKey, documentSigningBytes(doc), signature);
}

/** WebCrypto's typings want ArrayBuffer-backed views; copy only the rare shared-buffer view. */
function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
