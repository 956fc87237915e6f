-- A counter per point that RosterRepo moves on with every change of the point's list (an import, an
-- amendment's added or corrected resident), in the same transaction as the change (2026-12-01). The
-- stamp page's "the lists you read" token is built from these counters instead of hashing every
-- list on every load (20–33 µs a row: 8 s or more for a district's 200 lists of 2,100); the stamp
-- itself still hashes every list once for the commitments it records. Once per change, not a
-- trigger per row: triggers doubled the time of a 10,000-row import (330 → 636 ms).
ALTER TABLE points ADD COLUMN roster_revision INTEGER NOT NULL DEFAULT 0;
