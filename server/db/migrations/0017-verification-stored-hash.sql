-- A check of minutes counts only for the document it saw, byte for byte (2026-12-01): minutes
-- rewritten in the database after a check must leave the totals until checked again. The count of
-- signatures alone (0013) did not see an edited document. `stored_hash` is SHA-256 over the minutes
-- as stored when checked (`storedMinutesHash`: the unsigned document's text and the signatures), so
-- the results page compares it per point-day without re-canonicalising every document. Rows from
-- before this migration have none; their signed document's digest is compared instead.
ALTER TABLE minutes_verifications ADD COLUMN stored_hash TEXT;
