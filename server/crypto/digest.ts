import canonicalize from "canonicalize";

/** RFC 8785 (JCS) canonical JSON of a value, with every string NFC-normalized first (DESIGN §6). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(nfcDeep(value));
  if (text === undefined) throw new Error("canonicalJson: value has no JSON form");
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(data);
  return hasher.digest("hex");
}

/** SHA-256 of the canonical JSON bytes: the digest every commitment and the audit chain use. */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Random bytes as lowercase hex (tokens, ids). */
export function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Buffer.from(buf).toString("hex");
}

function nfcDeep(value: unknown): unknown {
  if (typeof value === "string") return value.normalize("NFC");
  if (Array.isArray(value)) return value.map(nfcDeep);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.normalize("NFC")] = nfcDeep(v);
    return out;
  }
  return value;
}
