import type { Reporter, TestModule } from "vitest/node";

/** Prints the plain closing line CI reads: "N passed, N failed". */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    for (const mod of testModules) {
      const tests = [...mod.children.allTests()];
      const moduleFailed = mod.state() === "failed";
      for (const test of tests) {
        const state = test.result().state;
        if (state === "passed") passed++;
        // A failing beforeAll leaves its tests unrun: they count as failed, never as nothing.
        else if (state === "failed" || moduleFailed) failed++;
      }
      // A module that failed to load has no tests but must not pass silently.
      if (moduleFailed && tests.length === 0) failed++;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
