import { availableParallelism } from "node:os";
import { describe, expect, it, vi } from "vitest";
import {
  createSealedKeyPair,
  type KdfParams,
  resealKey,
  unsealPrivateKey,
} from "../../server/crypto/keys.ts";
import { hashPassword, verifyPassword } from "../../server/crypto/password.ts";
import { SlowLane, slowLane } from "../../server/crypto/slow-lane.ts";

/** A computation the test finishes by hand. */
function gate<T>() {
  let open!: (value: T) => void;
  let refuse!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    refuse = reject;
  });
  return { promise, open, refuse };
}

const FAST: KdfParams = { name: "scrypt", N: 2 ** 10, r: 8, p: 1 };

describe("the slow lane (argon2id and the signing keys' KDFs, a few at a time)", () => {
  it("runs at most its limit at once, the rest in the order they came, each with its own answer", async () => {
    const lane = new SlowLane(2);
    const gates = [gate<string>(), gate<string>(), gate<string>(), gate<string>()];
    const started: number[] = [];
    const answers = gates.map((g, i) =>
      lane.run(() => {
        started.push(i);
        return g.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect({ running: lane.running, waiting: lane.waiting }).toEqual({ running: 2, waiting: 2 });
    gates[1]?.open("b");
    await expect(answers[1]).resolves.toBe("b");
    expect(started).toEqual([0, 1, 2]);
    expect(lane.running).toBe(2);
    // A call made now queues behind the one still waiting: the freed slot went straight to it.
    const late = lane.run(async () => {
      started.push(4);
      return "late";
    });
    gates[0]?.open("a");
    await expect(answers[0]).resolves.toBe("a");
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]?.open("c");
    gates[3]?.open("d");
    await expect(Promise.all([answers[2], answers[3], late])).resolves.toEqual(["c", "d", "late"]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect({ running: lane.running, waiting: lane.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it("a failed computation gives its slot back: its error reaches its caller and the next one runs", async () => {
    const lane = new SlowLane(1);
    const first = gate<string>();
    const failing = lane.run(() => first.promise);
    const next = lane.run(async () => "next");
    expect(lane.waiting).toBe(1);
    first.refuse(new Error("kdf failed"));
    await expect(failing).rejects.toThrow("kdf failed");
    await expect(next).resolves.toBe("next");
    // A computation that throws before it returns a promise also frees the slot.
    await expect(
      lane.run(() => {
        throw new Error("at once");
      }),
    ).rejects.toThrow("at once");
    expect({ running: lane.running, waiting: lane.waiting }).toEqual({ running: 0, waiting: 0 });
    await expect(lane.run(async () => 1)).resolves.toBe(1);
  });

  it("refuses a limit that is not a positive integer (a configuration bug)", () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => new SlowLane(limit)).toThrow(/≥ 1/);
  });

  it("the server's lane leaves the request thread a core: one fewer than the machine's cores, at least one", () => {
    expect(slowLane.limit).toBe(Math.max(1, availableParallelism() - 1));
  });

  it("password hashes and checks, and the signing keys' KDFs, each wait for the server's lane", async () => {
    const hash = await hashPassword("mật khẩu");
    const sealed = await createSealedKeyPair("mật khẩu", { kdf: FAST });
    const calls: Record<string, () => Promise<unknown>> = {
      hashPassword: () => hashPassword("một"),
      verifyPassword: () => verifyPassword("mật khẩu", hash),
      createSealedKeyPair: () => createSealedKeyPair("hai", { kdf: FAST }),
      unsealPrivateKey: () => unsealPrivateKey(sealed, "mật khẩu"),
      resealKey: () => resealKey(sealed, "mật khẩu", "ba", { kdf: FAST }),
    };
    for (const [name, call] of Object.entries(calls)) {
      // Every slot taken by work the test holds: the call must queue, and finish only once let through.
      const holds = Array.from({ length: slowLane.limit }, () => gate<void>());
      const held = holds.map((h) => slowLane.run(() => h.promise));
      let done = false;
      const answer = call().then((value) => {
        done = true;
        return value;
      });
      await vi.waitFor(() => expect(slowLane.waiting, name).toBe(1), { timeout: 10_000, interval: 5 });
      expect(done, name).toBe(false);
      for (const h of holds) h.open();
      await Promise.all(held);
      await answer;
      expect({ running: slowLane.running, waiting: slowLane.waiting }, name).toEqual({
        running: 0,
        waiting: 0,
      });
    }
  });
});
