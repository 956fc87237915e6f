import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser and crash tests start real processes; two cores, so keep concurrency modest.
    maxWorkers: 2,
    // expect.poll waits for what must come (a kiosk's next screen after its 700-ms "chosen" pause,
    // a console's redraw); vitest's 1-s default is shorter than one busy CI moment. A longer wait
    // only slows a test that fails anyway.
    expect: { poll: { timeout: 10_000 } },
  },
});
