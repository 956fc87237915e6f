import { execFileSync } from "node:child_process";
import { createHash, createPublicKey, verify as nodeVerify, scryptSync } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../server/crypto/base64url.ts";
import { canonicalJson } from "../../server/crypto/digest.ts";
import {
  createSealedKeyPair,
  DEFAULT_KDF,
  documentSigningBytes,
  type KdfParams,
  publicKeyFingerprint,
  resealKey,
  type SealedKey,
  SealedKeySchema,
  signBytes,
  signDocument,
  unsealPrivateKey,
  verifyBytes,
  verifyDocumentSignature,
} from "../../server/crypto/keys.ts";

// Cheap cost for everything except the production-default test: the format is the same, only the
// derivation is faster (scrypt 2^17 takes a few hundred ms on this machine).
const FAST: KdfParams = { name: "scrypt", N: 2 ** 10, r: 8, p: 1 };
const FAST_PBKDF2: KdfParams = { name: "PBKDF2-SHA-256", iterations: 1_000 };
const fast = { kdf: FAST };

const PASSWORD = "Cán bộ xã Hòa Bình #2026";
const bytes = (text: string) => new TextEncoder().encode(text);

async function unsealed(sealed: SealedKey, password = PASSWORD): Promise<CryptoKey> {
  const result = await unsealPrivateKey(sealed, password);
  if (!result.ok) throw new Error(`unseal failed: ${result.error.code}`);
  return result.value;
}

/** A real Node.js (OpenSSL), not the `node` shim that `bun --bun` puts first on PATH. */
function realNode(): string | undefined {
  const { PATH = "" } = process.env;
  for (const dir of PATH.split(":")) {
    const candidate = join(dir, "node");
    if (!dir || !existsSync(candidate)) continue;
    try {
      const out = execFileSync(candidate, ["-p", "process.versions.bun ? 'bun' : 'node'"]).toString().trim();
      if (out === "node") return candidate;
    } catch {}
  }
  return undefined;
}

// RFC 8032 §7.1, TEST 2: an independent known answer for Ed25519 signing.
const RFC8032 = {
  seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
  publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
  message: "72",
  signature:
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da" +
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
};
const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
const PKCS8_ED25519_PREFIX = "302e020100300506032b657004220420";

/** Opens a sealed blob following only the documented format, as another tool would. */
async function openByHand(sealed: SealedKey, password: string): Promise<Uint8Array> {
  if (sealed.kdf.name !== "scrypt") throw new Error("test helper handles scrypt only");
  const { N, r, p, salt } = sealed.kdf;
  const master = scryptSync(password.normalize("NFC"), fromBase64Url(salt), 32, { N, r, p });
  const hkdf = await crypto.subtle.importKey("raw", new Uint8Array(master), "HKDF", false, ["deriveKey"]);
  const aes = await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(),
      info: bytes("tin-nhiem/sealed-key/v1/aes-256-gcm"),
    },
    hkdf,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  const plain = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: fromBase64Url(sealed.iv),
      additionalData: bytes(`tin-nhiem/sealed-key/v1/Ed25519/${sealed.publicKey}`),
    },
    aes,
    fromBase64Url(sealed.ciphertext),
  );
  return new Uint8Array(plain);
}

describe("officer keys", () => {
  it("createSealedKeyPair - production cost: unseal, sign, and WebCrypto, node:crypto and Node.js all verify", async () => {
    const sealed = await createSealedKeyPair(PASSWORD);
    expect(sealed.kdf).toMatchObject({ name: "scrypt", N: 2 ** 17, r: 8, p: 1 });
    expect(sealed.kdf).toMatchObject(DEFAULT_KDF);
    expect(SealedKeySchema.parse(sealed)).toEqual(sealed);
    expect(fromBase64Url(sealed.publicKey)).toHaveLength(32);

    const key = await unsealed(sealed);
    expect(key.extractable).toBe(false);
    expect(key.usages).toEqual(["sign"]);
    const data = bytes("Biên bản kiểm phiếu — điểm 01, ngày 27/10/2026");
    const signature = await signBytes(key, data);
    expect(fromBase64Url(signature)).toHaveLength(64);
    expect(await verifyBytes(sealed.publicKey, data, signature)).toBe(true);

    const jwk = { kty: "OKP", crv: "Ed25519", x: sealed.publicKey };
    const nodeKey = createPublicKey({ key: jwk, format: "jwk" });
    expect(nodeVerify(null, data, nodeKey, fromBase64Url(signature))).toBe(true);
    expect(nodeVerify(null, bytes("khác"), nodeKey, fromBase64Url(signature))).toBe(false);

    // In-process node:crypto is Bun's own; a separate Node.js (OpenSSL) is a second implementation.
    const node = realNode();
    if (node === undefined) return;
    const script =
      "const c=require('node:crypto');const [x,d,s]=process.argv.slice(1);" +
      "const k=c.createPublicKey({key:{kty:'OKP',crv:'Ed25519',x},format:'jwk'});" +
      "process.stdout.write(String(c.verify(null,Buffer.from(d,'base64url'),k,Buffer.from(s,'base64url'))))";
    // "--" ends Node's own options: a base64url key may begin with "-" (1 in 64 keys).
    const out = execFileSync(node, [
      "-e",
      script,
      "--",
      sealed.publicKey,
      toBase64Url(data),
      signature,
    ]).toString();
    expect(out).toBe("true");
  });

  it("unsealPrivateKey - wrong password is an error value with a Vietnamese message", async () => {
    const sealed = await createSealedKeyPair(PASSWORD, fast);
    for (const wrong of ["", "cán bộ xã hòa bình #2026", `${PASSWORD} `]) {
      const result = await unsealPrivateKey(sealed, wrong);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe("wrong_password");
      expect(result.error.message).toMatch(/Mật khẩu không đúng/);
    }
  });

  it("unsealPrivateKey - the password is compared after NFC, so composed and decomposed input match", async () => {
    const composed = "Nguyễn Văn Ấn";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    const sealed = await createSealedKeyPair(composed, fast);
    expect((await unsealPrivateKey(sealed, decomposed)).ok).toBe(true);
  });

  it("unsealPrivateKey - PBKDF2 blobs are read too (the format names its KDF)", async () => {
    const sealed = await createSealedKeyPair(PASSWORD, { kdf: FAST_PBKDF2 });
    expect(sealed.kdf).toMatchObject({ name: "PBKDF2-SHA-256", iterations: 1_000 });
    const key = await unsealed(sealed);
    expect(await verifyBytes(sealed.publicKey, bytes("x"), await signBytes(key, bytes("x")))).toBe(true);
    expect((await unsealPrivateKey(sealed, "sai")).ok).toBe(false);
  });

  it("resealKey - new password, same key: old password fails, new works, fresh salt and IV", async () => {
    const before = await createSealedKeyPair("mật khẩu cũ", fast);
    const result = await resealKey(before, "mật khẩu cũ", "mật khẩu mới", fast);
    if (!result.ok) throw new Error(result.error.code);
    const after = result.value;

    expect(after.publicKey).toBe(before.publicKey);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.iv).not.toBe(before.iv);
    expect(after.ciphertext).not.toBe(before.ciphertext);
    expect((await unsealPrivateKey(after, "mật khẩu cũ")).ok).toBe(false);

    const key = await unsealed(after, "mật khẩu mới");
    const data = bytes("ký sau khi đổi mật khẩu");
    expect(await verifyBytes(before.publicKey, data, await signBytes(key, data))).toBe(true);
    // The original blob still opens with the old password: re-sealing does not alter its input.
    expect((await unsealPrivateKey(before, "mật khẩu cũ")).ok).toBe(true);
  });

  it("resealKey - wrong old password changes nothing; the KDF can be upgraded on the way", async () => {
    const sealed = await createSealedKeyPair(PASSWORD, { kdf: FAST_PBKDF2 });
    const refused = await resealKey(sealed, "sai", "mới", fast);
    expect(refused.ok ? "ok" : refused.error.code).toBe("wrong_password");

    const upgraded = await resealKey(sealed, PASSWORD, "mới", fast);
    if (!upgraded.ok) throw new Error(upgraded.error.code);
    expect(upgraded.value.kdf.name).toBe("scrypt");
    expect(upgraded.value.publicKey).toBe(sealed.publicKey);
    expect((await unsealPrivateKey(upgraded.value, "mới")).ok).toBe(true);
  });

  describe("unsealPrivateKey - a damaged or swapped blob fails as a value, never a crash", async () => {
    const a = await createSealedKeyPair(PASSWORD, fast);
    const b = await createSealedKeyPair(PASSWORD, fast);
    const flip = (b64: string, at: number) => {
      const raw = fromBase64Url(b64);
      const i = (at + raw.length) % raw.length; // negative counts from the end
      raw[i] = (raw[i] ?? 0) ^ 0x01;
      return toBase64Url(raw);
    };
    const cases: [string, SealedKey, string][] = [
      ["ciphertext bit flipped", { ...a, ciphertext: flip(a.ciphertext, 5) }, "sealed_key_corrupt"],
      ["GCM tag bit flipped", { ...a, ciphertext: flip(a.ciphertext, -1) }, "sealed_key_corrupt"],
      ["ciphertext truncated", { ...a, ciphertext: a.ciphertext.slice(0, 40) }, "sealed_key_corrupt"],
      ["IV changed", { ...a, iv: flip(a.iv, 0) }, "sealed_key_corrupt"],
      [
        "public key swapped for another officer's (AAD)",
        { ...a, publicKey: b.publicKey },
        "sealed_key_corrupt",
      ],
      [
        "sealed key moved under another officer's public key",
        { ...b, publicKey: a.publicKey },
        "sealed_key_corrupt",
      ],
      [
        "ciphertext and IV from another officer's blob",
        { ...a, iv: b.iv, ciphertext: b.ciphertext },
        "sealed_key_corrupt",
      ],
      ["not base64url", { ...a, ciphertext: `${a.ciphertext.slice(1)}+` }, "sealed_key_corrupt"],
      ["format version changed", { ...a, v: 2 } as unknown as SealedKey, "sealed_key_corrupt"],
      // A changed salt, KDF cost or key check derives other keys: indistinguishable from a wrong password.
      ["salt changed", { ...a, kdf: { ...a.kdf, salt: flip(a.kdf.salt, 3) } }, "wrong_password"],
      ["KDF cost changed", { ...a, kdf: { ...a.kdf, N: 2 ** 11 } } as SealedKey, "wrong_password"],
      ["key check changed", { ...a, keyCheck: flip(a.keyCheck, 7) }, "wrong_password"],
    ];
    it.each(cases)("%s", async (_name, damaged, code) => {
      const result = await unsealPrivateKey(damaged, PASSWORD);
      expect(result.ok ? "ok" : result.error.code).toBe(code);
      const resealed = await resealKey(damaged, PASSWORD, "mới", fast);
      expect(resealed.ok ? "ok" : resealed.error.code).toBe(code);
    });
    it("the untouched blobs still open", async () => {
      expect((await unsealPrivateKey(a, PASSWORD)).ok).toBe(true);
      expect((await unsealPrivateKey(b, PASSWORD)).ok).toBe(true);
    });
  });

  it("createSealedKeyPair - the sealed form holds no plaintext key material, yet follows its documented format", async () => {
    const sealed = await createSealedKeyPair(PASSWORD, fast);
    const pkcs8 = await openByHand(sealed, PASSWORD);
    const pkcs8Hex = Buffer.from(pkcs8).toString("hex");
    expect(pkcs8Hex.startsWith(PKCS8_ED25519_PREFIX)).toBe(true);
    const seed = pkcs8.slice(16);
    const key = await crypto.subtle.importKey("pkcs8", new Uint8Array(pkcs8), "Ed25519", true, ["sign"]);
    const jwk = await crypto.subtle.exportKey("jwk", key);
    expect(jwk.x).toBe(sealed.publicKey);

    const json = JSON.stringify(sealed);
    const forms = [
      jwk.d ?? "missing d",
      toBase64Url(pkcs8),
      Buffer.from(pkcs8).toString("base64"),
      pkcs8Hex,
      toBase64Url(seed),
      Buffer.from(seed).toString("hex"),
      toBase64Url(seed).slice(0, 16), // even a partial run of the seed
    ];
    for (const form of forms) expect(json).not.toContain(form);
    expect(json).not.toContain(PASSWORD);
  });

  describe("SealedKeySchema - rejects malformed sealed objects", async () => {
    const good = await createSealedKeyPair(PASSWORD, fast);
    const pad = (s: string) => `${s}${"=".repeat((4 - (s.length % 4)) % 4) || "="}`;
    const cases: [string, unknown][] = [
      ["missing ciphertext", { ...good, ciphertext: undefined }],
      ["unknown version", { ...good, v: 2 }],
      ["other algorithm", { ...good, alg: "RSA" }],
      ["extra member", { ...good, privateKey: "x" }],
      ["public key of 31 bytes", { ...good, publicKey: toBase64Url(new Uint8Array(31)) }],
      ["padded public key", { ...good, publicKey: pad(good.publicKey) }],
      ["standard base64 alphabet", { ...good, iv: "ab+/ab+/ab+/ab+/" }],
      ["IV of 16 bytes", { ...good, iv: toBase64Url(new Uint8Array(16)) }],
      ["salt of 8 bytes", { ...good, kdf: { ...good.kdf, salt: toBase64Url(new Uint8Array(8)) } }],
      ["scrypt N not a power of two", { ...good, kdf: { ...good.kdf, N: 1000 } }],
      ["scrypt N beyond the memory cap", { ...good, kdf: { ...good.kdf, N: 2 ** 24 } }],
      ["unknown KDF", { ...good, kdf: { name: "argon2id", salt: good.kdf.salt } }],
      ["PBKDF2 without iterations", { ...good, kdf: { name: "PBKDF2-SHA-256", salt: good.kdf.salt } }],
      ["empty ciphertext", { ...good, ciphertext: "" }],
      ["not an object", "sealed"],
    ];
    it.each(cases)("%s", (_name, value) => {
      expect(SealedKeySchema.safeParse(value).success).toBe(false);
    });
    it("accepts a freshly made one, round-tripped through JSON", () => {
      expect(SealedKeySchema.parse(JSON.parse(JSON.stringify(good)))).toEqual(good);
    });
  });

  it("fromBase64Url - round-trips random bytes and matches RFC 4648 base64url", () => {
    for (let length = 0; length <= 70; length++) {
      const raw = crypto.getRandomValues(new Uint8Array(length));
      const text = toBase64Url(raw);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text).toBe(Buffer.from(raw).toString("base64url"));
      expect(fromBase64Url(text)).toEqual(raw);
    }
    // A view into a larger buffer encodes only its own bytes.
    expect(toBase64Url(new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3))).toBe(
      toBase64Url(new Uint8Array([2, 3])),
    );
  });

  it.each([
    ["padding", "AA=="],
    ["single padding", "AAA="],
    ["standard alphabet +", "ab+c"],
    ["standard alphabet /", "ab/c"],
    ["whitespace", "AA AA"],
    ["impossible length", "AAAAA"],
    ["non-canonical trailing bits", "AB"],
    ["non-ASCII", "ÀA"],
  ])("fromBase64Url - rejects %s", (_name, text) => {
    expect(() => fromBase64Url(text)).toThrow(TypeError);
  });

  it("signBytes - reproduces the RFC 8032 known answer (TEST 2)", async () => {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      hex(PKCS8_ED25519_PREFIX + RFC8032.seed),
      "Ed25519",
      false,
      ["sign"],
    );
    const publicKey = toBase64Url(hex(RFC8032.publicKey));
    const message = hex(RFC8032.message);
    const signature = await signBytes(key, message);
    expect(signature).toBe(toBase64Url(hex(RFC8032.signature)));
    expect(await verifyBytes(publicKey, message, signature)).toBe(true);
  });

  it("verifyBytes - false (not an exception) for other keys, other data and malformed input", async () => {
    const a = await createSealedKeyPair(PASSWORD, fast);
    const b = await createSealedKeyPair(PASSWORD, fast);
    const data = bytes("dữ liệu");
    const signature = await signBytes(await unsealed(a), data);
    expect(await verifyBytes(a.publicKey, data, signature)).toBe(true);
    expect(await verifyBytes(b.publicKey, data, signature)).toBe(false);
    expect(await verifyBytes(a.publicKey, bytes("dữ liệu khác"), signature)).toBe(false);
    const raw = fromBase64Url(signature);
    raw[10] = (raw[10] ?? 0) ^ 0x80;
    expect(await verifyBytes(a.publicKey, data, toBase64Url(raw))).toBe(false);
    for (const [key, sig] of [
      [a.publicKey, `${signature}==`],
      [a.publicKey, signature.slice(0, 40)],
      [a.publicKey, ""],
      [`${a.publicKey}=`, signature],
      [toBase64Url(new Uint8Array(31)), signature],
      [toBase64Url(new Uint8Array(32).fill(0xff)), signature],
      ["không phải khóa", signature],
    ] as const) {
      expect(await verifyBytes(key, data, sig)).toBe(false);
    }
  });

  describe("signDocument", async () => {
    const sealed = await createSealedKeyPair(PASSWORD, fast);
    const key = await unsealed(sealed);
    const doc = {
      version: 1,
      point: "HB-01",
      counts: { roster: 120, issued: 100, collected: 99, notCollected: 1 },
      officials: [{ code: "CT", name: "Nguyễn Văn Ấn", high: 80 }],
      signatures: [],
    };
    const signature = await signDocument(key, doc);

    it("signDocument - covers the JCS bytes of the document without `signatures`", async () => {
      const { signatures: _, ...rest } = doc;
      expect(new TextDecoder().decode(documentSigningBytes(doc))).toBe(canonicalJson(rest));
      expect(await verifyBytes(sealed.publicKey, bytes(canonicalJson(rest)), signature)).toBe(true);
    });

    it("signDocument - key order, the `signatures` member and Unicode normalization do not matter", async () => {
      const reordered = {
        signatures: [{ officer: "ttv1", publicKey: sealed.publicKey, signature }],
        officials: [{ high: 80, name: "Nguyễn Văn Ấn".normalize("NFD"), code: "CT" }],
        counts: { notCollected: 1, collected: 99, issued: 100, roster: 120 },
        point: "HB-01",
        version: 1,
      };
      const { signatures: _, ...unsigned } = doc;
      for (const same of [doc, reordered, unsigned]) {
        expect(await verifyDocumentSignature(sealed.publicKey, same, signature)).toBe(true);
      }
    });

    it.each([
      ["a count changed", { ...doc, counts: { ...doc.counts, collected: 98 } }],
      ["a name changed", { ...doc, officials: [{ code: "CT", name: "Nguyễn Văn Ân", high: 80 }] }],
      ["a number became a string", { ...doc, version: "1" }],
      ["a member added", { ...doc, incidents: [] }],
      ["a member removed", { version: 1, point: "HB-01", counts: doc.counts, signatures: [] }],
      ["an array reordered", { ...doc, officials: [...doc.officials, { code: "PCT" }].reverse() }],
    ])("signDocument - verification fails when %s", async (_name, changed) => {
      expect(await verifyDocumentSignature(sealed.publicKey, changed, signature)).toBe(false);
    });
  });

  it("publicKeyFingerprint - 80 bits of SHA-256 of the raw key in groups of 4; stable and distinct", async () => {
    const a = await createSealedKeyPair(PASSWORD, fast);
    const b = await createSealedKeyPair(PASSWORD, fast);
    const fingerprint = publicKeyFingerprint(a.publicKey);
    expect(fingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){4}$/);
    expect(publicKeyFingerprint(a.publicKey)).toBe(fingerprint);
    expect(publicKeyFingerprint(b.publicKey)).not.toBe(fingerprint);
    const expected = createHash("sha256").update(fromBase64Url(a.publicKey)).digest("hex").slice(0, 20);
    expect(fingerprint.replaceAll(" ", "")).toBe(expected.toUpperCase());
    // Re-sealing keeps the fingerprint on the officer's page and earlier minutes valid.
    const resealed = await resealKey(a, PASSWORD, "mới", fast);
    expect(resealed.ok && publicKeyFingerprint(resealed.value.publicKey)).toBe(fingerprint);
  });
});
