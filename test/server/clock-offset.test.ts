import { describe, expect, it } from "vitest";
import { ManualClock, offsetClock } from "../../server/clock.ts";
import { loadConfig } from "../../server/config.ts";

describe("clock offset", () => {
  it("offsetClock - the base clock's time moved by a fixed amount, following the base", () => {
    const base = new ManualClock(new Date("2026-10-26T02:00:00.000Z"));
    const clock = offsetClock(86_400_000, base);
    expect(clock.now().toISOString()).toBe("2026-10-27T02:00:00.000Z");
    base.advance(60_000);
    expect(clock.now().toISOString()).toBe("2026-10-27T02:01:00.000Z");
  });

  it("loadConfig - CLOCK_OFFSET_SECONDS is a whole number of seconds, unset by default", () => {
    const plain = loadConfig({});
    expect(plain.ok && "CLOCK_OFFSET_SECONDS" in plain.value).toBe(false);
    const moved = loadConfig({ CLOCK_OFFSET_SECONDS: "-3600" });
    expect(moved.ok && moved.value.CLOCK_OFFSET_SECONDS).toBe(-3600);
    const bad = loadConfig({ CLOCK_OFFSET_SECONDS: "1.5" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain("Biến môi trường CLOCK_OFFSET_SECONDS không hợp lệ");
  });

  it("loadConfig - refused in production: a real campaign's clock is the machine's", () => {
    const r = loadConfig({ CLOCK_OFFSET_SECONDS: "86400", NODE_ENV: "production", DEMO: "0" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("không được đặt khi NODE_ENV=production");
  });
});
