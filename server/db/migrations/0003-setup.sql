-- Campaign set-up (issue #4): points with their days and ballot styles, officers with sealed keys
-- and point assignments, rosters, the stamp and its commitments, amendments.

ALTER TABLE campaigns ADD COLUMN config_digest TEXT;
ALTER TABLE campaigns ADD COLUMN stamped_at TEXT;
ALTER TABLE campaigns ADD COLUMN stamped_by TEXT;

CREATE TABLE points (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  commune_id INTEGER NOT NULL REFERENCES communes (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  -- 1 when the board chose the point's officials itself (point_officials); 0 means the default:
  -- every official of the point's own old commune, in display order (DESIGN §3).
  custom_style INTEGER NOT NULL DEFAULT 0 CHECK (custom_style IN (0, 1)),
  UNIQUE (campaign_id, code)
) STRICT;

CREATE TABLE point_days (
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  PRIMARY KEY (point_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE point_officials (
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  official_id INTEGER NOT NULL REFERENCES officials (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (point_id, official_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE officers (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  team_role TEXT NOT NULL CHECK (team_role IN ('Tổ trưởng', 'Thư ký', 'Thành viên')),
  public_key TEXT NOT NULL UNIQUE,
  -- The private key sealed under a key derived from the officer's password (server/crypto/keys.ts):
  -- the board and the server can never read it.
  sealed_key TEXT NOT NULL
) STRICT;

CREATE TABLE officer_points (
  user_id INTEGER NOT NULL REFERENCES officers (user_id) ON DELETE CASCADE,
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, point_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX officer_points_point ON officer_points (point_id);

CREATE TABLE roster_entries (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  source_row INTEGER,
  full_name TEXT NOT NULL,
  -- Lowercase without diacritics, for the officer's roster search ("huong" finds "Hường").
  name_folded TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  gender TEXT CHECK (gender IN ('Nam', 'Nữ')),
  cccd TEXT CHECK (cccd IS NULL OR (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*')),
  household_code TEXT,
  relation TEXT,
  village TEXT,
  -- Entries added after the stamp by an amendment.
  amended INTEGER NOT NULL DEFAULT 0 CHECK (amended IN (0, 1))
) STRICT;

-- No duplicate CCCD within a campaign, enforced by the database as well as by the importer.
CREATE UNIQUE INDEX roster_entries_cccd ON roster_entries (campaign_id, cccd) WHERE cccd IS NOT NULL;
CREATE INDEX roster_entries_point ON roster_entries (point_id, name_folded);
CREATE INDEX roster_entries_household ON roster_entries (point_id, household_code);

-- Every roster commitment a point has had: the stamp makes version 1, each amendment the next.
CREATE TABLE roster_commitments (
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  digest TEXT NOT NULL,
  entries INTEGER NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (point_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE roster_amendments (
  id INTEGER PRIMARY KEY,
  point_id INTEGER NOT NULL REFERENCES points (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('add', 'correct')),
  entry_id INTEGER NOT NULL REFERENCES roster_entries (id),
  before TEXT,
  after TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
