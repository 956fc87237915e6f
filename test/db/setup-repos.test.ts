import { describe, expect, it } from "vitest";
import { createOfficer } from "../../server/services/officers.ts";
import { loadSetupModel, stampPreviewDigest } from "../../server/services/setup.ts";
import { BOARD_ACTOR, CHEAP_SEAL, draftCampaign, makeApp, unwrap } from "../helpers.ts";

const entry = (fullName: string, cccd: string | null, sourceRow: number | null = 2) => ({
  sourceRow,
  fullName,
  birthYear: 1960,
  birthDate: null,
  gender: "Nữ",
  cccd,
  householdCode: "H1",
  relation: "Chủ hộ",
  village: null,
});

/** A second point of the commune beside the draft's HQ-T1. */
const hqT2 = (communeId: number) => ({ code: "HQ-T2", name: "Thôn 2", communeId, days: ["2026-10-27"] });

describe("set-up repos", () => {
  it("campaigns - update, state changes only from the expected state, stamp record", async () => {
    const t = makeApp();
    const { campaign } = await draftCampaign(t);
    unwrap(t.store.campaigns.update(campaign.id, { ...campaign, name: "Tên mới", ruleSet: "nq85-2014" }));
    expect(t.store.campaigns.byId(campaign.id)).toMatchObject({ name: "Tên mới", ruleSet: "nq85-2014" });
    expect(t.store.campaigns.setState(campaign.id, "stamped", "voting")).toBe(false);
    expect(t.store.campaigns.setState(campaign.id, "draft", "stamped")).toBe(true);
    t.store.campaigns.recordStamp(campaign.id, "a".repeat(64), "2026-10-20T00:00:00.000Z", "bantochuc");
    expect(t.store.campaigns.current()).toMatchObject({ state: "stamped", configDigest: "a".repeat(64) });
  });

  it("campaigns - a state outside the five is refused by the database", async () => {
    const t = makeApp();
    const { campaign } = await draftCampaign(t);
    expect(() => t.store.db.run("UPDATE campaigns SET state = 'open' WHERE id = ?", [campaign.id])).toThrow(
      /CHECK/,
    );
  });

  it("communes - listed in Vietnamese alphabetical order (new commune, then name): Đ after D, before Q", async () => {
    const t = makeApp();
    const { campaign } = await draftCampaign(t);
    for (const [code, name, mergedInto] of [
      ["QT", "Xã Quảng Thọ", "Xã Quảng Điền"],
      ["DT", "Xã Điền Thọ", "Xã Quảng Điền"],
      ["DU", "Xã Dương Hòa", "Xã Quảng Điền"],
      ["AA", "Xã An Lỗ", "Xã Đông Sơn"],
    ] as const)
      unwrap(t.store.campaigns.addCommune(campaign.id, { code, name, mergedInto }));
    const names = t.store.campaigns
      .communes(campaign.id)
      .filter((c) => c.mergedInto === "Xã Quảng Điền" || c.mergedInto === "Xã Đông Sơn")
      .map((c) => `${c.mergedInto} / ${c.name}`);
    expect(names).toEqual([
      "Xã Đông Sơn / Xã An Lỗ",
      "Xã Quảng Điền / Xã Dương Hòa",
      "Xã Quảng Điền / Xã Điền Thọ",
      "Xã Quảng Điền / Xã Quảng Thọ",
    ]);
  });

  it("communes and officials - usage counts, update, delete, ordering", async () => {
    const t = makeApp();
    const { campaign, hq, ht, officials } = await draftCampaign(t);
    expect(t.store.campaigns.communeUse(hq.id)).toEqual({ officials: 2, points: 1 });
    expect(t.store.campaigns.communeUse(ht.id)).toEqual({ officials: 1, points: 0 });
    unwrap(
      t.store.campaigns.updateCommune(ht.id, { code: "HT", name: "Xã Hương Thọ", mergedInto: "Xã Điền Thọ" }),
    );
    expect(t.store.campaigns.commune(campaign.id, ht.id)?.mergedInto).toBe("Xã Điền Thọ");
    expect(t.store.campaigns.nextOfficialOrder(hq.id)).toBe(3);
    const [o1] = officials;
    t.store.campaigns.deleteOfficial(o1?.id ?? 0);
    expect(t.store.campaigns.officials(campaign.id).map((o) => o.code)).toEqual(["HQ-02", "HT-01"]);
    // A commune still used by officials cannot be deleted (foreign key).
    expect(() => t.store.campaigns.deleteCommune(hq.id)).toThrow(/FOREIGN KEY/);
  });

  it("points - days and custom ballots round-trip; deleting a point removes its roster", async () => {
    const t = makeApp();
    const { campaign, point, officials } = await draftCampaign(t);
    unwrap(
      t.store.points.update(point.id, {
        code: "HQ-T1",
        name: "Thôn Một",
        communeId: point.communeId,
        days: ["2026-10-28", "2026-10-27"],
      }),
    );
    t.store.points.setBallot(point.id, [officials[2]?.id ?? 0, officials[0]?.id ?? 0]);
    expect(t.store.points.get(campaign.id, point.id)).toMatchObject({
      name: "Thôn Một",
      days: ["2026-10-27", "2026-10-28"],
      customOfficialIds: [officials[2]?.id, officials[0]?.id],
    });
    t.store.rosters.replace(campaign.id, point.id, [entry("Lê Thị Hoa", "001160000001")]);
    t.store.points.delete(point.id);
    expect(t.store.rosters.count(point.id)).toBe(0);
    expect(t.store.points.list(campaign.id)).toHaveLength(0);
  });

  it("rosters - replace, search key, CCCD unique within the campaign, CCCDs outside a point", async () => {
    const t = makeApp();
    const { campaign, point, hq } = await draftCampaign(t);
    const other = unwrap(t.store.points.create(campaign.id, hqT2(hq.id)));
    t.store.rosters.replace(campaign.id, point.id, [
      entry("Nguyễn Thị HƯỜNG", "001160000001"),
      entry("Lê Văn An", null, 3),
    ]);
    t.store.rosters.replace(campaign.id, other.id, [entry("Phạm Văn Bình", "001160000002")]);
    expect(t.store.rosters.count(point.id)).toBe(2);
    expect(t.store.rosters.sizes(campaign.id)).toEqual(
      new Map([
        [point.id, 2],
        [other.id, 1],
      ]),
    );
    const folded = t.store.db
      .query<{ name_folded: string }, []>("SELECT name_folded FROM roster_entries ORDER BY id")
      .all();
    expect(folded[0]?.name_folded).toBe("nguyen thi huong");
    // Taken elsewhere: the other point's CCCD, not this point's own, not a number nobody has.
    expect(t.store.rosters.cccdTakenOutside(campaign.id, point.id, "001160000002")).toBe(true);
    expect(t.store.rosters.cccdTakenOutside(campaign.id, point.id, "001160000001")).toBe(false);
    expect(t.store.rosters.cccdTakenOutside(campaign.id, other.id, "001160000001")).toBe(true);
    expect(t.store.rosters.cccdTakenOutside(campaign.id, point.id, "001160000009")).toBe(false);
    expect(t.store.rosters.cccdTakenOutside(campaign.id + 1, point.id, "001160000002")).toBe(false);
    // A duplicate CCCD is an expected refusal, answered as a value; the database still enforces it.
    expect(t.store.rosters.add(campaign.id, other.id, entry("Trùng", "001160000001"), true)).toEqual({
      ok: false,
      error: { code: "duplicate", field: "cccd" },
    });
    expect(t.store.rosters.count(other.id)).toBe(1);
    expect(() => t.store.rosters.add(campaign.id, other.id, entry("Sai", "12345"), true)).toThrow(/CHECK/);
    // Re-importing replaces the whole roster.
    t.store.rosters.replace(campaign.id, point.id, [entry("Một người", null)]);
    expect(t.store.rosters.count(point.id)).toBe(1);
  });

  it("rosters - every change of a list gives it a new revision, inside the change's transaction; other lists keep theirs", async () => {
    const t = makeApp();
    const { campaign, point, hq } = await draftCampaign(t);
    const other = unwrap(t.store.points.create(campaign.id, hqT2(hq.id)));
    const revisions = () => t.store.rosters.revisions(campaign.id);
    const at = (id: number) => revisions().get(id);
    expect(revisions()).toEqual(
      new Map([
        [point.id, 0],
        [other.id, 0],
      ]),
    );
    const moved = (change: () => void): boolean => {
      const before = at(point.id);
      const otherBefore = at(other.id);
      change();
      expect(at(other.id)).toBe(otherBefore);
      return at(point.id) !== before;
    };
    const three = [entry("Lê Văn An", "001160000001"), entry("Lê Văn Bình", null), entry("Lê Thị Cúc", null)];
    expect(moved(() => unwrap(t.store.rosters.replace(campaign.id, point.id, three)))).toBe(true);
    expect(Number.isSafeInteger(at(point.id))).toBe(true);
    // The same rows again still count as a change: the stamp asks for a reload, never freezes unseen.
    expect(moved(() => unwrap(t.store.rosters.replace(campaign.id, point.id, three)))).toBe(true);
    expect(
      moved(() => unwrap(t.store.rosters.add(campaign.id, point.id, entry("Trần Thị Bích", null), true))),
    ).toBe(true);
    const first = t.store.rosters.list(point.id)[0];
    if (!first) throw new Error("no entry");
    expect(moved(() => unwrap(t.store.rosters.correct(first.id, { ...first, fullName: "Lê Văn Ân" })))).toBe(
      true,
    );
    // An empty list in place of the old one is a change too.
    expect(moved(() => unwrap(t.store.rosters.replace(campaign.id, point.id, [])))).toBe(true);
    unwrap(t.store.rosters.add(campaign.id, point.id, entry("Lê Văn An", "001160000001"), false));
    // Reading changes nothing; a change rolled back leaves the revision as it was.
    expect(moved(() => t.store.rosters.list(point.id))).toBe(false);
    const before = at(point.id);
    expect(() =>
      t.store.withTransaction(() => {
        t.store.rosters.replace(campaign.id, point.id, []);
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(at(point.id)).toBe(before);
    expect(t.store.rosters.count(point.id)).toBe(1);
  });

  it("stamp token - changes when the lists under the same codes are other lists: a point deleted and made again, or two points swapping codes", async () => {
    const t = makeApp();
    const { campaign, point, hq } = await draftCampaign(t);
    const token = () => {
      const model = loadSetupModel(t.store, campaign);
      if (!model.ok) throw new Error("no model");
      return stampPreviewDigest(t.store, model.value);
    };
    const other = unwrap(t.store.points.create(campaign.id, hqT2(hq.id)));
    unwrap(
      t.store.rosters.replace(campaign.id, point.id, [
        entry("Lê Văn An", "001160000001"),
        entry("Lê Văn Bình", null),
      ]),
    );
    unwrap(t.store.rosters.replace(campaign.id, other.id, [entry("Phạm Văn Cường", null)]));
    const read = token();
    expect(token()).toBe(read);
    // Deleted and made again under the same code, name and days, with one import: a counter would be
    // back where it was (and SQLite may hand out the same id).
    t.store.points.delete(other.id);
    const again = unwrap(t.store.points.create(campaign.id, hqT2(hq.id)));
    unwrap(t.store.rosters.replace(campaign.id, again.id, [entry("Người Khác", null)]));
    const remade = token();
    expect(remade).not.toBe(read);
    // Two points swap codes (through a third): each list now stands under the other's code.
    const first = t.store.points.get(campaign.id, point.id);
    const second = t.store.points.get(campaign.id, again.id);
    if (!first || !second) throw new Error("no point");
    const plain = (p: typeof first, code: string) => ({
      code,
      name: p.name,
      communeId: p.communeId,
      days: p.days,
    });
    unwrap(t.store.points.update(first.id, plain(first, "TAM")));
    unwrap(t.store.points.update(second.id, plain(second, first.code)));
    unwrap(t.store.points.update(first.id, plain(first, second.code)));
    expect(token()).not.toBe(remade);
  });

  it("rosters - commitment history keeps every version in order", async () => {
    const t = makeApp();
    const { campaign, point } = await draftCampaign(t);
    for (const version of [1, 2, 3]) {
      t.store.rosters.addCommitment(point.id, {
        version,
        digest: String(version).repeat(64),
        entries: version,
        households: version === 1 ? null : version - 1,
        reason: `lần ${version}`,
        createdAt: "2026-10-20T00:00:00.000Z",
        createdBy: "bantochuc",
      });
    }
    expect(t.store.rosters.commitments(point.id).map((c) => [c.version, c.households])).toEqual([
      [1, null],
      [2, 1],
      [3, 2],
    ]);
    expect(t.store.rosters.latestCommitments(campaign.id)).toEqual(
      new Map([[point.id, { entries: 3, households: 2 }]]),
    );
    expect(() =>
      t.store.rosters.addCommitment(point.id, {
        version: 2,
        digest: "x",
        entries: 0,
        households: 0,
        reason: "",
        createdAt: "",
        createdBy: "",
      }),
    ).toThrow(/UNIQUE|PRIMARY/);
  });

  it("officers - account, key, points; the sealed key is stored but never listed", async () => {
    const t = makeApp();
    const { point } = await draftCampaign(t);
    const created = unwrap(
      await createOfficer(
        t,
        BOARD_ACTOR,
        { username: "hq-t1-1", displayName: "Phan Xuân Kỷ", teamRole: "Tổ trưởng", pointIds: [point.id] },
        { seal: CHEAP_SEAL },
      ),
    );
    const officer = t.store.officers.get(created.userId);
    expect(officer).toMatchObject({
      username: "hq-t1-1",
      teamRole: "Tổ trưởng",
      pointIds: [point.id],
      publicKey: created.publicKey,
    });
    expect(JSON.stringify(officer)).not.toContain("ciphertext");
    expect(t.store.officers.sealedKey(created.userId)).toContain("ciphertext");
    t.store.officers.update(created.userId, "Phan Xuân Kỷ", "Thư ký", []);
    expect(t.store.officers.get(created.userId)).toMatchObject({ teamRole: "Thư ký", pointIds: [] });
    expect(t.store.users.byId(created.userId)?.mustChangePassword).toBe(true);
  });

  it("officers and points - one read alone is the same as its row of the whole list; another's id is not found", async () => {
    const t = makeApp();
    const { campaign, point } = await draftCampaign(t);
    const others = t.store.points.list(campaign.id).filter((p) => p.id !== point.id);
    const pointIds = [point.id, ...others.map((p) => p.id)];
    for (const [i, username] of ["hq-t1-1", "hq-t1-2", "ht-t1-1"].entries()) {
      unwrap(
        await createOfficer(
          t,
          BOARD_ACTOR,
          { username, displayName: `Cán bộ ${i}`, teamRole: "Thư ký", pointIds: pointIds.slice(i) },
          { seal: CHEAP_SEAL },
        ),
      );
    }
    const all = t.store.officers.list();
    expect(all).toHaveLength(3);
    for (const officer of all) expect(t.store.officers.get(officer.userId)).toEqual(officer);
    expect(t.store.officers.get(9_999)).toBeNull();
    for (const p of t.store.points.list(campaign.id))
      expect(t.store.points.get(campaign.id, p.id)).toEqual(p);
    expect(t.store.points.get(campaign.id + 1, point.id)).toBeNull();
  });
});
