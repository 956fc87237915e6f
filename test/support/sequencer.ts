import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that spend most of their time waiting on a real server and Chromium (a kiosk's 700-ms pause
 * after a choice, its 6-s thank-you screen, a held poll of 17 s), not on the CPU.
 */
const waits = (spec: TestSpecification): boolean =>
  /[\\/]test[\\/]e2e[\\/]/.test(spec.moduleId) ||
  /(board-tables-layout|results-excuse|speech-player)\.test\.ts$/.test(spec.moduleId);

/**
 * Vitest's order (longest first when a previous run is cached, else largest file first), with the
 * waiting files taken turn about with the others: each worker then waits while another computes.
 * In vitest's own order the browser files came in a block, three workers waiting together with a
 * core idle, and the shortest browser file, which waits 29 s, came last of all and ended the run
 * alone (about 25 s of a 300-s run on a clean clone, where nothing is cached).
 */
export class TurnAboutSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waiting = sorted.filter(waits);
    const working = sorted.filter((f) => !waits(f));
    const order: TestSpecification[] = [];
    for (let i = 0; i < Math.max(waiting.length, working.length); i++) {
      const w = waiting[i];
      const c = working[i];
      if (w) order.push(w);
      if (c) order.push(c);
    }
    return order;
  }
}
