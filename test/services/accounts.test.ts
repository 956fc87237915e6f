import { describe, expect, it } from "vitest";
import { ManualClock } from "../../server/clock.ts";
import { Store } from "../../server/db/store.ts";
import { SYSTEM_ACTOR } from "../../server/domain/audit.ts";
import { createBoardAccount } from "../../server/services/accounts.ts";

const deps = () => ({ store: Store.memory(), clock: new ManualClock(new Date("2026-10-27T01:00:00.000Z")) });

describe("createBoardAccount", () => {
  it("createBoardAccount - a board account that must change its password, audited as the system", async () => {
    const d = deps();
    const created = await createBoardAccount(d, SYSTEM_ACTOR, {
      username: "bantochuc",
      displayName: "Nguyễn Văn A",
      password: "mat-khau-dau-tien",
    });
    expect(created.ok && created.value.role).toBe("board");
    expect(created.ok && created.value.mustChangePassword).toBe(true);
    expect(d.store.audit.list().map((e) => [e.action, e.actor, e.subject])).toEqual([
      ["board.create", "hệ thống", "bantochuc"],
    ]);
  });

  it("createBoardAccount - a taken username (any case) is refused and nothing is written", async () => {
    const d = deps();
    await createBoardAccount(d, SYSTEM_ACTOR, {
      username: "bantochuc",
      displayName: "A",
      password: "p-1-p-1-p-1",
    });
    const again = await createBoardAccount(d, SYSTEM_ACTOR, {
      username: "BanToChuc",
      displayName: "B",
      password: "p-2-p-2-p-2",
    });
    expect(again).toEqual({
      ok: false,
      error: { code: "duplicate", message: "Đã có tài khoản BanToChuc.", field: "username" },
    });
    expect(d.store.audit.list()).toHaveLength(1);
  });
});
