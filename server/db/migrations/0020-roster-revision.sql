-- A value per point that RosterRepo replaces with a fresh random one at every change of the point's
-- list (an import, an amendment's added or corrected resident), in the same transaction as the change
-- (2026-12-01). The stamp page's "the lists you read" token is built from these values instead of
-- hashing every list on every load (20–33 µs a row: 8 s or more for a district's 200 lists of
-- 2,100); the stamp itself still hashes every list once for the commitments it records. Random, not
-- a counter: a point deleted and made again under the same code (SQLite may even give it the same
-- id), or two points that swap codes, would bring a counter's old numbers back with other lists.
-- Once per change, not a trigger per row: triggers doubled the time of a 10,000-row import.
ALTER TABLE points ADD COLUMN roster_revision INTEGER NOT NULL DEFAULT 0;
-- 53 bits: JavaScript reads them exactly.
UPDATE points SET roster_revision = random() >> 11;
