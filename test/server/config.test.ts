import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";

describe("loadConfig", () => {
  it("loadConfig - defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config).toEqual({
      ok: true,
      value: {
        PORT: 3000,
        HOST: "127.0.0.1",
        DATABASE_PATH: "./data/tin-nhiem.sqlite",
        DEMO: true,
        SESSION_IDLE_MINUTES: 120,
        SESSION_MAX_HOURS: 12,
        SPEECH: true,
        SPEECH_VOICE: "vi",
        SPEECH_RATE: 150,
        POLL_HOLD_SECONDS: 25,
      },
    });
  });

  it("loadConfig - overrides are parsed and unrelated variables ignored", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_PATH: "/tmp/x.sqlite",
      DEMO: "0",
      PATH: "/bin",
    });
    expect(config.ok && config.value.PORT).toBe(8080);
    expect(config.ok && config.value.HOST).toBe("0.0.0.0");
    expect(config.ok && config.value.DATABASE_PATH).toBe("/tmp/x.sqlite");
    expect(config.ok && config.value.DEMO).toBe(false);
  });

  it.each([
    ["PORT", "http"],
    ["PORT", "70000"],
    ["PORT", "30.5"],
    ["DEMO", "maybe"],
    ["SESSION_IDLE_MINUTES", "0"],
    ["SPEECH_VOICE", "en"],
    ["SPEECH_RATE", "20"],
  ])("loadConfig - a bad %s (%s) is refused with a message naming the variable", (name, value) => {
    const config = loadConfig({ [name]: value });
    expect(config.ok).toBe(false);
    if (!config.ok) {
      expect(config.error).toContain(name);
      expect(config.error).toContain(value);
    }
  });
});
