-- Voting day at a point (issue #5). Secrecy is a property of this schema (DESIGN §5):
--  * check_ins hold the roster entry and the time, never a ticket or a ballot;
--  * tickets hold the kiosk and the point-day, never a roster entry or a time, and are deleted when
--    consumed or voided;
--  * ballots hold a random id, the point-day and the marks: no time, no ticket, no kiosk, no roster
--    entry, no rowid (WITHOUT ROWID keyed by the random id, so table order is not casting order).

-- A kiosk device: a browser holding a device cookie (only its hash is stored). point_id is null
-- until an officer pairs it with the code it shows.
CREATE TABLE kiosks (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  pairing_code TEXT UNIQUE,
  pairing_expires_at TEXT,
  point_id INTEGER REFERENCES points (id) ON DELETE CASCADE,
  label TEXT,
  paired_at TEXT,
  paired_by TEXT,
  last_seen_at TEXT
) STRICT, WITHOUT ROWID;

CREATE INDEX kiosks_point ON kiosks (point_id);

-- One row per point and voting day once the point has been opened that day.
CREATE TABLE point_days_state (
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at TEXT,
  -- Live counts kept in the same transactions that change them: the hot path never counts rows.
  issued INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0),
  collected INTEGER NOT NULL DEFAULT 0 CHECK (collected >= 0),
  voided INTEGER NOT NULL DEFAULT 0 CHECK (voided >= 0),
  CHECK (collected + voided <= issued),
  PRIMARY KEY (point_id, day)
) STRICT, WITHOUT ROWID;

-- Phát phiếu: a roster entry receives a ballot once (the primary key makes a second issue
-- impossible, even from two officer screens at once). For per-household campaigns the household is
-- issued once as well (household_key is "<point id>:<household code>", null otherwise).
CREATE TABLE check_ins (
  roster_entry_id INTEGER PRIMARY KEY REFERENCES roster_entries (id),
  point_id INTEGER NOT NULL REFERENCES points (id),
  day TEXT NOT NULL,
  household_key TEXT UNIQUE,
  at TEXT NOT NULL,
  by TEXT NOT NULL
) STRICT;

CREATE INDEX check_ins_point_day ON check_ins (point_id, day);

-- A single-use ballot ticket for one kiosk. No roster entry, no time.
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL UNIQUE REFERENCES kiosks (id) ON DELETE CASCADE,
  point_id INTEGER NOT NULL REFERENCES points (id),
  day TEXT NOT NULL,
  -- 1 once the kiosk has shown the ballot (the officer sees "busy" rather than "waiting").
  opened INTEGER NOT NULL DEFAULT 0 CHECK (opened IN (0, 1))
) STRICT, WITHOUT ROWID;

CREATE TABLE ballots (
  id TEXT PRIMARY KEY,
  point_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  -- JSON object: official code → "high" | "medium" | "low" | null (blank row).
  marks TEXT NOT NULL
) STRICT, WITHOUT ROWID;
