-- Issue #9 §2 and §4: kiosks pair only through a point's pairing window, with 8-digit codes bound
-- to that point, and (a campaign setting, on by default) a second officer confirms each pairing.

-- Kiosks still waiting with a 6-digit code handed to any browser: they get a new code when a window
-- is open (their device cookie then names no row, so they start again).
DELETE FROM kiosks WHERE point_id IS NULL;

-- A point's pairing window, opened by an officer ("Kết nối máy mới") for a few minutes; pressing again
-- extends it. A browser opening /kiosk gets a code (and a row) only while some window is open.
CREATE TABLE pairing_windows (
  point_id INTEGER PRIMARY KEY REFERENCES points (id) ON DELETE CASCADE,
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  closes_at TEXT NOT NULL
) STRICT;

-- The point whose window the kiosk's code was issued under: the code pairs with that point only.
ALTER TABLE kiosks ADD COLUMN pairing_point_id INTEGER REFERENCES points (id) ON DELETE CASCADE;
CREATE INDEX kiosks_pending ON kiosks (pairing_point_id, last_seen_at) WHERE pairing_code IS NOT NULL;

-- Paired by one officer, waiting for a second officer of the same point to confirm (§4). Until then
-- point_id stays null: the device reaches no kiosk route and no ticket can be handed to it.
ALTER TABLE kiosks ADD COLUMN awaiting_point_id INTEGER REFERENCES points (id) ON DELETE CASCADE;
ALTER TABLE kiosks ADD COLUMN confirmed_at TEXT;
ALTER TABLE kiosks ADD COLUMN confirmed_by TEXT;
CREATE INDEX kiosks_awaiting ON kiosks (awaiting_point_id) WHERE awaiting_point_id IS NOT NULL;

-- Whether pairing a kiosk needs a second officer's confirmation (default: yes). Campaigns made
-- before this setting existed get it too: their next pairing needs two officers.
ALTER TABLE campaigns ADD COLUMN two_officer_pairing INTEGER NOT NULL DEFAULT 1
  CHECK (two_officer_pairing IN (0, 1));
