-- The campaign and what the ballots are about: communes (with the merger mapping) and officials.
-- Points, rosters, ballot styles and the stamp come with the set-up issue (#4).

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- A built-in rule-set id or a custom rule set, as JSON (server/domain/threshold.ts).
  rule_set TEXT NOT NULL,
  aggregator TEXT NOT NULL,
  district TEXT NOT NULL,
  -- Voting days as a JSON array of ISO dates (YYYY-MM-DD).
  days TEXT NOT NULL,
  one_per TEXT NOT NULL CHECK (one_per IN ('resident', 'household')),
  min_turnout_percent INTEGER CHECK (min_turnout_percent BETWEEN 1 AND 100),
  small_point_threshold INTEGER NOT NULL DEFAULT 5 CHECK (small_point_threshold >= 0),
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'stamped', 'voting', 'closed', 'certified')),
  is_sample INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE communes (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  merged_into TEXT NOT NULL,
  UNIQUE (campaign_id, code)
) STRICT;

CREATE TABLE officials (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  commune_id INTEGER NOT NULL REFERENCES communes (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  position TEXT NOT NULL,
  display_order INTEGER NOT NULL,
  UNIQUE (campaign_id, code)
) STRICT;

CREATE INDEX officials_commune ON officials (commune_id, display_order);
