-- How many officers must sign a point's minutes (issue #10 §4): a campaign setting, default 2, one
-- of them always the Tổ trưởng. At least 2: one officer alone never certifies a count.
ALTER TABLE campaigns ADD COLUMN required_signers INTEGER NOT NULL DEFAULT 2
  CHECK (required_signers BETWEEN 2 AND 9);
