-- The officer's roster search runs on every keystroke (issue #14, and 400,000 check-ins of a
-- district in issue #12): it read every household code of the point and folded each in JavaScript
-- per search. The folded code ("ĐT-012" → "dt012", `codeKey`) is now kept beside the code, written
-- with it, and filled for existing rows by this migration's backfill (server/db/migrate.ts): SQLite's
-- lower() knows only ASCII, so the fold cannot be a generated column.
ALTER TABLE roster_entries ADD COLUMN household_folded TEXT;
-- Every field one search term is compared with, in the order results are listed: the search reads
-- the index alone and visits a table row only for the entries it shows. Replaces (point_id, name_folded).
CREATE INDEX roster_entries_search ON roster_entries (point_id, name_folded, birth_year, id, cccd, household_folded);
DROP INDEX roster_entries_point;
