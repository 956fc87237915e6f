import { canonicalize, digestOf, nfcDeep, sha256Hex } from "../crypto/digest.ts";
import type { AuditAction } from "./audit.ts";

/**
 * The audit trail is append-only and hash-chained (DESIGN §5): each entry stores the SHA-256 of
 * the previous entry, so removing, reordering or editing any entry breaks every hash after it.
 * Entries never carry passwords, ballot content, or anything linking a ticket to a resident.
 */
export type AuditEntry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

/** A new entry: its action is one of the known names (stored entries keep whatever was written). */
export type AuditDraft = Omit<AuditEntry, "seq" | "prevHash" | "hash" | "action"> & { action: AuditAction };

export const GENESIS_HASH = "0".repeat(64);

const hashedBody = (entry: Omit<AuditEntry, "hash">) => ({
  seq: entry.seq,
  at: entry.at,
  actor: entry.actor,
  action: entry.action,
  subject: entry.subject,
  details: entry.details,
  prev: entry.prevHash,
});

/** The hash of an entry being written: its details must be plain JSON (throws otherwise: a bug). */
export function hashAuditEntry(entry: Omit<AuditEntry, "hash">): string {
  return digestOf(hashedBody(entry));
}

/** The hash of an entry read back, or null when the stored entry has no canonical form (damaged). */
function storedEntryHash(entry: Omit<AuditEntry, "hash">): string | null {
  const text = canonicalize(nfcDeep(hashedBody(entry)));
  return text.ok ? sha256Hex(text.value) : null;
}

export type ChainBreak = { seq: number; reason: "prev_mismatch" | "hash_mismatch" | "seq_gap" };
export type ChainCheck = { ok: true; count: number; head: string } | { ok: false; error: ChainBreak };

/** Walks the chain in order and names the first entry that does not fit. */
export function verifyAuditChain(entries: Iterable<AuditEntry>): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq: number | null = null;
  let count = 0;
  for (const entry of entries) {
    if (expectedSeq !== null && entry.seq !== expectedSeq) {
      return { ok: false, error: { seq: entry.seq, reason: "seq_gap" } };
    }
    if (entry.prevHash !== prev) return { ok: false, error: { seq: entry.seq, reason: "prev_mismatch" } };
    if (storedEntryHash(entry) !== entry.hash) {
      return { ok: false, error: { seq: entry.seq, reason: "hash_mismatch" } };
    }
    prev = entry.hash;
    expectedSeq = entry.seq + 1;
    count++;
  }
  return { ok: true, count, head: prev };
}
