-- The board's aggregate (issue #11): verifications of signed minutes, point-days the board excuses
-- from the totals, board members' signing keys, and the certified results. Every record here is
-- evidence: append-only (verifications, excusals, certifications) by trigger.

-- Kiểm tra: one row per check of a minutes version, newest last. A minutes is "verified" while its
-- latest row says so and was made over the signatures it has now (`signatures`: signatures are
-- append-only, so their count identifies the signed document checked).
CREATE TABLE minutes_verifications (
  id INTEGER PRIMARY KEY,
  minutes_id INTEGER NOT NULL REFERENCES minutes (id),
  signatures INTEGER NOT NULL CHECK (signatures >= 0),
  -- SHA-256 of the JCS of the signed document checked (the results' minutesDigest).
  minutes_digest TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('verified', 'discrepant')),
  -- The first failing check's id (null when verified) and its Vietnamese detail.
  failed_check TEXT,
  detail TEXT NOT NULL,
  -- Every check as performed: [{ id, label, ok, detail }] (JSON).
  checks TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  checked_by TEXT NOT NULL,
  CHECK ((outcome = 'verified') = (failed_check IS NULL))
) STRICT;
CREATE INDEX minutes_verifications_by_minutes ON minutes_verifications (minutes_id, id);

CREATE TRIGGER minutes_verifications_no_delete BEFORE DELETE ON minutes_verifications
BEGIN SELECT RAISE(ABORT, 'verifications are append-only'); END;
CREATE TRIGGER minutes_verifications_no_edit BEFORE UPDATE ON minutes_verifications
BEGIN SELECT RAISE(ABORT, 'verifications are append-only'); END;

-- A point-day the board leaves out of the totals on purpose (it never voted, its box was lost…),
-- with the written reason printed on every output. Once per point-day, never edited.
CREATE TABLE point_day_excusals (
  point_id INTEGER NOT NULL REFERENCES points (id),
  day TEXT NOT NULL,
  reason TEXT NOT NULL,
  excused_by TEXT NOT NULL,
  excused_at TEXT NOT NULL,
  PRIMARY KEY (point_id, day)
) STRICT;

CREATE TRIGGER point_day_excusals_no_delete BEFORE DELETE ON point_day_excusals
BEGIN SELECT RAISE(ABORT, 'excusals are append-only'); END;
CREATE TRIGGER point_day_excusals_no_edit BEFORE UPDATE ON point_day_excusals
BEGIN SELECT RAISE(ABORT, 'excusals are append-only'); END;

-- Board members' Ed25519 keys, made on request ("Tạo khóa ký") and sealed under the member's own
-- password as officers' keys are; a password change re-seals the same pair (the row is updated).
CREATE TABLE board_keys (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  public_key TEXT NOT NULL,
  sealed_key TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Xác nhận kết quả: the results document (canonical JSON, exactly the bytes signed) and the board
-- member's signature. One per campaign, never edited.
CREATE TABLE certifications (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id),
  document TEXT NOT NULL,
  digest TEXT NOT NULL,
  member_id INTEGER NOT NULL REFERENCES users (id),
  member_code TEXT NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  certified_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER certifications_no_delete BEFORE DELETE ON certifications
BEGIN SELECT RAISE(ABORT, 'certifications are immutable'); END;
CREATE TRIGGER certifications_no_edit BEFORE UPDATE ON certifications
BEGIN SELECT RAISE(ABORT, 'certifications are immutable'); END;
