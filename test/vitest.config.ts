import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { TurnAboutSequencer } from "./support/sequencer.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser and crash tests start real processes and mostly wait (a kiosk's timers, held polls):
    // with 2 workers the whole suite used 1.1 of the machine's 2 cores (335 s); 3 gave 271 s at 1.3
    // cores, 4 no better (275 s, every test slower; again on 2026-12-02, 270 s against 273 s).
    maxWorkers: 3,
    // The browser files taken turn about with the others (test/support/sequencer.ts): 301 → 273 s on
    // a clean clone.
    sequence: { sequencer: TurnAboutSequencer },
    // The run's shared folder (the seeded sample campaign the browser tests' servers start from).
    globalSetup: ["./test/support/global-setup.ts"],
    // Test files of one worker share its modules instead of importing the app afresh for each of
    // the 113 files: imports took 99 s of the workers' time, 11 s without (whole suite 348 → 285 s
    // on the same machine). No test mocks a module or changes the environment of the process, and
    // each file builds its own store, app and servers. What a file can still leave to the next of
    // its worker: work it left running (a held poll of a failed test wakes until its hold ends) and
    // the server's per-process queues (one-at-a-time logins by address and name) if a file ends
    // with a login still pending; the test clock's offset is fixed once per worker
    // (test/support/clock.ts).
    isolate: false,
    // expect.poll waits for what must come (a kiosk's next screen after its 700-ms "chosen" pause,
    // a console's redraw); vitest's 1-s default is shorter than one busy CI moment. A longer wait
    // only slows a test that fails anyway.
    expect: { poll: { timeout: 10_000 } },
  },
});
