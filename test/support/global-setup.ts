import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Once per run, in vitest's main process: a folder for what the workers share for the run's length
 * and that must not outlive it (each worker's seeded sample database, test/e2e/harness.ts). Workers
 * inherit its path through the environment; it is removed when the run ends, however they ended.
 */
export function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "tn-test-run-"));
  process.env["TN_TEST_RUN_DIR"] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
