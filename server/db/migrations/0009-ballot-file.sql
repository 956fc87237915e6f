-- Ballots move to a file of their own (server/db/ballot-box.ts) and tickets to memory
-- (server/db/ticket-book.ts): no commit of this database holds a ballot, and no durable file holds
-- the ticket that joins a check-in to a cast (issue #9 §1). This database keeps the check-ins and
-- the counts its own transactions change: issued, voided, and tickets re-issued after a restart.
-- The live "collected" count lives beside the ballots, in the ballot file.
CREATE TABLE point_days_state_new (
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT,
  issued INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0),
  voided INTEGER NOT NULL DEFAULT 0 CHECK (voided >= 0),
  -- Tickets handed out again, as incidents, to checked-in residents whose ticket a restart lost.
  reissued INTEGER NOT NULL DEFAULT 0 CHECK (reissued >= 0),
  CHECK (voided <= issued + reissued),
  PRIMARY KEY (point_id, day)
) STRICT, WITHOUT ROWID;
INSERT INTO point_days_state_new (point_id, day, state, opened_at, opened_by, closed_at, issued, voided)
  SELECT point_id, day, state, opened_at, opened_by, closed_at, issued, voided FROM point_days_state;
DROP TABLE point_days_state;
ALTER TABLE point_days_state_new RENAME TO point_days_state;

DROP TABLE tickets;
DROP TABLE ballots;
ALTER TABLE kiosks DROP COLUMN last_cast_ticket;
