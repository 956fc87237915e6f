-- Voting-day hardening after review (issue #5).

-- Each kiosk of a point gets the next number, never reused, shown on the kiosk itself so the officer
-- can see which screen "Máy 3" is.
ALTER TABLE points ADD COLUMN kiosk_counter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kiosks ADD COLUMN number INTEGER;

-- The ticket this kiosk consumed last: a retried or double-tapped "Gửi phiếu" for it is answered
-- "đã ghi nhận" again instead of "không còn hiệu lực". It names no ballot and no resident.
ALTER TABLE kiosks ADD COLUMN last_cast_ticket TEXT;

-- Tickets must never vanish with a kiosk or a point: every ticket ends as a ballot or a void, so the
-- counts always reconcile (issued = collected + voided + open tickets).
CREATE TABLE tickets_new (
  id TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL UNIQUE REFERENCES kiosks (id) ON DELETE RESTRICT,
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE RESTRICT,
  day TEXT NOT NULL,
  opened INTEGER NOT NULL DEFAULT 0 CHECK (opened IN (0, 1))
) STRICT, WITHOUT ROWID;
INSERT INTO tickets_new SELECT id, kiosk_id, point_id, day, opened FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_new RENAME TO tickets;

-- Counting a point-day's ballots at the close without reading the whole campaign. Within a point-day
-- the index is ordered by the random id, so it keeps no casting order either.
CREATE INDEX ballots_point_day ON ballots (point_id, day);
