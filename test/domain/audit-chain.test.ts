import { describe, expect, it } from "vitest";
import { Store } from "../../server/db/store.ts";
import { GENESIS_HASH, hashAuditEntry, verifyAuditChain } from "../../server/domain/audit-chain.ts";

const draft = (i: number) => ({
  at: `2026-10-27T0${i % 10}:00:00.000Z`,
  actor: "bantochuc",
  action: "scenario.load" as const,
  subject: `mục ${i}`,
  details: { i },
});

function filled(n: number): Store {
  const store = Store.memory();
  for (let i = 1; i <= n; i++) store.audit.append(draft(i));
  return store;
}

describe("audit chain", () => {
  it("append - each entry holds the previous entry's hash, starting from the genesis hash", () => {
    const entries = filled(3).audit.list();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(new Set(entries.map((e) => e.hash)).size).toBe(3);
  });

  it("verify - an untouched chain verifies and reports its head", () => {
    const store = filled(5);
    const check = store.audit.verify();
    expect(check).toEqual({ ok: true, count: 5, head: store.audit.list().at(-1)?.hash });
  });

  it("verify - the database refuses UPDATE and DELETE on the audit log", () => {
    const store = filled(2);
    expect(() => store.db.run("UPDATE audit_log SET subject = 'khác' WHERE seq = 1")).toThrow(/append-only/);
    expect(() => store.db.run("DELETE FROM audit_log WHERE seq = 2")).toThrow(/append-only/);
    expect(store.audit.verify().ok).toBe(true);
  });

  it("verify - a tampered entry is found and named (trigger bypassed)", () => {
    const store = filled(6);
    // An attacker with file access drops the trigger and edits entry 4.
    store.db.run("DROP TRIGGER audit_log_no_update");
    store.db.run(`UPDATE audit_log SET details = '{"i":99}' WHERE seq = 4`);
    expect(store.audit.verify()).toEqual({ ok: false, error: { seq: 4, reason: "hash_mismatch" } });
  });

  it("verify - a re-hashed forgery breaks the link to the next entry", () => {
    const entries = filled(5).audit.list();
    const forged = entries.map((e) => ({ ...e }));
    const third = forged[2];
    if (!third) throw new Error("fixture too short");
    third.subject = "đã sửa";
    // The forger recomputes entry 3's own hash correctly: entry 4 still points at the old one.
    third.hash = hashAuditEntry(third);
    expect(verifyAuditChain(forged)).toEqual({ ok: false, error: { seq: 4, reason: "prev_mismatch" } });
  });

  it("verify - a deleted entry in the middle is found", () => {
    const entries = filled(5).audit.list();
    const withGap = entries.filter((e) => e.seq !== 3);
    expect(verifyAuditChain(withGap)).toEqual({ ok: false, error: { seq: 4, reason: "seq_gap" } });
  });

  it("append - details are hashed exactly as stored (JSON drops undefined, a Date becomes its string)", () => {
    const store = Store.memory();
    const entry = store.audit.append({ ...draft(1), details: { reason: undefined, at: new Date(0), n: 2 } });
    expect(entry.details).toEqual({ at: "1970-01-01T00:00:00.000Z", n: 2 });
    expect(store.audit.list()[0]?.details).toEqual(entry.details);
    expect(store.audit.verify().ok).toBe(true);
  });

  it("append - a float in the details is a bug in the caller: refused before anything is written", () => {
    const store = Store.memory();
    expect(() => store.audit.append({ ...draft(1), details: { ratio: 0.5 } })).toThrow(
      /not_integer at details\.ratio/,
    );
    expect(store.audit.list()).toHaveLength(0);
  });

  it("verify - a stored entry that has no canonical form (edited to hold a float) is a hash mismatch, not a crash", () => {
    const store = filled(3);
    store.db.run("DROP TRIGGER audit_log_no_update");
    store.db.run(`UPDATE audit_log SET details = '{"i":2.5}' WHERE seq = 2`);
    expect(store.audit.verify()).toEqual({ ok: false, error: { seq: 2, reason: "hash_mismatch" } });
  });

  it("verify - an empty log verifies with the genesis head", () => {
    expect(Store.memory().audit.verify()).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });
});
