-- Every change to a point's list moves points.roster_revision on, in the same transaction as the
-- change (2026-12-01). Triggers, so that no write path can forget it: an import (delete + insert),
-- an amendment (insert or update), a row removed with its point. The stamp page's "the lists you
-- read" token is built from these counters instead of hashing every list on every load (about 20 µs
-- a row: 8 s for a district's 200 lists of 2,100); the stamp itself still hashes every list once
-- for the commitments it records.
ALTER TABLE points ADD COLUMN roster_revision INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER roster_entries_revision_insert AFTER INSERT ON roster_entries BEGIN
  UPDATE points SET roster_revision = roster_revision + 1 WHERE id = NEW.point_id;
END;

CREATE TRIGGER roster_entries_revision_delete AFTER DELETE ON roster_entries BEGIN
  UPDATE points SET roster_revision = roster_revision + 1 WHERE id = OLD.point_id;
END;

CREATE TRIGGER roster_entries_revision_update AFTER UPDATE ON roster_entries BEGIN
  UPDATE points SET roster_revision = roster_revision + 1 WHERE id IN (OLD.point_id, NEW.point_id);
END;
