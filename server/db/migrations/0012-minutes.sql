-- Biên bản kiểm phiếu (issue #10): one row per version of a point-day's minutes. The document is the
-- unsigned minutes as canonical JSON (RFC 8785), exactly the bytes the officers sign; a reopen by the
-- board adds a new version and marks the old one superseded, never edits it.
CREATE TABLE minutes (
  id INTEGER PRIMARY KEY,
  point_id INTEGER NOT NULL REFERENCES points (id),
  day TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  document TEXT NOT NULL,
  -- SHA-256 of `document` (lowercase hex): what each signature covers.
  signing_digest TEXT NOT NULL,
  -- The reconciliation at close (domain/tally.ts Check[] as JSON), for the screens and the PDF.
  checks TEXT NOT NULL,
  created_at TEXT NOT NULL,
  superseded_at TEXT,
  reopen_reason TEXT,
  UNIQUE (point_id, day, version)
) STRICT;

CREATE TABLE minutes_signatures (
  minutes_id INTEGER NOT NULL REFERENCES minutes (id),
  officer_id INTEGER NOT NULL REFERENCES users (id),
  officer_code TEXT NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  PRIMARY KEY (minutes_id, officer_id)
) STRICT;

-- Signed minutes are immutable: the document, its point-day and version never change and no row is
-- deleted; only the supersession (a board reopen, once) may be recorded.
CREATE TRIGGER minutes_no_delete BEFORE DELETE ON minutes
BEGIN SELECT RAISE(ABORT, 'minutes are immutable'); END;
CREATE TRIGGER minutes_no_edit BEFORE UPDATE OF point_id, day, version, document, signing_digest, checks, created_at ON minutes
BEGIN SELECT RAISE(ABORT, 'minutes are immutable'); END;
CREATE TRIGGER minutes_supersede_once BEFORE UPDATE OF superseded_at, reopen_reason ON minutes
WHEN OLD.superseded_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'minutes are immutable'); END;
CREATE TRIGGER minutes_signatures_no_delete BEFORE DELETE ON minutes_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;
CREATE TRIGGER minutes_signatures_no_edit BEFORE UPDATE ON minutes_signatures
BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;

-- The close reads a point's incidents of the day from the audit log (re-issues, typed incidents).
CREATE INDEX audit_log_subject ON audit_log (subject, action);
