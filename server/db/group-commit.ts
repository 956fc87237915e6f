import type { Database } from "bun:sqlite";

/** What a batch must be able to undo besides the file: the tickets held in memory (ticket-book.ts). */
export type Journal = {
  beginJournal(): void;
  journalMark(): number;
  undoTo(mark: number): void;
  endJournal(): void;
};

type Job = { fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit (issue #12 §3): the state changes that arrive together — casts from many kiosks, or
 * check-ins from many consoles — run one after another in one transaction of one file and are made
 * durable by one COMMIT (one fsync instead of one each). Each change is still all-or-nothing: it runs
 * in a SAVEPOINT of its own, and a failed Result (`{ ok: false }`) or a throw undoes its writes and
 * its tickets without touching the others. Nobody is answered before the COMMIT has returned, so an
 * acknowledged ballot is on disk exactly as before (synchronous=FULL). When the COMMIT fails, every
 * change of the batch is undone, in the file and in memory, and every caller gets the error.
 *
 * A batch is what queued up before the event loop's next turn (setImmediate): on a quiet server a
 * batch is one change and waits for nothing; under load it holds everything that arrived meanwhile.
 * Changes run in arrival order, so two casts of one ticket in one batch meet exactly as they would
 * one after the other: the second finds the ticket consumed.
 *
 * Each file gets its own group (store.ts): a batch never spans the two files, so a failed COMMIT
 * can never leave one file's half of a batch durable and the other's undone. A job that writes the
 * other file does so in a transaction of its own, outside the batch, which a failed COMMIT of the
 * batch does not undo (the cast's once-an-hour fast-cast audit entry is the one such write: an alert
 * about a kiosk, true whether or not that batch's ballots were kept).
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  /**
   * @param db the file whose transaction the batch is
   * @param journal undoes the batch's changes to memory (tickets)
   * @param isFailed recognises a refused Result, whose writes are undone
   */
  constructor(
    private readonly db: Database,
    private readonly journal: Journal,
    private readonly isFailed: (value: unknown) => boolean,
  ) {}

  /**
   * Runs `fn` (synchronous, as every service is) in the next batch; resolves with what it returned
   * once the batch is durable, rejects with what it threw or with the batch's COMMIT error.
   */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    let failed: { error: unknown } | null = null;
    try {
      this.journal.beginJournal();
      this.db.run("BEGIN IMMEDIATE");
      for (const job of batch) outcomes.push(this.runOne(job));
      this.db.run("COMMIT");
    } catch (error) {
      // BEGIN or COMMIT (or undoing one change) failed: nothing of the batch may stay, on disk or in
      // memory, and every caller hears it.
      failed = { error };
      try {
        if (this.db.inTransaction) this.db.run("ROLLBACK");
      } catch {
        // The file refuses even the rollback (a failing disk): SQLite rolls back a hot journal at
        // the next open; the callers get the first error either way.
      }
      this.journal.undoTo(0);
    } finally {
      // Always closed, whatever threw: a journal left open would refuse every later batch.
      this.journal.endJournal();
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (failed) job.reject(failed.error);
      else if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome ? outcome.error : new Error("group commit lost a job"));
    });
  }

  /** One change in its own SAVEPOINT: kept when it succeeds, undone (file and tickets) otherwise. */
  private runOne(job: Job): Outcome {
    const mark = this.journal.journalMark();
    this.db.run("SAVEPOINT tn_group_job");
    try {
      const value = job.fn();
      if (value instanceof Promise) throw new Error("GroupCommit: fn must not be async");
      if (this.isFailed(value)) {
        this.db.run("ROLLBACK TO tn_group_job");
        this.journal.undoTo(mark);
      }
      this.db.run("RELEASE tn_group_job");
      return { ok: true, value };
    } catch (error) {
      this.db.run("ROLLBACK TO tn_group_job");
      this.db.run("RELEASE tn_group_job");
      this.journal.undoTo(mark);
      return { ok: false, error };
    }
  }
}
