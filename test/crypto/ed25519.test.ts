import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../server/crypto/base64url.ts";
import {
  ED25519_ORDER,
  type Ed25519ErrorCode,
  parsePublicKey,
  parseSignature,
  SMALL_ORDER_ENCODINGS,
  verifyEd25519,
} from "../../server/crypto/ed25519.ts";
import { signBytes, verifyBytes } from "../../server/crypto/keys.ts";

const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
const b64 = (h: string) => toBase64Url(hex(h));
const PKCS8_ED25519_PREFIX = "302e020100300506032b657004220420";

// RFC 8032 §7.1, TEST 1–3 (Ed25519).
const RFC8032 = [
  {
    name: "TEST 1 (empty message)",
    seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155" +
      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    name: "TEST 2 (one byte)",
    seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da" +
      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
  {
    name: "TEST 3 (two bytes)",
    seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature:
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac" +
      "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  },
];
const [T1] = RFC8032;
if (!T1) throw new Error("vectors missing");

// ---------------------------------------------------------------------------------------------
// Independent Edwards25519 arithmetic (affine, BigInt), only to check the blocklist constants.

const P = 2n ** 255n - 19n;
const mod = (a: bigint) => ((a % P) + P) % P;
const pow = (base: bigint, exp: bigint): bigint => {
  let result = 1n;
  let b = mod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
  }
  return result;
};
const inv = (a: bigint) => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);
type Point = { x: bigint; y: bigint };
const add = (a: Point, b: Point): Point => {
  const t = mod(D * a.x * b.x * a.y * b.y);
  return {
    x: mod((a.x * b.y + a.y * b.x) * inv(1n + t)),
    y: mod((a.y * b.y + a.x * b.x) * inv(1n - t)),
  };
};
/** RFC 8032 §5.1.3 decoding, but lenient about y ≥ p and the sign of x = 0, as lax decoders are. */
const decodeLax = (encoding: Uint8Array): Point | null => {
  const bytes = Uint8Array.from(encoding);
  const sign = (bytes[31] ?? 0) >> 7;
  bytes[31] = (bytes[31] ?? 0) & 0x7f;
  const y = mod(BigInt(`0x${Buffer.from(bytes).reverse().toString("hex")}`));
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  const x2 = mod(u * inv(v));
  let x = pow(x2, (P + 3n) / 8n);
  if (mod(x * x) !== x2) x = mod(x * SQRT_M1);
  if (mod(x * x) !== x2) return null;
  if (x !== 0n && Number(x & 1n) !== sign) x = P - x;
  return { x, y };
};

function expectRefused(result: { ok: boolean; error?: { code: string } }, code: Ed25519ErrorCode): void {
  expect(result.ok ? "ok" : result.error?.code).toBe(code);
}

/** The same string with the unused low bits of its last base64url character set. */
function withTrailingBits(text: string, unusedBits: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const last = alphabet.indexOf(text.at(-1) ?? "A");
  return text.slice(0, -1) + alphabet[last | ((1 << unusedBits) - 1)];
}

describe("strict Ed25519", () => {
  it.each(RFC8032)(
    "verifyEd25519 - RFC 8032 $name verifies, and signing from its seed reproduces it",
    async (v) => {
      const message = hex(v.message);
      expect(await verifyEd25519(b64(v.publicKey), message, b64(v.signature))).toEqual({
        ok: true,
        value: true,
      });
      expect(await verifyBytes(b64(v.publicKey), message, b64(v.signature))).toBe(true);
      const key = await crypto.subtle.importKey(
        "pkcs8",
        hex(PKCS8_ED25519_PREFIX + v.seed),
        "Ed25519",
        false,
        ["sign"],
      );
      expect(await signBytes(key, message)).toBe(b64(v.signature));
    },
  );

  it.each(RFC8032)("verifyEd25519 - RFC 8032 $name fails for other data", async (v) => {
    const result = await verifyEd25519(b64(v.publicKey), hex(`${v.message}00`), b64(v.signature));
    expectRefused(result, "signature_invalid");
  });

  it("SMALL_ORDER_ENCODINGS - 14 encodings of exactly the 8 points whose order divides 8 (checked by arithmetic)", () => {
    expect(SMALL_ORDER_ENCODINGS).toHaveLength(14);
    expect(new Set(SMALL_ORDER_ENCODINGS).size).toBe(14);
    const points = new Set<string>();
    for (const encoding of SMALL_ORDER_ENCODINGS) {
      const point = decodeLax(hex(encoding));
      expect(point, encoding).not.toBeNull();
      if (point === null) continue;
      let q = point;
      for (let i = 0; i < 3; i++) q = add(q, q); // [8]P
      expect(q, encoding).toEqual({ x: 0n, y: 1n });
      points.add(`${point.x},${point.y}`);
    }
    expect(points.size).toBe(8);
  });

  it.each(SMALL_ORDER_ENCODINGS)("parsePublicKey - refuses the small-order encoding %s", async (encoding) => {
    const result = parsePublicKey(b64(encoding));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(["public_key_small_order", "public_key_non_canonical"]).toContain(result.error.code);
    expect(result.error.message).toMatch(/Khóa công khai/);
    expect(await verifyBytes(b64(encoding), hex(T1.message), b64(T1.signature))).toBe(false);
  });

  it("verifyEd25519 - the identity key with R = identity, S = 0 'verifies' any message under bare WebCrypto; refused here", async () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const forged = new Uint8Array(64);
    forged[0] = 1; // R = identity; S = 0
    const message = new TextEncoder().encode("Biên bản giả: 500 phiếu tín nhiệm cao");
    const raw = await crypto.subtle.importKey("raw", identity, "Ed25519", false, ["verify"]);
    // Why the blocklist exists: the runtime's own verification accepts this forgery.
    expect(await crypto.subtle.verify("Ed25519", raw, forged, message)).toBe(true);
    expectRefused(
      await verifyEd25519(toBase64Url(identity), message, toBase64Url(forged)),
      "public_key_small_order",
    );
    expect(await verifyBytes(toBase64Url(identity), message, toBase64Url(forged))).toBe(false);
  });

  it("parsePublicKey - refuses y ≥ p even for a y that is not small order once reduced", () => {
    // The largest 255-bit value and p + 2: both are y ≥ p, each a second spelling of a y < p.
    for (const value of [2n ** 255n - 1n, P + 2n]) {
      const encoded = Buffer.from(value.toString(16).padStart(64, "0"), "hex").reverse();
      expectRefused(parsePublicKey(toBase64Url(encoded)), "public_key_non_canonical");
    }
    expect(parsePublicKey(b64(T1.publicKey)).ok).toBe(true);
  });

  it("parseSignature - refuses S + L (the malleated twin of a valid signature) and S = L", async () => {
    const sig = hex(T1.signature);
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).reverse().toString("hex")}`);
    for (const bad of [s + ED25519_ORDER, ED25519_ORDER]) {
      const twin = Uint8Array.from(sig);
      twin.set(Buffer.from(bad.toString(16).padStart(64, "0"), "hex").reverse(), 32);
      expectRefused(parseSignature(toBase64Url(twin)), "signature_s_non_canonical");
      expectRefused(
        await verifyEd25519(b64(T1.publicKey), hex(T1.message), toBase64Url(twin)),
        "signature_s_non_canonical",
      );
    }
  });

  it("parseSignature - refuses a small-order or non-canonical R", () => {
    const sig = hex(T1.signature);
    for (const encoding of SMALL_ORDER_ENCODINGS) {
      const bad = Uint8Array.from(sig);
      bad.set(hex(encoding), 0);
      const result = parseSignature(toBase64Url(bad));
      expect(result.ok ? "ok" : result.error.code).toMatch(/^signature_r_(small_order|non_canonical)$/);
    }
    const nonCanonical = Uint8Array.from(sig);
    nonCanonical.set(new Uint8Array(32).fill(0xff), 0);
    expectRefused(parseSignature(toBase64Url(nonCanonical)), "signature_r_non_canonical");
  });

  describe("base64url must be canonical: one key, one text", () => {
    const key = b64(T1.publicKey);
    const sig = b64(T1.signature);

    it("withTrailingBits - the altered strings decode to the same bytes under a lax decoder", () => {
      expect(withTrailingBits(key, 2)).not.toBe(key);
      expect(Buffer.from(withTrailingBits(key, 2), "base64url")).toEqual(Buffer.from(hex(T1.publicKey)));
      expect(Buffer.from(withTrailingBits(sig, 4), "base64url")).toEqual(Buffer.from(hex(T1.signature)));
    });

    it.each([
      ["padding", `${key}=`],
      ["standard base64 with padding", Buffer.from(hex(T1.publicKey)).toString("base64")],
      ["non-zero unused trailing bits", withTrailingBits(key, 2)],
      ["whitespace", ` ${key}`],
      ["31 bytes", toBase64Url(hex(T1.publicKey).subarray(1))],
      ["33 bytes", toBase64Url(hex(`${T1.publicKey}00`))],
      ["empty", ""],
    ])("parsePublicKey - refuses %s", async (_name, text) => {
      expectRefused(parsePublicKey(text), "public_key_encoding");
      expectRefused(await verifyEd25519(text, hex(T1.message), sig), "public_key_encoding");
    });

    it.each([
      ["padding", `${sig}==`],
      ["standard base64", Buffer.from(hex(T1.signature)).toString("base64")],
      ["a character outside the alphabet", `${sig.slice(0, -2)}+A`],
      ["non-zero unused trailing bits", withTrailingBits(sig, 4)],
      ["63 bytes", toBase64Url(hex(T1.signature).subarray(1))],
    ])("parseSignature - refuses %s", async (_name, text) => {
      expectRefused(parseSignature(text), "signature_encoding");
      expectRefused(await verifyEd25519(key, hex(T1.message), text), "signature_encoding");
    });
  });

  it("parsePublicKey - never throws on arbitrary 32-byte strings; keys made by WebCrypto are accepted", async () => {
    for (let i = 0; i < 200; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      expect(() => parsePublicKey(toBase64Url(bytes))).not.toThrow();
    }
    for (let i = 0; i < 20; i++) {
      const pair = (await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"])) as CryptoKeyPair;
      const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      expect(parsePublicKey(toBase64Url(raw)).ok).toBe(true);
      const data = new TextEncoder().encode(`biên bản ${i}`);
      const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", pair.privateKey, data));
      expect(parseSignature(toBase64Url(signature)).ok).toBe(true);
      expect((await verifyEd25519(toBase64Url(raw), data, toBase64Url(signature))).ok).toBe(true);
    }
  });
});
