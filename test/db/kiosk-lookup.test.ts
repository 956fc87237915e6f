import { expect, it } from "vitest";
import { votingFixture } from "../../scripts/voting-fixture.ts";
import { sha256Hex } from "../../server/crypto/digest.ts";
import { Store } from "../../server/db/store.ts";

const AT = "2026-10-27T01:00:00.000Z";

async function twoKiosks() {
  const store = Store.memory();
  const fixture = await votingFixture(store, { code: "KL", officials: 1, roster: 3, kiosks: 2 });
  const [a, b] = fixture.kiosks;
  if (!a || !b) throw new Error("two kiosks expected");
  return {
    store,
    point: fixture.point,
    a: { id: a.id, hash: sha256Hex(a.token) },
    b: { id: b.id, hash: sha256Hex(b.token) },
  };
}

it("kioskByToken - the row is kept while nothing changes; any write through the connection drops it, so a read always gives the file's row", async () => {
  const { store, point, a, b } = await twoKiosks();
  const first = store.voting.kioskByToken(a.hash);
  expect(first?.id).toBe(a.id);
  // Nothing written since: the same row, not read again; frozen, since every request shares it.
  expect(store.voting.kioskByToken(a.hash)).toBe(first);
  expect(Object.isFrozen(first)).toBe(true);

  // A change to another kiosk drops it too (whatever was written, the next call reads again)...
  store.voting.touchKiosk(b.id, AT);
  const again = store.voting.kioskByToken(a.hash);
  expect(again).not.toBe(first);
  expect(again).toEqual(first);

  // ...and a change to this one is seen at once: the label, then the device forgotten.
  store.db.run("UPDATE kiosks SET label = 'Bàn 2' WHERE id = ?", [a.id]);
  expect(store.voting.kioskByToken(a.hash)?.label).toBe("Bàn 2");
  store.voting.deleteKiosk(a.id);
  expect(store.voting.kioskByToken(a.hash)).toBeNull();

  // A point deleted takes its kiosks with it (ON DELETE CASCADE): the kept row does not outlive it.
  expect(store.voting.kioskByToken(b.hash)?.pointId).toBe(point.id);
  store.db.run("DELETE FROM points WHERE id = ?", [point.id]);
  expect(store.voting.kioskByToken(b.hash)).toBeNull();
});

it("kioskByToken - inside a transaction the row is read, not kept: a change rolled back is not seen afterwards", async () => {
  const { store, a } = await twoKiosks();
  const before = store.voting.kioskByToken(a.hash);
  const refused = store.withTransaction(() => {
    store.db.run("UPDATE kiosks SET label = 'nháp' WHERE id = ?", [a.id]);
    // Inside, the transaction's own change is what a read gives.
    expect(store.voting.kioskByToken(a.hash)?.label).toBe("nháp");
    return { ok: false as const, error: "refused" };
  });
  expect(refused.ok).toBe(false);
  expect(store.voting.kioskByToken(a.hash)).toEqual(before);
  expect(store.voting.kioskByToken(a.hash)?.label).not.toBe("nháp");
});
