-- Codes are compared without regard to case: "hq" and "HQ" on a printed result would be two
-- communes a reader cannot tell apart.
CREATE UNIQUE INDEX campaigns_code_nocase ON campaigns (code COLLATE NOCASE);
CREATE UNIQUE INDEX communes_code_nocase ON communes (campaign_id, code COLLATE NOCASE);
CREATE UNIQUE INDEX officials_code_nocase ON officials (campaign_id, code COLLATE NOCASE);
CREATE UNIQUE INDEX points_code_nocase ON points (campaign_id, code COLLATE NOCASE);
