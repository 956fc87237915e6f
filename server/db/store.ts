import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { AuditRepo } from "./audit-repo.ts";
import { BallotBox } from "./ballot-box.ts";
import { CampaignRepo } from "./campaign-repo.ts";
import { ChangeFeed, kioskTopic, pointTopic } from "./changes.ts";
import { GroupCommit } from "./group-commit.ts";
import { migrate } from "./migrate.ts";
import { MinutesRepo } from "./minutes-repo.ts";
import { OfficerRepo } from "./officer-repo.ts";
import { PointRepo } from "./point-repo.ts";
import { BoardKeyRepo, ResultsRepo } from "./results-repo.ts";
import { RosterRepo } from "./roster-repo.ts";
import { SessionRepo } from "./session-repo.ts";
import { ThrottleRepo } from "./throttle-repo.ts";
import { TicketBook } from "./ticket-book.ts";
import { UserRepo } from "./user-repo.ts";
import { VotingRepo } from "./voting-repo.ts";

/** `{ ok: false }`: a Result that refused (server/domain/result.ts). */
const isFailedResult = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "ok" in value && value.ok === false;

/**
 * The one store over bun:sqlite. File databases use WAL with synchronous=FULL so that anything
 * acknowledged (a ballot, an audit entry) survives a power cut or a kill -9.
 */
export class Store {
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  readonly throttle: ThrottleRepo;
  readonly audit: AuditRepo;
  readonly campaigns: CampaignRepo;
  readonly points: PointRepo;
  readonly officers: OfficerRepo;
  readonly rosters: RosterRepo;
  readonly voting: VotingRepo;
  readonly minutes: MinutesRepo;
  /** Verifications, excused point-days, the certification (the board's aggregate). */
  readonly results: ResultsRepo;
  readonly boardKeys: BoardKeyRepo;
  /** The ballots, in a file of their own (no WAL): see ballot-box.ts. */
  readonly ballots: BallotBox;
  /** Wakes long polls when a kiosk's ticket or a point's live counts change: see changes.ts. */
  readonly changes = new ChangeFeed();
  /** Tickets and each kiosk's last cast, in memory only: see ticket-book.ts. */
  readonly tickets = new TicketBook((kioskId, pointId) => {
    this.changes.notify(kioskTopic(kioskId));
    if (pointId !== null) this.pointChanged(pointId);
  });

  /** Depth of nested withTransaction calls: names the SAVEPOINT of each level. */
  private depth = 0;
  private readonly groups: { main: GroupCommit; ballots: GroupCommit };

  private constructor(
    readonly db: Database,
    ballots: BallotBox,
  ) {
    this.ballots = ballots;
    db.run("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = FULL");
    db.run("PRAGMA foreign_keys = ON");
    db.run("PRAGMA busy_timeout = 5000");
    // Deleted pages are overwritten: a replaced sealed key or a consumed ticket leaves no copy behind.
    db.run("PRAGMA secure_delete = ON");
    // Savepoint journals (nested transactions, group commit) stay in memory, not in temporary files.
    db.run("PRAGMA temp_store = MEMORY");
    refuseBallotsInMainFile(db);
    migrate(db);
    this.users = new UserRepo(db);
    this.sessions = new SessionRepo(db);
    this.throttle = new ThrottleRepo(db);
    this.audit = new AuditRepo(db);
    this.campaigns = new CampaignRepo(db);
    this.points = new PointRepo(db);
    this.officers = new OfficerRepo(db);
    this.rosters = new RosterRepo(db);
    this.voting = new VotingRepo(db, ballots);
    this.minutes = new MinutesRepo(db);
    this.results = new ResultsRepo(db);
    this.boardKeys = new BoardKeyRepo(db);
    this.groups = {
      main: new GroupCommit(db, this.tickets, isFailedResult),
      ballots: new GroupCommit(ballots.db, this.tickets, isFailedResult),
    };
  }

  /** A file database; its folder is created when missing. */
  static open(path: string): Store {
    mkdirSync(dirname(path), { recursive: true });
    return new Store(
      new Database(path, { create: true, strict: true }),
      BallotBox.open(BallotBox.pathBeside(path)),
    );
  }

  /** An in-memory database for tests: same schema, same code paths. */
  static memory(): Store {
    return new Store(new Database(":memory:", { strict: true }), BallotBox.memory());
  }

  /**
   * Runs fn in one IMMEDIATE transaction (the write lock is taken up front, so two officer screens
   * cannot interleave a read-then-write). The transaction rolls back when fn throws (a bug) or
   * returns a failed `Result` (`{ ok: false }`: an expected refusal changes nothing, DESIGN §7);
   * otherwise it commits. A nested call runs in a SAVEPOINT: its failed Result undoes only its own
   * writes, and the outer call decides about the rest. fn must be synchronous (bun:sqlite is).
   */
  withTransaction<T>(fn: () => T): T {
    const nested = this.db.inTransaction;
    const savepoint = `tn_${++this.depth}`;
    this.db.run(nested ? `SAVEPOINT ${savepoint}` : "BEGIN IMMEDIATE");
    const undo = () => this.db.run(nested ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : "ROLLBACK");
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) throw new Error("withTransaction: fn must not be async");
    } catch (e) {
      undo();
      this.depth--;
      throw e;
    }
    this.depth--;
    if (isFailedResult(result)) {
      undo();
      return result;
    }
    try {
      this.db.run(nested ? `RELEASE ${savepoint}` : "COMMIT");
    } catch (e) {
      // COMMIT can fail (disk full, I/O): nothing of fn may stay half-applied.
      if (this.db.inTransaction && !nested) this.db.run("ROLLBACK");
      throw e;
    }
    return result;
  }

  /**
   * Runs fn as one change of the next group commit of `file` (group-commit.ts): resolves with its
   * value once that batch's COMMIT is durable. For the changes that come in crowds on a voting day —
   * check-ins ("main": the check-in and its counters) and casts ("ballots": the ballot file alone) —
   * so that concurrent ones share one fsync. fn follows withTransaction's rules: synchronous; a
   * failed Result or a throw undoes its own writes (and the tickets it handed out or consumed) only.
   * A fn given "ballots" must write nothing to the main file but through its own withTransaction
   * (which then commits on its own, outside the batch).
   */
  groupCommit<T>(file: "main" | "ballots", fn: () => T): Promise<T> {
    return this.groups[file].run(fn);
  }

  /** The database answers (cheap: for /healthz, called often by monitors). */
  ping(): { ok: boolean; detail: string } {
    try {
      const row = this.db.query<{ one: number }, []>("SELECT 1 AS one").get();
      return row?.one === 1 ? { ok: true, detail: "ok" } : { ok: false, detail: "no answer" };
    } catch (e) {
      return { ok: false, detail: e instanceof Error ? e.message : String(e) };
    }
  }

  /** The database answers and its pages are sound (reads every page: for tools, not for monitors). */
  check(): { ok: boolean; detail: string } {
    try {
      const row = this.db.query<{ quick_check: string }, []>("PRAGMA quick_check").get();
      const detail = row?.quick_check ?? "no answer";
      return { ok: detail === "ok", detail };
    } catch (e) {
      return { ok: false, detail: e instanceof Error ? e.message : String(e) };
    }
  }

  pragma(name: "journal_mode" | "synchronous" | "foreign_keys" | "busy_timeout"): string | number {
    const row = this.db.query<Record<string, string | number>, []>(`PRAGMA ${name}`).get();
    const value = row ? Object.values(row)[0] : undefined;
    if (value === undefined) throw new Error(`PRAGMA ${name} gave no value`);
    return value;
  }

  /**
   * Rebuilds every table in key order and empties the WAL. SQLite places each new row lower in its
   * page than the one before and the WAL keeps frames in write order, so until this runs a forensic
   * read of the file could recover the order in which ballots and check-ins were written (DESIGN §5).
   */
  sweep(): { ok: true } | { ok: false; reason: string } {
    // Short waits: a sweep that would block the kiosks is skipped and tried again later.
    this.db.run("PRAGMA busy_timeout = 200");
    try {
      this.db.run("VACUUM");
      const row = this.db.query<{ busy: number }, []>("PRAGMA wal_checkpoint(TRUNCATE)").get();
      // busy = 1: a reader kept old frames alive; the WAL still holds them in write order.
      return row?.busy === 0 ? { ok: true } : { ok: false, reason: "checkpoint busy" };
    } catch (e) {
      // SQLITE_BUSY from another writer, or SQLITE_FULL (VACUUM needs room for a second copy).
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    } finally {
      this.db.run("PRAGMA busy_timeout = 5000");
    }
  }

  /**
   * Something a point's consoles show may have changed (its day opened, paused, resumed or closed,
   * a kiosk paired, confirmed or removed, a ballot opened on a kiosk): wakes their held live polls.
   * Tickets handed out, cast or voided wake them by themselves (the ticket book). A hint only, never
   * a write.
   */
  pointChanged(pointId: number): void {
    this.changes.notify(pointTopic(pointId));
  }

  /**
   * A point's day closed: wakes its consoles (pointChanged) and the held polls of its kiosks, so an
   * idle kiosk says "Đã kết thúc lấy phiếu" the moment the day closes rather than at its next look,
   * up to KIOSK_TOUCH_EVERY_MS later (seen in the walkthrough, still inviting residents after the
   * minutes were signed). Reads the point's kiosks: once a day, not with each ballot. A hint only,
   * never a write. Not for a pause or a resume: a kiosk's screen does not change with them, and a
   * held poll woken with nothing new ends (204), so the consoles' redraw in that moment saw no
   * kiosk waiting and called a late-touched one "Mất kết nối" (review, 2026-12-02).
   */
  pointDayClosed(pointId: number): void {
    this.pointChanged(pointId);
    for (const kiosk of this.voting.kiosksAt(pointId)) this.changes.notify(kioskTopic(kiosk.id));
  }

  /** One of the kiosk's requests is held open right now (a poll waiting for its ticket or its change). */
  kioskPollHeld(kioskId: string): boolean {
    return this.changes.isWaiting(kioskTopic(kioskId));
  }

  /** Ballots collected so far, all points and days: a handful of rows (for deciding to sweep). */
  collectedTotal(): number {
    return this.ballots.collectedTotal();
  }

  close(): void {
    this.db.close();
    this.ballots.close();
  }
}

/**
 * A database whose ballots were cast before they moved to the ballot file (migration 0009) cannot be
 * opened by this version: its ballots would be dropped. None exists outside development, so this
 * refuses to start rather than convert.
 */
function refuseBallotsInMainFile(db: Database): void {
  const table = db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'ballots'")
    .get();
  if (!table) return;
  const n = db.query<{ n: number }, []>("SELECT count(*) AS n FROM ballots").get()?.n ?? 0;
  if (n > 0) {
    throw new Error(
      `Cơ sở dữ liệu này có ${n} phiếu lưu theo cách cũ (trước khi phiếu được tách sang tệp riêng); phiên bản này không mở được nó.`,
    );
  }
}
