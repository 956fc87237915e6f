import type { Official } from "../domain/campaign.ts";
import type { BallotProgress } from "../domain/kiosk-ballot.ts";
import type { Point } from "../domain/setup.ts";
import { FAST_CAST, isFastCast, type KioskPace, kioskPace, type Ticket } from "../domain/voting.ts";

/** A ticket's ballot: its point and the officials on it, in ballot order. */
export type BallotSheet = { readonly point: Point; readonly officials: Official[] };

/**
 * Ballot tickets (the officer's hand-off of one ballot to one kiosk), kept in memory only — never in
 * a file (issue #9 §1, DESIGN §5). A ticket is issued in the same moment as a check-in, and consumed
 * in the same moment as a ballot is cast: written anywhere durable, it would be the thread from a
 * resident to a ballot. The last ticket each kiosk cast is remembered here too, so a double tap or a
 * retry after a lost answer is answered "đã ghi nhận" without storing a second ballot.
 *
 * The ballot a resident is filling in (issue #13 §7: the screen they are on, their marks so far, the
 * text size and contrast they chose, their last touch) is held here too, under the kiosk's ticket,
 * so a reload of the kiosk page shows where they were; it is dropped when the ticket is cast or
 * voided, and never reaches the database, a log or the audit.
 *
 * A restart loses what is here: the point console then shows how many tickets were lost (issued
 * minus collected, voided and still outstanding) and the officer may hand the residents standing
 * there a new ticket each, as an audited incident, up to that number (services/voting.ts).
 */
export class TicketBook {
  private readonly byKiosk = new Map<string, Ticket>();
  private readonly lastCast = new Map<string, string>();
  /**
   * When each kiosk's ticket was handed to it, and whether each of its last ballots came faster than
   * a person can (issue #9 §4): kept here only, never in a file or a log, and dropped with the kiosk.
   * A flag holds no time and no ballot; its order is that of one kiosk's own casts.
   */
  private readonly handedAt = new Map<string, number>();
  /** Per kiosk, the voting day its flags belong to: a new day of the point starts with none. */
  private readonly pace = new Map<string, { day: string; flags: boolean[] }>();
  /**
   * When the kiosk's fast-cast alert was last audited (once an hour, or when it worsened), on which
   * voting day, and the largest count of fast casts audited that day.
   */
  private readonly alertedAt = new Map<string, { day: string; at: number; fast: number }>();
  /** The ballot in progress on each kiosk, for the ticket it holds (issue #13 §7). */
  private readonly progress = new Map<string, BallotProgress>();
  /**
   * The ballot each ticket is filled in on: its point and that point's officials, in ballot order,
   * read once when the ballot first shows. Held by the ticket object itself, so it goes with the
   * ticket (cast, voided, forgotten, or undone with a batch) and needs no clearing of its own.
   */
  private readonly sheets = new WeakMap<Ticket, BallotSheet>();
  /** The ticket the officer voided last at each kiosk, so the kiosk can tell the resident so. */
  private readonly lastVoided = new Map<string, string>();
  /**
   * While a group commit runs (group-commit.ts), how to put each kiosk back as it was before a change,
   * newest last: a job whose writes roll back, or a batch whose COMMIT fails, must not leave a ticket
   * handed out or consumed in memory that the files do not back.
   */
  private journal: (() => void)[] | null = null;

  /**
   * @param changed called with a kiosk's id whenever its ticket comes, goes or the kiosk is
   *   forgotten, and with the point of the ticket when there was one: wakes the kiosk's long poll
   *   and its point's consoles (server/db/changes.ts).
   */
  constructor(private readonly changed: (kioskId: string, pointId: number | null) => void = () => {}) {}

  /** The ticket a kiosk holds, if any. */
  forKiosk(kioskId: string): Ticket | null {
    return this.byKiosk.get(kioskId) ?? null;
  }

  /** Hands a ticket to a kiosk at `at` (ms); a kiosk holds at most one (a bug otherwise). */
  issue(ticket: Ticket, at: number): void {
    if (this.byKiosk.has(ticket.kioskId)) throw new Error("kiosk already holds a ticket");
    this.remember(ticket.kioskId);
    this.byKiosk.set(ticket.kioskId, ticket);
    this.handedAt.set(ticket.kioskId, at);
    // From now on a replay of the previous ballot is not "đã ghi nhận": a new resident is there.
    this.lastCast.delete(ticket.kioskId);
    this.lastVoided.delete(ticket.kioskId);
    this.progress.delete(ticket.kioskId);
    this.changed(ticket.kioskId, ticket.pointId);
  }

  /** The ballot in progress for the ticket `ticketId` this kiosk holds; null for any other ticket. */
  progressOf(kioskId: string, ticketId: string): BallotProgress | null {
    const held = this.byKiosk.get(kioskId);
    const progress = this.progress.get(kioskId);
    return held?.id === ticketId && progress?.ticketId === ticketId ? progress : null;
  }

  /** The ballot `ticket` is filled in on, once kept (keepSheet); null before. */
  sheetOf(ticket: Ticket): BallotSheet | null {
    return this.sheets.get(ticket) ?? null;
  }

  /** Keeps the ballot `ticket` is filled in on for the ticket's life; the arrays are never changed. */
  keepSheet(ticket: Ticket, sheet: BallotSheet): void {
    this.sheets.set(ticket, sheet);
  }

  /** Keeps the resident's ballot in progress; ignored unless the kiosk still holds that ticket. */
  saveProgress(kioskId: string, progress: BallotProgress): void {
    if (this.byKiosk.get(kioskId)?.id === progress.ticketId) this.progress.set(kioskId, progress);
  }

  /** The ballot in progress on this kiosk, whatever its ticket (for the console's idle alert). */
  currentProgress(kioskId: string): BallotProgress | null {
    const held = this.byKiosk.get(kioskId);
    return held ? this.progressOf(kioskId, held.id) : null;
  }

  markOpened(kioskId: string): void {
    const ticket = this.byKiosk.get(kioskId);
    if (ticket) ticket.opened = true;
  }

  /** The resident left without voting ("không thu về"): the ticket is gone. */
  void(kioskId: string): Ticket | null {
    this.remember(kioskId);
    const ticket = this.byKiosk.get(kioskId) ?? null;
    this.byKiosk.delete(kioskId);
    this.handedAt.delete(kioskId);
    this.progress.delete(kioskId);
    if (ticket) this.lastVoided.set(kioskId, ticket.id);
    this.changed(kioskId, ticket?.pointId ?? null);
    return ticket;
  }

  /** The ticket the officer voided last at this kiosk, while it holds no newer ticket. */
  lastVoidedAt(kioskId: string): string | null {
    return this.lastVoided.get(kioskId) ?? null;
  }

  /**
   * The kiosk's ballot was stored at `at` (ms): the ticket is gone, remembered only as "this kiosk's
   * last cast", and whether it came faster than a person can joins the kiosk's last few flags.
   */
  consume(ticket: Ticket, at: number): KioskPace {
    this.remember(ticket.kioskId);
    if (this.byKiosk.get(ticket.kioskId)?.id === ticket.id) this.byKiosk.delete(ticket.kioskId);
    this.progress.delete(ticket.kioskId);
    this.lastCast.set(ticket.kioskId, ticket.id);
    const handed = this.handedAt.get(ticket.kioskId);
    this.handedAt.delete(ticket.kioskId);
    const kept = this.pace.get(ticket.kioskId);
    // Yesterday's fast casts are yesterday's (audited then): a kiosk kept paired overnight starts
    // the point's next day without an alert it has not earned that day.
    const flags = kept?.day === ticket.day ? [...kept.flags] : [];
    // A ticket handed out before a restart has no hand-off time here: it counts as not fast.
    flags.push(handed !== undefined && isFastCast(handed, at));
    if (flags.length > FAST_CAST.recent) flags.splice(0, flags.length - FAST_CAST.recent);
    this.pace.set(ticket.kioskId, { day: ticket.day, flags });
    this.changed(ticket.kioskId, ticket.pointId);
    return kioskPace(flags);
  }

  /** How fast the kiosk's last ballots on `day` ("YYYY-MM-DD") came (counts only; none on another day). */
  paceOf(kioskId: string, day: string): KioskPace {
    const kept = this.pace.get(kioskId);
    return kioskPace(kept?.day === day ? kept.flags : []);
  }

  /**
   * Whether the kiosk's alert on voting day `day` is due for the audit log at `at` (ms), with `fast`
   * fast casts among its last ones: not audited within the hour on that day, or worse than any count
   * audited that day; marks it. The first alert of a day is always audited, and so is each worsening
   * (at most FAST_CAST.recent − alertAt + 1 a day), since the close writes the day's worst into its
   * minutes: an hourly audit alone let a kiosk at "5 trong 5" reach them as "3 trong 3".
   */
  alertDue(kioskId: string, day: string, at: number, fast: number): boolean {
    const last = this.alertedAt.get(kioskId);
    const sameDay = last !== undefined && last.day === day;
    if (sameDay && at - last.at < FAST_CAST.auditEveryMs && fast <= last.fast) return false;
    this.alertedAt.set(kioskId, { day, at, fast: sameDay ? Math.max(fast, last.fast) : fast });
    return true;
  }

  /** The ticket id this kiosk cast last, while it holds no newer ticket. */
  lastCastBy(kioskId: string): string | null {
    return this.lastCast.get(kioskId) ?? null;
  }

  /** A kiosk unpaired or removed: nothing of it stays. */
  forget(kioskId: string): void {
    const pointId = this.byKiosk.get(kioskId)?.pointId ?? null;
    this.remember(kioskId);
    this.byKiosk.delete(kioskId);
    this.lastCast.delete(kioskId);
    this.handedAt.delete(kioskId);
    this.pace.delete(kioskId);
    this.alertedAt.delete(kioskId);
    this.progress.delete(kioskId);
    this.lastVoided.delete(kioskId);
    this.changed(kioskId, pointId);
  }

  /** Tickets outstanding at a point-day (held by kiosks, neither cast nor voided). */
  outstanding(pointId: number, day: string): number {
    let n = 0;
    for (const t of this.byKiosk.values()) if (t.pointId === pointId && t.day === day) n++;
    return n;
  }

  /** Outstanding tickets per point-day, keyed `${pointId}:${day}` (one pass, for the progress page). */
  outstandingAll(): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of this.byKiosk.values()) {
      const key = `${t.pointId}:${t.day}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  /** Starts recording how to undo each change (a group commit's batch begins); a bug when one is open. */
  beginJournal(): void {
    if (this.journal) throw new Error("a ticket journal is already open");
    this.journal = [];
  }

  /** How many changes the open journal holds: a point to undo back to. */
  journalMark(): number {
    return this.journal?.length ?? 0;
  }

  /** Puts every kiosk changed since `mark` back as it was, newest change first. */
  undoTo(mark: number): void {
    const journal = this.journal;
    if (!journal) return;
    while (journal.length > mark) journal.pop()?.();
  }

  /** The batch is over (committed, or undone): changes are no longer recorded. */
  endJournal(): void {
    this.journal = null;
  }

  /** Records how to restore everything this book holds about one kiosk (when a journal is open). */
  private remember(kioskId: string): void {
    if (!this.journal) return;
    const maps = [
      this.byKiosk,
      this.lastCast,
      this.handedAt,
      this.alertedAt,
      this.progress,
      this.lastVoided,
    ] as Map<string, unknown>[];
    const before = maps.map((m) => m.get(kioskId));
    const paceBefore = this.pace.get(kioskId);
    this.journal.push(() => {
      const undone = this.byKiosk.get(kioskId);
      maps.forEach((m, i) => {
        const value = before[i];
        if (value === undefined) m.delete(kioskId);
        else m.set(kioskId, value);
      });
      if (paceBefore) this.pace.set(kioskId, paceBefore);
      else this.pace.delete(kioskId);
      this.changed(kioskId, (this.byKiosk.get(kioskId) ?? undone)?.pointId ?? null);
    });
  }
}
